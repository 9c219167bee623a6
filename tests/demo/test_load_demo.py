"""`manage.py load_demo`: the demo community of DESIGN's reference story.

The load takes a couple of seconds, so it runs once for the module (committed to the test
database, deleted after the last test); each test then reads it inside its own transaction.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from config.demo import delete_community
from config.demo.notifications import UNREAD_DAYS
from models.models import (
    AuditEvent,
    Decision,
    DecisionOutcome,
    Flag,
    FlagReason,
    Follow,
    Member,
    Notification,
    NotificationKind,
    Post,
    Role,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    ThreadKind,
    ThreadStatus,
    Vote,
)
from permissions.roles import Viewer
from resolvers.selectors.notifications import notification_texts
from tests.factories import CustomerFactory
from tests.graphql import iso

pytestmark = pytest.mark.django_db

# What the Makefile shows newcomers, exactly.
LOGINS_BLOCK = """\
Demo logins (password: comptoir-demo):
  customer          demo-client
  adviser           demo-conseiller
  committee member  demo-comite
  committee chair   demo-president
  staff (admin)     demo-staff
"""

TOP_TITLE = "Pouvoir désactiver la publicité par courrier"
STORY_TITLES = (
    TOP_TITLE,
    "Personnaliser le nom des comptes externes dans l'écran de virement",
    "Mieux afficher les opérations à venir",
    "Proposer une offre de crédit immobilier",
    "Le paiement sans contact (NFC) sur la carte",
    "Mettre en place l'épargne automatique",
    "Des taux d'épargne progressifs",
)

S = SuggestionStatus
# The status machine of DESIGN §3; the committee's outcomes come from a published decision.
TRANSITIONS = {
    (S.SUBMITTED, S.UNDER_REVIEW),
    (S.UNDER_REVIEW, S.SHORTLISTED),
    (S.SHORTLISTED, S.RETAINED),
    (S.SHORTLISTED, S.DEFERRED),
    (S.SHORTLISTED, S.REJECTED),
    (S.DEFERRED, S.SHORTLISTED),
    (S.RETAINED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.DELIVERED),
    (S.SUBMITTED, S.DUPLICATE),
    (S.UNDER_REVIEW, S.DUPLICATE),
}
DECIDED = (S.RETAINED, S.DEFERRED, S.REJECTED, S.IN_PROGRESS, S.DELIVERED)


@pytest.fixture(scope="module")
def demo_output(demo_community: str) -> str:
    return demo_community


def _table_counts() -> dict[str, int]:
    models = [
        *apps.get_app_config("community").get_models(),
        *apps.get_app_config("auth").get_models(),
    ]
    return {m._meta.label: m._default_manager.count() for m in models}


def test_prints_a_summary_then_the_logins(demo_output: str) -> None:
    summary, rest = demo_output.split("\n", 1)
    assert summary.startswith("Loaded the demo community: 2,400 members (2,390 customers,")
    assert rest == LOGINS_BLOCK


def test_members_have_the_story_roles(demo_output: str) -> None:
    assert 2_350 <= Member.objects.count() <= 2_450
    assert Member.objects.filter(role=Role.ADVISER).count() == 5
    assert Member.objects.filter(role=Role.COMMITTEE).count() == 5
    assert list(
        Member.objects.filter(is_committee_chair=True).values_list("username", flat=True)
    ) == ["demo-president"]
    numbers = list(
        Member.objects.filter(role=Role.CUSTOMER).values_list("customer_number", flat=True)
    )
    assert all(re.fullmatch(r"C\d{8}", n or "") for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert (
        not Member.objects.exclude(role=Role.CUSTOMER)
        .filter(customer_number__isnull=False)
        .exists()
    )
    assert not Member.objects.exclude(email__endswith="@example.test").exists()
    assert all(u.isascii() for u in Member.objects.values_list("username", flat=True))
    # Everyone joined within the four months, and nobody logged in before joining or later than now.
    now = timezone.now()
    assert not Member.objects.filter(date_joined__lt=now - timedelta(days=121)).exists()
    assert not Member.objects.filter(
        Q(last_login__lt=F("date_joined")) | Q(last_login__gt=now)
    ).exists()
    assert Member.objects.filter(last_login__isnull=False).count() > 2_000


@pytest.mark.parametrize(
    ("username", "role", "chair", "staff"),
    [
        ("demo-client", Role.CUSTOMER, False, False),
        ("demo-conseiller", Role.ADVISER, False, False),
        ("demo-comite", Role.COMMITTEE, False, False),
        ("demo-president", Role.COMMITTEE, True, False),
        ("demo-staff", Role.ADVISER, False, True),
    ],
)
def test_demo_logins_authenticate(
    demo_output: str, username: str, role: Role, chair: bool, staff: bool
) -> None:
    member = authenticate(None, username=username, password="comptoir-demo")
    assert isinstance(member, Member)
    assert (member.username, member.role, member.is_committee_chair) == (username, role, chair)
    assert (member.is_staff, member.is_superuser) == (staff, staff)


def test_other_members_cannot_log_in(demo_output: str) -> None:
    others = Member.objects.exclude(username__startswith="demo-")
    assert others.count() == Member.objects.count() - 5
    assert not others.exclude(password__startswith="!").exists()


def test_the_most_liked_idea_has_129_votes_and_was_retained(demo_output: str) -> None:
    top, runner_up = Suggestion.objects.order_by("-vote_count", "id")[:2]
    assert top.title == TOP_TITLE
    assert Vote.objects.filter(suggestion=top).count() == 129
    assert runner_up.vote_count < 129
    assert top.status == SuggestionStatus.RETAINED
    decision = Decision.objects.get(suggestion=top)
    assert decision.outcome == DecisionOutcome.RETAINED
    assert decision.published_at is not None
    assert re.fullmatch(r"\d{4} Q[1-4]", decision.target_period)
    assert top.target_period == decision.target_period
    assert Vote.objects.filter(suggestion=top, member__username="demo-client").exists()


def test_every_vote_count_equals_its_vote_rows(demo_output: str) -> None:
    wrong = Suggestion.objects.annotate(rows=Count("votes")).exclude(vote_count=F("rows"))
    assert list(wrong.values_list("title", flat=True)) == []


def test_only_customers_vote_and_authors_voted_for_their_idea(demo_output: str) -> None:
    assert not Vote.objects.exclude(member__role=Role.CUSTOMER).exists()
    assert not Suggestion.objects.exclude(author__role=Role.CUSTOMER).exists()
    originals = Suggestion.objects.exclude(status=SuggestionStatus.DUPLICATE)
    assert not originals.exclude(votes__member=F("author")).exists()
    # A duplicate's votes were moved to its original.
    assert not Suggestion.objects.filter(
        status=SuggestionStatus.DUPLICATE, vote_count__gt=0
    ).exists()
    assert not Vote.objects.exclude(member__follows__suggestion=F("suggestion")).exists()
    assert not Vote.objects.filter(
        Q(created_at__lt=F("suggestion__created_at")) | Q(created_at__gt=timezone.now())
    ).exists()


def test_demo_customer_voted_for_some_of_the_fifty_most_voted(demo_output: str) -> None:
    top_fifty = Suggestion.objects.order_by("-vote_count", "id").values("id")[:50]
    voted = Vote.objects.filter(member__username="demo-client", suggestion__in=top_fifty).count()
    assert 1 < voted < 50


def test_story_ideas_were_retained_or_wait_their_turn(demo_output: str) -> None:
    statuses = dict(
        Suggestion.objects.filter(title__in=STORY_TITLES).values_list("title", "status")
    )
    assert statuses.keys() == set(STORY_TITLES)
    assert set(statuses.values()) <= {SuggestionStatus.RETAINED, SuggestionStatus.DEFERRED}
    retained_in_all = Suggestion.objects.filter(
        status__in=[S.RETAINED, S.DEFERRED, S.IN_PROGRESS, S.DELIVERED]
    ).count()
    assert 8 <= retained_in_all <= 12
    assert 250 <= Suggestion.objects.count() <= 290


def test_each_decided_idea_has_one_published_decision_matching_its_status(demo_output: str) -> None:
    expected = {
        S.RETAINED: DecisionOutcome.RETAINED,
        S.IN_PROGRESS: DecisionOutcome.RETAINED,
        S.DELIVERED: DecisionOutcome.RETAINED,
        S.DEFERRED: DecisionOutcome.DEFERRED,
        S.REJECTED: DecisionOutcome.REJECTED,
    }
    published = Decision.objects.filter(published_at__isnull=False)
    outcomes = defaultdict(list)
    for suggestion_id, outcome in published.values_list("suggestion_id", "outcome"):
        outcomes[suggestion_id].append(outcome)
    decided = Suggestion.objects.filter(status__in=DECIDED)
    assert decided.count() == len(outcomes)
    for suggestion in decided:
        assert outcomes[suggestion.pk] == [expected[SuggestionStatus(suggestion.status)]]
    assert not published.exclude(recorded_by__is_committee_chair=True).exists()
    assert not published.filter(meeting__isnull=True).exists()


def test_histories_follow_the_status_machine(demo_output: str) -> None:
    history: dict[int, list[StatusChange]] = defaultdict(list)
    for change in StatusChange.objects.order_by("created_at", "id"):
        history[change.suggestion_id].append(change)
    for suggestion in Suggestion.objects.all():
        status, at = SuggestionStatus.SUBMITTED, suggestion.created_at
        for change in history[suggestion.pk]:
            assert change.from_status == status
            assert (change.from_status, change.to_status) in TRANSITIONS
            assert change.created_at >= at
            status, at = SuggestionStatus(change.to_status), change.created_at
        assert (suggestion.status, suggestion.updated_at) == (status, at), suggestion.title


def test_about_thirty_percent_of_exchanges_are_support_questions(demo_output: str) -> None:
    # The café's threads; an idea's comments live in its own discussion in Le Labo.
    cafe = Thread.objects.filter(suggestion__isnull=True)
    questions = cafe.filter(kind=ThreadKind.QUESTION)
    assert 0.25 <= questions.count() / cafe.count() <= 0.35
    assert set(questions.values_list("category__slug", flat=True)) == {"questions-support"}
    assert set(
        cafe.filter(kind=ThreadKind.DISCUSSION).values_list("category__slug", flat=True)
    ) == {"discussions"}


def test_questions_are_answered_by_advisers(demo_output: str) -> None:
    answered = Thread.objects.filter(status__in=[ThreadStatus.ANSWERED, ThreadStatus.RESOLVED])
    # The first response is the first official post (internal notes are not official).
    first_official = answered.annotate(
        official=Min("posts__created_at", filter=Q(posts__is_official=True))
    )
    assert answered.count() > 100
    assert not first_official.exclude(first_response_at=F("official")).exists()
    resolved = Thread.objects.filter(status=ThreadStatus.RESOLVED)
    assert resolved.count() > answered.count() / 2
    assert not resolved.exclude(accepted_post__is_official=True).exists()
    assert not resolved.filter(resolved_at__isnull=True).exists()
    still_open = Thread.objects.filter(kind=ThreadKind.QUESTION, status=ThreadStatus.OPEN)
    assert 1 <= still_open.count() <= 10
    assert not Post.objects.filter(thread__in=still_open, is_official=True).exists()
    assert not Post.objects.filter(is_official=True).exclude(author__role=Role.ADVISER).exists()


def test_last_activity_is_the_last_public_post(demo_output: str) -> None:
    threads = Thread.objects.annotate(
        last=Max("posts__created_at", filter=Q(posts__is_internal=False))
    )
    for thread in threads:
        assert thread.last_activity_at == (thread.last or thread.created_at)
    assert Thread.objects.filter(is_pinned=True).count() == 5
    assert Follow.objects.count() >= Vote.objects.count()


def test_comments_on_ideas_are_posts_in_their_labo_discussion(demo_output: str) -> None:
    labo = Thread.objects.filter(suggestion__isnull=False)
    assert 20 <= labo.count() <= 60
    assert set(labo.values_list("category__slug", "kind", "status")) == {
        ("le-labo", ThreadKind.DISCUSSION, ThreadStatus.OPEN)
    }
    assert not Thread.objects.filter(category__slug="le-labo", suggestion__isnull=True).exists()
    assert not labo.filter(is_pinned=True).exists()
    # Opened as suggestion_comment opens it: the idea's title, text, author and date.
    assert not labo.exclude(
        title=F("suggestion__title"),
        body=F("suggestion__body"),
        author=F("suggestion__author"),
        created_at=F("suggestion__created_at"),
    ).exists()
    # The most voted ideas are all discussed, every discussion has comments, and advisers
    # answered in many of them.
    top_five = Suggestion.objects.order_by("-vote_count", "id")[:5]
    assert not Suggestion.objects.filter(pk__in=top_five, discussion__isnull=True).exists()
    assert not Suggestion.objects.filter(status=S.DUPLICATE, discussion__isnull=False).exists()
    assert not labo.annotate(n=Count("posts")).filter(n=0).exists()
    comments = Post.objects.filter(thread__suggestion__isnull=False)
    assert not comments.filter(created_at__lt=F("thread__suggestion__created_at")).exists()
    assert not comments.filter(Q(is_internal=True) | Q(hidden_at__isnull=False)).exists()
    assert labo.filter(posts__is_official=True).distinct().count() >= 10
    assert comments.filter(is_official=False).exclude(author__role=Role.CUSTOMER).count() == 0


def _rows_by_suggestion(
    *models: type[Vote] | type[Follow],
) -> dict[int, list[tuple[int, datetime]]]:
    rows: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for model in models:
        for suggestion, member, at in model.objects.values_list(
            "suggestion_id", "member_id", "created_at"
        ):
            rows[suggestion].append((member, at))
    return rows


def _recipients() -> dict[str, set[int]]:
    told: dict[str, set[int]] = defaultdict(set)
    for key, member in Notification.objects.values_list("event_key", "recipient_id"):
        told[key].add(member)
    return told


# Texts are rendered for each recipient (a few queries each): the kinds with thousands of
# notifications check the first ones, their facts all of them.
SAMPLE = 300


def _texts(notes: Iterable[Notification]) -> dict[int, str]:
    """Each notification's text as its recipient reads it now, by notification id (the
    API's selector, one batch per recipient)."""
    by_recipient: dict[int, list[Notification]] = defaultdict(list)
    for note in notes:
        by_recipient[note.recipient_id].append(note)
    members = Member.objects.in_bulk(list(by_recipient))
    texts: dict[int, str] = {}
    for pk, group in by_recipient.items():
        found = notification_texts(viewer=Viewer(members[pk]), notes=group)
        texts.update((note.pk, text) for note, text in found.items())
    return texts


