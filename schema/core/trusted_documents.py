"""Trusted documents: the website's GraphQL documents, registered by their `sha256:` id.

The manifest (`web/documents/manifest.json`, written by `make documents` and committed)
maps `sha256:<hex of the document's UTF-8 bytes>` to the document. /graphql runs a
registered document when a request names it (`{"documentId": "sha256:...", "variables":
{...}}`, in a POST body or a GET query string). With `COMPTOIR_TRUSTED_DOCUMENTS_ONLY` (on
by default when DEBUG is off), anonymous visitors and members may run only those: any other
document is refused with `DOCUMENT_NOT_TRUSTED`, before it is even parsed. Staff sessions
(GraphiQL) and partner tokens may still send any document, within the same limits.

The website runs the same documents in-process (`execute_document`), with the request's
viewer: the permissions, loaders and limits of /graphql.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from models.models import Member
from permissions.roles import ANONYMOUS, Viewer

from .context import Context

if TYPE_CHECKING:
    import strawberry
    from strawberry.types import ExecutionResult

PREFIX = "sha256:"
# The codes of the refusals below (`extensions.code`), with their HTTP status.
NOT_TRUSTED = "DOCUMENT_NOT_TRUSTED"
UNKNOWN = "DOCUMENT_NOT_FOUND"


class DocumentRefused(Exception):
    """A request /graphql refuses because of the trusted-documents rules (the view answers
    it as one GraphQL error with this code and status)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def document_id(text: str) -> str:
    """The id of a document: `sha256:` and the hex digest of its UTF-8 bytes."""
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _manifest(path: str) -> dict[str, str]:
    file = Path(path)
    if not file.exists():
        return {}
    documents: dict[str, str] = json.loads(file.read_text(encoding="utf-8"))
    return documents


def trusted() -> dict[str, str]:
    """The registered documents, by id (read once per process)."""
    return _manifest(str(settings.COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST))


_OPERATION = re.compile(r"^(?:query|mutation|subscription)\s+(\w+)", re.MULTILINE)


@lru_cache(maxsize=1)
def _names(path: str) -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for id, text in _manifest(path).items():
        found = _OPERATION.search(text)
        names[text] = (found[1] if found else id, id)
    return names


def registered(text: str | None) -> tuple[str, str] | None:
    """(operation name, id) of the registered document whose text is `text` (one dict
    lookup: the metrics label every operation with it); None for any other document."""
    if text is None:
        return None
    return _names(str(settings.COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST)).get(text)


def request_params(params: dict[str, Any], *, may_send_any: bool) -> dict[str, Any]:
    """The GraphQL-over-HTTP parameters to run: a `documentId` replaced by its document;
    an unregistered document refused when only trusted ones may run for this requester."""
    wanted = params.get("documentId")
    if wanted is not None:
        if not isinstance(wanted, str):
            raise DocumentRefused(400, "BAD_USER_INPUT", "`documentId` must be a string.")
        text = trusted().get(wanted)
        if text is None:
            raise DocumentRefused(
                400, UNKNOWN, f"No registered document has the id {wanted[:80]!r}."
            )
        query = params.get("query")
        if query not in (None, "", text):
            raise DocumentRefused(
                400, "BAD_USER_INPUT", "Send either `query` or `documentId`, not both."
            )
        return {**params, "query": text}
    query = params.get("query")
    if (
        settings.COMPTOIR_TRUSTED_DOCUMENTS_ONLY
        and not may_send_any
        and isinstance(query, str)
        and query
        and document_id(query) not in trusted()
    ):
        raise DocumentRefused(
            403,
            NOT_TRUSTED,
            "Only the website's registered documents may be run here: send "
            '{"documentId": "sha256:...", "variables": {...}}. Partner tokens and staff '
            "sessions may send any document.",
        )
    return params


def viewer_of(user: object) -> Viewer:
    """The viewer a session's user is: an active member, or an anonymous visitor."""
    if isinstance(user, Member) and user.is_active:
        return Viewer(user)
    return ANONYMOUS


async def execute_document(
    schema: strawberry.Schema,
    request: HttpRequest,
    id: str,
    variables: dict[str, Any] | None = None,
    *,
    anonymous: bool = False,
    fresh: bool = False,
) -> ExecutionResult:
    """Run the registered document `id` in-process for the request's viewer (its session's
    member, or an anonymous visitor; always anonymous with `anonymous`): the same
    permissions, loaders and limits as /graphql. A `login` or `logout` changes the
    request's session as it would there. With `fresh`, never an answer kept in the public
    cache: the caller keeps what it makes from it for the whole freshness bound (the
    website's page cache), so it must start from data of now. KeyError when no document
    has that id."""
    # Imported here: the public cache looks documents up in this module.
    from . import public_cache

    text = trusted()[id]
    viewer = ANONYMOUS if anonymous else viewer_of(await request.auser())
    # An anonymous visitor's page reads what /graphql would serve them: kept one second.
    kept_as = None
    if not fresh:
        kept_as = public_cache.key_for(
            viewer=viewer,
            query=text,
            operation_name=None,
            variables=variables,
            carries_session=not anonymous and settings.SESSION_COOKIE_NAME in request.COOKIES,
        )
    context = Context(request=request, response=HttpResponse(), viewer=viewer)
    return await public_cache.execute(
        kept_as,
        lambda: schema.execute(text, variable_values=variables, context_value=context),
    )
