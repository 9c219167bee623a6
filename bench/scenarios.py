"""The bench scenarios: real GraphQL documents, sent over HTTP to every server.

The documents use Comptoir's schema (schema.graphql); the graphene-django peer exposes the
same type and field names, so it receives the very same text, and so does the PostGraphile
peer but for one type name (`POSTGRAPHILE_NAMES`). Only the variables differ where the
servers differ by design: the cursor of the deep page (Comptoir and the floor use keyset
cursors, graphene-django and PostGraphile offset cursors, each computed as that server
computes it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

# What a request costs before any field: HTTP, the session and its member, the GraphQL
# machinery. Not one of the scenarios: the yardstick that explains the others.
OVERHEAD = "query Overhead { __typename }"

LABO_PAGE = """
query LaboFrontPage($first: Int!, $after: String) {
  suggestions(first: $first, after: $after, orderBy: TOP) {
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        title
        voteCount
        viewerHasVoted
        author { displayName }
        latestDecision { outcome targetPeriod }
      }
    }
  }
}
"""

# The front page as an anonymous visitor reads it: no `viewerHasVoted`, which is about a
# member (Comptoir answers plain null to a visitor who asks; the peers' documents leave it
# out for visitors, so the scenario does too).
LABO_PAGE_ANONYMOUS = LABO_PAGE.replace("LaboFrontPage", "LaboFrontPageAnonymous").replace(
    "        viewerHasVoted\n", ""
)
assert "viewerHasVoted" not in LABO_PAGE_ANONYMOUS

SUGGESTION_PAGE = """
query SuggestionPage($id: ID!) {
  suggestion(id: $id) {
    title
    body
    status
    createdAt
    voteCount
    viewerHasVoted
    author { displayName }
    statusHistory { fromStatus toStatus publicNote createdAt actor { displayName } }
    comments(first: 20) {
      edges { node { body createdAt isOfficial author { displayName } } }
    }
    latestDecision { outcome publicRationale targetPeriod publishedAt }
  }
}
"""

THREAD_PAGE = """
query ThreadPage($id: ID!) {
  thread(id: $id) {
    title
    body
    kind
    status
    createdAt
    author { displayName }
    category { name }
    posts(first: 50) {
      edges { node { body createdAt isOfficial author { displayName } } }
    }
  }
}
"""

COMMITTEE_AGENDA = """
query CommitteeAgenda($id: ID!) {
  node(id: $id) {
    ... on CommitteeMeeting {
      title
      scheduledFor
      chair { displayName }
      agenda {
        position
        suggestion { title status voteCount author { displayName } }
        evaluationSummary {
          count customerBenefit technicalFeasibility cost timeToDeliver overall
        }
      }
    }
  }
}
"""

VOTE = """
mutation Vote($id: ID!) {
  voteForSuggestion(input: { suggestionId: $id }) {
    suggestion { voteCount viewerHasVoted }
    errors { code }
  }
}
"""

WITHDRAW = """
mutation Withdraw($id: ID!) {
  withdrawVote(input: { suggestionId: $id }) {
    suggestion { voteCount viewerHasVoted }
    errors { code }
  }
}
"""

LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(input: { username: $username, password: $password }) {
    viewer { displayName }
    errors { code }
  }
}
"""

# Where PostGraphile's names differ from Comptoir's, and nothing else differs: its cursor
# scalar is `Cursor` (Comptoir's and graphene's cursors are `String`). Every field of the
# documents it serves has Comptoir's name (bench/peers/postgraphile/schema.sql).
POSTGRAPHILE_NAMES = {"$after: String": "$after: Cursor"}


def postgraphile_document(document: str) -> str:
    """The document as PostGraphile names it (`POSTGRAPHILE_NAMES`)."""
    for comptoir, postgraphile in POSTGRAPHILE_NAMES.items():
        document = document.replace(comptoir, postgraphile)
    return document


