"""What cases look like to people: queue header, lists, details, the support plan."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.actions import (
    CaseHeader,
    CaseRow,
    Choice,
    QueueRow,
    ShowCaseDetail,
    ShowCaseList,
    ShowQueue,
)
from bot.core.cases import CaseAction, may, next_statuses
from bot.core.model import Case, CaseStatus, Catalogue, Message, Plan, Role, Side
from bot.core.queue import QueueFilter, breached, queue_names
from bot.core.text import Day, Language, Listing, Msg, WeeklyHours, msg
from bot.core.timefmt import duration_text, local_time
from bot.i18n import BOT_LANGUAGES
from bot.service.incidents import active_incidents, linked_incidents
from bot.service.turn import Turn, scheme_of, thread_key

QUEUE_ROWS = 40  # a screenful; filters narrow the rest (Slack allows 50 blocks a message)
INCIDENTS_NAMED = 3  # active incidents named in the queue view's title; more are counted


def control(command: str, case: Case, arg: str = "") -> str:
    """A control's value: command and case id only, never state (ARCHITECTURE rule 3)."""
    return f"{command}:{case.number}:{arg}" if arg else f"{command}:{case.number}"


def status_msg(status: CaseStatus) -> Msg:
    """The localised name of a status."""
    return msg(f"status.{status.value}")


def header_controls(case: Case) -> tuple[Choice, ...]:
    """The buttons of the case header: only the status moves the case can make from where it
    stands, the escalation's step only while it is escalated; none once closed (R12, R13,
    R19, R22)."""
    if case.status is CaseStatus.CLOSED:
        return ()
    step = (Choice(control("step", case), msg("control.step")),)
    return (
        Choice(control("claim", case), msg("control.claim")),
        *status_controls(case),
        Choice(control("close", case), msg("control.close")),
        Choice(control("severity", case), msg("control.severity")),
        Choice(control("share", case), msg("control.share")),
        Choice(control("call", case), msg("control.call")),
        *(step if case.status is CaseStatus.ESCALATED else ()),
    )


def status_controls(case: Case) -> tuple[Choice, ...]:
    """A button for each status the case can be moved to by hand; closing has its own."""
    return tuple(
        Choice(control("status", case, status.value), status_msg(status))
        for status in next_statuses(case)
        if status is not CaseStatus.CLOSED
    )


def first_response(case: Case, timezone: str) -> Msg:
    """When the first response is due, or once given, when it came and whether it was in
    time (R20)."""
    if case.first_response_at is None:
        return msg("response.due", due=local_time(case.first_response_due, timezone))
    outcome = "response.late" if breached(case, case.first_response_at) else "response.met"
    return msg(
        "response.given", at=local_time(case.first_response_at, timezone), outcome=msg(outcome)
    )


async def case_header(turn: Turn, case: Case, *, new: bool) -> CaseHeader:
    """The queue thread's parent message: id, severity, status, first response, assignee,
    login access."""
    scheme = scheme_of(turn.catalogue, (await turn.org_of(case.org_id)).plan)
    level = scheme.level(case.severity)
    assignee = await turn.person_named(case.assignee_id) if case.assignee_id else "-"
    owner = await turn.person_named(case.owner_id)
    lines = [
        msg("header.title", case=case.ref, subject=case.subject),
        msg(
            "header.meta",
            severity=msg("severity.label", code=case.severity, name=level.names if level else ""),
            status=status_msg(case.status),
            response=first_response(case, turn.config.agent_timezone),
            assignee=assignee,
            access=msg("access.on" if case.login_access else "access.off"),
        ),
        msg(
            "header.who",
            owner=owner,
            org=case.org_id,
            tier=case.tier,
            channel=msg(f"channel.{case.channel_type.value}"),
            topic=case.topic,
            category=case.category,
        ),
    ]
    if case.private:
        lines.append(msg("header.private"))
    if case.referenced_case:
        lines.append(msg("header.references", case=f"CS-{case.referenced_case}"))
    if case.first_response_at is None and case.status.is_open:
        lines.append(msg("header.awaiting_first_response"))
    # A case just opened has no tags yet: its header costs no statement for them.
    tags = None if new else (await turn.uow.case_tags([case.number])).get(case.number)
    if tags:
        lines.append(msg("header.tags", tags=", ".join(tags)))
    return CaseHeader(
        thread_key(case),
        turn.config.agent_locale,
        case.number,
        tuple(lines),
        header_controls(case),
        new,
    )


def case_rows(
    turn: Turn, cases: Sequence[Case], names: dict[str, str] | None
) -> tuple[CaseRow, ...]:
    """List rows in the viewer's time zone; `names` adds the user column (R32)."""
    tz = turn.person.timezone
    return tuple(
        CaseRow(
            case.number,
            case.subject,
            msg("plain", text=local_time(case.opened_at, tz)),
            msg("plain", text=local_time(case.last_activity_at, tz)),
            msg(f"channel.{case.channel_type.value}"),
            status_msg(case.status),
            names.get(case.owner_id, case.owner_id) if names is not None else None,
        )
        for case in cases
    )


