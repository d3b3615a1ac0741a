"""Slash commands (/support, /tickets, /case, /queue, /snippet, /export) with names and
descriptions from bot.i18n."""

from __future__ import annotations

from typing import Any, Protocol

import discord
from discord import app_commands
from discord.app_commands import Choice, locale_str

from bot.core.model import CaseStatus
from bot.i18n import CATALOGUES, FALLBACK

Interaction = discord.Interaction[Any]
AppCommand = app_commands.Command[Any, Any, Any] | app_commands.Group


class Handlers(Protocol):
    """What the commands call; the adapter implements it."""

    async def support(self, interaction: Interaction, request: str | None) -> None:
        """/support."""
        ...

    async def tickets(
        self, interaction: Interaction, status: str | None, search: str | None, org: bool
    ) -> None:
        """/tickets."""
        ...

    async def case_command(self, interaction: Interaction, name: str, args: list[str]) -> None:
        """/case close|show|rate."""
        ...

    async def queue(
        self, interaction: Interaction, only: str | None, queue: str | None, tag: str | None
    ) -> None:
        """/queue."""
        ...

    async def snippet(self, interaction: Interaction, name: str) -> None:
        """/snippet in a case thread."""
        ...

    def snippet_choices(self, interaction: Interaction, typed: str) -> list[tuple[str, str]]:
        """Snippets (name, title) that fit what was typed so far."""
        ...

    async def export(
        self, interaction: Interaction, case: str | None, fmt: str | None, internal: bool
    ) -> None:
        """/export: a case's transcript as a file."""
        ...


def text(key: str) -> locale_str:
    """A command text: English from the catalogue, other languages through the Translator."""
    return locale_str(CATALOGUES[FALLBACK][key], key=key)


