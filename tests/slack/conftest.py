"""The real slack-bolt app over HTTP, signed requests, against the fake Slack Web API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.app import SlackConfig, build_app, build_client
from bot.adapters.slack.inbound import Channels
from bot.adapters.slack.malformed import web_app
from bot.adapters.slack.render import SlackRenderer
from bot.adapters.slack.workspaces import OneWorkspace
from bot.core.model import Identity
from tests.fake_slack import FakeSlack, SignedSlackClient, interactions, payloads, serve_bolt_app
from tests.fake_slack.ids import BOT_TOKEN, SIGNING_SECRET, TEAM_ID
from tests.fake_slack.server import Call
from tests.service.conftest import World, make_world

ALICE, BOB, CAROL, DANA = "U0ALICE", "U0BOB", "U0CAROL", "U0DANA"
QUEUES = {
    "billing-queue": "C0BILLING",
    "accounts-queue": "C0ACCOUNTS",
    "integrations-queue": "C0INTEGR",
    "billing-disputes": "C0DISPUTES",
    "oncall": "C0ONCALL",
}
HELP_CHANNEL = "C0HELP"
PEOPLE = {
    ALICE: ("alice", "Alice Adams", "en-US"),
    BOB: ("bob", "Bob Becker", "de-DE"),
    CAROL: ("carol", "Carol Chen", "en-GB"),
    DANA: ("dana", "Dana Diaz", "en-US"),
}


@dataclass
class SlackWorld:
    """Fake Slack, a signed HTTP client to our app, and the bot behind it."""

    fake: FakeSlack
    http: SignedSlackClient
    bot: World
    renderer: SlackRenderer
    app: AsyncApp
    team: str = TEAM_ID  # the workspace the people of this world write from

    def dm(self, user: str) -> str:
        """The DM channel between the bot and a user."""
        return self.fake.dm_channel_for(user)

    async def say(self, user: str, text: str, **extra: Any) -> None:
        """A DM from a user to the bot."""
        event = payloads.dm_message(
            text, user=user, channel=self.dm(user), team_id=self.team, **extra
        )
        assert (await self.http.send_event(event, team_id=self.team)).status == 200

    async def post(self, user: str, text: str, *, channel: str, thread_ts: str) -> None:
        """A message in a channel thread (help thread or queue thread)."""
        event = payloads.thread_message(
            text, user=user, channel=channel, thread_ts=thread_ts, team_id=self.team
        )
        assert (await self.http.send_event(event, team_id=self.team)).status == 200

    async def message(self, channel: str, contains: str, *, thread_ts: str | None = None) -> Call:
        """Wait for the bot's message in a channel whose text contains something."""

        def match(call: Call) -> bool:
            text = call.params.get("text", "") + json.dumps(call.params.get("blocks", []))
            in_thread = thread_ts is None or call.params.get("thread_ts") == thread_ts
            return call.params.get("channel") == channel and contains in text and in_thread

        return await self.fake.wait_for("chat.postMessage", match, ok=True)

    async def click(self, user: str, call: Call, value: str, **payload_extra: Any) -> None:
        """Click the button (or pick the select option) with this value on a posted message."""
        action = find_action(call.params.get("blocks", []), value)
        message = {"ts": call.response["ts"], "text": call.params.get("text", "")}
        if call.params.get("thread_ts"):
            message["thread_ts"] = call.params["thread_ts"]
        body = interactions.block_actions(
            [action],
            user_id=user,
            channel_id=call.params["channel"],
            message_ts=call.response["ts"],
            message=message,
            team_id=self.team,
            **payload_extra,
        )
        assert (await self.http.send_block_actions(body)).status == 200

    async def submit(self, user: str, view_call: Call, values: dict[str, Any]) -> dict[str, Any]:
        """Submit a modal the bot opened; returns the HTTP answer (errors for a rejected form)."""
        view = view_call.params["view"]
        view = json.loads(view) if isinstance(view, str) else view
        state = {block: {"value": value} for block, value in values.items()}
        body = interactions.view_submission(  # with the id Slack gave the opened view
            view["callback_id"],
            state,
            private_metadata=view["private_metadata"],
            user_id=user,
            view_id=view_call.response["view"]["id"],
            team_id=self.team,
        )
        response = await self.http.send_view_submission(body)
        assert response.status == 200
        return response.json() if response.body else {}

    async def fire_timers(self) -> None:
        """What the scheduler's tick does: fire due timers and render them."""
        await self.renderer.render(await self.bot.service.fire_due_timers())


def find_action(blocks: list[dict[str, Any]] | str, value: str) -> dict[str, Any]:
    """The actions[] entry Slack sends when the control with this value is used."""
    parsed = json.loads(blocks) if isinstance(blocks, str) else blocks
    for block in parsed:
        elements = [
            *block.get("elements", []),
            *([block["accessory"]] if "accessory" in block else []),
        ]
        for element in elements:
            if element.get("type") == "button" and element.get("value") == value:
                label = element.get("text", {}).get("text", "OK")
                return interactions.button_action(element["action_id"], value, text=label)
            for option in element.get("options", []):
                if option["value"] == value:
                    return interactions.static_select_action(element["action_id"], value)
    raise AssertionError(f"no control with value {value!r} in {parsed}")


@pytest.fixture
async def slack(db_url: str) -> AsyncIterator[SlackWorld]:
    """Everything a Slack journey needs; people are linked to their Slack accounts."""
    async with FakeSlack() as fake:
        for user, (_, name, locale) in PEOPLE.items():
            fake.users[user] = {"real_name": name, "locale": locale}
        bot, engine = await make_world(db_url)
        async with bot.repository.transaction() as uow:
            for user, (person, _, _) in PEOPLE.items():
                await uow.link_identity(person_id=person, identity=Identity("slack", TEAM_ID, user))
        config = SlackConfig(BOT_TOKEN, SIGNING_SECRET, fake.base_url, Channels(QUEUES))
        async with aiohttp.ClientSession() as session:  # kept alive, as `supportbot run` does
            client = build_client(config, session)
            for handler in client.retry_handlers:
                handler.max_retry_count = 5  # type: ignore[attr-defined]
            app = build_app(bot.service, config, client)
            renderer = SlackRenderer(OneWorkspace(client), config.channels, bot.service)
            served = web_app(app, SIGNING_SECRET)  # as `supportbot run` serves it
            async with serve_bolt_app(served) as url, SignedSlackClient(url) as http:
                yield SlackWorld(fake, http, bot, renderer, app)
        await engine.dispose()  # type: ignore[attr-defined]
