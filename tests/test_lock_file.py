"""requirements.lock, which `make venv` and CI install with `--require-hashes`, agrees with
pyproject.toml: every runtime and dev dependency is pinned there to a version its range
allows, with hashes. When this fails, run `make lock` and commit the lock."""

from __future__ import annotations

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
