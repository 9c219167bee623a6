"""Every DataLoader of the API, built once per request for one viewer (DESIGN §6).

Each loader answers a whole batch of keys with one SQL query, so a page of N items costs
the same number of queries as a page of one. List selectors prime the loaders with what
their own query already fetched (e.g. stored vote counts), which costs nothing.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.db.models import Count, Model, QuerySet
from strawberry.dataloader import DataLoader

from models.models import Category, Decision, Post, StatusChange, Suggestion, Thread, Vote
from permissions.roles import Viewer

from .selectors.visibility import (
    visible_decisions,
    visible_members,
    visible_posts,
    visible_suggestions,
    visible_threads,
)

K = TypeVar("K")
V = TypeVar("V")
M = TypeVar("M", bound=Model)


def _batch(fetch: Callable[[list[K]], Mapping[K, V]], default: Any = None) -> DataLoader[K, V]:
    """A loader whose batch runs `fetch(keys) -> {key: value}` in one thread hop."""

    async def load(keys: list[K]) -> list[V]:
        found = await sync_to_async(fetch)(keys)
        return [found.get(key, default) for key in keys]

    return DataLoader(load_fn=load)


def _by_id(queryset: Callable[[], QuerySet[M]]) -> DataLoader[int, M | None]:
    return _batch(lambda ids: queryset().in_bulk(ids))


def _grouped(rows: Iterable[M], attr: str) -> dict[int, list[M]]:
    grouped: dict[int, list[M]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attr)].append(row)
    return grouped


class Loaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        v = viewer
        self.member_by_id = _by_id(lambda: visible_members(v))
        self.category_by_id = _by_id(lambda: Category.objects.all())
        self.thread_by_id = _by_id(lambda: visible_threads(v))
        self.post_by_id = _by_id(lambda: visible_posts(v))
        self.suggestion_by_id = _by_id(lambda: visible_suggestions(v))
        self.decision_by_id = _by_id(lambda: visible_decisions(v))
        self.status_change_by_id = _by_id(
            lambda: StatusChange.objects.filter(suggestion__in=visible_suggestions(v))
        )
        # Stored counts (exact: written with the vote row in one transaction).
        self.vote_count_by_suggestion_id: DataLoader[int, int] = _batch(
            lambda ids: dict(Suggestion.objects.filter(pk__in=ids).values_list("pk", "vote_count")),
            default=0,
        )
        self.viewer_voted_by_suggestion_id: DataLoader[int, bool] = _batch(
            self._viewer_voted, default=False
        )
        self.latest_decision_by_suggestion_id: DataLoader[int, Decision | None] = _batch(
            self._latest_published_decisions
        )
        self.status_changes_by_suggestion_id: DataLoader[int, list[StatusChange]] = _batch(
            lambda ids: _grouped(
                StatusChange.objects.filter(suggestion_id__in=ids).order_by("created_at", "id"),
                "suggestion_id",
            ),
            default=[],
        )
        self.post_count_by_thread_id: DataLoader[int, int] = _batch(
            lambda ids: dict(
                visible_posts(v)
                .filter(thread_id__in=ids)
                .order_by()
                .values("thread_id")
                .annotate(n=Count("id"))
                .values_list("thread_id", "n")
            ),
            default=0,
        )

    def _viewer_voted(self, ids: list[int]) -> dict[int, bool]:
        if self.viewer.member_id is None:
            return {}
        voted = Vote.objects.filter(member_id=self.viewer.member_id, suggestion_id__in=ids)
        return dict.fromkeys(voted.values_list("suggestion_id", flat=True), True)

    def _latest_published_decisions(self, ids: list[int]) -> dict[int, Decision]:
        latest: dict[int, Decision] = {}
        rows = Decision.objects.filter(suggestion_id__in=ids, published_at__isnull=False).order_by(
            "suggestion_id", "-published_at", "-id"
        )
        for decision in rows:
            latest.setdefault(decision.suggestion_id, decision)
        return latest

    def prime_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """A list query already holds the rows and their stored counts: no query needed."""
        for suggestion in suggestions:
            self.suggestion_by_id.prime(suggestion.pk, suggestion)
            self.vote_count_by_suggestion_id.prime(suggestion.pk, suggestion.vote_count)

    def prime_threads(self, threads: Sequence[Thread]) -> None:
        for thread in threads:
            self.thread_by_id.prime(thread.pk, thread)

    def prime_posts(self, posts: Sequence[Post]) -> None:
        for post in posts:
            self.post_by_id.prime(post.pk, post)

    def refresh_suggestion(self, suggestion: Suggestion, *, viewer_voted: bool) -> None:
        """After a vote in this request, later reads see the new state (the row was locked
        while it changed, so its values are exact)."""
        self.suggestion_by_id.prime(suggestion.pk, suggestion, force=True)
        self.vote_count_by_suggestion_id.prime(suggestion.pk, suggestion.vote_count, force=True)
        self.viewer_voted_by_suggestion_id.prime(suggestion.pk, viewer_voted, force=True)

    @staticmethod
    def forget(loader: DataLoader[Any, Any], key: Any) -> None:
        """Drop a cached value (a write changed it); nothing to do if it was never loaded."""
        with contextlib.suppress(KeyError):
            loader.clear(key)
