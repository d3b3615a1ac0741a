"""Protocols the service needs from the outside world: storage, knowledge, clock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.core.actions import Action
from bot.core.arrival import Arrivals
from bot.core.events import Event
from bot.core.incidents import IncidentFiles, IncidentStore
from bot.core.learning import Outcomes, Phrasing
from bot.core.model import (
    AuditEntry,
    Case,
    Catalogue,
    Conversation,
    ConversationKey,
    Delivery,
    Escalation,
    Feedback,
    Identity,
    Incident,
    KnowledgeGap,
    Message,
    Org,
    Person,
    Suggestion,
    Timer,
    TimerKind,
)
from bot.core.reporting import GapGroups, ReportFacts, ReportPosts
from bot.core.snippets import SnippetShelf
from bot.core.tags import CaseTags


@dataclass(frozen=True)
class Unsent:
    """An outbox row claimed for sending: its action and how often sending it failed."""

    row: int
    action: Action
    attempts: int


@dataclass(frozen=True)
class Unhandled:
    """A recorded platform event to handle again, and how often it has been handed out."""

    inbound_id: str
    payload: Mapping[str, Any]
    attempts: int


@dataclass(frozen=True)
class ErasedWords:
    """What an erasure replaced (R73): messages, and the attachments deleted with them."""

    messages: int
    attachments: int


class Spool(Protocol):
    """Local durable keeping of events the database could not take (R70)."""

    def keep(self, event: Event) -> None:
        """Keep an event until it is handled."""
        ...

    def pending(self) -> Sequence[tuple[str, Event]]:
        """Kept events, oldest first, with the name to forget each by."""
        ...

    def forget(self, name: str) -> None:
        """The event is handled."""
        ...

    def set_aside(self, name: str) -> None:
        """An event that failed for another reason: kept for a person, not retried."""
        ...


@dataclass(frozen=True)
class Backlog:
    """What waits in the database: messages not yet sent, events not yet handled."""

    unsent: int
    oldest_unsent_seconds: float
    unhandled: int


class Meter(Protocol):
    """Where the service reports what it does, for an operator's metrics (bot.ops)."""

    def handled(self, platform: str, outcome: str, seconds: float) -> None:
        """An inbound event: handled, duplicate, unavailable (kept for later) or failed."""
        ...

    def happened(self, things: Sequence[str]) -> None:
        """Committed happenings: audit actions (case.opened, sla.breached ...), deflections."""
        ...

    def shown(self, actions: Sequence[Action]) -> None:
        """Actions a platform has shown."""
        ...


class NoMeter:
    """A Meter that keeps nothing (tests, tools)."""

    def handled(self, platform: str, outcome: str, seconds: float) -> None:
        """Nothing kept."""

    def happened(self, things: Sequence[str]) -> None:
        """Nothing kept."""

    def shown(self, actions: Sequence[Action]) -> None:
        """Nothing kept."""


class Clock(Protocol):
    """Source of the current time (timezone-aware UTC); injected so tests never sleep."""

    def now(self) -> datetime:
        """The current time."""
        ...


class Knowledge(GapGroups, IncidentFiles, SnippetShelf, Protocol):
    """The catalogue, incidents and article search (knowledge/)."""

    def catalogue(self) -> Catalogue:
        """The current catalogue (reloaded when its files change)."""
        ...

    def active_incidents(self, topic: str) -> Sequence[Incident]:
        """Incidents with status active for a topic (R2)."""
        ...

    def suggest(
        self,
        text: str,
        *,
        topic: str | None,
        category: str | None,
        limit: int = 3,
        language: str | None = None,
    ) -> Sequence[Suggestion]:
        """Confident matches, best first, in the user's language where a twin exists (R4)."""
        ...

    def find_article(self, typed: str) -> str | None:
        """The id of the article an agent names (in any letter case), or None."""
        ...

    def is_indexed(self) -> bool:
        """Whether the articles can be searched: suggest and find_article would block until
        then (only in the first seconds of a bot with many articles)."""
        ...

    async def indexed(self) -> None:
        """Return once the articles can be searched; the event loop goes on meanwhile."""
        ...

    def learn(self, phrasings: Sequence[Phrasing], outcomes: Sequence[Outcomes]) -> None:
        """Search with these "asked as" phrasings and suggestion outcomes from now on."""
        ...

    def answered(self, answers: Sequence[tuple[str, bool]]) -> None:
        """Answers to suggested articles (article id, solved) just given in this process."""
        ...


