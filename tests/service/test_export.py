"""R55 in the console and on the command line: the owner, an org admin of the case's org or
an agent gets the case as a Markdown or HTML file, in their language and time zone; internal
notes only for an agent who asks; anyone else is refused naming the rule, and it is audited."""

from __future__ import annotations

from pathlib import Path

from tests.service.conftest import World
from tests.service.test_console_journey import open_invoice_case, shown
from tests.test_cli import supportbot


def saved_file(lines: list[str], where: str) -> str:
    """The text of the file the console says it saved for the person at `where`."""
    said = ("Transcript of", "Verlauf von")
    line = next(
        line for line in lines if line.startswith(where) and line.split("] ")[1].startswith(said)
    )
    return Path(line.rsplit(" ", 1)[1]).read_text(encoding="utf-8")  # the path comes last


async def worked_case(world: World, tmp_path: Path) -> str:
    """A case with an agent's answer, an internal note and the owner's screenshot."""
    ref = await open_invoice_case(world)
    await world.say("/as agent", f"/thread {ref}")
    await world.say("Hi Alice, <b>check</b> the Billing Viewer role.")
    await world.say("note: customer is on the legacy billing role")
    screen = tmp_path / "screen.png"
    screen.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 3000)
    await world.say("/as user alice", f"/attach {screen}", "Here is what I see.")
    return ref


async def test_the_owner_gets_the_public_transcript_in_her_zone(
    world: World, tmp_path: Path
) -> None:
    ref = await worked_case(world, tmp_path)
    out = await world.say(f"export {ref}")
    assert shown(out, f"[@alice] Transcript of {ref} (Markdown). Saved as ")
    md = saved_file(out, "[@alice]")
    assert md.startswith(f"# {ref}: ")
    assert "- **Status:** in progress" in md
    assert "- **Organisation:** Acme Corp" in md
    assert "- **Opened:** Nov 23, 2026, 10:00 CET" in md  # 09:00 UTC read in Berlin
    assert "**Dana Diaz** · Nov 23, 2026, 10:00 CET\n> Hi Alice, <b>check</b> the Billing" in md
    assert "**Alice Adams**" in md and "> 📎 screen.png" in md
    assert "## Attachments\n\n- screen.png (3 KB)" in md
    assert "legacy billing role" not in md  # internal notes are the agents'
    out = await world.say(f"export {ref} internal")
    assert shown(out, f"Only agents may export the internal notes of {ref}.")
    out = await world.say(f"export {ref} pdf")
    assert shown(out, 'Usage: export CS-n [md|html] [internal]; "pdf" is neither')
    out = await world.say("export to CSV fails with error 500")  # a problem, not a command
    assert not shown(out, "Name the case")


async def test_others_are_refused_naming_the_rule_and_it_is_audited(
    world: World, tmp_path: Path
) -> None:
    ref = await worked_case(world, tmp_path)
    await world.say("/as user bob")  # a participant reads the case but does not answer for it
    out = await world.say(f"exportieren {ref}")
    assert shown(
        out, f"Nur der Ersteller, ein Org-Admin seiner Organisation oder ein Agent kann {ref}"
    )
    await world.say("/as user gary")  # another org: the case is not even named as existing
    out = await world.say(f"export {ref}")
    assert shown(out, f"There is no case {ref} that you can see.")
    assert not shown(out, "Saved as")
    async with world.repository.transaction() as uow:
        denials = [e.actor_id for e in await uow.audit("deny.export")]
        seen = [e.actor_id for e in await uow.audit("deny.case_not_visible")]
    assert denials == ["bob"]
    assert seen == ["gary"]


async def test_org_admin_gets_html_and_agents_get_notes_in_their_language(
    world: World, tmp_path: Path
) -> None:
    ref = await worked_case(world, tmp_path)
    await world.say(f"close {ref}")
    await world.say("/as admin")  # carol, Acme's org admin, in London
    out = await world.say(f"export {ref} html")
    page = saved_file(out, "[@carol]")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<dt>Closed</dt><dd>Nov 23, 2026, 09:00 GMT</dd>" in page
    assert "Hi Alice, &lt;b&gt;check&lt;/b&gt; the Billing Viewer role." in page
    assert "legacy billing role" not in page

    await world.say("/as agent", f"/thread {ref}")
    out = await world.say("/export internal")  # `!export` in a Slack or Discord thread
    md = saved_file(out, f"[#billing-queue {ref}]")
    assert "**Dana Diaz** · Nov 23, 2026, 09:00 UTC _(internal note)_" in md
    assert "> customer is on the legacy billing role" in md

    await world.say("/as user erik", "/dm")  # a German agent in his DM
    out = await world.say(f"export {ref} html intern")
    assert shown(out, f"[@erik] Verlauf von {ref} (HTML). Gespeichert als ")
    page = saved_file(out, "[@erik]")
    for german in ('<html lang="de">', "<dt>Eröffnet</dt>", "<h2>Nachrichten</h2>", "MEZ"):
        assert german in page
    assert "<em>(interne Notiz)</em>" in page
    async with world.repository.transaction() as uow:
        exports = [
            (e.actor_id, e.after) for e in await uow.audit(ref) if e.action == "case.exported"
        ]
    assert exports == [("carol", "html"), ("dana", "md+internal"), ("erik", "html+internal")]


def test_the_command_line_writes_the_file_and_refuses_an_unknown_case(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "help",
            "1",
            "Invoices",
            "my invoice pdf download says access denied INV-403",
            "still need help",
            "",
            "",
            "",
            "no",
            "3",
            "",
            "/as agent",
            "/thread CS-1",
            "We fixed the <permission>, please try again.",
            "note: was a role mapping bug",
            "/quit",
        ]
    )
    assert supportbot("run", stdin=script + "\n", cwd=tmp_path).returncode == 0
    page = tmp_path / "CS-1.html"
    done = supportbot("export", "CS-1", "--format", "html", "--out", str(page), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, f"CS-1 written to {page}\n")
    assert "We fixed the &lt;permission&gt;, please try again." in page.read_text()
    assert "role mapping bug" not in page.read_text()
    notes = supportbot("export", "cs-1", "--internal", cwd=tmp_path)
    assert notes.stdout.startswith("# CS-1: ") and "> was a role mapping bug" in notes.stdout
    trail = supportbot("admin", "audit", "CS-1", cwd=tmp_path).stdout
    assert "case.exported  CS-1   -> html" in trail and "-> md+internal" in trail
    nothing = supportbot("export", "CS-99", cwd=tmp_path)
    assert nothing.returncode == 2
    assert nothing.stderr.startswith("supportbot: no case CS-99: case ids look like CS-12")
