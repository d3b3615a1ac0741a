"""Commands on cases: listing, closing, rating, escalating (users) and thread work (agents)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import date, datetime

from bot.core.actions import AskChoice, AskText, Choice
from bot.core.cases import (
    CaseAction,
    advance_escalation,
    authorise,
    check_escalation_allowed,
    check_rating,
    confirm_fix,
    move_status,
    with_due,
)
from bot.core.decision import OpenCase
from bot.core.errors import IntakeError, InvalidTransition, PermissionDenied
from bot.core.events import Actor, MessageReceived
from bot.core.form import CaseDraft
from bot.core.model import (
    CallOffer,
    CallStatus,
    Case,
    CaseStatus,
    ChannelType,
    Feedback,
    Identity,
    Role,
    parse_case_ref,
)
from bot.core.text import Msg, msg
from bot.core.timefmt import local_time
from bot.service import idle
from bot.service.caseargs import case_arg as _case_arg
from bot.service.closing import close_case, rated
from bot.service.controls import parse_status
from bot.service.escalation import (
    active_escalation,
    escalate_later,
    escalation_moved,
    open_escalation,
)
from bot.service.learning import check_solution, record_solution
from bot.service.opening import due_for, lay_timers, open_case
from bot.service.relay import add_note, from_user
from bot.service.snippets import snippet
from bot.service.tags import tag, untag
from bot.service.turn import Turn, scheme_of
from bot.service.views import case_detail, case_header, case_list, plan_lines

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
Handler = Callable[[Turn, Sequence[str], Case | None], Awaitable[None]]


def _ask_text(turn: Turn, text: Msg, command: str, case: Case) -> None:
    """The command needs words the person has not given yet; platforms show a text input."""
    turn.actions.append(AskText(turn.key, turn.person.locale, text, command, case.number))


async def _refresh(turn: Turn, case: Case) -> None:
    await turn.uow.update_case(case)
    turn.actions.append(await case_header(turn, case, new=False))


async def tickets(turn: Turn, args: Sequence[str], _: Case | None) -> None:
    """R30/R32: my cases, or `tickets org` for org admins; agents hear of their queue view."""
    turn.actions.append(await case_list(turn, args))
    if turn.person.has(Role.AGENT):
        turn.say(msg("list.agent_hint"))


async def show_case(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R31: one case's details and transcript."""
    case, _ = await _case_arg(turn, args, thread_case, CaseAction.VIEW)
    turn.actions.append(await case_detail(turn, case))


async def show_plan(turn: Turn, _: Sequence[str], __: Case | None) -> None:
    """R7: the user's support plan."""
    org = await turn.org_of(turn.person.org_id)
    plan = turn.catalogue.plans.get(org.plan)
    if plan is None:
        raise IntakeError("plan.none")
    for line in plan_lines(turn.catalogue, plan):
        turn.say(line)


async def show_help(turn: Turn, _: Sequence[str], __: Case | None) -> None:
    """`/help`: what a person can type, with the command words of their language."""
    turn.say(msg("help.commands"))


