"""Several Slack workspaces (issue 10): each installs the app through its Add to Slack page and
the redirect, which stores the installation in our database; then each workspace's people
and agents are answered with the bot token that workspace gave, events and timers alike.
The real Bolt app over HTTP, the fake Slack answering oauth.v2.access; only the tokens of
workspaces that installed the app are valid there."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import cast
from urllib.parse import parse_qs

import aiohttp
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapters.slack.app import SlackConfig, build_app, build_client
from bot.adapters.slack.inbound import Channels
from bot.adapters.slack.install import Installs
from bot.adapters.slack.malformed import web_app
from bot.adapters.slack.render import SlackRenderer
from bot.adapters.slack.workspaces import Installed
from bot.core.model import Identity
from bot.settings import SLACK_SCOPES
from storage.slack_installs import SlackInstallations, slack_stores
from tests.fake_slack import (
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    FakeSlack,
    SignedSlackClient,
    payloads,
    serve_bolt_app,
)
from tests.service.conftest import make_world
from tests.slack.conftest import ALICE, CAROL, DANA, PEOPLE, QUEUES, SlackWorld
from tests.slack.installing import FIRST, SECOND, Browser, add_to_slack
from tests.slack.journeys import FORM, NO_USERS, open_case
from tests.slack.test_slack_inbox import database_down
from tests.waiting import eventually

SECOND_BILLING = "C2BILLING"  # the second workspace's own billing queue channel
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
POSTGRESQL = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
CROWD = 30  # more than the engine's pool (5 + 10 overflow)


@dataclass
class Installing:
    """The app served for workspaces that install it; one SlackWorld per workspace."""

    browser: Browser
    store: SlackInstallations
    first: SlackWorld
    second: SlackWorld

    @property
    def fake(self) -> FakeSlack:
        return self.browser.fake


@pytest.fixture
async def installing(db_url: str) -> AsyncIterator[Installing]:
    async with FakeSlack(valid_tokens=set()) as fake:
        for user, (_, name, locale) in PEOPLE.items():
            fake.users[user] = {"real_name": name, "locale": locale}
        bot, built = await make_world(db_url)
        engine = cast(AsyncEngine, built)
        async with bot.repository.transaction() as uow:
            for user, (person, _, _) in PEOPLE.items():
                for team in (FIRST.team_id, SECOND.team_id):
                    await uow.link_identity(
                        person_id=person, identity=Identity("slack", team, user)
                    )
        store, states = slack_stores(CLIENT_ID, engine)
        second_queues = {**QUEUES, "billing-queue": SECOND_BILLING}
        channels = Channels(QUEUES, {SECOND.team_id: second_queues})
        config = SlackConfig("", SIGNING_SECRET, fake.base_url, channels)
        async with aiohttp.ClientSession() as session:
            client = build_client(config, session)
            installs = Installs(
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                scopes=SLACK_SCOPES.split(","),
                store=store,
                states=states,
                workspaces=Installed(client, store.bot_token),
            )
            app = build_app(bot.service, config, client, installs=installs)
            renderer = SlackRenderer(installs.workspaces, channels, bot.service)
            async with (
                serve_bolt_app(web_app(app, SIGNING_SECRET)) as url,
                SignedSlackClient(url) as http,
            ):
                first, second = (
                    SlackWorld(fake, http, bot, renderer, app, team.team_id)
                    for team in (FIRST, SECOND)
                )
                origin = url.removesuffix("/slack/events")
                yield Installing(Browser(fake, origin), store, first, second)
        await engine.dispose()


async def test_the_install_page_links_to_slack_with_a_fresh_state(
    installing: Installing,
) -> None:
    page = await installing.browser.page("/slack/install", language="de-DE,de;q=0.9,en;q=0.8")
    assert page.status == 200
    assert "Zu Slack hinzufügen" in page.text  # the installer's browser language
    link = add_to_slack(page.text)
    assert f"{link.netloc}{link.path}" == "slack.com/oauth/v2/authorize"
    asked = parse_qs(link.query)
    assert asked["client_id"] == [CLIENT_ID]
    assert asked["scope"][0].split(",") == SLACK_SCOPES.split(",")
    assert asked["state"] == [page.state_cookie]  # the browser that started must finish
    again = await installing.browser.page("/slack/install")
    assert parse_qs(add_to_slack(again.text).query)["state"] != asked["state"]
    assert "Add to Slack" in again.text


async def test_each_installed_workspace_is_answered_with_its_own_token(
    installing: Installing,
) -> None:
    fake, first, second = installing.fake, installing.first, installing.second
    assert (await installing.browser.install(FIRST, "code-1")).status == 200
    done = await installing.browser.install(SECOND, "code-2")
    assert done.status == 200
    assert "supportbot is installed in Second Co" in done.text
    stored = await installing.store.async_find_installation(
        enterprise_id=None, team_id=SECOND.team_id
    )
    assert stored is not None
    assert (stored.bot_token, stored.bot_user_id) == (SECOND.bot_token, SECOND.bot_user_id)

    # Carol opens a case in the second workspace; it lands in that workspace's billing queue.
    ref, thread = await open_case(
        second, {**FORM, "participant_users": NO_USERS}, user=CAROL, queue=SECOND_BILLING
    )
    await first.say(ALICE, "help")  # and Alice, in the first, starts an intake meanwhile
    await first.message(first.dm(ALICE), '"value": "billing"')
    second.bot.clock.advance(timedelta(hours=2))
    await second.fire_timers()  # a timer's message is sent outside any Slack request
    reminder = await second.message(SECOND_BILLING, "50%", thread_ts=thread)
    await second.post(DANA, "We are looking into it", channel=SECOND_BILLING, thread_ts=thread)
    relayed = await second.message(second.dm(CAROL), "We are looking into it")

    assert {relayed.token, reminder.token} == {SECOND.bot_token}
    assert tokens(fake, second.dm(CAROL), SECOND_BILLING, user=CAROL) == {SECOND.bot_token}
    assert tokens(fake, first.dm(ALICE), user=ALICE) == {FIRST.bot_token}
    refused = [c for c in fake.calls if c.error in ("not_authed", "invalid_auth")]
    assert refused == []  # no call went out with a token the workspace did not give
    assert ref.startswith("CS-")


async def test_many_people_writing_at_once_are_all_answered_with_their_workspaces_token(
    installing: Installing,
) -> None:
    # Each request finds its workspace's installation while other requests write cases.
    fake, second = installing.fake, installing.second
    await installing.browser.install(SECOND, "code-2")
    people = [f"U0MANY{n:02d}" for n in range(CROWD)]
    sent = await asyncio.gather(
        *(
            second.http.send_event(
                payloads.dm_message("help", user=p, channel=second.dm(p), team_id=SECOND.team_id),
                team_id=SECOND.team_id,
            )
            for p in people
        )
    )
    assert [answer.status for answer in sent] == [200] * CROWD
    answers = await fake.wait_for_count("chat.postMessage", CROWD, timeout=30)
    assert sorted(c.params["channel"] for c in answers) == sorted(second.dm(p) for p in people)
    assert {c.token for c in answers} == {SECOND.bot_token}


@POSTGRESQL
async def test_an_event_whose_workspace_cannot_be_looked_up_is_refused_so_slack_retries(
    installing: Installing,
) -> None:
    fake, second = installing.fake, installing.second
    await installing.browser.install(SECOND, "code-2")
    event = payloads.dm_message("help", user=CAROL, channel=second.dm(CAROL))
    with database_down(second):
        refused = await second.http.send_event(event, team_id=SECOND.team_id, event_id="Ev-1")
    assert refused.status == 500  # not 200 'not installed': Slack sends it again
    again = await second.http.send_event(
        event, team_id=SECOND.team_id, event_id="Ev-1", retry_num=1
    )
    assert again.status == 200
    answer = await second.message(second.dm(CAROL), '"value": "billing"')
    assert answer.token == SECOND.bot_token
    assert len(fake.calls_to("chat.postMessage")) == 1


@SQLITE
async def test_a_redirect_that_did_not_start_on_the_install_page_installs_nothing(
    installing: Installing,
) -> None:
    installing.fake.approve_install(SECOND, "code-2")
    forged = "slack-app-oauth-state=made-up"
    answer = await installing.browser.page(
        "/slack/oauth_redirect?code=code-2&state=made-up", cookie=forged, language="de"
    )
    assert answer.status == 401
    assert "Die Installation wurde nicht abgeschlossen (invalid_state)" in answer.text
    assert installing.fake.calls_to("oauth.v2.access") == []  # the code was never exchanged
    assert await installing.store.bot_token(SECOND.team_id) is None


@SQLITE
async def test_a_workspace_that_uninstalls_the_app_is_forgotten(installing: Installing) -> None:
    fake, second = installing.fake, installing.second
    await installing.browser.install(SECOND, "code-2")
    gone = {"type": "app_uninstalled", "event_ts": payloads.new_ts()}
    assert (await second.http.send_event(gone, team_id=SECOND.team_id)).status == 200

    async def forgotten() -> bool:
        return await installing.store.bot_token(SECOND.team_id) is None

    await eventually(forgotten)
    before = len(fake.calls)
    await second.say(CAROL, "help")  # Bolt finds no installation: nothing is called
    assert fake.calls[before:] == []


def tokens(fake: FakeSlack, *channels: str, user: str) -> set[str | None]:
    """The tokens of the calls that posted in these channels or looked up this user."""
    posted = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] in channels]
    looked_up = [c for c in fake.calls_to("users.info") if c.params["user"] == user]
    return {c.token for c in [*posted, *looked_up]}
