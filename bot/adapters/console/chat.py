"""The console chat: a terminal that speaks the same events and actions as Slack and Discord."""

from __future__ import annotations

import mimetypes
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from bot.adapters.console.render import render
from bot.core.actions import (
    Action,
    AskChoice,
    CaseHeader,
    MoveToDirect,
    OfferArticles,
    OpenCaseForm,
)
from bot.core.attachments import HEAD_BYTES
from bot.core.events import (
    Actor,
    ChoiceMade,
    CommandInvoked,
    DirectOpened,
    Event,
    FormSubmitted,
    MessageReceived,
)
from bot.core.model import Attachment, ConversationKey, Identity
from bot.core.text import Msg, msg
from bot.i18n import translate

PLATFORM = "console"
WORKSPACE = "local"
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


class Service(Protocol):
    """What the console needs from SupportService."""

    async def handle(self, event: Event) -> list[Action]:
        """Handle one event."""
        ...

    async def fire_due_timers(self) -> list[Action]:
        """Fire due timers now."""
        ...


class MovableClock(Protocol):
    """A clock the console may move forward."""

    def advance(self, amount: timedelta) -> None:
        """Move the clock forward."""
        ...


class ConsoleChat:
    """Turns typed lines into events and actions into printed lines."""

    def __init__(
        self,
        service: Service,
        clock: MovableClock,
        personas: Mapping[str, str],
        *,
        locale: str = "en",
    ) -> None:
        self._service = service
        self._locale = locale
        self._clock = clock
        self._personas = personas
        self._user = personas["user"]
        self._thread: tuple[str, str] | None = None
        self._queues: dict[str, str] = {}
        # The open question of each conversation, so a persona switch does not lose it.
        self._choices: dict[ConversationKey, tuple[str, list[str]]] = {}
        self._form: OpenCaseForm | None = None
        self._form_todo: list[str] = []
        self._form_values: dict[str, str] = {}
        self._files: list[tuple[Attachment, bytes]] = []

    def _t(self, key: str, **params: str | int) -> str:
        """The console's own words, in its locale."""
        return translate(self._locale, Msg(key, params))

    def banner(self) -> str:
        """The first line a person sees."""
        return self._t("console.banner")

    @property
    def prompt(self) -> str:
        """Who is typing where, e.g. 'alice>' or 'dana #billing-queue CS-1>'."""
        if self._thread:
            return f"{self._user} #{self._thread[0]} {self._thread[1]}> "
        return f"{self._user}> "

    async def feed(self, line: str) -> list[str]:
        """Handle one typed line; returns what to print."""
        text = line.rstrip("\n")
        if self._form is not None and not text.startswith("/"):
            return await self._form_answer(text)
        if text.startswith("/"):
            return await self._local_command(text)
        if not text.strip() and not self._files:
            return []
        return await self._send(self._typed_event(text))

    async def tick(self) -> list[str]:
        """Fire due timers (the scheduler calls this too)."""
        return self.show(await self._service.fire_due_timers())

    def show(self, actions: Sequence[Action]) -> list[str]:
        """Render actions and remember what the next typed line may answer."""
        lines: list[str] = []
        for action in actions:
            lines.extend(render(action))
            self._remember(action)
        if self._form is not None and self._form_todo:
            lines.extend(self._ask_field())
        return lines

    def _remember(self, action: Action) -> None:
        if isinstance(action, CaseHeader) and action.to.thread:
            self._queues[action.to.thread] = action.to.channel
        if isinstance(action, AskChoice):
            self._choices[action.to] = (action.field, [c.value for c in action.choices])
        elif isinstance(action, OfferArticles):
            self._choices[action.to] = (
                "article",
                [*(a.article_id for a in action.articles), "more"],
            )
        elif isinstance(action, OpenCaseForm) and action.to == self._key():
            self._start_form(action)

    def _key(self) -> ConversationKey:
        if self._thread:
            return ConversationKey(PLATFORM, WORKSPACE, self._thread[0], thread=self._thread[1])
        return ConversationKey(PLATFORM, WORKSPACE, "dm", user=self._user)

    def _actor(self) -> Actor:
        return Actor(Identity(PLATFORM, WORKSPACE, self._user), self._user)

    def _next_id(self) -> str:
        # Unique across runs and processes: the service drops an id it has seen as a retry,
        # so a counter restarting at 1 made a second run on the same database ignore everyone.
        return f"console-{uuid.uuid4().hex}"

    def _typed_event(self, text: str) -> Event:
        pending = self._choices.get(self._key())
        if pending and text.strip().isdigit():
            field, values = pending
            index = int(text.strip()) - 1
            if 0 <= index < len(values):
                del self._choices[self._key()]
                return ChoiceMade(self._key(), self._actor(), field, values[index], self._next_id())
        files = tuple(f for f, _ in self._files)
        heads = tuple(h for _, h in self._files)
        self._files = []
        return MessageReceived(self._key(), self._actor(), text, files, heads, self._next_id())

    async def _send(self, event: Event) -> list[str]:
        actions = await self._service.handle(event)
        lines = self.show(actions)
        if any(isinstance(a, MoveToDirect) for a in actions):
            # A private category chosen in a thread (R3): the intake goes on in the DM.
            self._thread = None
            opened = DirectOpened(self._key(), self._actor(), self._next_id())
            lines.extend(self.show(await self._service.handle(opened)))
        return lines

    async def _local_command(self, text: str) -> list[str]:
        name, _, rest = text[1:].partition(" ")
        args = rest.split()
        match name:
            case "as":
                return self._switch(args)
            case "thread":
                return self._enter_thread(args)
            case "dm":
                self._thread = None
                return []
            case "attach":
                return self._attach(rest.strip())
            case "advance":
                return await self._advance(args)
            case "help":
                return self._t("console.help").splitlines()
            case "cancel" if self._form is not None:
                self._form = None
                return await self._send(MessageReceived(self._key(), self._actor(), "cancel"))
            case _:
                event = CommandInvoked(
                    self._key(), self._actor(), name, tuple(args), self._next_id()
                )
                return await self._send(event)

    def _switch(self, args: Sequence[str]) -> list[str]:
        role = args[0] if args else ""
        if role == "user" and len(args) > 1:
            self._user = args[1]
        elif role in self._personas:
            self._user = self._personas[role]
        else:
            return [self._t("console.usage_as")]
        self._thread = None
        self._form = None
        return [self._t("console.you_are", user=self._user)]

    def _enter_thread(self, args: Sequence[str]) -> list[str]:
        if not args:
            return [self._t("console.usage_thread")]
        ref = args[0].upper()
        queue = args[1] if len(args) > 1 else self._queues.get(ref)
        if queue is None:
            return [self._t("console.unknown_thread", ref=ref)]
        self._thread = (queue, ref)
        return []

    def _attach(self, path_text: str) -> list[str]:
        path = Path(path_text).expanduser()
        if not path.is_file():
            return [self._t("console.no_file", path=path_text)]
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._files.append((Attachment(path.name, path.stat().st_size, kind), head))
        return [self._t("console.attached", name=path.name, size=path.stat().st_size)]

    async def _advance(self, args: Sequence[str]) -> list[str]:
        match = _DURATION.match(args[0]) if args else None
        if match is None or not any(match.groups()):
            return [self._t("console.usage_advance")]
        days, hours, minutes = (int(g or 0) for g in match.groups())
        self._clock.advance(timedelta(days=days, hours=hours, minutes=minutes))
        return [self._t("console.clock_moved", amount=args[0]), *await self.tick()]

    def _start_form(self, form: OpenCaseForm) -> None:
        self._form = form
        # A rejected form echoes what was typed; only the fields in error are asked again.
        self._form_values = dict(form.values)
        failed = [name for name, _ in form.errors]
        self._form_todo = failed or [f.name for f in form.fields]

    def _ask_field(self) -> list[str]:
        assert self._form is not None
        field = next(f for f in self._form.fields if f.name == self._form_todo[0])
        locale = self._form.locale
        current = self._form_values.get(field.name, "")
        lines = [
            f"  {translate(locale, field.label)}"
            + (f" ({translate(locale, field.hint)})" if field.hint else "")
        ]
        for number, choice in enumerate(field.choices, start=1):
            detail = f" - {translate(locale, choice.detail)}" if choice.detail else ""
            lines.append(f"    {number}) {translate(locale, choice.label)}{detail}")
        if field.kind == "yes_no":
            lines.append(
                f"    {translate(locale, msg('form.yes'))}/{translate(locale, msg('form.no'))}"
            )
        if current:
            lines.append(f"    [{current}] (Enter keeps it)")
        return lines

    async def _form_answer(self, text: str) -> list[str]:
        assert self._form is not None
        name = self._form_todo.pop(0)
        field = next(f for f in self._form.fields if f.name == name)
        answer = text.strip()
        if answer.isdigit() and field.choices and 1 <= int(answer) <= len(field.choices):
            answer = field.choices[int(answer) - 1].value
        if answer or name not in self._form_values:
            self._form_values[name] = answer
        if self._form_todo:
            return self._ask_field()
        event = FormSubmitted(self._key(), self._actor(), dict(self._form_values), self._next_id())
        self._form = None
        actions = await self._service.handle(event)
        if not any(isinstance(a, OpenCaseForm) for a in actions):
            self._form_values = {}
        return self.show(actions)
