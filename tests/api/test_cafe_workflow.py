"""The café workflow through /graphql: acceptAnswer, resolveThread, closeThread, reopenThread,
lockThread, unlockThread, assignThread, editPost, internal notes and the notifications and
audit events they write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from models.models import (
    AuditEvent,
    Member,
    Notification,
    Post,
    PostRevision,
    Thread,
    ThreadKind,
    ThreadStatus,
)
from schema.core.ids import encode_id
from tests.conftest import GraphQLClient, notifications
from tests.factories import AdviserFactory, CustomerFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

ERRORS = "errors { code message field }"
ACCEPT = (
    "mutation($id: ID!) { acceptAnswer(input: {postId: $id}) { "
    f"thread {{ status acceptedPost {{ body }} }} {ERRORS} }} }}"
)
REPLY = (
    "mutation($id: ID!, $body: String!, $internal: Boolean!) { replyToThread(input: "
    "{threadId: $id, body: $body, isInternal: $internal}) { post { body isOfficial isInternal "
    f"thread {{ status postCount }} }} {ERRORS} }} }}"
)
EDIT = (
    "mutation($id: ID!, $body: String!) { editPost(input: {postId: $id, body: $body}) { "
    f"post {{ body isHidden }} {ERRORS} }} }}"
)
ASSIGN = (
    "mutation($id: ID!, $adviser: ID) { assignThread(input: {threadId: $id, adviserId: "
    f"$adviser}}) {{ thread {{ assignedAdviser {{ displayName }} }} {ERRORS} }} }}"
)


def _thread_mutation(name: str) -> str:
    return (
        f"mutation($id: ID!) {{ {name}(input: {{threadId: $id}}) {{ "
        f"thread {{ status isLocked }} {ERRORS} }} }}"
    )


RESOLVE = _thread_mutation("resolveThread")
CLOSE = _thread_mutation("closeThread")
REOPEN = _thread_mutation("reopenThread")
LOCK = _thread_mutation("lockThread")
UNLOCK = _thread_mutation("unlockThread")


def _gid(obj: Thread | Post | Member) -> dict[str, str]:
    return {"id": encode_id(type(obj).__name__, obj.pk)}


def _top_level_error(query: str, name: str, code: str, message: str) -> dict[str, Any]:
    """The whole response of a mutation refused before it ran."""
    return {
        "data": {name: None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": query.index(name + "(") + 1}],
                "path": [name],
                "extensions": {"code": code},
            }
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _audit() -> list[tuple[Any, ...]]:
    return list(
        AuditEvent.objects.order_by("id").values_list(
            "actor_id", "action", "target_type", "target_id", "before", "after"
        )
    )


def _notifications() -> list[tuple[Any, ...]]:
    return notifications("recipient_id", "kind", "actor_id", "thread_id", "post_id")


@pytest.fixture
def question(customer: Member) -> Thread:
    return ThreadFactory.create(author=customer, title="Carte bloquée", kind=ThreadKind.QUESTION)


@pytest.fixture
def answer(question: Thread, adviser: Member) -> Post:
    """An adviser's official reply, which answered the question."""
    now = timezone.now() - timedelta(hours=1)
    Thread.objects.filter(pk=question.pk).update(
        status=ThreadStatus.ANSWERED, first_response_at=now
    )
    question.refresh_from_db()
    return PostFactory.create(
        thread=question, author=adviser, body="Débloquée.", is_official=True, created_at=now
    )


# --- acceptAnswer --------------------------------------------------------------------------


def test_author_accepts_an_answer_and_a_retry_changes_nothing(
    customer_client: GraphQLClient, question: Thread, answer: Post
) -> None:
    assert customer_client(ACCEPT, _gid(answer)) == {
        "data": {
            "acceptAnswer": {
                "thread": {"status": "RESOLVED", "acceptedPost": {"body": "Débloquée."}},
                "errors": [],
            }
        }
    }
    question.refresh_from_db()
    resolved_at = question.resolved_at
    assert resolved_at is not None
    assert question.accepted_post_id == answer.pk
    # The author resolved it: nobody to tell, and no staff action to audit.
    assert _notifications() == []
    assert _audit() == []
    assert customer_client(ACCEPT, _gid(answer)) == {
        "data": {
            "acceptAnswer": {
                "thread": {"status": "RESOLVED", "acceptedPost": {"body": "Débloquée."}},
                "errors": [
                    {
                        "code": "ALREADY_ACCEPTED",
                        "message": "This reply already is the accepted answer.",
                        "field": "postId",
                    }
                ],
            }
        }
    }
    question.refresh_from_db()
    assert question.resolved_at == resolved_at


