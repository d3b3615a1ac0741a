"""Tags agents set on cases (R52): `!tag NAME ...` and `!untag NAME ...` in a case thread, or
`tag CS-n NAME` anywhere; the header shows them, the queue view and the report filter by them."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.cases import CaseAction
from bot.core.errors import IntakeError
from bot.core.model import Case
from bot.core.tags import MAX_TAGS, check_tag
from bot.core.text import Listing, Msg, msg
from bot.service.caseargs import case_arg
from bot.service.turn import Turn, thread_key
from bot.service.views import case_header


def tags_text(tags: Sequence[str]) -> Msg:
    """A case's tags as shown to agents, or that it has none."""
    return msg("plain", text=", ".join(tags)) if tags else msg("tags.none")


async def tag(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """Give the case one or more tags; every tag is checked before any is set."""
    await _change(turn, args, thread_case, add=True)


async def untag(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """Take tags off the case."""
    await _change(turn, args, thread_case, add=False)


async def _change(turn: Turn, args: Sequence[str], thread_case: Case | None, *, add: bool) -> None:
    case, rest = await case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    if not rest:
        raise IntakeError("usage.tag")
    wanted = list(dict.fromkeys(check_tag(word) for word in rest))
    before = (await turn.uow.case_tags([case.number])).get(case.number, ())
    if add:
        new = [t for t in wanted if t not in before]
        if len(before) + len(new) > MAX_TAGS:
            raise IntakeError("tag.too_many", case=case.ref, most=MAX_TAGS)
        for name in new:
            await turn.uow.tag_case(case_number=case.number, tag=name)
            await turn.audit("case.tag", case.ref, after=name)
    else:
        missing = [t for t in wanted if t not in before]
        if missing:
            raise IntakeError("tag.missing", case=case.ref, tag=Listing(tuple(missing)))
        for name in wanted:
            await turn.uow.untag_case(case_number=case.number, tag=name)
            await turn.audit("case.untag", case.ref, before=name)
    after = (await turn.uow.case_tags([case.number])).get(case.number, ())
    text = msg("tags.now", case=case.ref, tags=tags_text(after))
    turn.tell_thread(case, text)
    if turn.key != thread_key(case):
        turn.say(text)
    if after != before:
        turn.actions.append(await case_header(turn, case, new=False))
