"""`reopenThread`: a reopened thread is open again."""

from __future__ import annotations

import pytest

from models.models import ThreadKind, ThreadStatus
from tests.api.threads.documents import REOPEN
from tests.factories import ThreadFactory
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db


def test_reopened_discussion_is_open(adviser_client: GraphQLClient) -> None:
    discussion = ThreadFactory.create(kind=ThreadKind.DISCUSSION, status=ThreadStatus.CLOSED)
    assert adviser_client(REOPEN, {"id": gid(discussion)})["data"] == {
        "reopenThread": {"thread": {"status": "OPEN", "isLocked": False}, "errors": []}
    }
