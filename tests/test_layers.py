"""The layer rules of DESIGN §2: the import contracts hold (`lint-imports`, in `make check`),
breaking one fails them (a module named after no area too), and the schema leaves the
classes of the layers below unmarked.

Each broken case runs `lint-imports` on a copy of the project's packages and
`pyproject.toml` with one deliberately wrong module added, and checks the contract and the
import it reports.
"""

from __future__ import annotations

import enum
import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import schema  # noqa: F401  (the assembled schema: every GraphQL enum declared)

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("config", "web", "schema", "resolvers", "permissions", "models")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=root,
        # Wide enough that no contract name or import is wrapped.
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the packages and of `pyproject.toml` (the contracts), to break."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


ONE_WAY = "Data flows one way: config, web, schema, resolvers, permissions, models"
NO_GRAPHQL = "No GraphQL library below the schema, but the DataLoader of resolvers.loaders"
BELOW = "Only the schema and config reach resolvers, permissions and models"
ENTRY = "Outside config, the schema is reached through its entry point, `schema.schema`"
AREAS = "Services, selectors, mutations and schema modules are named after an area"


def test_the_project_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 broken." in result.stdout
    for contract in (ONE_WAY, NO_GRAPHQL, BELOW, ENTRY, AREAS):
        assert f"{contract} KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract", "reported"),
    [
        (
            "models/probe.py",
            "from resolvers.errors import NotFound\n",
            ONE_WAY,
            ["models is not allowed to import resolvers:", "- models.probe -> resolvers.errors"],
        ),
        (
            "models/probe.py",
            "import permissions.roles\n",
            ONE_WAY,
            ["models is not allowed to import permissions:", "models.probe -> permissions.roles"],
        ),
        (
            # What permissions/fields.py did before its refusals moved to permissions/.
            "permissions/probe.py",
            "from resolvers.errors import Unauthenticated\n",
            ONE_WAY,
            [
                "permissions is not allowed to import resolvers:",
                "- permissions.probe -> resolvers.errors",
            ],
        ),
        (
            "resolvers/selectors/probe.py",
            "from schema.core.ids import decode_id\n",
            ONE_WAY,
            [
                "resolvers is not allowed to import schema:",
                "resolvers.selectors.probe -> schema.core.ids",
            ],
        ),
        (
            "schema/probe.py",
            "from config.authentication import request_client_address\n",
            ONE_WAY,
            ["schema is not allowed to import config:", "schema.probe -> config.authentication"],
        ),
        (
            "resolvers/services/probe.py",
            "import strawberry\n",
            NO_GRAPHQL,
            [
                "resolvers is not allowed to import strawberry:",
                "resolvers.services.probe -> strawberry",
            ],
        ),
        (
            "resolvers/selectors/probe.py",
            "from graphql import GraphQLError\n",
            NO_GRAPHQL,
            ["resolvers is not allowed to import graphql:", "resolvers.selectors.probe -> graphql"],
        ),
        # A module named after no area, in each package whose modules are areas: what
        # schema/mutations/cafe.py was before the areas had one name in every layer.
        (
            "schema/mutations/cafe.py",
            "",
            AREAS,
            ["- schema.mutations.cafe is not named after an area."],
        ),
        (
            "schema/engagement.py",
            "",
            AREAS,
            ["- schema.engagement is not named after an area."],
        ),
        (
            "resolvers/services/helpers.py",
            "",
            AREAS,
            ["- resolvers.services.helpers is not named after an area."],
        ),
        (
            "resolvers/selectors/labo.py",
            "",
            AREAS,
            [
                "- resolvers.selectors.labo is not named after an area.",
                "The areas are the modules of models and stats: audit, committee, members, "
                "moderation, notifications, partners, search, stats, suggestions, threads, votes.",
            ],
        ),
    ],
)
def test_breaking_a_contract_fails(
    project: Path, module: str, source: str, contract: str, reported: list[str]
) -> None:
    (project / module).write_text(source)
    result = lint_imports(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
    for line in reported:
        assert line in result.stdout


def test_a_new_area_starts_in_models(project: Path) -> None:
    """The areas are the modules of `models`: with models/cafe.py, `cafe` is an area, and
    the layers above may have a module of that name."""
    (project / "models" / "cafe.py").write_text("")
    (project / "schema" / "mutations" / "cafe.py").write_text("")
    result = lint_imports(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{AREAS} KEPT" in result.stdout


def test_a_package_named_after_no_area_is_reported(project: Path) -> None:
    """A package counts as one module: schema/labo/ is as misnamed as schema/labo.py."""
    (project / "schema" / "labo").mkdir()
    (project / "schema" / "labo" / "__init__.py").write_text("")
    result = lint_imports(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{AREAS} BROKEN" in result.stdout
    assert "- schema.labo is not named after an area." in result.stdout


def _with_web(project: Path, source: str) -> subprocess.CompletedProcess[str]:
    """The project with a module of the website (`web.probe`) that says `source`."""
    (project / "web" / "probe.py").write_text(source)
    return lint_imports(project)


def test_the_web_may_run_documents_through_the_schema_s_entry_point(project: Path) -> None:
    result = _with_web(project, "from schema import schema\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("source", "contract", "reported"),
    [
        (
            "from schema.members import Member\n",
            ENTRY,
            [
                "Illegal imports of protected package schema.members",
                "- web.probe -> schema.members",
            ],
        ),
        (
            "from resolvers.selectors.search import search\n",
            BELOW,
            [
                "Illegal imports of protected package resolvers",
                "- web.probe -> resolvers.selectors.search",
            ],
        ),
        (
            "from permissions.policies import can_vote\n",
            BELOW,
            [
                "Illegal imports of protected package permissions",
                "- web.probe -> permissions.policies",
            ],
        ),
        (
            "from models.models import Suggestion\n",
            BELOW,
            ["Illegal imports of protected package models", "- web.probe -> models.models"],
        ),
        (
            "from config import urls\n",
            ONE_WAY,
            ["web is not allowed to import config:", "- web.probe -> config.urls"],
        ),
    ],
)
def test_the_web_talks_to_the_rest_only_through_the_schema(
    project: Path, source: str, contract: str, reported: list[str]
) -> None:
    result = _with_web(project, source)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
    for line in reported:
        assert line in result.stdout


def test_the_schema_does_not_import_the_web(project: Path) -> None:
    (project / "schema" / "probe.py").write_text("import web\n")
    result = _with_web(project, "")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{ONE_WAY} BROKEN" in result.stdout
    assert "schema is not allowed to import web:" in result.stdout


def _lower_layer_enums() -> list[type[enum.Enum]]:
    """Every enum class defined in a module of models, permissions or resolvers."""
    found = []
    for name, module in sorted(sys.modules.items()):
        if name.split(".")[0] not in {"models", "permissions", "resolvers"}:
            continue
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, enum.Enum) and value.__module__ == name:
                found.append(value)
    return found


def test_the_schema_leaves_the_enums_of_the_layers_below_unmarked() -> None:
    """Strawberry marks the class it declares as a GraphQL enum: the schema declares copies
    (`schema.core.enums.graphql_enum`), so importing it changes no model or selector class."""
    enums = _lower_layer_enums()
    names = {f"{e.__module__}.{e.__qualname__}" for e in enums}
    # The choices and orderings the schema exposes are among those checked.
    assert {
        "models.members.Role",
        "models.suggestions.SuggestionStatus",
        "models.committee.DecisionOutcome",
        "models.threads.ThreadKind",
        "models.threads.ThreadStatus",
        "models.moderation.FlagReason",
        "models.notifications.NotificationKind",
        "resolvers.selectors.suggestions.SuggestionOrder",
        "resolvers.selectors.threads.ThreadOrder",
        "resolvers.selectors.moderation.FlagStatus",
    } <= names
    marked = sorted(
        f"{e.__module__}.{e.__qualname__}" for e in enums if "__strawberry_definition__" in vars(e)
    )
    assert marked == []