class UnitOfWork(Arrivals, CaseTags, IncidentStore, ReportPosts, Protocol):
    """Everything one event changes, committed together or not at all."""

    async def record_inbound(
        self,
        *,
        platform: str,
        inbound_id: str,
        payload: Mapping[str, Any],
        now: datetime,
        lease_until: datetime,
    ) -> bool:
        """Keep a raw platform event until it is handled (R70); False when it was recorded
        before, waiting or handled (a platform retry)."""
        ...

    async def claim_inbox(
        self, *, platform: str, now: datetime, lease_until: datetime, limit: int
    ) -> Sequence[Unhandled]:
        """Recorded events whose handling did not finish in time, leased anew, oldest first."""
        ...

    async def drop_inbound(self, *, platform: str, inbound_id: str) -> None:
        """Give up on a recorded event: it is not handed out again."""
        ...

    async def forget_inbound(self, *, before: datetime) -> int:
        """Drop event ids handled before a time (no platform retries that late); how many."""
        ...

    async def drop_expired_link_codes(self, *, now: datetime) -> int:
        """Delete link codes that expired unused; how many."""
        ...

    async def identity_of(
        self, *, person_id: str, platform: str, workspace: str
    ) -> Identity | None:
        """The person's account on a platform (this workspace first), to mention or DM them."""
        ...

    async def add_link_code(self, *, code: str, person_id: str, expires_at: datetime) -> None:
        """Store a one-time code that links another platform account to this person."""
        ...

    async def take_link_code(self, *, code: str, now: datetime) -> str | None:
        """The person of an unexpired code; the code is used up either way."""
        ...

    async def person(self, person_id: str) -> Person | None:
        """A person by id."""
        ...

    async def save_person(self, person: Person) -> None:
        """Insert or update a person (roles and flags included)."""
        ...

    async def link_identity(self, *, person_id: str, identity: Identity) -> None:
        """Link a platform account to a person (one case history across platforms)."""
        ...

    async def org(self, org_id: str) -> Org | None:
        """An org by id."""
        ...

    async def orgs_managed_by(self, partner_org_id: str) -> Sequence[Org]:
        """Customer orgs a partner org manages (R8)."""
        ...

    async def save_org(self, org: Org) -> None:
        """Insert or update an org."""
        ...

    async def conversation(self, key: ConversationKey) -> Conversation | None:
        """The conversation at a key."""
        ...

    async def save_conversation(self, conversation: Conversation) -> None:
        """Insert or replace the conversation at its key."""
        ...

    async def next_case_number(self) -> int:
        """A fresh, unique case number (R10)."""
        ...

    async def next_escalation_number(self) -> int:
        """A fresh, unique escalation number (R10)."""
        ...

    async def add_case(self, case: Case) -> None:
        """Insert a new case with its participants."""
        ...

    async def update_case(self, case: Case) -> None:
        """Write every field of an existing case."""
        ...

    async def case(self, number: int, *, lock: bool = False) -> Case | None:
        """A case by number; `lock` makes concurrent events on one case apply in turn."""
        ...

    async def case_by_thread(self, *, queue: str, thread: str) -> Case | None:
        """The case whose queue thread this is."""
        ...

    async def cases(
        self, *, owner_id: str | None = None, org_id: str | None = None
    ) -> Sequence[Case]:
        """Cases of one owner or one org, newest first."""
        ...

    async def queue_cases(
        self,
        *,
        queues: Sequence[str],
        assignee_id: str | None = None,
        unassigned: bool = False,
        breached_at: datetime | None = None,
        tag: str | None = None,
        limit: int = 50,
    ) -> Sequence[Case]:
        """Cases not closed in these queues, unassigned first, then by first-response due
        (R50); narrowed to one assignee, to nobody's, to those breached at a time, or to
        those with a tag (R52)."""
        ...

    async def add_message(self, message: Message) -> int:
        """Append a transcript message; returns its id."""
        ...

    async def set_delivery(self, *, message_id: int, delivery: Delivery, detail: str = "") -> None:
        """Record how a relay went (sent, failed and why)."""
        ...

    async def messages(self, case_number: int) -> Sequence[Message]:
        """The transcript of a case, oldest first."""
        ...

    async def add_escalation(self, escalation: Escalation) -> None:
        """Insert an escalation with its timeline."""
        ...

    async def update_escalation(self, escalation: Escalation) -> None:
        """Write step, timeline and estimate of an escalation."""
        ...

    async def escalation_of(self, case_number: int) -> Escalation | None:
        """The escalation of a case, if any."""
        ...

    async def add_timer(self, timer: Timer) -> None:
        """Insert a timer row."""
        ...

    async def cancel_timers(self, *, case_number: int, kinds: Sequence[TimerKind]) -> None:
        """Delete unfired timers of these kinds for a case."""
        ...

    async def claim_due_timers(self, *, now: datetime, limit: int = 100) -> Sequence[Timer]:
        """Mark due, unfired timers fired and return them, with their cases locked for this
        transaction; a timer another transaction holds, or whose case it holds, is left for
        the next claim. A timer is returned once, unless its firing is retried."""
        ...

    async def retry_timer(self, timer: Timer, *, at: datetime) -> None:
        """A claimed timer whose firing failed: due again, but not claimed before `at`."""
        ...

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """A nested transaction: what fails inside rolls back alone (one timer of a batch)."""
        ...

    # -- the outbox (R71) ----------------------------------------------------------------

    async def add_outbox(
        self, actions: Sequence[Action], *, now: datetime, lease_until: datetime
    ) -> list[int]:
        """Write actions to send, leased to this process until it has sent them; row ids."""
        ...

    async def mark_sent(self, ids: Sequence[int], *, at: datetime) -> None:
        """Outbox rows that reached their platform."""
        ...

    async def claim_outbox(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> Sequence[Unsent]:
        """Unsent rows whose lease ran out, leased anew, in id order; a destination's rows
        wait behind its first row that is still leased or waiting for a retry."""
        ...

    async def renew_outbox(self, ids: Sequence[int], *, until: datetime) -> Sequence[int]:
        """Extend this process's lease on unsent rows it still holds; the ids it holds (a row
        whose lease ran out and that another process took is not among them)."""
        ...

    async def backlog(self, *, now: datetime) -> Backlog:
        """What waits in the outbox and the inbox."""
        ...

    async def outbox_failed(self, row_id: int, *, error: str, retry_at: datetime) -> None:
        """A send that failed: counted, and not tried again before `retry_at`."""
        ...

    async def release_outbox(self, ids: Sequence[int]) -> None:
        """Claimed rows not tried (their destination failed first): claimable again at once,
        behind the failed row."""
        ...

    async def forget_sent_outbox(self, *, before: datetime) -> int:
        """Delete rows sent before a time; how many."""
        ...

    async def add_audit(self, entry: AuditEntry) -> None:
        """Append an audit row."""
        ...

    async def audit(self, subject: str) -> Sequence[AuditEntry]:
        """Audit rows of a subject, oldest first."""
        ...

    async def forget_transcripts(self, *, closed_before: datetime) -> int:
        """Delete the messages (and their attachments) of cases closed before a time; how
        many messages."""
        ...

    # -- erasing a person (R73) ---------------------------------------------------------

    async def unlink_person(self, person: Person) -> Sequence[ConversationKey]:
        """Cut a person off from every account and place: delete their accounts, link codes
        and intake conversations, and take them (id or e-mail) out of every case's
        participants; the keys of the conversations deleted."""
        ...

    async def erase_words(self, person_id: str, *, marker: str) -> ErasedWords:
        """Replace with `marker` what was written in a person's cases or by them: messages
        (their attachments deleted), feedback comments, escalation descriptions, article
        searches; the phrasings the search learnt from their cases are deleted."""
        ...

    async def drop_outbox_to(self, destinations: Sequence[str]) -> int:
        """Delete the outbox rows to these destinations, sent or not; how many."""
        ...

    async def waiting_inbound(self, *, platform: str) -> Sequence[Unhandled]:
        """Recorded events of a platform not handled yet, as they are (no lease taken)."""
        ...

    async def audit_involving(self, person_id: str) -> Sequence[AuditEntry]:
        """Audit rows a person acted in or was the subject of, oldest first."""
        ...

    async def identities(self, person_id: str) -> Sequence[Identity]:
        """Every platform account linked to a person."""
        ...

    async def add_feedback(self, feedback: Feedback) -> bool:
        """Store the rating; False when the case was already rated (R17)."""
        ...

    async def feedback(self, case_number: int) -> Feedback | None:
        """The rating of a case, if any."""
        ...

    async def record_deflection(
        self, *, person_id: str, query: str, article_id: str, solved: bool, at: datetime
    ) -> None:
        """Record the outcome of a suggestion (R4)."""
        ...

    async def record_knowledge_gap(
        self, *, person_id: str, query: str, topic: str, category: str, at: datetime
    ) -> None:
        """Record a query with no good match (R4)."""
        ...

    # -- learning from outcomes (issue 11) -----------------------------------------------

    async def add_phrasing(
        self, *, article_id: str, text: str, case_number: int, by: str, at: datetime
    ) -> None:
        """Keep a case's description as an "asked as" phrasing of the article that solved it."""
        ...

    async def drop_case_phrasings(
        self, *, case_number: int, by: str, at: datetime
    ) -> Sequence[Phrasing]:
        """Mark the phrasings of a case removed (an agent named another solution); which."""
        ...

    async def remove_phrasing(self, phrasing_id: int, *, by: str, at: datetime) -> Phrasing | None:
        """Mark one phrasing removed (a knowledge editor's review); None when there is no
        such phrasing that is not removed already."""
        ...

    async def phrasings(self) -> Sequence[Phrasing]:
        """The phrasings not removed, oldest first."""
        ...

    async def outcomes(self) -> Sequence[Outcomes]:
        """Per article: how often users answered its suggestion "this solved it" and "still
        need help"."""
        ...

    async def knowledge_gaps(
        self, *, since: datetime, until: datetime | None = None, org: str | None = None
    ) -> list[KnowledgeGap]:
        """The queries with no good match recorded since a time (and before another, by
        people of an org), oldest first."""
        ...

    async def report_facts(
        self, *, since: datetime, until: datetime, org: str | None = None
    ) -> ReportFacts:
        """What the leads' report counts in [since, until), for one org or all (R60)."""
        ...


class Repository(Protocol):
    """Opens units of work; one per handled event."""

    def transaction(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """A unit of work that commits on success and rolls back on error."""
        ...