def test_published_decisions_notified_their_supporters(demo_output: str) -> None:
    chair = Member.objects.get(is_committee_chair=True)
    supporters = _rows_by_suggestion(Vote, Follow)
    told = _recipients()
    published = Decision.objects.filter(published_at__isnull=False).select_related("suggestion")
    assert published.count() > 10
    for decision in published:
        assert decision.published_at is not None
        # Voters and followers as the service found them when the chair published: those
        # who came later were not there to be told.
        expected = {
            m for m, at in supporters[decision.suggestion_id] if at < decision.published_at
        } - {chair.pk}
        assert expected, decision.suggestion.title
        assert told[f"decision:{decision.pk}:published"] == expected
    notes = Notification.objects.filter(kind=NotificationKind.DECISION_PUBLISHED)
    by_key = {f"decision:{d.pk}:published": d for d in published}
    texts = _texts(notes.order_by("pk")[:SAMPLE])
    for note in notes.select_related("suggestion"):
        decision = by_key[note.event_key]
        assert (note.actor_id, note.suggestion_id, note.outcome, note.created_at) == (
            chair.pk,
            decision.suggestion_id,
            decision.outcome,
            decision.published_at,
        )
        label = DecisionOutcome(decision.outcome).label
        if note.pk in texts:
            text = f"Le comité a décidé : « {decision.suggestion.title} » — {label}."
            assert texts[note.pk] == text
    assert notes.count() == sum(len(told[key]) for key in by_key)


