"""Discord messages, embeds, components and modals for the core's actions, within limits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.ui import Label, Modal, TextInput, UserSelect, View

from bot.adapters.discord.components import (
    OPTION_TEXT_MAX,
    AccessButton,
    AnswerButton,
    ChoiceButton,
    ChoiceSelect,
    ControlButton,
    FilterSelect,
    FormButton,
    OpenCaseSelect,
    SeveritySelect,
    clip,
)
from bot.core.actions import (
    AskChoice,
    CaseHeader,
    Choice,
    OfferArticles,
    OpenCaseForm,
    ShowCaseDetail,
    ShowCaseList,
    ShowEscalate,
    ShowQueue,
)
from bot.core.model import CaseStatus
from bot.core.text import Msg, msg

Translate = Callable[[Msg], str]
CONTENT_MAX = 2000
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
SELECT_OPTIONS_MAX = 25
BUTTONS_MAX = 20  # four rows of five; a fifth row stays free for a select or "more"
BUTTONS_FROM_SELECT = 6  # more choices than this, or choices with details, become a select
MODAL_TITLE_MAX = 45
LABEL_MAX = 45
LABEL_HINT_MAX = 100
MODAL_TIMEOUT = 900.0  # an interaction token lives 15 minutes
CASE_FORM_INPUTS = ("subject", "description", "links", "participants")


@dataclass
class Out:
    """One Discord message to send: content, embeds and an optional view of dynamic items."""

    content: str = ""
    embeds: list[discord.Embed] = field(default_factory=list)
    view: View | None = None


def chunks(text: str, limit: int = CONTENT_MAX) -> list[str]:
    """Long text as several messages, split at line ends where possible."""
    parts: list[str] = []
    rest = text.strip() or "-"
    while rest:
        cut = len(rest) if len(rest) <= limit else rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    return parts


def _style(control: str) -> discord.ButtonStyle:
    """Closing is the one control that cannot be undone: it is red."""
    return (
        discord.ButtonStyle.danger
        if control.startswith("close:")
        else discord.ButtonStyle.secondary
    )


def _view(*items: discord.ui.Item[Any]) -> View:
    view = View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


def _option(value: str, label: str, description: str | None = None) -> discord.SelectOption:
    return discord.SelectOption(
        label=clip(label, OPTION_TEXT_MAX) or value,
        value=value,
        description=clip(description, OPTION_TEXT_MAX) if description else None,
    )


def choice_out(action: AskChoice, t: Translate) -> Out:
    """Buttons for a few plain choices; a select (with descriptions) for many or detailed ones."""
    text = t(action.text)
    choices = action.choices
    if len(choices) >= BUTTONS_FROM_SELECT or any(c.detail for c in choices):
        options = [
            _option(c.value, t(c.label), t(c.detail) if c.detail else None)
            for c in choices[:SELECT_OPTIONS_MAX]
        ]
        details = [f"**{t(c.label)}**: {t(c.detail)}" for c in choices if c.detail]
        content = "\n".join([text, *details])
        return Out(clip(content, CONTENT_MAX), view=_view(ChoiceSelect(action.field, options)))
    buttons = [ChoiceButton(action.field, c.value, t(c.label)) for c in choices[:BUTTONS_MAX]]
    return Out(clip(text, CONTENT_MAX), view=_view(*buttons))


def articles_out(action: OfferArticles, t: Translate) -> Out:
    """Known-issue articles as links, each with 'This solved it'; then 'Still need help' (R4)."""
    solved = t(msg("articles.solved"))
    lines = [f"{n}. [{a.title}]({a.url})" for n, a in enumerate(action.articles, start=1)]
    embed = discord.Embed(description=clip("\n".join(lines) or "-", EMBED_DESCRIPTION_MAX))
    buttons = [
        ChoiceButton("article", a.article_id, f"{n}. {solved}", discord.ButtonStyle.success)
        for n, a in enumerate(action.articles[: BUTTONS_MAX - 1], start=1)
    ]
    more = ChoiceButton("article", "more", t(msg("articles.more")), discord.ButtonStyle.primary)
    return Out(clip(t(action.text), CONTENT_MAX), [embed], _view(*buttons, more))


def _severity_field(form: OpenCaseForm) -> tuple[Choice, ...]:
    return next((f.choices for f in form.fields if f.name == "severity"), ())


def form_panel(form: OpenCaseForm, t: Translate, chosen: tuple[str, str] | None = None) -> Out:
    """The case form's first step: severity with definitions and response times (R5).

    With severity and login access already chosen (a rejected submit, a slow answer) the
    panel offers the modal again instead, and lists what needs fixing.
    """
    embed = discord.Embed(title=clip(t(form.title), EMBED_TITLE_MAX))
    severities = _severity_field(form)
    lines = [f"**{t(c.label)}**" + (f"\n{t(c.detail)}" if c.detail else "") for c in severities]
    if form.errors:
        fix = [f"- {t(text)}" for _, text in form.errors]
        lines = [t(msg("form.fix")), *fix]
        embed.colour = discord.Colour.red()
    embed.description = clip("\n".join(lines) or "-", EMBED_DESCRIPTION_MAX)
    if chosen is not None:
        button = FormButton(chosen[0], chosen[1], t(msg("control.open_form")))
        return Out(t(msg("discord.form.open_step")), [embed], _view(button))
    options = [
        _option(c.value, t(c.label), t(c.detail) if c.detail else None)
        for c in severities[:SELECT_OPTIONS_MAX]
    ]
    step = t(msg("discord.form.severity_step"))
    return Out(step, [embed], _view(SeveritySelect(options)))


def access_out(severity: str, t: Translate) -> Out:
    """The case form's second step: login access yes or no (R5, R18)."""
    text = t(msg("discord.form.access_step", severity=severity))
    yes = AccessButton(severity, "yes", t(msg("form.yes")))
    no = AccessButton(severity, "no", t(msg("form.no")))
    return Out(text, view=_view(yes, no))


