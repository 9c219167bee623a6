"""The assembled GraphQL schema (`schema.schema`)."""

from datetime import datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from .committee import CommitteeMeeting, Evaluation
from .errors import ErrorCodes
from .graphiql import IntrospectionPolicy
from .limits import RequestLimits
from .members import Member
from .moderation import Flag
from .mutations.auth import AuthMutations, OneLoginPerRequest
from .mutations.cafe import CafeMutations
from .mutations.committee import CommitteeMutations
from .mutations.suggestions import LaboMutations, SuggestionMutations
from .mutations.threads import ThreadMutations
from .notifications import Notification, NotificationMutations
from .partners import read_only_for_partners
from .query import Query
from .scalars import DateTime
from .suggestions import Decision, StatusChange, Suggestion
from .threads import Category, Post, PostRevision, Thread


@strawberry.type(description="Change the community.")
class Mutation(
    AuthMutations,
    ThreadMutations,
    CafeMutations,
    SuggestionMutations,
    LaboMutations,
    CommitteeMutations,
    NotificationMutations,
):
    pass


# Parsed and validated documents kept per worker (the front end's and partners' documents).
DOCUMENT_CACHE_SIZE = 512

# Limits against abusive documents (DESIGN §7), as validation rules built once: the
# validation cache is keyed by the rule classes, and `QueryDepthLimiter(...)` or
# `MaxAliasesLimiter(...)` constructed per request would make new classes each time, so
# every request would validate again (measured: a third of the front page's CPU).
LIMIT_RULES = (
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
    # Brute force: one `login` per request (RATE_LIMITED), counted by the service.
    OneLoginPerRequest,
)


class CommunitySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Client errors are answers, not incidents: `ErrorCodes` logs the internal ones.
        return None


schema = CommunitySchema(
    query=Query,
    # Partner tokens are read-only: every mutation refuses them first.
    mutation=read_only_for_partners(Mutation),
    # Every Node type, so `node(id:)` can return any of them.
    types=[
        Member,
        Category,
        Thread,
        Post,
        Suggestion,
        StatusChange,
        Decision,
        CommitteeMeeting,
        Evaluation,
        Notification,
        Flag,
        PostRevision,
    ],
    # Instants with their UTC offset, within the range the databases store, answered in UTC.
    scalar_overrides={datetime: DateTime},
    extensions=[
        ErrorCodes,
        # The same documents come back all day (the front end's, partners'): parse and
        # validate each once. Validation is cached per set of rules, so the rules added for
        # a viewer (introspection refused) still apply to them.
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: AddValidationRules(list(LIMIT_RULES)),
        lambda: MaxTokensLimiter(max_token_count=3000),
        # The rows a document's pages add up to, and NUL characters in text.
        RequestLimits,
        # Introspection for staff and partners only, unless DEBUG (FORBIDDEN).
        IntrospectionPolicy,
    ],
)
