"""Case tags (R52): the statements that set, remove and read the tags agents give cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import Select, delete, select

from storage.statements import Statements
from storage.tables import CaseTagRow


def tagged(tag: str) -> Select[int]:
    """The numbers of the cases that carry a tag: a subquery for filters (queue view, report)."""
    return select(CaseTagRow.case_number).where(CaseTagRow.tag == tag)


class TagStatements(Statements):
    """The tag part of SqlUnitOfWork."""

    async def tag_case(self, *, case_number: int, tag: str) -> bool:
        """Give a case a tag; False when it had it already."""
        values = {"case_number": case_number, "tag": tag}
        return await self._insert_new(CaseTagRow, values, ("case_number", "tag"))

    async def untag_case(self, *, case_number: int, tag: str) -> bool:
        """Take a tag off a case; False when it did not have it."""
        mine = (CaseTagRow.case_number == case_number) & (CaseTagRow.tag == tag)
        return await self._delete(delete(CaseTagRow).where(mine)) > 0

    async def case_tags(
        self, case_numbers: Sequence[int] | None = None
    ) -> Mapping[int, tuple[str, ...]]:
        """The tags of these cases (of every tagged case when None), each sorted; a case
        without tags is not in the mapping."""
        stmt = select(CaseTagRow.case_number, CaseTagRow.tag).order_by(
            CaseTagRow.case_number, CaseTagRow.tag
        )
        if case_numbers is not None:
            if not case_numbers:
                return {}
            stmt = stmt.where(CaseTagRow.case_number.in_(case_numbers))
        found: defaultdict[int, list[str]] = defaultdict(list)
        for number, tag in await self._execute(stmt):
            found[number].append(tag)
        return {number: tuple(tags) for number, tags in found.items()}
