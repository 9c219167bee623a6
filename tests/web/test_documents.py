"""The website's GraphQL documents: the committed manifest is what web/documents/ makes,
every document validates against the schema, and each is registered under the sha256 of
its text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from graphql import parse, validate

from schema import schema
from web.queries import DOCUMENTS_DIR, MANIFEST, build_manifest, document_ids, manifest_text


def test_the_committed_manifest_is_up_to_date() -> None:
    assert MANIFEST.read_text(encoding="utf-8") == manifest_text(build_manifest())
    call_command("export_documents", "--check")


def test_every_document_validates_against_the_schema() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert len(manifest) == len(list(DOCUMENTS_DIR.glob("*.graphql"))) - 1  # fragments
    for id, text in manifest.items():
        errors = validate(schema._schema, parse(text))
        assert errors == [], (id, [e.message for e in errors])


def test_each_document_is_registered_by_the_sha256_of_its_text() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for id, text in manifest.items():
        assert id == "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    names = document_ids()
    assert sorted(names) == sorted(
        p.stem for p in DOCUMENTS_DIR.glob("*.graphql") if p.stem != "fragments"
    )
    # A document carries the fragments it uses, and only those.
    vote = manifest[names["VoteForSuggestion"]]
    assert "fragment" not in vote
    labo = manifest[names["Labo"]]
    assert labo.index("query Labo(") == 0
    assert [line for line in labo.splitlines() if line.startswith("fragment ")] == [
        "fragment Author on Member {",
        "fragment IdeaCard on Suggestion {",
        "fragment PageInfoFields on PageInfo {",
        "fragment Viewer on Member {",
    ]


def test_a_drifted_manifest_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "manifest.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr("config.management.commands.export_documents.MANIFEST", stale)
    with pytest.raises(CommandError, match="out of date: run `make documents`"):
        call_command("export_documents", "--check")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"Home.graphql": "query Other { viewer { id } }"}, "its operation must be named Home"),
        ({"Home.graphql": "query Home { viewer { ...Missing } }"}, "no fragment Missing"),
        (
            {
                "a.graphql": "fragment F on Member { id }",
                "b.graphql": "fragment F on Member { id }",
            },
            "fragment F is defined twice",
        ),
    ],
)
def test_a_malformed_documents_folder_is_refused(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        build_manifest(tmp_path)
