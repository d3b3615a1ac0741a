"""Office files attached in the console are read far enough to see their zip directory: a
real DOCX goes through, a zip bomb named .xlsx is refused by its rule (R15, issue 8)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.service.conftest import World
from tests.service.test_console_journey import open_invoice_case, shown

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _zip(path: Path, member: str, content: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
    return path


async def test_a_docx_is_relayed_and_a_zip_bomb_refused(world: World, tmp_path: Path) -> None:
    ref = await open_invoice_case(world)
    letter = _zip(tmp_path / "letter.docx", "word/document.xml", b"<w:p>Invoice 7</w:p>" * 500)
    bomb = _zip(tmp_path / "sheet.xlsx", "xl/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    await world.say(f"/attach {letter}", f"/attach {bomb}")
    out = await world.say("both files")
    assert shown(out, "sheet.xlsx was not sent: it would unpack to 60 MB")
    assert shown(out, f"Alice Adams ({ref}): both files [files: letter.docx]")
