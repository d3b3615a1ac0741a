"""Validation problems that point at a file and line, and the error that carries them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a knowledge file, printed as `path:line: message`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        """The `path:line: message` form editors and CI understand."""
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeError(ValueError):
    """The knowledge directory cannot be loaded; `problems` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Keep the problems and show the first few in the message."""
        self.problems = tuple(problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"invalid knowledge base: {shown}{more}")
