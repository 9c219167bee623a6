"""requirements.lock, which `make venv` and CI install with `--require-hashes`, agrees with
pyproject.toml: every runtime and dev dependency is pinned there to a version its range
allows, with hashes. When this fails, run `make lock` and commit the lock."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def _pins(path: Path) -> dict[str, str]:
    text = path.read_text()
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", text):
        found = PIN.match(block)
        if found is None:
            continue
        assert "--hash=sha256:" in block, f"{found[1]} has no hash in {path.name}"
        pins[canonicalize_name(found[1])] = found[2]
    return pins


def _requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = list(project["dependencies"])
    for extra in extras:
        listed += project["optional-dependencies"][extra]
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize("requirement", _requirements("dev"), ids=str)
def test_every_dependency_is_locked_within_its_range(requirement: Requirement) -> None:
    pins = _pins(ROOT / "requirements.lock")
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
    assert requirement.specifier.contains(pins[name]), (
        f"requirements.lock pins {name}=={pins[name]}, outside {requirement.specifier}: "
        "run `make lock`"
    )


def test_strawberry_has_an_upper_bound() -> None:
    """Comptoir uses strawberry's internals: a new minor is taken on purpose, not by an
    unattended resolve."""
    (strawberry,) = [r for r in _requirements() if r.name == "strawberry-graphql"]
    assert any(spec.operator == "<" for spec in strawberry.specifier)


def test_the_peer_is_locked_too() -> None:
    pins = _pins(ROOT / "bench" / "peers" / "graphene" / "requirements.lock")
    assert pins["graphene-django"].startswith("3.2.")


@pytest.mark.parametrize("folder", ["postgraphile", "postgraphile/node"])
def test_the_postgraphile_peer_is_locked_too(folder: str) -> None:
    """`npm ci` installs exactly what package-lock.json holds, each package checked against
    its hash; the lock names no registry (the folder's .npmrc)."""
    base = ROOT / "bench" / "peers" / folder
    manifest = json.loads((base / "package.json").read_text())
    lock = json.loads((base / "package-lock.json").read_text())
    wanted = manifest.get("dependencies", {}) | manifest.get("optionalDependencies", {})
    assert wanted
    packages = lock["packages"]
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        assert packages[f"node_modules/{name}"]["version"] == version
    for path, entry in packages.items():
        if path:
            assert entry["integrity"].startswith("sha512-"), path
            assert "resolved" not in entry, path
    assert "omit-lockfile-registry-resolved=true" in (base / ".npmrc").read_text()


def test_the_postgraphile_peer_runs_postgraphile_5_on_node_22() -> None:
    peer = ROOT / "bench" / "peers" / "postgraphile"
    assert json.loads((peer / "package.json").read_text())["dependencies"]["postgraphile"][0] == "5"
    node = json.loads((peer / "node" / "package.json").read_text())["optionalDependencies"]
    assert {version.split(".")[0] for version in node.values()} == {"22"}
