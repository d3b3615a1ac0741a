"""R55: one transcript structure, written as Markdown and as HTML that say the same."""

from __future__ import annotations

from html.parser import HTMLParser

from bot.core.transcript import Entry, Format, Transcript, html, markdown, render

DOC = Transcript(
    language="en",
    title="CS-7: Invoices <b>fail</b>",
    facts=(("Status", "closed"), ("Organisation", "Acme & Co")),
    messages_title="Messages",
    note_label="internal note",
    entries=(
        Entry("Nov 23, 2026, 10:00 CET", "Alice", "line one\n# not a heading\n<script>x</script>"),
        Entry("Nov 23, 2026, 10:05 CET", "Dana", "role bug", note=True),
        Entry("Nov 23, 2026, 10:06 CET", "Alice", "here", files=("screen.png",)),
    ),
    files_title="Attachments",
    files=("screen.png (1 KB)",),
    nothing="none",
)


class _Text(HTMLParser):
    """The text a browser shows, and the tags it builds."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_quotes_message_text_so_it_cannot_break_the_layout() -> None:
    md = markdown(DOC)
    assert md.startswith("# CS-7: Invoices <b>fail</b>\n")
    assert "- **Organisation:** Acme & Co" in md
    assert "> # not a heading" in md  # quoted, not a heading of the document
    assert "**Dana** · Nov 23, 2026, 10:05 CET _(internal note)_\n> role bug" in md
    assert "> 📎 screen.png" in md
    assert md.rstrip().endswith("- screen.png (1 KB)")


def test_html_escapes_everything_and_shows_the_same_text() -> None:
    page = html(DOC)
    parsed = _Text()
    parsed.feed(page)
    assert "script" not in parsed.tags and "b" not in parsed.tags  # nothing typed became a tag
    shown = "".join(parsed.text)
    for text in ("CS-7: Invoices <b>fail</b>", "<script>x</script>", "Acme & Co", "role bug"):
        assert text in shown
    assert '<html lang="en">' in page
    assert '<article class="note">' in page


def test_empty_sections_say_so_in_both_formats() -> None:
    empty = Transcript(
        "de", "CS-1: x", (), "Nachrichten", "interne Notiz", (), "Anhänge", (), "keine"
    )
    assert markdown(empty).count("_keine_") == 2
    assert html(empty).count("<em>keine</em>") == 2
    assert render(empty, Format.HTML) == html(empty)
    assert render(empty, Format.MARKDOWN) == markdown(empty)
