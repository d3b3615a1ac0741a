"""Console rendering: one function per action type, each returning printable lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.core.actions import (
    Action,
    Alert,
    AskChoice,
    AskText,
    CaseHeader,
    MoveToDirect,
    OfferArticles,
    OpenCaseForm,
    PostFiles,
    QueueRow,
    Relay,
    Reply,
    SendFile,
    ShowCaseDetail,
    ShowCaseList,
    ShowEscalate,
    ShowQueue,
)
from bot.core.model import ConversationKey
from bot.core.text import Msg, msg
from bot.i18n import translate

PLATFORM = "console"


def where(key: ConversationKey) -> str:
    """A short label for a destination: the user's DM or a queue thread."""
    if key.thread:
        return f"#{key.channel} {key.thread}"
    return f"@{key.user}" if key.user else f"#{key.channel}"


def _t(locale: str, text: Msg) -> str:
    return translate(locale, text)


def _text(action: Reply | AskText | MoveToDirect) -> list[str]:
    return [f"[{where(action.to)}] {_t(action.locale, action.text)}"]


def _ask(action: AskChoice) -> list[str]:
    lines = [f"[{where(action.to)}] {_t(action.locale, action.text)}"]
    for number, choice in enumerate(action.choices, start=1):
        detail = f" - {_t(action.locale, choice.detail)}" if choice.detail else ""
        lines.append(f"  {number}) {_t(action.locale, choice.label)}{detail}")
    return lines


def _articles(action: OfferArticles) -> list[str]:
    lines = [f"[{where(action.to)}] {_t(action.locale, action.text)}"]
    solved = _t(action.locale, msg("articles.solved"))
    for number, article in enumerate(action.articles, start=1):
        # No score: a ranking number means nothing to the person (`kb search` shows it).
        lines.append(f"  {number}) {article.title} {article.url} [{solved}]")
    lines.append(f"  {len(action.articles) + 1}) {_t(action.locale, msg('articles.more'))}")
    return lines


def _form(action: OpenCaseForm) -> list[str]:
    lines = [f"[{where(action.to)}] == {_t(action.locale, action.title)} =="]
    lines.extend(f"  ! {_t(action.locale, error)}" for _, error in action.errors)
    return lines


def _header(action: CaseHeader) -> list[str]:
    verb = "new" if action.new else "updated"
    lines = [f"[{where(action.to)}] ({verb}) " + _t(action.locale, action.lines[0])]
    lines.extend(f"    {_t(action.locale, line)}" for line in action.lines[1:])
    if action.controls:
        # Numbered like every other choice: in the thread, the number presses the button.
        controls = enumerate(action.controls, start=1)
        lines.append("    " + "  ".join(f"{n}) {_t(action.locale, c.label)}" for n, c in controls))
    return lines


def _relay(action: Relay) -> list[str]:
    names = ", ".join(action.attachments)
    files = " " + _t(action.locale, msg("relay.files", names=names)) if action.attachments else ""
    text = _t(
        action.locale,
        msg("relay.from", author=action.author, case=f"CS-{action.case_number}", text=action.text),
    )
    return [f"[{where(action.to)}] {text}{files}"]


def _escalate(action: ShowEscalate) -> list[str]:
    label = _t(action.locale, msg("control.escalate"))
    return [
        f"[{where(action.to)}] {_t(action.locale, action.text)}",
        f"  [{label}] " + _t(action.locale, msg("usage.escalate", case=f"CS-{action.case_number}")),
    ]


def _list(action: ShowCaseList) -> list[str]:
    columns = msg("list.columns_user" if action.with_user else "list.columns")
    lines = [f"[{where(action.to)}] {_t(action.locale, action.title)}"]
    if not action.rows:
        return [*lines, "  " + _t(action.locale, msg("list.empty"))]
    lines.append("  " + _t(action.locale, columns))
    for row in action.rows:
        user = [row.user] if action.with_user and row.user is not None else []
        cells = [
            f"CS-{row.case_number}",
            *user,
            row.subject,
            _t(action.locale, row.created),
            _t(action.locale, row.last_activity),
            _t(action.locale, row.channel_type),
            _t(action.locale, row.status),
        ]
        lines.append("  " + " | ".join(cells))
    return lines


def _queue(action: ShowQueue) -> list[str]:
    lines = [f"[{where(action.to)}] {_t(action.locale, action.title)}"]
    if not action.rows:
        return [*lines, "  " + _t(action.locale, msg("queue.empty"))]
    lines.append("  " + _t(action.locale, msg("queue.columns")))
    for row in action.rows:
        assignee = row.assignee or _t(action.locale, msg("queue.unassigned"))
        response = _t(action.locale, row.response)
        if row.breached:
            response += f" [{_t(action.locale, msg('queue.breached'))}]"
        cells = [f"CS-{row.case_number}", row.queue, row.severity, _t(action.locale, row.status)]
        line = " | ".join([*cells, assignee, response, row.subject])
        lines.append(f"  {line}  {_jump(action.locale, row)}".rstrip())
    if action.more:
        lines.append("  " + _t(action.locale, msg("list.more")))
    return lines


def _jump(locale: str, row: QueueRow) -> str:
    """How to get to the case's thread from here."""
    if row.thread is None:
        return ""
    if row.thread.platform != PLATFORM:
        return "(" + _t(locale, msg("queue.elsewhere", platform=row.thread.platform)) + ")"
    return f"-> /thread CS-{row.case_number}"


def _detail(action: ShowCaseDetail) -> list[str]:
    lines = [f"[{where(action.to)}] " + _t(action.locale, action.lines[0])]
    lines.extend("  " + _t(action.locale, line) for line in action.lines[1:])
    lines.append("  -- " + _t(action.locale, msg("transcript.title")) + " --")
    lines.extend("  " + _t(action.locale, line) for line in action.transcript)
    return lines


def saved(action: SendFile | PostFiles, path: Path) -> list[str]:
    """R55, R61: where the console wrote a file, or a post's files (a chat cannot hold them)."""
    said = f"[{where(action.to)}] {_t(action.locale, action.text)}"
    if isinstance(action, PostFiles):
        names = ", ".join(f.filename for f in action.files)
        return [said, "  " + _t(action.locale, msg("post.saved", path=str(path), files=names))]
    return [f"{said} {_t(action.locale, msg('export.saved', path=str(path)))}"]


def _alert(action: Alert) -> list[str]:
    mention = f"@{action.mention} " if action.mention else ""
    return [f"[{where(action.to)}] {mention}{_t(action.locale, action.text)}"]


_RENDERERS: dict[type[Any], Callable[[Any], list[str]]] = {
    Reply: _text,
    AskText: _text,
    AskChoice: _ask,
    OfferArticles: _articles,
    OpenCaseForm: _form,
    CaseHeader: _header,
    Relay: _relay,
    ShowEscalate: _escalate,
    ShowCaseList: _list,
    ShowQueue: _queue,
    ShowCaseDetail: _detail,
    MoveToDirect: _text,
    Alert: _alert,
}


def render(action: Action) -> list[str]:
    """Printable lines for an action; an action without a renderer is an error, not a drop."""
    renderer = _RENDERERS.get(type(action))
    if renderer is None:
        raise TypeError(f"console has no renderer for {type(action).__name__}")
    return renderer(action)