def test_adviser_status_changes_notified_followers(demo_output: str) -> None:
    followers = _rows_by_suggestion(Follow)
    told = _recipients()
    notified_moves = {S.UNDER_REVIEW, S.SHORTLISTED, S.IN_PROGRESS, S.DELIVERED}
    changes = {c.pk: c for c in StatusChange.objects.select_related("suggestion", "actor")}
    for change in changes.values():
        key = f"status_change:{change.pk}"
        if change.to_status in notified_moves:
            assert change.actor.role == Role.ADVISER
            expected = {m for m, at in followers[change.suggestion_id] if at < change.created_at}
            assert told[key] == expected - {change.actor_id}
            assert told[key]
        else:
            # A published decision and a merge tell supporters in their own way.
            assert key not in told
    notes = Notification.objects.filter(kind=NotificationKind.SUGGESTION_STATUS_CHANGED)
    texts = _texts(notes.order_by("pk")[:SAMPLE])
    for note in notes:
        change = changes[int(note.event_key.removeprefix("status_change:"))]
        before, after = S(change.from_status).label, S(change.to_status).label
        if note.pk in texts:
            assert texts[note.pk] == f"« {change.suggestion.title} » : {before} → {after}."
        assert (
            note.actor_id,
            note.suggestion_id,
            note.from_status,
            note.to_status,
            note.created_at,
        ) == (
            change.actor_id,
            change.suggestion_id,
            change.from_status,
            change.to_status,
            change.created_at,
        )


