"""deploy/slack-manifest.yml declares everything the app listens to (one paste creates it)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import SLACK_SCOPES

MANIFEST = Path(__file__).parents[2] / "deploy" / "slack-manifest.yml"


def test_manifest_has_every_event_command_shortcut_and_scope() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    features = manifest["features"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert [c["command"] for c in features["slash_commands"]] == ["/support"]
    assert [s["callback_id"] for s in features["shortcuts"]] == ["internal_note", "send_snippet"]
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_home_opened", "app_mention", "message.im", "message.channels"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"chat:write", "im:write", "users:read", "files:read", "files:write", "commands"}
    assert needed <= scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_workspaces_that_install_the_app_grant_the_manifests_scopes() -> None:
    oauth = yaml.safe_load(MANIFEST.read_text())["oauth_config"]
    assert SLACK_SCOPES.split(",") == oauth["scopes"]["bot"]
    assert [url.rsplit("/", 2)[-2:] for url in oauth["redirect_urls"]] == [
        ["slack", "oauth_redirect"]
    ]
