"""Erasing a person (R73): the statements that cut them off from their accounts and places
and replace their words, so their records stay for the reports without saying who or what."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, Update, delete, or_, select, update

from bot.core.model import ConversationKey, Identity, Person
from bot.core.ports import ErasedWords, Unhandled
from storage import mapping
from storage.statements import Statements
from storage.tables import (
    ArticlePhrasingRow,
    AttachmentRow,
    CaseRow,
    ConversationRow,
    DeflectionRow,
    EscalationRow,
    FeedbackRow,
    IdentityRow,
    InboxRow,
    KnowledgeGapRow,
    LinkCodeRow,
    MessageRow,
    OutboxRow,
    ParticipantRow,
)


def _owned(person_id: str) -> Select[int]:
    """The numbers of the cases a person owns (a subquery)."""
    return select(CaseRow.number).where(CaseRow.owner_id == person_id)


class ErasureStatements(Statements):
    """The erasure part of SqlUnitOfWork."""

    _accounts: dict[tuple[str, str, str], Identity | None]  # PeopleStatements' memory

    async def _rewrite(self, stmt: Update) -> int:
        """Run an UPDATE; how many rows it changed."""
        return int((await self._execute(stmt)).rowcount)

    async def unlink_person(self, person: Person) -> Sequence[ConversationKey]:
        """Delete a person's accounts, link codes and intake conversations, and take them
        out of every case's participants; the keys of the conversations deleted."""
        mine = ConversationRow.person_id == person.id
        keys = [
            mapping.conversation_from_row(row).key
            for row in await self._rows(select(ConversationRow).where(mine))
        ]
        await self._delete(delete(ConversationRow).where(mine))
        await self._delete(delete(IdentityRow).where(IdentityRow.person_id == person.id))
        self._accounts.clear()
        await self._delete(delete(LinkCodeRow).where(LinkCodeRow.person_id == person.id))
        named = [name for name in (person.id, person.email) if name]
        await self._delete(delete(ParticipantRow).where(ParticipantRow.participant.in_(named)))
        return keys

    async def erase_words(self, person_id: str, *, marker: str) -> ErasedWords:
        """Replace with `marker` the messages of a person's cases and theirs elsewhere (their
        attachments deleted), the feedback comments and escalation descriptions of their
        cases or by them, and their article searches; the phrasings of their cases' words
        that the search learnt are deleted."""
        owned = _owned(person_id)
        await self._delete(
            delete(ArticlePhrasingRow).where(ArticlePhrasingRow.case_number.in_(owned))
        )
        messages = select(MessageRow.id).where(
            or_(MessageRow.author_id == person_id, MessageRow.case_number.in_(owned))
        )
        files = await self._delete(
            delete(AttachmentRow).where(AttachmentRow.message_id.in_(messages))
        )
        words = await self._rewrite(
            update(MessageRow).where(MessageRow.id.in_(messages)).values(text=marker)
        )
        await self._rewrite(
            update(FeedbackRow)
            .where(or_(FeedbackRow.person_id == person_id, FeedbackRow.case_number.in_(owned)))
            .values(comment=marker)
        )
        await self._rewrite(
            update(EscalationRow)
            .where(EscalationRow.case_number.in_(owned))
            .values(description=marker)
        )
        for searched in (DeflectionRow, KnowledgeGapRow):
            await self._rewrite(
                update(searched).where(searched.person_id == person_id).values(query=marker)
            )
        return ErasedWords(messages=words, attachments=files)

    async def drop_outbox_to(self, destinations: Sequence[str]) -> int:
        """Delete the outbox rows to these destinations, sent or not; how many."""
        return await self._delete(delete(OutboxRow).where(OutboxRow.destination.in_(destinations)))

    async def waiting_inbound(self, *, platform: str) -> Sequence[Unhandled]:
        """Recorded events of a platform not handled yet, as they are (no lease taken)."""
        stmt = select(InboxRow).where(
            InboxRow.platform == platform, InboxRow.lease_until.is_not(None)
        )
        return [
            Unhandled(row.inbound_id, row.payload or {}, row.attempts)
            for row in await self._rows(stmt)
        ]