def test_merged_duplicates_told_their_authors(demo_output: str) -> None:
    duplicates = Suggestion.objects.filter(status=S.DUPLICATE).select_related("duplicate_of")
    assert duplicates.count() == 6
    notes = Notification.objects.filter(kind=NotificationKind.SUGGESTION_MARKED_DUPLICATE)
    assert notes.count() == 6
    texts = _texts(notes)
    for duplicate in duplicates:
        assert duplicate.duplicate_of is not None
        merge = StatusChange.objects.get(suggestion=duplicate, to_status=S.DUPLICATE)
        note = notes.get(event_key=f"duplicate:{duplicate.pk}")
        assert (
            note.recipient_id,
            note.actor_id,
            note.suggestion_id,
            note.duplicate_id,
            note.created_at,
        ) == (
            duplicate.author_id,
            merge.actor_id,
            duplicate.duplicate_of_id,
            duplicate.pk,
            merge.created_at,
        )
        assert merge.public_note == (
            "Cette idée en rejoint une plus ancienne qui dit la même chose : les votes y ont "
            "été reportés. Rendez-vous là-bas !"
        )
        assert texts[note.pk] == (
            f"« {duplicate.title} » rejoint « {duplicate.duplicate_of.title} » : vos votes suivent."
        )


def test_official_answers_and_resolutions_told_the_question_author(demo_output: str) -> None:
    answers = Post.objects.filter(
        is_official=True, is_internal=False, thread__kind=ThreadKind.QUESTION
    ).select_related("thread", "author")
    notes = Notification.objects.filter(kind=NotificationKind.OFFICIAL_ANSWER)
    assert notes.count() == answers.count() > 100
    told = {n.event_key: n for n in notes}
    texts = _texts(notes)
    for post in answers:
        note = told[f"post:{post.pk}:official_answer"]
        assert (note.recipient_id, note.actor_id, note.thread_id, note.post_id) == (
            post.thread.author_id,
            post.author_id,
            post.thread_id,
            post.pk,
        )
        assert note.created_at == post.created_at
        assert texts[note.pk] == (
            f"{post.author.display_name} a répondu à votre question « {post.thread.title} »."
        )
    # Advisers marked some questions resolved for their authors, who were told.
    resolved = Notification.objects.filter(kind=NotificationKind.QUESTION_RESOLVED)
    assert 5 <= resolved.count() <= 60
    texts = _texts(resolved)
    for note in resolved.select_related("thread", "actor"):
        thread = note.thread
        assert thread is not None and thread.resolved_at is not None
        assert thread.status == ThreadStatus.RESOLVED
        assert note.actor is not None and note.actor.role == Role.ADVISER
        assert (note.recipient_id, note.created_at) == (thread.author_id, thread.resolved_at)
        assert note.event_key == f"thread:{thread.pk}:resolved:{iso(thread.resolved_at)}"
        assert texts[note.pk] == (
            f"Votre question « {thread.title} » a été marquée résolue par "
            f"{note.actor.display_name}."
        )


