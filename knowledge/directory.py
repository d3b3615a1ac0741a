"""The seed directory: orgs, people and their platform identities (directory.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.model import Identity, Org, Person, Role


@dataclass(frozen=True)
class Directory:
    """Orgs and people to seed, and which people the console personas are."""

    orgs: tuple[Org, ...]
    people: tuple[tuple[Person, tuple[Identity, ...]], ...]
    personas: dict[str, str]


def _identity(text: str) -> Identity:
    platform, workspace, user_id = text.split(":", 2)
    return Identity(platform, workspace, user_id)


def _person(row: dict[str, Any]) -> tuple[Person, tuple[Identity, ...]]:
    person = Person(
        id=str(row["id"]),
        name=str(row["name"]),
        org_id=str(row["org"]),
        roles=frozenset(Role(r) for r in row.get("roles", ["user"])),
        designated_contact=bool(row.get("designated_contact", False)),
        locale=str(row.get("locale", "en")),
        timezone=str(row.get("timezone", "UTC")),
        login_access_default=bool(row.get("login_access_default", False)),
        email=str(row.get("email", "")),
    )
    identities = (
        Identity("console", "local", person.id),
        *map(_identity, row.get("identities", [])),
    )
    return person, identities


def load_directory(path: Path) -> Directory:
    """Read directory.yaml; a broken file raises ValueError naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        orgs = tuple(
            Org(
                id=str(o["id"]),
                name=str(o["name"]),
                plan=str(o["plan"]),
                managed_by=o.get("managed_by"),
                support_contact=str(o.get("support_contact", "")),
                entitlement=o.get("entitlement"),
                region=str(o.get("region", "emea")),
            )
            for o in data["orgs"]
        )
        people = tuple(_person(p) for p in data["people"])
        personas = {str(k): str(v) for k, v in data.get("personas", {}).items()}
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: {error}") from error
    return Directory(orgs, people, personas)
