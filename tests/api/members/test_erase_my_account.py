"""`eraseMyAccount`: a member erases their account (GDPR article 17). Their identity goes,
their contributions stay under a neutral name, their votes stay counted, and nothing that
named them remains in any table."""

from __future__ import annotations

import pytest

from models.models import (
    AuditEvent,
    Follow,
    Member,
    Notification,
    NotificationPreference,
    Suggestion,
    Thread,
    Vote,
)
from tests.factories import (
    PASSWORD,
    CustomerFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)
from tests.graphql import GraphQLClient, gid, top_level_error
from tests.personal_data import tables_holding

pytestmark = pytest.mark.django_db

ERASE = (
    "mutation($p: String!) { eraseMyAccount(input: {password: $p}) "
    "{ erased errors { code message field } } }"
)
LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) "
    "{ viewer { id } errors { code } } }"
)


@pytest.fixture
def amelie(db: None) -> Member:
    return CustomerFactory.create(
        username="amelie-poulain",
        display_name="Amélie Poulain",
        first_name="Amélie",
        last_name="Poulain",
        email="amelie.poulain@example.test",
        customer_number="98765432",
    )


def test_erasure_keeps_contributions_and_votes_but_nothing_that_names_her(
    amelie: Member, adviser: Member
) -> None:
    others = CustomerFactory.create_batch(3)
    ideas = SuggestionFactory.create_batch(2)
    for idea in ideas:
        add_votes(idea, [amelie, *others])
    thread = ThreadFactory.create(author=amelie, title="Question sur ma carte")
    Follow.objects.create(member=amelie, thread=thread)
    answer = GraphQLClient(adviser)(
        'mutation($t: ID!) { replyToThread(input: {threadId: $t, body: "Je regarde."}) '
        "{ errors { code } } }",
        {"t": gid(thread)},
    )
    assert answer == {"data": {"replyToThread": {"errors": []}}}
    assert Notification.objects.filter(recipient=amelie).count() == 1
    client, other_session = GraphQLClient(amelie), GraphQLClient(amelie)
    for choice in (
        "setNotificationPreference(input: {kind: THREAD_REPLY, delivery: DAILY_DIGEST})",
        "setLanguage(input: {language: EN})",
    ):
        assert "errors" not in client(f"mutation {{ {choice} {{ errors {{ code }} }} }}")
    identity = ["amelie-poulain", "Amélie", "Poulain", "amelie.poulain@example.test", "98765432"]
    # The scan finds her before: her account's row, her sessions.
    before = tables_holding(identity)
    assert before["community_member.email"] == ["Poulain", "amelie.poulain@example.test"]
    assert before["community_member.customer_number"] == ["98765432"]

    assert client(ERASE, {"p": PASSWORD}) == {
        "data": {"eraseMyAccount": {"erased": True, "errors": []}}
    }

    erased = Member.objects.get(pk=amelie.pk)
    assert (erased.display_name, erased.username) == (
        f"Ancien membre {amelie.pk}",
        f"ancien-membre-{amelie.pk}",
    )
    assert (erased.email, erased.first_name, erased.last_name, erased.customer_number) == (
        "",
        "",
        "",
        None,
    )
    assert erased.is_active is False and erased.has_usable_password() is False
    assert erased.erased_at is not None
    # Both sessions ended; the old credentials open nothing.
    for session in (client, other_session):
        assert session("{ viewer { id } }") == {"data": {"viewer": None}}
    assert client(LOGIN, {"u": "amelie-poulain", "p": PASSWORD})["data"]["login"]["errors"] == [
        {"code": "INVALID_CREDENTIALS"}
    ]
    # Votes counted as before, and each count is its vote rows.
    for idea in Suggestion.objects.filter(pk__in=[i.pk for i in ideas]):
        assert idea.vote_count == Vote.objects.filter(suggestion=idea).count() == 4
    assert Vote.objects.filter(member=erased).count() == 2
    # Her question stays, under the neutral name.
    shown = GraphQLClient()(
        "query($id: ID!) { thread(id: $id) { title author { displayName } } }",
        {"id": gid(thread)},
    )
    assert shown == {
        "data": {
            "thread": {
                "title": "Question sur ma carte",
                "author": {"displayName": f"Ancien membre {amelie.pk}"},
            }
        }
    }
    assert Thread.objects.filter(author=erased).count() == 1
    assert not Notification.objects.filter(recipient=erased).exists()
    assert not Follow.objects.filter(member=erased).exists()
    # Nothing she chose stays either.
    assert not NotificationPreference.objects.filter(member=erased).exists()
    assert erased.language == "fr"
    assert list(AuditEvent.objects.values_list("actor_id", "action", "target_id", "after")) == [
        (None, "member.erase", str(amelie.pk), {"by": "self"})
    ]
    assert tables_holding(identity) == {}


def test_a_wrong_password_erases_nothing_and_counts_as_a_failed_login(amelie: Member) -> None:
    client = GraphQLClient(amelie)
    assert client(ERASE, {"p": "not the password"}) == {
        "data": {
            "eraseMyAccount": {
                "erased": False,
                "errors": [
                    {
                        "code": "WRONG_PASSWORD",
                        "message": "The password is not right.",
                        "field": "password",
                    }
                ],
            }
        }
    }
    kept = Member.objects.get(pk=amelie.pk)
    assert (kept.display_name, kept.is_active, kept.erased_at) == ("Amélie Poulain", True, None)
    assert client("{ viewer { displayName } }") == {
        "data": {"viewer": {"displayName": "Amélie Poulain"}}
    }
    assert not AuditEvent.objects.exists()


def test_visitors_have_no_account_to_erase(anonymous: GraphQLClient) -> None:
    assert anonymous(ERASE, {"p": PASSWORD}) == top_level_error(
        ERASE, "eraseMyAccount", "UNAUTHENTICATED", "Log in to erase your account."
    )
