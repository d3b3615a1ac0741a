"""FakeSlack's conversations.* and users.info handlers."""

from __future__ import annotations

from .recording import Call, JsonDict
from .state import SlackState
from .wire import _error, _truthy


class ConversationMethods(SlackState):
    def _conversations_open(self, call: Call) -> JsonDict:
        users = [u for u in str(call.params.get("users", "")).split(",") if u]
        if "channel" in call.params:
            channel_id = str(call.params["channel"])
        elif len(users) == 1:
            channel_id = self.dm_channel_for(users[0])
        elif users:
            channel_id = self.dm_channel_for(",".join(sorted(users))).replace("D", "G", 1)
        else:
            return _error("users_list_not_supplied")
        channel: JsonDict = {"id": channel_id}
        if _truthy(call.params.get("return_im")):
            channel = self._channel_info(channel_id)
        return {"ok": True, "no_op": False, "already_open": False, "channel": channel}

    def _channel_info(self, channel_id: str) -> JsonDict:
        is_im = channel_id.startswith("D")
        info: JsonDict = {
            "id": channel_id,
            "created": 1_700_000_000,
            "is_archived": False,
            "context_team_id": self.team_id,
        }
        if is_im:
            user = next((u for u, c in self.dm_channels.items() if c == channel_id), None)
            info.update({"is_im": True, "is_org_shared": False, "user": user})
        else:
            info.update(
                {
                    "name": f"channel-{channel_id.lower()}",
                    "is_channel": channel_id.startswith("C"),
                    "is_group": False,
                    "is_im": False,
                    "is_mpim": channel_id.startswith("G"),
                    "is_private": channel_id.startswith("G"),
                    "is_member": True,
                }
            )
        info.update(self.channels.get(channel_id, {}))
        return info

    def _conversations_info(self, call: Call) -> JsonDict:
        channel_id = str(call.params.get("channel", ""))
        if not channel_id:
            return _error("channel_not_found")
        return {"ok": True, "channel": self._channel_info(channel_id)}

    def _users_info(self, call: Call) -> JsonDict:
        uid = str(call.params.get("user", ""))
        if not uid:
            return _error("user_not_found")
        override = dict(self.users.get(uid, {}))
        name = override.get("name", uid.lower())
        real_name = override.get("real_name", f"User {uid}")
        profile: JsonDict = {
            "real_name": real_name,
            "display_name": override.get("display_name", name),
            "email": f"{name}@example.com",
            "team": self.team_id,
        }
        profile.update(override.pop("profile", {}))
        user: JsonDict = {
            "id": uid,
            "team_id": self.workspace_of(call.token).team_id,
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            "is_bot": uid == self.bot_user_id,
            "is_admin": False,
            "is_restricted": False,
            "updated": 1_700_000_000,
            "profile": profile,
        }
        locale = override.pop("locale", "en-US")
        override.pop("display_name", None)
        user.update(override)
        if _truthy(call.params.get("include_locale")):
            user["locale"] = locale
        return {"ok": True, "user": user}
