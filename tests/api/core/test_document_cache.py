"""Each document is parsed and validated once per worker, in a cache bounded in bytes
(`schema/core/document_cache.py`): distinct large documents cannot grow a worker past
COMPTOIR_DOCUMENT_CACHE_BYTES, and repeated ones are still served from it."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError, parse

from schema.core.document_cache import (
    ENTRY_OVERHEAD_BYTES,
    LARGEST_SHARE,
    PARSED_BYTES_PER_SOURCE_BYTE,
    DocumentCache,
    parsed_cost,
    validation_cost,
)
from schema.core.limits import DOCUMENTS
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def medium(i: int) -> str:
    """A distinct valid document of about 2 kB (repeated `__typename`s: its form without
    repeats is kept too)."""
    return "{ " + "__typename " * 180 + f"}} # {i}"


def test_distinct_documents_stay_within_the_budget(anonymous: GraphQLClient, settings: Any) -> None:
    budget = 16 * 1024 * 1024
    settings.COMPTOIR_DOCUMENT_CACHE_BYTES = budget
    DOCUMENTS.clear()
    # Parsed, and without its repeated `__typename`s (rewritten: accounted as much again).
    per_document = 2 * parsed_cost(len(medium(0).encode())) + validation_cost(())
    for i in range(30):
        for _ in range(2):  # kept from the second request on
            assert anonymous(medium(i)) == {"data": {"__typename": "Query"}}
            assert DOCUMENTS.stats().accounted_bytes <= budget
    # As many as fit, the latest ones.
    assert DOCUMENTS.stats().entries == budget // per_document
    before = DOCUMENTS.stats()
    assert anonymous(medium(29)) == {"data": {"__typename": "Query"}}
    after = DOCUMENTS.stats()
    assert (after.parse_hits - before.parse_hits, after.parse_misses - before.parse_misses) == (
        1,
        0,
    )
    assert (
        after.validation_hits - before.validation_hits,
        after.validation_misses - before.validation_misses,
    ) == (1, 0)
    # The oldest went: parsed again.
    assert anonymous(medium(0)) == {"data": {"__typename": "Query"}}
    assert DOCUMENTS.stats().parse_misses == after.parse_misses + 1
    DOCUMENTS.clear()


def test_documents_sent_once_push_nothing_out(anonymous: GraphQLClient, settings: Any) -> None:
    settings.COMPTOIR_DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024
    DOCUMENTS.clear()
    front_page = "query Front { suggestions(first: 20) { edges { node { title } } } }"
    anonymous(front_page)
    anonymous(front_page)
    kept = DOCUMENTS.stats()
    assert kept.entries == 1
    # A stream of distinct documents, each sent once, as an attacker would.
    for i in range(100):
        anonymous(medium(i))
    assert DOCUMENTS.stats().entries == 1
    before = DOCUMENTS.stats()
    anonymous(front_page)
    assert DOCUMENTS.stats().parse_hits == before.parse_hits + 1
    DOCUMENTS.clear()


def test_a_document_is_parsed_and_validated_once(anonymous: GraphQLClient) -> None:
    # The limits are validation rules; built per request, they would change the validation
    # cache's key and every request would be validated again.
    query = "query ValidatedOnce { suggestions(first: 3) { edges { node { title } } } }"
    anonymous(query)
    anonymous(query)
    before = DOCUMENTS.stats()
    assert anonymous(query) == {"data": {"suggestions": {"edges": []}}}
    after = DOCUMENTS.stats()
    assert (after.parse_hits - before.parse_hits, after.parse_misses - before.parse_misses) == (
        1,
        0,
    )
    assert (
        after.validation_hits - before.validation_hits,
        after.validation_misses - before.validation_misses,
    ) == (1, 0)


def test_each_set_of_rules_is_validated_once(anonymous: GraphQLClient) -> None:
    # A staff member's validation (introspection allowed, suggestions shown) is another
    # entry of the same document, kept beside the anonymous one.
    from tests.factories import AdviserFactory

    staff = GraphQLClient(AdviserFactory.create(is_staff=True))
    query = "query TwoViewers { suggestions(first: 2) { totalCount } }"
    for client in (anonymous, anonymous, staff):
        client(query)
    before = DOCUMENTS.stats()
    for client in (anonymous, staff):
        assert client(query) == {"data": {"suggestions": {"totalCount": 0}}}
    after = DOCUMENTS.stats()
    assert (
        after.validation_hits - before.validation_hits,
        after.validation_misses - before.validation_misses,
    ) == (2, 0)


# --- The cache itself -----------------------------------------------------------------


def kept(cache: DocumentCache, source: str) -> Any:
    """Parse `source` through the cache twice: kept from the second time on."""
    cache.document(source, parse)
    return cache.document(source, parse)


def test_the_cache_evicts_the_least_recently_used() -> None:
    sources = [f"{{ f{i} }}" for i in range(9)]  # all of one length
    cost = parsed_cost(len(sources[0]))
    cache = DocumentCache(budget=LARGEST_SHARE * cost)  # eight entries
    for source in sources[:8]:
        kept(cache, source)
    cache.document(sources[0], parse)  # used again: now the most recent
    kept(cache, sources[8])  # pushes out sources[1]
    parsed: list[str] = []

    def counting(source: str) -> Any:
        parsed.append(source)
        return parse(source)

    for source in [*sources[2:], sources[0], sources[1]]:
        cache.document(source, counting)
    assert parsed == [sources[1]]
    assert cache.stats().accounted_bytes <= LARGEST_SHARE * cost


def test_a_document_is_kept_from_its_second_request() -> None:
    cache = DocumentCache(budget=10**9)
    cache.document("{ a }", parse)
    assert cache.stats().entries == 0
    cache.document("{ a }", parse)
    assert cache.stats().entries == 1


def test_validation_results_count_in_the_budget() -> None:
    source = "{ a }"
    cache = DocumentCache(budget=10**9)
    document = kept(cache, source)
    errors = [GraphQLError("Cannot query field 'a' on type 'Query'.")]
    assert cache.validation(source, document, "rules", lambda: errors) == tuple(errors)
    assert cache.stats().accounted_bytes == (
        ENTRY_OVERHEAD_BYTES
        + len(source) * PARSED_BYTES_PER_SOURCE_BYTE
        + validation_cost(tuple(errors))
    )
    # Kept: not validated again.
    assert cache.validation(source, document, "rules", lambda: []) == tuple(errors)
    # Another key is validated on its own.
    assert cache.validation(source, document, "other rules", lambda: []) == ()


def test_a_document_larger_than_an_eighth_of_the_budget_is_not_kept() -> None:
    cache = DocumentCache(budget=LARGEST_SHARE * parsed_cost(len("{ a }")) - 1)
    kept(cache, "{ a }")
    assert (cache.stats().entries, cache.stats().accounted_bytes) == (0, 0)
    cache = DocumentCache(budget=LARGEST_SHARE * parsed_cost(len("{ a }")))
    kept(cache, "{ a }")
    assert cache.stats().entries == 1


def test_parse_errors_are_not_kept() -> None:
    cache = DocumentCache(budget=10**9)
    for _ in range(2):
        with pytest.raises(GraphQLError):
            cache.document("{", parse)
    assert cache.stats().entries == 0
