"""Typed text is made storable where it enters the core: every event's text fields (issue 8)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.events import Actor, ChoiceMade, CommandInvoked, FormSubmitted, MessageReceived
from bot.core.model import Attachment, ConversationKey, Identity
from bot.core.storable import storable

KEY = ConversationKey("slack", "T1", "D1", user="U1")
BAD = "\x00\ud800\udfff"


def test_every_text_field_of_an_event_is_cleaned() -> None:
    who = Actor(Identity("slack", "T1", "U1"), f"Ali{BAD}ce")
    assert who.name == "Alice"
    message = MessageReceived(KEY, who, f"a{BAD}b", (Attachment(f"log{BAD}.txt", 3, "text/plain"),))
    assert (message.text, message.attachments[0].name) == ("ab", "log.txt")
    assert ChoiceMade(KEY, who, "topic", f"billing{BAD}").value == "billing"
    assert FormSubmitted(KEY, who, {"subject": f"Sub{BAD}ject"}).values == {"subject": "Subject"}
    command = CommandInvoked(KEY, who, f"close{BAD}", (f"CS-1{BAD}", "fixed"))
    assert (command.name, command.args) == ("close", ("CS-1", "fixed"))


@given(st.text())
def test_cleaned_text_always_encodes_and_keeps_everything_else(text: str) -> None:
    cleaned = storable(text)
    assert "\x00" not in cleaned
    cleaned.encode("utf-8")  # no lone surrogate left
    assert cleaned == "".join(c for c in text if c != "\x00" and not "\ud800" <= c <= "\udfff")
