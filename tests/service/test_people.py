"""People as platforms describe them: a newcomer takes the platform's language and time zone;
the directory's time zone stays, the platform's language wins (R30, R33)."""

from __future__ import annotations

from bot.core.events import Actor, CommandInvoked
from bot.core.model import ConversationKey, Identity
from tests.service.conftest import World


async def person_after(world: World, actor: Actor) -> tuple[str, str]:
    key = ConversationKey(actor.identity.platform, "T1", "D1", user=actor.identity.user_id)
    await world.service.handle(CommandInvoked(key, actor, "tickets"))
    async with world.repository.transaction() as uow:
        person = await uow.person_by_identity(actor.identity)
    assert person is not None
    return person.locale, person.timezone


async def test_a_newcomer_takes_the_platforms_language_and_time_zone(world: World) -> None:
    nia = Actor(Identity("slack", "T1", "UNIA"), "Nia", "de-DE", "America/New_York")
    assert await person_after(world, nia) == ("de", "America/New_York")
    # A later zone change on the platform does not move a zone the person already has.
    moved = Actor(nia.identity, "Nia", "en-US", "Asia/Tokyo")
    assert await person_after(world, moved) == ("en", "America/New_York")


async def test_a_directory_zone_stays_the_platform_language_wins(world: World) -> None:
    async with world.repository.transaction() as uow:
        await uow.link_identity(person_id="alice", identity=Identity("slack", "T1", "UALICE"))
        alice = await uow.person("alice")
    assert alice is not None and alice.timezone != "UTC"
    actor = Actor(Identity("slack", "T1", "UALICE"), "Alice", "de-DE", "Asia/Tokyo")
    assert await person_after(world, actor) == ("de", alice.timezone)
