"""R15: file count, size and type by extension AND content, each refusal naming its rule."""

from __future__ import annotations

import pytest

from bot.core.attachments import screen
from bot.core.model import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
PDF = b"%PDF-1.7\n"


def file(name: str, size: int = 1000) -> Attachment:
    return Attachment(name, size, "application/octet-stream")


@pytest.mark.parametrize(
    ("name", "head", "size", "rule"),
    [
        ("shot.png", PNG, 1000, None),
        ("report.pdf", PDF, 1000, None),
        ("log.txt", b"2026-11-20 ERROR sync failed\n", 1000, None),
        ("data.csv", "name;stadt\nJörg;Köln\n".encode(), 1000, None),
        ("trace.har", b'{"log": {"entries": []}}', 1000, None),
        ("sheet.xlsx", b"PK\x03\x04rest", 1000, None),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", 1000, None),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42", 1000, None),
        ("tool.exe", b"MZ", 1000, "files.bad_type"),
        ("noextension", b"hello", 10, "files.bad_type"),
        ("big.png", PNG, 500 * 1024 + 1, "files.too_big"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", 1000, "files.content_mismatch"),
        ("fake.png", PDF, 1000, "files.content_mismatch"),
        ("binary.txt", b"\x00\x01\x02", 1000, "files.content_mismatch"),
        ("trace.har", b"not json", 1000, "files.content_mismatch"),
    ],
)
def test_each_rule(name: str, head: bytes, size: int, rule: str | None) -> None:
    result = screen([file(name, size)], [head])
    if rule is None:
        assert [a.name for a in result.accepted] == [name]
        assert result.rejected == ()
    else:
        assert result.accepted == ()
        assert [m.key for m in result.rejected] == [rule]
        assert result.rejected[0].params["name"] == name


def test_exactly_500_kb_is_allowed() -> None:
    assert screen([file("a.png", 500 * 1024)], [PNG]).accepted


def test_sixth_file_is_refused_and_the_rest_delivered() -> None:
    files = [file(f"f{n}.png") for n in range(6)]
    result = screen(files, [PNG] * 6)
    assert [a.name for a in result.accepted] == [f"f{n}.png" for n in range(5)]
    assert [m.key for m in result.rejected] == ["files.too_many"]
