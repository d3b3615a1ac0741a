"""People, their orgs and accounts, and conversations: the part of SqlUnitOfWork that every
event starts with (issue 8: the person and the conversation in one statement)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, and_, bindparam, delete, func, literal, select, true
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import ScalarSelect

from bot.core.model import Conversation, ConversationKey, Identity, Org, Person
from storage import mapping
from storage.inbox import claim_statement
from storage.mapping import Values
from storage.sessions import InlineSession
from storage.statements import Statements
from storage.tables import (
    ConversationRow,
    IdentityRow,
    LinkCodeRow,
    OrgRow,
    PersonRoleRow,
    PersonRow,
)

_CONVERSATION_KEY = ("platform", "workspace", "channel", "user", "thread")
# Read on every event: built once, on the table (Core rows, no ORM loading).
_CONVERSATIONS = cast(Table, ConversationRow.__table__)
_CONVERSATION_AT = select(_CONVERSATIONS).where(
    *(_CONVERSATIONS.c[name] == bindparam(name) for name in _CONVERSATION_KEY)
)
# A person with roles (a row each) and org, in one statement.
_PEOPLE = cast(Table, PersonRow.__table__)
_ORGS = cast(Table, OrgRow.__table__)
_ROLES = cast(Table, PersonRoleRow.__table__)
_IDENTITIES = cast(Table, IdentityRow.__table__)
_PERSON = (
    select(_PEOPLE, _ROLES.c.role, _ORGS)
    .outerjoin(_ROLES, _ROLES.c.person_id == _PEOPLE.c.id)
    .outerjoin(_ORGS, _ORGS.c.id == _PEOPLE.c.org_id)
)
_PERSON_BY_ID = _PERSON.where(_PEOPLE.c.id == bindparam("person_id"))
_LINKED = _PEOPLE.c.id == (
    select(_IDENTITIES.c.person_id)
    .where(
        *(_IDENTITIES.c[name] == bindparam(name) for name in ("platform", "workspace", "user_id"))
    )
    .scalar_subquery()
)
_PERSON_BY_IDENTITY = _PERSON.where(_LINKED)
# The start of every event: the person (with roles and org) and the conversation the event
# happens in, in one statement; either may be missing, so both hang off a one-row anchor.
_ANCHOR = select(literal(1).label("anchor")).subquery("anchor")
_IN_CONVERSATION = and_(
    *(_CONVERSATIONS.c[name] == bindparam("at_" + name) for name in _CONVERSATION_KEY)
)
_ARRIVAL = select(_PEOPLE, _ROLES.c.role, _ORGS, _CONVERSATIONS).select_from(
    _ANCHOR.outerjoin(_PEOPLE, _LINKED)
    .outerjoin(_ROLES, _ROLES.c.person_id == _PEOPLE.c.id)
    .outerjoin(_ORGS, _ORGS.c.id == _PEOPLE.c.org_id)
    .outerjoin(_CONVERSATIONS, _IN_CONVERSATION)
)
_ARRIVAL_COLUMNS = tuple(_ARRIVAL.selected_columns)

# The same on PostgreSQL with the event's claim (storage.inbox) as a WITH query: one round
# trip where there were two. The read sees the database as before the claim, which is all
# it reads; `claimed` is NULL when the event was handled before.
_CLAIMED = claim_statement(True).cte("claimed")
_CLAIMED_ARRIVAL = select(_CLAIMED.c.inbound_id.label("claimed"), *_ARRIVAL.selected_columns)
_CLAIMED_ARRIVAL = _CLAIMED_ARRIVAL.select_from(
    _ANCHOR.outerjoin(_CLAIMED, true())
    .outerjoin(_PEOPLE, _LINKED)
    .outerjoin(_ROLES, _ROLES.c.person_id == _PEOPLE.c.id)
    .outerjoin(_ORGS, _ORGS.c.id == _PEOPLE.c.org_id)
    .outerjoin(_CONVERSATIONS, _IN_CONVERSATION)
)


# On SQLite, which has no writes in a WITH query, the read rides on the claim instead: a
# subquery in its RETURNING gives the read's rows as one JSON array, decoded below with each
# column's own result type. One statement where there were two there too.
class _Qualified(ScalarSelect[Any]):
    """A scalar subquery that names every column with its table: SQLite's compiler names a
    RETURNING's columns bare, and a join's ON clause inside it would be ambiguous."""

    inherit_cache = True


@compiles(_Qualified)
def _compile_qualified(element: _Qualified, compiler: SQLCompiler, **kw: Any) -> str:
    return "(" + compiler.process(element.element, **(kw | {"include_table": True})) + ")"


_ARRIVAL_AS_JSON = _Qualified(
    _ARRIVAL.with_only_columns(func.json_group_array(func.json_array(*_ARRIVAL_COLUMNS)))
)
_CLAIM_WITH_ARRIVAL = claim_statement(False).returning(_ARRIVAL_AS_JSON.label("arrival"))
_SQLITE = sqlite.dialect()
_ARRIVAL_DECODERS = tuple(
    column.type.dialect_impl(_SQLITE).result_processor(_SQLITE, None) for column in _ARRIVAL_COLUMNS
)


def _arrival_rows(arrival: str) -> list[dict[Any, Any]]:
    """The rows of _ARRIVAL, by column, from the JSON array of _CLAIM_WITH_ARRIVAL."""
    return [
        {
            column: value if decode is None or value is None else decode(value)
            for column, decode, value in zip(
                _ARRIVAL_COLUMNS, _ARRIVAL_DECODERS, values, strict=True
            )
        }
        for values in json.loads(arrival)
    ]


class PeopleStatements(Statements):
    """People, orgs, accounts and conversations; a transaction remembers the ones it read or
    wrote, so asking again costs no statement."""

    def __init__(self, session: AsyncSession | InlineSession, *, postgres: bool) -> None:
        super().__init__(session, postgres=postgres)
        self._orgs: dict[str, Org] = {}
        self._people: dict[str, Person] = {}
        self._conversations: dict[ConversationKey, Conversation | None] = {}  # None: none there
        # The person read by `arrive`, for the first person_by_identity that asks for it.
        self._arrived: dict[tuple[Identity, ConversationKey], Person | None] = {}
        # Accounts asked for: a timer batch asks for the same queue lead once per breach.
        self._accounts: dict[tuple[str, str, str], Identity | None] = {}

    # -- people and orgs ---------------------------------------------------------------

    async def arrive(
        self,
        *,
        platform: str,
        inbound_id: str,
        at: datetime,
        identity: Identity,
        key: ConversationKey,
    ) -> bool:
        """Claim an event (False: handled before) and read its person and conversation, in
        one statement."""
        claim = {
            "claim_platform": platform,
            "claim_inbound_id": inbound_id,
            "claim_received_at": at,
        }
        reading = _reading(identity, key)
        rows: Sequence[Mapping[Any, Any]]
        if self._postgres:
            rows = (await self._core(_CLAIMED_ARRIVAL, claim | reading)).mappings().all()
            if rows[0]["claimed"] is None:
                return False
        else:
            claimed = (await self._core(_CLAIM_WITH_ARRIVAL, claim | reading)).first()
            if claimed is None:
                return False
            rows = _arrival_rows(claimed.arrival)
        self._arrived[(identity, key)] = self._person_of(rows, key)
        return True

    async def _person(
        self, stmt: Select[Any], params: Values, at: ConversationKey | None = None
    ) -> Person | None:
        """A person with roles and org from one of the statements below."""
        return self._person_of((await self._core(stmt, params)).mappings().all(), at)

    def _person_of(
        self, rows: Sequence[Mapping[Any, Any]], at: ConversationKey | None
    ) -> Person | None:
        """The person of rows (by column) with roles and org; the org is kept for `org()`,
        and the conversation at `at` (_ARRIVAL) for `conversation()`."""
        if at is not None:
            found = rows[0][_CONVERSATIONS.c.id] is not None  # the anchor's row
            conversation = mapping.ColumnView(rows[0], _CONVERSATIONS)
            self._conversations[at] = mapping.conversation_from_row(conversation) if found else None
        if not rows or rows[0][_PEOPLE.c.id] is None:
            return None
        if rows[0][_ORGS.c.id] is not None:
            org = mapping.org_from_row(mapping.ColumnView(rows[0], _ORGS))
            self._orgs[org.id] = org
        roles = [row[_ROLES.c.role] for row in rows if row[_ROLES.c.role] is not None]
        person = mapping.person_from_row(mapping.ColumnView(rows[0], _PEOPLE), roles)
        self._people[person.id] = person
        return person

    async def person_by_identity(
        self, identity: Identity, *, conversation_at: ConversationKey | None = None
    ) -> Person | None:
        """The person linked to a platform account; with `conversation_at`, the conversation
        there is read in the same statement."""
        if conversation_at is None:
            return await self._person(_PERSON_BY_IDENTITY, _reading(identity, None))
        if (identity, conversation_at) in self._arrived:
            return self._arrived.pop((identity, conversation_at))
        return await self._person(_ARRIVAL, _reading(identity, conversation_at), conversation_at)

    async def identity_of(
        self, *, person_id: str, platform: str, workspace: str
    ) -> Identity | None:
        """The person's account on a platform, this workspace first (Discord ids are global)."""
        asked = (person_id, platform, workspace)
        if asked not in self._accounts:
            stmt = (
                select(IdentityRow)
                .where(IdentityRow.person_id == person_id, IdentityRow.platform == platform)
                .order_by((IdentityRow.workspace == workspace).desc(), IdentityRow.workspace)
            )
            row = await self._row(stmt)
            self._accounts[asked] = (
                Identity(row.platform, row.workspace, row.user_id) if row else None
            )
        return self._accounts[asked]

    async def add_link_code(self, *, code: str, person_id: str, expires_at: datetime) -> None:
        """Store a one-time link code for a person."""
        self._session.add(LinkCodeRow(code=code, person_id=person_id, expires_at=expires_at))
        await self._session.flush()

    async def take_link_code(self, *, code: str, now: datetime) -> str | None:
        """The person of an unexpired code; the code is used up either way."""
        row = await self._row(select(LinkCodeRow).where(LinkCodeRow.code == code))
        if row is None:
            return None
        await self._session.delete(row)
        await self._session.flush()
        return row.person_id if row.expires_at > now else None

    async def drop_expired_link_codes(self, *, now: datetime) -> int:
        """Delete link codes that expired unused; how many."""
        return await self._delete(delete(LinkCodeRow).where(LinkCodeRow.expires_at <= now))

    async def person(self, person_id: str) -> Person | None:
        """A person by id."""
        if person_id in self._people:
            return self._people[person_id]
        return await self._person(_PERSON_BY_ID, {"person_id": person_id})

    async def save_person(self, person: Person) -> None:
        """Insert or update a person (roles and flags included)."""
        await self._upsert(PersonRow, mapping.person_values(person), ["id"])
        await self._execute(delete(PersonRoleRow).where(PersonRoleRow.person_id == person.id))
        roles = [{"person_id": person.id, "role": role.value} for role in sorted(person.roles)]
        await self._insert_many(PersonRoleRow, roles)
        self._people[person.id] = person

    async def link_identity(self, *, person_id: str, identity: Identity) -> None:
        """Link a platform account to a person (one case history across platforms)."""
        values = {
            "platform": identity.platform,
            "workspace": identity.workspace,
            "user_id": identity.user_id,
            "person_id": person_id,
        }
        await self._upsert(IdentityRow, values, ["platform", "workspace", "user_id"])
        self._accounts.clear()

    async def org(self, org_id: str) -> Org | None:
        """An org by id (read with its person already, most of the time)."""
        if org_id not in self._orgs:
            row = await self._row(select(OrgRow).where(OrgRow.id == org_id))
            if row is None:
                return None
            self._orgs[org_id] = mapping.org_from_row(row)
        return self._orgs[org_id]

    async def orgs_managed_by(self, partner_org_id: str) -> Sequence[Org]:
        """Customer orgs a partner org manages (R8)."""
        stmt = select(OrgRow).where(OrgRow.managed_by == partner_org_id).order_by(OrgRow.id)
        return [mapping.org_from_row(row) for row in await self._rows(stmt)]

    async def save_org(self, org: Org) -> None:
        """Insert or update an org."""
        await self._upsert(OrgRow, mapping.org_values(org), ["id"])
        self._orgs[org.id] = org

    # -- conversations -----------------------------------------------------------------

    async def conversation(self, key: ConversationKey) -> Conversation | None:
        """The conversation at a key."""
        if key not in self._conversations:
            row = (await self._core(_CONVERSATION_AT, mapping.key_values(key))).first()
            self._conversations[key] = mapping.conversation_from_row(row) if row else None
        return self._conversations[key]

    async def save_conversation(self, conversation: Conversation) -> None:
        """Insert or replace the conversation at its key; one as it was read stays unwritten."""
        if self._conversations.get(conversation.key) == conversation:
            return
        values = mapping.conversation_values(conversation)
        self._upsert_later(ConversationRow, values, _CONVERSATION_KEY)  # read from memory
        self._conversations[conversation.key] = conversation


def _reading(identity: Identity, key: ConversationKey | None) -> Values:
    """The parameters of _PERSON_BY_IDENTITY, or of _ARRIVAL with a conversation key."""
    params: Values = {
        "platform": identity.platform,
        "workspace": identity.workspace,
        "user_id": identity.user_id,
    }
    if key is not None:
        params |= {"at_" + name: value for name, value in mapping.key_values(key).items()}
    return params
