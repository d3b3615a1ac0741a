"""Block Kit builders within Slack's limits: 3,000 chars a section, 50 blocks, 75-char options."""

from __future__ import annotations

import re
from typing import Any

Block = dict[str, Any]

TEXT_MAX = 3000
SECTION_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
BUTTON_TEXT_MAX = 75
OPTION_TEXT_MAX = 75
BUTTONS_PER_ROW = 5
SELECT_OPTIONS_MAX = 100
MODAL_TITLE_MAX = 24


def clip(text: str, limit: int) -> str:
    """Text cut to a limit with an ellipsis, so Slack never rejects it."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Slack's special mentions, each with an optional |label: <!channel>, <!here>, <!everyone>,
# <!group> (the old @channel), and user groups <!subteam^ID> or <!subteam^ID|@name>.
_SPECIAL_MENTION = re.compile(
    r"<!(channel|here|everyone|group)(?:\|[^>]*)?>|<!subteam\^[^>|]*(?:\|@?([^>]*))?>",
    re.IGNORECASE,
)


def unpinged(text: str) -> str:
    """Text with Slack's special mentions as plain words ('<!channel>' -> '@channel'): what
    anyone typed never pings a channel or a user group (R72)."""
    return _SPECIAL_MENTION.sub(_as_words, text)


def _as_words(mention: re.Match[str]) -> str:
    keyword, group = mention.groups()
    return f"@{keyword.lower()}" if keyword else f"@{group or 'group'}"


def message_text(text: str) -> str:
    """A message's top-level `text` (notifications, screen readers): unpinged, within the
    limit."""
    return unpinged(text)[:TEXT_MAX]


def escaped(text: str) -> str:
    """Typed text inside mrkdwn: shown as typed, never a link or a mention (R72)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = BUTTON_TEXT_MAX) -> dict[str, Any]:
    """A plain_text object; special mentions read as words here too, as in the message."""
    return {"type": "plain_text", "text": clip(unpinged(text), limit) or " ", "emoji": True}


def sections(text: str) -> list[Block]:
    """Long text as several mrkdwn sections, split at line ends where possible; unpinged."""
    blocks: list[Block] = []
    rest = unpinged(text) or " "
    while rest:
        cut = len(rest) if len(rest) <= SECTION_MAX else rest.rfind("\n", 0, SECTION_MAX)
        if cut <= 0:
            cut = SECTION_MAX
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": rest[:cut]}})
        rest = rest[cut:].lstrip("\n")
    return blocks


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    """A button; its value carries ids only."""
    element: Block = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def option(text: str, value: str, description: str | None = None) -> Block:
    """A select option, with the optional description Slack shows below it."""
    item: Block = {"text": plain(text, OPTION_TEXT_MAX), "value": value}
    if description:
        item["description"] = plain(description, OPTION_TEXT_MAX)
    return item


def button_rows(buttons: list[Block]) -> list[Block]:
    """Actions blocks of at most five buttons each."""
    return [
        {"type": "actions", "elements": buttons[i : i + BUTTONS_PER_ROW]}
        for i in range(0, len(buttons), BUTTONS_PER_ROW)
    ]


def fit(blocks: list[Block], limit: int, more_text: str) -> list[Block]:
    """At most `limit` blocks; when cut, the last one says there is more."""
    if len(blocks) <= limit:
        return blocks
    return [
        *blocks[: limit - 1],
        {"type": "context", "elements": [{"type": "mrkdwn", "text": more_text}]},
    ]
