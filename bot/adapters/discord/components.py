"""Persistent buttons and selects: DynamicItem templates whose custom_ids carry only ids."""

from __future__ import annotations

import re
from typing import Any, Protocol, Self, cast

import discord
from discord.ui import Button, DynamicItem, Select, View

Interaction = discord.Interaction[Any]
BUTTON_LABEL_MAX = 80
OPTION_TEXT_MAX = 100


class Routes(Protocol):
    """What a click leads to; the bot's adapter implements it."""

    async def choice(self, interaction: Interaction, field: str, value: str) -> None:
        """A choice button or select (intake answers, ratings, Escalate, new case)."""
        ...

    async def control(
        self, interaction: Interaction, command: str, case: str, arg: str | None
    ) -> None:
        """A case control: claim, status, close, severity, share, escalation step."""
        ...

    async def severity(self, interaction: Interaction, severity: str) -> None:
        """The case form's severity select."""
        ...

    async def access(self, interaction: Interaction, severity: str, access: str) -> None:
        """The case form's login-access buttons."""
        ...

    async def open_form(self, interaction: Interaction, severity: str, access: str) -> None:
        """Open the case form modal with severity and login access already chosen."""
        ...

    async def ask(self, interaction: Interaction, command: str, case: str) -> None:
        """Open the text modal a command asked for."""
        ...

    async def open_case(self, interaction: Interaction, case: str) -> None:
        """A case picked from a case list: its details."""
        ...

    async def filter(self, interaction: Interaction, scope: str, status: str) -> None:
        """A case list's status filter."""
        ...


def routes(interaction: Interaction) -> Routes:
    """The adapter behind the client that received the interaction."""
    found = getattr(interaction.client, "routes", None)
    if found is None:
        raise RuntimeError("this client is not a supportbot Discord client")
    return cast(Routes, found)


def clip(text: str, limit: int) -> str:
    """Text cut to a Discord limit with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _button(custom_id: str, label: str, style: discord.ButtonStyle) -> Button[View]:
    return Button(custom_id=custom_id, label=clip(label, BUTTON_LABEL_MAX) or "-", style=style)


def _options(options: list[discord.SelectOption]) -> list[discord.SelectOption]:
    return options or [discord.SelectOption(label="-", value="-")]


class ChoiceButton(
    DynamicItem[Button[View]], template=r"sb:choice:(?P<field>\w+):(?P<value>[^\s]+)"
):
    """An answer to a question (topic, category, article, rating, Escalate, new case)."""

    def __init__(
        self,
        field: str,
        value: str,
        label: str = "-",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(_button(f"sb:choice:{field}:{value}", label, style))
        self.field = field
        self.value = value

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone (after a restart too)."""
        return cls(match["field"], match["value"])

    async def callback(self, interaction: Interaction) -> None:
        """Hand the answer to the adapter."""
        await routes(interaction).choice(interaction, self.field, self.value)


