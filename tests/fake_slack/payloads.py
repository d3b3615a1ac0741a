"""Builders for what Slack sends to an app, shaped like Slack's own examples.

Pure functions returning dicts. Events are the inner ``event`` object; wrap them with
:func:`event_envelope` (``SignedSlackClient.send_event`` does that for you).
What a person sends by acting rather than writing (slash commands, shortcuts, block actions,
view submissions) is built by :mod:`.interactions`.

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
