"""Write docs/permissions.md from the permission table (`permissions/matrix.py`), or check
that it matches (`--check`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from permissions.matrix import (
    ADVISER,
    ANONYMOUS,
    CHAIR,
    COMMITTEE,
    CONNECTION_FIELDS,
    CUSTOMER,
    EDGE_FIELDS,
    MUTATION_ERROR_FIELDS,
    MUTATIONS,
    PAYLOADS,
    SELF,
    TYPES,
    UNRESTRICTED,
    Audience,
    Rule,
    TypeAccess,
)

DOC = Path("docs") / "permissions.md"

# The columns: who each role is in the table's terms (the chair is a committee member).
COLUMNS: tuple[tuple[str, frozenset[Audience]], ...] = (
    ("anonymous", frozenset({ANONYMOUS})),
    ("customer", frozenset({CUSTOMER})),
    ("adviser", frozenset({ADVISER})),
    ("committee", frozenset({COMMITTEE})),
    ("chair", frozenset({COMMITTEE, CHAIR})),
)
HEADER = "| {} | anonymous | customer | adviser | committee | chair | partner | note |"
RULE_LINE = "|---|---|---|---|---|---|---|---|"

INTRO = """# Who may read and do what

Generated from `permissions/matrix.py` by `python manage.py export_permissions`: do not edit
by hand (`make check` fails when this file and the table differ). DESIGN §4 is the contract;
`tests/api/test_permission_matrix.py` asks every field below through `/graphql` as every role
and checks each cell.

Cells: **yes**; **self**: only about themself (their own profile, notifications, flags);
**—**: no; **null**: plain `null` without an error (a viewer-relative field, about the
viewer themself, when there is no member viewer). The chair is a committee member: what the
committee may, the chair may too. Partner cells name the token scopes needed (`a` or `b`:
either; `a` + `b`: both); a partner token is no member, reads what an anonymous visitor
reads within its scopes, and calls no mutation.

How a refusal looks:

- a field: `null`, with an error whose `extensions.code` is `FORBIDDEN` and whose `path`
  names the field; the rest of the response is served;
- a viewer-relative field (`viewer`, `viewerHasVoted`, `viewerIsFollowing`) when there is
  no member viewer (an anonymous visitor, a partner token): `null` without an error — there
  is nothing to withhold, and one front-end document serves every visitor;
- an object a role may not receive at all (a hidden reply, an internal note, a draft
  decision, an evaluation, another member's notification, a type outside a token's scopes):
  not found, never forbidden: `node(id:)` is `null` without error, lists and their
  `totalCount`, `search` and every relation leave it out;
- a mutation: `null` with `UNAUTHENTICATED` for an anonymous visitor, `FORBIDDEN` for a
  member and for every partner token.
"""


def _level(rule: Rule, audiences: frozenset[Audience], member: bool) -> int:
    """2: yes, 1: self only, 0: no."""
    if rule.who & audiences:
        return 2
    return 1 if member and SELF in rule.who else 0


def _partner_cell(*rules: Rule) -> str:
    groups: list[tuple[str, ...]] = []
    for rule in rules:
        if rule.partner is None:
            return "null" if rule.silent else "—"
        if rule.partner and rule.partner not in groups:
            groups.append(rule.partner)
    if not groups:
        return "any token"
    return " + ".join(" or ".join(f"`{scope}`" for scope in group) for group in groups)


def _cells(*rules: Rule) -> list[str]:
    cells = []
    for name, audiences in COLUMNS:
        levels = [(_level(rule, audiences, name != "anonymous"), rule.silent) for rule in rules]
        level, silent = min(levels)
        cells.append("null" if silent and level == 0 else ("—", "self", "yes")[level])
    return [*cells, _partner_cell(*rules)]


def _row(name: str, cells: list[str], note: str) -> str:
    return "| " + " | ".join([f"`{name}`", *cells, note]) + " |"


def _notes(*rules: Rule) -> str:
    return "; ".join(rule.note for rule in rules if rule.note)


def _type_section(name: str, access: TypeAccess) -> list[str]:
    lines = [f"### {name}", ""]
    if access.note:
        lines += [access.note[0].upper() + access.note[1:] + ".", ""]
    reach = access.reach
    if reach is None:
        fields = ", ".join(f"`{f}`" for f in access.public)
        lines.append(
            "Read wherever the field returning it is readable"
            + (f"; so are its fields {fields}." if fields else ".")
        )
        if access.restricted:
            lines += ["", HEADER.format("restricted field"), RULE_LINE]
            for field, rule in access.restricted.items():
                lines.append(_row(field, _cells(rule), _notes(rule)))
        return [*lines, ""]
    cells = _cells(reach)
    if cells == ["yes"] * len(COLUMNS) + ["any token"]:
        receives = "everyone, partner tokens included"
    else:
        receives = ", ".join(
            f"{col} {cell}" for (col, _), cell in zip(COLUMNS, cells, strict=False)
        )
        receives += f", partner {cells[-1]}"
    lines += [
        f"Who receives it at all: {receives}" + (f" ({reach.note})" if reach.note else "") + ".",
        "",
        HEADER.format("field"),
        RULE_LINE,
    ]
    for field in access.fields:
        own = access.field_rule(field)
        assert own is not None
        cells = _cells(reach, own) if own is not UNRESTRICTED else _cells(reach)
        lines.append(_row(field, cells, _notes(own)))
    return [*lines, ""]


def permissions_markdown() -> str:
    lines = [INTRO, "## Mutations", "", HEADER.format("mutation"), RULE_LINE]
    for name, rule in MUTATIONS.items():
        lines.append(_row(name, _cells(rule), _notes(rule)))
    lines += ["", "## Types", ""]
    for name, access in TYPES.items():
        lines += _type_section(name, access)
    lines += [
        "### Lists, payloads and errors",
        "",
        "Read wherever the field returning them is readable:",
        "",
        "- every `XConnection`: " + ", ".join(f"`{f}`" for f in CONNECTION_FIELDS) + ";",
        "- every `XEdge`: " + ", ".join(f"`{f}`" for f in EDGE_FIELDS) + ";",
        "- every mutation's `XError`: "
        + ", ".join(f"`{f}`" for f in MUTATION_ERROR_FIELDS)
        + " (read by whoever may call the mutation);",
        "- the mutations' payloads (read by whoever may call the mutation):",
        "",
    ]
    for name, fields in PAYLOADS.items():
        lines.append(f"  - `{name}`: " + ", ".join(f"`{f}`" for f in fields))
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Regenerate docs/permissions.md from permissions/matrix.py (or --check it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the file drifted.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.BASE_DIR) / DOC
        text = permissions_markdown()
        if options["check"]:
            if not path.exists() or path.read_text() != text:
                raise CommandError(
                    f"{DOC} is out of date: run `python manage.py export_permissions`."
                )
            self.stdout.write(f"{DOC} is up to date.")
            return
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        self.stdout.write(f"Wrote {DOC}.")
