"""The leads' report posted once per period and destination (R61): the claim is an insert
that does nothing when the key exists, so two processes racing at the period's boundary
(or a restart after it) find it there and post nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from storage.statements import Statements
from storage.tables import ReportPostRow

_KEYS = ("period_key", "destination")


class ReportPostStatements(Statements):
    """The report-posts part of SqlUnitOfWork."""

    async def reports_posted(self, *, period_key: str) -> set[str]:
        """The destinations the report of a period was posted to."""
        stmt = select(ReportPostRow.destination).where(ReportPostRow.period_key == period_key)
        return set((await self._execute(stmt)).scalars())

    async def claim_report_post(self, *, period_key: str, destination: str, at: datetime) -> bool:
        """Claim posting a period's report to a destination; False when it is claimed
        already. On PostgreSQL a second claimer waits for the first one's commit, then finds
        the row."""
        values = {"period_key": period_key, "destination": destination, "claimed_at": at}
        return await self._insert_new(ReportPostRow, values, _KEYS)