def filter_cases(cases: Sequence[Case], args: Sequence[str]) -> list[Case]:
    """R30: newest first; `status:X` filters, `sort:status` sorts, other words search id/subject."""
    status = next((a.split(":", 1)[1] for a in args if a.startswith("status:")), None)
    by_status = "sort:status" in args
    words = [a.lower() for a in args if ":" not in a and a.lower() != "org"]
    chosen = [c for c in cases if status is None or c.status.value == status]
    if words:
        needle = " ".join(words)
        chosen = [c for c in chosen if needle in c.ref.lower() or needle in c.subject.lower()]
    chosen.sort(key=lambda c: c.opened_at, reverse=True)
    if by_status:
        order = list(CaseStatus)
        chosen.sort(key=lambda c: order.index(c.status))
    return chosen


async def case_list(turn: Turn, args: Sequence[str]) -> ShowCaseList:
    """My cases, or the org's cases for an org admin asking `tickets org` (R30, R32)."""
    org_view = "org" in (a.lower() for a in args) and turn.person.has(Role.ORG_ADMIN)
    if org_view:
        every = await turn.uow.cases(org_id=turn.person.org_id)
        visible = [c for c in every if may(turn.person, CaseAction.VIEW, c)]
        names = {c.owner_id: await turn.person_named(c.owner_id) for c in visible}
        rows = case_rows(turn, filter_cases(visible, args), names)
        title = msg("list.org_title", count=len(rows))
    else:
        mine = await turn.uow.cases(owner_id=turn.person.id)
        rows = case_rows(turn, filter_cases(mine, args), None)
        title = msg("list.title", count=len(rows))
    return ShowCaseList(turn.key, turn.person.locale, title, rows, org_view)


async def queue_view(turn: Turn, chosen: QueueFilter) -> ShowQueue:
    """R50: open cases of the agents' queues, unassigned first, then by first-response due,
    breached ones marked; times in the viewer's zone."""
    queues = (chosen.queue,) if chosen.queue else queue_names(turn.catalogue)
    found = await turn.uow.queue_cases(
        queues=queues,
        assignee_id=turn.person.id if chosen.mine else None,
        unassigned=chosen.unassigned,
        breached_at=turn.now if chosen.breached else None,
        tag=chosen.tag,
        limit=QUEUE_ROWS + 1,  # one more tells that there is more
    )
    tz = turn.person.timezone
    rows = tuple(
        [
            QueueRow(
                case.number,
                case.subject,
                case.queue,
                case.severity,
                status_msg(case.status),
                await turn.person_named(case.assignee_id) if case.assignee_id else None,
                first_response(case, tz),
                breached(case, turn.now),
                thread_key(case) if case.queue_thread else None,
            )
            for case in found[:QUEUE_ROWS]
        ]
    )
    title = msg(
        "queue.title",
        scope=msg("queue.scope_one", queue=chosen.queue)
        if chosen.queue
        else msg("queue.scope_all"),
        mine=msg("queue.only_mine") if chosen.mine else "",
        unassigned=msg("queue.only_unassigned") if chosen.unassigned else "",
        breached=msg("queue.only_breached") if chosen.breached else "",
        tagged=msg("queue.only_tagged", tag=chosen.tag) if chosen.tag else "",
        count=f"{len(rows)}+" if len(found) > QUEUE_ROWS else len(rows),
        incidents=await _incidents(turn),
    )
    return ShowQueue(turn.key, turn.person.locale, title, rows, len(found) > QUEUE_ROWS)


async def _incidents(turn: Turn) -> Msg | str:
    """R56 beside R50: how many incidents are active, and which (the first few), for agents
    to link cases to; nothing when there are none."""
    active = await active_incidents(turn)
    if not active:
        return ""
    named = ", ".join(active[:INCIDENTS_NAMED]) + (", …" if len(active) > INCIDENTS_NAMED else "")
    return msg("queue.incidents", count=len(active), incidents=named)


