"""Each page's SQL statements are constant in its list sizes (DESIGN §6): every page is
rendered with few and with many rows, and the counts are equal and pinned."""

from __future__ import annotations

import pytest

from models.models import Member, Notification, SuggestionStatus, ThreadKind
from schema.core.ids import encode_id
from tests.factories import (
    AdviserFactory,
    CustomerFactory,
    DecisionFactory,
    PostFactory,
    SuggestionFactory,
    ThreadFactory,
    add_votes,
)

from .conftest import Browser, same_for

pytestmark = pytest.mark.django_db


def _ideas(n: int, chair: Member) -> None:
    voters = CustomerFactory.create_batch(2)
    for i in range(n):
        idea = SuggestionFactory.create(status=SuggestionStatus.RETAINED)
        add_votes(idea, voters[: i % 3])
        DecisionFactory.create(suggestion=idea, recorded_by=chair, target_period="2014 Q3")


def _threads(n: int) -> None:
    for i in range(n):
        thread = ThreadFactory.create(kind=ThreadKind.QUESTION if i % 2 else ThreadKind.DISCUSSION)
        PostFactory.create(thread=thread)


def test_home(visitor: Browser, customer: Member, chair: Member) -> None:
    def make(n: int) -> str:
        _ideas(n, chair)
        _threads(n)
        return "/"

    # The home document's lists and figures: 2 thread pages, the idea page, its count, the
    # stats (one statement each), the session-less viewer needs none.
    assert same_for(make, visitor) == 17
    assert same_for(make, Browser(customer)) == 20


def test_cafe(visitor: Browser, customer: Member) -> None:
    def make(n: int) -> str:
        _threads(n)
        return "/cafe/"

    assert same_for(make, visitor) == 5
    assert same_for(make, Browser(customer)) == 8


def test_thread_page(visitor: Browser, customer: Member) -> None:
    thread = ThreadFactory.create()
    path = f"/cafe/sujets/{encode_id('Thread', thread.pk)}/"

    def make(n: int) -> str:
        for _ in range(n):
            PostFactory.create(thread=thread, author=CustomerFactory.create())
        return path

    assert same_for(make, visitor) == 4
    # The member's follow of the thread: one more.
    assert same_for(make, Browser(customer)) == 8


def test_labo(visitor: Browser, customer: Member, chair: Member) -> None:
    def make(n: int) -> str:
        _ideas(n, chair)
        return "/labo/"

    assert same_for(make, visitor) == 3
    assert same_for(make, Browser(customer)) == 6
    for order in ("NEWEST", "TRENDING", "RECENTLY_DECIDED"):

        def ordered(n: int, order: str = order) -> str:
            _ideas(n, chair)
            return f"/labo/?order={order}"

        assert same_for(ordered, visitor) == 3


def test_idea_page(visitor: Browser, customer: Member, chair: Member) -> None:
    idea = SuggestionFactory.create()
    path = f"/labo/idees/{encode_id('Suggestion', idea.pk)}/"
    Browser(customer).post(f"{path}commenter/", {"body": "Premier"})

    def make(n: int) -> str:
        for _ in range(n):
            Browser(CustomerFactory.create()).post(f"{path}commenter/", {"body": "Bien vu"})
        return path

    assert same_for(make, visitor) == 6
    assert same_for(make, Browser(customer)) == 11


def test_search(visitor: Browser) -> None:
    def make(n: int) -> str:
        for _ in range(n):
            SuggestionFactory.create(title="Publicité par courrier")
            ThreadFactory.create(title="Publicité par courrier")
        return "/recherche/?q=publicité"

    assert same_for(make, visitor) == 4


def test_notifications_and_my_votes(customer: Member) -> None:
    browser = Browser(customer)

    def notes(n: int) -> str:
        for _ in range(n):
            thread = ThreadFactory.create(author=customer)
            post = PostFactory.create(thread=thread, author=AdviserFactory.create())
            Notification.objects.create(
                recipient=customer,
                kind="OFFICIAL_ANSWER",
                thread=thread,
                post=post,
                event_key=f"post:{post.pk}",
            )
        return "/notifications/"

    assert same_for(notes, browser) == 7

    def votes(n: int) -> str:
        for _ in range(n):
            add_votes(SuggestionFactory.create(), [customer])
        return "/moi/votes/"

    assert same_for(votes, browser) == 6


def test_engagements_and_sitemap(visitor: Browser, chair: Member) -> None:
    def make(n: int) -> str:
        _ideas(n, chair)
        return "/engagements/"

    assert same_for(make, visitor) == 9

    def sitemap(n: int) -> str:
        _ideas(n, chair)
        _threads(n)
        return "/sitemap.xml"

    assert same_for(sitemap, visitor) == 2
