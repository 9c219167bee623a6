"""`manage.py load_demo`: the demo community of DESIGN's reference story.

The load takes a couple of seconds, so it runs once for the module (committed to the test
database, deleted after the last test); each test then reads it inside its own transaction.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from config.management.commands.load_demo import delete_community
from models.models import (
    AuditEvent,
    Decision,
    DecisionOutcome,
    Follow,
    Member,
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
from tests.factories import CustomerFactory

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
    threads = Thread.objects.count()
    questions = Thread.objects.filter(kind=ThreadKind.QUESTION)
    assert 0.25 <= questions.count() / threads <= 0.35
    assert set(questions.values_list("category__slug", flat=True)) == {"questions-support"}
    assert set(
        Thread.objects.filter(kind=ThreadKind.DISCUSSION).values_list("category__slug", flat=True)
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


def test_a_second_run_changes_nothing(demo_output: str) -> None:
    before = _table_counts()
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
