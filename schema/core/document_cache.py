"""Parsed and validated documents, kept per worker within a budget of bytes.

The same documents come back all day (the front end's, partners'), so each is parsed and
validated once. Strawberry's `ParserCache` and `ValidationCache` bound their caches in
entries only: 150 distinct documents of 2.4 MB each grew a worker from ~100 MB to 576 MB.
This cache bounds them in bytes: each entry is accounted from the length of its source in
UTF-8 bytes, times what a parsed document was measured to keep per source byte, plus what
its validation errors were measured to keep (`python -m bench.document_memory` measures
both with tracemalloc; README, "Decisions").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from graphql import DocumentNode, GraphQLError

# Measured by `python -m bench.document_memory` (tracemalloc, graphql-core 3.3), rounded up
# so that the budget holds for every shape. A parsed document keeps at most ~280 bytes per
# byte of its source (`{ a a a ... }`: one-letter names, each a field node, a name node and
# their locations); typical documents keep 45-90, long literals and comments ~1. Plus the
# source itself, kept as the key (at most one byte per UTF-8 byte, in CPython's strings).
PARSED_BYTES_PER_SOURCE_BYTE = 320
# Documents are kept from their second request on: a stream of documents each sent once (an
# attacker's, one-off GraphiQL queries) never pushes out those that come back. The hashes of
# the last SEEN_MAX documents seen once are remembered (~0.5 MB).
SEEN_MAX = 4096
# No entry may take more than this share of the budget (1/8: a few kB documents take ~1 %),
# so that one large document cannot push out the working set.
LARGEST_SHARE = 8
# What any entry costs whatever its size (the entry, the document and source objects, the
# dictionaries holding them): ~2.9 KiB for `{ __typename }`, all included.
ENTRY_OVERHEAD_BYTES = 4096
# A validation result: its tuple and key, then per error (up to 101, graphql-core's limit)
# ~1 KiB with its message, and ~200 bytes per location it reports (an error about a
# repeated argument lists every occurrence).
VALIDATION_BYTES = 256
ERROR_BYTES = 1024
ERROR_LOCATION_BYTES = 256


def parsed_cost(size: int) -> int:
    """Bytes accounted for a parsed document of `size` source bytes."""
    return ENTRY_OVERHEAD_BYTES + size * PARSED_BYTES_PER_SOURCE_BYTE


def validation_cost(errors: tuple[GraphQLError, ...]) -> int:
    """Bytes accounted for a validation result (its message, at most 4 bytes a character)."""
    return VALIDATION_BYTES + sum(
        ERROR_BYTES + 4 * len(e.message) + ERROR_LOCATION_BYTES * len(e.locations or ())
        for e in errors
    )


def source_bytes(source: str) -> int:
    """The length of a document in UTF-8 bytes (a lone surrogate counts as its three)."""
    return len(source.encode("utf-8", "surrogatepass"))


@dataclass(slots=True)
class _Entry:
    document: DocumentNode
    size: int
    source_size: int
    collapsed: DocumentNode | None = None
    validations: dict[Hashable, tuple[GraphQLError, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CacheStats:
    """Counters of a `DocumentCache`: parses and validations served from it (hits) or
    computed (misses), its entries and the bytes accounted for them."""

    parse_hits: int
    parse_misses: int
    validation_hits: int
    validation_misses: int
    entries: int
    accounted_bytes: int


class DocumentCache:
    """Least recently used documents, by their source text, with their validation results
    and their rewritten form (`collapsed`: without repeated selections).

    `budget` is in bytes: an entry accounts for `parsed_cost` of its source's UTF-8 length,
    and each validation result kept with it (one per set of rules, e.g. with or without
    introspection refused) adds `validation_cost` of its errors, and a rewritten form
    another `parsed_cost`. Past the budget, the least recently used entries go. A document
    is kept from its second request on (`SEEN_MAX`), and only if it accounts for at most
    1/`LARGEST_SHARE` of the budget. A parse error is not kept (the parser stops at the
    first one, and at the token limit). Thread-safe: a lock guards the bookkeeping, never a
    parse or a validation.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._accounted = 0
        self._lock = threading.Lock()
        self._parse_hits = self._parse_misses = 0
        self._validation_hits = self._validation_misses = 0

    def document(self, source: str, parse: Callable[[str], DocumentNode]) -> DocumentNode:
        """The parsed `source`: from the cache, or `parse(source)`, kept for next time if it
        was seen before and is not too large. Errors raised by `parse` propagate."""
        with self._lock:
            entry = self._entries.get(source)
            if entry is not None:
                self._entries.move_to_end(source)
                self._parse_hits += 1
                return entry.document
            self._parse_misses += 1
        document = parse(source)
        size = source_bytes(source)
        entry = _Entry(document=document, size=parsed_cost(size), source_size=size)
        with self._lock:
            if not self._seen_before(source) or entry.size > self.budget // LARGEST_SHARE:
                return document
            previous = self._entries.pop(source, None)
            if previous is not None:
                self._accounted -= previous.size
            self._entries[source] = entry
            self._accounted += entry.size
            self._shrink()
        return document

    def _seen_before(self, source: str) -> bool:
        """Whether `source` was seen before (its hash, among the last SEEN_MAX); if not, it
        is remembered."""
        key = hash(source)
        if key in self._seen:
            del self._seen[key]
            return True
        self._seen[key] = None
        if len(self._seen) > SEEN_MAX:
            self._seen.popitem(last=False)
        return False

    def validation(
        self,
        source: str,
        document: DocumentNode,
        key: Hashable,
        validate: Callable[[], list[GraphQLError]],
    ) -> tuple[GraphQLError, ...]:
        """The validation errors of `document` (parsed from `source`) under `key` (the
        rules and options used): from the cache, or `validate()` kept with the document.
        Computed without keeping when the document is no longer (or was never) cached."""
        with self._lock:
            entry = self._entries.get(source)
            if entry is not None and entry.document is document:
                found = entry.validations.get(key)
                if found is not None:
                    self._entries.move_to_end(source)
                    self._validation_hits += 1
                    return found
            self._validation_misses += 1
        errors = tuple(validate())
        with self._lock:
            entry = self._entries.get(source)
            if entry is not None and entry.document is document and key not in entry.validations:
                entry.validations[key] = errors
                added = validation_cost(errors)
                entry.size += added
                self._accounted += added
                self._shrink()
        return errors

    def collapsed(
        self,
        source: str,
        document: DocumentNode,
        collapse: Callable[[DocumentNode], DocumentNode | None],
    ) -> DocumentNode:
        """`document` (parsed from `source`) as `collapse` rewrites it (itself when it
        returns None), computed once and kept with the document. A rewritten document is
        accounted as a second parse of the source (it shares the nodes it did not change)."""
        with self._lock:
            entry = self._entries.get(source)
            if entry is not None and entry.document is document and entry.collapsed is not None:
                return entry.collapsed
        rewritten = collapse(document)
        result = document if rewritten is None else rewritten
        with self._lock:
            entry = self._entries.get(source)
            if entry is not None and entry.document is document and entry.collapsed is None:
                added = 0 if rewritten is None else parsed_cost(entry.source_size)
                if entry.size + added <= self.budget // LARGEST_SHARE:
                    entry.collapsed = result
                    entry.size += added
                    self._accounted += added
                    self._shrink()
        return result

    def _shrink(self) -> None:
        while self._accounted > self.budget and self._entries:
            _, oldest = self._entries.popitem(last=False)
            self._accounted -= oldest.size

    def stats(self) -> CacheStats:
        """A snapshot of the counters."""
        with self._lock:
            return CacheStats(
                parse_hits=self._parse_hits,
                parse_misses=self._parse_misses,
                validation_hits=self._validation_hits,
                validation_misses=self._validation_misses,
                entries=len(self._entries),
                accounted_bytes=self._accounted,
            )

    def clear(self) -> None:
        """Forget every entry and every document seen (the counters stay)."""
        with self._lock:
            self._entries.clear()
            self._seen.clear()
            self._accounted = 0
