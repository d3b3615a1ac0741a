"""Outbound actions: what the service asks an adapter to show. Text is localisable Msg."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.model import ConversationKey, Suggestion
from bot.core.text import Msg


def outbox_row() -> int | None:
    """The durable outbox row an action was written to (R71), set by the service once the
    row exists; not part of what the action means, so equal actions stay equal."""
    return field(default=None, compare=False)


@dataclass(frozen=True)
class Choice:
    """One option of a choice; `value` is an id, `label` and `detail` are shown."""

    value: str
    label: Msg
    detail: Msg | None = None


@dataclass(frozen=True)
class Reply:
    """Plain text to a conversation or a case thread."""

    to: ConversationKey
    locale: str
    text: Msg
    only_for: str | None = None  # a platform user id: shown to that person only (denials)
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class AskText:
    """A command needs free text (escalation reason, severity reason, link): ask for it."""

    to: ConversationKey
    locale: str
    text: Msg
    command: str
    case_number: int
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class AskChoice:
    """A question with numbered choices (buttons or a select on chat platforms)."""

    to: ConversationKey
    locale: str
    text: Msg
    field: str
    choices: tuple[Choice, ...]
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class OfferArticles:
    """Known-issue articles, each with 'This solved it'; plus 'Still need help' (R4)."""

    to: ConversationKey
    locale: str
    text: Msg
    articles: tuple[Suggestion, ...]
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class FormField:
    """One field of the case form."""

    name: str
    label: Msg
    kind: str  # text, long_text, choice, yes_no, list
    required: bool = False
    choices: tuple[Choice, ...] = ()
    hint: Msg | None = None


@dataclass(frozen=True)
class OpenCaseForm:
    """The case form (R5) with prefilled values and errors from a rejected submit."""

    to: ConversationKey
    locale: str
    title: Msg
    fields: tuple[FormField, ...]
    values: tuple[tuple[str, str], ...] = ()
    errors: tuple[tuple[str, Msg], ...] = ()
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class CaseHeader:
    """The case's parent message in its queue thread; `new` posts it, else update in place."""

    to: ConversationKey
    locale: str
    case_number: int
    lines: tuple[Msg, ...]
    controls: tuple[Choice, ...]
    new: bool
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class Relay:
    """A case message carried to the other side; delivery is reported back by message_id."""

    to: ConversationKey
    locale: str
    case_number: int
    author: str
    text: str
    message_id: int
    attachments: tuple[str, ...] = ()
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class ShowEscalate:
    """The Escalate button on the user's case message (R21)."""

    to: ConversationKey
    locale: str
    case_number: int
    text: Msg
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class CaseRow:
    """One row of a case list (R30, R32); `user` is set only in the org view."""

    case_number: int
    subject: str
    created: Msg
    last_activity: Msg
    channel_type: Msg
    status: Msg
    user: str | None = None


@dataclass(frozen=True)
class ShowCaseList:
    """A list of cases (R30, R32)."""

    to: ConversationKey
    locale: str
    title: Msg
    rows: tuple[CaseRow, ...]
    with_user: bool
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class QueueRow:
    """One open case of the queue view (R50); `thread` is where its agent thread lives."""

    case_number: int
    subject: str
    queue: str
    severity: str
    status: Msg
    assignee: str | None  # a display name; None while nobody claimed it
    response: Msg  # first response due, or when it was given (met or late)
    breached: bool
    thread: ConversationKey | None


@dataclass(frozen=True)
class ShowQueue:
    """The agents' queue view (R50): unassigned first, then by first-response due."""

    to: ConversationKey
    locale: str
    title: Msg
    rows: tuple[QueueRow, ...]
    more: bool  # more cases match than are shown
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class ShowCaseDetail:
    """One case's details and transcript (R31)."""

    to: ConversationKey
    locale: str
    case_number: int
    lines: tuple[Msg, ...]
    transcript: tuple[Msg, ...]
    controls: tuple[Choice, ...]
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class MoveToDirect:
    """R3: a private category was chosen in a shared help thread. The adapter says `text` in
    that thread (`to`), opens the person's DM (`user`, a platform user id) and reports it
    with DirectOpened; the intake goes on there."""

    to: ConversationKey
    locale: str
    text: Msg
    user: str
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class Alert:
    """A notice to a channel that is not a case thread: on-call, queue lead, participants."""

    to: ConversationKey
    locale: str
    text: Msg
    mention: str | None = None
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class SendFile:
    """A file for the person who asked (R55 transcript), attached to a message saying `text`;
    a request of the moment, so never in the outbox."""

    to: ConversationKey
    locale: str
    text: Msg
    filename: str
    content: bytes
    media_type: str
    outbox: int | None = outbox_row()


@dataclass(frozen=True)
class FileBody:
    """A file's name, bytes and media type."""

    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True)
class PostFiles:
    """A message with files, posted to a channel (R61: the report in the leads' channel, as
    image uploads on Slack and attachments on Discord); in the outbox, so it is posted once
    it is committed, across crashes and restarts."""

    to: ConversationKey
    locale: str
    text: Msg
    files: tuple[FileBody, ...]
    outbox: int | None = outbox_row()


Action = (
    Reply
    | AskText
    | AskChoice
    | OfferArticles
    | OpenCaseForm
    | CaseHeader
    | Relay
    | ShowEscalate
    | ShowCaseList
    | ShowQueue
    | ShowCaseDetail
    | MoveToDirect
    | Alert
    | SendFile
    | PostFiles
)
