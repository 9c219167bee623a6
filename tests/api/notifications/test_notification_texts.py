"""Notification texts follow the visibility of what they are about (README, "Notifications"):
written when read, from what the reader may see now, they quote no title the reader can no
longer see, and say so instead; the same builders write them for the services, the demo
and these tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from models.models import (
    Decision,
    DecisionOutcome,
    Follow,
    Member,
    Notification,
    NotificationKind,
    Post,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
)
from resolvers.services.committee import decision_publish
from resolvers.services.moderation import ContentKind, ContentRef, content_hide, content_unhide
from resolvers.services.notifications import (
    ContentHidden,
    DecisionPublished,
    NotificationBuilder,
    OfficialAnswer,
    QuestionResolved,
    SensitiveNumberMasked,
    Shown,
    SuggestionCommented,
    SuggestionMarkedDuplicate,
    SuggestionStatusChanged,
    ThreadReplied,
    render,
)
from schema.core.ids import encode_id
from tests.factories import (
    AdviserFactory,
    CustomerFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)
from tests.graphql import GraphQLClient, gid

pytestmark = pytest.mark.django_db

S = SuggestionStatus

INBOX = (
    "{ viewer { notifications { edges { node { kind message suggestion { title } "
    "thread { title } post { body } } } } } }"
)
CHANGE = (
    "mutation($id: ID!) { changeSuggestionStatus(input: {suggestionId: $id, status: "
    'UNDER_REVIEW, publicNote: ""}) { errors { code } } }'
)
DUPLICATE = (
    "mutation($id: ID!, $original: ID!) { markSuggestionDuplicate(input: {suggestionId: $id, "
    "originalId: $original}) { errors { code } } }"
)
HIDE = (
    'mutation($id: ID!) { hideContent(input: {contentId: $id, reason: "Propos injurieux"}) '
    "{ errors { code } } }"
)
UNHIDE = "mutation($id: ID!) { unhideContent(input: {contentId: $id}) { errors { code } } }"
GONE_STATUS = "Une idée que vous suivez a changé de statut ; elle n'est plus visible."


def _inbox(client: GraphQLClient) -> list[dict[str, Any]]:
    result = client(INBOX)
    assert "errors" not in result, result
    return [edge["node"] for edge in result["data"]["viewer"]["notifications"]["edges"]]


def _ok(client: GraphQLClient, mutation: str, **variables: str) -> None:
    result = client(mutation, variables)
    assert "errors" not in result, result
    (payload,) = result["data"].values()
    assert payload == {"errors": []}


def _node(kind: str, message: str, **about: Any) -> dict[str, Any]:
    """An inbox node: what it refers to is null unless given."""
    return {
        "kind": kind,
        "message": message,
        "suggestion": None,
        "thread": None,
        "post": None,
    } | about


def test_a_hidden_suggestion_is_no_longer_quoted_to_its_followers(
    customer: Member, customer_client: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    """The issue's example: a follower kept a message quoting the hidden title."""
    author = CustomerFactory.create(display_name="Auteur")
    idea = SuggestionFactory.create(author=author, title="Mon voisin est un escroc")
    Follow.objects.create(member=customer, suggestion=idea)
    Follow.objects.create(member=author, suggestion=idea)
    _ok(adviser_client, CHANGE, id=gid(idea))
    quoted = _node(
        "SUGGESTION_STATUS_CHANGED",
        "« Mon voisin est un escroc » : Proposée → En cours d'étude.",
        suggestion={"title": "Mon voisin est un escroc"},
    )
    assert _inbox(customer_client) == [quoted]

    _ok(adviser_client, HIDE, id=gid(idea))
    assert _inbox(customer_client) == [_node("SUGGESTION_STATUS_CHANGED", GONE_STATUS)]
    # Its author still sees their own hidden suggestion, and so its title (the last item
    # is the status change; the newest tells them it was hidden).
    assert _inbox(GraphQLClient(author))[-1] == quoted
    # Nothing copied the title anywhere the follower reads.
    assert "escroc" not in str(customer_client(INBOX))

    _ok(adviser_client, UNHIDE, id=gid(idea))
    assert _inbox(customer_client) == [quoted]


