"""SupportService: the one entry point every adapter and test goes through."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.core.actions import Action, Reply
from bot.core.cases import CaseAction
from bot.core.clock import SystemClock
from bot.core.commands import command_name, parse_text_command, parse_thread_command
from bot.core.errors import IntakeError, NotIndexedYet, PermissionDenied, StorageUnavailable
from bot.core.events import (
    ChoiceMade,
    CommandInvoked,
    DirectOpened,
    Event,
    MessageReceived,
    ThreadBound,
)
from bot.core.intake import is_intake_event, is_trigger
from bot.core.logcontext import current_event
from bot.core.model import (
    Case,
    Conversation,
    Delivery,
    IntakeState,
    parse_case_ref,
)
from bot.core.ports import (
    Backlog,
    Clock,
    Knowledge,
    Meter,
    NoMeter,
    Repository,
    Spool,
)
from bot.core.text import msg
from bot.service import inbox, intaking, learning, outbox, which_case
from bot.service.accounts import acting_person, link
from bot.service.casework import CASE_COMMANDS, answer_call, answer_fix, case_number_of
from bot.service.controls import TYPED, answer_typed, ask_if_control, show_header
from bot.service.direct import unpark
from bot.service.export import export
from bot.service.housekeeping import Forgotten, housekeep
from bot.service.incidents import incident
from bot.service.inflight import Drained, InFlight
from bot.service.queue import home, queue
from bot.service.relay import from_agent
from bot.service.report_command import report
from bot.service.sent import SentMarks
from bot.service.snippets import snippet_choices
from bot.service.timers import Fired, fire_batch
from bot.service.turn import ServiceConfig, Turn, direct_key, thread_key

log = logging.getLogger(__name__)
COMMANDS = {
    **CASE_COMMANDS,
    "link": link,
    "queue": queue,
    "home": home,
    "header": show_header,
    "export": export,
    "incident": incident,
    "report": report,
}
# Answers about one person's cases, org or account: never shown in a shared thread.
PRIVATE_ANSWERS = frozenset({"tickets", "case", "plan", "link", "queue", "home"})


class SupportService:
    """Runs events through intake and case rules, persisting each in one transaction."""

    def __init__(
        self,
        *,
        repository: Repository,
        knowledge: Knowledge,
        clock: Clock,
        config: ServiceConfig | None = None,
        wall_clock: Clock | None = None,
        spool: Spool | None = None,
        meter: Meter | None = None,
    ) -> None:
        self._repository = repository
        self._knowledge = knowledge
        self._clock = clock
        # Receipt times of platform ids follow the real time, not the business clock that
        # the console's /advance moves: an id stamped in the future would never expire.
        self._wall_clock = wall_clock or SystemClock()
        self._config = config or ServiceConfig()
        self._spool = spool
        self._meter = meter or NoMeter()
        self._slots = asyncio.Semaphore(self._config.max_concurrent_events)
        self._in_flight = InFlight()
        self._sent = SentMarks(repository, self._wall_clock)
        self._lessons = learning.Lessons(repository, knowledge)

    def begin_event(self) -> None:
        """Count the calling task (an adapter's listener) as handling an event until it ends,
        so a stop waits for the answer it renders too."""
        self._in_flight.add_current()

    async def drain(self, timeout: float) -> Drained:
        """At a stop: let events and timer runs in flight finish, at most `timeout` seconds,
        and mark what they showed as sent."""
        drained = await self._in_flight.drain(timeout)
        await self._sent.flush()
        return drained

    async def handle(self, event: Event) -> list[Action]:
        """Handle one inbound event; returns what the adapter should show."""
        self._in_flight.add_current()
        async with self._slots:
            started = time.perf_counter()
            naming = current_event.set(f"{event.key.platform}:{event.inbound_id}")  # log lines
            try:
                actions, outcome = await self._handle(event)
            finally:
                current_event.reset(naming)
            self._meter.handled(event.key.platform, outcome, time.perf_counter() - started)
            return actions

    async def _handle(self, event: Event) -> tuple[list[Action], str]:
        """What to show, and how it went (the meter's outcome)."""
        try:
            actions = await self._handle_stored(event)
        except StorageUnavailable as error:
            # Kept for later: from the inbox (Slack), or in the local spool (Discord and the
            # console, whose events nobody sends again), handled once the database is back.
            log.warning("event %s not handled: database unavailable (%s)", event.inbound_id, error)
            if self._spool is not None and event.inbound_id:
                await asyncio.to_thread(self._spool.keep, event)
            locale = event.actor.locale or "en"
            return [Reply(event.key, locale, msg("error.unavailable"))], "unavailable"
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            # Ids only: the event's text and names are personal data, kept out of logs (R73).
            log.exception(
                "event failed (error id %s): %s on %s, inbound id %s",
                error_id,
                type(event).__name__,
                event.key.platform,
                event.inbound_id,
            )
            locale = event.actor.locale or "en"
            return [Reply(event.key, locale, msg("error.unexpected", id=error_id))], "failed"
        return (actions, "handled") if actions is not None else ([], "duplicate")

    async def replay_spool(self) -> list[Action]:
        """Handle the events kept in the spool during an outage, oldest first; stops at the
        first that still finds the database unavailable."""
        self._in_flight.add_current()
        if self._spool is None:
            return []
        actions: list[Action] = []
        for name, event in await asyncio.to_thread(self._spool.pending):
            try:
                async with self._slots:
                    actions.extend(await self._handle_stored(event) or [])
            except StorageUnavailable:
                break
            except Exception:
                log.exception("spooled %s event %s failed; set aside", event.key.platform, name)
                await asyncio.to_thread(self._spool.set_aside, name)
                continue
            await asyncio.to_thread(self._spool.forget, name)
        return actions

    async def _handle_stored(self, event: Event) -> list[Action] | None:
        """Handle an event in one transaction; None for a platform retry of one handled
        before; StorageUnavailable when the database is unavailable. An event that needs the
        articles while a start indexes them is rolled back, waits for them, and runs again."""
        while True:
            try:
                return await self._handle_once(event)
            except NotIndexedYet:
                await self._knowledge.indexed()

    async def _handle_once(self, event: Event) -> list[Action] | None:
        async with self._repository.transaction() as uow:
            now = self._clock.now()
            if event.inbound_id and not await uow.arrive(
                platform=event.key.platform,
                inbound_id=event.inbound_id,
                at=self._wall_clock.now(),
                identity=event.actor.identity,
                key=event.key,
            ):
                return None  # a platform retry of something already handled
            person = await acting_person(uow, event, self._config.default_org)
            identity = event.actor.identity
            turn = Turn(uow, self._knowledge, self._config, now, person, event.key, identity)
            if isinstance(event, MessageReceived):
                turn.message = event
            try:
                await self._dispatch(turn, event)
            except IntakeError as error:
                if isinstance(error, PermissionDenied):
                    await turn.audit("denied", error.message.key, after=_describe(event))
                only_for = event.actor.identity.user_id if event.key.user is None else None
                turn.actions.append(Reply(event.key, person.locale, error.message, only_for))
            written = await outbox.write(
                uow, self._wall_clock.now(), turn.actions, self._config.lease
            )
        self._meter.happened(turn.happenings)  # committed
        if turn.answers:
            await learning.answered(self._knowledge, turn.answers)
        if turn.relearn:
            self._lessons.soon()
        return written

    async def relearn(self) -> None:
        """Teach the search the "asked as" phrasings and suggestion outcomes in the database
        (issue 11): at start, after each change here, and every minute for the changes of
        other processes (`supportbot kb phrasings --remove`, another bot)."""
        self._in_flight.add_current()
        await learning.relearn(self._repository, self._knowledge)

    async def fire_due_timers(self, now: datetime | None = None) -> list[Action]:
        """Fire one batch of due timers: reminders, alerts and Escalate buttons (R20-R23)."""
        return (await self.fire_timer_batch(now)).actions

    async def fire_timer_batch(self, now: datetime | None = None) -> Fired:
        """Claim up to TIMER_BATCH due timers and fire them in one transaction, which also
        writes their messages to the outbox: a crash before the commit leaves them due, one
        after it leaves their messages to be sent. A timer that fails is tried again later;
        the rest of its batch goes on."""
        self._in_flight.add_current()
        at = now or self._clock.now()
        try:
            return await self._fire_batch(at, isolated=False)
        except Exception:
            # Savepoints cost two statements a timer, so they are only paid for once a
            # batch has failed (rolled back whole: nothing of it happened).
            return await self._fire_batch(at, isolated=True)

    async def _fire_batch(self, at: datetime, *, isolated: bool) -> Fired:
        fired = await fire_batch(
            self._repository, self._knowledge, self._config, at, self._wall_clock.now, isolated
        )
        self._meter.happened(fired.happenings)  # committed
        return fired

    async def receive(self, platform: str, inbound_id: str, payload: Mapping[str, Any]) -> bool:
        """Record a raw platform event before the platform is told it arrived (R70): True
        when it is new; False for a retry; StorageUnavailable when it cannot be kept."""
        return await inbox.record(
            self._repository, self._wall_clock, self._config.lease, platform, inbound_id, payload
        )

    async def unhandled(self, platform: str) -> Sequence[Mapping[str, Any]]:
        """Recorded events whose handling a crash or a failure cut short: handle them again."""
        self._in_flight.add_current()
        return await inbox.unhandled(
            self._repository, self._wall_clock, self._config.lease, platform
        )

    async def delivered(self, actions: Sequence[Action]) -> None:
        """Actions an adapter has shown: their outbox rows are not sent again (R71)."""
        self._meter.shown(actions)
        self._sent.note(a.outbox for a in actions if a.outbox is not None)

    async def backlog(self) -> Backlog:
        """What waits in the outbox and the inbox; StorageUnavailable when the database is
        (the ops server's readiness and metrics)."""
        async with self._repository.transaction() as uow:
            return await uow.backlog(now=self._wall_clock.now())

    def snippet_choices(self, language: str, typed: str) -> list[tuple[str, str]]:
        """Snippets (name, title) that fit what an agent typed so far (R51)."""
        return snippet_choices(self._knowledge, language, typed)

    async def send(self, actions: Sequence[Action], show: outbox.Show) -> None:
        """Show a fired timer batch's actions (up to 200), keeping their outbox lease while
        a slow platform takes its time (R71)."""
        await outbox.send(
            self._repository, self._wall_clock, self._config.lease, self._sent, show, actions
        )

    async def resend_outbox(self, show: outbox.Show) -> int:
        """Send what a crash or a failed send left in the outbox; how many were sent."""
        self._in_flight.add_current()  # a stop waits for it, as for a timer run
        await self._sent.flush()  # what this process showed is not sent again
        return await outbox.resend(
            self._repository, self._wall_clock, self._config.lease, self._sent, show
        )

    async def housekeeping(self) -> Forgotten:
        """Forget what is kept no longer than needed (service/housekeeping.py)."""
        return await housekeep(self._repository, self._clock, self._wall_clock, self._config)

    async def record_delivery(
        self, *, case_number: int, message_id: int, ok: bool, detail: str = ""
    ) -> list[Action]:
        """Store how a relay went; when the user could not be reached, tell the thread."""
        async with self._repository.transaction() as uow:
            delivery = Delivery.SENT if ok else Delivery.FAILED
            await uow.set_delivery(message_id=message_id, delivery=delivery, detail=detail)
            case = await uow.case(case_number)
            if ok or case is None:
                return []
            text = msg("relay.failed", case=case.ref, detail=detail)
            return [Reply(thread_key(case), self._config.agent_locale, text)]

    async def _dispatch(self, turn: Turn, event: Event) -> None:
        if isinstance(event, ThreadBound):
            await self._bind_thread(turn, event)
            return
        if isinstance(event, DirectOpened):
            moved = await unpark(turn, event)
            if moved is not None:
                await intaking.intake(turn, *moved)
            return
        thread_case = await self._thread_case(turn, event)
        if isinstance(event, CommandInvoked):
            await self._command(turn, event.name, event.args, thread_case, event)
            return
        if isinstance(event, ChoiceMade) and await self._case_choice(turn, event):
            return
        if thread_case is not None and isinstance(event, ChoiceMade) and event.field == TYPED:
            pressed = await answer_typed(turn, thread_case, event)
            if pressed is not None:
                await self._command(turn, pressed.name, pressed.args, thread_case, event)
            return
        if thread_case is not None and isinstance(event, MessageReceived):
            typed = parse_thread_command(event.text)
            if typed is not None:
                await self._command(turn, typed.name, typed.args, thread_case, event)
                return
            if not await ask_if_control(turn, thread_case, event):
                await from_agent(turn, thread_case, event)
            return
        stored = await turn.uow.conversation(event.key)
        conversation = stored or Conversation(event.key, turn.person.id)
        if isinstance(event, MessageReceived):
            # Typed commands (tickets, case CS-1 ...) work anywhere except where free text is
            # the answer: a description. A form's answers never come as messages (a modal, or
            # the console's form event), so one typed while a form is open may be a command.
            free_text = conversation.state is IntakeState.DESCRIBING
            command = None if free_text else parse_text_command(event.text)
            if command is not None:
                await self._command(turn, command.name, command.args, None, event)
                return
        if event.key.user is None:
            shared = await self._in_shared_thread(turn, stored, event)
            if shared is None:
                return
            conversation = shared
        if isinstance(event, MessageReceived) and not is_intake_event(conversation, event):
            await self._in_case_or_idle(turn, conversation, event)
            return
        await intaking.intake(turn, conversation, event)

    async def _in_shared_thread(
        self, turn: Turn, stored: Conversation | None, event: Event
    ) -> Conversation | None:
        """A help thread others can read and write in: the conversation this event drives, or
        None when it drives none. Chatter in threads the bot was never asked into gets no
        answer, and only the person who started an intake answers its questions; their
        words are kept either way."""
        starts = isinstance(event, MessageReceived) and (is_trigger(event.text) or event.addressed)
        if stored is None or (stored.state is IntakeState.IDLE and starts):
            if isinstance(event, MessageReceived) and not starts:
                await self._keep(turn, event)
                return None
            return Conversation(event.key, turn.person.id)  # theirs from now on
        if stored.person_id == turn.person.id or stored.state is IntakeState.IN_CASE:
            return stored  # in a case, the case rules say who may talk (R16 role table)
        if isinstance(event, MessageReceived):
            await self._keep(turn, event)  # others talking among themselves in the thread
            return None
        owner = await turn.person_named(stored.person_id)
        raise PermissionDenied("intake.not_yours", owner=owner)

    async def _keep(self, turn: Turn, event: MessageReceived) -> None:
        """A message the bot cannot act on is still stored (in the audit trail)."""
        where = ":".join(p for p in (event.key.platform, event.key.channel, event.key.thread) if p)
        await turn.audit("message.unhandled", where, after=event.text)

    async def _command(
        self, turn: Turn, name: str, args: tuple[str, ...], thread_case: Case | None, event: Event
    ) -> None:
        name = command_name(name) or name  # `/fälle` is `/tickets`
        if name == "support" and args:
            asked = command_name(args[0]) or args[0].lower()
            if asked in COMMANDS:
                name, args = asked, args[1:]  # `/support tickets` is `tickets`
            elif len(args) == 1:
                name = args[0]  # `/support foo`: an unknown command, not a problem described
        if name == "support":
            conversation = await turn.uow.conversation(event.key) or Conversation(
                event.key, turn.person.id
            )
            await intaking.intake(
                turn, conversation, MessageReceived(event.key, event.actor, "help")
            )
            return
        handler = COMMANDS.get(name)
        if handler is None:
            raise IntakeError("command.unknown", name=name, help=_help_command(turn.key.platform))
        if name in PRIVATE_ANSWERS and turn.key.user is None:
            # Asked in a shared thread: the answer is the asker's alone, so it goes to their
            # DM; the thread only learns where it went.
            await handler(replace(turn, key=direct_key(turn.identity)), args, thread_case)
            turn.say(msg("private.sent_dm"))
            return
        await handler(turn, args, thread_case)

    async def _case_choice(self, turn: Turn, event: ChoiceMade) -> bool:
        """Buttons about an existing case: rating, escalate, call, fix, new referencing case."""
        number = case_number_of(event.value)
        fields = ("rate", "escalate", "call", "fix", "new_case", which_case.FIELD, "snippet")
        if event.field not in fields or number is None:
            return False
        ref = f"CS-{number}"
        answer = event.value.split(":", 1)[1] if ":" in event.value else ""
        match event.field:
            case "rate":
                await COMMANDS["rate"](turn, (ref, answer), None)
            case "escalate":
                await COMMANDS["escalate"](turn, (ref, *answer.split()), None)
            case "call":
                await answer_call(
                    turn, await turn.case_for(ref, CaseAction.VIEW), answer == "accept"
                )
            case "snippet":
                await COMMANDS["snippet"](turn, (ref, answer), None)
            case "fix":
                await answer_fix(turn, await turn.case_for(ref, CaseAction.VIEW), answer == "yes")
            case which_case.FIELD:
                conversation = await turn.uow.conversation(event.key)
                await which_case.case_picked(
                    turn, conversation or Conversation(event.key, turn.person.id), number
                )
            case "new_case":
                await turn.case_for(ref, CaseAction.VIEW)
                conversation = Conversation(event.key, turn.person.id, data={"ref": str(number)})
                await intaking.intake(
                    turn, conversation, MessageReceived(event.key, event.actor, "help")
                )
        return True

    async def _in_case_or_idle(
        self, turn: Turn, conversation: Conversation, event: MessageReceived
    ) -> None:
        case_number = parse_case_ref(conversation.data.get("case", ""))
        case = await turn.uow.case(case_number, lock=True) if case_number is not None else None
        if conversation.state is IntakeState.IN_CASE and case is not None:
            await which_case.to_case(turn, conversation, case, event)
            return
        # Nothing to act on: keep the text (nothing is lost) and say what works.
        await self._keep(turn, event)
        turn.say(msg("idle.hint"))

    async def _thread_case(self, turn: Turn, event: Event) -> Case | None:
        if event.key.thread is None:
            return None
        found = await turn.uow.case_by_thread(queue=event.key.channel, thread=event.key.thread)
        return await turn.uow.case(found.number, lock=True) if found else None

    async def _bind_thread(self, turn: Turn, event: ThreadBound) -> None:
        case = await turn.uow.case(event.case_number, lock=True)
        if case is not None and case.queue_thread is None:
            await turn.uow.update_case(replace(case, queue_thread=event.thread))


def _help_command(platform: str) -> str:
    """How a person on the platform asks for the list of commands: Slack passes only the
    commands an app registered, so there it is a word after /support."""
    return "/support help" if platform == "slack" else "/help"


def _describe(event: Event) -> str:
    return type(event).__name__ + ":" + getattr(event, "name", getattr(event, "field", ""))
