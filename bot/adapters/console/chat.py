"""The console chat: a terminal that speaks the same events and actions as Slack and Discord."""

from __future__ import annotations

import mimetypes
import re
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from bot.adapters.console.render import PLATFORM, render, saved
from bot.core.actions import (
    Action,
    AskChoice,
    CaseHeader,
    FormField,
    MoveToDirect,
    OfferArticles,
    OpenCaseForm,
    PostFiles,
    SendFile,
    ShowQueue,
)
from bot.core.attachments import MAX_BYTES, Sample, sample
from bot.core.choices import Ambiguous, Option, Picked, normalise, pick
from bot.core.commands import TextCommand, parse_control
from bot.core.events import (
    Actor,
    ChoiceMade,
    CommandInvoked,
    DirectOpened,
    Event,
    FormSubmitted,
    MessageReceived,
)
from bot.core.form import check_answer, thin_nudge, yes_no
from bot.core.intake import CANCEL_WORDS
from bot.core.model import Attachment, ConversationKey, Identity
from bot.core.text import Msg, msg
from bot.i18n import translate

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

    async def delivered(self, actions: Sequence[Action]) -> None:
        """Actions now shown: their outbox rows are not sent again."""
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
        exports: Path | None = None,
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
        # The buttons of each case header shown, pressed by number in its thread (R12).
        self._controls: dict[ConversationKey, list[str]] = {}
        self._form: OpenCaseForm | None = None
        self._form_todo: list[str] = []
        self._form_values: dict[str, str] = {}
        self._files: list[tuple[Attachment, Sample]] = []
        # Files another persona attached: they wait for that persona's next message.
        self._parked: dict[str, list[tuple[Attachment, Sample]]] = {}
        # Where files for the person go (R55 transcripts); a new temporary folder if unset.
        self._exports = exports

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
        return await self.present(await self._service.fire_due_timers())

    async def present(self, actions: Sequence[Action]) -> list[str]:
        """Show actions and record that they were shown (nothing is printed twice)."""
        lines = self.show(actions)
        await self._service.delivered(actions)
        return lines

    def show(self, actions: Sequence[Action]) -> list[str]:
        """Render actions and remember what the next typed line may answer."""
        lines: list[str] = []
        for action in actions:
            if isinstance(action, SendFile):
                lines.extend(self._save(action))
            elif isinstance(action, PostFiles):
                lines.extend(self._save_all(action))
            else:
                lines.extend(render(action))
            self._remember(action)
        if self._form is not None and self._form_todo:
            lines.extend(self._ask_field())
        return lines

    def _save(self, action: SendFile) -> list[str]:
        """A terminal has no chat to attach a file to: it is written to a folder instead."""
        path = self._folder() / action.filename
        path.write_bytes(action.content)
        return saved(action, path)

    def _save_all(self, action: PostFiles) -> list[str]:
        """A post's files (R61) go to a folder of their own: the next post has the same names."""
        folder = Path(tempfile.mkdtemp(prefix="post-", dir=self._folder()))
        for file in action.files:
            (folder / file.filename).write_bytes(file.content)
        return saved(action, folder)

    def _folder(self) -> Path:
        if self._exports is None:
            self._exports = Path(tempfile.mkdtemp(prefix="supportbot-exports-"))
        self._exports.mkdir(parents=True, exist_ok=True)
        return self._exports

    def _remember(self, action: Action) -> None:
        if isinstance(action, CaseHeader) and action.to.thread:
            self._queues[action.to.thread] = action.to.channel
            self._controls[action.to] = [c.value for c in action.controls]
        if isinstance(action, ShowQueue):
            # `/thread CS-n` finds every listed case, also one whose header is not on screen.
            threads = (row.thread for row in action.rows if row.thread is not None)
            here = (t for t in threads if t.platform == PLATFORM and t.thread)
            self._queues.update({t.thread: t.channel for t in here if t.thread})
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
        pressed = self._pressed(text)
        if pressed is not None:
            return CommandInvoked(
                self._key(), self._actor(), pressed.name, pressed.args, self._next_id()
            )
        files = tuple(f for f, _ in self._files)
        samples = tuple(s for _, s in self._files)
        self._files = []
        return MessageReceived(self._key(), self._actor(), text, files, samples, self._next_id())

    def _pressed(self, text: str) -> TextCommand | None:
        """The header button a number names in a case thread, as the command it runs."""
        controls = self._controls.get(self._key(), [])
        typed = text.strip()
        if not typed.isdigit() or not 1 <= int(typed) <= len(controls):
            return None
        return parse_control(controls[int(typed) - 1])

    async def _send(self, event: Event) -> list[str]:
        actions = await self._service.handle(event)
        lines = await self.present(actions)
        if any(isinstance(a, MoveToDirect) for a in actions):
            # A private category chosen in a thread (R3): the intake goes on in the DM.
            self._thread = None
            opened = DirectOpened(self._key(), self._actor(), self._next_id())
            lines.extend(await self.present(await self._service.handle(opened)))
        return lines

    async def _local_command(self, text: str) -> list[str]:
        name, _, rest = text[1:].partition(" ")
        args = rest.split()
        match name:
            case "as":
                return self._switch(args)
            case "thread":
                return await self._enter_thread(args)
            case "dm":
                self._thread = None
                return []
            case "attach":
                return self._attach(rest.strip())
            case "advance":
                return await self._advance(args)
            case "help":
                # What the person may type, in their language (the service knows it), then
                # the console's own commands.
                asked = CommandInvoked(self._key(), self._actor(), "help", (), self._next_id())
                return [*await self._send(asked), *self._t("console.help").splitlines()]
            case "cancel":
                return await self._cancel()
            case _:
                event = CommandInvoked(
                    self._key(), self._actor(), name, tuple(args), self._next_id()
                )
                return await self._send(event)

    def _switch(self, args: Sequence[str]) -> list[str]:
        role = args[0] if args else ""
        if role == "user" and len(args) > 1:
            user = args[1]
        elif role in self._personas:
            user = self._personas[role]
        else:
            return [self._t("console.usage_as")]
        lines = [self._t("console.you_are", user=user)]
        if user != self._user:
            if self._files:
                self._parked[self._user] = self._files
                names = _names(self._files)
                lines.append(self._t("console.attachment_waits", names=names, user=self._user))
            self._files = self._parked.pop(user, [])
            if self._files:
                lines.append(self._t("console.attachment_back", names=_names(self._files)))
        self._user = user
        self._thread = None
        self._form = None
        return lines

    async def _enter_thread(self, args: Sequence[str]) -> list[str]:
        if not args:
            return [self._t("console.usage_thread")]
        ref = args[0].upper()
        # The case's header shows where it is, how it stands, and its numbered buttons.
        header = CommandInvoked(self._key(), self._actor(), "header", (ref,), self._next_id())
        lines = await self._send(header)
        queue = args[1] if len(args) > 1 else self._queues.get(ref)
        if queue is None:
            return [*lines, self._t("console.unknown_thread", ref=ref)]
        self._thread = (queue, ref)
        return lines

    def _attach(self, path_text: str) -> list[str]:
        path = Path(path_text).expanduser()
        if not path.is_file():
            return [self._t("console.no_file", path=path_text)]
        with path.open("rb") as handle:
            content = sample(handle.read(MAX_BYTES))  # a bigger file breaks the size rule
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._files.append((Attachment(path.name, path.stat().st_size, kind), content))
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
        for name, error in form.errors:
            # A refused value is not offered again (Enter would submit it forever); a thin
            # description is, since Enter then sends it as it is.
            if error != thin_nudge():
                self._form_values.pop(name, None)
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
            # A yes/no answer is kept as "yes" or "no"; the reader sees it in their words.
            word = field.kind == "yes_no" and current in ("yes", "no")
            kept = msg("form.enter_keeps", value=msg(f"form.{current}") if word else current)
            lines.append(f"    {translate(locale, kept)}")
        return lines

    async def _form_answer(self, text: str) -> list[str]:
        assert self._form is not None
        if normalise(text) in CANCEL_WORDS:
            return await self._cancel()
        name = self._form_todo[0]
        field = next(f for f in self._form.fields if f.name == name)
        # Enter keeps the prefilled value; each answer is checked as it is given (issue 12).
        checked = self._checked(field, text.strip() or self._form_values.get(name, ""))
        if isinstance(checked, Msg):
            self._form_values.pop(name, None)  # an invalid value is never offered again
            return [f"  ! {translate(self._form.locale, checked)}", *self._ask_field()]
        self._form_values[name] = checked
        self._form_todo.pop(0)
        values = dict(self._form_values)
        if self._form_todo:
            # Kept by the bot as each field is answered: a stop mid-form loses none of them.
            kept = FormSubmitted(self._key(), self._actor(), values, self._next_id(), partial=True)
            return await self.present(await self._service.handle(kept))  # and the next field
        event = FormSubmitted(self._key(), self._actor(), values, self._next_id())
        self._form = None
        actions = await self._service.handle(event)
        if not any(isinstance(a, OpenCaseForm) for a in actions):
            self._form_values = {}
        return await self.present(actions)

    def _checked(self, field: FormField, answer: str) -> str | Msg:
        """The value to keep for a typed answer, or the rule it breaks."""
        assert self._form is not None
        if field.kind == "yes_no":
            return (yes_no(answer) or msg("form.error.yes_no", value=answer)) if answer else ""
        if field.choices:
            locale = self._form.locale
            options = [
                Option(c.value, (c.value, translate(locale, c.label))) for c in field.choices
            ]
            picked = pick(answer, options)
            if isinstance(picked, Picked):
                return picked.value
            if isinstance(picked, Ambiguous):
                return msg("intake.ambiguous", typed=answer)
            codes = ", ".join(c.value for c in field.choices)
            return msg("form.error.severity", value=answer, codes=codes)
        return check_answer(field.name, answer) or answer

    async def _cancel(self) -> list[str]:
        """Leave the form (or any intake step) at once: the service forgets the draft."""
        self._form = None
        self._form_values = {}
        self._form_todo = []
        return await self._send(
            MessageReceived(self._key(), self._actor(), "cancel", inbound_id=self._next_id())
        )


def _names(files: Sequence[tuple[Attachment, Sample]]) -> str:
    return ", ".join(attachment.name for attachment, _ in files)