async def case_detail(turn: Turn, case: Case) -> ShowCaseDetail:
    """R31: status, dates, assignee, submitter, participants, escalation, links, transcript."""
    tz = turn.person.timezone
    lines = [
        msg("header.title", case=case.ref, subject=case.subject),
        msg("detail.status", status=status_msg(case.status), severity=case.severity),
        msg(
            "detail.dates",
            created=local_time(case.opened_at, tz),
            updated=local_time(case.last_activity_at, tz),
            due=local_time(case.first_response_due, tz),
        ),
        msg(
            "detail.people",
            assignee=await turn.person_named(case.assignee_id) if case.assignee_id else "-",
            submitter=await turn.person_named(case.owner_id),
            participants=", ".join(case.participants) or "-",
        ),
        msg("detail.access", access=msg("access.on" if case.login_access else "access.off")),
    ]
    if case.links:
        lines.append(msg("detail.links", links=", ".join(case.links)))
    if case.shared_links:
        lines.append(msg("detail.shared", links=", ".join(case.shared_links)))
    if case.call is not None:
        lines.append(
            msg(
                "detail.call",
                at=local_time(case.call.at, tz),
                link=case.call.link,
                status=msg(f"call.{case.call.status.value}"),
            )
        )
    incidents = await linked_incidents(turn.uow, case, tz)
    if incidents is not None:
        lines.append(msg("detail.incidents", incidents=incidents))
    escalation = await turn.uow.escalation_of(case.number)
    if escalation is not None:
        lines.append(
            msg(
                "detail.escalation",
                escalation=escalation.ref,
                step=msg(f"step.{escalation.step.value}"),
            )
        )
        lines.extend(
            msg("detail.escalation_step", step=msg(f"step.{step.value}"), at=local_time(at, tz))
            for step, at in escalation.timeline
        )
        if escalation.estimated_resolution:
            lines.append(msg("detail.eta", date=Day(escalation.estimated_resolution)))
    agent = turn.person.has(Role.AGENT)
    tags = (await turn.uow.case_tags([case.number])).get(case.number) if agent else None
    if tags:  # agents' words for the case (R52), not shown to its requester
        lines.append(msg("header.tags", tags=", ".join(tags)))
    messages = [m for m in await turn.uow.messages(case.number) if agent or not m.internal]
    transcript = tuple([await _transcript_line(turn, m) for m in messages])
    controls: list[Choice] = []
    if case.status is not CaseStatus.CLOSED and may(turn.person, CaseAction.LOGIN_ACCESS, case):
        # R18: the owner toggles login access where the case is shown.
        toggle = (
            ("off", "control.access_revoke")
            if case.login_access
            else ("on", "control.access_grant")
        )
        controls.append(Choice(control("access", case, toggle[0]), msg(toggle[1])))
    if may(turn.person, CaseAction.SET_STATUS, case):
        # R13 for org admins (and agents) where they read the case.
        controls.extend(status_controls(case))
    if case.status is not CaseStatus.CLOSED and may(turn.person, CaseAction.CLOSE, case):
        controls.append(Choice(control("close", case), msg("control.close")))
    return ShowCaseDetail(
        turn.key, turn.person.locale, case.number, tuple(lines), transcript, tuple(controls)
    )


async def _transcript_line(turn: Turn, message: Message) -> Msg:
    author = await turn.person_named(message.author_id) if message.side is not Side.BOT else "bot"
    key = "transcript.note" if message.internal else "transcript.line"
    files = ", ".join(a.name for a in message.attachments)
    text = f"{message.text} [{files}]" if files else message.text
    return msg(key, at=local_time(message.at, turn.person.timezone), author=author, text=text)


def plan_lines(catalogue: Catalogue, plan: Plan) -> tuple[Msg, ...]:
    """R7: channels, hours, languages and response time per severity of a plan. The plan's
    languages are the agents'; the bot writes only those it has a catalogue for."""
    scheme = scheme_of(catalogue, plan.id)
    calendar = catalogue.calendars[plan.calendar]
    if calendar.always_open:
        hours: Msg = msg("plan.hours_always")
    else:
        hours = msg("plan.hours_business", hours=WeeklyHours(calendar.hours, calendar.timezone))
    channels = Listing(tuple(msg(f"channel.{channel}") for channel in plan.channels))
    lines = [
        msg("plan.title", plan=plan.names),
        msg("plan.channels", channels=channels),
        hours,
        msg("plan.agent_languages", languages=Listing(tuple(map(Language, plan.languages)))),
        msg("plan.bot_languages", languages=Listing(tuple(map(Language, BOT_LANGUAGES)))),
    ]
    lines.extend(
        msg(
            "plan.severity",
            code=level.code,
            name=level.names,
            response=duration_text(level.response.total_seconds()),
        )
        for level in scheme.levels
    )
    return tuple(lines)


def response_texts(catalogue: Catalogue, plan_id: str) -> dict[str, Msg]:
    """Each severity's first-response time as shown beside the choice (R5)."""
    plan = catalogue.plans.get(plan_id)
    calendar = catalogue.calendars.get(plan.calendar) if plan else None
    business = calendar is not None and not calendar.always_open
    return {
        level.code: msg(
            "severity.response_business" if business else "severity.response",
            time=duration_text(level.response.total_seconds()),
        )
        for level in scheme_of(catalogue, plan_id).levels
    }
