"""What intake decides with and what it decides: the read-only context, the effects the
service carries out, and the decision itself (R1-R9)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.actions import Action
from bot.core.form import CaseDraft
from bot.core.model import (
    Catalogue,
    Conversation,
    Incident,
    Org,
    Person,
    SeverityScheme,
    Suggestion,
)
from bot.core.text import Msg


@dataclass(frozen=True)
class IntakeContext:
    """What decide() may know besides the conversation and the event; all read-only."""

    person: Person
    org: Org
    partner_org: Org | None
    managed_orgs: tuple[Org, ...]
    catalogue: Catalogue
    scheme: SeverityScheme
    severity_response: Mapping[str, Msg]
    incidents: Mapping[str, tuple[Incident, ...]]
    suggestions: tuple[Suggestion, ...]
    known_people: frozenset[str]


@dataclass(frozen=True)
class OpenCase:
    """Effect: open a case from a validated form."""

    draft: CaseDraft
    topic: str
    category: str
    org_id: str
    filed_by_id: str | None
    referenced_case: int | None


@dataclass(frozen=True)
class RecordDeflection:
    """Effect: the outcome of a suggested article (R4)."""

    query: str
    article_id: str
    solved: bool


@dataclass(frozen=True)
class RecordGap:
    """Effect: a query the knowledge base could not answer (R4)."""

    query: str
    topic: str
    category: str


@dataclass(frozen=True)
class FollowIncident:
    """Effect: the user follows an incident instead of opening a case (R2)."""

    incident_id: str


@dataclass(frozen=True)
class ContinuePrivately:
    """Effect: a private category was chosen in a shared thread (R3). The intake moves to the
    person's DM, where the service makes the saved category choice again."""


Effect = OpenCase | RecordDeflection | RecordGap | FollowIncident | ContinuePrivately


@dataclass(frozen=True)
class Decision:
    """The next conversation, what to show, and what the service must do."""

    conversation: Conversation
    actions: tuple[Action, ...] = ()
    effects: tuple[Effect, ...] = ()
