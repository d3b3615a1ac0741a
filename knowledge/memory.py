"""Giving memory back to the operating system after building an index."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None  # not glibc (macOS, musl): nothing to hand back this way
    return trim


def release_freed_memory() -> None:
    """Hand back the pages that freed temporaries left in the C heap: glibc keeps them, so an
    idle process would otherwise stay as large as the build's peak (issue 11)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
