"""What a cached document keeps in memory, per byte of its source (tracemalloc).

    .venv/bin/python -m bench.document_memory

For documents of several shapes (short names, long names, long string literals, comments,
GraphiQL's introspection query, the Labo front page, a document of 100 validation errors)
it parses and validates each as `schema.core.limits` does, and prints the bytes still allocated
afterwards per byte of source: the parsed document alone, and its validation errors. The
accounting of `schema/core/document_cache.py` (PARSED_BYTES_PER_SOURCE_BYTE,
VALIDATED_BYTES_PER_SOURCE_BYTE, ENTRY_OVERHEAD_BYTES) is these numbers rounded up, so that
the cache's budget (COMPTOIR_DOCUMENT_CACHE_BYTES) bounds what it really holds.
"""

from __future__ import annotations

import gc
import os
import tracemalloc
from collections.abc import Callable
from typing import Any


def _kept(build: Callable[[], Any]) -> int:
    """Bytes that `build()`'s result keeps allocated: traced with it alive, minus traced once
    it is gone (what graphql-core sets up once per process, or keeps for its latest call, is
    not the result's)."""
    gc.collect()
    tracemalloc.start()
    holder = [build()]
    gc.collect()
    alive, _ = tracemalloc.get_traced_memory()
    holder.clear()
    gc.collect()
    gone, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return alive - gone


def documents() -> dict[str, str]:
    from graphql import get_introspection_query

    from bench.scenarios import LABO_PAGE
    from schema.core.limits import MAX_TOKENS

    long_names = "viewer { displayName memberSince suggestionCount threadCount postCount } "
    return {
        "{ __typename }": "{ __typename }",
        "Labo front page": LABO_PAGE,
        "GraphiQL introspection": get_introspection_query(
            descriptions=True, specified_by_url=True, directive_is_repeatable=True
        ),
        "short names (id x 2,990)": "{ viewer { " + "id " * (MAX_TOKENS - 10) + "} }",
        "1-letter names (a x 2,990)": "{ " + "a " * (MAX_TOKENS - 10) + "}",
        "long names": "{ " + long_names * (MAX_TOKENS // 9) + "}",
        "aliases and arguments": "{ "
        + " ".join(
            f"s{i}: suggestions(first: {i % 100}, orderBy: TOP) {{ totalCount }}"
            for i in range(MAX_TOKENS // 14)
        )
        + " }",
        "1-letter arguments": "{ a("
        + " ".join(f"b:{i % 10}" for i in range(MAX_TOKENS // 4))
        + ") }",
        "list of digits": "{ a(b: [" + "1 " * (MAX_TOKENS - 12) + "]) }",
        "empty selection sets": "{ " + "a{} " * (MAX_TOKENS // 3 - 4) + "}",
        "60 kB string literal": '{ search(query: "' + "é" * 30_000 + '") { totalCount } }',
        "60 kB comment": "#" + "x" * 60_000 + "\n{ __typename }",
        "100 validation errors": "{ " + " ".join(f"unknown{i}" for i in range(120)) + " }",
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from graphql import parse, specified_rules

    from schema import LIMIT_RULES, schema
    from schema.core.document_cache import parsed_cost, source_bytes, validation_cost
    from schema.core.limits import MAX_TOKENS, validate_document

    graphql_schema = schema._schema
    rules = (*specified_rules, *LIMIT_RULES)
    print(
        f"{'document':28} {'bytes':>7} {'parsed':>9} {'per B':>6} {'counted':>9}"
        f" {'errors':>6} {'validated':>9} {'counted':>9}"
    )
    worst = 0.0
    for name, source in documents().items():
        size = source_bytes(source)
        document = parse(source, max_tokens=MAX_TOKENS)
        errors = tuple(validate_document(graphql_schema, document, rules, hide_suggestions=True))
        parsed = _kept(lambda source=source: parse(source, max_tokens=MAX_TOKENS))
        validated = _kept(
            lambda document=document: tuple(
                validate_document(graphql_schema, document, rules, hide_suggestions=True)
            )
        )
        worst = max(worst, parsed / size)
        print(
            f"{name:28} {size:7} {parsed:9} {parsed / size:6.1f} {parsed_cost(size):9}"
            f" {len(errors):6} {validated:9} {validation_cost(errors):9}"
        )
    print(f"most kept by a parsed document: {worst:.1f} B per source byte")


if __name__ == "__main__":
    main()
