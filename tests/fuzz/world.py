"""The fuzz suite's data set, and the invariants every state of the database must keep.

The data set holds a row of every kind in every state the API distinguishes (open, answered,
resolved, closed and locked threads; hidden content; internal notes; edited replies;
suggestions in each status, a duplicate, a discussion; a meeting with an agenda, scores, a
draft and published decisions; notifications, follows, open and resolved flags), written
directly as the services would have left them (the invariants hold from the start), with
no audit event, so `delete_community` can remove it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from models.models import (
    AgendaItem,
    Category,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Evaluation,
    Flag,
    FlagReason,
    Follow,
    Member,
    Notification,
    NotificationKind,
    Post,
    PostRevision,
    Role,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
    ThreadStatus,
    Vote,
)
from resolvers.services.notifications import DecisionPublished, OfficialAnswer
from schema.core.ids import encode_id
from tests.factories import AdviserFactory, ChairFactory, CommitteeFactory, CustomerFactory

S = SuggestionStatus

# Node types → model, for the real IDs the generators draw from.
NODE_MODELS: dict[str, type[Any]] = {
    "Member": Member,
    "Category": Category,
    "Thread": Thread,
    "Post": Post,
    "Suggestion": Suggestion,
    "StatusChange": StatusChange,
    "Decision": Decision,
    "CommitteeMeeting": CommitteeMeeting,
    "Evaluation": Evaluation,
    "Notification": Notification,
    "Flag": Flag,
    "PostRevision": PostRevision,
}


@dataclass(repr=False)
class World:
    members: dict[str, Member]
    # Global IDs of every row, by GraphQL type.
    ids: dict[str, list[str]]
    usernames: list[str]
    # A row with some of everything under it, by type: a thread with replies, a suggestion
    # with votes and comments.
    anchors: dict[str, str]
    # Cursors the API handed out, and each role's session key (filled in by the test module).
    cursors: list[str] = field(default_factory=list)
    sessions: dict[str, str] = field(default_factory=dict)
    # Every row as built (`snapshot`), which each example starts from.
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"World({sum(len(ids) for ids in self.ids.values())} rows)"


def _suggestion(
    author: Member,
    title: str,
    history: list[SuggestionStatus],
    *,
    actor: Member,
    voters: list[Member],
    **fields: Any,
) -> Suggestion:
    """A suggestion that went through `history` (from SUBMITTED), with its author's vote
    and those of `voters` (customers), its stored count equal to its rows."""
    status = history[-1] if history else S.SUBMITTED
    suggestion = Suggestion.objects.create(
        author=author, title=title, body=f"{title} : le détail.", status=status, **fields
    )
    previous = S.SUBMITTED
    for step in history:
        StatusChange.objects.create(
            suggestion=suggestion, from_status=previous, to_status=step, actor=actor
        )
        previous = step
    for voter in {author, *voters}:
        Vote.objects.create(member=voter, suggestion=suggestion)
    Suggestion.objects.filter(pk=suggestion.pk).update(vote_count=len({author, *voters}))
    suggestion.refresh_from_db()
    return suggestion


def build_world() -> World:
    """Write the data set (committed by the caller's fixture) and return its references."""
    now = timezone.now()
    claire = CustomerFactory.create(username="fuzz-claire", display_name="Claire")
    bruno = CustomerFactory.create(username="fuzz-bruno", display_name="Bruno")
    quiet = CustomerFactory.create(username="fuzz-quiet", display_name="Quiet")
    julien = AdviserFactory.create(username="fuzz-julien", display_name="Julien (conseiller)")
    AdviserFactory.create(username="fuzz-alice", display_name="Alice (conseillère)")
    sophie = CommitteeFactory.create(username="fuzz-sophie", display_name="Sophie (comité)")
    helene = ChairFactory.create(username="fuzz-helene", display_name="Hélène (présidente)")
    members = {
        "customer": claire,
        "other_customer": bruno,
        "adviser": julien,
        "committee": sophie,
        "chair": helene,
    }

    cafe = Category.objects.create(name="Questions & support", slug="questions", position=0)
    talk = Category.objects.create(name="Discussions", slug="discussions", position=1)
    labo = Category.objects.create(
        name="Le Labo", slug="le-labo", position=2, accepts_threads=False
    )

    def thread(author: Member, title: str, **fields: Any) -> Thread:
        fields.setdefault("kind", ThreadKind.QUESTION)
        fields.setdefault("category", cafe)
        return Thread.objects.create(author=author, title=title, body=f"{title} ?", **fields)

    thread(claire, "Carte bloquée à l'étranger")
    answered = thread(
        claire, "Relevés par courrier", status=ThreadStatus.ANSWERED, first_response_at=now
    )
    official = Post.objects.create(
        thread=answered, author=julien, body="Dans vos préférences.", is_official=True
    )
    Post.objects.create(thread=answered, author=claire, body="Merci, je regarde.")
    Post.objects.create(thread=answered, author=julien, body="À rappeler.", is_internal=True)
    edited = Post.objects.create(thread=answered, author=claire, body="Texte corrigé.")
    PostRevision.objects.create(post=edited, body="Texte initial.", edited_by=claire)
    Post.objects.filter(pk=edited.pk).update(edited_at=now)
    resolved = thread(
        bruno,
        "Virement instantané",
        status=ThreadStatus.RESOLVED,
        first_response_at=now,
        resolved_at=now,
    )
    accepted = Post.objects.create(
        thread=resolved, author=julien, body="C'est activé.", is_official=True
    )
    Thread.objects.filter(pk=resolved.pk).update(accepted_post=accepted)
    discussion = thread(bruno, "Vos applis préférées", kind=ThreadKind.DISCUSSION, category=talk)
    Post.objects.create(thread=discussion, author=claire, body="L'appli mobile.")
    hidden_post = Post.objects.create(
        thread=discussion,
        author=claire,
        body="Mon IBAN est ****",
        hidden_at=now,
        hidden_by=julien,
        hidden_reason="Données personnelles",
    )
    thread(claire, "Fermé", kind=ThreadKind.DISCUSSION, category=talk, status=ThreadStatus.CLOSED)
    thread(bruno, "Verrouillé", is_locked=True, assigned_adviser=julien)
    thread(
        bruno,
        "Masqué",
        kind=ThreadKind.DISCUSSION,
        category=talk,
        hidden_at=now,
        hidden_by=julien,
        hidden_reason="Spam",
    )

    submitted = _suggestion(claire, "Désactiver la publicité", [], actor=julien, voters=[bruno])
    _suggestion(bruno, "Épargne automatique", [S.UNDER_REVIEW], actor=julien, voters=[claire])
    shortlisted = _suggestion(
        claire,
        "Nommer les comptes externes",
        [S.UNDER_REVIEW, S.SHORTLISTED],
        actor=julien,
        voters=[bruno, quiet],
    )
    retained = _suggestion(
        bruno,
        "Paiement sans contact",
        [S.UNDER_REVIEW, S.SHORTLISTED, S.RETAINED],
        actor=helene,
        voters=[claire],
        target_period="2027 Q3",
        public_response="Retenue.",
    )
    in_progress = _suggestion(
        claire,
        "Opérations à venir",
        [S.UNDER_REVIEW, S.SHORTLISTED, S.RETAINED, S.IN_PROGRESS],
        actor=julien,
        voters=[],
        target_period="2027 Q1",
    )
    rejected = _suggestion(
        bruno,
        "Taux progressif",
        [S.UNDER_REVIEW, S.SHORTLISTED, S.REJECTED],
        actor=helene,
        voters=[],
        public_response="Trop coûteux.",
    )
    _suggestion(
        bruno,
        "Publicité par courrier",
        [S.DUPLICATE],
        actor=julien,
        voters=[],
        duplicate_of=submitted,
    )
    _suggestion(
        claire,
        "Idée masquée",
        [],
        actor=julien,
        voters=[],
        hidden_at=now,
        hidden_by=julien,
        hidden_reason="Hors sujet",
    )
    labo_thread = Thread.objects.create(
        author=claire,
        category=labo,
        kind=ThreadKind.DISCUSSION,
        title=submitted.title,
        body=submitted.body,
        suggestion=submitted,
    )
    Post.objects.create(thread=labo_thread, author=bruno, body="J'y tiens aussi.")
    Follow.objects.create(member=claire, suggestion=submitted)
    Follow.objects.create(member=bruno, suggestion=shortlisted)

    meeting = CommitteeMeeting.objects.create(
        title="Comité de juin", scheduled_for=now + timedelta(days=7), chair=helene
    )
    past = CommitteeMeeting.objects.create(
        title="Comité de mars", scheduled_for=now - timedelta(days=60), chair=helene
    )
    AgendaItem.objects.create(meeting=meeting, suggestion=shortlisted, position=0)
    for suggestion in (retained, rejected, in_progress):
        AgendaItem.objects.create(meeting=past, suggestion=suggestion, position=0)
    Evaluation.objects.create(
        meeting=meeting,
        suggestion=shortlisted,
        evaluator=sophie,
        customer_benefit=5,
        technical_feasibility=4,
        cost=3,
        time_to_deliver=3,
        comment="Simple.",
    )
    Decision.objects.create(
        suggestion=shortlisted,
        meeting=meeting,
        outcome=DecisionOutcome.DEFERRED,
        public_rationale="Plus tard.",
        recorded_by=helene,
    )
    for suggestion, outcome, extra in (
        (retained, DecisionOutcome.RETAINED, {"target_period": "2027 Q3"}),
        (in_progress, DecisionOutcome.RETAINED, {"target_period": "2027 Q1"}),
        (rejected, DecisionOutcome.REJECTED, {"public_rationale": "Trop coûteux."}),
    ):
        Decision.objects.create(
            suggestion=suggestion,
            meeting=past,
            outcome=outcome,
            recorded_by=helene,
            published_at=now - timedelta(days=50),
            **extra,
        )
    OfficialAnswer.event(post=official).row(claire.pk, created_at=now).save()
    DecisionPublished.event(decision=retained.decisions.get(), actor=helene).row(
        claire.pk, created_at=now, read_at=now
    ).save()
    Flag.objects.create(reporter=claire, thread=discussion, reason=FlagReason.OFF_TOPIC)
    Flag.objects.create(
        reporter=bruno,
        post=hidden_post,
        reason=FlagReason.PERSONAL_DATA,
        resolved_at=now,
        resolved_by=julien,
    )
    Flag.objects.create(reporter=bruno, suggestion=submitted, reason=FlagReason.SPAM, text="Pub")

    ids = {
        name: [
            encode_id(name, pk) for pk in model.objects.order_by("pk").values_list("pk", flat=True)
        ]
        for name, model in NODE_MODELS.items()
    }
    usernames = list(Member.objects.order_by("pk").values_list("username", flat=True))
    anchors = {
        "Thread": encode_id("Thread", answered.pk),
        "Suggestion": encode_id("Suggestion", submitted.pk),
    }
    return World(members=members, ids=ids, usernames=usernames, anchors=anchors)


# --- What must hold after any request --------------------------------------------------------


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the community app (the data set is small), but the rate-limit counters:
    counting a refused attempt is their purpose, not a half-written change."""
    return {
        model.__name__: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_app_config("community").get_models()
        if model.__name__ != "Counter"
    }


def rows_written() -> dict[str, int]:
    """Rows inserted, updated or deleted so far on this connection, by table where the
    database tells (PostgreSQL: in the current transaction; SQLite: one total). Compared
    before and after a request, it says whether the request tried to write anything at all
    (an UPDATE that changes no value counts too, and so does a write rolled back since):
    when it did not, the rows need no comparing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            )
            return {name: count for name, count in cursor.fetchall() if count}
        cursor.execute("SELECT total_changes()")
        return {"(all tables)": cursor.fetchone()[0]}


