"""FakeSlack's views.* handlers."""

from __future__ import annotations

import time

from .recording import Call, JsonDict
from .state import SlackState
from .wire import _error


class ViewMethods(SlackState):
    def _view_object(self, view: JsonDict, *, view_id: str, type_: str | None = None) -> JsonDict:
        out: JsonDict = {
            "id": view_id,
            "team_id": self.team_id,
            "type": type_ or view.get("type", "modal"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{next(self._ids):08d}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        for key in ("title", "submit", "close"):
            if key in view:
                out[key] = view[key]
        return out

    def _views_open(self, call: Call) -> JsonDict:
        view = call.params.get("view")
        if not call.params.get("trigger_id") and not call.params.get("interactivity_pointer"):
            return _error("invalid_arguments")
        if not isinstance(view, dict):
            return _error("invalid_arguments")
        obj = self._view_object(view, view_id=self._new_id("V"))
        self.views[obj["id"]] = obj
        return {"ok": True, "view": obj}

    def _views_update(self, call: Call) -> JsonDict:
        view = call.params.get("view")
        if not isinstance(view, dict):
            return _error("invalid_arguments")
        view_id = call.params.get("view_id")
        external_id = call.params.get("external_id")
        if not view_id and external_id:
            view_id = next(
                (k for k, v in self.views.items() if v.get("external_id") == external_id), None
            )
        if not view_id or (self.strict and view_id not in self.views):
            return _error("not_found")
        old = self.views.get(str(view_id))
        hash_ = call.params.get("hash")
        if hash_ and old is not None and hash_ != old["hash"]:
            return _error("hash_conflict")
        obj = self._view_object(view, view_id=str(view_id))
        self.views[obj["id"]] = obj
        return {"ok": True, "view": obj}

    def _views_publish(self, call: Call) -> JsonDict:
        user_id = call.params.get("user_id")
        view = call.params.get("view")
        if not user_id:
            return _error("invalid_arguments")
        if not isinstance(view, dict):
            return _error("invalid_arguments")
        old = self.home_views.get(str(user_id))
        view_id = old["id"] if old is not None else self._new_id("V")
        obj = self._view_object(view, view_id=view_id, type_="home")
        self.home_views[str(user_id)] = obj
        self.views[view_id] = obj
        return {"ok": True, "view": obj}
