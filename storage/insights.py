"""What support leads and knowledge editors read back (R4): recorded knowledge gaps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.core.model import KnowledgeGap
from storage.statements import Statements
from storage.tables import KnowledgeGapRow


class InsightStatements(Statements):
    """The read-back part of SqlUnitOfWork."""

    async def knowledge_gaps(self, *, since: datetime) -> list[KnowledgeGap]:
        """The queries with no good match recorded since a time, oldest first."""
        rows = await self._rows(
            select(KnowledgeGapRow)
            .where(KnowledgeGapRow.at >= since)
            .order_by(KnowledgeGapRow.at, KnowledgeGapRow.id)
        )
        return [KnowledgeGap(row.query, row.topic, row.category, row.at) for row in rows]
