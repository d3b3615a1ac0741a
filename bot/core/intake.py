"""The intake conversation (R1-R9): every transition in one `match`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.core.actions import Action, Alert, AskChoice, Choice, OfferArticles, OpenCaseForm, Reply
from bot.core.answers import typed_choice
from bot.core.choices import Ambiguous, normalise
from bot.core.decision import (
    ContinuePrivately,
    Decision,
    Effect,
    FollowIncident,
    IntakeContext,
    OpenCase,
    RecordDeflection,
    RecordGap,
)
from bot.core.events import ChoiceMade, Event, FormSubmitted, MessageReceived
from bot.core.form import CaseDraft, form_fields, guess_subject, severity_choices, validate
from bot.core.model import (
    Category,
    Conversation,
    IntakeState,
    Role,
    Topic,
    channel_key,
)
from bot.core.plainwords import describes_problem, is_small_talk
from bot.core.text import Msg, msg

# R1: any of these starts an intake, in whatever language the user asks.
TRIGGERS = frozenset({"help", "hilfe", "ayuda", "助けて", "support", "ayúdame", "aiuto"})
FORM_KEY = "form:"  # conversation data keys holding a rejected form's values
CANCEL_WORDS = frozenset({"cancel", "abbrechen", "stop", "cancelar"})


def is_trigger(text: str) -> bool:
    """True when the text asks for help (R1)."""
    return text.strip().strip("!?.¡¿").lower() in TRIGGERS


def is_intake_event(conversation: Conversation, event: Event) -> bool:
    """True when decide() should handle this event rather than the case logic."""
    if isinstance(event, MessageReceived) and is_trigger(event.text):
        return True
    if conversation.state is IntakeState.IDLE and isinstance(event, MessageReceived):
        return is_small_talk(event.text) or describes_problem(event.text)
    return conversation.state not in (IntakeState.IDLE, IntakeState.IN_CASE)


@dataclass(frozen=True)
class ArticleQuery:
    """What to search the knowledge base for before deciding (R4)."""

    text: str
    topic: str | None
    category: str | None


def article_query(conv: Conversation, event: Event | Ambiguous) -> ArticleQuery | None:
    """The search decide() needs for this step: articles for a description, or (no topic yet)
    where a problem typed in plain words belongs; None when the step shows no articles."""
    topic, category = conv.data.get("topic"), conv.data.get("category")
    match conv.state, event:
        case IntakeState.IDLE, MessageReceived(text=text) if describes_problem(text):
            return ArticleQuery(text, None, None)
        case IntakeState.DESCRIBING, MessageReceived(text=text):
            return ArticleQuery(text, topic, category)
        case IntakeState.CHOOSING_CATEGORY, ChoiceMade(field="category", value=chosen):
            category = chosen
        case IntakeState.IDLE | IntakeState.FILLING_FORM | IntakeState.IN_CASE, _:
            return None
    description = conv.data.get("description")
    return ArticleQuery(description, topic, category) if description and category else None


def decide(conv: Conversation, event: Event, ctx: IntakeContext) -> Decision:
    """The next step of the intake for one event."""
    typed = typed_choice(conv, event, ctx)
    if isinstance(typed, Ambiguous):
        text = event.text if isinstance(event, MessageReceived) else ""
        return Decision(conv, _reask(conv, ctx, msg("intake.ambiguous", typed=text.strip())))
    event = typed
    state = conv.state
    match state, event:
        case _, MessageReceived(text=text) if is_trigger(text):
            return _start(replace(conv, data=_without(conv.data, "description")), ctx)
        case _, MessageReceived(text=text) if normalise(text) in CANCEL_WORDS:
            return _to(conv, IntakeState.IDLE, {}, _reply(conv, ctx, msg("intake.cancelled")))
        case IntakeState.IDLE, MessageReceived(text=text) if is_small_talk(text):
            return Decision(conv, (_reply(conv, ctx, msg("intake.hello")),))
        case IntakeState.IDLE, MessageReceived(text=text) if describes_problem(text):
            return _problem_typed(conv, ctx, text.strip())
        case IntakeState.PLACE_PROPOSED, ChoiceMade(field="place", value="accept"):
            return _topic_chosen(conv, ctx, conv.data["topic"])
        case IntakeState.PLACE_PROPOSED, ChoiceMade(field="place", value="change"):
            return _ask_topic(conv, ctx, _without(conv.data, "topic", "category"))
        case IntakeState.CHOOSING_ORG, ChoiceMade(field="org", value=org_id):
            return _org_chosen(conv, ctx, org_id)
        case IntakeState.CHOOSING_TOPIC, ChoiceMade(field="topic", value=topic):
            return _topic_chosen(conv, ctx, topic)
        case IntakeState.INCIDENTS_SHOWN, ChoiceMade(field="incident", value="continue"):
            return _ask_category(conv, ctx, conv.data["topic"])
        case IntakeState.INCIDENTS_SHOWN, ChoiceMade(field="incident", value=incident_id):
            reply = _reply(conv, ctx, msg("intake.following", incident=incident_id))
            return _with(_to(conv, IntakeState.IDLE, {}, reply), FollowIncident(incident_id))
        case IntakeState.CHOOSING_CATEGORY, ChoiceMade(field="category", value=category):
            return _category_chosen(conv, ctx, category)
        case IntakeState.DESCRIBING, MessageReceived(text=text) if text.strip():
            return _described(conv, ctx, text.strip())
        case IntakeState.REVIEWING_ARTICLES, ChoiceMade(field="article", value="more"):
            offered = conv.data.get("offered", "").split()
            query = conv.data["description"]
            effects = tuple(RecordDeflection(query, a, solved=False) for a in offered)
            return _ask_form(conv, ctx, {}, effects=effects)
        case IntakeState.REVIEWING_ARTICLES, ChoiceMade(field="article", value=article_id) if (
            article_id in conv.data.get("offered", "").split()
        ):
            reply = _reply(conv, ctx, msg("intake.solved"))
            effect = RecordDeflection(conv.data["description"], article_id, solved=True)
            return _with(_to(conv, IntakeState.IDLE, {}, reply), effect)
        case IntakeState.FILLING_FORM, FormSubmitted(values=values, partial=True):
            return Decision(replace(conv, data={**conv.data, **_typed(values)}), ())
        case IntakeState.FILLING_FORM, FormSubmitted(values=values):
            return _form_submitted(conv, ctx, values)
        case IntakeState.FILLING_FORM, MessageReceived() | ChoiceMade(field="form"):
            return _ask_form(conv, ctx, {})
        case _:
            return Decision(conv, _reask(conv, ctx))


def _start(conv: Conversation, ctx: IntakeContext) -> Decision:
    if ctx.person.has(Role.PARTNER):
        choices = tuple(
            Choice(org.id, msg("plain", text=org.name)) for org in (*ctx.managed_orgs, ctx.org)
        )
        ask = AskChoice(conv.key, _locale(ctx), msg("intake.ask_org"), "org", choices)
        return _to(conv, IntakeState.CHOOSING_ORG, _carried(conv.data), ask)
    if ctx.partner_org is not None:
        # R8: a customer of a partner is served by the partner, not by us.
        contact = msg(
            "intake.partner_contact",
            partner=ctx.partner_org.name,
            contact=ctx.partner_org.support_contact,
        )
        return _to(conv, IntakeState.IDLE, {}, _reply(conv, ctx, contact))
    return _ask_topic(conv, ctx, {"org": ctx.org.id})


def _problem_typed(conv: Conversation, ctx: IntakeContext, text: str) -> Decision:
    """A problem in plain words is the description; the best article's topic and category are
    proposed, one tap to accept or to choose another (issue 12 point 5)."""
    described = replace(conv, data={**conv.data, "description": text})
    best = ctx.suggestions[0] if ctx.suggestions else None
    topic = ctx.catalogue.topic(best.topic) if best else None
    category = ctx.catalogue.category(best.topic, best.category) if best else None
    if ctx.person.has(Role.PARTNER) or ctx.partner_org is not None or not topic or not category:
        return _start(described, ctx)
    data = {**described.data, "org": ctx.org.id, "topic": topic.id, "category": category.id}
    return _propose(replace(conv, data=data), ctx, topic, category)


def _propose(conv: Conversation, ctx: IntakeContext, topic: Topic, category: Category) -> Decision:
    question = msg("intake.place_proposed", topic=topic.names, category=category.names)
    choices = (
        Choice("accept", msg("intake.place_accept")),
        Choice("change", msg("intake.place_change")),
    )
    ask = AskChoice(conv.key, _locale(ctx), question, "place", choices)
    return _to(conv, IntakeState.PLACE_PROPOSED, conv.data, ask)


def _org_chosen(conv: Conversation, ctx: IntakeContext, org_id: str) -> Decision:
    if org_id == ctx.org.id and not ctx.org.entitlement:
        return _to(conv, IntakeState.IDLE, {}, _reply(conv, ctx, msg("partner.no_entitlement")))
    if org_id != ctx.org.id and org_id not in {o.id for o in ctx.managed_orgs}:
        return Decision(conv, _reask(conv, ctx))
    return _ask_topic(conv, ctx, {"org": org_id, "filed_by": ctx.person.id})


def _ask_topic(conv: Conversation, ctx: IntakeContext, data: dict[str, str]) -> Decision:
    # R16: a new case that references a closed one keeps the reference through intake, and
    # a problem typed in plain words stays the description.
    data = {**_carried(conv.data), **data}
    choices = tuple(Choice(t.id, msg("plain", text=t.names)) for t in ctx.catalogue.topics)
    ask = AskChoice(conv.key, _locale(ctx), msg("intake.ask_topic"), "topic", choices)
    return _to(conv, IntakeState.CHOOSING_TOPIC, data, ask)


def _topic_chosen(conv: Conversation, ctx: IntakeContext, topic: str) -> Decision:
    if ctx.catalogue.topic(topic) is None:
        return Decision(conv, _reask(conv, ctx))
    incidents = ctx.incidents.get(topic, ())
    if not incidents:
        return _ask_category(conv, ctx, topic)
    # R2: known outages first; the user may follow one instead of opening a case.
    choices = (
        *(
            Choice(
                i.id,
                msg("incident.follow", title=i.title),
                msg("incident.detail", url=i.url, summary=i.summary),
            )
            for i in incidents
        ),
        Choice("continue", msg("incident.continue")),
    )
    ask = AskChoice(
        conv.key, _locale(ctx), msg("intake.incidents", count=len(incidents)), "incident", choices
    )
    return _to(conv, IntakeState.INCIDENTS_SHOWN, {**conv.data, "topic": topic}, ask)


def _ask_category(conv: Conversation, ctx: IntakeContext, topic: str) -> Decision:
    proposed = conv.data.get("category")
    if proposed and ctx.catalogue.category(topic, proposed) is not None:
        # The user accepted the proposed place of a problem typed in plain words.
        return _category_chosen(replace(conv, data={**conv.data, "topic": topic}), ctx, proposed)
    choices = tuple(
        Choice(c.id, msg("plain", text=c.names), msg("category.private") if c.private else None)
        for c in ctx.catalogue.categories_of(topic)
    )
    ask = AskChoice(conv.key, _locale(ctx), msg("intake.ask_category"), "category", choices)
    return _to(conv, IntakeState.CHOOSING_CATEGORY, {**conv.data, "topic": topic}, ask)


def _category_chosen(conv: Conversation, ctx: IntakeContext, category_id: str) -> Decision:
    category = ctx.catalogue.category(conv.data["topic"], category_id)
    if category is None:
        return Decision(conv, _reask(conv, ctx))
    data = {**conv.data, "category": category_id}
    if category.private and conv.key.user is None:
        # R3: not a word of a private case in a thread others read, not even its rules.
        return _with(_to(conv, IntakeState.CHOOSING_CATEGORY, data), ContinuePrivately())
    replies: list[Action] = []
    if category.rules:
        # R9: category rules come before the user writes anything.
        replies.append(_reply(conv, ctx, msg("plain", text=category.rules)))
    if "description" in data:  # typed in plain words before the category was known
        return _described(replace(conv, data=data), ctx, data["description"], tuple(replies))
    replies.append(_reply(conv, ctx, msg("intake.describe")))
    return _to(conv, IntakeState.DESCRIBING, data, *replies)


def _described(
    conv: Conversation, ctx: IntakeContext, text: str, said: tuple[Action, ...] = ()
) -> Decision:
    category = _category(conv, ctx)
    replies: list[Action] = list(said)
    lines = len(text.splitlines())
    if category.max_code_lines and lines > category.max_code_lines:
        replies.append(
            _reply(conv, ctx, msg("intake.code_too_long", lines=lines, max=category.max_code_lines))
        )
    data = {**conv.data, "description": text}
    if not ctx.suggestions:
        gap = RecordGap(text, category.topic, category.id)
        described = replace(conv, data=data)
        return _ask_form(described, ctx, {}, replies=tuple(replies), effects=(gap,))
    offer = OfferArticles(conv.key, _locale(ctx), msg("intake.articles"), ctx.suggestions)
    data["offered"] = " ".join(s.article_id for s in ctx.suggestions)
    return _to(conv, IntakeState.REVIEWING_ARTICLES, data, *replies, offer)


def _form_action(
    conv: Conversation,
    ctx: IntakeContext,
    values: Mapping[str, str],
    errors: tuple[tuple[str, Msg], ...],
) -> OpenCaseForm:
    fields = form_fields(
        severity_choices(ctx.scheme, response_of=ctx.severity_response), _category(conv, ctx)
    )
    typed_before = {
        k.removeprefix(FORM_KEY): v for k, v in conv.data.items() if k.startswith(FORM_KEY)
    }
    prefill = {
        "subject": guess_subject(conv.data.get("description", "")),
        "description": conv.data.get("description", ""),
        "login_access": "yes" if ctx.person.login_access_default else "no",
        **typed_before,
        **values,
    }
    return OpenCaseForm(
        conv.key, _locale(ctx), msg("form.title"), fields, tuple(prefill.items()), errors
    )


def _ask_form(
    conv: Conversation,
    ctx: IntakeContext,
    values: Mapping[str, str],
    *,
    replies: tuple[Action, ...] = (),
    effects: tuple[Effect, ...] = (),
) -> Decision:
    form = _form_action(conv, ctx, values, ())
    nxt = replace(conv, state=IntakeState.FILLING_FORM)
    return Decision(nxt, (*replies, form), effects)


def _form_submitted(conv: Conversation, ctx: IntakeContext, values: Mapping[str, str]) -> Decision:
    result = validate(
        values,
        scheme=ctx.scheme,
        nudged=conv.data.get("nudged") == "yes",
        login_default=ctx.person.login_access_default,
        known_people=ctx.known_people,
    )
    if not isinstance(result, CaseDraft):
        nudged = any(m.key == "form.nudge_thin" for _, m in result)
        # Keep what was typed, so a form shown again (e.g. Discord's reopened modal) has it.
        data = {**conv.data, **_typed(values)}
        if nudged:
            data["nudged"] = "yes"
        form = _form_action(conv, ctx, values, result)
        return Decision(replace(conv, data=data), (form,))
    level = ctx.scheme.level(result.severity)
    if level is not None and level.critical and ctx.catalogue.severity1_policy == "hotline":
        return _severity_one_hotline(conv, ctx, result)
    category = _category(conv, ctx)
    effect = OpenCase(
        draft=result,
        topic=category.topic,
        category=category.id,
        org_id=conv.data.get("org", ctx.org.id),
        filed_by_id=conv.data.get("filed_by"),
        referenced_case=int(conv.data["ref"]) if "ref" in conv.data else None,
    )
    return Decision(replace(conv, state=IntakeState.IN_CASE, data={}), (), (effect,))


def _severity_one_hotline(conv: Conversation, ctx: IntakeContext, draft: CaseDraft) -> Decision:
    """R6: no chat case; the hotline for the user's region/language, and on-call is alerted."""
    hotline = ctx.catalogue.hotline(ctx.org.region, _locale(ctx))
    reply = _reply(conv, ctx, msg("sev1.hotline", phone=hotline))
    alert = Alert(
        channel_key(conv.key, ctx.catalogue.oncall_channel),
        "en",
        msg(
            "sev1.oncall",
            person=ctx.person.name,
            org=ctx.org.name,
            subject=draft.subject,
            phone=hotline,
        ),
    )
    return _to(conv, IntakeState.IDLE, {}, reply, alert)