def broken_invariants() -> list[str]:
    """What no request, however malformed, may leave behind: counts that disagree with rows,
    and changes recorded in one table but not in the one that goes with it."""
    broken: list[str] = []

    votes = Counter(Vote.objects.values_list("suggestion_id", flat=True))
    suggestions = list(Suggestion.objects.values_list("pk", "status", "vote_count"))
    broken += [
        f"suggestion {pk}: vote_count {count} != {votes[pk]} votes"
        for pk, _, count in suggestions
        if count != votes[pk]
    ]
    broken += [
        f"vote {pk} by a {role}"
        for pk, role in Vote.objects.exclude(member__role=Role.CUSTOMER).values_list(
            "pk", "member__role"
        )
    ]

    history: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for suggestion_id, before, after in StatusChange.objects.order_by(
        "created_at", "pk"
    ).values_list("suggestion_id", "from_status", "to_status"):
        history[suggestion_id].append((before, after))
    for pk, current, _ in suggestions:
        status = S.SUBMITTED.value
        for before, after in history[pk]:
            if before != status:
                broken.append(f"suggestion {pk}: history jumps from {status} to {before}")
            status = after
        if current != status:
            broken.append(f"suggestion {pk} is {current}, its history says {status}")
    published = set(
        Decision.objects.filter(published_at__isnull=False).values_list("suggestion_id", "outcome")
    )
    for suggestion_id, outcome in published:
        if all(after != outcome for _, after in history[suggestion_id]):
            broken.append(f"published {outcome} decision moved suggestion {suggestion_id} nowhere")

    posts = {
        pk: (thread_id, official, internal, edited)
        for pk, thread_id, official, internal, edited in Post.objects.values_list(
            "pk", "thread_id", "is_official", "is_internal", "edited_at"
        )
    }
    # Each notification tells of the event its key names (`resolvers/services`), and points
    # at what that event touched.
    decisions = {
        pk: (suggestion_id, published_at is not None)
        for pk, suggestion_id, published_at in Decision.objects.values_list(
            "pk", "suggestion_id", "published_at"
        )
    }
    changes = dict(StatusChange.objects.values_list("pk", "suggestion_id"))
    discussions = dict(Thread.objects.values_list("pk", "suggestion_id"))
    duplicates = dict(
        Suggestion.objects.filter(status=S.DUPLICATE).values_list("pk", "duplicate_of_id")
    )
    for pk, kind, key, suggestion_id, thread_id, post_id in Notification.objects.values_list(
        "pk", "kind", "event_key", "suggestion_id", "thread_id", "post_id"
    ):
        parts = key.split(":")
        ref = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        post = posts.get(post_id or 0)
        if kind == NotificationKind.DECISION_PUBLISHED:
            ok = decisions.get(ref or 0) == (suggestion_id, True)
        elif kind == NotificationKind.SUGGESTION_STATUS_CHANGED:
            ok = ref in changes and changes[ref] == suggestion_id
        elif kind == NotificationKind.SUGGESTION_MARKED_DUPLICATE:
            ok = ref in duplicates and duplicates[ref] == suggestion_id
        elif kind == NotificationKind.OFFICIAL_ANSWER:
            ok = ref == post_id and post is not None and post[1] and not post[2]
        elif kind == NotificationKind.QUESTION_RESOLVED:
            ok = parts[0] == "thread" and ref == thread_id
        elif kind in (NotificationKind.THREAD_REPLY, NotificationKind.SUGGESTION_COMMENT):
            # A reply (not an internal note) in the thread named: a café thread's, or the
            # discussion of the suggestion named.
            reply = kind == NotificationKind.THREAD_REPLY
            ok = (
                ref == post_id
                and parts[-1] == ("reply" if reply else "comment")
                and post is not None
                and post[0] == thread_id
                and not post[2]
                and discussions.get(thread_id or 0, 0) == (None if reply else suggestion_id)
            )
        elif kind == NotificationKind.SENSITIVE_NUMBER_MASKED:
            # A customer's text with a number masked: the thread, reply or idea its key names.
            named = {"thread": thread_id, "post": post_id, "suggestion": suggestion_id}
            ok = ref is not None and parts[2:3] == ["masked"] and named.get(parts[0]) == ref
        else:
            ok = kind == NotificationKind.CONTENT_HIDDEN and "hidden" in parts
        if not ok:
            broken.append(f"notification {pk} ({kind}, {key}) tells of no such event")

    edited = {pk for pk, post in posts.items() if post[3] is not None}
    revised = set(PostRevision.objects.values_list("post_id", flat=True))
    if edited != revised:
        broken.append(f"edited posts {sorted(edited)} != posts with revisions {sorted(revised)}")

    answered = {
        thread for thread, official, internal, _ in posts.values() if official and not internal
    }
    for (
        pk,
        kind,
        status,
        accepted,
        resolved_at,
        first_response,
        suggestion_id,
        open_category,
    ) in Thread.objects.values_list(
        "pk",
        "kind",
        "status",
        "accepted_post_id",
        "resolved_at",
        "first_response_at",
        "suggestion_id",
        "category__accepts_threads",
    ):
        if accepted is not None and (
            posts[accepted][0] != pk or status not in (ThreadStatus.RESOLVED, ThreadStatus.CLOSED)
        ):
            broken.append(f"thread {pk} ({status}) accepts post {accepted}")
        if status == ThreadStatus.RESOLVED and resolved_at is None:
            broken.append(f"thread {pk} resolved without a time")
        if kind == ThreadKind.QUESTION and pk in answered and first_response is None:
            broken.append(f"question {pk} answered without a first-response time")
        if suggestion_id is not None and open_category:
            broken.append(f"discussion {pk} of a suggestion outside Le Labo")

    open_on_hidden = Flag.objects.filter(resolved_at__isnull=True).filter(
        Q(thread__hidden_at__isnull=False)
        | Q(post__hidden_at__isnull=False)
        | Q(suggestion__hidden_at__isnull=False)
    )
    broken += [
        f"flag {pk} still open on hidden content"
        for pk in open_on_hidden.values_list("pk", flat=True)
    ]
    return broken
