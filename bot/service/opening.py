"""Opening a case (R5, R10, R11, R14) and laying its SLA timer rows (R20, R21)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.actions import Alert
from bot.core.cases import breach_pending
from bot.core.decision import OpenCase
from bot.core.model import (
    Calendar,
    Case,
    Catalogue,
    ChannelType,
    ConversationKey,
    Delivery,
    Message,
    Person,
    Side,
    Timer,
    TimerKind,
    channel_key,
)
from bot.core.sla import first_response_due, reminder_times, reopens_at
from bot.core.text import Msg, msg
from bot.core.timefmt import local_time
from bot.service.accounts import participant_ids
from bot.service.turn import Turn, calendar_of, scheme_of
from bot.service.views import case_header

_SLA_KINDS = (TimerKind.REMINDER, TimerKind.BREACH, TimerKind.ESCALATE_AVAILABLE)


def due_for(catalogue: Catalogue, plan_id: str, case: Case, opened: datetime) -> datetime:
    """First response due for the case's severity, plan calendar and category (R7, R20)."""
    calendar = calendar_of(catalogue, plan_id)
    level = scheme_of(catalogue, plan_id).level(case.severity)
    if level is None:
        raise LookupError(f"severity {case.severity} is not in plan {plan_id}")
    category = catalogue.category(case.topic, case.category)
    break_fix = category.break_fix if category else True
    return first_response_due(opened, level.response, calendar, break_fix=break_fix)


async def lay_timers(turn: Turn, case: Case, plan_id: str) -> None:
    """Replace the case's unfired SLA timers with ones for its current due time."""
    await turn.uow.cancel_timers(case_number=case.number, kinds=_SLA_KINDS)
    catalogue = turn.catalogue
    calendar = calendar_of(catalogue, plan_id)
    if case.first_response_at is None:
        for fraction, at in reminder_times(
            case.opened_at, case.first_response_due, catalogue.reminder_fractions, calendar
        ):
            if at > turn.now:
                await turn.uow.add_timer(Timer(case.number, TimerKind.REMINDER, at, fraction))
    if breach_pending(case, turn.now):
        await turn.uow.add_timer(Timer(case.number, TimerKind.BREACH, case.first_response_due))
    if not case.escalation_shown:
        await turn.uow.add_timer(
            Timer(case.number, TimerKind.ESCALATE_AVAILABLE, case.first_response_due)
        )


def _created(case: Case, calendar: Calendar, zone: str) -> Msg:
    """The confirmation; opened while the plan's hours are closed, it also says when the
    team is back, which is what the due time counts from (R54)."""
    due = local_time(case.first_response_due, zone)
    back = reopens_at(case.opened_at, calendar)
    if back is None:
        return msg("case.created", case=case.ref, due=due)
    return msg("case.created_closed", case=case.ref, due=due, back=local_time(back, zone))


async def open_case(
    turn: Turn,
    effect: OpenCase,
    *,
    owner: Person | None = None,
    user_key: ConversationKey | None = None,
    channel_type: ChannelType | None = None,
) -> Case:
    """Create the case, its transcript, timers and audit row; tell user, queue, participants.

    owner/user_key/channel_type are given when an agent logs a phone, e-mail or conference
    case for someone (R14); otherwise the case is the acting person's, from this chat.
    """
    owner = owner or turn.person
    platform = turn.key.platform
    kind = channel_type or (
        ChannelType(platform) if platform in {c.value for c in ChannelType} else ChannelType.CONSOLE
    )
    catalogue = turn.catalogue
    category = catalogue.category(effect.topic, effect.category)
    if category is None:
        raise LookupError(f"category {effect.category} left the catalogue")
    org = await turn.org_of(effect.org_id)
    number = await turn.uow.next_case_number()
    draft = effect.draft
    partner = turn.person if effect.filed_by_id else None
    case = Case(
        number=number,
        subject=draft.subject,
        description=draft.description,
        topic=effect.topic,
        category=effect.category,
        queue=category.queue,
        severity=draft.severity,
        scheme=scheme_of(catalogue, org.plan).id,
        owner_id=owner.id,
        org_id=org.id,
        channel_type=kind,
        user_key=user_key or turn.key,
        opened_at=turn.now,
        first_response_due=turn.now,
        last_activity_at=turn.now,
        private=category.private,
        # Designated contacts go straight to tier 2 (SPEC role table).
        tier=2 if owner.designated_contact else 1,
        login_access=draft.login_access,
        links=draft.links,
        participants=await participant_ids(turn, draft.participants),
        filed_by_id=effect.filed_by_id,
        partner_contact=f"{partner.name} <{partner.email}>" if partner else "",
        referenced_case=effect.referenced_case,
        # The console's thread is the case itself; chat adapters bind theirs (ThreadBound).
        queue_thread=f"CS-{number}" if platform == ChannelType.CONSOLE.value else None,
    )
    case = replace(case, first_response_due=due_for(catalogue, org.plan, case, turn.now))
    await turn.uow.add_case(case)
    await turn.uow.add_message(
        Message(
            number,
            Side.USER,
            owner.id,
            draft.description,
            turn.now,
            delivery=Delivery.NOT_RELAYED,
        )
    )
    await lay_timers(turn, case, org.plan)
    await turn.audit("case.opened", case.ref, after=f"severity={case.severity} queue={case.queue}")
    turn.say(_created(case, calendar_of(catalogue, org.plan), turn.person.timezone))
    if case.tier == 2 and owner is turn.person:
        turn.say(msg("case.tier2"))
    if category.break_fix is False:
        turn.say(msg("case.not_break_fix"))
    turn.actions.append(await case_header(turn, case, new=True))
    await turn.notify_participants(
        case,
        msg("case.participant_added", case=case.ref, owner=owner.name, subject=case.subject),
    )
    if catalogue.severity1_policy == "page":
        level = scheme_of(catalogue, org.plan).level(case.severity)
        if level is not None and level.critical:
            turn.actions.append(
                Alert(
                    channel_key(turn.key, catalogue.oncall_channel),
                    turn.config.agent_locale,
                    msg("sev1.page", case=case.ref, subject=case.subject),
                )
            )
    return case
