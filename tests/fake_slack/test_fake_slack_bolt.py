"""The fake Slack drives a real slack-bolt AsyncApp through signed requests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fake_slack import (
    BOT_TOKEN,
    BOT_USER_ID,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    Call,
    FakeSlack,
    SignedSlackClient,
    interactions,
    payloads,
    serve_bolt_app,
)

# ---------------------------------------------------------------------- a real Bolt app


def make_app(fake: FakeSlack, **kwargs: Any) -> AsyncApp:
    app = AsyncApp(
        client=AsyncWebClient(token=BOT_TOKEN, base_url=fake.base_url),
        signing_secret=SIGNING_SECRET,
        **kwargs,
    )

    @app.event("message")
    async def on_message(event: dict[str, Any], say: AsyncSay) -> None:
        await say(f"echo: {event['text']}")

    @app.command("/support")
    async def on_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await respond(f"got {command['text']}")

    @app.action("prio")
    async def on_prio(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.chat_update(
            channel=body["container"]["channel_id"],
            ts=body["container"]["message_ts"],
            text=body["actions"][0]["selected_option"]["value"],
        )

    @app.view("intake")
    async def on_intake(ack: AsyncAck, view: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        title = view["state"]["values"]["title"]["title_input"]["value"]
        await client.chat_postMessage(channel=view["private_metadata"], text=title)

    return app


@pytest.fixture
async def bolt(fake: FakeSlack) -> AsyncIterator[SignedSlackClient]:
    async with serve_bolt_app(make_app(fake)) as url, SignedSlackClient(url) as slack:
        yield slack


def is_echo(text: str) -> Any:
    def check(c: Call) -> bool:
        return bool(c.params.get("text") == f"echo: {text}")

    return check


async def test_bolt_signed_event_reaches_handler(fake: FakeSlack, bolt: SignedSlackClient) -> None:
    resp = await bolt.send_event(payloads.dm_message("hello"))
    assert resp.status == 200

    call = await fake.wait_for("chat.postMessage", is_echo("hello"))
    assert call.params["channel"] == DM_CHANNEL_ID
    # The per-request client Bolt builds adds the event's team_id to every call.
    assert call.params["team_id"] == fake.team_id
    # AsyncApp verifies the token lazily with auth.test on the first request, then caches.
    await bolt.send_event(payloads.dm_message("again"))
    await fake.wait_for("chat.postMessage", is_echo("again"))
    assert len(fake.calls_to("auth.test")) == 1


async def test_bolt_rejects_bad_signature_and_stale_timestamp(
    fake: FakeSlack, bolt: SignedSlackClient
) -> None:
    bad = await bolt.send_event(payloads.dm_message("x"), bad_signature=True)
    stale = await bolt.send_event(payloads.dm_message("x"), stale=True)
    future = await bolt.send_event(payloads.dm_message("x"), timestamp=int(time.time()) + 10 * 60)
    slash = await bolt.send_slash_command(
        interactions.slash_command("/support"), bad_signature=True
    )
    no_sig = await bolt.post("{}", "application/json", headers={"X-Slack-Signature": ""})

    for resp in (bad, stale, future, slash, no_sig):
        assert resp.status == 401
        assert resp.json() == {"error": "invalid request"}
    # Verification runs before authorization: not even auth.test was called.
    assert fake.calls == []


async def test_bolt_ignores_events_from_its_own_bot_user(
    fake: FakeSlack, bolt: SignedSlackClient
) -> None:
    resp = await bolt.send_event(payloads.dm_message("loop?", user=BOT_USER_ID))
    assert resp.status == 200
    await bolt.send_event(payloads.dm_message("marker"))
    await fake.wait_for("chat.postMessage", is_echo("marker"))
    assert [c.params["text"] for c in fake.calls_to("chat.postMessage")] == ["echo: marker"]


async def test_bolt_runs_retried_events_again(fake: FakeSlack, bolt: SignedSlackClient) -> None:
    event = payloads.dm_message("twice")
    first = await bolt.send_event(event, event_id="Ev0SAME")
    retry = await bolt.send_event(event, event_id="Ev0SAME", retry_num=1)
    assert (first.status, retry.status) == (200, 200)
    # Bolt does not deduplicate on event_id or X-Slack-Retry-Num: the app must.
    await fake.wait_for_count("chat.postMessage", 2, is_echo("twice"))


async def test_bolt_slash_command_responds_to_response_url(
    fake: FakeSlack, bolt: SignedSlackClient
) -> None:
    form = interactions.slash_command("/support", "printer", response_url=fake.response_url("cmd1"))
    resp = await bolt.send_slash_command(form)
    assert resp.status == 200
    call = await fake.wait_for("response_url", lambda c: c.target == "cmd1")
    assert call.params["text"] == "got printer"


async def test_bolt_slash_command_text_containing_payload_is_dropped(
    fake: FakeSlack, bolt: SignedSlackClient
) -> None:
    # slack_bolt's parse_body treats any form body containing "payload" as an interactivity
    # request and, finding no payload field, parses it as {}: no listener matches.
    form = interactions.slash_command("/support", "my payload", response_url=fake.response_url("p"))
    resp = await bolt.send_slash_command(form)
    assert resp.status == 404
    assert fake.calls_to("response_url") == []


async def test_bolt_block_actions_and_view_submission(
    fake: FakeSlack, bolt: SignedSlackClient
) -> None:
    posted = await AsyncWebClient(token=BOT_TOKEN, base_url=fake.base_url).chat_postMessage(
        channel="D1", text="pick"
    )
    actions = interactions.block_actions(
        [interactions.static_select_action("prio", "high", block_id="b1")],
        channel_id="D1",
        message_ts=posted["ts"],
    )
    resp = await bolt.send_block_actions(actions)
    assert resp.status == 200
    update = await fake.wait_for("chat.update")
    assert (update.params["ts"], update.params["text"]) == (posted["ts"], "high")
    assert fake.messages[("D1", posted["ts"])]["text"] == "high"

    submission = interactions.view_submission(
        "intake",
        {"title": {"title_input": interactions.plain_text_value("Printer on fire")}},
        private_metadata="C77",
    )
    resp = await bolt.send_view_submission(submission)
    assert resp.status == 200
    assert resp.body == ""
    call = await fake.wait_for("chat.postMessage", lambda c: c.params["channel"] == "C77")
    assert call.params["text"] == "Printer on fire"


async def test_bolt_auth_test_failure_blocks_listeners_and_is_retried(fake: FakeSlack) -> None:
    fake.fail_next("auth.test", "invalid_auth")
    async with serve_bolt_app(make_app(fake)) as url, SignedSlackClient(url) as bolt:
        resp = await bolt.send_event(payloads.dm_message("first"))
        # Bolt answers 200 with a user-facing text; the listener never runs.
        assert resp.status == 200
        assert "no longer available" in resp.body
        assert fake.calls_to("chat.postMessage") == []

        # A failed auth.test is not cached: the next request tries again and succeeds.
        await bolt.send_event(payloads.dm_message("second"))
        await fake.wait_for("chat.postMessage", is_echo("second"))
        assert [c.ok for c in fake.calls_to("auth.test")] == [False, True]


async def test_bolt_calls_auth_test_once_per_concurrent_first_request(fake: FakeSlack) -> None:
    # AsyncApp has no token_verification_enabled option and no lock around its lazy
    # auth.test: every request that arrives before the first answer calls it too.
    fake.delay("auth.test", 0.3)
    async with serve_bolt_app(make_app(fake)) as url, SignedSlackClient(url) as bolt:
        texts = [f"c{i}" for i in range(3)]
        await asyncio.gather(*(bolt.send_event(payloads.dm_message(t)) for t in texts))
        await fake.wait_for_count("chat.postMessage", 3)
        assert len(fake.calls_to("auth.test")) == 3
        await bolt.send_event(payloads.dm_message("later"))
        await fake.wait_for("chat.postMessage", is_echo("later"))
        assert len(fake.calls_to("auth.test")) == 3


async def test_bolt_say_survives_rate_limit_with_retry_handler(fake: FakeSlack) -> None:
    app = make_app(fake)
    # Bolt copies the app client's retry handlers into its per-request client.
    app.client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    fake.rate_limit("chat.postMessage", times=2, retry_after=0)
    async with serve_bolt_app(app) as url, SignedSlackClient(url) as bolt:
        await bolt.send_event(payloads.dm_message("limited"))
        await fake.wait_for("chat.postMessage", is_echo("limited"), ok=True)
    attempts = fake.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 429, 200]
    assert len(fake.calls_to("chat.postMessage", ok=True)) == 1
