"""FakeSlack's files.* handlers (the upload bytes themselves arrive in server.py)."""

from __future__ import annotations

import time

from .recording import Call, JsonDict
from .state import SlackState
from .wire import _error, _guess_mimetype


class FileMethods(SlackState):
    def _files_get_upload_url(self, call: Call) -> JsonDict:
        filename = call.params.get("filename")
        length = call.params.get("length")
        if not filename or length in (None, ""):
            return _error("invalid_arguments")
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "created": int(time.time()),
            "timestamp": int(time.time()),
            "name": str(filename),
            "title": str(filename),
            "mimetype": _guess_mimetype(str(filename)),
            "filetype": str(filename).rsplit(".", 1)[-1] if "." in str(filename) else "binary",
            "user": self.bot_user_id,
            "user_team": self.team_id,
            "size": int(length),
            "mode": "hosted",
            "is_external": False,
            "is_public": False,
            "url_private": f"{self.origin}/files-pri/{self.team_id}-{file_id}/{filename}",
            "url_private_download": (
                f"{self.origin}/files-pri/{self.team_id}-{file_id}/download/{filename}"
            ),
            "permalink": (
                f"https://{self.team_domain}.slack.com/files/{self.bot_user_id}/{file_id}/{filename}"
            ),
            "channels": [],
            "groups": [],
            "ims": [],
            "shares": {},
        }
        if "alt_txt" in call.params:
            self.files[file_id]["alt_txt"] = call.params["alt_txt"]
        return {"ok": True, "upload_url": f"{self.origin}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, call: Call) -> JsonDict:
        entries = call.params.get("files")
        if not isinstance(entries, list) or not entries:
            return _error("invalid_arguments")
        channels = [c for c in str(call.params.get("channels", "")).split(",") if c]
        if call.params.get("channel_id"):
            channels.append(str(call.params["channel_id"]))
        out: list[JsonDict] = []
        for entry in entries:
            file_id = entry.get("id") if isinstance(entry, dict) else None
            if file_id not in self.files or file_id not in self.uploads:
                return _error("file_not_found")
            f = self.files[file_id]
            if entry.get("title"):
                f["title"] = entry["title"]
            for channel in channels:
                key = "ims" if channel.startswith("D") else "channels"
                if channel not in f[key]:
                    f[key].append(channel)
                share: JsonDict = {"ts": self.next_ts(), "channel_name": channel}
                if call.params.get("thread_ts"):
                    share["thread_ts"] = call.params["thread_ts"]
                bucket = "private" if channel.startswith(("D", "G")) else "public"
                f["shares"].setdefault(bucket, {}).setdefault(channel, []).append(share)
            out.append(dict(f))
        return {"ok": True, "files": out}

    def _files_info(self, call: Call) -> JsonDict:
        file_id = call.params.get("file")
        if file_id not in self.files:
            return _error("file_not_found")
        return {"ok": True, "file": dict(self.files[str(file_id)]), "comments": []}
