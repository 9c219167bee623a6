"""Erasing a demo customer who voted for the top idea: its count stays 129 and equal to its
vote rows, and no table holds anything that named the customer."""

from __future__ import annotations

import pytest

from config.demo.members import DEMO_PASSWORD
from models.models import Member, Suggestion, Vote
from tests.graphql import GraphQLClient
from tests.personal_data import tables_holding

pytestmark = pytest.mark.django_db

TOP_IDEA = "Pouvoir désactiver la publicité par courrier"


@pytest.mark.usefixtures("demo_community")
def test_erasing_a_voter_of_the_top_idea() -> None:
    top = Suggestion.objects.get(title=TOP_IDEA)
    client_member = Member.objects.get(username="demo-client")
    assert Vote.objects.filter(suggestion=top, member=client_member).exists()
    identity = [
        client_member.username,
        client_member.display_name,
        client_member.email,
        str(client_member.customer_number),
    ]
    assert tables_holding(identity), "the scan finds the customer before"

    answer = GraphQLClient(client_member)(
        "mutation($p: String!) { eraseMyAccount(input: {password: $p}) "
        "{ erased errors { code } } }",
        {"p": DEMO_PASSWORD},
    )
    assert answer == {"data": {"eraseMyAccount": {"erased": True, "errors": []}}}

    top.refresh_from_db()
    assert top.vote_count == Vote.objects.filter(suggestion=top).count() == 129
    assert Vote.objects.filter(suggestion=top, member=client_member).count() == 1
    assert tables_holding(identity) == {}
