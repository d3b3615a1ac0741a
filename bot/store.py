"""What every command opens: the database, brought to the newest schema and seeded from
the directory, and the knowledge. Kept apart from `bot.run`, so a command that does not
run the bot does not import the platforms' SDKs (0.7 s of each start)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.ports import Repository
from bot.service.erasure import was_erased
from bot.settings import Settings, StartupError
from knowledge.base import KnowledgeBase, default_directory
from knowledge.directory import Directory, load_directory
from storage.db import make_engine, upgrade
from storage.repository import SqlRepository


async def seed(repository: Repository, directory: Directory) -> None:
    """Add the directory's orgs, people and accounts the database does not have yet: after
    the first start the database is the truth, which `supportbot admin` changes (a restart
    must not undo a role granted there)."""
    async with repository.transaction() as uow:
        for org in directory.orgs:
            if await uow.org(org.id) is None:
                await uow.save_org(org)
        for person, identities in directory.people:
            if await uow.person(person.id) is None:
                await uow.save_person(person)
            unlinked = [i for i in identities if await uow.person_by_identity(i) is None]
            # An erased person still listed gets no account back (R73).
            if unlinked and not await was_erased(uow, person.id):
                for identity in unlinked:
                    await uow.link_identity(person_id=person.id, identity=identity)


def knowledge_dir(settings: Settings) -> Path:
    """The configured knowledge directory or the shipped sample."""
    return settings.knowledge_dir or default_directory()


def load_knowledge(settings: Settings, *, index_later: bool = False) -> KnowledgeBase:
    """The configured knowledge, searched with the configured sentence model; `index_later`
    (the bot) indexes the articles in a worker thread while it starts (KnowledgeBase.load)."""
    return KnowledgeBase.load(
        knowledge_dir(settings), embedder=settings.embedder, index_later=index_later
    )


async def open_store(settings: Settings) -> tuple[AsyncEngine, SqlRepository, Directory]:
    """The database brought to the newest schema and seeded from the directory."""
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    repository = SqlRepository(engine)
    directory = load_directory(
        settings.directory_file or knowledge_dir(settings) / "directory.yaml"
    )
    await seed(repository, directory)
    return engine, repository, directory


def migrate(url: str) -> None:
    """Bring the database to the newest schema, or say in one line why it cannot be opened."""
    setting = "SUPPORTBOT_DATABASE_URL"
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise StartupError(f"not a database URL: {error}", setting) from error
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        folder = Path(parsed.database).absolute().parent
        if not folder.is_dir():
            raise StartupError(f"the folder {folder} of the SQLite file does not exist", setting)
    try:
        upgrade(url)
    except ValueError as error:  # e.g. in-memory SQLite
        raise StartupError(str(error), setting) from error
    except (DBAPIError, sqlite3.Error) as error:
        reason = str(error.orig if isinstance(error, DBAPIError) else error).splitlines()[0]
        shown = parsed.render_as_string(hide_password=True)
        raise StartupError(f"cannot open the database {shown}: {reason}", setting) from error
