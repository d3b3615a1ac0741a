"""Learning from outcomes (issue 11, R4): "asked as" phrasings of articles and what users
answered to suggested articles, as the search learns them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, insert, select, update

from bot.core.learning import Outcomes, Phrasing
from storage.statements import Statements
from storage.tables import ArticlePhrasingRow, DeflectionRow

_KEPT = ArticlePhrasingRow.removed_at.is_(None)


def _phrasing(row: Any) -> Phrasing:
    return Phrasing(
        row.id, row.article_id, row.text, row.case_number, row.created_at, row.created_by
    )


class PhrasingStatements(Statements):
    """The learning part of SqlUnitOfWork."""

    async def add_phrasing(
        self, *, article_id: str, text: str, case_number: int, by: str, at: datetime
    ) -> None:
        """Keep a case's description as an "asked as" phrasing of the article that solved it."""
        values = {
            "article_id": article_id,
            "text": text,
            "case_number": case_number,
            "created_by": by,
            "created_at": at,
        }
        await self._execute(insert(ArticlePhrasingRow).values(values))

    async def _drop(self, where: Any, *, by: str, at: datetime) -> Sequence[Phrasing]:
        """Mark the kept phrasings that match removed; which."""
        stmt = (
            update(ArticlePhrasingRow)
            .where(where, _KEPT)
            .values(removed_by=by, removed_at=at)
            .returning(*ArticlePhrasingRow.__table__.columns)
        )
        return [_phrasing(row) for row in await self._execute(stmt)]

    async def drop_case_phrasings(
        self, *, case_number: int, by: str, at: datetime
    ) -> Sequence[Phrasing]:
        """Mark the phrasings of a case removed (an agent named another solution); which."""
        return await self._drop(ArticlePhrasingRow.case_number == case_number, by=by, at=at)

    async def remove_phrasing(self, phrasing_id: int, *, by: str, at: datetime) -> Phrasing | None:
        """Mark one phrasing removed; None when there is no such phrasing still kept."""
        removed = await self._drop(ArticlePhrasingRow.id == phrasing_id, by=by, at=at)
        return removed[0] if removed else None

    async def phrasings(self) -> Sequence[Phrasing]:
        """The phrasings not removed, oldest first."""
        stmt = select(ArticlePhrasingRow).where(_KEPT).order_by(ArticlePhrasingRow.id)
        return [_phrasing(row) for row in await self._rows(stmt)]

    async def outcomes(self) -> Sequence[Outcomes]:
        """Per article: how often "this solved it" and "still need help" were answered."""
        solved = func.sum(case((DeflectionRow.solved, 1), else_=0))
        stmt = (
            select(DeflectionRow.article_id, solved, func.count())
            .group_by(DeflectionRow.article_id)
            .order_by(DeflectionRow.article_id)
        )
        return [
            Outcomes(article_id, int(yes), int(total) - int(yes))
            for article_id, yes, total in await self._execute(stmt)
        ]
