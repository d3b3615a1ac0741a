"""Administration (issue 10): roles, designated contacts, linked accounts, the audit trail,
everything kept about a person and erasing them, each change, export and erasure audited
under the operator's name."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from bot.core.learning import Phrasing
from bot.core.model import (
    AuditEntry,
    CaseStatus,
    Identity,
    Org,
    Person,
    Role,
    case_ref,
    parse_case_ref,
)
from bot.core.ports import Clock, Repository, UnitOfWork
from bot.service.erasure import ERASED, erase, was_erased


class AdminError(ValueError):
    """A request naming nothing known, or breaking a rule; the message says which."""


@dataclass(frozen=True)
class Admin:
    """The operator's commands on one database."""

    repository: Repository
    clock: Clock
    operator: str  # the audit's actor, e.g. "admin:root"
    locale: str = "en"  # the agents': what stays of an erased person is written in it

    async def set_role(self, person_id: str, role: Role, *, granted: bool) -> str:
        """Grant or revoke a role; what the person holds now."""
        if role is Role.USER and not granted:
            raise AdminError("everyone keeps the user role: revoke the others")
        async with self.repository.transaction() as uow:
            person = await _person(uow, person_id)
            roles = person.roles | {role} if granted else person.roles - {role}
            if roles == person.roles:
                held = "holds" if granted else "does not hold"
                return f"{person_id} {held} {role.value} already; nothing changed"
            await uow.save_person(replace(person, roles=frozenset(roles)))
            action = "role.granted" if granted else "role.revoked"
            await self._audit(uow, action, person_id, _roles(person.roles), _roles(roles))
        return f"{person_id}: roles {_roles(roles)}"

    async def set_contact(self, person_id: str, *, designated: bool) -> str:
        """Make a person a designated contact of their org (R21), or no longer one."""
        async with self.repository.transaction() as uow:
            person = await _person(uow, person_id)
            if person.designated_contact == designated:
                return f"{person_id}: designated contact {_yes(designated)} already"
            await uow.save_person(replace(person, designated_contact=designated))
            before, after = _yes(person.designated_contact), _yes(designated)
            await self._audit(uow, "contact.designated", person_id, before, after)
        return f"{person_id}: designated contact {_yes(designated)}"

    async def link(self, person_id: str, identity: Identity) -> str:
        """Link a platform account to a person (one case history across platforms)."""
        async with self.repository.transaction() as uow:
            await _person(uow, person_id)
            account = _account(identity)
            holder = await uow.person_by_identity(identity)
            if holder is not None and holder.id != person_id:
                raise AdminError(f"{account} is linked to {holder.id} already")
            if holder is not None:
                return f"{account} is linked to {person_id} already"
            await uow.link_identity(person_id=person_id, identity=identity)
            await self._audit(uow, "identity.linked", person_id, "", account)
        return f"{account} linked to {person_id}"

    async def add_org(self, org: Org, *, plans: Collection[str]) -> str:
        """A new customer or partner org on a plan of the catalogue."""
        if org.plan not in plans:
            raise AdminError(f"no plan {org.plan!r}: one of {', '.join(sorted(plans))}")
        async with self.repository.transaction() as uow:
            if await uow.org(org.id) is not None:
                raise AdminError(f"the org {org.id!r} exists already")
            if org.managed_by is not None:
                await _org(uow, org.managed_by)
            await uow.save_org(org)
            await self._audit(uow, "org.added", org.id, "", f"{org.name}, plan {org.plan}")
        return f"{org.id}: {org.name}, plan {org.plan}"

    async def set_partner(self, org_id: str, partner_id: str | None) -> str:
        """Let a partner org manage an org (R8), or no partner any more."""
        if partner_id == org_id:
            raise AdminError("an org cannot be its own partner")
        async with self.repository.transaction() as uow:
            org = await _org(uow, org_id)
            if partner_id is not None:
                await _org(uow, partner_id)
            if org.managed_by == partner_id:
                return f"{org_id}: partner {partner_id or 'none'} already"
            await uow.save_org(replace(org, managed_by=partner_id))
            before, after = org.managed_by or "none", partner_id or "none"
            await self._audit(uow, "org.partner", org_id, before, after)
        return f"{org_id}: partner {partner_id or 'none'}"

    async def audit_trail(self, subject: str) -> list[AuditEntry]:
        """The audit rows of a case (CS-12), of a person (acting or acted on), or of any
        other subject (an org)."""
        async with self.repository.transaction() as uow:
            if parse_case_ref(subject) is not None:
                return list(await uow.audit(subject.upper()))
            if await uow.person(subject) is not None:
                return list(await uow.audit_involving(subject))
            return list(await uow.audit(subject))

    async def export(self, person_id: str) -> dict[str, Any]:
        """Everything kept about a person, as JSON-ready data (a data request)."""
        async with self.repository.transaction() as uow:
            person = await _person(uow, person_id, erased_too=True)
            cases = []
            for case in await uow.cases(owner_id=person_id):
                feedback = await uow.feedback(case.number)
                cases.append(
                    {
                        "case": _plain(asdict(case)),
                        "messages": [_plain(asdict(m)) for m in await uow.messages(case.number)],
                        "feedback": _plain(asdict(feedback)) if feedback else None,
                    }
                )
            exported = {
                "person": _plain(asdict(person)),
                "accounts": [_account(identity) for identity in await uow.identities(person_id)],
                "cases": cases,
                "audit": [_plain(asdict(e)) for e in await uow.audit_involving(person_id)],
            }
            await self._audit(uow, "data.exported", person_id, "", f"{len(cases)} cases")
        return exported

    async def erase(self, person_id: str) -> str:
        """Erase a person on request (R73) once their cases are closed; what changed."""
        async with self.repository.transaction() as uow:
            person = await _person(uow, person_id, erased_too=True)
            if await was_erased(uow, person_id):
                return f"{person_id} was erased already; nothing changed"
            cases = await uow.cases(owner_id=person_id)
            still_open = [case.ref for case in cases if case.status is not CaseStatus.CLOSED]
            if still_open:
                raise AdminError(
                    f"{person_id} has cases not closed ({', '.join(still_open)}): only a closed "
                    "case's record is kept of an erased person (R73), so close them first"
                )
            erased = await erase(uow, person, locale=self.locale, now=self.clock.now())
            await self._audit(uow, ERASED, person_id, "", str(erased))
        return f"{person_id} erased: {erased}"

    async def phrasings(self) -> list[Phrasing]:
        """The "asked as" phrasings the search learns (issue 11), oldest first, for review."""
        async with self.repository.transaction() as uow:
            return list(await uow.phrasings())

    async def remove_phrasing(self, phrasing_id: int) -> Phrasing:
        """Take a phrasing out of the search (a running bot learns it within a minute);
        audited on its case, with the article but not the requester's words."""
        async with self.repository.transaction() as uow:
            removed = await uow.remove_phrasing(phrasing_id, by=self.operator, at=self.clock.now())
            if removed is None:
                raise AdminError(
                    f"no phrasing {phrasing_id}: `supportbot kb phrasings` lists them with ids"
                )
            subject = case_ref(removed.case_number)
            what = f"{removed.article_id} (phrasing {removed.id})"
            await self._audit(uow, "phrasing.removed", subject, what, "")
        return removed

    async def _audit(
        self, uow: UnitOfWork, action: str, subject: str, before: str, after: str
    ) -> None:
        entry = AuditEntry(self.operator, action, subject, self.clock.now(), before, after)
        await uow.add_audit(entry)


async def _person(uow: UnitOfWork, person_id: str, *, erased_too: bool = False) -> Person:
    person = await uow.person(person_id)
    if person is None:
        raise AdminError(
            f"no person {person_id!r}: people come from directory.yaml or from their first "
            "message (see `supportbot admin audit` for ids)"
        )
    if not erased_too and await was_erased(uow, person_id):
        raise AdminError(
            f"{person_id} was erased (R73): an erased person gets no role, contact or account"
        )
    return person


async def _org(uow: UnitOfWork, org_id: str) -> Org:
    org = await uow.org(org_id)
    if org is None:
        raise AdminError(f"no org {org_id!r}: orgs come from directory.yaml or `admin org add`")
    return org


def _account(identity: Identity) -> str:
    return f"{identity.platform}:{identity.workspace}:{identity.user_id}"


def _roles(roles: frozenset[Role]) -> str:
    return ",".join(sorted(role.value for role in roles))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _plain(value: Any) -> Any:
    """Dataclass fields as JSON types: times as ISO text, sets as sorted lists."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(str(v) for v in value)
    return value
