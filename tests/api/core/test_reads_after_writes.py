"""What a write makes stale (`Loaders.changed`), through /graphql.

The fields of one mutation document run in order, and their reads share the request's
loaders. Each document here reads a field through a loader (`flagContent` answers the
content it reports, and the reporter, from the loaders; a second report of the same item
writes nothing), then runs a mutation that changes what that field shows, then reads it
again: the later read must show the write. A mutation that forgot to tell the loaders
what it wrote would answer the value cached by the first read, and its test here fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Follow,
    Member,
    Post,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadStatus,
)
from schema import schema
from schema.core.ids import encode_id
from tests.factories import (
    CategoryFactory,
    CommitteeFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus


def read(alias: str, row: Thread | Post | Suggestion, selection: str) -> str:
    """A field that reads `row` (and its reporter: the viewer) through the loaders: a
    report of it, the first time written, then answered again without a write."""
    return (
        f'{alias}: flagContent(input: {{contentId: "{gid(row)}", reason: OTHER}}) '
        f"{{ flag {{ {selection} }} }}"
    )


def run(client: GraphQLClient, *fields: str) -> dict[str, Any]:
    """One mutation document of these fields, in order; its data (no top-level error)."""
    response = client("mutation { " + " ".join(fields) + " }")
    assert "errors" not in response, response
    data: dict[str, Any] = response["data"]
    return data


NO_ERRORS: dict[str, list[Any]] = {"errors": []}


def content(**fields: Any) -> dict[str, Any]:
    return {"flag": {"content": fields}}


def reporter(**fields: Any) -> dict[str, Any]:
    return {"flag": {"reporter": fields}}


# --- Suggestions -------------------------------------------------------------------------------

SUGGESTION_STATE = "content { ... on Suggestion { voteCount viewerHasVoted viewerIsFollowing } }"


def test_a_vote_shows_in_later_reads(customer: Member, customer_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    assert run(
        customer_client,
        read("before", suggestion, SUGGESTION_STATE),
        f'vote: voteForSuggestion(input: {{suggestionId: "{gid(suggestion)}"}}) '
        "{ errors { code } }",
        read("after", suggestion, SUGGESTION_STATE),
    ) == {
        "before": content(voteCount=0, viewerHasVoted=False, viewerIsFollowing=False),
        "vote": NO_ERRORS,
        "after": content(voteCount=1, viewerHasVoted=True, viewerIsFollowing=True),
    }


def test_a_withdrawn_vote_shows_in_later_reads(
    customer: Member, customer_client: GraphQLClient
) -> None:
    suggestion = SuggestionFactory.create()
    add_votes(suggestion, [customer])
    Follow.objects.create(member=customer, suggestion=suggestion)
    assert run(
        customer_client,
        read("before", suggestion, SUGGESTION_STATE),
        f'withdraw: withdrawVote(input: {{suggestionId: "{gid(suggestion)}"}}) '
        "{ errors { code } }",
        read("after", suggestion, SUGGESTION_STATE),
    ) == {
        "before": content(voteCount=1, viewerHasVoted=True, viewerIsFollowing=True),
        "withdraw": NO_ERRORS,
        # Withdrawing does not unfollow.
        "after": content(voteCount=0, viewerHasVoted=False, viewerIsFollowing=True),
    }


def test_a_vote_again_does_not_claim_a_follow_the_member_dropped(
    customer: Member, customer_client: GraphQLClient
) -> None:
    # ALREADY_VOTED writes nothing: the member's earlier unfollow still holds.
    suggestion = SuggestionFactory.create()
    add_votes(suggestion, [customer])
    sid = gid(suggestion)
    assert run(
        customer_client,
        read("before", suggestion, SUGGESTION_STATE),
        f'vote: voteForSuggestion(input: {{suggestionId: "{sid}"}}) '
        "{ suggestion { viewerIsFollowing } errors { code } }",
    ) == {
        "before": content(voteCount=1, viewerHasVoted=True, viewerIsFollowing=False),
        "vote": {
            "suggestion": {"viewerIsFollowing": False},
            "errors": [{"code": "ALREADY_VOTED"}],
        },
    }


def test_follow_and_unfollow_show_in_later_reads(customer_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    sid = gid(suggestion)
    following = "content { ... on Suggestion { viewerIsFollowing } }"
    assert run(
        customer_client,
        read("before", suggestion, following),
        f'follow: followSuggestion(input: {{suggestionId: "{sid}"}}) {{ errors {{ code }} }}',
        read("following", suggestion, following),
        f'unfollow: unfollowSuggestion(input: {{suggestionId: "{sid}"}}) {{ errors {{ code }} }}',
        read("after", suggestion, following),
    ) == {
        "before": content(viewerIsFollowing=False),
        "follow": NO_ERRORS,
        "following": content(viewerIsFollowing=True),
        "unfollow": NO_ERRORS,
        "after": content(viewerIsFollowing=False),
    }


def test_a_new_language_shows_in_later_reads(customer_client: GraphQLClient) -> None:
    # The reporter of a flag is read through the members' loader: the viewer themself.
    thread = ThreadFactory.create()
    language = "reporter { language }"
    assert run(
        customer_client,
        read("before", thread, language),
        "set: setLanguage(input: {language: EN}) { errors { code } }",
        read("after", thread, language),
    ) == {
        "before": {"flag": {"reporter": {"language": "FR"}}},
        "set": NO_ERRORS,
        "after": {"flag": {"reporter": {"language": "EN"}}},
    }


def test_following_a_thread_shows_in_later_reads(customer_client: GraphQLClient) -> None:
    thread = ThreadFactory.create()
    thread_id = gid(thread)
    following = "content { ... on Thread { viewerIsFollowing } }"
    assert run(
        customer_client,
        read("before", thread, following),
        f'follow: followThread(input: {{threadId: "{thread_id}"}}) {{ errors {{ code }} }}',
        read("following", thread, following),
        f'unfollow: unfollowThread(input: {{threadId: "{thread_id}"}}) {{ errors {{ code }} }}',
        read("after", thread, following),
    ) == {
        "before": content(viewerIsFollowing=False),
        "follow": NO_ERRORS,
        "following": content(viewerIsFollowing=True),
        "unfollow": NO_ERRORS,
        "after": content(viewerIsFollowing=False),
    }


def test_a_submitted_suggestion_counts_in_later_reads(customer_client: GraphQLClient) -> None:
    someone_elses = SuggestionFactory.create()
    counts = "reporter { suggestionCount }"
    assert run(
        customer_client,
        read("before", someone_elses, counts),
        'submit: submitSuggestion(input: {title: "Virements instantanés", body: "Gratuits."}) '
        "{ errors { code } }",
        read("after", someone_elses, counts),
    ) == {
        "before": reporter(suggestionCount=0),
        "submit": NO_ERRORS,
        "after": reporter(suggestionCount=1),
    }


def test_a_comment_opens_the_discussion_in_later_reads(customer_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    selection = "reporter { postCount } content { ... on Suggestion { discussion { postCount } } }"
    assert run(
        customer_client,
        read("before", suggestion, selection),
        f'comment: commentOnSuggestion(input: {{suggestionId: "{gid(suggestion)}", '
        'body: "Bonne idée."}) { errors { code } }',
        read("after", suggestion, selection),
    ) == {
        "before": {"flag": {"reporter": {"postCount": 0}, "content": {"discussion": None}}},
        "comment": NO_ERRORS,
        "after": {
            "flag": {"reporter": {"postCount": 1}, "content": {"discussion": {"postCount": 1}}}
        },
    }


def test_a_status_change_shows_in_later_reads(adviser_client: GraphQLClient) -> None:
    suggestion = SuggestionFactory.create()
    selection = "content { ... on Suggestion { status statusHistory { toStatus } } }"
    assert run(
        adviser_client,
        read("before", suggestion, selection),
        f'move: changeSuggestionStatus(input: {{suggestionId: "{gid(suggestion)}", '
        "status: UNDER_REVIEW}) { errors { code } }",
        read("after", suggestion, selection),
    ) == {
        "before": content(status="SUBMITTED", statusHistory=[]),
        "move": NO_ERRORS,
        "after": content(status="UNDER_REVIEW", statusHistory=[{"toStatus": "UNDER_REVIEW"}]),
    }


def test_an_edit_by_its_author_shows_in_later_reads(
    customer: Member, customer_client: GraphQLClient
) -> None:
    suggestion = SuggestionFactory.create(author=customer, title="Avant", body="Ancien texte.")
    selection = "content { ... on Suggestion { title body } }"
    assert run(
        customer_client,
        read("before", suggestion, selection),
        f'edit: editSuggestion(input: {{suggestionId: "{gid(suggestion)}", title: "Après", '
        'body: "Nouveau texte."}) { errors { code } }',
        read("after", suggestion, selection),
    ) == {
        "before": content(title="Avant", body="Ancien texte."),
        "edit": NO_ERRORS,
        "after": content(title="Après", body="Nouveau texte."),
    }


def test_a_withdrawal_shows_in_later_reads(
    customer: Member, customer_client: GraphQLClient
) -> None:
    suggestion = SuggestionFactory.create(author=customer)
    selection = "content { ... on Suggestion { status statusHistory { toStatus } } }"
    assert run(
        customer_client,
        read("before", suggestion, selection),
        f'withdraw: withdrawSuggestion(input: {{suggestionId: "{gid(suggestion)}"}}) '
        "{ errors { code } }",
        read("after", suggestion, selection),
    ) == {
        "before": content(status="SUBMITTED", statusHistory=[]),
        "withdraw": NO_ERRORS,
        "after": content(status="WITHDRAWN", statusHistory=[{"toStatus": "WITHDRAWN"}]),
    }


def test_a_merge_shows_on_both_suggestions_in_later_reads(
    customer: Member, other_customer: Member, adviser_client: GraphQLClient
) -> None:
    duplicate, original = SuggestionFactory.create(), SuggestionFactory.create()
    add_votes(duplicate, [customer])
    add_votes(original, [other_customer])
    merged = "content { ... on Suggestion { status voteCount duplicateOf { id } } }"
    assert run(
        adviser_client,
        read("duplicate", duplicate, merged),
        read("original", original, merged),
        f'merge: markSuggestionDuplicate(input: {{suggestionId: "{gid(duplicate)}", '
        f'originalId: "{gid(original)}"}}) {{ errors {{ code }} }}',
        read("duplicateAfter", duplicate, merged),
        read("originalAfter", original, merged),
    ) == {
        "duplicate": content(status="SUBMITTED", voteCount=1, duplicateOf=None),
        "original": content(status="SUBMITTED", voteCount=1, duplicateOf=None),
        "merge": NO_ERRORS,
        "duplicateAfter": content(
            status="DUPLICATE", voteCount=0, duplicateOf={"id": gid(original)}
        ),
        "originalAfter": content(status="SUBMITTED", voteCount=2, duplicateOf=None),
    }


# --- The committee -----------------------------------------------------------------------------


@pytest.fixture
def meeting(chair: Member) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        title="Comité d'avril", chair=chair, scheduled_for=timezone.now()
    )


def _on_agenda(meeting: CommitteeMeeting, position: int = 0) -> Suggestion:
    suggestion = SuggestionFactory.create(status=S.SHORTLISTED)
    AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=position)
    return suggestion


def test_a_recorded_draft_shows_in_later_reads(
    meeting: CommitteeMeeting, chair_client: GraphQLClient
) -> None:
    suggestion = _on_agenda(meeting)
    decisions = "content { ... on Suggestion { decisions { outcome isPublished } } }"
    assert run(
        chair_client,
        read("before", suggestion, decisions),
        f'record: recordDecision(input: {{suggestionId: "{gid(suggestion)}", '
        f'meetingId: "{gid(meeting)}", outcome: RETAINED, targetPeriod: "2027 Q3"}}) '
        "{ errors { code } }",
        read("after", suggestion, decisions),
    ) == {
        "before": content(decisions=[]),
        "record": NO_ERRORS,
        "after": content(decisions=[{"outcome": "RETAINED", "isPublished": False}]),
    }


def test_a_published_decision_shows_in_later_reads(
    chair: Member, meeting: CommitteeMeeting, chair_client: GraphQLClient
) -> None:
    suggestion = _on_agenda(meeting)
    draft = Decision.objects.create(
        suggestion=suggestion,
        meeting=meeting,
        outcome=DecisionOutcome.RETAINED,
        target_period="2027 Q3",
        recorded_by=chair,
    )
    selection = (
        "content { ... on Suggestion { status latestDecision { outcome } "
        "decisions { isPublished } } }"
    )
    assert run(
        chair_client,
        read("before", suggestion, selection),
        f'publish: publishDecision(input: {{decisionId: "{gid(draft)}"}}) {{ errors {{ code }} }}',
        read("after", suggestion, selection),
    ) == {
        "before": content(
            status="SHORTLISTED", latestDecision=None, decisions=[{"isPublished": False}]
        ),
        "publish": NO_ERRORS,
        "after": content(
            status="RETAINED",
            latestDecision={"outcome": "RETAINED"},
            decisions=[{"isPublished": True}],
        ),
    }


def test_scores_show_in_later_reads(meeting: CommitteeMeeting) -> None:
    suggestion = _on_agenda(meeting)
    client = GraphQLClient(CommitteeFactory.create())
    summary = "content { ... on Suggestion { evaluationSummary { count customerBenefit } } }"
    assert run(
        client,
        read("before", suggestion, summary),
        f'score: scoreSuggestion(input: {{suggestionId: "{gid(suggestion)}", '
        f'meetingId: "{gid(meeting)}", customerBenefit: 4, technicalFeasibility: 3, cost: 2, '
        "timeToDeliver: 5}) { errors { code } }",
        read("after", suggestion, summary),
    ) == {
        "before": content(evaluationSummary=None),
        "score": NO_ERRORS,
        "after": content(evaluationSummary={"count": 1, "customerBenefit": 4.0}),
    }


def test_a_new_agenda_shows_in_later_reads(
    meeting: CommitteeMeeting, adviser_client: GraphQLClient
) -> None:
    # No field reaches a meeting but these payloads: the first one reads the agenda it set
    # (through the loader), the second sets another and reads it again.
    first, second = _on_agenda(meeting), SuggestionFactory.create(status=S.SHORTLISTED)
    AgendaItem.objects.all().delete()

    def agenda(alias: str, *rows: Suggestion) -> str:
        ids = ", ".join(f'"{gid(row)}"' for row in rows)
        return (
            f'{alias}: setMeetingAgenda(input: {{meetingId: "{gid(meeting)}", '
            f"suggestionIds: [{ids}]}}) {{ meeting {{ agenda {{ suggestion {{ title }} }} }} }}"
        )

    def titles(*rows: Suggestion) -> dict[str, Any]:
        return {"meeting": {"agenda": [{"suggestion": {"title": row.title}} for row in rows]}}

    assert run(adviser_client, agenda("one", first), agenda("two", second, first)) == {
        "one": titles(first),
        "two": titles(second, first),
    }


# --- The café ----------------------------------------------------------------------------------

THREAD_STATE = "content { ... on Thread { status postCount acceptedPost { body } } }"


def _thread_field(alias: str, name: str, thread: Thread, extra: str = "") -> str:
    return f'{alias}: {name}(input: {{threadId: "{gid(thread)}"{extra}}}) {{ errors {{ code }} }}'


def test_a_new_thread_counts_in_later_reads(customer_client: GraphQLClient) -> None:
    someone_elses = ThreadFactory.create()
    category = CategoryFactory.create()
    counts = "reporter { threadCount }"
    assert run(
        customer_client,
        read("before", someone_elses, counts),
        f'create: createThread(input: {{categoryId: "{encode_id("Category", category.pk)}", '
        'kind: QUESTION, title: "Carte bloquée", body: "Que faire ?"}) { errors { code } }',
        read("after", someone_elses, counts),
    ) == {
        "before": reporter(threadCount=0),
        "create": NO_ERRORS,
        "after": reporter(threadCount=1),
    }


def test_an_answer_shows_in_later_reads(adviser_client: GraphQLClient) -> None:
    question = ThreadFactory.create()
    selection = f"reporter {{ postCount }} {THREAD_STATE}"
    state = {"status": "OPEN", "postCount": 0, "acceptedPost": None}
    assert run(
        adviser_client,
        read("before", question, selection),
        _thread_field("reply", "replyToThread", question, ', body: "Voici la marche à suivre."'),
        read("after", question, selection),
    ) == {
        "before": {"flag": {"reporter": {"postCount": 0}, "content": state}},
        "reply": NO_ERRORS,
        "after": {
            "flag": {
                "reporter": {"postCount": 1},
                "content": {**state, "status": "ANSWERED", "postCount": 1},
            }
        },
    }


def test_an_accepted_answer_shows_in_later_reads(
    customer: Member, adviser: Member, customer_client: GraphQLClient
) -> None:
    question = ThreadFactory.create(author=customer, status=ThreadStatus.ANSWERED)
    answer = PostFactory.create(thread=question, author=adviser, body="Appelez le 3639.")
    assert run(
        customer_client,
        read("before", question, THREAD_STATE),
        f'accept: acceptAnswer(input: {{postId: "{gid(answer)}"}}) {{ errors {{ code }} }}',
        read("after", question, THREAD_STATE),
    ) == {
        "before": content(status="ANSWERED", postCount=1, acceptedPost=None),
        "accept": NO_ERRORS,
        "after": content(status="RESOLVED", postCount=1, acceptedPost={"body": "Appelez le 3639."}),
    }


@pytest.mark.parametrize(
    ("mutation", "status", "after"),
    [
        ("resolveThread", ThreadStatus.OPEN, "RESOLVED"),
        ("closeThread", ThreadStatus.OPEN, "CLOSED"),
        ("reopenThread", ThreadStatus.CLOSED, "OPEN"),
    ],
)
def test_a_workflow_move_shows_in_later_reads(
    mutation: str, status: ThreadStatus, after: str, customer: Member, adviser_client: GraphQLClient
) -> None:
    question = ThreadFactory.create(author=customer, status=status)
    assert run(
        adviser_client,
        read("before", question, THREAD_STATE),
        _thread_field("move", mutation, question),
        read("after", question, THREAD_STATE),
    ) == {
        "before": content(status=status.value, postCount=0, acceptedPost=None),
        "move": NO_ERRORS,
        "after": content(status=after, postCount=0, acceptedPost=None),
    }


def test_locks_show_in_later_reads(adviser_client: GraphQLClient) -> None:
    thread = ThreadFactory.create()
    locked = "content { ... on Thread { isLocked } }"
    assert run(
        adviser_client,
        read("before", thread, locked),
        _thread_field("lock", "lockThread", thread),
        read("locked", thread, locked),
        _thread_field("unlock", "unlockThread", thread),
        read("after", thread, locked),
    ) == {
        "before": content(isLocked=False),
        "lock": NO_ERRORS,
        "locked": content(isLocked=True),
        "unlock": NO_ERRORS,
        "after": content(isLocked=False),
    }


def test_an_assignment_shows_in_later_reads(adviser: Member, adviser_client: GraphQLClient) -> None:
    thread = ThreadFactory.create()
    assigned = "content { ... on Thread { assignedAdviser { displayName } } }"
    assert run(
        adviser_client,
        read("before", thread, assigned),
        _thread_field("assign", "assignThread", thread, f', adviserId: "{gid(adviser)}"'),
        read("after", thread, assigned),
    ) == {
        "before": content(assignedAdviser=None),
        "assign": NO_ERRORS,
        "after": content(assignedAdviser={"displayName": "Julien (conseiller)"}),
    }


def test_an_edit_shows_in_later_reads(adviser: Member, adviser_client: GraphQLClient) -> None:
    post = PostFactory.create(author=adviser, body="Première version.")
    text = "content { ... on Post { body revisions { body } } }"
    assert run(
        adviser_client,
        read("before", post, text),
        f'edit: editPost(input: {{postId: "{gid(post)}", body: "Seconde version."}}) '
        "{ errors { code } }",
        read("after", post, text),
    ) == {
        "before": content(body="Première version.", revisions=[]),
        "edit": NO_ERRORS,
        "after": content(body="Seconde version.", revisions=[{"body": "Première version."}]),
    }


# --- Moderation: hidden content is read through another row that leads to it --------------------


def _hide_and_unhide(
    client: GraphQLClient,
    hidden: Thread | Post | Suggestion,
    via: Thread | Post | Suggestion,
    field: str,
) -> dict[str, Any]:
    """Hide `hidden` and show it again, reading it as `field` of the content `via`."""
    on = type(via).__name__
    selection = f"content {{ ... on {on} {{ {field} {{ isHidden hiddenReason }} }} }}"
    return run(
        client,
        read("before", via, selection),
        f'hide: hideContent(input: {{contentId: "{gid(hidden)}", reason: "Hors charte"}}) '
        "{ errors { code } }",
        read("hidden", via, selection),
        f'unhide: unhideContent(input: {{contentId: "{gid(hidden)}"}}) {{ errors {{ code }} }}',
        read("after", via, selection),
    )


def _hiding(field: str) -> dict[str, Any]:
    def state(hidden: bool) -> dict[str, Any]:
        reason = "Hors charte" if hidden else None
        return content(**{field: {"isHidden": hidden, "hiddenReason": reason}})

    return {
        "before": state(False),
        "hide": NO_ERRORS,
        "hidden": state(True),
        "unhide": NO_ERRORS,
        "after": state(False),
    }


def test_hiding_a_thread_shows_in_later_reads(adviser_client: GraphQLClient) -> None:
    reply = PostFactory.create()
    assert _hide_and_unhide(adviser_client, reply.thread, reply, "thread") == _hiding("thread")


def test_hiding_a_reply_shows_in_later_reads(adviser_client: GraphQLClient) -> None:
    answer = PostFactory.create()
    question = answer.thread
    question.accepted_post = answer
    question.status = ThreadStatus.RESOLVED
    question.save()
    assert _hide_and_unhide(adviser_client, answer, question, "acceptedPost") == _hiding(
        "acceptedPost"
    )


def test_hiding_a_suggestion_shows_in_later_reads(adviser_client: GraphQLClient) -> None:
    original = SuggestionFactory.create()
    duplicate = SuggestionFactory.create(status=S.DUPLICATE, duplicate_of=original)
    assert _hide_and_unhide(adviser_client, original, duplicate, "duplicateOf") == _hiding(
        "duplicateOf"
    )


# Every mutation has a read-after-write test above, or writes nothing a loader of its
# document may hold.
READ_AFTER = {
    "acceptAnswer",
    "assignThread",
    "changeSuggestionStatus",
    "closeThread",
    "commentOnSuggestion",
    "createThread",
    "editPost",
    "editSuggestion",
    "followSuggestion",
    "followThread",
    "hideContent",
    "lockThread",
    "markSuggestionDuplicate",
    "publishDecision",
    "recordDecision",
    "reopenThread",
    "replyToThread",
    "resolveThread",
    "scoreSuggestion",
    "setLanguage",
    "setMeetingAgenda",
    "submitSuggestion",
    "unfollowSuggestion",
    "unfollowThread",
    "unhideContent",
    "unlockThread",
    "voteForSuggestion",
    "withdrawSuggestion",
    "withdrawVote",
}
NOTHING_HELD = {
    # A new meeting or flag: no loader holds a row that is not there yet, and no field of a
    # mutation's payload leads to a flag through a loader.
    "scheduleCommitteeMeeting",
    "flagContent",
    # A flag dismissed: it is answered as the service read it under its lock, and no field
    # of a mutation's payload reads a flag through a loader (its content is not changed).
    "dismissFlag",
    # `readAt` is read from the row each time, and so are notification preferences.
    "markNotificationsRead",
    "setNotificationPreference",
    "unsubscribeFromEmail",
    # A new viewer gets new loaders.
    "login",
    "logout",
    "eraseMyAccount",
}


def test_every_mutation_is_read_after() -> None:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    assert set(mutation_type.fields) == READ_AFTER | NOTHING_HELD
    assert not READ_AFTER & NOTHING_HELD
