"""Exploring the API: GraphiQL's example tabs, and who may introspect the schema.

GraphiQL itself is served by the view (`CommunityGraphQLView.should_render_graphql_ide`):
to everyone when DEBUG is on, to staff sessions only in production. Introspection follows
`permissions.policies.can_introspect`: everyone when DEBUG is on; staff and partners
otherwise, while anyone else's document asking for `__schema` or `__type` is refused as a
whole with FORBIDDEN before anything runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule
from strawberry.extensions import SchemaExtension

from permissions.policies import can_introspect

DEMO_PASSWORD = "comptoir-demo"
# (username, what the role may do), as `make run` loads them (config/demo/prose/members.toml).
DEMO_LOGINS = (
    ("demo-client", "a customer: votes, submits suggestions, asks questions"),
    ("demo-conseiller", "an adviser: answers, triages, moderates, prepares the agenda"),
    ("demo-comite", "a committee member: reads the agenda, scores suggestions"),
    ("demo-president", "the committee's chair: records and publishes decisions"),
    ("demo-staff", "staff (an adviser): the back office at /admin/ too"),
)


@dataclass(frozen=True, slots=True)
class ExampleTab:
    query: str
    variables: str | None = None

    def as_graphiql(self) -> dict[str, str | None]:
        """A GraphiQL `TabDefinition`."""
        return {"query": self.query, "variables": self.variables}


_CAPABILITIES = "capabilities { canVote canModerate canTriage canScore canDecide }"


def _welcome(debug: bool) -> ExampleTab:
    if debug:
        width = max(len(username) for username, _ in DEMO_LOGINS)
        accounts = "\n".join(
            f"#   {username.ljust(width)}  {what}" for username, what in DEMO_LOGINS
        )
        return ExampleTab(
            f"""# Comptoir's GraphQL API: the café, Le Labo and the committee.
#
# The other tabs hold examples: the Labo front page, a support thread, the
# committee agenda and a vote. Run a document with Ctrl-Enter (or ▶).
#
# Log in as any demo role: put its username below and run LogIn. Every demo
# password is {DEMO_PASSWORD}.
#
{accounts}
#
# What the member may do is `viewer {{ capabilities }}`; LogOut ends the session.
# (GraphiQL keeps your tabs: clear its storage in the settings to see these
# examples again.)

mutation LogIn {{
  login(input: {{ username: "demo-client", password: "{DEMO_PASSWORD}" }}) {{
    viewer {{ displayName role {_CAPABILITIES} }}
    errors {{ code message }}
  }}
}}

query Viewer {{
  viewer {{ displayName role email {_CAPABILITIES} }}
}}

mutation LogOut {{
  logout(input: {{}}) {{ errors {{ code }} }}
}}
"""
        )
    return ExampleTab(
        f"""# Comptoir's GraphQL API, for staff.
#
# You are using your back-office session (/admin/). The other tabs hold examples:
# the Labo front page, a support thread, the committee agenda and a vote.
# Run a document with Ctrl-Enter (or ▶). Data you read here is the bank's
# customers' data: read what your work needs.

query Viewer {{
  viewer {{ displayName role {_CAPABILITIES} }}
}}
"""
    )


LABO_FRONT_PAGE = ExampleTab(
    """# Le Labo's front page: the most voted suggestions with their latest decision.
# `viewerHasVoted` is null until you log in.

query LaboFrontPage {
  suggestions(first: 20, orderBy: TOP) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        title
        status
        voteCount
        viewerHasVoted
        author { displayName }
        latestDecision { outcome targetPeriod publicRationale publishedAt }
      }
    }
  }
}
"""
)

SUPPORT_THREAD = ExampleTab(
    """# After-sales support: the latest questions, with the advisers' answers.
# Log in as demo-conseiller to see internal notes and the assigned adviser too.

query SupportThread {
  threads(kind: QUESTION, first: 3) {
    edges {
      node {
        id
        title
        status
        createdAt
        firstResponseAt
        resolvedAt
        author { displayName }
        acceptedPost { id }
        posts(first: 10) {
          totalCount
          edges {
            node { body isOfficial isInternal createdAt author { displayName role } }
          }
        }
      }
    }
  }
}
"""
)

COMMITTEE_AGENDA = ExampleTab(
    """# The committee's meetings and agendas, with the members' scores.
# For advisers and the committee: log in as demo-comite (or demo-conseiller)
# first; anyone else gets null and a FORBIDDEN error.

query CommitteeAgenda {
  committeeMeetings(first: 3) {
    edges {
      node {
        title
        scheduledFor
        chair { displayName }
        agenda {
          position
          suggestion { id title voteCount status }
          evaluationSummary {
            count customerBenefit technicalFeasibility cost timeToDeliver overall
          }
        }
      }
    }
  }
}
"""
)

VOTE = ExampleTab(
    """# Vote for a suggestion (customers: log in as demo-client first).
# Run OpenSuggestions, put one of their ids in the variables below, run Vote.
# Voting twice changes nothing and says ALREADY_VOTED; WithdrawVote takes it back.

query OpenSuggestions {
  suggestions(first: 5, orderBy: NEWEST, status: [SUBMITTED, UNDER_REVIEW]) {
    edges { node { id title voteCount viewerHasVoted } }
  }
}

mutation Vote($id: ID!) {
  voteForSuggestion(input: { suggestionId: $id }) {
    suggestion { title voteCount viewerHasVoted }
    errors { code message field }
  }
}

mutation WithdrawVote($id: ID!) {
  withdrawVote(input: { suggestionId: $id }) {
    suggestion { title voteCount viewerHasVoted }
    errors { code message field }
  }
}
""",
    variables='{\n  "id": "paste the id of a suggestion here"\n}',
)


def example_tabs(*, debug: bool) -> list[ExampleTab]:
    """The tabs GraphiQL opens with (until the browser has tabs of its own)."""
    return [_welcome(debug), LABO_FRONT_PAGE, SUPPORT_THREAD, COMMITTEE_AGENDA, VOTE]


def graphiql_context(*, debug: bool) -> dict[str, Any]:
    """The context of `templates/graphql/graphiql.html`."""
    return {"graphiql_tabs": [tab.as_graphiql() for tab in example_tabs(debug=debug)]}


# --- Introspection ---------------------------------------------------------------------

_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


class IntrospectionRefused(ValidationRule):
    """Refuse a document that introspects the schema (`__typename` is no introspection)."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.reported = False

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in _INTROSPECTION_FIELDS and not self.reported:
            self.reported = True
            self.report_error(
                GraphQLError(
                    "Introspection is for staff and partners.",
                    node,
                    extensions={"code": "FORBIDDEN"},
                )
            )


class IntrospectionPolicy(SchemaExtension):
    """Adds `IntrospectionRefused` to the validation of a viewer who may not introspect.

    Decided for the viewer the request arrives as: a `login` in the same document does not
    open introspection to it."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        viewer = getattr(context, "viewer", None)
        if viewer is None or not can_introspect(viewer):
            self.execution_context.validation_rules = (
                *self.execution_context.validation_rules,
                IntrospectionRefused,
            )
        yield
