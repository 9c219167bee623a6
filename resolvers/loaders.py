"""Every DataLoader of the API, built once per request for one viewer (DESIGN §6).

Each loader answers a whole batch of keys with one SQL query, so a page of N items costs
the same number of queries as a page of one. List selectors prime the loaders with what
their own query already fetched (e.g. stored vote counts), which costs nothing.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from asgiref.sync import sync_to_async
from django.db.models import Count, Model, QuerySet
from strawberry.dataloader import DataLoader

from models.models import (
    AgendaItem,
    CommitteeMeeting,
    Decision,
    Evaluation,
    Flag,
    Follow,
    Member,
    Notification,
    Post,
    PostRevision,
    StatusChange,
    Suggestion,
    Thread,
    Vote,
)
from permissions.policies import can_view_profile_by_role
from permissions.roles import Viewer
from permissions.rows import (
    visible_categories,
    visible_decisions,
    visible_evaluations,
    visible_flags,
    visible_meetings,
    visible_members,
    visible_notifications,
    visible_post_revisions,
    visible_posts,
    visible_status_changes,
    visible_suggestions,
    visible_threads,
)

from .selectors.notifications import notification_rows, notification_texts

K = TypeVar("K")
V = TypeVar("V")
M = TypeVar("M", bound=Model)


class BatchLoader(DataLoader[K, V]):
    """A loader whose batch runs `fetch(keys) -> {key: value}` in one thread hop.

    A page can also prime it with what it fetched in the thread hop of its own query
    (`Prefetched`, with this loader's `default` for keys not found): the page's relations
    then cost no hop, no batch and no await of their own (see `resolve_now`)."""

    def __init__(self, fetch: Callable[[list[K]], Mapping[K, V]], default: Any = None) -> None:
        self.fetch = fetch
        self.default = default
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[K]) -> list[V]:
        found = await sync_to_async(self.fetch)(keys)
        return [found.get(key, self.default) for key in keys]


@dataclass
class Prefetched(Generic[K, V]):
    """What a page fetched for a loader in its thread hop, to prime on the event loop
    (futures belong to the loop's thread)."""

    loader: DataLoader[K, V]
    keys: list[K]
    found: Mapping[K, V]

    def prime(self) -> None:
        # A BatchLoader's value for keys not found; None (not found) for other loaders.
        default: Any = getattr(self.loader, "default", None)
        self.loader.prime_many({key: self.found.get(key, default) for key in self.keys})


def resolve_now(loader: DataLoader[K, V], key: K, then: Callable[[V], Any] | None = None) -> Any:
    """What a resolver returns for `key` (passed through `then` if given): the value itself
    when this request already holds it (primed by the page that listed the row, or loaded
    earlier), else an awaitable of it (`loader.load(key)`).

    graphql-core completes a plain value on the spot, while every awaitable costs a
    coroutine, and a list of N items with one awaitable field each costs N tasks: on a
    page whose relations were fetched with the page, returning values keeps the whole page
    synchronous (measured: a third less CPU on the Labo's front page)."""
    future = loader.cache_map.get(key) if loader.cache else None
    if (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    ):
        value = future.result()
        return value if then is None else then(value)
    pending = loader.load(key)
    if then is None:
        return pending

    async def later() -> Any:
        return then(await pending)

    return later()


def _by_id(queryset: Callable[[], QuerySet[M]]) -> BatchLoader[int, M | None]:
    return BatchLoader(lambda ids: queryset().in_bulk(ids))


def _grouped(rows: Iterable[M], attr: str) -> dict[int, list[M]]:
    grouped: dict[int, list[M]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attr)].append(row)
    return grouped


def _count_by(qs: QuerySet[Any], field: str, ids: list[int]) -> dict[int, int]:
    rows = qs.filter(**{f"{field}__in": ids}).order_by().values(field).annotate(n=Count("id"))
    return {row[field]: row["n"] for row in rows}


class Loaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        v = viewer
        self.member_by_id: BatchLoader[int, Member | None] = BatchLoader(self._visible_members)
        self.category_by_id = _by_id(lambda: visible_categories(v))
        # Threads, replies and suggestions come with their authors (a join on the key),
        # who are then no batch of their own (`prime_authors`); threads with their category
        # too (every category is visible to whoever receives a thread).
        self.thread_by_id: DataLoader[int, Thread | None] = DataLoader(
            load_fn=lambda ids: self._load_with_authors(
                visible_threads(v).select_related("category"), ids, self.prime_threads
            )
        )
        self.post_by_id: DataLoader[int, Post | None] = DataLoader(
            load_fn=lambda ids: self._load_with_authors(visible_posts(v), ids, self.prime_posts)
        )
        # Suggestions with their stored counts too: voteCount costs no query of its own.
        self.suggestion_by_id: DataLoader[int, Suggestion | None] = DataLoader(
            load_fn=lambda ids: self._load_with_authors(
                visible_suggestions(v), ids, self.prime_suggestions
            )
        )
        self.decision_by_id = _by_id(lambda: visible_decisions(v))
        self.status_change_by_id = _by_id(lambda: visible_status_changes(v))
        # Stored counts (exact: written with the vote row in one transaction).
        self.vote_count_by_suggestion_id: BatchLoader[int, int] = BatchLoader(
            lambda ids: dict(Suggestion.objects.filter(pk__in=ids).values_list("pk", "vote_count")),
            default=0,
        )
        self.viewer_voted_by_suggestion_id: BatchLoader[int, bool] = BatchLoader(
            self._viewer_voted, default=False
        )
        # Decisions go with their suggestion's visibility, which a suggestion this request
        # already found (`_found_visible`) needs no second check of.
        self.latest_decision_by_suggestion_id: DataLoader[int, Decision | None] = DataLoader(
            load_fn=lambda ids: self._load_decisions(ids, self._latest_published_decisions)
        )
        self.status_changes_by_suggestion_id: BatchLoader[int, list[StatusChange]] = BatchLoader(
            lambda ids: _grouped(
                StatusChange.objects.filter(suggestion_id__in=ids).order_by("created_at", "id"),
                "suggestion_id",
            ),
            default=[],
        )
        self.post_count_by_thread_id: BatchLoader[int, int] = BatchLoader(
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

        # Public contribution counts of members, as this viewer can see them.
        self.suggestion_count_by_author_id = BatchLoader(
            lambda ids: _count_by(visible_suggestions(v), "author_id", ids), default=0
        )
        self.thread_count_by_author_id = BatchLoader(
            lambda ids: _count_by(visible_threads(v), "author_id", ids), default=0
        )
        self.post_count_by_author_id = BatchLoader(
            lambda ids: _count_by(visible_posts(v), "author_id", ids), default=0
        )
        # --- Labo lifecycle, committee, notifications ---
        self.viewer_follows_by_suggestion_id: BatchLoader[int, bool] = BatchLoader(
            self._viewer_follows, default=False
        )
        self.viewer_follows_by_thread_id: BatchLoader[int, bool] = BatchLoader(
            self._viewer_follows_threads, default=False
        )
        self.decisions_by_suggestion_id: DataLoader[int, list[Decision]] = DataLoader(
            load_fn=lambda ids: self._load_decisions(ids, self._decisions, default=[])
        )
        self.discussion_by_suggestion_id: BatchLoader[int, Thread | None] = BatchLoader(
            lambda ids: {
                t.suggestion_id: t
                for t in visible_threads(v).filter(suggestion_id__in=ids)
                if t.suggestion_id is not None
            }
        )
        self.meeting_by_id = _by_id(lambda: visible_meetings(v))
        self.evaluation_by_id = _by_id(lambda: visible_evaluations(v))
        self.agenda_by_meeting_id: DataLoader[int, list[AgendaItem]] = DataLoader(
            load_fn=self._load_agendas
        )
        # Keyed by (meeting id, suggestion id): one meeting's scores for one suggestion.
        self.evaluations_by_agenda_key: BatchLoader[tuple[int, int], list[Evaluation]] = (
            BatchLoader(self._evaluations_by_agenda_key, default=[])
        )
        # A suggestion's scores at the latest meeting that evaluated it.
        self.latest_evaluations_by_suggestion_id: BatchLoader[int, list[Evaluation]] = BatchLoader(
            self._latest_evaluations, default=[]
        )
        self.notification_by_id = _by_id(lambda: visible_notifications(v))
        # A notification's text, written for this viewer (its recipient) from what they may
        # see now; keyed by the notification row, which carries what it refers to.
        self.notification_text: BatchLoader[Notification, str] = BatchLoader(
            lambda notes: notification_texts(viewer=v, notes=notes)
        )
        # Moderation: flags (advisers, and each reporter for their own) and edit history.
        self.flag_by_id = _by_id(lambda: visible_flags(v))
        self.post_revision_by_id = _by_id(lambda: visible_post_revisions(v))
        self.revisions_by_post_id: BatchLoader[int, list[PostRevision]] = BatchLoader(
            lambda ids: _grouped(
                visible_post_revisions(v).filter(post_id__in=ids).order_by("created_at", "id"),
                "post_id",
            ),
            default=[],
        )

    def _viewer_follows(self, ids: list[int]) -> dict[int, bool]:
        if self.viewer.member_id is None:
            return {}
        follows = Follow.objects.filter(member_id=self.viewer.member_id, suggestion_id__in=ids)
        return dict.fromkeys(follows.values_list("suggestion_id", flat=True), True)

    def _viewer_follows_threads(self, ids: list[int]) -> dict[int, bool]:
        if self.viewer.member_id is None:
            return {}
        follows = Follow.objects.filter(member_id=self.viewer.member_id, thread_id__in=ids)
        return dict.fromkeys(follows.values_list("thread_id", flat=True), True)

    def _evaluations_by_agenda_key(
        self, keys: list[tuple[int, int]]
    ) -> dict[tuple[int, int], list[Evaluation]]:
        rows = visible_evaluations(self.viewer).filter(
            meeting_id__in={m for m, _ in keys}, suggestion_id__in={s for _, s in keys}
        )
        grouped: dict[tuple[int, int], list[Evaluation]] = defaultdict(list)
        for evaluation in rows.order_by("id"):
            grouped[(evaluation.meeting_id, evaluation.suggestion_id)].append(evaluation)
        return grouped

    def _latest_evaluations(self, ids: list[int]) -> dict[int, list[Evaluation]]:
        rows = (
            visible_evaluations(self.viewer)
            .filter(suggestion_id__in=ids)
            .order_by("suggestion_id", "-meeting__scheduled_for", "-meeting_id", "id")
            .values_list("suggestion_id", "meeting_id")
        )
        latest_meeting: dict[int, int] = {}
        for suggestion_id, meeting_id in rows:
            latest_meeting.setdefault(suggestion_id, meeting_id)
        result: dict[int, list[Evaluation]] = defaultdict(list)
        for evaluation in (
            visible_evaluations(self.viewer)
            .filter(suggestion_id__in=ids, meeting_id__in=set(latest_meeting.values()))
            .order_by("id")
        ):
            if latest_meeting.get(evaluation.suggestion_id) == evaluation.meeting_id:
                result[evaluation.suggestion_id].append(evaluation)
        return result

    async def _load_agendas(self, meeting_ids: list[int]) -> list[list[AgendaItem]]:
        """Agendas with their evaluations in one round: an agenda page then needs no round
        of its own for the scores (empty for viewers outside the committee)."""

        def fetch() -> tuple[list[AgendaItem], list[Evaluation]]:
            meetings = visible_meetings(self.viewer).filter(pk__in=meeting_ids)
            items = list(AgendaItem.objects.filter(meeting__in=meetings).order_by("position", "id"))
            evaluations = list(
                visible_evaluations(self.viewer)
                .filter(meeting_id__in={i.meeting_id for i in items})
                .order_by("id")
            )
            return items, evaluations

        items, evaluations = await sync_to_async(fetch)()
        scores: dict[tuple[int, int], list[Evaluation]] = {
            (i.meeting_id, i.suggestion_id): [] for i in items
        }
        for evaluation in evaluations:
            key = (evaluation.meeting_id, evaluation.suggestion_id)
            if key in scores:
                scores[key].append(evaluation)
        self.evaluations_by_agenda_key.prime_many(scores)
        agendas = _grouped(items, "meeting_id")
        return [agendas.get(pk, []) for pk in meeting_ids]

    async def _load_with_authors(
        self, rows: QuerySet[M], ids: list[int], prime: Callable[[list[M]], None]
    ) -> list[M | None]:
        """Rows of a scope by key (a list as long as `ids`, None where the viewer may not
        see the row), each fetched with its author, who is visible to the viewer as the
        author of a row they receive. `prime` (`prime_threads`, `prime_posts`,
        `prime_suggestions`) hands the other loaders what the rows carry: authors, stored
        counts, a thread's category. It runs here on the event loop, not in the database
        thread."""
        found = await sync_to_async(rows.select_related("author").in_bulk)(ids)
        prime(list(found.values()))
        return [found.get(pk) for pk in ids]

    def _visible_members(self, ids: list[int]) -> dict[int, Member]:
        """Members by key as `visible_members` finds them, in one query when the role
        decides (`can_view_profile_by_role`: staff, the viewer, everyone for advisers and
        the committee), and a second for the other members only: building and compiling
        that scope's three correlated EXISTS costs milliseconds of CPU a batch (measured
        ~5 ms), which a status change's actor, a meeting's chair or an assigned adviser
        never needs."""
        found = Member.objects.in_bulk(ids)
        unsure = [
            pk for pk, member in found.items() if not can_view_profile_by_role(self.viewer, member)
        ]
        if unsure:
            shown = set(
                visible_members(self.viewer).filter(pk__in=unsure).values_list("pk", flat=True)
            )
            for pk in unsure:
                if pk not in shown:
                    del found[pk]
        return found

    def _viewer_voted(self, ids: list[int]) -> dict[int, bool]:
        if self.viewer.member_id is None:
            return {}
        voted = Vote.objects.filter(member_id=self.viewer.member_id, suggestion_id__in=ids)
        return dict.fromkeys(voted.values_list("suggestion_id", flat=True), True)

    def _found_visible(self, suggestion_ids: list[int]) -> bool:
        """Whether this request already holds every one of these suggestions as found
        (`suggestion_by_id` holds rows of `visible_suggestions(viewer)` only: the page that
        listed them, or the write of this viewer that returned them). Read on the event
        loop, which owns the loader's futures."""
        cache = self.suggestion_by_id.cache_map
        for pk in suggestion_ids:
            future = cache.get(pk)
            if (
                future is None
                or not future.done()
                or future.cancelled()
                or future.exception() is not None
                or future.result() is None
            ):
                return False
        return True

    async def _load_decisions(
        self,
        ids: list[int],
        fetch: Callable[..., Mapping[int, V]],
        default: Any = None,
    ) -> list[V]:
        """A batch of decisions by suggestion key: `fetch(ids, of_visible_suggestions=...)`
        in one thread hop, told whether the suggestions are already found visible."""
        known = self._found_visible(ids)
        found = await sync_to_async(fetch)(ids, of_visible_suggestions=known)
        return [found.get(pk, default) for pk in ids]

    def _decisions(
        self, ids: list[int], *, of_visible_suggestions: bool
    ) -> dict[int, list[Decision]]:
        rows = visible_decisions(self.viewer, of_visible_suggestions=of_visible_suggestions)
        return _grouped(
            rows.filter(suggestion_id__in=ids).order_by("created_at", "id"), "suggestion_id"
        )

    def _latest_published_decisions(
        self, ids: list[int], *, of_visible_suggestions: bool = False
    ) -> dict[int, Decision]:
        latest: dict[int, Decision] = {}
        rows = (
            visible_decisions(self.viewer, of_visible_suggestions=of_visible_suggestions)
            .filter(suggestion_id__in=ids, published_at__isnull=False)
            .order_by("suggestion_id", "-published_at", "-id")
        )
        for decision in rows:
            latest.setdefault(decision.suggestion_id, decision)
        return latest

    # --- Pages: their rows' relations in the page's own thread hop ---------------------------

    @staticmethod
    def prime(prefetched: Iterable[Prefetched[Any, Any]]) -> None:
        for item in prefetched:
            item.prime()

    def suggestion_relations(
        self, rows: Sequence[Suggestion], *, latest_decisions: bool
    ) -> list[Prefetched[Any, Any]]:
        """For a page of suggestions (in its thread hop): what the page asks of each row
        beyond its own query (authors and the viewer's votes come with the rows)."""
        ids = [row.pk for row in rows]
        prefetched: list[Prefetched[Any, Any]] = []
        if latest_decisions:
            # The rows were just found visible to this viewer: their decisions need no
            # second check of the suggestions.
            loader = self.latest_decision_by_suggestion_id
            found = self._latest_published_decisions(ids, of_visible_suggestions=True)
            prefetched.append(Prefetched(loader, ids, found))
        return prefetched

    def notification_relations(
        self, rows: Sequence[Notification], asked: frozenset[str]
    ) -> list[Prefetched[Any, Any]]:
        """For a page of notifications (in its thread hop): the rows they refer to that the
        viewer may see, fetched once for the relations asked and for the texts, which are
        written from those same rows. One query per kind of row, whatever the page size."""
        text = "message" in asked
        want = {name: text or name in asked for name in ("actor", "suggestion", "thread", "post")}
        if not rows or not any(want.values()):
            return []
        found = notification_rows(
            viewer=self.viewer,
            notes=rows,
            actors=want["actor"],
            suggestions=want["suggestion"],
            threads=want["thread"],
            posts=want["post"],
        )
        prefetched: list[Prefetched[Any, Any]] = []

        def add(loader: DataLoader[int, Any], ids: Iterable[int | None], rows: Any) -> None:
            keys = sorted({pk for pk in ids if pk is not None})
            if keys:
                prefetched.append(Prefetched(loader, keys, rows))

        if want["actor"]:
            add(self.member_by_id, (n.actor_id for n in rows), found.members)
        if want["suggestion"]:
            add(
                self.suggestion_by_id,
                (pk for n in rows for pk in (n.suggestion_id, n.duplicate_id)),
                found.suggestions,
            )
            # As the suggestion loader does: the rows carry their stored vote counts.
            counts = {pk: s.vote_count for pk, s in found.suggestions.items()}
            add(self.vote_count_by_suggestion_id, counts, counts)
        if want["thread"]:
            add(self.thread_by_id, (n.thread_id for n in rows), found.threads)
        if want["post"]:
            add(self.post_by_id, (n.post_id for n in rows), found.posts)
        if text:
            texts = notification_texts(viewer=self.viewer, notes=rows, rows=found)
            prefetched.append(Prefetched(self.notification_text, list(rows), texts))
        return prefetched

    def thread_relations(
        self, rows: Sequence[Thread], asked: frozenset[str]
    ) -> list[Prefetched[Any, Any]]:
        """For a page of threads (in its thread hop): their categories and reply counts
        when asked, fetched with the page, so that two lists of threads on one page cost the
        same statements every time (batches left to the event loop join or split as the
        lists' thread hops happen to end)."""
        prefetched: list[Prefetched[Any, Any]] = []
        if not rows:
            return prefetched
        if "category" in asked:
            ids = sorted({t.category_id for t in rows})
            prefetched.append(Prefetched(self.category_by_id, ids, self.category_by_id.fetch(ids)))
        if "postCount" in asked:
            ids = sorted({t.pk for t in rows})
            counts = self.post_count_by_thread_id
            prefetched.append(Prefetched(counts, ids, counts.fetch(ids)))
        return prefetched

    def flag_relations(
        self, rows: Sequence[Flag], asked: frozenset[str]
    ) -> list[Prefetched[Any, Any]]:
        """For a page of flags (in its thread hop): their reporters, the content they
        report as this viewer may see it (threads, replies and their threads, suggestions)
        and its authors, fetched with the page: one query per kind of row whatever the page
        size, and the same queries every time (batches left to the event loop would split
        or join as thread hops happen to end)."""
        if not rows or not {"reporter", "content"} & asked:
            return []
        prefetched: list[Prefetched[Any, Any]] = []

        def add(loader: DataLoader[int, Any], keys: set[int], found: Mapping[int, Any]) -> None:
            if keys:
                prefetched.append(Prefetched(loader, sorted(keys), found))

        member_ids = {f.reporter_id for f in rows} if "reporter" in asked else set()
        if "content" in asked:
            v = self.viewer
            post_ids = {f.post_id for f in rows if f.post_id is not None}
            posts = visible_posts(v).in_bulk(post_ids)
            thread_ids = {f.thread_id for f in rows if f.thread_id is not None}
            thread_ids |= {p.thread_id for p in posts.values()}
            threads = visible_threads(v).in_bulk(thread_ids)
            suggestion_ids = {f.suggestion_id for f in rows if f.suggestion_id is not None}
            suggestions = visible_suggestions(v).in_bulk(suggestion_ids)
            add(self.post_by_id, post_ids, posts)
            add(self.thread_by_id, thread_ids, threads)
            add(self.suggestion_by_id, suggestion_ids, suggestions)
            counts = {pk: s.vote_count for pk, s in suggestions.items()}
            add(self.vote_count_by_suggestion_id, set(counts), counts)
            contents: list[Thread | Post | Suggestion] = [
                *posts.values(),
                *threads.values(),
                *suggestions.values(),
            ]
            member_ids |= {c.author_id for c in contents}
        if member_ids:
            add(self.member_by_id, member_ids, visible_members(self.viewer).in_bulk(member_ids))
        return prefetched

    def prime_authors(self, rows: Sequence[Suggestion | Thread | Post]) -> None:
        """Authors a page's query fetched with its rows (`select_related`). The author of a
        row the viewer can see is a member the viewer can see (visible_members: they wrote
        something visible, or it is the viewer's own hidden row), so `member_by_id` may
        hold them."""
        self.member_by_id.prime_many(
            {row.author_id: row.author for row in rows if type(row).author.is_cached(row)}
        )

    def prime_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """A list query already holds the rows and their stored counts (and, when it was
        asked, their authors and the viewer's votes): no query needed."""
        self.suggestion_by_id.prime_many({s.pk: s for s in suggestions})
        self.vote_count_by_suggestion_id.prime_many({s.pk: s.vote_count for s in suggestions})
        self.prime_authors(suggestions)
        self.viewer_voted_by_suggestion_id.prime_many(
            {s.pk: s.viewer_voted for s in suggestions if hasattr(s, "viewer_voted")}
        )

    def prime_threads(self, threads: Sequence[Thread]) -> None:
        """Threads a query fetched, with their authors and, when it joined them, their
        categories (every category is visible to whoever receives a thread)."""
        self.thread_by_id.prime_many({thread.pk: thread for thread in threads})
        self.prime_authors(threads)
        self.category_by_id.prime_many(
            {t.category_id: t.category for t in threads if Thread.category.is_cached(t)}
        )

    def prime_posts(self, posts: Sequence[Post]) -> None:
        self.post_by_id.prime_many({post.pk: post for post in posts})
        self.prime_authors(posts)

    # --- Writes: what a written row makes stale (DESIGN §8.13) -----------------------------

    def changed(self, *rows: Model, removed: Iterable[Model] = ()) -> None:
        """After a write in this request, later fields of the same document read what it
        wrote: each row the write saved (or read under its lock), as it is now, is taken by
        the loader of its kind, and every loader whose cached answer the row may change
        forgets that answer (it is loaded again when read). `removed` names rows that no
        longer exist, as unsaved instances (a withdrawn vote, an unfollow).

        The one place that says what a write makes stale: a mutation passes the rows its
        service wrote (`Outcome.rows` and `Outcome.removed`, or the rows it returned), and a
        new loader adds its rule here. Two kinds of write need no rule: categories (no
        mutation writes them), and notifications
        (`notify` never tells the actor, and marking read changes `readAt`, which lists
        read from the row each time)."""
        stale: list[tuple[DataLoader[Any, Any], Any]] = []
        fresh: list[tuple[DataLoader[Any, Any], Any, Any]] = []
        for row in rows:
            self._stale(row, True, stale, fresh)
        for row in removed:
            self._stale(row, False, stale, fresh)
        # Forgotten first, then primed: a row's own value wins over what another row of
        # the same write made stale (the suggestion a vote is on, then the vote).
        for loader, key in stale:
            with contextlib.suppress(KeyError):  # never loaded
                loader.clear(key)
        for loader, key, value in fresh:
            loader.prime(key, value, force=True)

    def _stale(
        self,
        row: Model,
        exists: bool,
        stale: list[tuple[DataLoader[Any, Any], Any]],
        fresh: list[tuple[DataLoader[Any, Any], Any, Any]],
    ) -> None:
        """Append to `stale` what `row` makes stale and to `fresh` what it primes."""
        if isinstance(row, Suggestion):
            fresh += [
                (self.suggestion_by_id, row.pk, row),
                # Exact: written with the vote rows, under the row's lock.
                (self.vote_count_by_suggestion_id, row.pk, row.vote_count),
                *self._author(row),
            ]
            stale += [
                (self.status_changes_by_suggestion_id, row.pk),
                (self.latest_decision_by_suggestion_id, row.pk),
                (self.decisions_by_suggestion_id, row.pk),
                # A merge moves votes and follows from one suggestion to another.
                (self.viewer_voted_by_suggestion_id, row.pk),
                (self.viewer_follows_by_suggestion_id, row.pk),
                (self.suggestion_count_by_author_id, row.author_id),
            ]
        elif isinstance(row, Vote | Follow):
            # The member's vote or follow on a suggestion (the count is on the suggestion),
            # or follow of a thread.
            if row.member_id == self.viewer.member_id:
                if isinstance(row, Follow) and row.thread_id is not None:
                    fresh.append((self.viewer_follows_by_thread_id, row.thread_id, exists))
                else:
                    loader = (
                        self.viewer_voted_by_suggestion_id
                        if isinstance(row, Vote)
                        else self.viewer_follows_by_suggestion_id
                    )
                    fresh.append((loader, row.suggestion_id, exists))
        elif isinstance(row, Thread):
            fresh += [(self.thread_by_id, row.pk, row), *self._author(row)]
            stale.append((self.thread_count_by_author_id, row.author_id))
            if row.suggestion_id is not None:  # a suggestion's discussion, maybe new
                stale.append((self.discussion_by_suggestion_id, row.suggestion_id))
        elif isinstance(row, Post):
            fresh += [(self.post_by_id, row.pk, row), *self._author(row)]
            # A write that also moves the thread (a reply: activity, status, first
            # response) passes the thread as well.
            stale += [
                (self.post_count_by_thread_id, row.thread_id),
                (self.post_count_by_author_id, row.author_id),
                (self.revisions_by_post_id, row.pk),
            ]
        elif isinstance(row, Member):
            # The member's own settings (`setLanguage`); login builds new loaders.
            fresh.append((self.member_by_id, row.pk, row))
        elif isinstance(row, PostRevision):
            stale.append((self.revisions_by_post_id, row.post_id))
        elif isinstance(row, Flag):
            stale.append((self.flag_by_id, row.pk))
        elif isinstance(row, Decision):
            stale += [
                (self.decision_by_id, row.pk),
                (self.decisions_by_suggestion_id, row.suggestion_id),
                (self.latest_decision_by_suggestion_id, row.suggestion_id),
            ]
        elif isinstance(row, CommitteeMeeting):
            # An agenda is written with its meeting.
            stale += [(self.meeting_by_id, row.pk), (self.agenda_by_meeting_id, row.pk)]
        elif isinstance(row, Evaluation):
            stale += [
                (self.evaluation_by_id, row.pk),
                (self.evaluations_by_agenda_key, (row.meeting_id, row.suggestion_id)),
                (self.latest_evaluations_by_suggestion_id, row.suggestion_id),
            ]
        else:
            raise TypeError(f"No loader rule for a written {type(row).__name__}.")

    def _author(
        self, row: Suggestion | Thread | Post
    ) -> list[tuple[DataLoader[Any, Any], Any, Any]]:
        # As `prime_authors`: the author a service wrote the row with (the acting member).
        if type(row).author.is_cached(row):
            return [(self.member_by_id, row.author_id, row.author)]
        return []