def _input(
    name: str, label: str, *, hint: str | None, value: str, long: bool, required: bool
) -> Label[Any]:
    style = discord.TextStyle.paragraph if long else discord.TextStyle.short
    text_input: TextInput[Any] = TextInput(
        custom_id=name,
        style=style,
        default=clip(value, 4000) or None,
        required=required,
        max_length=4000 if long else 1000,
    )
    return Label(
        text=clip(label, LABEL_MAX),
        description=clip(hint, LABEL_HINT_MAX) if hint else None,
        component=text_input,
    )


def case_form_modal(form: OpenCaseForm, t: Translate, severity: str, access: str) -> Modal:
    """Subject, description, links and participants; severity and access ride in the id."""
    modal = Modal(
        title=clip(t(form.title), MODAL_TITLE_MAX),
        custom_id=f"sb:caseform:{severity}:{access}",
        timeout=MODAL_TIMEOUT,
    )
    values = dict(form.values)
    for form_field in form.fields:
        if form_field.name not in CASE_FORM_INPUTS:
            continue
        modal.add_item(
            _input(
                form_field.name,
                t(form_field.label),
                hint=t(form_field.hint) if form_field.hint else None,
                value=values.get(form_field.name, ""),
                long=form_field.kind == "long_text",
                required=form_field.required,
            )
        )
    people: UserSelect[Any] = UserSelect(custom_id="participant_users", max_values=10)
    modal.add_item(
        Label(text=clip(t(msg("discord.form.participant_users")), LABEL_MAX), component=people)
    )
    return modal


def text_modal(command: str, case: str, prompt: str, t: Translate) -> Modal:
    """One text field for a command that needs words (escalation reason, severity, link)."""
    modal = Modal(
        title=clip(f"CS-{case}", MODAL_TITLE_MAX),
        custom_id=f"sb:text:{command}:{case}",
        timeout=MODAL_TIMEOUT,
    )
    modal.add_item(
        _input(
            "text",
            t(msg("discord.answer")),
            hint=prompt or None,
            value="",
            long=True,
            required=True,
        )
    )
    return modal


def rating_modal(case: str, rating: str, t: Translate) -> Modal:
    """Feedback (R17): the rating chosen on a button, plus an optional comment."""
    modal = Modal(
        title=clip(t(msg("rate.title", case=f"CS-{case}", rating=rating)), MODAL_TITLE_MAX),
        custom_id=f"sb:rate:{case}:{rating}",
        timeout=MODAL_TIMEOUT,
    )
    comment = t(msg("rate.comment"))
    modal.add_item(_input("comment", comment, hint=None, value="", long=True, required=False))
    return modal


def ask_out(text: str, command: str, case: int, t: Translate) -> Out:
    """A command's question when no modal can be opened right now: a button opens it."""
    button = AnswerButton(command, str(case), t(msg("discord.answer")))
    return Out(clip(text, CONTENT_MAX), view=_view(button))