def _reask(conv: Conversation, ctx: IntakeContext, why: Msg | None = None) -> tuple[Action, ...]:
    """Repeat the open question after input that does not answer it, saying why."""
    redo = {
        IntakeState.CHOOSING_ORG: lambda: _start(conv, ctx),
        IntakeState.PLACE_PROPOSED: lambda: _propose(
            conv, ctx, _topic(conv, ctx), _category(conv, ctx)
        ),
        IntakeState.CHOOSING_TOPIC: lambda: _ask_topic(conv, ctx, dict(conv.data)),
        IntakeState.INCIDENTS_SHOWN: lambda: _topic_chosen(conv, ctx, conv.data["topic"]),
        IntakeState.CHOOSING_CATEGORY: lambda: _ask_category(conv, ctx, conv.data["topic"]),
        IntakeState.DESCRIBING: lambda: _to(
            conv, conv.state, conv.data, _reply(conv, ctx, msg("intake.describe"))
        ),
        IntakeState.REVIEWING_ARTICLES: lambda: Decision(
            conv, (OfferArticles(conv.key, _locale(ctx), msg("intake.articles"), ctx.suggestions),)
        ),
        IntakeState.FILLING_FORM: lambda: _ask_form(conv, ctx, {}),
    }.get(conv.state)
    hint = _reply(conv, ctx, why or msg("intake.not_understood"))
    return (hint,) if redo is None else (hint, *redo().actions)