class SupportTranslator(app_commands.Translator):
    """Localised command names and descriptions from the same catalogues as the bot's words."""

    async def translate(
        self,
        string: locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The text in the locale's language, or None for English and unknown languages."""
        key = string.extras.get("key")
        language = locale.value.split("-")[0].lower()
        if key is None or language == FALLBACK or language not in CATALOGUES:
            return None
        return CATALOGUES[language].get(str(key))


STATUSES = [Choice(name=text("home.all"), value="all")] + [
    Choice(name=text(f"status.{s.value}"), value=s.value) for s in CaseStatus
]


EXPORT_FORMATS = [
    Choice(name=text("export.format_md"), value="md"),
    Choice(name=text("export.format_html"), value="html"),
]


QUEUE_FILTERS = [Choice(name=text("queue.filter.all"), value="all")] + [
    Choice(name=text(f"queue.filter.{word}"), value=word)
    for word in ("mine", "unassigned", "breached")
]


def slash_commands(handlers: Handlers) -> list[AppCommand]:
    """/support, /tickets, the /case group and /queue, bound to the adapter."""

    @app_commands.command(
        name=text("discord.cmd.support"), description=text("discord.cmd.support.desc")
    )
    @app_commands.rename(request=text("discord.cmd.support.request"))
    @app_commands.describe(request=text("discord.cmd.support.request.desc"))
    async def support(interaction: Interaction, request: str | None = None) -> None:
        await handlers.support(interaction, request)

    @app_commands.command(
        name=text("discord.cmd.tickets"), description=text("discord.cmd.tickets.desc")
    )
    @app_commands.rename(
        status=text("discord.cmd.status"),
        search=text("discord.cmd.search"),
        org=text("discord.cmd.org"),
    )
    @app_commands.describe(
        status=text("discord.cmd.status.desc"),
        search=text("discord.cmd.search.desc"),
        org=text("discord.cmd.org.desc"),
    )
    @app_commands.choices(status=STATUSES)
    async def tickets(
        interaction: Interaction,
        status: str | None = None,
        search: str | None = None,
        org: bool = False,
    ) -> None:
        await handlers.tickets(interaction, status, search, org)

    case = app_commands.Group(
        name=text("discord.cmd.case"), description=text("discord.cmd.case.desc")
    )

    @case.command(name=text("discord.cmd.close"), description=text("discord.cmd.close.desc"))
    @app_commands.rename(case_id=text("discord.cmd.case_id"))
    @app_commands.describe(case_id=text("discord.cmd.case_id.desc"))
    async def close(interaction: Interaction, case_id: str) -> None:
        await handlers.case_command(interaction, "close", [case_id])

    @case.command(name=text("discord.cmd.show"), description=text("discord.cmd.show.desc"))
    @app_commands.rename(case_id=text("discord.cmd.case_id"))
    @app_commands.describe(case_id=text("discord.cmd.case_id.desc"))
    async def show(interaction: Interaction, case_id: str) -> None:
        await handlers.case_command(interaction, "case", [case_id])

    @case.command(name=text("discord.cmd.rate"), description=text("discord.cmd.rate.desc"))
    @app_commands.rename(
        case_id=text("discord.cmd.case_id"),
        rating=text("discord.cmd.rating"),
        comment=text("discord.cmd.comment"),
    )
    @app_commands.describe(
        case_id=text("discord.cmd.case_id.desc"),
        rating=text("discord.cmd.rating.desc"),
        comment=text("discord.cmd.comment.desc"),
    )
    async def rate(
        interaction: Interaction,
        case_id: str,
        rating: app_commands.Range[int, 1, 5],
        comment: str | None = None,
    ) -> None:
        await handlers.case_command(
            interaction, "rate", [case_id, str(rating), *(comment or "").split()]
        )

    @app_commands.command(
        name=text("discord.cmd.queue"), description=text("discord.cmd.queue.desc")
    )
    @app_commands.rename(
        only=text("discord.cmd.queue_filter"),
        queue_name=text("discord.cmd.queue_name"),
        tag=text("discord.cmd.queue_tag"),
    )
    @app_commands.describe(
        only=text("discord.cmd.queue_filter.desc"),
        queue_name=text("discord.cmd.queue_name.desc"),
        tag=text("discord.cmd.queue_tag.desc"),
    )
    @app_commands.choices(only=QUEUE_FILTERS)
    async def queue(
        interaction: Interaction,
        only: str | None = None,
        queue_name: str | None = None,
        tag: str | None = None,
    ) -> None:
        await handlers.queue(interaction, only, queue_name, tag)

    @app_commands.command(
        name=text("discord.cmd.snippet"), description=text("discord.cmd.snippet.desc")
    )
    @app_commands.rename(snippet_name=text("discord.cmd.snippet_name"))
    @app_commands.describe(snippet_name=text("discord.cmd.snippet_name.desc"))
    async def snippet(interaction: Interaction, snippet_name: str) -> None:
        await handlers.snippet(interaction, snippet_name)

    @snippet.autocomplete("snippet_name")
    async def snippet_names(interaction: Interaction, typed: str) -> list[Choice[str]]:
        found = handlers.snippet_choices(interaction, typed)
        return [Choice(name=f"{name}: {title}"[:100], value=name) for name, title in found]

    @app_commands.command(
        name=text("discord.cmd.export"), description=text("discord.cmd.export.desc")
    )
    @app_commands.rename(
        case_id=text("discord.cmd.case_id"),
        fmt=text("discord.cmd.export_format"),
        internal=text("discord.cmd.export_internal"),
    )
    @app_commands.describe(
        case_id=text("discord.cmd.export_case.desc"),
        fmt=text("discord.cmd.export_format.desc"),
        internal=text("discord.cmd.export_internal.desc"),
    )
    @app_commands.choices(fmt=EXPORT_FORMATS)
    async def export(
        interaction: Interaction,
        case_id: str | None = None,
        fmt: str | None = None,
        internal: bool = False,
    ) -> None:
        await handlers.export(interaction, case_id, fmt, internal)

    return [support, tickets, case, queue, snippet, export]
