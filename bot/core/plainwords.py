"""What a message typed outside any question means: small talk, or a problem described in
plain words that starts intake by itself (issue 12 point 5, R1)."""

from __future__ import annotations

from bot.core.choices import normalise

# Words of greetings, thanks and goodbyes in the languages people write to us in; a message
# made only of these is small talk, answered with a short hello.
SMALL_TALK = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "hallo",
        "moin",
        "servus",
        "gruss",
        "gruezi",
        "guten",
        "tag",
        "morgen",
        "abend",
        "good",
        "morning",
        "afternoon",
        "evening",
        "there",
        "all",
        "team",
        "folks",
        "bot",
        "supportbot",
        "thanks",
        "thank",
        "you",
        "danke",
        "schon",
        "vielen",
        "dank",
        "ok",
        "okay",
        "bye",
        "tschuss",
        "ciao",
        "hola",
        "buongiorno",
        "salut",
        "bonjour",
        "merci",
        "cheers",
        "yo",
    }
)
# Fewer words than this say too little to place a problem ("invoice?"): the bot says what
# it can do instead of guessing.
PROBLEM_WORDS = 3


def is_small_talk(text: str) -> bool:
    """Greetings, thanks or goodbyes alone ("Hi!", "Guten Morgen", "thanks a lot" is not)."""
    words = normalise(text).split()
    return bool(words) and all(word in SMALL_TALK for word in words)


def describes_problem(text: str) -> bool:
    """A sentence about a problem: enough words, and not only small talk."""
    words = [w for w in normalise(text).split() if not w.isdigit()]
    return len(words) >= PROBLEM_WORDS and not is_small_talk(text)