def _topic(conv: Conversation, ctx: IntakeContext) -> Topic:
    topic = ctx.catalogue.topic(conv.data["topic"])
    if topic is None:
        raise LookupError(f"topic {conv.data['topic']} left the catalogue")
    return topic


def _category(conv: Conversation, ctx: IntakeContext) -> Category:
    category = ctx.catalogue.category(conv.data["topic"], conv.data["category"])
    if category is None:
        raise LookupError(f"category {conv.data['category']} left the catalogue")
    return category


def _locale(ctx: IntakeContext) -> str:
    return ctx.person.locale


def _reply(conv: Conversation, ctx: IntakeContext, text: Msg) -> Reply:
    return Reply(conv.key, _locale(ctx), text)


def _to(
    conv: Conversation,
    state: IntakeState,
    data: Mapping[str, str],
    *actions: Action,
) -> Decision:
    return Decision(replace(conv, state=state, data=dict(data)), actions, ())


def _typed(values: Mapping[str, str]) -> dict[str, str]:
    """A form's typed values as conversation data, for the form shown next (FORM_KEY)."""
    return {f"{FORM_KEY}{k}": v for k, v in values.items()}


def _carried(data: Mapping[str, str]) -> dict[str, str]:
    """What intake keeps when it starts over at the topic: a referenced case, a description."""
    return {k: v for k, v in data.items() if k in ("ref", "description")}


def _without(data: Mapping[str, str], *keys: str) -> dict[str, str]:
    return {k: v for k, v in data.items() if k not in keys}


def _with(decision: Decision, *effects: Effect) -> Decision:
    return replace(decision, effects=(*decision.effects, *effects))
