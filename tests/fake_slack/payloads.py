"""Builders for what Slack sends to an app, shaped like Slack's own examples.

Pure functions returning dicts. Events are the inner ``event`` object; wrap them with
:func:`event_envelope` (``SignedSlackClient.send_event`` does that for you).
Interactivity payloads (``block_actions``, ``view_submission``) are the JSON that Slack
form-encodes as ``payload=...``; slash commands are the flat form fields.

Shapes follow docs.slack.dev (event object, block_actions / view_submission payload
references, slash command fields) and real captured payloads.
"""

from __future__ import annotations

import itertools
import time
import uuid
from typing import Any

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

JsonDict = dict[str, Any]

_counter = itertools.count(1)


def new_ts() -> str:
    """A Slack-style timestamp for now, unique within the process."""
    micros = int(time.time() * 1_000_000) + next(_counter)
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def new_event_id() -> str:
    """A unique ``Ev...`` id."""
    return "Ev" + uuid.uuid4().hex[:10].upper()


def new_trigger_id() -> str:
    """A trigger_id shaped like Slack's (``digits.digits.hex``)."""
    return f"{int(time.time() * 1000)}.{next(_counter)}.{uuid.uuid4().hex}"


def _rich_text(text: str) -> list[JsonDict]:
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:4],
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


# ---------------------------------------------------------------------- Events API


def event_envelope(
    event: JsonDict,
    *,
    team_id: str = TEAM_ID,
    api_app_id: str = APP_ID,
    event_id: str | None = None,
    event_time: int | None = None,
    bot_user_id: str = BOT_USER_ID,
) -> JsonDict:
    """The ``event_callback`` wrapper Slack POSTs to the Events API request URL."""
    return {
        "token": "verification-token-unused",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + uuid.uuid4().hex,
    }


def message_event(
    text: str,
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    channel_type: str = "channel",
    ts: str | None = None,
    thread_ts: str | None = None,
    parent_user_id: str | None = None,
    team_id: str = TEAM_ID,
    files: list[JsonDict] | None = None,
) -> JsonDict:
    """A ``message`` event from a person. With ``files`` it gets ``subtype: file_share``."""
    ts = ts or new_ts()
    event: JsonDict = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user,
        "ts": ts,
        "team": team_id,
        "blocks": _rich_text(text) if text else [],
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = parent_user_id or user
    if files is not None:
        event["subtype"] = "file_share"
        event["files"] = files
        event["upload"] = False
        event["display_as_bot"] = False
    return event


def dm_message(
    text: str,
    *,
    user: str = USER_ID,
    channel: str = DM_CHANNEL_ID,
    ts: str | None = None,
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
) -> JsonDict:
    """A message a person sent the bot in a DM (``channel_type: "im"``)."""
    return message_event(
        text,
        user=user,
        channel=channel,
        channel_type="im",
        ts=ts,
        thread_ts=thread_ts,
        team_id=team_id,
    )


def thread_message(
    text: str,
    *,
    thread_ts: str,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    channel_type: str = "channel",
    parent_user_id: str | None = None,
    ts: str | None = None,
    team_id: str = TEAM_ID,
) -> JsonDict:
    """A reply in the thread whose parent has ``thread_ts``."""
    return message_event(
        text,
        user=user,
        channel=channel,
        channel_type=channel_type,
        ts=ts,
        thread_ts=thread_ts,
        parent_user_id=parent_user_id,
        team_id=team_id,
    )


def file_object(
    file_id: str = "F0FAKEFILE",
    *,
    name: str = "screenshot.png",
    size: int = 1024,
    mimetype: str = "image/png",
    user: str = USER_ID,
    team_id: str = TEAM_ID,
    url_private: str | None = None,
    title: str | None = None,
) -> JsonDict:
    """An entry of a message's ``files`` list."""
    filetype = name.rsplit(".", 1)[-1] if "." in name else "binary"
    url = url_private or f"https://files.slack.com/files-pri/{team_id}-{file_id}/{name}"
    return {
        "id": file_id,
        "created": int(time.time()),
        "timestamp": int(time.time()),
        "name": name,
        "title": title or name,
        "mimetype": mimetype,
        "filetype": filetype,
        "pretty_type": filetype.upper(),
        "user": user,
        "user_team": team_id,
        "editable": False,
        "size": size,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": False,
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": url,
        "url_private_download": url.replace(f"/{name}", f"/download/{name}"),
        "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{user}/{file_id}/{name}",
    }


def message_with_files(
    text: str,
    files: list[JsonDict],
    *,
    user: str = USER_ID,
    channel: str = DM_CHANNEL_ID,
    channel_type: str = "im",
    ts: str | None = None,
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
) -> JsonDict:
    """A ``file_share`` message (default: in a DM) carrying ``files`` (see file_object)."""
    return message_event(
        text,
        user=user,
        channel=channel,
        channel_type=channel_type,
        ts=ts,
        thread_ts=thread_ts,
        team_id=team_id,
        files=files,
    )


def app_mention(
    text: str,
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    bot_user_id: str = BOT_USER_ID,
    ts: str | None = None,
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
) -> JsonDict:
    """An ``app_mention`` in a channel; ``<@BOT>`` is prefixed unless text already has it."""
    mention = f"<@{bot_user_id}>"
    full = text if mention in text else f"{mention} {text}".rstrip()
    ts = ts or new_ts()
    event: JsonDict = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "app_mention",
        "text": full,
        "user": user,
        "ts": ts,
        "team": team_id,
        "blocks": _rich_text(full),
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def app_home_opened(
    *,
    user: str = USER_ID,
    channel: str = DM_CHANNEL_ID,
    tab: str = "home",
    view: JsonDict | None = None,
) -> JsonDict:
    """``app_home_opened``; ``view`` appears only once a Home view was published."""
    event: JsonDict = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": new_ts(),
    }
    if view is not None:
        event["view"] = view
    return event


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
