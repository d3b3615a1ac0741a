"""The lock files (issue 10) pin what pyproject.toml asks for: every dependency, and every
test tool in the dev lock, at a version its specifier allows, each with hashes; ./dev and the
Dockerfile install from them. After editing pyproject.toml, make them again (README)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.M)
HASHED = re.compile(r"^[A-Za-z0-9_.\-]+==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}", re.M)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PINNED.findall(text)}


def project() -> dict[str, list[str]]:
    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"runtime": table["dependencies"], "test": table["optional-dependencies"]["test"]}


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements.lock", ("runtime",)), ("requirements-dev.lock", ("runtime", "test"))],
)
def test_each_dependency_is_pinned_within_its_specifier(lock: str, groups: tuple[str, ...]) -> None:
    pinned = pins(lock)
    for group in groups:
        for spec in project()[group]:
            wanted = Requirement(spec)
            name = canonicalize_name(wanted.name)
            assert name in pinned, f"{wanted.name} is not in {lock}"
            assert wanted.specifier.contains(pinned[name], prereleases=True), (lock, spec)


def test_every_pin_carries_hashes_and_test_tools_stay_out_of_the_image() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        hashed = HASHED.findall(text)
        assert hashed and len(hashed) == len(PINNED.findall(text)), lock
    assert "pytest" not in pins("requirements.lock")
    for spec in project()["test"]:
        assert "<" in spec, f"{spec}: a test tool needs an upper bound"
