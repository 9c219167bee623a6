"""docs/permissions.md is generated from permissions/matrix.py: it must match the table."""

from __future__ import annotations

from pathlib import Path

from config.management.commands.export_permissions import DOC, permissions_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_permissions_doc_matches_the_table() -> None:
    assert (ROOT / DOC).read_text() == permissions_markdown(), (
        "run `python manage.py export_permissions`"
    )
