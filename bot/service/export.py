"""Transcript export (R55): a case as a Markdown or HTML file for its owner, an org admin of
its org or an agent, in the chat where they asked or on the command line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.actions import SendFile
from bot.core.cases import CaseAction
from bot.core.errors import IntakeError, PermissionDenied
from bot.core.model import AuditEntry, Case, Role, Side, parse_case_ref
from bot.core.ports import Clock, Repository, UnitOfWork
from bot.core.text import Msg, msg
from bot.core.timefmt import local_time
from bot.core.transcript import Entry, Format, Transcript, render
from bot.i18n import language, translate
from bot.service.caseargs import case_arg
from bot.service.incidents import linked_incidents
from bot.service.turn import Turn, direct_key

# Words after `export CS-n`, in the languages the bot speaks.
_FORMATS = {"md": Format.MARKDOWN, "markdown": Format.MARKDOWN, "html": Format.HTML}
_INTERNAL = frozenset({"internal", "intern", "notes", "notizen"})


async def transcript(
    uow: UnitOfWork, case: Case, *, locale: str, timezone: str, internal: bool
) -> Transcript:
    """The case as a document in the reader's language and zone; notes only if `internal`."""

    def t(text: Msg) -> str:
        return translate(locale, text)

    def at(instant: datetime) -> str:
        return t(msg("plain", text=local_time(instant, timezone)))

    org = await uow.org(case.org_id)
    facts = [
        (t(msg("export.status")), t(msg(f"status.{case.status.value}"))),
        (t(msg("export.severity")), case.severity),
        (t(msg("export.org")), org.name if org else case.org_id),
        (t(msg("export.opened")), at(case.opened_at)),
    ]
    if case.closed_at is not None:
        facts.append((t(msg("export.closed")), at(case.closed_at)))
    incidents = await linked_incidents(uow, case, timezone)
    if incidents is not None:  # R56: the case history shows its incidents
        facts.append((t(msg("export.incidents")), t(msg("plain", text=incidents))))
    shown = [m for m in await uow.messages(case.number) if internal or not m.internal]
    bot = t(msg("export.bot"))
    name_of: dict[str, str] = {}
    for m in shown:
        if m.side is not Side.BOT and m.author_id not in name_of:
            person = await uow.person(m.author_id)
            name_of[m.author_id] = person.name if person else m.author_id
    entries = tuple(
        Entry(
            at=at(m.at),
            author=bot if m.side is Side.BOT else name_of[m.author_id],
            text=m.text,
            note=m.internal,
            files=tuple(a.name for a in m.attachments),
        )
        for m in shown
    )
    return Transcript(
        language=language(locale),
        title=f"{case.ref}: {case.subject}",
        facts=tuple(facts),
        messages_title=t(msg("export.messages")),
        note_label=t(msg("export.note")),
        entries=entries,
        files_title=t(msg("export.files")),
        files=tuple(
            f"{a.name} ({max(1, round(a.size / 1024))} KB)" for m in shown for a in m.attachments
        ),
        nothing=t(msg("export.nothing")),
    )


async def export(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """`export CS-12 [html] [internal]` (a user) or `!export` in a case thread (an agent): the
    transcript as a file where they asked; a shared help thread gets it in their DM."""
    case, words = await case_arg(turn, args, thread_case, CaseAction.EXPORT)
    fmt, internal = _options(words)
    if internal and not turn.person.has(Role.AGENT):
        raise PermissionDenied("deny.export_internal", case=case.ref)
    doc = await transcript(
        turn.uow,
        case,
        locale=turn.person.locale,
        timezone=turn.person.timezone,
        internal=internal,
    )
    await turn.audit("case.exported", case.ref, after=_described(fmt, internal))
    to = turn.key if turn.key.user or thread_case else direct_key(turn.identity)
    text = msg("export.sent", case=case.ref, format=msg(f"export.format_{fmt.value}"))
    content = render(doc, fmt).encode()
    turn.actions.append(
        SendFile(to, turn.person.locale, text, f"{case.ref}.{fmt.value}", content, fmt.media_type)
    )
    if to != turn.key:
        turn.say(msg("private.sent_dm"))


async def export_case(
    repository: Repository,
    clock: Clock,
    operator: str,
    ref: str,
    *,
    fmt: Format,
    internal: bool,
    locale: str,
    timezone: str,
) -> str:
    """`supportbot export CS-n`: the transcript for the operator, audited under their name;
    an unknown case is a ValueError naming it."""
    number = parse_case_ref(ref)
    async with repository.transaction() as uow:
        case = await uow.case(number) if number is not None else None
        if case is None:
            raise ValueError(f"no case {ref}: case ids look like CS-12 (see `tickets` in chat)")
        doc = await transcript(uow, case, locale=locale, timezone=timezone, internal=internal)
        described = _described(fmt, internal)
        await uow.add_audit(
            AuditEntry(operator, "case.exported", case.ref, clock.now(), "", described)
        )
    return render(doc, fmt)


def _options(words: Sequence[str]) -> tuple[Format, bool]:
    fmt, internal = Format.MARKDOWN, False
    for word in (w.lower() for w in words):
        if word in _FORMATS:
            fmt = _FORMATS[word]
        elif word in _INTERNAL:
            internal = True
        else:
            raise IntakeError("usage.export", value=word)
    return fmt, internal


def _described(fmt: Format, internal: bool) -> str:
    """What was exported, for the audit trail."""
    return f"{fmt.value}+internal" if internal else fmt.value
