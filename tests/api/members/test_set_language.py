"""`setLanguage` and `Member.language`: the language the community writes to a member in
away from the website (their e-mails)."""

from __future__ import annotations

import pytest

from models.models import Member
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

SET = (
    "mutation($l: Language!) { setLanguage(input: {language: $l}) "
    "{ viewer { language } errors { code message field } } }"
)


def test_a_member_chooses_english_then_french(
    customer: Member, customer_client: GraphQLClient
) -> None:
    assert customer_client("{ viewer { language } }") == {"data": {"viewer": {"language": "FR"}}}
    assert customer_client(SET, {"l": "EN"}) == {
        "data": {"setLanguage": {"viewer": {"language": "EN"}, "errors": []}}
    }
    assert Member.objects.get(pk=customer.pk).language == "en"
    assert customer_client(SET, {"l": "EN"}) == {
        "data": {
            "setLanguage": {
                "viewer": {"language": "EN"},
                "errors": [
                    {
                        "code": "UNCHANGED",
                        "message": "This is already your language.",
                        "field": "language",
                    }
                ],
            }
        }
    }
    assert customer_client(SET, {"l": "FR"})["data"]["setLanguage"]["errors"] == []
    assert Member.objects.get(pk=customer.pk).language == "fr"


def test_only_the_member_reads_it(
    customer: Member, anonymous: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    query = "query($id: ID!) { node(id: $id) { ... on Member { language } } }"
    assert adviser_client(query, {"id": gid(customer)}) == {
        "data": {"node": {"language": None}},
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": query.index("language") + 1}],
                "path": ["node", "language"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
    assert anonymous(SET, {"l": "EN"})["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
