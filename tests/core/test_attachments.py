"""R15: file count, size and type by extension AND content, each refusal naming its rule."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.attachments import ZIP_RATIO_MAX, ZIP_UNPACKED_MAX, sample, screen
from bot.core.model import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
PDF = b"%PDF-1.7\n"
MB = 1024 * 1024


def office(body: bytes, name: str = "word/document.xml") -> bytes:
    """A DOCX/XLSX-shaped zip: one deflated member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr(name, body)
    return buffer.getvalue()


DOCX = office(b"<w:document><w:body><w:p>Invoice 4711 was charged twice</w:p></w:body>" * 20)


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
        ("sheet.xlsx", DOCX, 1000, None),
        ("letter.docx", DOCX, 1000, None),
        ("cut.docx", DOCX[:300], 1000, "files.content_mismatch"),  # no central directory
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
    result = screen([file(name, size)], [sample(head)])
    if rule is None:
        assert [a.name for a in result.accepted] == [name]
        assert result.rejected == ()
    else:
        assert result.accepted == ()
        assert [m.key for m in result.rejected] == [rule]
        assert result.rejected[0].params["name"] == name


def test_exactly_500_kb_is_allowed() -> None:
    assert screen([file("a.png", 500 * 1024)], [sample(PNG)]).accepted


def test_sixth_file_is_refused_and_the_rest_delivered() -> None:
    files = [file(f"f{n}.png") for n in range(6)]
    result = screen(files, [sample(PNG)] * 6)
    assert [a.name for a in result.accepted] == [f"f{n}.png" for n in range(5)]
    assert [m.key for m in result.rejected] == ["files.too_many"]


def test_a_zip_bomb_named_docx_is_refused_naming_the_rule() -> None:
    bomb = office(b"\0" * (60 * MB))  # 60 MB of zeros deflate to about 60 KB
    assert len(bomb) < 100 * 1024
    result = screen([file("report.docx", len(bomb)), file("shot.png")], [sample(bomb), sample(PNG)])
    assert [a.name for a in result.accepted] == ["shot.png"]  # the rest is still delivered
    [refusal] = result.rejected
    assert refusal.key == "files.unpacks_too_big"
    assert refusal.params == {
        "name": "report.docx",
        "size_mb": 60,
        "max_mb": ZIP_UNPACKED_MAX // MB,
        "ratio": ZIP_RATIO_MAX,
    }


def test_a_small_zip_inflating_past_the_ratio_is_refused() -> None:
    dense = office(b"A" * (5 * MB), name="xl/worksheets/sheet1.xml")  # 5 MB, about 1000:1
    result = screen([file("sheet.xlsx", len(dense))], [sample(dense)])
    assert [m.key for m in result.rejected] == ["files.unpacks_too_big"]


# The last member's "version needed to extract" raised to 9.9: zipfile cannot read it.
NEWER_ZIP = (len(DOCX) - DOCX.rfind(b"PK\x01\x02") - 6, 99)


@given(st.lists(st.tuples(st.integers(1, 120), st.integers(0, 255)), min_size=1, max_size=4))
@example([NEWER_ZIP])
def test_a_damaged_zip_directory_is_never_an_error(damage: list[tuple[int, int]]) -> None:
    damaged = bytearray(DOCX)
    for from_end, value in damage:  # the central directory sits at the end
        damaged[-from_end] = value
    result = screen([file("letter.docx")], [sample(bytes(damaged))])
    refused = [m.key for m in result.rejected]
    assert result.accepted or refused in (["files.content_mismatch"], ["files.unpacks_too_big"])


@given(st.integers(min_value=0, max_value=len(DOCX)))
def test_a_docx_cut_anywhere_is_accepted_whole_or_refused_as_not_a_docx(cut: int) -> None:
    result = screen([file("letter.docx")], [sample(DOCX[:cut])])
    assert result.accepted or [m.key for m in result.rejected] == ["files.content_mismatch"]


def test_a_short_letter_of_repetitive_xml_is_not_held_to_the_ratio() -> None:
    letter = office(b"<w:p><w:r><w:t>Invoice</w:t></w:r></w:p>" * 20_000)  # 800 KB at 300:1
    assert screen([file("letter.docx", len(letter))], [sample(letter)]).accepted
