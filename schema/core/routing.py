"""Which database an operation reads: the read replica for public reads, the primary for
everything else (config/database.py says how the router uses it)."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from resolvers.request_context import reads_from_replica

# Set on the HTTP request once one of its operations is not a query: every later operation of
# the same request (a page runs several documents) reads the primary too.
_WROTE = "_comptoir_ran_mutation"


class ReplicaReads(SchemaExtension):
    """While a query executes for an anonymous visitor or a partner token, in a request that
    ran no mutation before, its reads may go to the read replica (`reads_from_replica`).
    Members read the primary (a member always sees their own vote at once), and so do
    mutations and subscriptions, and every operation after a mutation in the same request.

    The flag is set here rather than in the view because only here are both known: the viewer
    (the context) and the operation's type (the parsed, validated document). Whatever the
    operation reads before this hook (the session, the partner's token) reads the primary."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        request = getattr(context, "request", None)
        query = execution.operation_type is OperationType.QUERY
        if not query and request is not None:
            setattr(request, _WROTE, True)
        viewer = getattr(context, "viewer", None)
        public = viewer is not None and viewer.member is None
        replica = query and public and not getattr(request, _WROTE, False)
        token = reads_from_replica.set(replica)
        try:
            yield
        finally:
            reads_from_replica.reset(token)
