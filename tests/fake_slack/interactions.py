"""Builders for what Slack sends when a person acts rather than writes: slash commands,
shortcuts, and the interactivity payloads (``block_actions``, ``view_submission``), which
Slack form-encodes as ``payload=...`` (slash commands are the flat form fields).

Shapes follow docs.slack.dev (block_actions / view_submission payload references, slash
command fields) and real captured payloads.
"""

from __future__ import annotations

import time
import uuid

from .ids import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    USER_ID,
)
from .payloads import JsonDict, new_trigger_id, new_ts

# ---------------------------------------------------------------------- slash commands


def slash_command(
    command: str,
    text: str = "",
    *,
    user_id: str = USER_ID,
    user_name: str = "fake.user",
    channel_id: str = CHANNEL_ID,
    channel_name: str = "general",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
    trigger_id: str | None = None,
    response_url: str = "https://hooks.slack.com/commands/T0FAKETEAM/1/fake",
) -> dict[str, str]:
    """The form fields of a slash command request (all strings)."""
    return {
        "token": "verification-token-unused",
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }


# ---------------------------------------------------------------------- shortcuts


def message_shortcut(
    callback_id: str,
    *,
    user_id: str,
    channel_id: str,
    thread_ts: str,
    response_url: str,
    text: str = "",
    channel_name: str = "queue",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
) -> JsonDict:
    """A message shortcut (``message_action``) used on a message in a thread."""
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": new_trigger_id(),
        "team": {"id": team_id, "domain": team_domain},
        "user": {"id": user_id, "name": user_id.lower()},
        "channel": {"id": channel_id, "name": channel_name},
        "message": {"type": "message", "text": text, "ts": new_ts(), "thread_ts": thread_ts},
        "response_url": response_url,
        "message_ts": thread_ts,
    }


# ---------------------------------------------------------------------- block_actions


def button_action(
    action_id: str, value: str, *, block_id: str = "actions", text: str = "OK"
) -> JsonDict:
    """An ``actions[]`` entry for a clicked button."""
    return {
        "type": "button",
        "action_id": action_id,
        "block_id": block_id,
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "value": value,
        "action_ts": new_ts(),
    }


def option(value: str, text: str | None = None) -> JsonDict:
    """A Block Kit option object."""
    return {"text": {"type": "plain_text", "text": text or value, "emoji": True}, "value": value}


def static_select_action(
    action_id: str, value: str, *, text: str | None = None, block_id: str = "actions"
) -> JsonDict:
    """An ``actions[]`` entry for a static_select choice (``selected_option``)."""
    return {
        "type": "static_select",
        "action_id": action_id,
        "block_id": block_id,
        "selected_option": option(value, text),
        "placeholder": {"type": "plain_text", "text": "Choose", "emoji": True},
        "action_ts": new_ts(),
    }


def _user(user_id: str, user_name: str, team_id: str) -> JsonDict:
    return {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id}


def block_actions(
    actions: list[JsonDict],
    *,
    user_id: str = USER_ID,
    user_name: str = "fake.user",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
    channel_id: str = DM_CHANNEL_ID,
    message_ts: str | None = None,
    message: JsonDict | None = None,
    view: JsonDict | None = None,
    state_values: JsonDict | None = None,
    response_url: str = "https://hooks.slack.com/actions/T0FAKETEAM/1/fake",
    trigger_id: str | None = None,
) -> JsonDict:
    """A ``block_actions`` payload from a message (default) or, with ``view``, a view.

    ``actions`` are built with :func:`button_action` / :func:`static_select_action`.
    """
    payload: JsonDict = {
        "type": "block_actions",
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": "verification-token-unused",
        "trigger_id": trigger_id or new_trigger_id(),
        "team": {"id": team_id, "domain": team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": state_values or {}},
        "actions": actions,
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V0FAKEVIEW")}
        payload["view"] = view
        return payload
    ts = message_ts or new_ts()
    payload["container"] = {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel_id,
        "is_ephemeral": False,
    }
    payload["channel"] = {
        "id": channel_id,
        "name": "directmessage" if channel_id.startswith("D") else "general",
    }
    payload["message"] = message or {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "text": "message with buttons",
        "ts": ts,
        "team": team_id,
        "blocks": [],
    }
    payload["response_url"] = response_url
    return payload


# ---------------------------------------------------------------------- view_submission


def plain_text_value(value: str | None) -> JsonDict:
    """A ``state.values[block][action]`` entry for a plain_text_input."""
    return {"type": "plain_text_input", "value": value}


def static_select_value(value: str | None, text: str | None = None) -> JsonDict:
    """A ``state.values[block][action]`` entry for a static_select (None: nothing chosen)."""
    return {
        "type": "static_select",
        "selected_option": option(value, text) if value is not None else None,
    }


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, JsonDict]],
    *,
    private_metadata: str = "",
    user_id: str = USER_ID,
    user_name: str = "fake.user",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = APP_ID,
    view_id: str = "V0FAKEVIEW",
    external_id: str = "",
    blocks: list[JsonDict] | None = None,
    response_urls: list[JsonDict] | None = None,
    trigger_id: str | None = None,
) -> JsonDict:
    """A ``view_submission`` payload.

    ``values`` is ``{block_id: {action_id: entry}}`` with entries from
    :func:`plain_text_value` / :func:`static_select_value`.
    """
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": team_domain},
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": "verification-token-unused",
        "trigger_id": trigger_id or new_trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": blocks or [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": {"type": "plain_text", "text": "Form", "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": {"type": "plain_text", "text": "Cancel", "emoji": True},
            "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": api_app_id,
            "external_id": external_id,
            "app_installed_team_id": team_id,
            "bot_id": BOT_ID,
        },
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
