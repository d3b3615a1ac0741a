"""Ids seen lately, to drop a platform's second delivery of the same thing."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class RecentIds:
    """Remembers ids for `lifetime` seconds; memory is bounded by what arrives meanwhile."""

    def __init__(self, lifetime: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._lifetime = lifetime
        self._clock = clock
        self._expiry: OrderedDict[str, float] = OrderedDict()  # oldest first

    def first(self, item: str) -> bool:
        """True the first time an id is offered within its lifetime, then False."""
        now = self._clock()
        while self._expiry and next(iter(self._expiry.values())) <= now:
            self._expiry.popitem(last=False)
        if item in self._expiry:
            return False
        self._expiry[item] = now + self._lifetime
        return True
