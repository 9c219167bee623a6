"""`suggestionUpdated` against a real server (tests/live.py, `live_site`): the vote count,
the subscriber's own vote, the status and the published decision, live, each read for its
subscriber; a hidden suggestion is not found; an internal note in its discussion sends
nothing to a customer."""

from __future__ import annotations

from typing import Any

import pytest

from models.models import DecisionOutcome, SuggestionStatus
from resolvers.services.committee import decision_publish
from resolvers.services.moderation import ContentKind, ContentRef, content_hide
from resolvers.services.threads import thread_reply
from resolvers.services.votes import vote_cast, vote_withdraw
from tests.factories import (
    AdviserFactory,
    CategoryFactory,
    ChairFactory,
    CustomerFactory,
    DecisionFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)
from tests.graphql import gid
from tests.live import LiveClient, Server, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

SUGGESTION_LIVE = """subscription($id: ID!) {
  suggestionUpdated(id: $id) {
    voteCount
    viewerHasVoted
    status
    latestDecision { outcome targetPeriod publicRationale }
    comments(first: 5) { totalCount }
  }
}"""


def event(
    votes: int,
    voted: bool | None,
    status: str = "SUBMITTED",
    decision: dict[str, Any] | None = None,
    comments: int = 0,
) -> dict[str, Any]:
    data = {
        "voteCount": votes,
        "viewerHasVoted": voted,
        "status": status,
        "latestDecision": decision,
        "comments": {"totalCount": comments},
    }
    return {"id": "s", "type": "next", "payload": {"data": {"suggestionUpdated": data}}}


def drained(client: LiveClient) -> list[dict[str, Any]]:
    """Every message that arrives until the connection is quiet for half a second."""
    messages = [client.next_message()]
    while True:
        try:
            messages.append(client.next_message(timeout=0.5))
        except TimeoutError:
            return messages


def test_the_vote_count_and_the_viewers_own_vote_live(live_site: Server) -> None:
    author, claire, bruno = (CustomerFactory.create() for _ in range(3))
    suggestion = SuggestionFactory.create(author=author)
    add_votes(suggestion, [author])
    with (
        LiveClient.open(live_site, cookie=session_cookie(claire)) as member,
        LiveClient.open(live_site) as visitor,
    ):
        for client in (member, visitor):
            client.subscribe("s", SUGGESTION_LIVE, {"id": gid(suggestion)})
        assert member.next_message() == event(1, False)
        assert visitor.next_message() == event(1, None)
        vote_cast(member=bruno, suggestion_id=suggestion.pk)
        assert member.next_message() == event(2, False)
        assert visitor.next_message() == event(2, None)
        vote_cast(member=claire, suggestion_id=suggestion.pk)
        assert member.next_message() == event(3, True)
        assert visitor.next_message() == event(3, None)
        vote_withdraw(member=bruno, suggestion_id=suggestion.pk)
        assert member.next_message() == event(2, True)
        assert visitor.next_message() == event(2, None)
        member.quiet()
        visitor.quiet()


def test_a_published_decision_live(live_site: Server) -> None:
    voter = CustomerFactory.create()
    chair = ChairFactory.create()
    suggestion = SuggestionFactory.create(status=SuggestionStatus.SHORTLISTED)
    add_votes(suggestion, [suggestion.author, voter])
    decision = DecisionFactory.create(
        suggestion=suggestion,
        recorded_by=chair,
        published_at=None,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q3",
        public_rationale="Simple à faire, attendu de tous.",
        internal_notes="Budget déjà prévu.",
    )
    with LiveClient.open(live_site, cookie=session_cookie(voter)) as member:
        member.subscribe("s", SUGGESTION_LIVE, {"id": gid(suggestion)})
        # The draft is the committee's: nothing of it shows.
        assert member.next_message() == event(2, True, "SHORTLISTED")
        decision_publish(chair=chair, decision_id=decision.pk)
        published = {
            "outcome": "RETAINED",
            "targetPeriod": "2027 Q3",
            "publicRationale": "Simple à faire, attendu de tous.",
        }
        # The status change and the decision, each an event: sent once if they come
        # together, otherwise each as the suggestion is once both are committed.
        for message in drained(member):
            assert message == event(2, True, "RETAINED", published)


def test_comments_live_but_never_an_internal_note(live_site: Server) -> None:
    customer = CustomerFactory.create()
    adviser = AdviserFactory.create()
    suggestion = SuggestionFactory.create()
    add_votes(suggestion, [suggestion.author])
    discussion = ThreadFactory.create(
        author=suggestion.author,
        suggestion=suggestion,
        category=CategoryFactory.create(accepts_threads=False),
        title=suggestion.title,
        body=suggestion.body,
    )
    with (
        LiveClient.open(live_site, cookie=session_cookie(customer)) as watching,
        LiveClient.open(live_site, cookie=session_cookie(adviser)) as advising,
    ):
        for client in (watching, advising):
            client.subscribe("s", SUGGESTION_LIVE, {"id": gid(suggestion)})
        assert watching.next_message() == event(1, False)
        assert advising.next_message() == event(1, False)
        thread_reply(author=adviser, thread_id=discussion.pk, body="À étudier.", is_internal=True)
        assert advising.next_message() == event(1, False, comments=1)
        thread_reply(author=customer, thread_id=discussion.pk, body="Bonne idée !")
        assert watching.next_message() == event(1, False, comments=1)
        assert advising.next_message() == event(1, False, comments=2)
        watching.quiet()
        advising.quiet()


def test_a_hidden_suggestion_is_not_found(live_site: Server) -> None:
    adviser = AdviserFactory.create()
    suggestion = SuggestionFactory.create()
    content_hide(
        actor=adviser, content=ContentRef(ContentKind.SUGGESTION, suggestion.pk), reason="Spam"
    )
    with LiveClient.open(live_site) as visitor:
        visitor.subscribe("s", SUGGESTION_LIVE, {"id": gid(suggestion)})
        assert visitor.next_message() == {
            "id": "s",
            "type": "error",
            "payload": [
                {
                    "message": "The suggestion does not exist or is not visible to you.",
                    "locations": [{"line": 2, "column": 3}],
                    "path": ["suggestionUpdated"],
                    "extensions": {"code": "NOT_FOUND"},
                }
            ],
        }