def test_adviser_accepts_an_answer_notifies_the_author_once_and_audits(
    adviser_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    question: Thread,
    answer: Post,
) -> None:
    for _ in range(2):
        result = adviser_client(ACCEPT, _gid(answer))
        assert result["data"]["acceptAnswer"]["thread"] == {
            "status": "RESOLVED",
            "acceptedPost": {"body": "Débloquée."},
        }
    question.refresh_from_db()
    assert _notifications() == [
        (
            customer.pk,
            "QUESTION_RESOLVED",
            adviser.pk,
            question.pk,
            None,
            "Votre question « Carte bloquée » a été marquée résolue par Julien (conseiller).",
        )
    ]
    assert _audit() == [
        (
            adviser.pk,
            "thread.accept_answer",
            "Thread",
            str(question.pk),
            {"status": "ANSWERED", "accepted_post": None, "resolved_at": None},
            {
                "status": "RESOLVED",
                "accepted_post": answer.pk,
                "resolved_at": _iso(question.resolved_at),
            },
        )
    ]


def test_accepting_another_reply_replaces_the_answer_and_keeps_the_resolution_time(
    customer_client: GraphQLClient, customer: Member, question: Thread, answer: Post
) -> None:
    customer_client(ACCEPT, _gid(answer))
    question.refresh_from_db()
    resolved_at = question.resolved_at
    better = PostFactory.create(thread=question, author=CustomerFactory.create(), body="Astuce")
    assert customer_client(ACCEPT, _gid(better))["data"] == {
        "acceptAnswer": {
            "thread": {"status": "RESOLVED", "acceptedPost": {"body": "Astuce"}},
            "errors": [],
        }
    }
    question.refresh_from_db()
    assert (question.accepted_post_id, question.resolved_at) == (better.pk, resolved_at)


def test_accept_answer_refuses_internal_hidden_discussion_and_closed(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    question: Thread,
) -> None:
    note = PostFactory.create(thread=question, author=adviser, body="Note", is_internal=True)
    hidden = PostFactory.create(
        thread=question,
        author=adviser,
        body="Oups",
        hidden_at=timezone.now(),
        hidden_by=adviser,
        hidden_reason="Erreur",
    )
    discussion = ThreadFactory.create(author=customer, kind=ThreadKind.DISCUSSION)
    in_discussion = PostFactory.create(thread=discussion, body="Avis")
    closed = ThreadFactory.create(author=customer, status=ThreadStatus.CLOSED)
    in_closed = PostFactory.create(thread=closed, body="Trop tard")

    def refused(client: GraphQLClient, post: Post, code: str, message: str) -> None:
        assert client(ACCEPT, _gid(post)) == {
            "data": {
                "acceptAnswer": {
                    "thread": None,
                    "errors": [{"code": code, "message": message, "field": "postId"}],
                }
            }
        }

    refused(
        adviser_client, note, "INTERNAL_POST", "An internal note cannot be the accepted answer."
    )
    refused(adviser_client, hidden, "POST_HIDDEN", "A hidden reply cannot be the accepted answer.")
    # The customer cannot even see the note and the hidden reply.
    refused(customer_client, note, "NOT_FOUND", "No such reply.")
    refused(customer_client, hidden, "NOT_FOUND", "No such reply.")
    refused(
        customer_client,
        in_discussion,
        "NOT_A_QUESTION",
        "Only a question is answered and resolved.",
    )
    refused(customer_client, in_closed, "THREAD_CLOSED", "This thread is closed.")
    assert customer_client(ACCEPT, {"id": encode_id("Post", 999_999)})["data"] == {
        "acceptAnswer": {
            "thread": None,
            "errors": [{"code": "NOT_FOUND", "message": "No such reply.", "field": "postId"}],
        }
    }
    assert list(Thread.objects.order_by("pk").values_list("status", "accepted_post_id")) == [
        ("OPEN", None),
        ("OPEN", None),
        ("CLOSED", None),
    ]
    assert (_notifications(), _audit()) == ([], [])