# name, description (for the report)
SCENARIOS: list[tuple[str, str]] = [
    (
        "labo_front_page",
        "50 suggestions ordered TOP with title, voteCount, viewerHasVoted, author, latest "
        "decision; a logged-in customer",
    ),
    (
        "labo_front_page_anonymous",
        "the same page for an anonymous visitor (no session, no token): the same document "
        "without `viewerHasVoted`, a member's field",
    ),
    ("labo_deep_page", "the same page 200 pages deep (after the cursor of item 10,000)"),
    (
        "suggestion_page",
        "one suggestion with body, status history, first 20 comments with authors, latest "
        "published decision; a logged-in customer",
    ),
    (
        "thread_page",
        "a support question with its first 50 posts and their authors; a logged-in customer",
    ),
    (
        "committee_agenda",
        "a meeting's agenda of 20 suggestions with evaluation summaries; a committee member",
    ),
    (
        "vote_rush",
        "distinct customer sessions voting for and withdrawing from 20 popular suggestions",
    ),
    (
        "request_overhead",
        "`{ __typename }` as the logged-in customer: the cost of a request before any field "
        "(HTTP, session and member, the GraphQL machinery), to read the others by",
    ),
]
READ_SCENARIOS = [name for name, _ in SCENARIOS if name != "vote_rush"]
GROWTH_SCENARIOS = ["labo_front_page", "labo_deep_page"]


@dataclass(frozen=True)
class PageScenario:
    """An HTML page of the community website, fetched with GET like a browser would: with
    the customer's session cookie only (a GET needs no CSRF token), or no cookie at all."""

    name: str
    description: str
    path: str
    logged_in: bool
    # The servers that serve it: the website is Comptoir's; the other servers are GraphQL
    # APIs only, and the report says so (`NO_WEBSITE`).
    served_by: tuple[str, ...] = ("comptoir",)
    # Off while the page does not exist; the report lists the scenario with this reason.
    disabled: str = ""


# The website's page size (web/pages.py, PAGE_SIZE): its Labo page offers no other, and the
# bench does not change it for itself.
WEBSITE_PAGE_SIZE = 20
NO_WEBSITE = "no website (a GraphQL API only)"

# The community website's Labo page (web.views.labo), logged in and anonymous: its first
# page ordered by top votes (`order=TOP`, also its default), the list of the GraphQL front
# page as far as the page allows: 20 ideas, its only page size, where the front page has 50.
# The runner checks that the answer is HTML showing the titles of the list's first 20
# suggestions, in order, as that viewer sees them (bench/run.py, `page_problem`).
PAGE_SCENARIOS: list[PageScenario] = [
    PageScenario(
        "website_labo_page",
        "the website's Labo page (`GET /labo/?order=TOP`, HTML): the first 20 ideas ordered by "
        "top votes, the front page's list as far as the page goes (its only page size is 20; "
        "the GraphQL front page has 50), with title, status, author, latest decision, vote "
        "count and the customer's vote; a logged-in customer (session cookie only)",
        "/labo/?order=TOP",
        logged_in=True,
    ),
    PageScenario(
        "website_labo_page_anonymous",
        "the same page for an anonymous visitor (no cookie at all)",
        "/labo/?order=TOP",
        logged_in=False,
    ),
]
PAGE_NAMES = [page.name for page in PAGE_SCENARIOS]
DEEP_PAGES = 200
PAGE_SIZE = 50


# The documents Comptoir is sent, registered as trusted documents beside the website's (as a
# deployment registers the documents of its front end): Comptoir then runs with trusted
# documents only, as deployed, and its shared cache of public answers keeps the anonymous
# page's, as it keeps the website's. Every server is sent the same documents and load.
COMPTOIR_DOCUMENTS = [
    OVERHEAD,
    LOGIN,
    LABO_PAGE,
    LABO_PAGE_ANONYMOUS,
    SUGGESTION_PAGE,
    THREAD_PAGE,
    COMMITTEE_AGENDA,
    VOTE,
    WITHDRAW,
]


def write_trusted_manifest(website_manifest: Path, path: Path) -> Path:
    """Write to `path` the website's manifest (`{"sha256:<hex>": document}`) with the
    bench's documents added under their ids (schema/core/trusted_documents.document_id's
    rule: the hex sha256 of the document's UTF-8 bytes); return `path`."""
    documents = json.loads(website_manifest.read_text(encoding="utf-8"))
    for text in COMPTOIR_DOCUMENTS:
        documents["sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(documents, indent=1, sort_keys=True), encoding="utf-8")
    return path
