"""One intake step in the service (R1-R9): load what decide() may know, search the articles
the step shows, decide in the pure core, and carry out the effects."""

from __future__ import annotations

from dataclasses import replace

from bot.core.answers import typed_choice
from bot.core.decision import (
    ContinuePrivately,
    Decision,
    FollowIncident,
    IntakeContext,
    OpenCase,
    RecordDeflection,
    RecordGap,
)
from bot.core.events import Event, FormSubmitted
from bot.core.form import split_list
from bot.core.intake import article_query, decide
from bot.core.model import Conversation, Role
from bot.core.ports import UnitOfWork
from bot.service.direct import park
from bot.service.incidents import active_by_topic
from bot.service.opening import open_case
from bot.service.turn import Turn, scheme_of
from bot.service.views import response_texts


async def intake(turn: Turn, conversation: Conversation, event: Event) -> None:
    """One intake step: what decide() needs, the articles the step shows, the decision and
    its effects (R1-R9)."""
    ctx = await _context(turn, conversation, event)
    query = article_query(conversation, typed_choice(conversation, event, ctx))
    if query is not None:
        found = turn.articles_indexed().suggest(
            query.text,
            topic=query.topic,
            category=query.category,
            language=turn.person.locale,
        )
        ctx = replace(ctx, suggestions=tuple(found))
    decision = decide(conversation, event, ctx)
    turn.actions.extend(decision.actions)
    await _apply(turn, decision)


async def _apply(turn: Turn, decision: Decision) -> None:
    conversation = decision.conversation
    for effect in decision.effects:
        match effect:
            case OpenCase():
                case = await open_case(turn, effect)
                conversation = replace(conversation, data={"case": case.ref})
            case RecordDeflection(query=query, article_id=article_id, solved=solved):
                turn.happenings.append("deflection.solved" if solved else "deflection.unsolved")
                turn.answers.append((article_id, solved))
                await turn.uow.record_deflection(
                    person_id=turn.person.id,
                    query=query,
                    article_id=article_id,
                    solved=solved,
                    at=turn.now,
                )
            case RecordGap(query=query, topic=topic, category=category):
                turn.happenings.append("knowledge.gap")
                await turn.uow.record_knowledge_gap(
                    person_id=turn.person.id,
                    query=query,
                    topic=topic,
                    category=category,
                    at=turn.now,
                )
            case FollowIncident(incident_id=incident_id):
                await turn.audit("incident.follow", incident_id)
            case ContinuePrivately():
                conversation = await park(turn, conversation)
    await turn.uow.save_conversation(conversation)


async def _context(turn: Turn, conversation: Conversation, event: Event) -> IntakeContext:
    uow = turn.uow
    own_org = await turn.org_of(turn.person.org_id)
    chosen = conversation.data.get("org", own_org.id)
    org = await turn.org_of(chosen)
    partner = await uow.org(own_org.managed_by) if own_org.managed_by else None
    catalogue = turn.catalogue
    managed = tuple(await uow.orgs_managed_by(own_org.id)) if turn.person.has(Role.PARTNER) else ()
    return IntakeContext(
        person=turn.person,
        org=org,
        partner_org=None if turn.person.has(Role.PARTNER) else partner,
        managed_orgs=managed,
        catalogue=catalogue,
        scheme=scheme_of(catalogue, org.plan),
        severity_response=response_texts(catalogue, org.plan),
        incidents=await active_by_topic(turn),
        suggestions=(),  # searched by intake() once the step is known
        known_people=await _known_people(uow, event),
    )


async def _known_people(uow: UnitOfWork, event: Event) -> frozenset[str]:
    """Participants named by person id in a submitted form who really exist (R5)."""
    if not isinstance(event, FormSubmitted):
        return frozenset()
    named = split_list(event.values.get("participants", ""))
    platform_refs = [n for n in named if n.startswith(f"{event.key.platform}:")]
    people = [n for n in named if await uow.person(n) is not None]
    return frozenset(n.lower() for n in (*people, *platform_refs))