def test_one_post_was_hidden_and_its_author_told_why(demo_output: str) -> None:
    assert not Thread.objects.filter(hidden_at__isnull=False).exists()
    assert not Suggestion.objects.filter(hidden_at__isnull=False).exists()
    post = Post.objects.select_related("thread", "hidden_by").get(hidden_at__isnull=False)
    assert post.hidden_at is not None and post.hidden_by is not None
    assert post.hidden_by.role == Role.ADVISER
    assert post.hidden_reason
    assert post.created_at < post.hidden_at < timezone.now()
    assert (post.thread.kind, post.thread.category.slug) == (ThreadKind.DISCUSSION, "discussions")
    assert post.author.role == Role.CUSTOMER
    note = Notification.objects.get(kind=NotificationKind.CONTENT_HIDDEN)
    assert (
        note.recipient_id,
        note.actor_id,
        note.thread_id,
        note.post_id,
        note.reason,
        note.created_at,
    ) == (
        post.author_id,
        post.hidden_by_id,
        post.thread_id,
        post.pk,
        post.hidden_reason,
        post.hidden_at,
    )
    assert note.event_key == f"post:{post.pk}:hidden:{iso(post.hidden_at)}"
    assert _texts([note])[note.pk] == (
        f"Votre réponse dans « {post.thread.title} » a été masquée par un conseiller : "
        f"{post.hidden_reason}"
    )
    # Hiding resolved the reports on it.
    reports = Flag.objects.filter(post=post)
    assert reports.count() == 2
    assert set(reports.values_list("resolved_at", "resolved_by")) == {
        (post.hidden_at, post.hidden_by_id)
    }


