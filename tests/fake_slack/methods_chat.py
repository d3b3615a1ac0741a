"""FakeSlack's auth.test, chat.* and reactions.add handlers."""

from __future__ import annotations

from .recording import Call, JsonDict
from .state import SlackState
from .wire import _error


class ChatMethods(SlackState):
    def _auth_test(self, call: Call) -> JsonDict:
        workspace = self.workspace_of(call.token)
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": workspace.team_name,
            "user": self.bot_name,
            "team_id": workspace.team_id,
            "user_id": workspace.bot_user_id,
            "bot_id": workspace.bot_id,
            "is_enterprise_install": False,
        }

    def _resolve_channel(self, channel: str) -> str:
        # Posting to a user id lands in the bot's DM with that user.
        if channel.startswith(("U", "W")):
            return self.dm_channel_for(channel)
        return channel

    def _bot_message(self, params: JsonDict, ts: str) -> JsonDict:
        message: JsonDict = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": params.get("text", ""),
            "ts": ts,
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": self.bot_name,
                "team_id": self.team_id,
                "deleted": False,
            },
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in params:
                message[key] = params[key]
        return message

    def _chat_post_message(self, call: Call) -> JsonDict:
        p = call.params
        channel = p.get("channel")
        if not channel:
            return _error("channel_not_found")
        if not (p.get("text") or p.get("blocks") or p.get("attachments")):
            return _error("no_text")
        channel = self._resolve_channel(str(channel))
        ts = self.next_ts()
        message = self._bot_message(p, ts)
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_update(self, call: Call) -> JsonDict:
        p = call.params
        channel, ts = str(p.get("channel", "")), str(p.get("ts", ""))
        if not channel or not ts:
            return _error("invalid_arguments" if channel else "channel_not_found")
        channel = self._resolve_channel(channel)
        old = self.messages.get((channel, ts))
        if old is None and self.strict:
            return _error("message_not_found")
        message = dict(old) if old is not None else self._bot_message({}, ts)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in p:
                message[key] = p[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self.next_ts()}
        self.messages[(channel, ts)] = message
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": message,
        }

    def _chat_post_ephemeral(self, call: Call) -> JsonDict:
        p = call.params
        if not p.get("channel"):
            return _error("channel_not_found")
        if not p.get("user"):
            return _error("user_not_in_channel")
        return {"ok": True, "message_ts": self.next_ts()}

    def _chat_get_permalink(self, call: Call) -> JsonDict:
        channel = str(call.params.get("channel", ""))
        ts = str(call.params.get("message_ts", ""))
        if not channel:
            return _error("channel_not_found")
        if not ts:
            return _error("message_not_found")
        return {
            "ok": True,
            "channel": channel,
            "permalink": (
                f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
            ),
        }

    def _reactions_add(self, call: Call) -> JsonDict:
        p = call.params
        channel, ts, name = str(p.get("channel", "")), str(p.get("timestamp", "")), p.get("name")
        if not name:
            return _error("invalid_name")
        if not channel:
            return _error("channel_not_found")
        if self.strict and (channel, ts) not in self.messages:
            return _error("message_not_found")
        key = (channel, ts, str(name))
        if key in self.reactions:
            return _error("already_reacted")
        self.reactions.add(key)
        return {"ok": True}
