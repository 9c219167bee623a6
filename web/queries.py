"""The website's GraphQL documents and how a page runs them.

Each `web/documents/<Name>.graphql` holds one operation named `<Name>`;
`web/documents/fragments.graphql` holds the fragments they share. `build_manifest` makes
each operation a self-contained document (the operation, then every fragment it uses,
by name) and registers it under `sha256:<hex>` of its UTF-8 bytes: the trusted manifest
(`make documents` writes it, `make check` fails when it drifted). Pages run those
documents in-process through the schema's entry point, and the browser sends the same ids
to /graphql.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    visit,
)
from graphql.language import Visitor

from schema import schema

from . import page_cache

logger = logging.getLogger("comptoir.web")

DOCUMENTS_DIR = Path(__file__).resolve().parent / "documents"
MANIFEST = DOCUMENTS_DIR / "manifest.json"
_OPERATION_NAME = re.compile(r"^(?:query|mutation|subscription)\s+(\w+)", re.MULTILINE)


def _source(text: str, node: Any) -> str:
    return str(text[node.loc.start : node.loc.end])


def _spreads(node: Any) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: Any) -> None:
            names.add(spread.name.value)

    visit(node, Spreads())
    return names


def build_manifest(directory: Path = DOCUMENTS_DIR) -> dict[str, str]:
    """`sha256:<hex>` → document, for every operation of the `.graphql` files of
    `directory` (sorted by id). ValueError on a file that is not one named operation (or
    fragments only), a name used twice, or a fragment that does not exist."""
    operations: dict[str, str] = {}
    fragments: dict[str, tuple[str, set[str]]] = {}
    for path in sorted(directory.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        document: DocumentNode = parse(text)
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                if name in fragments:
                    raise ValueError(f"{path.name}: fragment {name} is defined twice.")
                fragments[name] = (_source(text, definition), _spreads(definition))
            elif isinstance(definition, OperationDefinitionNode):
                if definition.name is None or definition.name.value != path.stem:
                    raise ValueError(f"{path.name}: its operation must be named {path.stem}.")
                if path.stem in operations:
                    raise ValueError(f"{path.name}: a second operation.")
                operations[path.stem] = _source(text, definition)
    manifest: dict[str, str] = {}
    for name, operation in operations.items():
        used: set[str] = set()
        pending = _spreads(parse(operation))
        while pending:
            fragment = pending.pop()
            if fragment in used:
                continue
            if fragment not in fragments:
                raise ValueError(f"{name}.graphql: no fragment {fragment}.")
            used.add(fragment)
            pending |= fragments[fragment][1]
        text = "\n\n".join([operation, *(fragments[f][0] for f in sorted(used))]) + "\n"
        manifest["sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()] = text
    return dict(sorted(manifest.items()))


def manifest_text(manifest: dict[str, str]) -> str:
    """The manifest file's text (JSON, sorted, one document per line)."""
    return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@cache
def document_ids() -> dict[str, str]:
    """Operation name → its id in the committed manifest."""
    manifest: dict[str, str] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    ids: dict[str, str] = {}
    for id, text in manifest.items():
        match = _OPERATION_NAME.search(text)
        if match:
            ids[match.group(1)] = id
    return ids


@dataclass
class Result:
    """What a document answered: its data ({} when nothing ran) and its errors, as
    /graphql would send them (`message`, `path`, `extensions.code`)."""

    data: dict[str, Any]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def codes(self) -> set[str]:
        return {str((e.get("extensions") or {}).get("code")) for e in self.errors}


# Codes that a page shows as what they are (a 404, a login form, a message) rather than as
# something gone wrong.
EXPECTED_CODES = {"NOT_FOUND", "BAD_USER_INPUT", "UNAUTHENTICATED", "RATE_LIMITED"}


async def run(
    request: HttpRequest,
    name: str,
    variables: dict[str, Any] | None = None,
    *,
    anonymous: bool = False,
) -> Result:
    """Run the document `name` for the request's viewer (an anonymous visitor with
    `anonymous`), as /graphql would with its id; from data of now, not the public cache's,
    when the page will be kept (`page_cache.rendering_to_keep`)."""
    executed = await schema.execute_document(
        request,
        document_ids()[name],
        variables,
        anonymous=anonymous,
        fresh=page_cache.rendering_to_keep.get(),
    )
    errors: list[dict[str, Any]] = [dict(error.formatted) for error in executed.errors or []]
    result = Result(data=executed.data or {}, errors=errors)
    if errors:
        # Counted for the page (DEBUG shows it in a header; tests read it).
        request.graphql_errors = getattr(request, "graphql_errors", 0) + len(errors)  # type: ignore[attr-defined]
        level = logging.INFO if result.codes() <= EXPECTED_CODES else logging.WARNING
        # Codes and paths, not messages: a message may quote what the visitor typed.
        answered = [((e.get("extensions") or {}).get("code"), e.get("path")) for e in errors]
        logger.log(level, "%s answered errors: %s", name, answered)
    return result
