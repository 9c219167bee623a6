"""Each document is parsed and validated once per worker, in a cache bounded in bytes
(`schema/document_cache.py`): distinct large documents cannot grow a worker past
COMPTOIR_DOCUMENT_CACHE_BYTES, and repeated ones are still served from it."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError, parse

from schema.document_cache import (
    ENTRY_OVERHEAD_BYTES,
    PARSED_BYTES_PER_SOURCE_BYTE,
    DocumentCache,
    parsed_cost,
    validation_cost,
)
from schema.limits import DOCUMENTS
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db


def large(i: int) -> str:
    """A distinct valid document of about 16 kB."""
    return "{ " + "__typename " * 1500 + f"}} # {i}"


def test_distinct_large_documents_stay_within_the_budget(
    anonymous: GraphQLClient, settings: Any
) -> None:
    budget = 50 * 1024 * 1024
    settings.COMPTOIR_DOCUMENT_CACHE_BYTES = budget
    DOCUMENTS.clear()
    per_document = parsed_cost(len(large(0).encode()))
    for i in range(30):
        assert anonymous(large(i)) == {"data": {"__typename": "Query"}}
        stats = DOCUMENTS.stats()
        assert stats.accounted_bytes <= budget
    # As many as fit, the latest ones.
    assert stats.entries == budget // (per_document + validation_cost(()))
    before = DOCUMENTS.stats()
    assert anonymous(large(29)) == {"data": {"__typename": "Query"}}
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
    assert anonymous(large(0)) == {"data": {"__typename": "Query"}}
    assert DOCUMENTS.stats().parse_misses == after.parse_misses + 1
    DOCUMENTS.clear()


def test_a_document_is_parsed_and_validated_once(anonymous: GraphQLClient) -> None:
    # The limits are validation rules; built per request, they would change the validation
    # cache's key and every request would be validated again.
    query = "query ValidatedOnce { suggestions(first: 3) { edges { node { title } } } }"
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
    for client in (anonymous, staff):
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


def test_the_cache_evicts_the_least_recently_used() -> None:
    cost = parsed_cost(len("{ a }"))
    cache = DocumentCache(budget=3 * cost)
    for source in ("{ a }", "{ b }", "{ c }"):
        cache.document(source, parse)
    cache.document("{ a }", parse)  # used again: now the most recent
    cache.document("{ d }", parse)  # pushes out "{ b }"
    parsed: list[str] = []

    def counting(source: str) -> Any:
        parsed.append(source)
        return parse(source)

    for source in ("{ a }", "{ c }", "{ d }", "{ b }"):
        cache.document(source, counting)
    assert parsed == ["{ b }"]
    assert cache.stats().accounted_bytes <= 3 * cost


def test_validation_results_count_in_the_budget() -> None:
    source = "{ a }"
    cache = DocumentCache(budget=10**9)
    document = cache.document(source, parse)
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


def test_a_document_larger_than_the_budget_is_not_kept() -> None:
    cache = DocumentCache(budget=1000)
    cache.document("{ a }", parse)
    assert cache.stats().entries == 0
    assert cache.stats().accounted_bytes == 0


def test_parse_errors_are_not_kept() -> None:
    cache = DocumentCache(budget=10**9)
    with pytest.raises(GraphQLError):
        cache.document("{", parse)
    assert cache.stats().entries == 0
