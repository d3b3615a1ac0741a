"""R15: which attached files may be relayed: count, size, and type by extension AND content."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.model import Attachment
from bot.core.text import Msg, msg

MAX_FILES = 5
MAX_BYTES = 500 * 1024
# How many leading bytes the content check reads.
HEAD_BYTES = 512
# Zip-based Office files (DOCX, XLSX) are held to what their central directory declares, so a
# zip bomb never reaches an agent's Office app. Real documents unpack to a few MB at 2-20:1
# (a 50,000-row sheet: 7 MB at 8:1); Apache POI refuses Office zips past 100:1 by default
# (ZipSecureFile). Below 1 MB unpacked the ratio is not held against a file: a short letter's
# repetitive XML may pass 100:1 and harms no one (POI has such a grace size too).
_MB = 1024 * 1024
ZIP_UNPACKED_MAX = 50 * _MB
ZIP_RATIO_MAX = 100
ZIP_RATIO_FROM = _MB


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
_ZIPPED = frozenset({"xlsx", "docx"})
ALLOWED_TYPES = "CSV, TSV, XLSX, DOC, DOCX, PDF, TXT, JPG, PNG, GIF, MP4, MOV, HAR"


@dataclass(frozen=True)
class Archive:
    """The sizes a zip's central directory declares for all its members together."""

    packed: int
    unpacked: int


@dataclass(frozen=True)
class Sample:
    """What the content check reads of a file: its first bytes and, for a zip, its
    directory's sizes (None when it is no readable zip)."""

    head: bytes
    archive: Archive | None = None


def sample(content: bytes) -> Sample:
    """What R15 needs of a file's bytes; adapters pass it with the message."""
    return Sample(content[:HEAD_BYTES], _archive(content) if _ZIP(content) else None)


def _archive(content: bytes) -> Archive | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError):
        return None  # damaged, or a zip version no Office app writes: not a readable zip
    return Archive(sum(m.compress_size for m in members), sum(m.file_size for m in members))


@dataclass(frozen=True)
class Screened:
    """Files that may be relayed, and one message per file that broke a rule."""

    accepted: tuple[Attachment, ...]
    rejected: tuple[Msg, ...]


def screen(files: Sequence[Attachment], samples: Sequence[Sample]) -> Screened:
    """Apply R15 to each file; the first five are considered, the rest are refused."""
    accepted: list[Attachment] = []
    rejected: list[Msg] = []
    for index, file in enumerate(files):
        seen = samples[index] if index < len(samples) else Sample(b"")
        problem = (
            _problem(file, seen)
            if index < MAX_FILES
            else msg("files.too_many", name=file.name, max=MAX_FILES)
        )
        if problem is None:
            accepted.append(file)
        else:
            rejected.append(problem)
    return Screened(tuple(accepted), tuple(rejected))


def _problem(file: Attachment, seen: Sample) -> Msg | None:
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    sniff = _SNIFF.get(extension)
    if sniff is None:
        return msg("files.bad_type", name=file.name, types=ALLOWED_TYPES)
    if file.size > MAX_BYTES:
        return msg("files.too_big", name=file.name, max_kb=MAX_BYTES // 1024)
    archive = seen.archive
    if not sniff(seen.head[:HEAD_BYTES]) or (extension in _ZIPPED and archive is None):
        return msg("files.content_mismatch", name=file.name, type=extension.upper())
    if extension in _ZIPPED and archive is not None and _absurd(archive):
        return msg(
            "files.unpacks_too_big",
            name=file.name,
            size_mb=archive.unpacked // _MB,
            max_mb=ZIP_UNPACKED_MAX // _MB,
            ratio=ZIP_RATIO_MAX,
        )
    return None


def _absurd(archive: Archive) -> bool:
    if archive.unpacked > ZIP_UNPACKED_MAX:
        return True
    return archive.unpacked > max(ZIP_RATIO_FROM, ZIP_RATIO_MAX * archive.packed)
