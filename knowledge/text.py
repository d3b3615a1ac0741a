"""Text normalisation shared by indexing and querying: fold, tokenise, stem, error codes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
_WRITTEN = re.compile(r"[^\W_]+")  # a word as written, in any script
_APOSTROPHES = re.compile(r"['\u2019`\u00b4]")
# Suffixes stripped repeatedly (at most twice) while at least four letters remain; one list
# serves English and German because the index only needs consistent, not correct, stems.
_SUFFIXES = (
    ("ungen", "ung"),
    ("ies", "y"),
    ("ings", ""),
    ("ing", ""),
    ("ed", ""),
    ("es", ""),
    ("en", ""),
    ("er", ""),
    ("ly", ""),
    ("s", ""),
    ("e", ""),
)
MIN_STEM = 4
# English endings after which a doubled consonant is undone, so "stopped", "logging" and
# "planned" meet "stop", "log" and "plan" (Porter's rule; not l, s, z, f: "called", "passed",
# "buzzed" and "staffed" keep theirs, as "call" does). German's "-en" and "-er" are left be:
# "kommen" and "komm" already meet.
_UNDOUBLED_AFTER = frozenset({"ed", "ing", "ings"})
_KEPT_DOUBLE = frozenset("lszf")


class _Marks(dict[int, int | None]):
    """str.translate table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _Marks()


def words(text: str) -> list[str]:
    """Folded alphanumeric words in order, stop words included: lower case without accents
    (ä -> a, ß -> ss) and without apostrophes (don't -> dont)."""
    return words_as_written(text)[0]


def words_as_written(text: str) -> tuple[list[str], list[str]]:
    """Folded words, as `words` gives them, and beside each the word it was written as
    (lower case, marks kept): "ändere" (change) folds to "andere" (other), a stop word."""
    lowered = _APOSTROPHES.sub("", text.casefold())
    if lowered.isascii():
        found = _TOKEN.findall(lowered)  # nothing to decompose (most text)
        return found, found
    folded: list[str] = []
    written: list[str] = []
    for token in _WRITTEN.findall(unicodedata.normalize("NFC", lowered)):
        parts = _folded_word(token)
        folded.extend(parts)
        written.extend([token] * len(parts))
    return folded, written


@lru_cache(maxsize=65536)
def _folded_word(token: str) -> tuple[str, ...]:
    if token.isascii():
        return (token,)
    return tuple(_TOKEN.findall(unicodedata.normalize("NFKD", token).translate(_WITHOUT_MARKS)))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, language-neutral stem: invoices/invoice -> invoic, Rechnungen -> rechnung."""
    if word.isdigit():
        return word
    for _ in range(2):
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= MIN_STEM:
                if suffix == "s" and word.endswith("ss"):
                    continue
                word = word[: len(word) - len(suffix)] + replacement
                if suffix in _UNDOUBLED_AFTER and _doubled(word):
                    word = word[:-1]
                break
        else:
            break
    return word


def _doubled(word: str) -> bool:
    """Whether the word ends in a doubled consonant that an English ending doubled."""
    last = word[-1]
    return word[-2] == last and last not in _KEPT_DOUBLE and last not in "aeiou0123456789"
