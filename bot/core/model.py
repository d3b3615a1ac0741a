"""Domain values of supportbot: frozen dataclasses and StrEnum states, stdlib only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class ChannelType(StrEnum):
    """Where a case came from (R14); agents may log phone/e-mail/conference cases."""

    SLACK = "slack"
    DISCORD = "discord"
    CONSOLE = "console"
    PHONE = "phone"
    EMAIL = "email"
    CONFERENCE = "conference"


class Role(StrEnum):
    """Roles of the SPEC role table; designated contact is a flag on Person."""

    USER = "user"
    ORG_ADMIN = "org_admin"
    AGENT = "agent"
    GLOBAL_ADMIN = "global_admin"
    PARTNER = "partner"


class CaseStatus(StrEnum):
    """Case status (R13): the first three are the open ones."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    ESCALATED = "escalated"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        """True for new, in progress and waiting on customer."""
        return self in (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CUSTOMER)


class EscalationStep(StrEnum):
    """Escalation timeline steps (R22), in order."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ENGINEERING = "engineering"
    SOLUTION_REVIEW = "solution_review"
    RESOLVED = "resolved"


class TimerKind(StrEnum):
    """Kinds of timer rows (R20, R21, R53, R62)."""

    REMINDER = "reminder"
    BREACH = "breach"
    ESCALATE_AVAILABLE = "escalate_available"
    IDLE_REMINDER = "idle_reminder"
    IDLE_CLOSE = "idle_close"
    RATING_REMINDER = "rating_reminder"


class IntakeState(StrEnum):
    """States of the intake conversation (R1-R9) and of a conversation tied to a case."""

    IDLE = "idle"
    CHOOSING_ORG = "choosing_org"
    CHOOSING_TOPIC = "choosing_topic"
    INCIDENTS_SHOWN = "incidents_shown"
    CHOOSING_CATEGORY = "choosing_category"
    DESCRIBING = "describing"
    REVIEWING_ARTICLES = "reviewing_articles"
    FILLING_FORM = "filling_form"
    # A problem typed in plain words: the bot proposes where it belongs (issue 12 point 5).
    PLACE_PROPOSED = "place_proposed"
    IN_CASE = "in_case"


class Side(StrEnum):
    """Who wrote a transcript message."""

    USER = "user"
    AGENT = "agent"
    BOT = "bot"


class Delivery(StrEnum):
    """Delivery status of a relayed message."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    NOT_RELAYED = "not_relayed"


class CallStatus(StrEnum):
    """Status of a call offered by an agent (R19)."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


CASE_PREFIX = "CS-"
ESCALATION_PREFIX = "CP-"


def case_ref(number: int) -> str:
    """Human-friendly case id, e.g. CS-12 (R10)."""
    return f"{CASE_PREFIX}{number}"


def escalation_ref(number: int) -> str:
    """Human-friendly escalation id, e.g. CP-3 (R10)."""
    return f"{ESCALATION_PREFIX}{number}"


def parse_case_ref(text: str) -> int | None:
    """Case number from 'CS-12', 'cs-12' or '12'; None when it is not one."""
    raw = text.strip().upper()
    if raw.startswith(CASE_PREFIX):
        raw = raw[len(CASE_PREFIX) :]
    return int(raw) if raw.isdigit() else None


@dataclass(frozen=True)
class ConversationKey:
    """Where a conversation happens: one user in a DM, or one thread in a channel."""

    platform: str
    workspace: str
    channel: str
    user: str | None = None
    thread: str | None = None


def destination(key: ConversationKey) -> str:
    """One comparable value per place messages go: the outbox keeps their order per value."""
    return ":".join((key.platform, key.workspace, key.channel, key.thread or "", key.user or ""))


def channel_key(base: ConversationKey, channel: str) -> ConversationKey:
    """A channel (queue, on-call, a participant) on the same platform and workspace as base."""
    return ConversationKey(base.platform, base.workspace, channel)


@dataclass(frozen=True)
class Identity:
    """A person's account on one platform."""

    platform: str
    workspace: str
    user_id: str