class ChoiceSelect(DynamicItem[Select[View]], template=r"sb:pick:(?P<field>\w+)"):
    """A question with many answers, or answers that need a description."""

    def __init__(self, field: str, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(Select(custom_id=f"sb:pick:{field}", options=_options(options or [])))
        self.field = field

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        return cls(match["field"])

    async def callback(self, interaction: Interaction) -> None:
        """Hand the picked value to the adapter."""
        await routes(interaction).choice(interaction, self.field, self.item.values[0])


class ControlButton(
    DynamicItem[Button[View]],
    template=r"sb:ctl:(?P<command>\w+):(?P<case>\d+)(?::(?P<arg>\w+))?",
):
    """A case control on the queue header or a detail view: value `command:case[:arg]`."""

    def __init__(
        self,
        value: str,
        label: str = "-",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(_button(f"sb:ctl:{value}", label, style))
        command, case, *rest = value.split(":")
        self.command, self.case, self.arg = command, case, (rest[0] if rest else None)

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        arg = f":{match['arg']}" if match["arg"] else ""
        return cls(f"{match['command']}:{match['case']}{arg}")

    async def callback(self, interaction: Interaction) -> None:
        """Hand the control to the adapter."""
        await routes(interaction).control(interaction, self.command, self.case, self.arg)


class SeveritySelect(DynamicItem[Select[View]], template=r"sb:sev"):
    """The case form's severity, each option with its definition and response time (R5)."""

    def __init__(self, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(Select(custom_id="sb:sev", options=_options(options or [])))

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        return cls()

    async def callback(self, interaction: Interaction) -> None:
        """Hand the severity to the adapter."""
        await routes(interaction).severity(interaction, self.item.values[0])


class AccessButton(
    DynamicItem[Button[View]], template=r"sb:acc:(?P<severity>[^:\s]+):(?P<access>yes|no)"
):
    """Login access yes/no on the case form; the id carries the severity chosen before."""

    def __init__(self, severity: str, access: str, label: str = "-") -> None:
        style = discord.ButtonStyle.success if access == "yes" else discord.ButtonStyle.secondary
        super().__init__(_button(f"sb:acc:{severity}:{access}", label, style))
        self.severity, self.access = severity, access

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        return cls(match["severity"], match["access"])

    async def callback(self, interaction: Interaction) -> None:
        """Hand the answer to the adapter."""
        await routes(interaction).access(interaction, self.severity, self.access)


class FormButton(
    DynamicItem[Button[View]], template=r"sb:form:(?P<severity>[^:\s]+):(?P<access>yes|no)"
):
    """(Re)open the case form modal with severity and login access already chosen."""

    def __init__(self, severity: str, access: str, label: str = "-") -> None:
        super().__init__(
            _button(f"sb:form:{severity}:{access}", label, discord.ButtonStyle.primary)
        )
        self.severity, self.access = severity, access

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        return cls(match["severity"], match["access"])

    async def callback(self, interaction: Interaction) -> None:
        """Hand the click to the adapter."""
        await routes(interaction).open_form(interaction, self.severity, self.access)


class AnswerButton(DynamicItem[Button[View]], template=r"sb:ask:(?P<command>\w+):(?P<case>\d+)"):
    """Opens the text modal a command asked for, when it could not be opened at once."""

    def __init__(self, command: str, case: str, label: str = "-") -> None:
        super().__init__(_button(f"sb:ask:{command}:{case}", label, discord.ButtonStyle.primary))
        self.command, self.case = command, case

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        return cls(match["command"], match["case"])

    async def callback(self, interaction: Interaction) -> None:
        """Hand the click to the adapter."""
        await routes(interaction).ask(interaction, self.command, self.case)


class OpenCaseSelect(DynamicItem[Select[View]], template=r"sb:open"):
    """A case list's 'open a case' select: values are case numbers."""

    def __init__(self, options: list[discord.SelectOption] | None = None, hint: str = "") -> None:
        select: Select[View] = Select(
            custom_id="sb:open", options=_options(options or []), placeholder=hint or None
        )
        super().__init__(select)

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        return cls()

    async def callback(self, interaction: Interaction) -> None:
        """Hand the case number to the adapter."""
        await routes(interaction).open_case(interaction, self.item.values[0])


class FilterSelect(DynamicItem[Select[View]], template=r"sb:filter:(?P<scope>mine|org)"):
    """A case list's status filter; the id says whose cases (mine or the org's)."""

    def __init__(
        self, scope: str, options: list[discord.SelectOption] | None = None, hint: str = ""
    ) -> None:
        select: Select[View] = Select(
            custom_id=f"sb:filter:{scope}",
            options=_options(options or []),
            placeholder=hint or None,
        )
        super().__init__(select)
        self.scope = scope

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild from the id alone."""
        return cls(match["scope"])

    async def callback(self, interaction: Interaction) -> None:
        """Hand the filter to the adapter."""
        await routes(interaction).filter(interaction, self.scope, self.item.values[0])


DYNAMIC_ITEMS: tuple[type[DynamicItem[Any]], ...] = (
    ChoiceButton,
    ChoiceSelect,
    ControlButton,
    SeveritySelect,
    AccessButton,
    FormButton,
    AnswerButton,
    OpenCaseSelect,
    FilterSelect,
)
