"""Learning from outcomes (issue 11, R4): an agent says which article solved a case, or that
a new one is needed, and the search is taught what the database holds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from bot.core.cases import CaseAction, authorise
from bot.core.errors import IntakeError, StorageUnavailable
from bot.core.learning import Solution, asked_as, wants_new_article
from bot.core.model import Case
from bot.core.ports import Knowledge, Repository
from bot.core.text import msg
from bot.service.turn import Turn, thread_key

log = logging.getLogger(__name__)

NEW_ARTICLE = "new"  # the audit's word for "a new article is needed"


async def check_solution(turn: Turn, case: Case, word: str) -> Solution:
    """What an agent names as a case's solution, checked before anything changes: agents
    only, and an article the knowledge base has, or 'new'."""
    authorise(turn.person, CaseAction.AGENT_WORK, case)
    if wants_new_article(word):
        return Solution(None)
    article_id = turn.articles_indexed().find_article(word)
    if article_id is None:
        raise IntakeError("solved.unknown_article", article=word)
    return Solution(article_id)


async def record_solution(turn: Turn, case: Case, solution: Solution) -> None:
    """Keep the requester's description as an "asked as" phrasing of the article that solved
    the case, or as a knowledge gap when a new article is needed; what was said of the case
    before is replaced. Audited; the search learns it once this commits."""
    earlier = await turn.uow.drop_case_phrasings(
        case_number=case.number, by=turn.person.id, at=turn.now
    )
    words = asked_as(case.description)
    if solution.article_id is None:
        turn.happenings.append("knowledge.gap")
        await turn.uow.record_knowledge_gap(
            person_id=case.owner_id,  # the requester's words: an erasure of them finds it
            query=words,
            topic=case.topic,
            category=case.category,
            at=turn.now,
        )
        said = msg("solved.new", case=case.ref)
    else:
        await turn.uow.add_phrasing(
            article_id=solution.article_id,
            text=words,
            case_number=case.number,
            by=turn.person.id,
            at=turn.now,
        )
        said = msg("solved.article", case=case.ref, article=solution.article_id)
    before = ",".join(phrasing.article_id for phrasing in earlier)
    await turn.audit("case.solved_by", case.ref, before, solution.article_id or NEW_ARTICLE)
    turn.relearn = True
    turn.tell_thread(case, said)
    if turn.key != thread_key(case):
        turn.say(said)


async def relearn(repository: Repository, knowledge: Knowledge) -> None:
    """Teach the search the phrasings and suggestion outcomes the database holds; that
    compares every article's phrasings, so it runs off the event loop."""
    async with repository.transaction() as uow:
        phrasings = await uow.phrasings()
        outcomes = await uow.outcomes()
    await asyncio.to_thread(knowledge.learn, phrasings, outcomes)


async def answered(knowledge: Knowledge, answers: Sequence[tuple[str, bool]]) -> None:
    """Re-weigh the search by answers just given (a pass over every article: off the loop)."""
    await asyncio.to_thread(knowledge.answered, answers)


class Lessons:
    """Teaching the search what events changed, after their answers: an agent's confirmation
    need not wait for every phrasing and outcome to be read back and taught. Events that
    change it while a lesson runs are taught by one more, not one each."""

    def __init__(self, repository: Repository, knowledge: Knowledge) -> None:
        self._repository = repository
        self._knowledge = knowledge
        self._lesson: asyncio.Task[None] | None = None
        self._due = False  # an event changed it since that lesson began

    def soon(self) -> None:
        """A lesson after the current one, or now if none runs."""
        self._due = True
        if self._lesson is None or self._lesson.done():
            self._lesson = asyncio.get_running_loop().create_task(self._while_due())

    async def _while_due(self) -> None:
        # Not counted in flight: a stop need not wait for it (the next start teaches
        # everything).
        while self._due:
            self._due = False
            try:
                await relearn(self._repository, self._knowledge)
            except StorageUnavailable:
                # The change is committed; the minute's lesson teaches it.
                log.warning("search not taught what an event changed: database unavailable")
            except Exception:
                # Nobody awaits this task: a failure is logged here or never seen.
                log.exception("teaching the search failed; the minute's lesson tries again")