@dataclass(frozen=True)
class Org:
    """A customer or partner organisation."""

    id: str
    name: str
    plan: str
    managed_by: str | None = None
    support_contact: str = ""
    entitlement: str | None = None
    region: str = "emea"


@dataclass(frozen=True)
class Person:
    """Someone the bot knows; roles and flags drive authorisation."""

    id: str
    name: str
    org_id: str
    roles: frozenset[Role] = frozenset({Role.USER})
    designated_contact: bool = False
    locale: str = "en"
    timezone: str = "UTC"
    login_access_default: bool = False
    email: str = ""

    def has(self, role: Role) -> bool:
        """True when the person holds the role."""
        return role in self.roles


@dataclass(frozen=True)
class SeverityLevel:
    """One level of a severity scheme with its first-response time (R7)."""

    code: str
    names: Mapping[str, str]
    definitions: Mapping[str, str]
    response: timedelta
    critical: bool = False


@dataclass(frozen=True)
class SeverityScheme:
    """An ordered severity scheme, most severe first."""

    id: str
    levels: tuple[SeverityLevel, ...]

    def level(self, code: str) -> SeverityLevel | None:
        """The level with this code, or None."""
        return next((lvl for lvl in self.levels if lvl.code == code), None)

    def find(self, text: str) -> SeverityLevel | None:
        """The level a person means by its code, its name in any language or its position
        (1 = most severe), in any case; None when none fits."""
        wanted = text.strip().casefold()
        for lvl in self.levels:
            names = {name.casefold() for name in lvl.names.values()}
            if wanted == lvl.code.casefold() or wanted in names:
                return lvl
        if wanted.isdecimal() and 1 <= int(wanted) <= len(self.levels):
            return self.levels[int(wanted) - 1]
        return None


@dataclass(frozen=True)
class Calendar:
    """Business hours in a time zone; empty hours means 24x7."""

    id: str
    timezone: str
    hours: Mapping[int, tuple[time, time]] = field(default_factory=dict)
    holidays: frozenset[date] = frozenset()

    @property
    def always_open(self) -> bool:
        """True for a 24x7 calendar."""
        return not self.hours


IDLE_REMINDER_DAYS, IDLE_CLOSE_DAYS = 5, 2


@dataclass(frozen=True)
class Plan:
    """A support plan (R7): which scheme, which calendar, channels and languages."""

    id: str
    names: Mapping[str, str]
    scheme: str
    calendar: str
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    # R53: business days a case may wait on the customer before the reminder, then the close.
    idle_reminder_days: int = IDLE_REMINDER_DAYS
    idle_close_days: int = IDLE_CLOSE_DAYS


@dataclass(frozen=True)
class Topic:
    """A product area the user picks first (R3)."""

    id: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class Category:
    """A category of a topic; routes to an agent queue (R3, R9)."""

    id: str
    topic: str
    names: Mapping[str, str]
    queue: str
    private: bool = False
    rules: Mapping[str, str] = field(default_factory=dict)
    max_code_lines: int | None = None
    break_fix: bool = True


