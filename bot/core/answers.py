"""Typed text that answers the open question of the intake: its number, or its label in any
language, a unique part of it or a near spelling (issue 12, R3)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from bot.core.choices import Ambiguous, Option, Picked, pick
from bot.core.decision import IntakeContext
from bot.core.events import ChoiceMade, Event, MessageReceived
from bot.core.model import Conversation, IntakeState

# Typed answers to "it sounds like Billing > Invoices, right?", the buttons' labels included.
YES_WORDS = frozenset(
    {"yes", "y", "ja", "j", "right", "richtig", "correct", "ok", "okay", "genau"}
    | {"yes, continue", "ja, weiter"}
)
CHANGE_WORDS = frozenset(
    {"no", "n", "nein", "change", "other", "another", "andere", "ändern"}
    | {"no, choose another topic", "nein, anderes thema wählen"}
)
CONTINUE_WORDS = frozenset({"continue", "weiter", "fortfahren"})
MORE_WORDS = frozenset({"more", "still need help", "no", "nein", "weiter", "brauche noch hilfe"})


def typed_choice(conv: Conversation, event: Event, ctx: IntakeContext) -> Event | Ambiguous:
    """The choice typed text makes in the open question; Ambiguous when several fit equally;
    the event itself when it answers no question."""
    if not isinstance(event, MessageReceived):
        return event
    question = _open_question(conv, ctx)
    if question is None:
        return event
    field, options = question
    picked = pick(event.text, options)
    if isinstance(picked, Picked):
        return ChoiceMade(event.key, event.actor, field, picked.value, event.inbound_id)
    return picked or event


def _open_question(conv: Conversation, ctx: IntakeContext) -> tuple[str, list[Option]] | None:
    """The field the conversation waits for and its options (case and accents are matched
    by `pick`, so names stay as written)."""

    def named(value: str, names: Mapping[str, str] | Collection[str]) -> Option:
        written = names.values() if isinstance(names, Mapping) else names
        return Option(value, (value, *written))

    cat = ctx.catalogue
    match conv.state:
        case IntakeState.CHOOSING_ORG:
            return "org", [named(o.id, (o.name,)) for o in (*ctx.managed_orgs, ctx.org)]
        case IntakeState.PLACE_PROPOSED:
            return "place", [Option("accept", YES_WORDS), Option("change", CHANGE_WORDS)]
        case IntakeState.CHOOSING_TOPIC:
            return "topic", [named(t.id, t.names) for t in cat.topics]
        case IntakeState.INCIDENTS_SHOWN:
            incidents = ctx.incidents.get(conv.data["topic"], ())
            return "incident", [
                *(named(i.id, ()) for i in incidents),
                Option("continue", CONTINUE_WORDS),
            ]
        case IntakeState.CHOOSING_CATEGORY:
            categories = cat.categories_of(conv.data["topic"])
            return "category", [named(c.id, c.names) for c in categories]
        case IntakeState.REVIEWING_ARTICLES:
            offered = conv.data.get("offered", "").split()
            return "article", [*(named(a, ()) for a in offered), Option("more", MORE_WORDS)]
    return None
