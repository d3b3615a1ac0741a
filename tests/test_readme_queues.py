"""The README's Slack and Discord set-up names the queue channels the shipped catalogue
routes to (issue 12, point 14; R3, R11): an operator who follows it creates every channel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.base import default_directory
from knowledge.catalogue import load_catalogue

README = Path(__file__).resolve().parents[1] / "README.md"


def section(title: str) -> str:
    """The README's text under one `## ` heading."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def step_naming_the_queues(text: str) -> str:
    """The numbered set-up step that says which channels to create."""
    steps = re.split(r"\n(?=\d+\. )", text)
    return next(step for step in steps if "per agent queue" in step)


def shipped_channels() -> set[str]:
    catalogue, problems = load_catalogue(default_directory() / "catalogue.yaml")
    assert catalogue is not None, problems
    return {category.queue for category in catalogue.categories} | {catalogue.oncall_channel}


@pytest.mark.parametrize("title", ["Run in Slack", "Run in Discord"])
def test_readme_names_exactly_the_catalogue_channels(title: str) -> None:
    text = section(title)
    created = set(re.findall(r"`([a-z0-9-]+)`", step_naming_the_queues(text)))
    assert created == shipped_channels()
    mapped = set(re.findall(r'"([a-z0-9-]+)":', text))  # keys of the settings examples
    assert mapped and mapped <= shipped_channels()
