"""One handled event: the unit of work, the acting person, the time and shared helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.actions import Action, Alert, Reply
from bot.core.cases import CaseAction, authorise
from bot.core.errors import NotFound, NotIndexedYet
from bot.core.events import MessageReceived
from bot.core.model import (
    AuditEntry,
    Calendar,
    Case,
    Catalogue,
    ConversationKey,
    Identity,
    Org,
    Person,
    SeverityScheme,
    parse_case_ref,
)
from bot.core.ports import Knowledge, UnitOfWork
from bot.core.text import Msg


@dataclass(frozen=True)
class ServiceConfig:
    """Service-wide settings that are not in the catalogue."""

    default_org: str = "default"
    agent_locale: str = "en"
    agent_timezone: str = "UTC"  # how times read in agent threads (case headers)
    # Events handled at once; more only queue for database connections and stall the loop.
    max_concurrent_events: int = 4
    # How long the process that recorded an event or wrote a message has to finish it before
    # another process (or this one after a restart) takes over (R70, R71): long enough for
    # the slowest answer, short enough that a crash delays it by no more than this.
    lease: timedelta = timedelta(seconds=60)
    # How long the transcript of a closed case is kept (business time); None: for ever.
    transcript_retention: timedelta | None = None


@dataclass
class Turn:
    """Everything one event's handling needs; actions collect what to show."""

    uow: UnitOfWork
    knowledge: Knowledge
    config: ServiceConfig
    now: datetime
    person: Person
    key: ConversationKey
    identity: Identity
    actions: list[Action] = field(default_factory=list)
    # The message behind this turn, if it is one: a typed `reply CS-n` carries its files.
    message: MessageReceived | None = None
    # Orgs rarely change and one event asks for the same org several times.
    _orgs: dict[str, Org] = field(default_factory=dict)
    # What happened, for the operator's metrics once the transaction commits.
    happenings: list[str] = field(default_factory=list)
    # A phrasing changed: the search is taught anew once the transaction commits (issue 11).
    relearn: bool = False
    # Answers to suggested articles (article id, solved): they re-weigh the search once the
    # transaction commits.
    answers: list[tuple[str, bool]] = field(default_factory=list)

    def articles_indexed(self) -> Knowledge:
        """The knowledge base, once its articles can be searched; NotIndexedYet before (the
        first seconds of a bot with many articles): the handler waits for them outside the
        event's transaction, which would otherwise hold the database for those seconds."""
        if not self.knowledge.is_indexed():
            raise NotIndexedYet
        return self.knowledge

    @property
    def catalogue(self) -> Catalogue:
        """The current catalogue."""
        return self.knowledge.catalogue()

    def say(self, text: Msg, to: ConversationKey | None = None) -> None:
        """Reply in the person's own locale, by default where the event came from."""
        self.actions.append(Reply(to or self.key, self.person.locale, text))

    def tell_thread(self, case: Case, text: Msg) -> None:
        """Post in the case's agent thread, in the agents' locale."""
        self.actions.append(Reply(thread_key(case), self.config.agent_locale, text))

    async def owner_locale(self, case: Case) -> str:
        """The language of the case's owner, for what the bot tells them."""
        owner = await self.uow.person(case.owner_id)
        return owner.locale if owner else "en"

    async def tell_owner(self, case: Case, text: Msg) -> None:
        """Tell the case's owner, in their language, where they talk to the bot; an owner
        acting from somewhere else (another platform, a channel) reads it there too."""
        self.actions.append(Reply(case.user_key, await self.owner_locale(case), text))
        if self.person.id == case.owner_id and not same_inbox(self.key, case.user_key):
            self.say(text)

    async def audit(self, action: str, subject: str, before: str = "", after: str = "") -> None:
        """Append an audit row for the acting person."""
        self.happenings.append(action)
        await self.uow.add_audit(
            AuditEntry(self.person.id, action, subject, self.now, before, after)
        )

    async def case_for(self, ref: str, action: CaseAction) -> Case:
        """The case named by a CS- reference, authorised for the acting person."""
        number = parse_case_ref(ref)
        case = await self.uow.case(number, lock=True) if number is not None else None
        if case is None:
            raise NotFound("case.not_found", case=ref)
        authorise(self.person, action, case)
        return case

    async def org_of(self, org_id: str) -> Org:
        """An org, or the default org when it is unknown."""
        if org_id not in self._orgs:
            org = await self.uow.org(org_id) or await self.uow.org(self.config.default_org)
            if org is None:
                raise LookupError(f"default org {self.config.default_org!r} is missing")
            self._orgs[org_id] = org
        return self._orgs[org_id]

    async def person_key(
        self, person_id: str, platform_of: ConversationKey
    ) -> ConversationKey | None:
        """Where to reach a person directly on the platform of a conversation, if linked."""
        platform, workspace = platform_of.platform, platform_of.workspace
        if person_id.startswith(f"{platform}:"):
            return direct_key(Identity(platform, workspace, person_id.split(":")[-1]))
        identity = await self.uow.identity_of(
            person_id=person_id, platform=platform, workspace=workspace
        )
        return direct_key(identity) if identity else None

    async def notify_participants(self, case: Case, text: Msg) -> None:
        """R5: participants are told what happens; e-mail-only participants are audited."""
        for participant in case.participants:
            key = await self.person_key(participant, case.user_key)
            if key is None:
                # No chat account to reach; keep a record that a notice was due.
                await self.audit("participant.unreachable", case.ref, after=participant)
                continue
            person = await self.uow.person(participant)
            self.actions.append(Alert(key, person.locale if person else "en", text))

    async def person_named(self, person_id: str) -> str:
        """Display name of a person id, or the id itself."""
        person = await self.uow.person(person_id)
        return person.name if person else person_id


def scheme_of(catalogue: Catalogue, plan_id: str) -> SeverityScheme:
    """The severity scheme of a plan, falling back to the first scheme."""
    plan = catalogue.plans.get(plan_id)
    if plan is not None and plan.scheme in catalogue.schemes:
        return catalogue.schemes[plan.scheme]
    return next(iter(catalogue.schemes.values()))


def calendar_of(catalogue: Catalogue, plan_id: str) -> Calendar:
    """The business-hours calendar of a plan, falling back to the first calendar."""
    plan = catalogue.plans.get(plan_id)
    if plan is not None and plan.calendar in catalogue.calendars:
        return catalogue.calendars[plan.calendar]
    return next(iter(catalogue.calendars.values()))


def thread_key(case: Case) -> ConversationKey:
    """Where the case's agent thread lives on its platform."""
    return ConversationKey(
        case.user_key.platform, case.user_key.workspace, case.queue, thread=case.queue_thread
    )


def direct_key(identity: Identity) -> ConversationKey:
    """The account's direct conversation with the bot (adapters open the DM by user id)."""
    return ConversationKey(identity.platform, identity.workspace, "dm", user=identity.user_id)


def same_inbox(a: ConversationKey, b: ConversationKey) -> bool:
    """Both keys reach one account's direct conversation with the bot (a DM and, on Slack, the
    App Home or a modal, which answer in that DM)."""
    if a == b:
        return True
    direct = a.thread is None and b.thread is None and a.user is not None and a.user == b.user
    return direct and (a.platform, a.workspace) == (b.platform, b.workspace)
