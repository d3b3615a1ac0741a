"""deploy/ (issue 10): the Dockerfile, compose file and systemd unit run the same entry point
and commands the tests run, point their health checks at the ops port, and the Discord invite
grants exactly the permissions deploy/README.md lists. Where a Docker daemon answers, the
image is built and its /healthz is asked."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import discord
import pytest
import yaml

from bot.__main__ import parser
from bot.settings import Settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def found(pattern: str, text: str, flags: int = re.M) -> re.Match[str]:
    match = re.search(pattern, text, flags)
    assert match, pattern
    return match


def commands_of_dockerfile() -> tuple[list[str], list[str], str]:
    """ENTRYPOINT, CMD (exec form) and the HEALTHCHECK line of deploy/Dockerfile."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    entrypoint = json.loads(found(r"^ENTRYPOINT (\[.*\])$", text).group(1))
    command = json.loads(found(r"^CMD (\[.*\])$", text).group(1))
    health = found(r"^HEALTHCHECK .*$", text).group(0)
    return entrypoint, command, health


def test_the_image_runs_supportbot_and_checks_its_health_on_the_ops_port() -> None:
    entrypoint, command, health = commands_of_dockerfile()
    assert entrypoint == ["supportbot"]
    assert parser().parse_args(command).command == "run"
    port = Settings.model_fields["ops_port"].default
    assert f"http://127.0.0.1:{port}/healthz" in health
    assert "USER supportbot" in (DEPLOY / "Dockerfile").read_text()  # never root


def test_compose_migrates_once_then_runs_two_bots_on_postgresql() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert parser().parse_args(services["migrate"]["command"]).db_command == "upgrade"
    bot = services["bot"]
    assert parser().parse_args(bot["command"]).command == "run"
    assert bot["deploy"]["replicas"] == 2
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for name in ("migrate", "bot"):
        url = services[name]["environment"]["SUPPORTBOT_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://") and "@db:5432/" in url
    assert "SLACK_BOT_TOKEN" in (DEPLOY / "supportbot.env.example").read_text()


def test_the_systemd_unit_runs_the_installed_command_hardened() -> None:
    unit = (DEPLOY / "supportbot.service").read_text()
    lines = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and line[0].isupper()
    )
    start = lines["ExecStart"].split()
    assert Path(start[0]).name == "supportbot"
    assert parser().parse_args(start[1:]).command == "run"
    assert parser().parse_args(lines["ExecStartPre"].split()[1:]).db_command == "upgrade"
    assert lines["KillSignal"] == "SIGTERM" and lines["User"] == "supportbot"
    for hardening in ("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp"):
        assert lines[hardening] in ("yes", "strict"), hardening


def test_the_discord_invite_grants_the_permissions_listed() -> None:
    guide = (DEPLOY / "README.md").read_text()
    granted = int(found(r"permissions=(\d+)", guide).group(1))
    listed = found(r"the permissions are\s+(.*?):\n", guide, re.S).group(1)
    names = [
        name.strip().lower().replace(" ", "_")
        for name in re.split(r",|\band\b", " ".join(listed.split()))
        if name.strip()
    ]
    names = [{"view_channels": "view_channel"}.get(name, name) for name in names]
    assert discord.Permissions(granted) == discord.Permissions(**dict.fromkeys(names, True))


def docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not docker_answers(), reason="no Docker daemon here")
def test_the_image_builds_and_answers_healthz(tmp_path: Path) -> None:
    root = DEPLOY.parent
    tag = "supportbot:test"
    build = ["docker", "build", "-f", str(DEPLOY / "Dockerfile"), "-t", tag, str(root)]
    subprocess.run(build, check=True, timeout=900)
    name = f"supportbot-test-{tmp_path.name}"
    run = ["docker", "run", "-d", "--rm", "--name", name, "-i", tag]
    subprocess.run(run, check=True, timeout=60)
    try:
        probe = (
            "import urllib.request as u; print(u.urlopen('http://127.0.0.1:9090/healthz').read())"
        )
        for _ in range(30):
            done = subprocess.run(
                ["docker", "exec", name, "python", "-c", probe], capture_output=True, check=False
            )
            if done.returncode == 0:
                break
            subprocess.run(["sleep", "1"], check=True)
        assert b"ok" in done.stdout
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)