def test_reports_wait_in_the_queue_or_were_handled(demo_output: str) -> None:
    flags = Flag.objects.all()
    open_flags = flags.filter(resolved_at__isnull=True)
    assert open_flags.count() == 5
    assert open_flags.filter(suggestion__isnull=False).count() == 1
    assert not open_flags.filter(
        Q(post__hidden_at__isnull=False) | Q(suggestion__hidden_at__isnull=False)
    ).exists()
    assert not open_flags.filter(created_at__lt=timezone.now() - timedelta(days=8)).exists()
    resolved = flags.filter(resolved_at__isnull=False)
    assert resolved.count() == 3
    assert not resolved.exclude(resolved_by__role=Role.ADVISER).exists()
    assert not resolved.filter(resolved_at__lt=F("created_at")).exists()
    assert not flags.exclude(reporter__role=Role.CUSTOMER).exists()
    assert not flags.filter(text="").exists()
    assert set(flags.values_list("reason", flat=True)) <= set(FlagReason.values)
    # Nobody reported their own words, nor before they were written.
    assert not flags.filter(
        Q(post__author=F("reporter")) | Q(suggestion__author=F("reporter"))
    ).exists()
    assert not flags.filter(
        Q(created_at__lt=F("post__created_at")) | Q(created_at__lt=F("suggestion__created_at"))
    ).exists()


def test_notifications_are_the_services_own(demo_output: str) -> None:
    notes = Notification.objects.all()
    keys = {
        NotificationKind.DECISION_PUBLISHED: r"decision:\d+:published",
        NotificationKind.SUGGESTION_STATUS_CHANGED: r"status_change:\d+",
        NotificationKind.SUGGESTION_MARKED_DUPLICATE: r"duplicate:\d+",
        NotificationKind.OFFICIAL_ANSWER: r"post:\d+:official_answer",
        NotificationKind.QUESTION_RESOLVED: r"thread:\d+:resolved:\S+",
        NotificationKind.CONTENT_HIDDEN: r"post:\d+:hidden:\S+",
        NotificationKind.THREAD_REPLY: r"post:\d+:reply",
        NotificationKind.SUGGESTION_COMMENT: r"post:\d+:comment",
        NotificationKind.SENSITIVE_NUMBER_MASKED: r"thread:\d+:masked:\S+",
    }
    for kind, key in notes.values_list("kind", "event_key"):
        assert re.fullmatch(keys[NotificationKind(kind)], key), (kind, key)
    assert set(notes.values_list("kind", flat=True)) == set(NotificationKind.values)
    # Nobody is told of their own action, and only members are told.
    assert not notes.filter(Q(actor__isnull=True) | Q(recipient=F("actor"))).exists()
    assert not notes.filter(recipient__role=Role.COMMITTEE).exists()
    now = timezone.now()
    assert not notes.filter(created_at__gt=now).exists()
    assert not notes.filter(Q(read_at__lt=F("created_at")) | Q(read_at__gt=now)).exists()
    # Most older ones were read; recent ones wait.
    assert not notes.filter(
        created_at__gt=now - timedelta(days=UNREAD_DAYS), read_at__isnull=False
    ).exists()
    older = notes.filter(created_at__lt=now - timedelta(days=UNREAD_DAYS))
    assert older.filter(read_at__isnull=False).count() > 0.8 * older.count()
    assert notes.filter(read_at__isnull=True).count() > 100


