"""R55 on Slack: the transcript arrives as a file shared where it was asked for, through
files_upload_v2 (getUploadURLExternal, the upload, completeUploadExternal); internal notes
only in an agent's export; a participant is refused in their language."""

from __future__ import annotations

import pytest

from tests.fake_slack.server import Call
from tests.slack.conftest import ALICE, BOB, DANA, SlackWorld
from tests.slack.journeys import BILLING, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def shared_file(slack: SlackWorld, channel: str) -> tuple[Call, str]:
    """The completed upload shared in a channel, and the text of the file's bytes."""
    done = await slack.fake.wait_for(
        "files.completeUploadExternal", lambda c: c.params.get("channel_id") == channel, ok=True
    )
    file_id = done.params["files"][0]["id"]
    return done, slack.fake.uploads[file_id].decode()


async def test_owner_and_agent_get_the_transcript_as_a_file_where_they_asked(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)
    await slack.post(
        DANA, "We reset the <invoice> role for you.", channel=BILLING, thread_ts=thread
    )
    await slack.message(slack.dm(ALICE), "We reset the")
    await slack.post(DANA, "note: legacy billing role", channel=BILLING, thread_ts=thread)
    await slack.message(BILLING, "Internal note saved", thread_ts=thread)

    await slack.say(ALICE, f"export {ref}")
    done, md = await shared_file(slack, slack.dm(ALICE))
    assert done.params["initial_comment"] == f"Transcript of {ref} (Markdown)."
    assert slack.fake.calls_to("files.getUploadURLExternal")[0].params["filename"] == f"{ref}.md"
    assert md.startswith(f"# {ref}: Invoice PDF download fails")
    assert "- **Organisation:** Acme Corp" in md
    assert "> We reset the <invoice> role for you." in md
    assert "legacy billing role" not in md

    await slack.post(DANA, "!export html internal", channel=BILLING, thread_ts=thread)
    done, page = await shared_file(slack, BILLING)
    assert done.params["thread_ts"] == thread  # in the case thread, where it was asked for
    assert "We reset the &lt;invoice&gt; role for you." in page
    assert "legacy billing role" in page and "(internal note)" in page


async def test_a_participant_is_refused_in_german_and_gets_no_file(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)
    await slack.say(BOB, f"exportieren {ref}")
    await slack.message(slack.dm(BOB), "Nur der Ersteller, ein Org-Admin seiner Organisation")
    assert slack.fake.calls_to("files.getUploadURLExternal") == []
