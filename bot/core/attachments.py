"""R15: which attached files may be relayed: count, size, and type by extension AND content."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.model import Attachment
from bot.core.text import Msg, msg

MAX_FILES = 5
MAX_BYTES = 500 * 1024
# How many leading bytes adapters pass for the content check.
HEAD_BYTES = 512


def _text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the head is still text.
        return error.start >= len(head) - 3
    return True


def _prefix(*magics: bytes) -> Callable[[bytes], bool]:
    return lambda head: any(head.startswith(m) for m in magics)


def _iso_media(head: bytes) -> bool:
    return head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free")


_ZIP = _prefix(b"PK\x03\x04")
_OLE = _prefix(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_SNIFF: dict[str, Callable[[bytes], bool]] = {
    "csv": _text,
    "tsv": _text,
    "txt": _text,
    "har": lambda head: _text(head) and head.lstrip().startswith(b"{"),
    "xlsx": _ZIP,
    "docx": _ZIP,
    "doc": _OLE,
    "pdf": _prefix(b"%PDF-"),
    "jpg": _prefix(b"\xff\xd8\xff"),
    "jpeg": _prefix(b"\xff\xd8\xff"),
    "png": _prefix(b"\x89PNG\r\n\x1a\n"),
    "gif": _prefix(b"GIF87a", b"GIF89a"),
    "mp4": _iso_media,
    "mov": _iso_media,
}
ALLOWED_TYPES = "CSV, TSV, XLSX, DOC, DOCX, PDF, TXT, JPG, PNG, GIF, MP4, MOV, HAR"


@dataclass(frozen=True)
class Screened:
    """Files that may be relayed, and one message per file that broke a rule."""

    accepted: tuple[Attachment, ...]
    rejected: tuple[Msg, ...]


def screen(files: Sequence[Attachment], heads: Sequence[bytes]) -> Screened:
    """Apply R15 to each file; the first five are considered, the rest are refused."""
    accepted: list[Attachment] = []
    rejected: list[Msg] = []
    for index, file in enumerate(files):
        head = heads[index] if index < len(heads) else b""
        problem = (
            _problem(file, head)
            if index < MAX_FILES
            else msg("files.too_many", name=file.name, max=MAX_FILES)
        )
        if problem is None:
            accepted.append(file)
        else:
            rejected.append(problem)
    return Screened(tuple(accepted), tuple(rejected))


def _problem(file: Attachment, head: bytes) -> Msg | None:
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    sniff = _SNIFF.get(extension)
    if sniff is None:
        return msg("files.bad_type", name=file.name, types=ALLOWED_TYPES)
    if file.size > MAX_BYTES:
        return msg("files.too_big", name=file.name, max_kb=MAX_BYTES // 1024)
    if not sniff(head[:HEAD_BYTES]):
        return msg("files.content_mismatch", name=file.name, type=extension.upper())
    return None
