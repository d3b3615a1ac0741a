"""The agents' queue view (R50): which open cases to list, and when one breached its SLA."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.errors import IntakeError
from bot.core.model import Case, Catalogue
from bot.core.tags import check_tag

# Typed filter words -> filter; German words too, like the command aliases.
_MINE = frozenset({"mine", "my", "meine", "mir"})
_UNASSIGNED = frozenset({"unassigned", "free", "unzugewiesen", "frei"})
_BREACHED = frozenset({"breached", "late", "overdue", "überfällig", "ueberfaellig", "verletzt"})
_QUEUE = frozenset({"queue", "warteschlange"})
_ALL = frozenset({"all", "alle"})
_TAG = frozenset({"tag", "tagged", "schlagwort", "markiert"})


@dataclass(frozen=True)
class QueueFilter:
    """What an agent narrowed the queue view to; no filter lists every open case."""

    mine: bool = False
    unassigned: bool = False
    breached: bool = False
    queue: str | None = None
    tag: str | None = None  # R52


def parse_queue_filter(args: Sequence[str], queues: Sequence[str]) -> QueueFilter:
    """`mine`, `unassigned`, `breached`, `queue NAME` (or just NAME, or a unique part of it),
    `tag NAME` (or #NAME); an unknown word or queue raises an error that lists what works."""
    found = QueueFilter()
    words = [w.lower() for w in args]
    while words:
        word = words.pop(0)
        if word in _MINE:
            found = replace(found, mine=True)
        elif word in _UNASSIGNED:
            found = replace(found, unassigned=True)
        elif word in _BREACHED:
            found = replace(found, breached=True)
        elif word in _QUEUE:
            if not words:
                raise IntakeError("queue.needs_name", queues=", ".join(queues))
            found = replace(found, queue=_queue_named(words.pop(0), queues))
        elif word in _TAG:
            if not words:
                raise IntakeError("queue.needs_tag")
            found = replace(found, tag=check_tag(words.pop(0)))
        elif word.startswith("#"):
            found = replace(found, tag=check_tag(word))
        elif word not in _ALL:
            found = replace(found, queue=_queue_named(word, queues))
    return found


def _queue_named(word: str, queues: Sequence[str]) -> str:
    exact = [q for q in queues if q.lower() == word]
    fitting = exact or [q for q in queues if word in q.lower()]
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        raise IntakeError("queue.ambiguous", word=word, queues=", ".join(fitting))
    raise IntakeError("queue.unknown_filter", word=word, queues=", ".join(queues))


def breached(case: Case, now: datetime) -> bool:
    """The first response missed its due time: still missing after it, or given late (R20)."""
    return (case.first_response_at or now) > case.first_response_due


def queue_names(catalogue: Catalogue) -> tuple[str, ...]:
    """The agent queues the catalogue routes categories to, sorted (R3)."""
    return tuple(sorted({category.queue for category in catalogue.categories}))
