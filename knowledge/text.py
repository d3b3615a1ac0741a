"""Text normalisation shared by indexing and querying: fold, tokenise, stem, error codes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
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


def fold(text: str) -> str:
    """Lower case without accents (ä -> a, ß -> ss) and without apostrophes (don't -> dont)."""
    lowered = _APOSTROPHES.sub("", text.casefold())
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded alphanumeric words in order, stop words included."""
    return _TOKEN.findall(fold(text))


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
                break
        else:
            break
    return word