@dataclass(frozen=True)
class Catalogue:
    """The whole routing and SLA configuration (knowledge/catalogue.yaml)."""

    topics: tuple[Topic, ...]
    categories: tuple[Category, ...]
    schemes: Mapping[str, SeverityScheme]
    calendars: Mapping[str, Calendar]
    plans: Mapping[str, Plan]
    hotlines: Mapping[str, str]
    queue_leads: Mapping[str, str]
    oncall_channel: str = "oncall"
    severity1_policy: str = "hotline"
    reminder_fractions: tuple[float, ...] = (0.5, 0.8)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None."""
        return next((t for t in self.topics if t.id == topic_id), None)

    def category(self, topic_id: str, category_id: str) -> Category | None:
        """The category of a topic, or None."""
        return next(
            (c for c in self.categories if c.topic == topic_id and c.id == category_id), None
        )

    def categories_of(self, topic_id: str) -> tuple[Category, ...]:
        """Categories of one topic in catalogue order."""
        return tuple(c for c in self.categories if c.topic == topic_id)

    def hotline(self, region: str, locale: str) -> str:
        """Hotline for a region/language (R6), falling back to the default entry."""
        for key in (f"{region}-{locale}", region, locale, "default"):
            if key in self.hotlines:
                return self.hotlines[key]
        return ""


@dataclass(frozen=True)
class Suggestion:
    """A known-issue article proposed to the user (R4)."""

    article_id: str
    title: str
    url: str
    score: float
    # Where the article sits in the catalogue: a problem typed in plain words is placed there.
    topic: str = ""
    category: str = ""


@dataclass(frozen=True)
class Incident:
    """An active incident shown before intake (R2)."""

    id: str
    title: str
    topic: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class Conversation:
    """Intake progress of one conversation; data holds the answers so far."""

    key: ConversationKey
    person_id: str
    state: IntakeState = IntakeState.IDLE
    data: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CallOffer:
    """A call an agent offered in the thread (R19)."""

    at: datetime
    link: str
    status: CallStatus = CallStatus.PENDING


@dataclass(frozen=True)
class Case:
    """A support case; opened_at and all times are timezone-aware UTC."""

    number: int
    subject: str
    description: str
    topic: str
    category: str
    queue: str
    severity: str
    scheme: str
    owner_id: str
    org_id: str
    channel_type: ChannelType
    user_key: ConversationKey
    opened_at: datetime
    first_response_due: datetime
    last_activity_at: datetime
    status: CaseStatus = CaseStatus.NEW
    private: bool = False
    tier: int = 1
    login_access: bool = False
    links: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    shared_links: tuple[str, ...] = ()
    assignee_id: str | None = None
    filed_by_id: str | None = None
    partner_contact: str = ""
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    referenced_case: int | None = None
    queue_thread: str | None = None
    call: CallOffer | None = None
    escalation_shown: bool = False
    # When the queue lead was told of a breach (R20); cleared only when an upgrade makes the
    # case newly breach, so the lead hears of one breach once.
    breach_alerted_at: datetime | None = None

    @property
    def ref(self) -> str:
        """CS-n."""
        return case_ref(self.number)


@dataclass(frozen=True)
class Attachment:
    """Metadata of a file sent with a message (R15); content is never stored here."""

    name: str
    size: int
    content_type: str


@dataclass(frozen=True)
class Message:
    """One transcript entry of a case (R11); internal notes are never relayed."""

    case_number: int
    side: Side
    author_id: str
    text: str
    at: datetime
    internal: bool = False
    delivery: Delivery = Delivery.PENDING
    attachments: tuple[Attachment, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class Escalation:
    """An escalation (R22) with its timestamped timeline."""

    number: int
    case_number: int
    description: str
    step: EscalationStep
    timeline: tuple[tuple[EscalationStep, datetime], ...]
    estimated_resolution: date | None = None

    @property
    def ref(self) -> str:
        """CP-n."""
        return escalation_ref(self.number)

    @property
    def active(self) -> bool:
        """True until the escalation is resolved; a case has at most one active (R22)."""
        return self.step is not EscalationStep.RESOLVED


@dataclass(frozen=True)
class Timer:
    """A due SLA event for a case, stored as a row (ARCHITECTURE 'Timers')."""

    case_number: int
    kind: TimerKind
    due_at: datetime
    fraction: float = 1.0
    id: int | None = None
    fired_at: datetime | None = None


@dataclass(frozen=True)
class AuditEntry:
    """Append-only audit row: who did what, when, with before/after."""

    actor_id: str
    action: str
    subject: str
    at: datetime
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class KnowledgeGap:
    """A question no article answered well (R4), as recorded when it was asked."""

    query: str
    topic: str
    category: str
    at: datetime


@dataclass(frozen=True)
class Feedback:
    """The single rating of a closed case (R17)."""

    case_number: int
    person_id: str
    rating: int
    comment: str
    at: datetime