def test_accept_answer_is_for_the_author_and_advisers(
    anonymous: GraphQLClient,
    other_customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    question: Thread,
    answer: Post,
) -> None:
    assert anonymous(ACCEPT, _gid(answer)) == _top_level_error(
        ACCEPT, "acceptAnswer", "UNAUTHENTICATED", "Log in to do this."
    )
    for client in (other_customer_client, committee_client):
        assert client(ACCEPT, _gid(answer)) == _top_level_error(
            ACCEPT,
            "acceptAnswer",
            "FORBIDDEN",
            "Only the question's author or an adviser accepts an answer.",
        )
    # A thread's ID where a reply's is expected.
    assert other_customer_client(ACCEPT, {"id": encode_id("Thread", question.pk)}) == (
        _top_level_error(
            ACCEPT, "acceptAnswer", "BAD_USER_INPUT", "`postId` is not a valid Post ID."
        )
    )
    question.refresh_from_db()
    assert (question.status, question.accepted_post_id) == (ThreadStatus.ANSWERED, None)


# --- resolveThread -------------------------------------------------------------------------


def test_author_resolves_their_question_without_an_answer(
    customer_client: GraphQLClient, question: Thread
) -> None:
    assert customer_client(RESOLVE, _gid(question)) == {
        "data": {
            "resolveThread": {"thread": {"status": "RESOLVED", "isLocked": False}, "errors": []}
        }
    }
    question.refresh_from_db()
    assert question.resolved_at is not None and question.accepted_post_id is None
    assert (_notifications(), _audit()) == ([], [])
    assert customer_client(RESOLVE, _gid(question)) == {
        "data": {
            "resolveThread": {
                "thread": {"status": "RESOLVED", "isLocked": False},
                "errors": [
                    {
                        "code": "ALREADY_RESOLVED",
                        "message": "This question is already resolved.",
                        "field": "threadId",
                    }
                ],
            }
        }
    }


def test_adviser_resolves_a_question_notifies_and_audits(
    adviser_client: GraphQLClient, adviser: Member, customer: Member, question: Thread
) -> None:
    adviser_client(RESOLVE, _gid(question))
    adviser_client(RESOLVE, _gid(question))
    question.refresh_from_db()
    assert [n[:4] for n in _notifications()] == [
        (customer.pk, "QUESTION_RESOLVED", adviser.pk, question.pk)
    ]
    assert _audit() == [
        (
            adviser.pk,
            "thread.resolve",
            "Thread",
            str(question.pk),
            {"status": "OPEN", "accepted_post": None, "resolved_at": None},
            {
                "status": "RESOLVED",
                "accepted_post": None,
                "resolved_at": _iso(question.resolved_at),
            },
        )
    ]


