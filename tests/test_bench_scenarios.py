"""The bench's website scenarios (bench/README.md, "Scenarios"): the Labo page, logged in and
anonymous, is measured on Comptoir only, checked against the titles the page shows, listed
as not served by the other servers, and compared with the GraphQL front page in target 6."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.urls import resolve

from bench import run
from bench import scenarios as sc
from models.models import SuggestionStatus
from tests.factories import CustomerFactory, SuggestionFactory, add_votes
from tests.web.conftest import Browser
from web import pages, views

PAGES = {page.name: page for page in sc.PAGE_SCENARIOS}


def test_both_labo_pages_are_on_and_served_by_comptoir_only() -> None:
    assert set(PAGES) == {"website_labo_page", "website_labo_page_anonymous"}
    assert PAGES["website_labo_page"].logged_in
    assert not PAGES["website_labo_page_anonymous"].logged_in
    for page in PAGES.values():
        assert not page.disabled
        assert page.served_by == ("comptoir",)
        assert {s.name for s in run.servers("postgres://x/y", "k", "j")} >= {
            "comptoir",
            "graphene",
            "postgraphile",
            "postgraphile_x2",
            "floor",
        }


def test_the_pages_ask_the_labo_for_its_top_list() -> None:
    for page in PAGES.values():
        url = urlsplit(page.path)
        assert resolve(url.path).func is views.labo
        assert parse_qs(url.query) == {"order": ["TOP"]}
        assert "TOP" in views.ORDERS
    # The page's only size: the bench checks as many titles as it shows.
    assert sc.WEBSITE_PAGE_SIZE == pages.PAGE_SIZE


def test_full_and_smoke_runs_take_the_pages_and_large_does_not() -> None:
    assert run.ALL_SCENARIOS[-2:] == list(PAGES)
    assert run.PROFILES["full"].scenarios == run.PROFILES["smoke"].scenarios == ()
    assert not set(run.PROFILES["large"].scenarios) & set(PAGES)
    assert not set(sc.GROWTH_SCENARIOS) & set(PAGES)


def test_the_logged_in_page_carries_the_session_cookie_only_and_the_anonymous_none() -> None:
    bench = run.Bench(run.PROFILES["smoke"], "postgres://x/y", "k")
    viewer = run.Session("sessionid=abc123; csrftoken=tok", "tok")
    [(get, session)] = bench.page_requests(PAGES["website_labo_page"], viewer)
    assert get == run.Get("/labo/?order=TOP")
    assert session == run.Session("sessionid=abc123", "")
    [(get, session)] = bench.page_requests(PAGES["website_labo_page_anonymous"], viewer)
    assert get == run.Get("/labo/?order=TOP") and session is None


def test_the_page_check_wants_html_with_the_titles_in_order() -> None:
    titles = ["L'agence ouverte le samedi", "Des virements instantanés"]
    good = {"html": "<h3>L&#x27;agence ouverte le samedi</h3><h3>Des virements instantanés</h3>"}
    assert run.page_problem(good, titles) is None
    swapped = {"html": "<h3>Des virements instantanés</h3><h3>L'agence ouverte le samedi</h3>"}
    assert "suggestion 2" in (run.page_problem(swapped, titles) or "")
    assert "suggestion 2" in (
        run.page_problem({"html": "<h3>L'agence ouverte le samedi"}, titles) or ""
    )
    assert (run.page_problem({"data": {}}, titles) or "").startswith("not HTML")
    assert run.page_problem(good, []) is not None


@pytest.mark.postgres_only
def test_the_titles_the_bench_reads_are_those_the_page_shows(db: None) -> None:
    viewer = CustomerFactory.create()
    voters = CustomerFactory.create_batch(3)
    for i in range(sc.WEBSITE_PAGE_SIZE + 2):
        idea = SuggestionFactory.create(title=f"Idée {i:02d}")
        add_votes(idea, voters[: i % 4])
    # Left out of the list, or shown to its author only: never among the titles looked for.
    add_votes(SuggestionFactory.create(title="Retirée", status=SuggestionStatus.WITHDRAWN), voters)
    mine = SuggestionFactory.create(title="Masquée, la mienne", author=viewer)
    add_votes(mine, voters)
    mine.hidden_at, mine.hidden_by, mine.hidden_reason = mine.created_at, voters[0], "Hors sujet"
    mine.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    connection.ensure_connection()
    raw: Any = connection.connection
    for member, titles in (
        (viewer, run.labo_titles(raw, viewer.pk)),
        (None, run.labo_titles(raw, None)),
    ):
        assert len(titles) == sc.WEBSITE_PAGE_SIZE
        assert "Retirée" not in titles
        assert ("Masquée, la mienne" in titles) == (member is not None)
        page = Browser(member).http.get(sc.PAGE_SCENARIOS[0].path)
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
        assert run.page_problem({"html": page.content.decode()}, titles) is None


def _cell(scenario: str, server: str, rps: float) -> run.Cell:
    measured = {"p50_ms": 5.0, "p99_ms": 9.0, "rps": rps, "errors": 0}
    return run.Cell(scenario, server, True, sql_per_request=5, c1=measured, c16=measured)


def test_target_6_compares_each_page_with_its_graphql_front_page() -> None:
    cells = [
        _cell("labo_front_page", "comptoir", 100.0),
        _cell("website_labo_page", "comptoir", 90.0),
        _cell("labo_front_page_anonymous", "comptoir", 200.0),
        _cell("website_labo_page_anonymous", "comptoir", 150.0),
    ]
    six = [row for row in run.targets(cells, []) if row[0].startswith("6.")]
    assert [(row[1], row[2]) for row in six] == [
        ("90 vs 100: 0.90×", "met"),
        ("150 vs 200: 0.75×", "**missed**"),
    ]
    assert "website_labo_page vs labo_front_page" in six[0][0]
    assert "website_labo_page_anonymous vs labo_front_page_anonymous" in six[1][0]
    # Not in the run (a profile without the pages): no line, as for the other targets.
    assert not [row for row in run.targets(cells[:1], []) if row[0].startswith("6.")]


def test_the_report_shows_the_pages_and_the_servers_without_a_website(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bench = run.Bench(run.PROFILES["smoke"], "postgres://x/y", "k")
    measured: list[tuple[str, str]] = []

    def measure(server: run.Server, scenario: str, requests: Any, **kw: Any) -> run.Cell:
        measured.append((server.name, scenario))
        return _cell(scenario, server.name, 100.0)

    monkeypatch.setattr(bench, "measure", measure)
    monkeypatch.setattr(bench, "sessions", lambda *a: (run.Session("sessionid=s", ""),) * 2)
    monkeypatch.setattr(run, "mint_sessions", lambda *a, **kw: {})
    monkeypatch.setattr(run, "source_fingerprint", lambda: {})
    monkeypatch.setattr(run.Server, "start", lambda self: None)
    monkeypatch.setattr(run.Server, "stop", lambda self: None)
    fx: Any = SimpleNamespace(rush=[], viewer_id=1)
    cells: list[run.Cell] = []
    all_servers = run.servers("postgres://x/y", "k", "j")
    for server in all_servers:
        cells += bench.run_server(server, fx, list(PAGES))
    assert measured == [("comptoir", name) for name in PAGES]
    for name in PAGES:
        for server in all_servers:
            cell = run.cell_of(cells, name, server.name)
            assert cell is not None
            assert cell.supported == (server.name == "comptoir")
            if not cell.supported:
                assert cell.note == sc.NO_WEBSITE
    report = {
        "machine": {
            "cpu": "cpu",
            "cores": 2,
            "memory_gib": 1,
            "kernel": "k",
            "postgresql": "PostgreSQL",
            "postgresql_settings": {},
            "python": "3",
            "comptoir_stack": {},
            "peer_stack": {},
            "load_generator": "wrk",
        },
        "profile": run.PROFILES["smoke"].__dict__,
        "rows": {
            k: 1
            for k in (
                "member",
                "suggestion",
                "vote",
                "thread",
                "post",
                "decision",
                "committeemeeting",
            )
        },
        "date": "today",
        "command": "make bench-smoke",
        "seed_seconds": 1,
        "total_seconds": 1,
        "comptoir_sources": [{"sha256": "x", "latest_change": "y"}],
        "servers": [{"name": s.name, "label": s.label, "description": ""} for s in all_servers],
        "rush_customers": 0,
    }
    text = run.markdown(report, cells, [])
    for name in PAGES:
        assert f"### {name}\n\n{PAGES[name].description}." in text
    assert text.count(f"| {sc.NO_WEBSITE} |") == 2 * (len(all_servers) - 1)
    assert "Scenarios not run" not in text
