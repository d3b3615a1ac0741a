"""FakeSlack's oauth.v2.access, and the workspaces that installed the app through it."""

from __future__ import annotations

import base64

from .recording import Call, JsonDict
from .state import SlackState, Workspace
from .wire import _error


def _client_credentials(call: Call) -> tuple[str, str]:
    """client_id and client_secret: HTTP Basic auth (slack_sdk) or form fields."""
    auth = {k.lower(): v for k, v in call.headers.items()}.get("authorization", "")
    if auth.startswith("Basic "):
        client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        return client_id, secret
    return str(call.params.get("client_id", "")), str(call.params.get("client_secret", ""))


class OAuthMethods(SlackState):
    def approve_install(self, workspace: Workspace, code: str) -> None:
        """What Slack's authorize page does when a workspace admin clicks Allow: ``code``
        (good once) gives the app a bot token for the workspace."""
        self.codes[code] = workspace

    def _oauth_v2_access(self, call: Call) -> JsonDict:
        client_id, secret = _client_credentials(call)
        if client_id != self.client_id:
            return _error("invalid_client_id")
        if secret != self.client_secret:
            return _error("bad_client_secret")
        workspace = self.codes.pop(str(call.params.get("code", "")), None)
        if workspace is None:
            return _error("invalid_code")
        self.installed[workspace.bot_token] = workspace
        return {
            "ok": True,
            "access_token": workspace.bot_token,
            "token_type": "bot",
            "scope": self.scopes,
            "bot_user_id": workspace.bot_user_id,
            "app_id": self.app_id,
            "team": {"id": workspace.team_id, "name": workspace.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": workspace.installer},
        }
