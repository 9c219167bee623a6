"""Role-named factories for tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from models.models import (
    ApiToken,
    Category,
    Decision,
    DecisionOutcome,
    Member,
    Post,
    Role,
    Suggestion,
    Thread,
    ThreadKind,
    Vote,
)

PASSWORD = "correct horse battery staple"


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    class Meta:
        model = Member

    username = factory.Sequence(lambda n: f"member{n}")
    display_name = factory.Sequence(lambda n: f"Membre {n}")
    email = factory.LazyAttribute(lambda m: f"{m.username}@example.test")
    role = Role.CUSTOMER
    customer_number = factory.Sequence(lambda n: f"C{n:08d}")
    password = factory.django.Password(PASSWORD)


class CustomerFactory(MemberFactory):
    username = factory.Sequence(lambda n: f"customer{n}")


class AdviserFactory(MemberFactory):
    username = factory.Sequence(lambda n: f"adviser{n}")
    role = Role.ADVISER
    customer_number = None  # type: ignore[assignment]


class CommitteeFactory(MemberFactory):
    username = factory.Sequence(lambda n: f"committee{n}")
    role = Role.COMMITTEE
    customer_number = None  # type: ignore[assignment]


class ChairFactory(CommitteeFactory):
    username = factory.Sequence(lambda n: f"chair{n}")
    is_committee_chair = True


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class ThreadFactory(factory.django.DjangoModelFactory[Thread]):
    class Meta:
        model = Thread

    author = factory.SubFactory(CustomerFactory)
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Question {n}")
    body = "Comment faire ?"
    kind = ThreadKind.QUESTION


class PostFactory(factory.django.DjangoModelFactory[Post]):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(CustomerFactory)
    body = "Une réponse."


class SuggestionFactory(factory.django.DjangoModelFactory[Suggestion]):
    class Meta:
        model = Suggestion

    author = factory.SubFactory(CustomerFactory)
    title = factory.Sequence(lambda n: f"Idée {n}")
    body = "Ce serait pratique."


class DecisionFactory(factory.django.DjangoModelFactory[Decision]):
    class Meta:
        model = Decision

    suggestion = factory.SubFactory(SuggestionFactory)
    outcome = DecisionOutcome.RETAINED
    recorded_by = factory.SubFactory(ChairFactory)
    published_at = factory.LazyFunction(timezone.now)


def add_votes(suggestion: Suggestion, voters: list[Member]) -> None:
    """Votes written directly, with the stored count kept equal to the rows."""
    Vote.objects.bulk_create([Vote(member=m, suggestion=suggestion) for m in voters])
    suggestion.vote_count = Vote.objects.filter(suggestion=suggestion).count()
    suggestion.save(update_fields=["vote_count"])


def issue_token(
    *scopes: str, partner: str = "Agrégateur", expires_in: timedelta = timedelta(days=30)
) -> tuple[ApiToken, str]:
    """A partner token with these scopes, written directly (no audit event); returns the
    token and its secret."""
    token = ApiToken(partner=partner, scopes=list(scopes), expires_at=timezone.now() + expires_in)
    secret = token.assign_new_secret()
    token.save()
    return token, secret