def test_resolve_thread_refusals(
    anonymous: GraphQLClient,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    discussion = ThreadFactory.create(author=customer, kind=ThreadKind.DISCUSSION)
    closed = ThreadFactory.create(author=customer, status=ThreadStatus.CLOSED)
    assert customer_client(RESOLVE, _gid(discussion))["data"] == {
        "resolveThread": {
            "thread": None,
            "errors": [
                {
                    "code": "NOT_A_QUESTION",
                    "message": "Only a question is answered and resolved.",
                    "field": "threadId",
                }
            ],
        }
    }
    assert customer_client(RESOLVE, _gid(closed))["data"] == {
        "resolveThread": {
            "thread": None,
            "errors": [
                {"code": "THREAD_CLOSED", "message": "This thread is closed.", "field": "threadId"}
            ],
        }
    }
    assert other_customer_client(RESOLVE, _gid(question)) == _top_level_error(
        RESOLVE,
        "resolveThread",
        "FORBIDDEN",
        "Only the question's author or an adviser resolves it.",
    )
    assert anonymous(RESOLVE, _gid(question)) == _top_level_error(
        RESOLVE, "resolveThread", "UNAUTHENTICATED", "Log in to do this."
    )
    assert list(Thread.objects.order_by("pk").values_list("status", "resolved_at")) == [
        ("OPEN", None),
        ("OPEN", None),
        ("CLOSED", None),
    ]


# --- closeThread / reopenThread ------------------------------------------------------------


def test_author_closes_their_thread_and_replies_stop(
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    question: Thread,
) -> None:
    assert other_customer_client(CLOSE, _gid(question)) == _top_level_error(
        CLOSE, "closeThread", "FORBIDDEN", "Only the thread's author or an adviser closes it."
    )
    assert customer_client(CLOSE, _gid(question)) == {
        "data": {"closeThread": {"thread": {"status": "CLOSED", "isLocked": False}, "errors": []}}
    }
    assert customer_client(CLOSE, _gid(question)) == {
        "data": {
            "closeThread": {
                "thread": {"status": "CLOSED", "isLocked": False},
                "errors": [
                    {
                        "code": "ALREADY_CLOSED",
                        "message": "This thread is already closed.",
                        "field": "threadId",
                    }
                ],
            }
        }
    }
    assert _audit() == []
    result = other_customer_client(REPLY, {**_gid(question), "body": "x", "internal": False})
    assert result["data"]["replyToThread"]["errors"][0]["code"] == "THREAD_CLOSED"


def test_adviser_closes_and_reopens_with_audit(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    anonymous: GraphQLClient,
    adviser: Member,
    question: Thread,
    answer: Post,
) -> None:
    customer_client(ACCEPT, _gid(answer))
    question.refresh_from_db()
    resolved_at = _iso(question.resolved_at)
    assert adviser_client(CLOSE, _gid(question))["data"] == {
        "closeThread": {"thread": {"status": "CLOSED", "isLocked": False}, "errors": []}
    }
    # Only advisers reopen, even the thread's own author.
    assert customer_client(REOPEN, _gid(question)) == _top_level_error(
        REOPEN, "reopenThread", "FORBIDDEN", "Only advisers may do this."
    )
    assert anonymous(REOPEN, _gid(question)) == _top_level_error(
        REOPEN, "reopenThread", "UNAUTHENTICATED", "You must be logged in."
    )
    # An adviser had answered: back to ANSWERED, without accepted answer or resolution.
    assert adviser_client(REOPEN, _gid(question))["data"] == {
        "reopenThread": {"thread": {"status": "ANSWERED", "isLocked": False}, "errors": []}
    }
    assert adviser_client(REOPEN, _gid(question))["data"] == {
        "reopenThread": {
            "thread": {"status": "ANSWERED", "isLocked": False},
            "errors": [
                {
                    "code": "ALREADY_OPEN",
                    "message": "This thread is neither closed nor resolved.",
                    "field": "threadId",
                }
            ],
        }
    }
    question.refresh_from_db()
    assert (question.resolved_at, question.accepted_post_id) == (None, None)
    state = {"accepted_post": answer.pk, "resolved_at": resolved_at}
    assert _audit() == [
        (
            adviser.pk,
            "thread.close",
            "Thread",
            str(question.pk),
            {"status": "RESOLVED", **state},
            {"status": "CLOSED", **state},
        ),
        (
            adviser.pk,
            "thread.reopen",
            "Thread",
            str(question.pk),
            {"status": "CLOSED", **state},
            {"status": "ANSWERED", "accepted_post": None, "resolved_at": None},
        ),
    ]


def test_reopened_discussion_is_open(adviser_client: GraphQLClient) -> None:
    discussion = ThreadFactory.create(kind=ThreadKind.DISCUSSION, status=ThreadStatus.CLOSED)
    assert adviser_client(REOPEN, _gid(discussion))["data"] == {
        "reopenThread": {"thread": {"status": "OPEN", "isLocked": False}, "errors": []}
    }


# --- lockThread / unlockThread -------------------------------------------------------------


def test_adviser_locks_and_unlocks(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    adviser: Member,
    question: Thread,
) -> None:
    assert adviser_client(LOCK, _gid(question)) == {
        "data": {"lockThread": {"thread": {"status": "OPEN", "isLocked": True}, "errors": []}}
    }
    assert adviser_client(LOCK, _gid(question))["data"]["lockThread"]["errors"] == [
        {
            "code": "ALREADY_LOCKED",
            "message": "This thread is already locked.",
            "field": "threadId",
        }
    ]
    reply = customer_client(REPLY, {**_gid(question), "body": "Et alors ?", "internal": False})
    assert reply["data"]["replyToThread"]["errors"] == [
        {"code": "THREAD_LOCKED", "message": "This thread is locked.", "field": "threadId"}
    ]
    assert adviser_client(UNLOCK, _gid(question)) == {
        "data": {"unlockThread": {"thread": {"status": "OPEN", "isLocked": False}, "errors": []}}
    }
    assert adviser_client(UNLOCK, _gid(question))["data"]["unlockThread"]["errors"] == [
        {"code": "NOT_LOCKED", "message": "This thread is not locked.", "field": "threadId"}
    ]
    target = ("Thread", str(question.pk))
    assert _audit() == [
        (adviser.pk, "thread.lock", *target, {"is_locked": False}, {"is_locked": True}),
        (adviser.pk, "thread.unlock", *target, {"is_locked": True}, {"is_locked": False}),
    ]


def test_only_advisers_lock(
    customer_client: GraphQLClient,
    committee_client: GraphQLClient,
    anonymous: GraphQLClient,
    question: Thread,
) -> None:
    for client in (customer_client, committee_client):
        assert client(LOCK, _gid(question)) == _top_level_error(
            LOCK, "lockThread", "FORBIDDEN", "Only advisers may do this."
        )
    assert anonymous(UNLOCK, _gid(question)) == _top_level_error(
        UNLOCK, "unlockThread", "UNAUTHENTICATED", "You must be logged in."
    )
    question.refresh_from_db()
    assert question.is_locked is False
    assert _audit() == []


@pytest.mark.parametrize(
    ("query", "name"),
    [
        (RESOLVE, "resolveThread"),
        (CLOSE, "closeThread"),
        (REOPEN, "reopenThread"),
        (LOCK, "lockThread"),
        (UNLOCK, "unlockThread"),
    ],
)
def test_thread_actions_on_a_thread_that_does_not_exist(
    adviser_client: GraphQLClient, query: str, name: str
) -> None:
    assert adviser_client(query, {"id": encode_id("Thread", 999_999)}) == {
        "data": {
            name: {
                "thread": None,
                "errors": [
                    {"code": "NOT_FOUND", "message": "No such thread.", "field": "threadId"}
                ],
            }
        }
    }
    assert _audit() == []


# --- assignThread --------------------------------------------------------------------------


def test_adviser_assigns_and_unassigns(
    adviser_client: GraphQLClient, adviser: Member, question: Thread
) -> None:
    colleague = AdviserFactory.create(display_name="Inès (conseillère)")
    variables = {**_gid(question), "adviser": encode_id("Member", colleague.pk)}
    assert adviser_client(ASSIGN, variables) == {
        "data": {
            "assignThread": {
                "thread": {"assignedAdviser": {"displayName": "Inès (conseillère)"}},
                "errors": [],
            }
        }
    }
    assert adviser_client(ASSIGN, variables)["data"]["assignThread"]["errors"] == [
        {
            "code": "UNCHANGED",
            "message": "The thread already has this assignment.",
            "field": "adviserId",
        }
    ]
    assert adviser_client(ASSIGN, {**_gid(question), "adviser": None}) == {
        "data": {"assignThread": {"thread": {"assignedAdviser": None}, "errors": []}}
    }
    target = ("Thread", str(question.pk))
    assert _audit() == [
        (
            adviser.pk,
            "thread.assign",
            *target,
            {"assigned_adviser": None},
            {"assigned_adviser": colleague.pk},
        ),
        (
            adviser.pk,
            "thread.assign",
            *target,
            {"assigned_adviser": colleague.pk},
            {"assigned_adviser": None},
        ),
    ]


def test_assign_thread_refusals(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    inactive = AdviserFactory.create(is_active=False)
    for member, code, message in (
        (customer, "NOT_AN_ADVISER", "Threads are assigned to active advisers."),
        (inactive, "NOT_AN_ADVISER", "Threads are assigned to active advisers."),
    ):
        variables = {**_gid(question), "adviser": encode_id("Member", member.pk)}
        assert adviser_client(ASSIGN, variables)["data"] == {
            "assignThread": {
                "thread": None,
                "errors": [{"code": code, "message": message, "field": "adviserId"}],
            }
        }
    variables = {**_gid(question), "adviser": encode_id("Member", 999_999)}
    assert adviser_client(ASSIGN, variables)["data"]["assignThread"]["errors"] == [
        {"code": "NOT_FOUND", "message": "No such member.", "field": "adviserId"}
    ]
    variables = {**_gid(question), "adviser": encode_id("Member", customer.pk)}
    assert customer_client(ASSIGN, variables) == _top_level_error(
        ASSIGN, "assignThread", "FORBIDDEN", "Only advisers may do this."
    )
    question.refresh_from_db()
    assert question.assigned_adviser_id is None
    assert _audit() == []


# --- editPost ------------------------------------------------------------------------------

REVISIONS = (
    "query($id: ID!) { node(id: $id) { ... on Post { body editedAt "
    "revisions { body editedBy { displayName } } } } }"
)


def test_author_edits_and_advisers_read_the_history(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    post = PostFactory.create(thread=question, author=customer, body="Premier jet")
    assert customer_client(EDIT, {**_gid(post), "body": " Second jet "}) == {
        "data": {"editPost": {"post": {"body": "Second jet", "isHidden": False}, "errors": []}}
    }
    customer_client(EDIT, {**_gid(post), "body": "Version finale"})
    assert customer_client(EDIT, {**_gid(post), "body": "Version finale"}) == {
        "data": {
            "editPost": {
                "post": {"body": "Version finale", "isHidden": False},
                "errors": [
                    {
                        "code": "UNCHANGED",
                        "message": "The text is the same: nothing changed.",
                        "field": "body",
                    }
                ],
            }
        }
    }
    post.refresh_from_db()
    assert PostRevision.objects.count() == 2
    assert adviser_client(REVISIONS, _gid(post)) == {
        "data": {
            "node": {
                "body": "Version finale",
                "editedAt": post.edited_at.isoformat() if post.edited_at else None,
                "revisions": [
                    {"body": "Premier jet", "editedBy": {"displayName": "Claire"}},
                    {"body": "Second jet", "editedBy": {"displayName": "Claire"}},
                ],
            }
        }
    }
    # The history is for advisers: the author reads the current text and when it was edited.
    assert customer_client(REVISIONS, _gid(post)) == {
        "data": {
            "node": {
                "body": "Version finale",
                "editedAt": post.edited_at.isoformat() if post.edited_at else None,
                "revisions": None,
            }
        },
        "errors": [
            {
                "message": "You are not allowed to read this field.",
                "locations": [{"line": 1, "column": REVISIONS.index("revisions") + 1}],
                "path": ["node", "revisions"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


def test_only_the_author_edits(
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    anonymous: GraphQLClient,
    customer: Member,
    question: Thread,
) -> None:
    post = PostFactory.create(thread=question, author=customer, body="Mon texte")
    variables = {**_gid(post), "body": "Réécrit"}
    for client in (other_customer_client, adviser_client):
        assert client(EDIT, variables) == _top_level_error(
            EDIT, "editPost", "FORBIDDEN", "Only its author edits a reply."
        )
    assert anonymous(EDIT, variables) == _top_level_error(
        EDIT, "editPost", "UNAUTHENTICATED", "Log in to do this."
    )
    post.refresh_from_db()
    assert (post.body, post.edited_at, PostRevision.objects.count()) == ("Mon texte", None, 0)


def test_edit_post_bad_input_and_states_write_nothing(
    customer_client: GraphQLClient, adviser: Member, customer: Member, question: Thread
) -> None:
    post = PostFactory.create(thread=question, author=customer, body="Mon texte")

    def refused(body: str, *errors: tuple[str, str, str]) -> None:
        assert customer_client(EDIT, {**_gid(post), "body": body}) == {
            "data": {
                "editPost": {
                    "post": None,
                    "errors": [{"code": c, "message": m, "field": f} for c, m, f in errors],
                }
            }
        }

    refused("   ", ("BLANK", "The message must not be empty.", "body"))
    refused("x" * 10_001, ("TOO_LONG", "The message must be at most 10000 characters.", "body"))
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    refused("Autre", ("THREAD_LOCKED", "This thread is locked.", "postId"))
    Thread.objects.filter(pk=question.pk).update(is_locked=False, status=ThreadStatus.CLOSED)
    refused(
        "",
        ("BLANK", "The message must not be empty.", "body"),
        ("THREAD_CLOSED", "This thread is closed.", "postId"),
    )
    Thread.objects.filter(pk=question.pk).update(status=ThreadStatus.OPEN)
    Post.objects.filter(pk=post.pk).update(
        hidden_at=timezone.now(), hidden_by=adviser, hidden_reason="Coordonnées"
    )
    refused("Autre", ("POST_HIDDEN", "A hidden reply cannot be edited.", "postId"))
    assert customer_client(EDIT, {"id": encode_id("Post", 999_999), "body": "x"})["data"] == {
        "editPost": {
            "post": None,
            "errors": [{"code": "NOT_FOUND", "message": "No such reply.", "field": "postId"}],
        }
    }
    post.refresh_from_db()
    assert (post.body, post.edited_at, PostRevision.objects.count()) == ("Mon texte", None, 0)


# --- replyToThread: official answers and internal notes ------------------------------------


def test_official_answer_notifies_the_question_author(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    adviser: Member,
    customer: Member,
    question: Thread,
) -> None:
    result = adviser_client(REPLY, {**_gid(question), "body": "Je regarde.", "internal": False})
    assert result == {
        "data": {
            "replyToThread": {
                "post": {
                    "body": "Je regarde.",
                    "isOfficial": True,
                    "isInternal": False,
                    "thread": {"status": "ANSWERED", "postCount": 1},
                },
                "errors": [],
            }
        }
    }
    post = Post.objects.get()
    # The customer's own reply and replies in discussions notify nobody.
    customer_client(REPLY, {**_gid(question), "body": "Merci", "internal": False})
    discussion = ThreadFactory.create(author=customer, kind=ThreadKind.DISCUSSION)
    adviser_client(REPLY, {**_gid(discussion), "body": "Bonne idée", "internal": False})
    assert _notifications() == [
        (
            customer.pk,
            "OFFICIAL_ANSWER",
            adviser.pk,
            question.pk,
            post.pk,
            "Julien (conseiller) a répondu à votre question « Carte bloquée ».",
        )
    ]


INBOX = "{ viewer { notifications { totalCount edges { node { kind } } } } }"


def test_internal_note_is_invisible_to_customers_and_changes_nothing(
    adviser_client: GraphQLClient,
    customer_client: GraphQLClient,
    question: Thread,
) -> None:
    before = Thread.objects.values("status", "first_response_at", "last_activity_at").get(
        pk=question.pk
    )
    result = adviser_client(
        REPLY, {**_gid(question), "body": "Client connu, voir dossier.", "internal": True}
    )
    assert result == {
        "data": {
            "replyToThread": {
                "post": {
                    "body": "Client connu, voir dossier.",
                    "isOfficial": False,
                    "isInternal": True,
                    "thread": {"status": "OPEN", "postCount": 1},
                },
                "errors": [],
            }
        }
    }
    note = Post.objects.get()
    assert (
        Thread.objects.values("status", "first_response_at", "last_activity_at").get(pk=question.pk)
        == before
    )
    query = (
        "query($id: ID!, $note: ID!) { thread(id: $id) { status postCount posts { totalCount "
        "edges { node { body } } } } node(id: $note) { id } }"
    )
    variables = {**_gid(question), "note": encode_id("Post", note.pk)}
    assert customer_client(query, variables) == {
        "data": {
            "thread": {
                "status": "OPEN",
                "postCount": 0,
                "posts": {"totalCount": 0, "edges": []},
            },
            "node": None,
        }
    }
    assert customer_client(INBOX) == {
        "data": {"viewer": {"notifications": {"totalCount": 0, "edges": []}}}
    }
    assert Notification.objects.count() == 0


def test_only_advisers_write_internal_notes(
    customer_client: GraphQLClient, committee_client: GraphQLClient, question: Thread
) -> None:
    variables = {**_gid(question), "body": "Note", "internal": True}
    for client in (customer_client, committee_client):
        assert client(REPLY, variables) == _top_level_error(
            REPLY, "replyToThread", "FORBIDDEN", "Only advisers write internal notes."
        )
    assert Post.objects.count() == 0


@pytest.mark.parametrize(
    ("query", "name", "login_message", "forbidden_message"),
    [
        (CLOSE, "closeThread", "Log in to do this.", None),
        (LOCK, "lockThread", "You must be logged in.", "Only advisers may do this."),
        (UNLOCK, "unlockThread", "You must be logged in.", "Only advisers may do this."),
        (ASSIGN, "assignThread", "You must be logged in.", "Only advisers may do this."),
    ],
)
def test_thread_actions_refuse_visitors_and_other_roles(
    anonymous: GraphQLClient,
    customer_client: GraphQLClient,
    question: Thread,
    query: str,
    name: str,
    login_message: str,
    forbidden_message: str | None,
) -> None:
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    assert anonymous(query, _gid(question)) == _top_level_error(
        query, name, "UNAUTHENTICATED", login_message
    )
    if forbidden_message is not None:
        # Even the thread's own author: these are advisers' actions.
        assert customer_client(query, _gid(question)) == _top_level_error(
            query, name, "FORBIDDEN", forbidden_message
        )
    assert Thread.objects.values_list("status", "is_locked", "assigned_adviser_id").get() == (
        "OPEN",
        True,
        None,
    )
    assert _audit() == []