def test_a_notification_read_by_id_follows_visibility_too(
    customer: Member, customer_client: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    idea = SuggestionFactory.create(title="Titre à masquer")
    Follow.objects.create(member=customer, suggestion=idea)
    _ok(adviser_client, CHANGE, id=gid(idea))
    _ok(adviser_client, HIDE, id=gid(idea))
    note = Notification.objects.get(recipient=customer)
    query = (
        "query($id: ID!) { node(id: $id) { ... on Notification { message suggestion { id } } } }"
    )
    assert customer_client(query, {"id": encode_id("Notification", note.pk)}) == {
        "data": {"node": {"message": GONE_STATUS, "suggestion": None}}
    }


def test_a_hidden_decision_subject_is_not_quoted_to_voters(
    customer: Member, customer_client: GraphQLClient, chair: Member, adviser: Member
) -> None:
    idea = SuggestionFactory.create(title="Idée décidée", status=S.SHORTLISTED)
    add_votes(idea, [customer])
    decision = Decision.objects.create(
        suggestion=idea,
        outcome=DecisionOutcome.REJECTED,
        public_rationale="Trop coûteux.",
        recorded_by=chair,
    )
    decision_publish(chair=chair, decision_id=decision.pk)
    decided = "Le comité a décidé : « Idée décidée » — Non retenue."
    assert _inbox(customer_client) == [
        _node("DECISION_PUBLISHED", decided, suggestion={"title": "Idée décidée"})
    ]
    ref = ContentRef(ContentKind.SUGGESTION, idea.pk)
    content_hide(actor=adviser, content=ref, reason="Doublon injurieux")
    assert _inbox(customer_client) == [
        _node(
            "DECISION_PUBLISHED",
            "Le comité a décidé sur une idée que vous soutenez ; elle n'est plus visible.",
        )
    ]
    content_unhide(actor=adviser, content=ref)
    assert _inbox(customer_client)[0]["message"] == decided


@pytest.mark.parametrize(
    ("hide", "message", "original_title"),
    [
        ((), "« Doublon » rejoint « Original » : vos votes suivent.", "Original"),
        (
            ("duplicate",),
            "Une idée qui n'est plus visible rejoint « Original » : vos votes suivent.",
            "Original",
        ),
        (("original",), "« Doublon » rejoint une idée qui n'est plus visible.", None),
        (
            ("duplicate", "original"),
            "Une idée que vous soutenez en a rejoint une autre ; elles ne sont plus visibles.",
            None,
        ),
    ],
)
def test_a_merge_quotes_only_the_suggestions_still_visible(
    customer: Member,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    hide: tuple[str, ...],
    message: str,
    original_title: str | None,
) -> None:
    rows = {
        "original": SuggestionFactory.create(title="Original"),
        "duplicate": SuggestionFactory.create(title="Doublon"),
    }
    add_votes(rows["duplicate"], [customer])
    _ok(
        adviser_client,
        DUPLICATE,
        id=gid(rows["duplicate"]),
        original=gid(rows["original"]),
    )
    for name in hide:
        _ok(adviser_client, HIDE, id=gid(rows[name]))
    about = {"title": original_title} if original_title else None
    assert _inbox(customer_client) == [
        _node("SUGGESTION_MARKED_DUPLICATE", message, suggestion=about)
    ]


def test_a_hidden_answer_is_no_longer_announced(
    customer: Member, customer_client: GraphQLClient, adviser: Member, adviser_client: GraphQLClient
) -> None:
    question = ThreadFactory.create(author=customer, title="Carte avalée", kind=ThreadKind.QUESTION)
    reply = (
        'mutation($id: ID!) { replyToThread(input: {threadId: $id, body: "Passez en agence."}) '
        "{ errors { code } } }"
    )
    _ok(adviser_client, reply, id=gid(question))
    answer = Post.objects.get(thread=question)
    assert _inbox(customer_client) == [
        _node(
            "OFFICIAL_ANSWER",
            f"{adviser.display_name} a répondu à votre question « Carte avalée ».",
            thread={"title": "Carte avalée"},
            post={"body": "Passez en agence."},
        )
    ]
    _ok(adviser_client, HIDE, id=gid(answer))
    assert _inbox(customer_client) == [
        _node(
            "OFFICIAL_ANSWER",
            "Une réponse à votre question « Carte avalée » n'est plus visible.",
            thread={"title": "Carte avalée"},
        )
    ]


def test_a_hidden_reply_in_a_thread_hidden_since_names_no_thread(
    customer: Member, customer_client: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    thread = ThreadFactory.create(author=CustomerFactory.create(), title="Fil à problèmes")
    reply = PostFactory.create(thread=thread, author=customer, body="Répondu.")
    _ok(adviser_client, HIDE, id=gid(reply))
    told = "par un conseiller : Propos injurieux"
    assert _inbox(customer_client) == [
        _node(
            "CONTENT_HIDDEN",
            f"Votre réponse dans « Fil à problèmes » a été masquée {told}",
            thread={"title": "Fil à problèmes"},
            post={"body": "Répondu."},
        )
    ]
    _ok(adviser_client, HIDE, id=gid(thread))
    assert _inbox(customer_client) == [
        _node(
            "CONTENT_HIDDEN",
            f"Votre réponse dans un fil qui n'est plus visible a été masquée {told}",
        )
    ]


def test_a_merge_note_names_no_title(
    anonymous: GraphQLClient, adviser_client: GraphQLClient
) -> None:
    """The default public note of a merge once quoted the original's title, which stayed in
    the duplicate's history after the original was hidden."""
    original = SuggestionFactory.create(title="Titre retiré ensuite")
    duplicate = SuggestionFactory.create(title="Doublon")
    _ok(adviser_client, DUPLICATE, id=gid(duplicate), original=gid(original))
    _ok(adviser_client, HIDE, id=gid(original))
    query = (
        "query($id: ID!) { suggestion(id: $id) { duplicateOf { title } statusHistory { "
        "toStatus publicNote } } }"
    )
    assert anonymous(query, {"id": gid(duplicate)}) == {
        "data": {
            "suggestion": {
                "duplicateOf": None,
                "statusHistory": [
                    {"toStatus": "DUPLICATE", "publicNote": "Fusionnée avec une autre idée."}
                ],
            }
        }
    }


# --- Each builder, for every combination of what its reader may see --------------------------

ADVISER_NAME = "Julien (conseiller)"


def _rows() -> dict[str, Any]:
    adviser = AdviserFactory.build(pk=7, display_name=ADVISER_NAME)
    return {
        "actor": adviser,
        "suggestion": Suggestion(pk=1, title="L'original"),
        "duplicate": Suggestion(pk=2, title="Le doublon"),
        "thread": Thread(pk=3, title="Ma question"),
        "post": Post(pk=4, thread_id=3, body="Réponse"),
    }


def _note(kind: NotificationKind, **facts: Any) -> Notification:
    return Notification(kind=kind, **facts)


CASES = [
    # (kind, facts, what the reader may see, text)
    (
        NotificationKind.OFFICIAL_ANSWER,
        {"thread_id": 3, "post_id": 4},
        {"actor", "thread", "post"},
        f"{ADVISER_NAME} a répondu à votre question « Ma question ».",
    ),
    (
        NotificationKind.OFFICIAL_ANSWER,
        {"thread_id": 3, "post_id": 4},
        {"thread", "post"},
        "Un conseiller a répondu à votre question « Ma question ».",
    ),
    (
        NotificationKind.OFFICIAL_ANSWER,
        {"thread_id": 3, "post_id": 4},
        {"actor", "thread"},
        "Une réponse à votre question « Ma question » n'est plus visible.",
    ),
    (
        NotificationKind.OFFICIAL_ANSWER,
        {"thread_id": 3, "post_id": 4},
        {"actor"},
        "Une réponse à l'une de vos questions n'est plus visible.",
    ),
    (
        NotificationKind.QUESTION_RESOLVED,
        {"thread_id": 3},
        {"actor", "thread"},
        f"Votre question « Ma question » a été marquée résolue par {ADVISER_NAME}.",
    ),
    (
        NotificationKind.QUESTION_RESOLVED,
        {"thread_id": 3},
        {"thread"},
        "Votre question « Ma question » a été marquée résolue par un conseiller.",
    ),
    (
        NotificationKind.QUESTION_RESOLVED,
        {"thread_id": 3},
        {"actor"},
        "L'une de vos questions, qui n'est plus visible, a été marquée résolue.",
    ),
    (
        NotificationKind.SUGGESTION_STATUS_CHANGED,
        {"suggestion_id": 1, "from_status": S.SHORTLISTED, "to_status": S.DEFERRED},
        {"suggestion"},
        "« L'original » : Présentée au comité → En attente.",
    ),
    (
        NotificationKind.SUGGESTION_STATUS_CHANGED,
        {"suggestion_id": 1, "from_status": S.SHORTLISTED, "to_status": S.DEFERRED},
        set(),
        GONE_STATUS,
    ),
    (
        NotificationKind.DECISION_PUBLISHED,
        {"suggestion_id": 1, "outcome": DecisionOutcome.DEFERRED},
        {"suggestion"},
        "Le comité a décidé : « L'original » — Reportée.",
    ),
    (
        NotificationKind.DECISION_PUBLISHED,
        {"suggestion_id": 1, "outcome": DecisionOutcome.DEFERRED},
        {"actor"},
        "Le comité a décidé sur une idée que vous soutenez ; elle n'est plus visible.",
    ),
    (
        NotificationKind.CONTENT_HIDDEN,
        {"suggestion_id": 1, "reason": "Hors sujet"},
        {"suggestion"},
        "Votre idée « L'original » a été masquée par un conseiller : Hors sujet",
    ),
    (
        NotificationKind.CONTENT_HIDDEN,
        {"suggestion_id": 1, "reason": "Hors sujet"},
        set(),
        "Votre idée, qui n'est plus visible, a été masquée par un conseiller : Hors sujet",
    ),
    (
        NotificationKind.CONTENT_HIDDEN,
        {"thread_id": 3, "reason": "Hors sujet"},
        {"thread"},
        "Votre fil « Ma question » a été masqué par un conseiller : Hors sujet",
    ),
    (
        NotificationKind.CONTENT_HIDDEN,
        {"thread_id": 3, "reason": "Hors sujet"},
        set(),
        "Votre fil, qui n'est plus visible, a été masqué par un conseiller : Hors sujet",
    ),
    (
        NotificationKind.CONTENT_HIDDEN,
        {"thread_id": 3, "post_id": 4, "reason": "Hors sujet"},
        {"thread", "post"},
        "Votre réponse dans « Ma question » a été masquée par un conseiller : Hors sujet",
    ),
    (
        NotificationKind.THREAD_REPLY,
        {"thread_id": 3, "post_id": 4},
        {"actor", "thread", "post"},
        f"{ADVISER_NAME} a répondu dans « Ma question ».",
    ),
    (
        NotificationKind.THREAD_REPLY,
        {"thread_id": 3, "post_id": 4},
        {"actor", "thread"},
        "Une réponse dans « Ma question » n'est plus visible.",
    ),
    (
        NotificationKind.THREAD_REPLY,
        {"thread_id": 3, "post_id": 4},
        {"actor"},
        "Une nouvelle réponse dans un fil que vous suivez ; il n'est plus visible.",
    ),
    (
        NotificationKind.SUGGESTION_COMMENT,
        {"suggestion_id": 1, "thread_id": 3, "post_id": 4},
        {"actor", "suggestion", "thread", "post"},
        f"{ADVISER_NAME} a commenté l'idée « L'original ».",
    ),
    (
        NotificationKind.SUGGESTION_COMMENT,
        {"suggestion_id": 1, "thread_id": 3, "post_id": 4},
        {"actor", "suggestion"},
        "Un commentaire sur l'idée « L'original » n'est plus visible.",
    ),
    (
        NotificationKind.SUGGESTION_COMMENT,
        {"suggestion_id": 1, "thread_id": 3, "post_id": 4},
        {"actor"},
        "Un commentaire sur une idée que vous suivez ; elle n'est plus visible.",
    ),
    (
        NotificationKind.SENSITIVE_NUMBER_MASKED,
        {"thread_id": 3, "masked_kinds": "IBAN"},
        {"actor", "thread"},
        f"{ADVISER_NAME} a écrit un IBAN dans le fil « Ma question » : masqué avant "
        "publication. Contactez ce client si besoin.",
    ),
    (
        NotificationKind.SENSITIVE_NUMBER_MASKED,
        {"thread_id": 3, "masked_kinds": "IBAN,PAYMENT_CARD,PHONE_NUMBER"},
        set(),
        "Un client a écrit un IBAN, un numéro de carte et un numéro de téléphone dans un fil "
        "qui n'est plus visible : masqué avant publication. Contactez ce client si besoin.",
    ),
    (
        NotificationKind.SENSITIVE_NUMBER_MASKED,
        {"thread_id": 3, "post_id": 4, "masked_kinds": "SOCIAL_SECURITY_NUMBER"},
        {"actor", "thread", "post"},
        f"{ADVISER_NAME} a écrit un numéro de sécurité sociale dans une réponse dans « Ma "
        "question » : masqué avant publication. Contactez ce client si besoin.",
    ),
    (
        NotificationKind.SENSITIVE_NUMBER_MASKED,
        {"thread_id": 3, "post_id": 4, "masked_kinds": "PHONE_NUMBER"},
        {"actor", "thread"},
        f"{ADVISER_NAME} a écrit un numéro de téléphone dans une réponse qui n'est plus "
        "visible : masqué avant publication. Contactez ce client si besoin.",
    ),
    (
        NotificationKind.SENSITIVE_NUMBER_MASKED,
        {"suggestion_id": 1, "thread_id": 3, "post_id": 4, "masked_kinds": "PAYMENT_CARD"},
        {"actor", "suggestion", "thread", "post"},
        f"{ADVISER_NAME} a écrit un numéro de carte dans un commentaire sur l'idée "
        "« L'original » : masqué avant publication. Contactez ce client si besoin.",
    ),
    (
        NotificationKind.SENSITIVE_NUMBER_MASKED,
        {"suggestion_id": 1, "masked_kinds": "IBAN,PAYMENT_CARD"},
        {"suggestion"},
        "Un client a écrit un IBAN et un numéro de carte dans l'idée « L'original » : masqué "
        "avant publication. Contactez ce client si besoin.",
    ),
    (
        NotificationKind.SENSITIVE_NUMBER_MASKED,
        {"suggestion_id": 1, "masked_kinds": "IBAN"},
        {"actor"},
        f"{ADVISER_NAME} a écrit un IBAN dans une idée qui n'est plus visible : masqué avant "
        "publication. Contactez ce client si besoin.",
    ),
]


@pytest.mark.parametrize(("kind", "facts", "seen", "text"), CASES)
def test_each_builder_quotes_only_what_is_shown(
    kind: NotificationKind, facts: dict[str, Any], seen: set[str], text: str
) -> None:
    rows = _rows()
    shown = Shown(**{name: row for name, row in rows.items() if name in seen})
    assert render(_note(kind, **facts), shown) == text
    # Whatever is not shown is never quoted.
    for name, row in rows.items():
        if name not in seen and name != "actor" and hasattr(row, "title"):
            assert row.title not in text


def test_every_kind_has_one_builder() -> None:
    assert set(NotificationBuilder.registry) == set(NotificationKind)
    assert {
        OfficialAnswer,
        QuestionResolved,
        SuggestionStatusChanged,
        DecisionPublished,
        SuggestionMarkedDuplicate,
        ContentHidden,
        ThreadReplied,
        SuggestionCommented,
        SensitiveNumberMasked,
    } == set(NotificationBuilder.registry.values())


def test_the_database_refuses_a_notification_missing_what_its_text_needs(
    customer: Member,
) -> None:
    idea = SuggestionFactory.create()
    incomplete: list[dict[str, Any]] = [
        {"kind": NotificationKind.SUGGESTION_STATUS_CHANGED, "suggestion": idea},
        {"kind": NotificationKind.DECISION_PUBLISHED, "suggestion": idea},
        {"kind": NotificationKind.SUGGESTION_MARKED_DUPLICATE, "suggestion": idea},
        {"kind": NotificationKind.CONTENT_HIDDEN, "suggestion": idea},
        {"kind": NotificationKind.OFFICIAL_ANSWER, "thread": ThreadFactory.create()},
        {"kind": NotificationKind.QUESTION_RESOLVED},
        {"kind": NotificationKind.THREAD_REPLY, "thread": ThreadFactory.create()},
        {"kind": NotificationKind.SUGGESTION_COMMENT, "post": PostFactory.create()},
        {"kind": NotificationKind.SENSITIVE_NUMBER_MASKED, "masked_kinds": "IBAN"},
        {"kind": NotificationKind.SENSITIVE_NUMBER_MASKED, "thread": ThreadFactory.create()},
    ]
    for i, fields in enumerate(incomplete):
        with pytest.raises(IntegrityError), transaction.atomic():
            Notification.objects.create(
                recipient=customer, event_key=f"k{i}", created_at=timezone.now(), **fields
            )
    assert not Notification.objects.exists()
