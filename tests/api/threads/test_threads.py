"""`threads`: the café's threads, filtered by category, kind and status, in order of activity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from models.models import Category, ThreadKind, ThreadStatus
from schema.core.ids import encode_id
from tests.factories import CategoryFactory, ThreadFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def test_threads_filtered_and_ordered_by_activity(
    anonymous: GraphQLClient, support: Category
) -> None:
    now = timezone.now()
    other = CategoryFactory.create()
    ThreadFactory.create(title="quiet", category=support, last_activity_at=now - timedelta(days=2))
    ThreadFactory.create(title="busy", category=support, last_activity_at=now)
    ThreadFactory.create(
        title="talk", category=support, kind=ThreadKind.DISCUSSION, last_activity_at=now
    )
    ThreadFactory.create(title="elsewhere", category=other)
    result = anonymous(
        "query($c: ID!) { threads(categoryId: $c, kind: QUESTION) { totalCount "
        "edges { node { title kind category { slug } } } } }",
        {"c": encode_id("Category", support.pk)},
    )
    assert result == {
        "data": {
            "threads": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "title": "busy",
                            "kind": "QUESTION",
                            "category": {"slug": "questions-support"},
                        }
                    },
                    {
                        "node": {
                            "title": "quiet",
                            "kind": "QUESTION",
                            "category": {"slug": "questions-support"},
                        }
                    },
                ],
            }
        }
    }


def test_threads_by_status_newest_first(anonymous: GraphQLClient) -> None:
    now = timezone.now()
    ThreadFactory.create(
        title="a", status=ThreadStatus.RESOLVED, created_at=now - timedelta(days=1), resolved_at=now
    )
    ThreadFactory.create(title="b", status=ThreadStatus.RESOLVED, created_at=now, resolved_at=now)
    ThreadFactory.create(title="c")
    result = anonymous(
        "{ threads(status: RESOLVED, orderBy: NEWEST) { edges { node { title } } } }"
    )
    assert result == {
        "data": {"threads": {"edges": [{"node": {"title": "b"}}, {"node": {"title": "a"}}]}}
    }