async def close(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R16: owner, org admin or agent closes; no reopen; the owner is asked for a rating.
    An agent may say what solved it: `close CS-12 KB-1001` or `close CS-12 new` (issue 11)."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.CLOSE)
    if case.status is CaseStatus.CLOSED:
        raise InvalidTransition("case.already_closed", case=case.ref)
    # Checked before anything changes.
    solution = await check_solution(turn, case, rest[0]) if rest else None
    notice = msg("case.closed_notice", case=case.ref, by=turn.person.name)
    await close_case(turn, case, owner_notice=notice, thread_notice=notice)
    if solution is not None:
        await record_solution(turn, case, solution)


async def solved(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """Issue 11: an agent names the article that solved the case (`solved KB-1001`), or says
    that a new one is needed (`solved new`), at closing or after."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    if not rest:
        _ask_text(turn, msg("usage.solved"), "solved", case)
        return
    await record_solution(turn, case, await check_solution(turn, case, rest[0]))


async def rate(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R17: one rating 1-5 with an optional comment, after closing."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.RATE)
    if case.status is not CaseStatus.CLOSED:
        raise InvalidTransition("feedback.not_closed", case=case.ref)
    if not rest:
        raise IntakeError("usage.rate")
    rating = check_rating(rest[0])
    stored = await turn.uow.add_feedback(
        Feedback(case.number, turn.person.id, rating, " ".join(rest[1:]), turn.now)
    )
    if stored:
        await turn.audit("case.feedback", case.ref, after=str(rating))
        await rated(turn, case)
    turn.say(msg("feedback.thanks" if stored else "feedback.already", case=case.ref))


async def escalate(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R21/R22: a designated contact escalates after the first-response time."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.ESCALATE)
    check_escalation_allowed(case, turn.now, active=await active_escalation(turn, case))
    description = " ".join(rest).strip()
    if not description:
        _ask_text(turn, msg("usage.escalate", case=case.ref), "escalate", case)
        return
    escalation = await open_escalation(turn, case, description)
    turn.say(msg("escalation.created", escalation=escalation.ref, case=case.ref))
    turn.tell_thread(case, msg("escalation.thread", escalation=escalation.ref, text=description))


async def step(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R22: an agent moves the escalation on, optionally with an estimated date (YYYY-MM-DD)."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    escalation = await turn.uow.escalation_of(case.number)
    if escalation is None:
        raise InvalidTransition("escalation.none", case=case.ref)
    moved = advance_escalation(escalation, turn.now)
    if rest:
        moved = replace(moved, estimated_resolution=_date(rest[0]))
    await escalation_moved(turn, case, moved)


async def answer_fix(turn: Turn, case: Case, fixed: bool) -> None:
    """R22: the user confirms the fix (resolved) or not (back to engineering)."""
    authorise(turn.person, CaseAction.CONFIRM_FIX, case)
    escalation = await turn.uow.escalation_of(case.number)
    if escalation is None:
        raise InvalidTransition("escalation.none", case=case.ref)
    await escalation_moved(turn, case, confirm_fix(escalation, fixed=fixed, now=turn.now))


async def login_access(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R18: the owner grants or revokes login access per case; audited; agents see it."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.LOGIN_ACCESS)
    if not rest or rest[0].lower() not in ("on", "off", "yes", "no", "ja", "nein"):
        raise IntakeError("usage.access", case=case.ref)
    granted = rest[0].lower() in ("on", "yes", "ja")
    updated = replace(case, login_access=granted, last_activity_at=turn.now)
    await turn.audit("case.login_access", case.ref, str(case.login_access), str(granted))
    await _refresh(turn, updated)
    turn.say(
        msg("access.changed", case=case.ref, access=msg("access.on" if granted else "access.off"))
    )
    turn.tell_thread(
        case,
        msg(
            "access.changed_thread",
            case=case.ref,
            access=msg("access.on" if granted else "access.off"),
        ),
    )


async def reply(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """`reply CS-n text`: the owner or a participant comments on a case; files sent with it
    go along (org admins add attachments this way). from_user says who may send what."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.VIEW)
    actor = Actor(Identity(turn.key.platform, turn.key.workspace, turn.person.id), turn.person.name)
    sent = turn.message
    files, samples = (sent.attachments, sent.attachment_samples) if sent else ((), ())
    await from_user(turn, case, MessageReceived(turn.key, actor, " ".join(rest), files, samples))


async def claim(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R12: an agent claims the case, or assigns it to another agent by id."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    assignee = rest[0] if rest else turn.person.id
    target = await turn.uow.person(assignee)
    if target is None or not target.has(Role.AGENT):
        raise IntakeError("claim.not_agent", person=assignee)
    await turn.audit("case.assignee", case.ref, case.assignee_id or "", assignee)
    await _refresh(turn, replace(case, assignee_id=assignee, last_activity_at=turn.now))
    turn.tell_thread(case, msg("claim.done", case=case.ref, agent=target.name))


async def status(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R12/R13: agents and org admins set new, in progress or waiting on customer, named by
    words in any language the bot speaks."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.SET_STATUS)
    new = parse_status(rest)
    if new is None:
        raise IntakeError("usage.status")
    if new is CaseStatus.CLOSED:
        await close(turn, [case.ref], None)
        return
    moved = move_status(case, new, turn.now, active=await active_escalation(turn, case))
    await turn.audit("case.status", case.ref, case.status.value, moved.status.value)
    await _refresh(turn, moved)
    await idle.status_moved(turn, moved)
    turn.tell_thread(
        case, msg("status.changed", case=case.ref, status=msg(f"status.{moved.status.value}"))
    )


async def severity(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R12: severity change with a reason; the due time (from the opening, in the plan's
    hours), the Escalate button, the breach state and the timers follow the new level (R20,
    R21; the breach rule is `with_due`'s)."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    if case.status is CaseStatus.CLOSED:
        raise InvalidTransition("case.already_closed", case=case.ref)
    if len(rest) < 2:
        _ask_text(turn, msg("usage.severity"), "severity", case)
        return
    org = await turn.org_of(case.org_id)
    code = _severity_code(turn, org.plan, rest[0])
    reason = " ".join(rest[1:])
    changed = replace(case, severity=code, last_activity_at=turn.now)
    due = due_for(turn.catalogue, org.plan, changed, case.opened_at)
    changed = with_due(changed, due, turn.now)
    await turn.audit("case.severity", case.ref, case.severity, f"{code}: {reason}")
    await lay_timers(turn, changed, org.plan)
    await _refresh(turn, changed)
    turn.tell_thread(
        case, msg("severity.changed", case=case.ref, old=case.severity, new=code, reason=reason)
    )
    await turn.tell_owner(
        case, msg("severity.changed_user", case=case.ref, new=code, reason=reason)
    )
    if case.escalation_shown and not changed.escalation_shown and changed.status.is_open:
        await escalate_later(turn, changed)


async def share(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R12/R31: an agent shares a resource link; it is kept on the case and sent to the user."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    if not rest:
        _ask_text(turn, msg("usage.share"), "share", case)
        return
    if not _URL.match(rest[0]):
        raise IntakeError("usage.share")
    await _refresh(
        turn, replace(case, shared_links=(*case.shared_links, rest[0]), last_activity_at=turn.now)
    )
    await turn.tell_owner(case, msg("share.user", case=case.ref, link=rest[0]))
    turn.tell_thread(case, msg("share.done", case=case.ref, link=rest[0]))


async def note(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R11: an internal note by command."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.NOTE)
    if not rest:
        _ask_text(turn, msg("note.ask"), "note", case)
        return
    await add_note(turn, case, " ".join(rest))


async def offer_call(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """R19: an agent offers a call (time and meeting link); the user accepts or declines."""
    case, rest = await _case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    if not rest:
        _ask_text(turn, msg("call.ask"), "call", case)
        return
    if len(rest) < 2 or not _URL.match(rest[1]):
        raise IntakeError("usage.call")
    at = _instant(rest[0])
    call = CallOffer(at, rest[1])
    await turn.audit("case.call_offered", case.ref, after=at.isoformat())
    await _refresh(turn, replace(case, call=call, last_activity_at=turn.now))
    owner = await turn.uow.person(case.owner_id)
    locale = owner.locale if owner else "en"
    tz = owner.timezone if owner else "UTC"
    choices = (
        Choice(f"{case.number}:accept", msg("call.accept")),
        Choice(f"{case.number}:decline", msg("call.decline")),
    )
    text = msg("call.offer", case=case.ref, at=local_time(at, tz), link=rest[1])
    turn.actions.append(AskChoice(case.user_key, locale, text, "call", choices))
    turn.tell_thread(case, msg("call.offered", case=case.ref))


async def answer_call(turn: Turn, case: Case, accepted: bool) -> None:
    """R19: the user's answer to a call offer."""
    authorise(turn.person, CaseAction.ANSWER_CALL, case)
    if case.call is None:
        raise InvalidTransition("call.none", case=case.ref)
    new_status = CallStatus.ACCEPTED if accepted else CallStatus.DECLINED
    await turn.audit("case.call", case.ref, case.call.status.value, new_status.value)
    await _refresh(turn, replace(case, call=replace(case.call, status=new_status)))
    turn.say(msg(f"call.{new_status.value}_user", case=case.ref))
    turn.tell_thread(
        case, msg("call.answered", case=case.ref, status=msg(f"call.{new_status.value}"))
    )


async def log_case(turn: Turn, args: Sequence[str], _: Case | None) -> None:
    """R14: an agent logs a phone, e-mail or conference case for someone."""
    if not turn.person.has(Role.AGENT):
        raise PermissionDenied("deny.log_case")
    kinds = (ChannelType.PHONE, ChannelType.EMAIL, ChannelType.CONFERENCE)
    if len(args) < 4 or args[0] not in {k.value for k in kinds} or "/" not in args[2]:
        raise IntakeError("usage.log")
    owner = await turn.uow.person(args[1])
    if owner is None:
        raise IntakeError("log.unknown_person", person=args[1])
    topic, category = args[2].split("/", 1)
    if turn.catalogue.category(topic, category) is None:
        raise IntakeError("log.unknown_category", category=args[2])
    kind = ChannelType(args[0])
    # Without a subject the case is named like the seeds' "Telefonat - Benutzername".
    subject = " ".join(args[4:]) or f"{kind.value} - {owner.name}"
    org = await turn.org_of(owner.org_id)
    severity = _severity_code(turn, org.plan, args[3])
    draft = CaseDraft(subject, subject, (), owner.login_access_default, severity, ())
    effect = OpenCase(draft, topic, category, org.id, None, None)
    reach = await turn.person_key(owner.id, turn.key)
    await open_case(turn, effect, owner=owner, user_key=reach, channel_type=kind)


def _severity_code(turn: Turn, plan_id: str, text: str) -> str:
    """A severity of the plan's scheme, or an error listing the valid ones."""
    scheme = scheme_of(turn.catalogue, plan_id)
    if scheme.level(text.upper()) is None:
        codes = ", ".join(level.code for level in scheme.levels)
        raise IntakeError("form.error.severity", value=text, codes=codes)
    return text.upper()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise IntakeError("usage.date", value=text) from error


def _instant(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise IntakeError("usage.call") from error
    if at.tzinfo is None:
        raise IntakeError("usage.call_timezone", value=text)
    return at


CASE_COMMANDS: dict[str, Handler] = {
    "tickets": tickets,
    "case": show_case,
    "plan": show_plan,
    "help": show_help,
    "close": close,
    "solved": solved,
    "rate": rate,
    "escalate": escalate,
    "access": login_access,
    "reply": reply,
    "claim": claim,
    "assign": claim,
    "status": status,
    "severity": severity,
    "share": share,
    "step": step,
    "note": note,
    "call": offer_call,
    "log": log_case,
    "snippet": snippet,
    "textbaustein": snippet,
    "tag": tag,
    "markieren": tag,
    "untag": untag,
    "entmarkieren": untag,
}


def case_number_of(value: str) -> int | None:
    """The case number at the front of a choice value such as '12:accept'."""
    return parse_case_ref(value.split(":", 1)[0])