def test_a_few_questions_carry_numbers_masked_at_load(demo_output: str) -> None:
    masked = list(Thread.objects.filter(body__contains="••").order_by("created_at"))
    assert [t.body.rsplit("\n\n", 1)[-1] for t in masked] == [
        "Pour info, le virement est parti de mon compte FR76 •••• •••• •••• •••• •••• 189.",
        "Ma carte est la •••• •••• •••• 7893, si ça peut aider.",
        "Vous pouvez me rappeler au 06 •• •• •• 78 en journée.",
        "Mon numéro de sécurité sociale, au cas où : 1 •• •• •• ••• ••• 91.",
    ]
    # Every adviser was told of each, as at a write; no full number is stored anywhere.
    advisers = set(Member.objects.filter(role=Role.ADVISER).values_list("pk", flat=True))
    told = Notification.objects.filter(kind=NotificationKind.SENSITIVE_NUMBER_MASKED)
    assert sorted(told.values_list("thread_id", "masked_kinds", "recipient_id")) == sorted(
        (t.pk, kind, adviser)
        for t, kind in zip(
            masked, ["IBAN", "PAYMENT_CARD", "PHONE_NUMBER", "SOCIAL_SECURITY_NUMBER"], strict=True
        )
        for adviser in advisers
    )
    for number in ("3000 6000", "1012 3456", "12 34 56", "85 05 78"):
        assert not Thread.objects.filter(body__contains=number).exists()
        assert not Post.objects.filter(body__contains=number).exists()


def test_demo_customer_follows_the_draft_decision_and_has_unread_news(demo_output: str) -> None:
    demo = Member.objects.get(username="demo-client")
    draft = Decision.objects.select_related("suggestion").get(published_at__isnull=True)
    idea = draft.suggestion
    assert (idea.status, draft.outcome) == (S.SHORTLISTED, DecisionOutcome.RETAINED)
    assert Vote.objects.filter(member=demo, suggestion=idea).exists()
    assert Follow.objects.filter(member=demo, suggestion=idea).exists()
    # demo-client supported it before it went to the committee, and was told.
    about = list(Notification.objects.filter(recipient=demo, suggestion=idea))
    texts = _texts(about)
    told = {(note.kind, texts[note.pk]) for note in about}
    shortlisted = (
        NotificationKind.SUGGESTION_STATUS_CHANGED,
        f"« {idea.title} » : En cours d'étude → Présentée au comité.",
    )
    assert shortlisted in told
    assert not Notification.objects.filter(event_key=f"decision:{draft.pk}:published").exists()
    assert Post.objects.filter(thread__suggestion=idea, author=demo).exists()
    # At least the two ideas shortlisted last week, which demo-client supports.
    mine = Notification.objects.filter(recipient=demo)
    assert mine.filter(read_at__isnull=True).count() >= 2
    assert mine.filter(read_at__isnull=False).count() >= 3
    assert {NotificationKind.OFFICIAL_ANSWER, NotificationKind.DECISION_PUBLISHED} <= set(
        mine.values_list("kind", flat=True)
    )


def test_a_second_run_changes_nothing(demo_output: str) -> None:
    before = _table_counts()
    assert before["community.Notification"] > 1_000
    assert before["community.Flag"] == 8
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue() == "Demo community already loaded.\n" + LOGINS_BLOCK
    assert _table_counts() == before


def test_reset_reloads_the_same_story(demo_output: str) -> None:
    def story() -> set[tuple[str, str, int]]:
        return set(Suggestion.objects.values_list("title", "status", "vote_count"))

    before_counts, before_story = _table_counts(), story()
    out = io.StringIO()
    call_command("load_demo", "--reset", stdout=out)
    assert out.getvalue().endswith(LOGINS_BLOCK)
    assert _table_counts() == before_counts
    assert story() == before_story


def test_refuses_to_mix_the_demo_with_other_members(demo_output: str) -> None:
    delete_community()
    CustomerFactory.create()
    with pytest.raises(CommandError, match="--reset"):
        call_command("load_demo", stdout=io.StringIO())


def test_reset_stops_when_the_audit_log_names_members(demo_output: str) -> None:
    staff = Member.objects.get(username="demo-staff")
    AuditEvent.objects.create(actor=staff, action="hide", target_type="Post", target_id="1")
    with pytest.raises(CommandError, match="append-only"):
        call_command("load_demo", "--reset", stdout=io.StringIO())
    assert Member.objects.filter(pk=staff.pk).exists()
