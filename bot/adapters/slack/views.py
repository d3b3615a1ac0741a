"""Block Kit for the case form, text inputs, case lists and details (modals and App Home)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.adapters.slack.blocks import (
    MODAL_TITLE_MAX,
    SELECT_OPTIONS_MAX,
    VIEW_BLOCKS_MAX,
    Block,
    button,
    escaped,
    fit,
    option,
    plain,
    sections,
)
from bot.core.actions import AskText, OpenCaseForm, ShowCaseDetail, ShowCaseList, ShowQueue
from bot.core.model import ConversationKey
from bot.core.text import Msg, msg

Translate = Callable[[Msg], str]
CASE_FORM = "case_form"
TEXT_INPUT = "text_input"
RATING = "rating"
HOME_FILTER = "home|filter"
HOME_SEARCH = "home|search"


def metadata(key: ConversationKey, **extra: str) -> str:
    """private_metadata: only ids (channel, thread, user, command, case) and the language the
    view is written in, never state."""
    return json.dumps({"c": key.channel, "t": key.thread, "u": key.user, **extra})


def case_form_view(form: OpenCaseForm, t: Translate) -> dict[str, Any]:
    """The case form as a modal: one input block per field, block_id = field name (R5)."""
    values = dict(form.values)
    errors = {name: t(error) for name, error in form.errors}
    blocks: list[Block] = []
    for field in form.fields:
        element: Block
        if field.kind == "choice":
            options = [
                option(t(c.label), c.value, t(c.detail) if c.detail else None)
                for c in field.choices[:SELECT_OPTIONS_MAX]
            ]
            element = {"type": "static_select", "action_id": "value", "options": options}
            initial = next((o for o in options if o["value"] == values.get(field.name)), None)
            if initial:
                element["initial_option"] = initial
        elif field.kind == "yes_no":
            box = option(t(field.label), "yes")
            element = {"type": "checkboxes", "action_id": "value", "options": [box]}
            if values.get(field.name, "").lower() in ("yes", "ja", "true"):
                element["initial_options"] = [box]
        else:
            element = {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": field.kind == "long_text",
                "initial_value": values.get(field.name, "")[:3000],
            }
        hint = errors.get(field.name) or (t(field.hint) if field.hint else None)
        block: Block = {
            "type": "input",
            "block_id": field.name,
            "label": plain(t(field.label), 2000),
            "element": element,
            "optional": not field.required,
        }
        if hint:
            block["hint"] = plain(hint, 2000)
        blocks.append(block)
        if field.name == "participants":
            blocks.append(
                {
                    "type": "input",
                    "block_id": "participant_users",
                    "label": plain(t(field.label), 2000),
                    "element": {"type": "multi_users_select", "action_id": "value"},
                    "optional": True,
                }
            )
    return {
        "type": "modal",
        "callback_id": CASE_FORM,
        "title": plain(t(form.title), MODAL_TITLE_MAX),
        "submit": plain(t(msg("control.submit"))),
        # Its language, for the errors answered at once (users.info could miss Slack's 3 s).
        "private_metadata": metadata(form.to, lang=form.locale),
        "blocks": blocks,
    }


def form_values(state: Mapping[str, Any]) -> dict[str, str]:
    """view.state.values -> field name -> text, as the core's FormSubmitted expects."""
    values: dict[str, str] = {}
    users: list[str] = []
    for block_id, inputs in state.items():
        element = inputs.get("value", {})
        match element.get("type"):
            case "static_select":
                values[block_id] = (element.get("selected_option") or {}).get("value", "")
            case "checkboxes":
                values[block_id] = "yes" if element.get("selected_options") else "no"
            case "multi_users_select":
                users = list(element.get("selected_users") or [])
            case _:
                values[block_id] = element.get("value") or ""
    if users:
        mentioned = " ".join(f"slack:{u}" for u in users)
        values["participants"] = f"{values.get('participants', '')} {mentioned}".strip()
    return values


def text_input_view(ask: AskText, t: Translate) -> dict[str, Any]:
    """A one-field modal for a command that needs words (escalation reason, link ...)."""
    return {
        "type": "modal",
        "callback_id": TEXT_INPUT,
        "title": plain(f"CS-{ask.case_number}", MODAL_TITLE_MAX),
        "submit": plain(t(msg("control.submit"))),
        "private_metadata": metadata(ask.to, cmd=ask.command, case=str(ask.case_number)),
        "blocks": [
            {
                "type": "input",
                "block_id": "text",
                "label": plain(t(ask.text), 2000),
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True},
            }
        ],
    }


def rating_view(to: ConversationKey, case: str, rating: str, t: Translate) -> dict[str, Any]:
    """Feedback (R17): the rating clicked, plus an optional comment, sent together."""
    return {
        "type": "modal",
        "callback_id": RATING,
        "title": plain(t(msg("rate.title", case=f"CS-{case}", rating=rating)), MODAL_TITLE_MAX),
        "submit": plain(t(msg("control.submit"))),
        "private_metadata": metadata(to, case=case, rating=rating),
        "blocks": [
            {
                "type": "input",
                "block_id": "comment",
                "optional": True,
                "label": plain(t(msg("rate.comment")), 2000),
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True},
            }
        ],
    }


