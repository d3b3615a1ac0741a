"""Typed answers to a choice: what people type ("refunds", "Réfunds", "refnds", "2") picks an
option when exactly one fits; when several fit equally the caller asks again (issue 12, R3)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

# A near spelling counts when it is this similar to a whole name or to one of its words.
NEAR = 0.8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Option:
    """One option: the value it stands for and every name it may be typed as."""

    value: str
    names: Collection[str]


@dataclass(frozen=True)
class Picked:
    """Exactly one option fits."""

    value: str


@dataclass(frozen=True)
class Ambiguous:
    """Several options fit equally well; their values, in the order offered."""

    values: tuple[str, ...]


Pick = Picked | Ambiguous | None


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing do not matter: 'Réfunds &  Credits' ->
    'refunds credits'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain.replace("ß", "ss")))


def pick(text: str, options: Sequence[Option]) -> Pick:
    """The option the text names: its number, a name, a unique part of a name, or a near
    spelling of one; Ambiguous when the best fit is shared; None when nothing fits."""
    typed = normalise(text)
    if not typed:
        return None
    if typed.isdigit():
        number = int(typed)
        return Picked(options[number - 1].value) if 1 <= number <= len(options) else None
    for rule in (_exact, _part):
        fits = [o.value for o in options if rule(typed, [normalise(n) for n in o.names])]
        if fits:
            best = tuple(dict.fromkeys(fits))
            return Picked(best[0]) if len(best) == 1 else Ambiguous(best)
    return _closest(typed, options)


def _exact(typed: str, names: list[str]) -> bool:
    return typed in names


def _part(typed: str, names: list[str]) -> bool:
    """Every typed word starts a word of the name ('refunds' in 'refunds credits', 'inv' in
    'invoices')."""
    words = typed.split()
    return any(all(any(w.startswith(t) for w in name.split()) for t in words) for name in names)


def _closest(typed: str, options: Sequence[Option]) -> Pick:
    """A near spelling of a whole name or, for one typed word, of one word of a name."""
    scores: dict[str, float] = {}
    for option in options:
        candidates = [normalise(n) for n in option.names]
        if " " not in typed:
            candidates += [w for n in candidates for w in n.split()]
        scores[option.value] = max(
            (difflib.SequenceMatcher(None, typed, c).ratio() for c in candidates), default=0.0
        )
    best = max(scores.values(), default=0.0)
    if best < NEAR:
        return None
    top = tuple(value for value, score in scores.items() if best - score < 0.02)
    return Picked(top[0]) if len(top) == 1 else Ambiguous(top)