def header_out(action: CaseHeader, t: Translate) -> Out:
    """The case header in its queue thread: id, severity, status, due, assignee, access."""
    lines = [t(line) for line in action.lines]
    embed = discord.Embed(
        title=clip(lines[0], EMBED_TITLE_MAX),
        description=clip("\n".join(lines[1:]) or "-", EMBED_DESCRIPTION_MAX),
    )
    buttons = [ControlButton(c.value, t(c.label)) for c in action.controls[:BUTTONS_MAX]]
    return Out(clip(lines[0], CONTENT_MAX), [embed], _view(*buttons) if buttons else None)


def escalate_out(action: ShowEscalate, t: Translate) -> Out:
    """The Escalate button on the user's side (R21)."""
    button = ChoiceButton(
        "escalate", str(action.case_number), t(msg("control.escalate")), discord.ButtonStyle.danger
    )
    return Out(clip(t(action.text), CONTENT_MAX), view=_view(button))


def list_out(action: ShowCaseList, t: Translate) -> Out:
    """R30/R32 rows in an embed; a select opens a case, another filters by status."""
    columns = t(msg("list.columns_user" if action.with_user else "list.columns"))
    rows = [
        " | ".join(
            [
                f"**CS-{row.case_number}**",
                *([row.user or "-"] if action.with_user else []),
                row.subject,
                t(row.created),
                t(row.last_activity),
                t(row.channel_type),
                t(row.status),
            ]
        )
        for row in action.rows
    ]
    body = "\n".join([columns, *rows]) if rows else t(msg("list.empty"))
    if len(body) > EMBED_DESCRIPTION_MAX:
        body = clip(body, EMBED_DESCRIPTION_MAX - 200) + "\n" + t(msg("list.more"))
    embed = discord.Embed(title=clip(t(action.title), EMBED_TITLE_MAX), description=body)
    items: list[discord.ui.Item[Any]] = []
    if action.rows:
        options = [
            _option(str(row.case_number), f"CS-{row.case_number}: {row.subject}")
            for row in action.rows[:SELECT_OPTIONS_MAX]
        ]
        items.append(OpenCaseSelect(options, t(msg("discord.list.open"))))
    statuses = [_option("all", t(msg("home.all")))] + [
        _option(s.value, t(msg(f"status.{s.value}"))) for s in CaseStatus
    ]
    scope = "org" if action.with_user else "mine"
    items.append(FilterSelect(scope, statuses, t(msg("home.filter"))))
    return Out(embeds=[embed], view=_view(*items))


def queue_out(action: ShowQueue, t: Translate, links: Mapping[int, str]) -> Out:
    """R50: the open cases of the queues in an embed, each with a link into its private
    thread (`links`: case number -> jump URL) or the platform its thread is on."""
    lines = []
    for row in action.rows:
        assignee = row.assignee or t(msg("queue.unassigned"))
        response = t(row.response)
        if row.breached:
            response = f"\N{POLICE CARS REVOLVING LIGHT} **{t(msg('queue.breached'))}** {response}"
        if row.case_number in links:
            jump = f"[{t(msg('queue.jump'))}]({links[row.case_number]})"
        elif row.thread is not None:
            jump = t(msg("queue.elsewhere", platform=row.thread.platform))
        else:
            jump = ""
        head = [f"**CS-{row.case_number}**", row.queue, row.severity, t(row.status), assignee]
        subject = discord.utils.escape_markdown(row.subject)
        lines.append(" | ".join([*head, jump]) + f"\n{response} | {subject}")
    body = "\n".join(lines) or t(msg("queue.empty"))
    if action.more or len(body) > EMBED_DESCRIPTION_MAX:
        body = clip(body, EMBED_DESCRIPTION_MAX - 200) + "\n" + t(msg("list.more"))
    return Out(
        embeds=[discord.Embed(title=clip(t(action.title), EMBED_TITLE_MAX), description=body)]
    )


def detail_out(action: ShowCaseDetail, t: Translate) -> Out:
    """R31: details, then the transcript (newest lines kept when it is too long)."""
    details = discord.Embed(
        title=clip(t(action.lines[0]), EMBED_TITLE_MAX),
        description=clip("\n".join(t(line) for line in action.lines[1:]) or "-", 3000),
    )
    transcript = [t(line) for line in action.transcript]
    text = "\n".join(transcript) or "-"
    if len(text) > 2800:
        text = "…\n" + text[-2790:]
    script = discord.Embed(title=t(msg("transcript.title")), description=text)
    buttons = [ControlButton(c.value, t(c.label), _style(c.value)) for c in action.controls]
    return Out(embeds=[details, script], view=_view(*buttons) if buttons else None)