def case_list_blocks(listing: ShowCaseList, t: Translate) -> list[Block]:
    """R30/R32 rows with an Open button each; the org view adds the user column."""
    blocks: list[Block] = [{"type": "header", "text": plain(t(listing.title), 150)}]
    if not listing.rows:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": t(msg("list.empty"))}]}
        )
    for row in listing.rows:
        who = f" | {row.user}" if listing.with_user and row.user else ""
        line = (
            f"*CS-{row.case_number}*{who} | {row.subject}\n"
            f"{t(row.created)} | {t(row.last_activity)} | {t(row.channel_type)} | {t(row.status)}"
        )
        section = sections(line)[0]
        section["accessory"] = button(t(msg("control.open")), "case|open", str(row.case_number))
        blocks.append(section)
    return blocks


def queue_blocks(queue: ShowQueue, t: Translate, links: Mapping[int, str]) -> list[Block]:
    """R50: the open cases of the queues, each linked to its header in the queue channel
    (`links`: case number -> permalink) or naming the platform its thread is on."""
    blocks: list[Block] = [{"type": "header", "text": plain(t(queue.title), 150)}]
    if not queue.rows:
        blocks.append(_note(t(msg("queue.empty"))))
    for row in queue.rows:
        assignee = row.assignee or t(msg("queue.unassigned"))
        response = t(row.response)
        if row.breached:
            response = f":rotating_light: *{t(msg('queue.breached'))}* {response}"
        if row.case_number in links:
            jump = f"<{links[row.case_number]}|{t(msg('queue.jump'))}>"
        elif row.thread is not None:
            jump = t(msg("queue.elsewhere", platform=row.thread.platform))
        else:
            jump = ""
        line = (
            f"*CS-{row.case_number}* | {row.queue} | {row.severity} | {t(row.status)} | "
            f"{escaped(assignee)} | {jump}\n{response} | {escaped(row.subject)}"
        )
        blocks.extend(sections(line))
    if queue.more:
        blocks.append(_note(t(msg("list.more"))))
    return blocks


def _note(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def detail_blocks(detail: ShowCaseDetail, t: Translate) -> list[Block]:
    """R31: details then the transcript, cut with a 'more' note to fit a view."""
    blocks: list[Block] = [{"type": "header", "text": plain(t(detail.lines[0]), 150)}]
    blocks.extend(sections("\n".join(t(line) for line in detail.lines[1:])))
    blocks.append({"type": "divider"})
    blocks.extend(sections("\n".join(t(line) for line in detail.transcript) or " "))
    controls = [button(t(c.label), f"ctl|{n}", c.value) for n, c in enumerate(detail.controls)]
    if controls:
        blocks.append({"type": "actions", "elements": controls})
    return fit(blocks, VIEW_BLOCKS_MAX, t(msg("list.more")))


@dataclass(frozen=True)
class HomeQuery:
    """What the App Home shows: a status filter and search words (R30)."""

    status: str = "all"
    words: tuple[str, ...] = ()

    @property
    def args(self) -> tuple[str, ...]:
        """The `tickets` command arguments for this query."""
        return (*(() if self.status == "all" else (f"status:{self.status}",)), *self.words)


def home_query(body: Mapping[str, Any], action: Mapping[str, Any]) -> HomeQuery:
    """The App Home's filter and search box as the user left them (the view's state), with
    the action that fired taking precedence (Slack may not have stored it yet)."""
    values = (body.get("view") or {}).get("state", {}).get("values", {})
    current = {name: entry for block in values.values() for name, entry in block.items()}
    current[str(action.get("action_id"))] = action
    status = (current.get(HOME_FILTER, {}).get("selected_option") or {}).get("value") or "all"
    words = str(current.get(HOME_SEARCH, {}).get("value") or "").split()
    return HomeQuery(str(status), tuple(words))


def home_view(
    lists: list[ShowCaseList], t: Translate, query: HomeQuery, agents: Sequence[Block] = ()
) -> dict[str, Any]:
    """The App Home tab: My cases, and Org cases for org admins, with a status filter and a
    search box (Enter searches) that keep what the user chose; then, for agents, their
    queues (R50)."""
    statuses = ("new", "in_progress", "waiting_on_customer", "escalated", "closed")
    options = [option(t(msg("home.all")), "all")] + [
        option(t(msg(f"status.{s}")), s) for s in statuses
    ]
    filter_select: Block = {
        "type": "static_select",
        "action_id": HOME_FILTER,
        "placeholder": plain(t(msg("home.filter"))),
        "options": options,
    }
    chosen = next((o for o in options if o["value"] == query.status), None)
    if chosen is not None and query.status != "all":
        filter_select["initial_option"] = chosen
    search: Block = {
        "type": "plain_text_input",
        "action_id": HOME_SEARCH,
        "placeholder": plain(t(msg("home.search.hint"))),
        "dispatch_action_config": {"trigger_actions_on": ["on_enter_pressed"]},
    }
    if query.words:
        search["initial_value"] = " ".join(query.words)
    blocks: list[Block] = [
        {"type": "actions", "block_id": "home_filter", "elements": [filter_select]},
        {
            "type": "input",
            "block_id": "home_search",
            "dispatch_action": True,
            "optional": True,
            "label": plain(t(msg("home.search"))),
            "element": search,
        },
    ]
    for listing in lists:
        blocks.extend(case_list_blocks(listing, t))
    blocks.extend(agents)
    return {"type": "home", "blocks": fit(blocks, VIEW_BLOCKS_MAX, t(msg("list.more")))}
