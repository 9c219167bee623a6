"""`categories`: the café's categories, in display order."""

from __future__ import annotations

import pytest

from models.models import Category
from tests.factories import CategoryFactory
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def test_categories_in_display_order(
    anonymous: GraphQLClient, support: Category, labo: Category
) -> None:
    CategoryFactory.create(name="Discussions", slug="discussions", position=2)
    assert anonymous("{ categories { name slug acceptsThreads } }") == {
        "data": {
            "categories": [
                {
                    "name": "Questions & support",
                    "slug": "questions-support",
                    "acceptsThreads": True,
                },
                {"name": "Discussions", "slug": "discussions", "acceptsThreads": True},
                {"name": "Le Labo", "slug": "le-labo", "acceptsThreads": False},
            ]
        }
    }
