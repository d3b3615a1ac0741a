"""The intake state machine (R1-R9) as a parametrised table over (state, event)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from bot.core.actions import Alert, AskChoice, OfferArticles, OpenCaseForm, Reply
from bot.core.decision import (
    FollowIncident,
    IntakeContext,
    OpenCase,
    RecordDeflection,
    RecordGap,
)
from bot.core.events import Actor, ChoiceMade, Event, FormSubmitted, MessageReceived
from bot.core.intake import decide
from bot.core.model import Conversation, ConversationKey, Identity, IntakeState
from tests.core.catalogue_fixture import (
    ARTICLE,
    GLOBEX,
    PARTNERCO,
    PAT,
    context,
)

KEY = ConversationKey("console", "local", "dm", user="alice")
ACTOR = Actor(Identity("console", "local", "alice"), "Alice")
S = IntakeState
GOOD_FORM = {
    "subject": "Invoice PDF broken",
    "description": "Since Monday the invoice PDF download fails with INV-403 for all our admins",
    "links": "https://app.example/invoices/7",
    "login_access": "yes",
    "severity": "3",
    "participants": "bob, carol@acme.example",
}


def text(value: str) -> MessageReceived:
    return MessageReceived(KEY, ACTOR, value)


def choice(field_name: str, value: str) -> ChoiceMade:
    return ChoiceMade(KEY, ACTOR, field_name, value)


def form(**changes: str) -> FormSubmitted:
    return FormSubmitted(KEY, ACTOR, {**GOOD_FORM, **changes})


@dataclass(frozen=True)
class Row:
    name: str
    state: IntakeState
    event: Event
    expect_state: IntakeState
    actions: tuple[type, ...]
    effects: tuple[type, ...] = ()
    data: Mapping[str, str] = field(default_factory=dict)
    ctx: IntakeContext = field(default_factory=context)


DESCRIBED = {"org": "acme", "topic": "billing", "category": "invoices", "description": "pdf fails"}
TABLE = [
    Row("help starts with topics", S.IDLE, text("help"), S.CHOOSING_TOPIC, (AskChoice,)),
    Row("Hilfe starts too", S.IDLE, text("Hilfe!"), S.CHOOSING_TOPIC, (AskChoice,)),
    Row("ayuda starts too", S.IDLE, text("ayuda"), S.CHOOSING_TOPIC, (AskChoice,)),
    Row("助けて starts too", S.IDLE, text("助けて"), S.CHOOSING_TOPIC, (AskChoice,)),
    Row(
        "help restarts mid-intake",
        S.DESCRIBING,
        text("help"),
        S.CHOOSING_TOPIC,
        (AskChoice,),
        data=DESCRIBED,
    ),
    Row(
        "partner picks the org first",
        S.IDLE,
        text("help"),
        S.CHOOSING_ORG,
        (AskChoice,),
        ctx=context(PAT, org=PARTNERCO, managed=(GLOBEX,)),
    ),
    Row(
        "partner files for a managed org",
        S.CHOOSING_ORG,
        choice("org", "globex"),
        S.CHOOSING_TOPIC,
        (AskChoice,),
        ctx=context(PAT, org=PARTNERCO, managed=(GLOBEX,)),
    ),
    Row(
        "partner without entitlement cannot file for itself (R8)",
        S.CHOOSING_ORG,
        choice("org", "partnerco"),
        S.IDLE,
        (Reply,),
        ctx=context(PAT, org=PARTNERCO, managed=(GLOBEX,)),
    ),
    Row(
        "customer of a partner gets the partner contact (R8)",
        S.IDLE,
        text("help"),
        S.IDLE,
        (Reply,),
        ctx=context(org=GLOBEX, partner_org=PARTNERCO),
    ),
    Row("topic by number", S.CHOOSING_TOPIC, text("1"), S.CHOOSING_CATEGORY, (AskChoice,)),
    Row(
        "topic by German label",
        S.CHOOSING_TOPIC,
        text("abrechnung"),
        S.CHOOSING_CATEGORY,
        (AskChoice,),
    ),
    Row(
        "topic with incidents shows them first (R2)",
        S.CHOOSING_TOPIC,
        choice("topic", "login"),
        S.INCIDENTS_SHOWN,
        (AskChoice,),
    ),
    Row(
        "following an incident ends intake (R2)",
        S.INCIDENTS_SHOWN,
        choice("incident", "INC-1"),
        S.IDLE,
        (Reply,),
        (FollowIncident,),
        data={"topic": "login"},
    ),
    Row(
        "continue past incidents",
        S.INCIDENTS_SHOWN,
        text("2"),
        S.CHOOSING_CATEGORY,
        (AskChoice,),
        data={"topic": "login"},
    ),
    Row(
        "unknown topic re-asks",
        S.CHOOSING_TOPIC,
        text("gardening"),
        S.CHOOSING_TOPIC,
        (Reply, AskChoice),
    ),
    Row(
        "category asks for the description",
        S.CHOOSING_CATEGORY,
        choice("category", "invoices"),
        S.DESCRIBING,
        (Reply,),
        data={"topic": "billing"},
    ),
    Row(
        "category rules come first (R9)",
        S.CHOOSING_CATEGORY,
        choice("category", "sso"),
        S.DESCRIBING,
        (Reply, Reply),
        data={"topic": "login"},
    ),
    Row(
        "description with matches offers articles (R4)",
        S.DESCRIBING,
        text("invoice pdf fails"),
        S.REVIEWING_ARTICLES,
        (OfferArticles,),
        data={"topic": "billing", "category": "invoices"},
        ctx=context(suggestions=(ARTICLE,)),
    ),
    Row(
        "description without matches records a gap and opens the form (R4)",
        S.DESCRIBING,
        text("something odd"),
        S.FILLING_FORM,
        (OpenCaseForm,),
        (RecordGap,),
        data={"topic": "billing", "category": "invoices"},
    ),
    Row(
        "long paste is flagged (R9)",
        S.DESCRIBING,
        text("a\nb\nc\nd\ne"),
        S.FILLING_FORM,
        (Reply, OpenCaseForm),
        (RecordGap,),
        data={"topic": "login", "category": "sso"},
    ),
    Row(
        "this solved it records deflection (R4)",
        S.REVIEWING_ARTICLES,
        choice("article", "KB-1"),
        S.IDLE,
        (Reply,),
        (RecordDeflection,),
        data={**DESCRIBED, "offered": "KB-1"},
    ),
    Row(
        "still need help opens the form",
        S.REVIEWING_ARTICLES,
        text("2"),
        S.FILLING_FORM,
        (OpenCaseForm,),
        (RecordDeflection,),
        data={**DESCRIBED, "offered": "KB-1"},
    ),
    Row(
        "an article that was not offered is not accepted",
        S.REVIEWING_ARTICLES,
        choice("article", "KB-999"),
        S.REVIEWING_ARTICLES,
        (Reply, OfferArticles),
        data={**DESCRIBED, "offered": "KB-1"},
        ctx=context(suggestions=(ARTICLE,)),
    ),
    Row(
        "valid form opens a case (R5)",
        S.FILLING_FORM,
        form(),
        S.IN_CASE,
        (),
        (OpenCase,),
        data=DESCRIBED,
    ),
    Row(
        "thin description is nudged once (R5)",
        S.FILLING_FORM,
        form(description="pdf broken"),
        S.FILLING_FORM,
        (OpenCaseForm,),
        data=DESCRIBED,
    ),
    Row(
        "thin description passes after the nudge",
        S.FILLING_FORM,
        form(description="pdf broken"),
        S.IN_CASE,
        (),
        (OpenCase,),
        data={**DESCRIBED, "nudged": "yes"},
    ),
    Row(
        "bad link is refused",
        S.FILLING_FORM,
        form(links="not-a-link"),
        S.FILLING_FORM,
        (OpenCaseForm,),
        data=DESCRIBED,
    ),
    Row(
        "unknown severity is refused",
        S.FILLING_FORM,
        form(severity="9"),
        S.FILLING_FORM,
        (OpenCaseForm,),
        data=DESCRIBED,
    ),
    Row(
        "unknown participant is refused",
        S.FILLING_FORM,
        form(participants="mallory"),
        S.FILLING_FORM,
        (OpenCaseForm,),
        data=DESCRIBED,
    ),
    Row(
        "severity 1 gets the hotline, not a case (R6)",
        S.FILLING_FORM,
        form(severity="1"),
        S.IDLE,
        (Reply, Alert),
        data=DESCRIBED,
    ),
    Row(
        "typing during the form shows it again",
        S.FILLING_FORM,
        text("hello?"),
        S.FILLING_FORM,
        (OpenCaseForm,),
        data=DESCRIBED,
    ),
    Row(
        "cancel ends intake",
        S.CHOOSING_CATEGORY,
        text("cancel"),
        S.IDLE,
        (Reply,),
        data={"topic": "billing"},
    ),
]


@pytest.mark.parametrize("row", TABLE, ids=[r.name for r in TABLE])
def test_intake_transition(row: Row) -> None:
    conversation = Conversation(KEY, "alice", row.state, row.data)
    decision = decide(conversation, row.event, row.ctx)
    assert decision.conversation.state is row.expect_state
    assert tuple(type(a) for a in decision.actions) == row.actions
    assert tuple(type(e) for e in decision.effects) == row.effects


def test_open_case_carries_the_form_and_org() -> None:
    decision = decide(Conversation(KEY, "alice", S.FILLING_FORM, DESCRIBED), form(), context())
    (effect,) = decision.effects
    assert isinstance(effect, OpenCase)
    assert effect.draft.severity == "3"
    assert effect.draft.login_access is True
    assert effect.draft.participants == ("bob", "carol@acme.example")
    assert (effect.topic, effect.category, effect.org_id) == ("billing", "invoices", "acme")


def test_rejected_form_names_the_rule_and_keeps_the_values() -> None:
    decision = decide(
        Conversation(KEY, "alice", S.FILLING_FORM, DESCRIBED), form(links="ftp:/x"), context()
    )
    (shown,) = decision.actions
    assert isinstance(shown, OpenCaseForm)
    assert [(name, m.key) for name, m in shown.errors] == [("links", "form.error.link")]
    assert dict(shown.values)["subject"] == GOOD_FORM["subject"]


def test_hotline_follows_region_and_language() -> None:
    ctx = context()
    german = IntakeContext(
        **{
            **ctx.__dict__,
            "person": ctx.person.__class__(**{**ctx.person.__dict__, "locale": "de"}),
        }
    )
    decision = decide(
        Conversation(KEY, "alice", S.FILLING_FORM, DESCRIBED), form(severity="1"), german
    )
    reply = decision.actions[0]
    assert isinstance(reply, Reply)
    assert reply.text.params["phone"] == "+49 30"


def test_new_case_keeps_reference_through_intake() -> None:
    start = Conversation(KEY, "alice", S.IDLE, {"ref": "7"})
    conversation = decide(start, text("help"), context()).conversation
    for event in (choice("topic", "billing"), choice("category", "invoices"), text("pdf broken")):
        conversation = decide(conversation, event, context()).conversation
    (*_, effect) = decide(conversation, form(), context()).effects
    assert isinstance(effect, OpenCase)
    assert effect.referenced_case == 7


def test_form_shown_again_keeps_what_was_typed() -> None:
    rejected = decide(
        Conversation(KEY, "alice", S.FILLING_FORM, DESCRIBED), form(links="ftp:/x"), context()
    )
    again = decide(rejected.conversation, choice("form", "open"), context())
    (shown,) = again.actions
    assert isinstance(shown, OpenCaseForm)
    assert dict(shown.values)["links"] == "ftp:/x"
    assert dict(shown.values)["participants"] == GOOD_FORM["participants"]
