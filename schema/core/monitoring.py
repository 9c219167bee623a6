"""The GraphQL metrics (resolvers/metrics.py): every operation the schema executes, on
/graphql or for a page of the website, counted by registered document and viewer, and every
error of its response by code."""

from __future__ import annotations

from graphql import GraphQLError

from resolvers.metrics import GRAPHQL_ERRORS, GRAPHQL_OPERATIONS

from .errors import classify
from .trusted_documents import registered

OTHER = "other"
"""The `operation` and `document` label of a document outside the manifest: its name is
whatever the client chose, which no label may hold (unbounded series)."""

NONE = "none"
"""The `operation` label of an error answered before any document ran (a refusal)."""


def viewer_label(context: object) -> str:
    """`partner`, `member` or `anonymous`: who ran the operation."""
    viewer = getattr(context, "viewer", None)
    if viewer is not None and viewer.is_partner:
        return "partner"
    if viewer is not None and viewer.is_authenticated:
        return "member"
    return "anonymous"


def count_operation(query: str | None, context: object, errors: list[GraphQLError]) -> None:
    """Count one executed operation of the document `query` and the errors it answered."""
    found = registered(query)
    operation, document = found if found is not None else (OTHER, OTHER)
    GRAPHQL_OPERATIONS.labels(operation, document, viewer_label(context)).inc()
    for error in errors:
        GRAPHQL_ERRORS.labels(classify(error)[0], operation).inc()


def count_refusal(code: str) -> None:
    """Count a request /graphql refused before running any document."""
    GRAPHQL_ERRORS.labels(code, NONE).inc()
