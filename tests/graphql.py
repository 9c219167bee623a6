"""What the tests of /graphql share: the client that posts a document, the IDs and instants
as the API spells them, the answer to a mutation refused before it ran, and what a write
leaves behind (audit events, notifications as their recipients read them).

Fixtures built on these (`anonymous`, `customer_client`, ...) are in `tests/conftest.py`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db.models import Model
from django.test import Client

from models.models import AuditEvent, Member, Notification
from permissions.roles import Viewer
from resolvers.selectors.notifications import notification_texts
from schema.core.ids import encode_id

# What a browser sends when it opens a page (GraphiQL answers it).
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# What a browser sends when it opens a page (GraphiQL answers it).


class GraphQLClient:
    """Talks to the real /graphql endpoint over Django's test client."""

    def __init__(
        self,
        member: Member | None = None,
        *,
        enforce_csrf_checks: bool = False,
        token: str | None = None,
    ) -> None:
        # `token`: a partner's API token secret, sent as `Authorization: Bearer`.
        headers = {"Authorization": f"Bearer {token}"} if token is not None else None
        self.http = Client(enforce_csrf_checks=enforce_csrf_checks, headers=headers)
        self.member = member
        if member is not None:
            self.http.force_login(member)

    def post(self, query: str, variables: dict[str, Any] | None = None, **headers: Any) -> Any:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.http.post(
            "/graphql", data=json.dumps(body), content_type="application/json", **headers
        )

    def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.post(query, variables)
        assert response.status_code == 200, response.content
        result: dict[str, Any] = response.json()
        return result


def logged_in(member: Member) -> Client:
    """A plain test client with `member`'s session."""
    client = Client()
    client.force_login(member)
    return client


def ide(client: Client) -> Any:
    """/graphql opened as a browser opens a page."""
    return client.get("/graphql", HTTP_ACCEPT=BROWSER_ACCEPT)


def gid(row: Model) -> str:
    """The global ID of a row, named after its model (which is its GraphQL type)."""
    return encode_id(type(row).__name__, row.pk)


def iso(moment: datetime | None) -> str | None:
    """An instant as the API and the audit log spell it (UTC, ISO 8601)."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def top_level_error(query: str, name: str, code: str, message: str) -> dict[str, Any]:
    """The whole response to the one-line document `query` whose mutation `name` was refused
    before it ran."""
    return {
        "data": {name: None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": query.index(name + "(") + 1}],
                "path": [name],
                "extensions": {"code": code},
            }
        ],
    }


def audit_events() -> list[tuple[Any, ...]]:
    """Every audit event, oldest first: actor, action, target, before and after."""
    return list(
        AuditEvent.objects.order_by("id").values_list(
            "actor_id", "action", "target_type", "target_id", "before", "after"
        )
    )


def notifications(*fields: str) -> list[tuple[Any, ...]]:
    """Every notification, oldest first: the given fields, then its text as its recipient
    reads it now (rendered by the same builders and selectors as the API)."""
    notes = list(Notification.objects.select_related("recipient").order_by("id"))
    return [
        (
            *(getattr(note, name) for name in fields),
            notification_texts(viewer=Viewer(note.recipient), notes=[note])[note],
        )
        for note in notes
    ]
