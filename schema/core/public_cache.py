"""The shared cache of public answers: anonymous visitors' and partners' queries of trusted
documents, fresh within one second (DESIGN §6).

Most of a community's readers are anonymous, and every one of them asking the Labo's front
page within the same second gets the same answer: it is computed once per second and per
cache (Redis when REDIS_URL is set, shared by every server process; process memory
otherwise), as Discourse serves its anonymous visitors. What is kept is the `data` of a
query that ran without any error, keyed by

- the document's trusted id (`sha256:…`; only registered documents are kept: an arbitrary
  partner document is executed each time), the operation name and the variables (canonical
  JSON);
- who asked: "anonymous", or the partner token's sorted scopes (a partner sees what an
  anonymous visitor sees within its scopes, DESIGN §4; nothing in an answer depends on which
  partner asks).

Never kept or served: a member's request (a voter sees their own vote at once, and
`viewer…` fields are theirs), a request carrying a session cookie (it may become a
member's), a mutation, an answer with errors. Each partner answer still goes through the
view, so its `extensions` (the token's own rate-limit status) are the caller's.

`COMPTOIR_PUBLIC_CACHE_SECONDS` (default 1; 0 turns the cache off) is the freshness bound:
a change is visible to anonymous readers at most that many seconds later.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from graphql import OperationDefinitionNode, OperationType, parse
from strawberry.types import ExecutionResult

from permissions.roles import Viewer
from resolvers.metrics import PUBLIC_CACHE_LOOKUPS

from . import trusted_documents

KEY_PREFIX = "comptoir:public-answer:"


@lru_cache(maxsize=256)
def _query_operations(text: str) -> frozenset[str | None]:
    """The names of the query operations in a trusted document (None for an anonymous
    one): parsed once per document and process."""
    names: set[str | None] = set()
    for definition in parse(text).definitions:
        if (
            isinstance(definition, OperationDefinitionNode)
            and definition.operation == OperationType.QUERY
        ):
            names.add(definition.name.value if definition.name else None)
    return frozenset(names)


@lru_cache(maxsize=4)
def _trusted_ids(manifest: str) -> dict[str, str]:
    """The trusted documents' ids by text (of the manifest at path `manifest`, read once per
    process): a request's text is looked up as it came, without hashing it, so text that is
    no UTF-8 (a lone surrogate) is simply not a trusted document."""
    return {text: document for document, text in trusted_documents.trusted().items()}


def _audience(viewer: Viewer) -> str | None:
    """Whose answers these are ("anonymous", or a partner's scopes); None for a member."""
    if viewer.partner is not None:
        return "partner:" + ",".join(sorted(viewer.partner.scopes))
    if viewer.member is None:
        return "anonymous"
    return None


def key_for(
    *,
    viewer: Viewer,
    query: str | None,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    carries_session: bool,
) -> str | None:
    """The cache key of a request's answer, or None when it may be neither served from the
    cache nor kept in it (module docstring). `query` is the document's text (a `documentId`
    already replaced by its document); `carries_session`: the request came with a session
    cookie."""
    if settings.COMPTOIR_PUBLIC_CACHE_SECONDS <= 0 or carries_session or not query:
        return None
    audience = _audience(viewer)
    if audience is None:
        return None
    document = _trusted_ids(str(settings.COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST)).get(query)
    if document is None:
        return None
    operations = _query_operations(query)
    # The operation that will run: the named one, or the document's only one.
    if operation_name is None and len(operations) == 1:
        (operation_name,) = operations
    if operation_name not in operations:
        return None
    try:
        canonical = json.dumps(
            variables or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha256(
        "\n".join((audience, document, operation_name or "", canonical)).encode()
    ).hexdigest()
    return KEY_PREFIX + digest


def _in_process() -> bool:
    """The cache is this process's memory: read and written on the event loop, where a dict
    lookup under a lock costs microseconds, instead of through a thread (Django's `aget`
    sends every backend to one; the hop cost a fifth of a cached answer's time)."""
    return isinstance(caches["default"], LocMemCache)


async def execute(
    key: str | None, run: Callable[[], Awaitable[ExecutionResult]]
) -> ExecutionResult:
    """The answer kept under `key` while fresh; otherwise `run()`'s, kept when it has no
    error. `key` None (`key_for` refused): `run()`'s, untouched."""
    if key is None:
        return await run()
    kept: dict[str, Any] | None = cache.get(key) if _in_process() else await cache.aget(key)
    if kept is not None:
        PUBLIC_CACHE_LOOKUPS.labels("hit").inc()
        return ExecutionResult(data=kept, errors=None)
    PUBLIC_CACHE_LOOKUPS.labels("miss").inc()
    result = await run()
    if not result.errors and result.data is not None:
        timeout = settings.COMPTOIR_PUBLIC_CACHE_SECONDS
        if _in_process():
            cache.set(key, result.data, timeout=timeout)
        else:
            await cache.aset(key, result.data, timeout=timeout)
    return result
