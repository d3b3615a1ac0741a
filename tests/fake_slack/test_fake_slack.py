"""The fake Slack works with the real slack_sdk client: Web API, files, failures, waiting."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fake_slack import (
    BOT_TOKEN,
    BOT_USER_ID,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    FakeSlack,
    interactions,
    payloads,
    sign,
)

# ---------------------------------------------------------------------- Web API basics


async def test_post_message_returns_increasing_ts_and_is_recorded(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    first = await client.chat_postMessage(channel="C1", text="hello", thread_ts="1.2")
    second = await client.chat_postMessage(channel="C1", blocks=[{"type": "divider"}], text="x")

    assert first["ok"] is True
    assert first["channel"] == "C1"
    assert first["ts"] == "1700000000.000100"
    assert float(second["ts"]) > float(first["ts"])
    assert first["message"]["text"] == "hello"
    assert first["message"]["bot_id"] == fake.bot_id
    assert first["message"]["thread_ts"] == "1.2"

    calls = fake.calls_to("chat.postMessage")
    assert [c.params["text"] for c in calls] == ["hello", "x"]
    assert calls[0].token == BOT_TOKEN
    assert calls[0].content_type == "application/json"
    assert calls[1].params["blocks"] == [{"type": "divider"}]
    assert calls[0].at <= calls[1].at


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
async def test_post_message_errors_like_slack(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C1", text="")
    assert err.value.response["error"] == "no_text"


async def test_auth_test(fake: FakeSlack, client: AsyncWebClient) -> None:
    resp = await client.auth_test()
    assert resp["user_id"] == BOT_USER_ID
    assert resp["bot_id"] == fake.bot_id
    assert resp["team_id"] == fake.team_id
    assert resp["url"] == f"https://{fake.team_domain}.slack.com/"
    assert resp.headers["x-oauth-scopes"]


async def test_missing_or_invalid_token() -> None:
    async with FakeSlack(valid_tokens={"xoxb-good"}) as fake:
        with pytest.raises(SlackApiError) as err:
            await AsyncWebClient(base_url=fake.base_url).auth_test()
        assert err.value.response["error"] == "not_authed"
        with pytest.raises(SlackApiError) as err:
            await AsyncWebClient(token="xoxb-bad", base_url=fake.base_url).auth_test()
        assert err.value.response["error"] == "invalid_auth"


async def test_form_json_query_and_get_encodings(fake: FakeSlack) -> None:
    async with aiohttp.ClientSession() as http:
        # Form body with the token as a field, JSON-valued argument as a string.
        blocks = json.dumps([{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}])
        form = {"token": "xoxb-form", "channel": "C9", "text": "form", "blocks": blocks}
        async with http.post(fake.base_url + "chat.postMessage", data=form) as r:
            assert (await r.json())["ok"] is True
        # GET with query string and bearer token.
        async with http.get(
            fake.base_url + "users.info",
            params={"user": "U5"},
            headers={"Authorization": "Bearer xoxb-get"},
        ) as r:
            assert (await r.json())["user"]["id"] == "U5"

        async with http.post(
            fake.base_url + "chat.postMessage",
            data=b"{not json",
            headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
        ) as r:
            assert await r.json() == {"ok": False, "error": "invalid_json"}

    form_call, get_call, _ = fake.calls
    assert form_call.token == "xoxb-form"
    assert "token" not in form_call.params
    assert form_call.params["blocks"][0]["type"] == "section"
    assert form_call.content_type == "application/x-www-form-urlencoded"
    assert get_call.http_method == "GET"
    assert get_call.token == "xoxb-get"


async def test_users_info_overrides_and_include_locale(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.users["U7"] = {
        "name": "anna",
        "real_name": "Anna K",
        "tz": "Europe/Berlin",
        "locale": "de-DE",
    }

    without = await client.users_info(user="U7")
    with_locale = await client.users_info(user="U7", include_locale=True)

    assert "locale" not in without["user"]
    user = with_locale["user"]
    assert (user["id"], user["name"], user["real_name"], user["tz"], user["locale"]) == (
        "U7",
        "anna",
        "Anna K",
        "Europe/Berlin",
        "de-DE",
    )
    assert user["profile"]["real_name"] == "Anna K"
    # slack_sdk sends users.info as GET with include_locale=1 in the query string.
    call = fake.calls_to("users.info")[1]
    assert call.http_method == "GET"
    assert call.params["include_locale"] == "1"


async def test_conversations_open_gives_stable_dm_per_user(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    a1 = await client.conversations_open(users="UA")
    a2 = await client.conversations_open(users=["UA"])
    b = await client.conversations_open(users="UB")
    assert a1["channel"]["id"] == a2["channel"]["id"]
    assert a1["channel"]["id"].startswith("D")
    assert b["channel"]["id"] != a1["channel"]["id"]

    info = await client.conversations_info(channel=a1["channel"]["id"])
    assert info["channel"]["is_im"] is True
    assert info["channel"]["user"] == "UA"

    # Posting to a user id lands in that user's DM.
    posted = await client.chat_postMessage(channel="UA", text="hi")
    assert posted["channel"] == a1["channel"]["id"]


async def test_chat_update_ephemeral_permalink_and_reactions(client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(channel="C1", text="v1")
    updated = await client.chat_update(channel="C1", ts=posted["ts"], text="v2")
    assert updated["ts"] == posted["ts"]
    assert updated["message"]["text"] == "v2"

    eph = await client.chat_postEphemeral(channel="C1", user="U1", text="psst")
    assert eph["message_ts"]

    link = await client.chat_getPermalink(channel="C1", message_ts=posted["ts"])
    assert link["permalink"].endswith("/archives/C1/p" + posted["ts"].replace(".", ""))

    await client.reactions_add(channel="C1", timestamp=posted["ts"], name="eyes")
    with pytest.raises(SlackApiError) as err:
        await client.reactions_add(channel="C1", timestamp=posted["ts"], name="eyes")
    assert err.value.response["error"] == "already_reacted"


async def test_strict_mode_rejects_unknown_messages() -> None:
    async with FakeSlack(strict=True) as fake:
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.base_url)
        with pytest.raises(SlackApiError) as err:
            await client.chat_update(channel="C1", ts="1.000001", text="nope")
        assert err.value.response["error"] == "message_not_found"


async def test_views_open_update_publish(fake: FakeSlack, client: AsyncWebClient) -> None:
    modal = {
        "type": "modal",
        "callback_id": "intake",
        "title": {"type": "plain_text", "text": "Intake"},
        "private_metadata": "case=1",
        "blocks": [],
    }
    opened = await client.views_open(trigger_id="123.456.abc", view=modal)
    view_id = opened["view"]["id"]
    assert view_id.startswith("V")
    assert opened["view"]["callback_id"] == "intake"
    assert opened["view"]["private_metadata"] == "case=1"

    updated = await client.views_update(view_id=view_id, view={**modal, "private_metadata": "2"})
    assert updated["view"]["id"] == view_id
    assert fake.views[view_id]["private_metadata"] == "2"

    home = {"type": "home", "blocks": [{"type": "divider"}]}
    p1 = await client.views_publish(user_id="U1", view=home)
    p2 = await client.views_publish(user_id="U1", view=home)
    assert p1["view"]["type"] == "home"
    assert p1["view"]["id"] == p2["view"]["id"]
    assert fake.home_views["U1"]["blocks"] == [{"type": "divider"}]


async def test_unknown_method_is_ok_and_recorded(fake: FakeSlack, client: AsyncWebClient) -> None:
    resp = await client.api_call("pins.add", params={"channel": "C1", "timestamp": "1.2"})
    assert resp["ok"] is True
    assert fake.calls_to("pins.add")[0].params == {"channel": "C1", "timestamp": "1.2"}


# ---------------------------------------------------------------------- files


async def test_files_upload_v2_goes_through_external_upload(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    content = b"hello,world\n1,2\n"
    resp = await client.files_upload_v2(
        channel="C1", content=content, filename="report.csv", initial_comment="here"
    )

    assert [c.method for c in fake.calls] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    get_url, upload, complete = fake.calls
    assert get_url.params["filename"] == "report.csv"
    assert get_url.params["length"] == str(len(content))
    file_id = get_url.response["file_id"]
    assert get_url.response["upload_url"] == f"{fake.origin}/upload/{file_id}"
    assert upload.target == file_id
    assert upload.body == content
    assert fake.uploads[file_id] == content
    assert complete.params["files"][0]["id"] == file_id
    assert complete.params["channel_id"] == "C1"
    assert complete.params["initial_comment"] == "here"

    assert resp["file"]["id"] == file_id
    info = await client.files_info(file=file_id)
    assert info["file"]["name"] == "report.csv"
    assert info["file"]["size"] == len(content)
    assert info["file"]["mimetype"] == "text/csv"
    assert "C1" in info["file"]["channels"]


async def test_complete_upload_without_bytes_fails(client: AsyncWebClient) -> None:
    url = await client.files_getUploadURLExternal(filename="a.txt", length=3)
    with pytest.raises(SlackApiError) as err:
        await client.files_completeUploadExternal(files=[{"id": url["file_id"]}], channel_id="C1")
    assert err.value.response["error"] == "file_not_found"


# ---------------------------------------------------------------------- failure injection


async def test_fail_next_fails_once(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.fail_next("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C404", text="x")
    assert err.value.response["error"] == "channel_not_found"
    await client.chat_postMessage(channel="C404", text="x")

    calls = fake.calls_to("chat.postMessage")
    assert [c.ok for c in calls] == [False, True]
    assert calls[0].error == "channel_not_found"


async def test_rate_limit_then_success_loses_nothing(fake: FakeSlack) -> None:
    client = AsyncWebClient(
        token=BOT_TOKEN,
        base_url=fake.base_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    fake.rate_limit("chat.postMessage", times=2, retry_after=0)

    resp = await client.chat_postMessage(channel="C1", text="important")

    assert resp["ok"] is True
    attempts = fake.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 429, 200]
    assert attempts[0].response == {"ok": False, "error": "ratelimited"}
    delivered = fake.calls_to("chat.postMessage", ok=True)
    assert len(delivered) == 1
    assert delivered[0].params["text"] == "important"
    assert len(fake.messages) == 1


async def test_rate_limit_retry_after_header_is_honoured(fake: FakeSlack) -> None:
    client = AsyncWebClient(
        token=BOT_TOKEN,
        base_url=fake.base_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake.rate_limit("chat.postMessage", times=1, retry_after=1)
    start = time.monotonic()
    await client.chat_postMessage(channel="C1", text="x")
    assert time.monotonic() - start >= 1.0
    first, second = fake.calls_to("chat.postMessage")
    assert second.at - first.at >= 1.0


async def test_rate_limit_without_retry_handler_raises(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.rate_limit("chat.postMessage", times=1, retry_after=0)
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "0"
    assert fake.calls_to("chat.postMessage", ok=True) == []


# ---------------------------------------------------------------------- waiting, response_url


async def test_wait_for_sees_past_and_future_calls(fake: FakeSlack, client: AsyncWebClient) -> None:
    await client.chat_postMessage(channel="C1", text="early")
    early = await fake.wait_for("chat.postMessage", timeout=0.5)
    assert early.params["text"] == "early"

    # Start waiting first, then post: the call arrives while wait_for is already waiting.
    waiting = asyncio.create_task(
        fake.wait_for("chat.postMessage", lambda c: c.params["channel"] == "C2")
    )
    await asyncio.sleep(0)  # let the waiter start
    assert not waiting.done()
    await client.chat_postMessage(channel="C2", text="later")
    call = await waiting
    assert call.params["text"] == "later"

    calls = await fake.wait_for_count("chat.postMessage", 2)
    assert len(calls) == 2


async def test_wait_for_times_out_with_assertion(fake: FakeSlack) -> None:
    with pytest.raises(AssertionError, match=r"chat\.postMessage"):
        await fake.wait_for("chat.postMessage", timeout=0.05)


async def test_response_url_records_payloads(fake: FakeSlack) -> None:
    webhook = AsyncWebhookClient(fake.response_url("abc"))
    resp = await webhook.send(text="done", response_type="ephemeral", replace_original=False)
    assert resp.status_code == 200

    call = await fake.wait_for("response_url", lambda c: c.target == "abc", timeout=1)
    assert call.params["text"] == "done"
    assert fake.responses_to("abc") == [
        {"text": "done", "response_type": "ephemeral", "replace_original": False}
    ]


# ---------------------------------------------------------------------- signing and payloads


def test_sign_matches_slack_sdk() -> None:
    verifier = SignatureVerifier(SIGNING_SECRET)
    body = "token=x&text=hi"
    ts = str(int(time.time()))
    expected = verifier.generate_signature(timestamp=ts, body=body)
    assert sign(SIGNING_SECRET, ts, body) == expected
    assert verifier.is_valid(body, ts, sign(SIGNING_SECRET, ts, body))


def test_payload_shapes() -> None:
    dm = payloads.dm_message("hi")
    assert (dm["type"], dm["channel_type"], dm["channel"], dm["ts"]) == (
        "message",
        "im",
        DM_CHANNEL_ID,
        dm["event_ts"],
    )
    mention = payloads.app_mention("help")
    assert mention["text"] == f"<@{BOT_USER_ID}> help"
    reply = payloads.thread_message("more", thread_ts="1.000001")
    assert reply["thread_ts"] == "1.000001"
    files = payloads.message_with_files("see", [payloads.file_object("F1", name="a.pdf", size=5)])
    assert files["subtype"] == "file_share"
    assert {"id", "name", "size", "mimetype", "url_private"} <= files["files"][0].keys()
    env = payloads.event_envelope(dm)
    assert env["type"] == "event_callback"
    assert env["event_id"].startswith("Ev")
    assert payloads.event_envelope(dm)["event_id"] != env["event_id"]

    actions = interactions.block_actions([interactions.static_select_action("prio", "high")])
    assert actions["actions"][0]["selected_option"]["value"] == "high"
    assert actions["container"]["type"] == "message"
    sub = interactions.view_submission(
        "intake", {"b": {"a": interactions.plain_text_value("x")}}, private_metadata="m"
    )
    assert sub["view"]["state"]["values"]["b"]["a"]["value"] == "x"
    assert interactions.slash_command("/support", "hi")["command"] == "/support"
