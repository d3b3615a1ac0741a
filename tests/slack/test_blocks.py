"""Block Kit limits are respected: long text is split, long lists are cut with a note."""

from __future__ import annotations

from bot.adapters.slack.blocks import MESSAGE_BLOCKS_MAX, SECTION_MAX, clip, fit, option, sections


def test_long_text_is_split_into_sections_within_the_limit() -> None:
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(200))  # about 20,000 characters
    blocks = sections(text)
    assert all(len(b["text"]["text"]) <= SECTION_MAX for b in blocks)
    assert "".join(b["text"]["text"] for b in blocks).replace("\n", "") == text.replace("\n", "")


def test_text_without_line_breaks_is_split_too() -> None:
    blocks = sections("y" * 7000)
    assert [len(b["text"]["text"]) for b in blocks] == [3000, 3000, 1000]


def test_too_many_blocks_end_with_a_more_note() -> None:
    blocks = fit(sections("\n".join("z" * 2999 for _ in range(60))), MESSAGE_BLOCKS_MAX, "more")
    assert len(blocks) == MESSAGE_BLOCKS_MAX
    assert blocks[-1]["elements"][0]["text"] == "more"


def test_option_texts_are_clipped_to_75() -> None:
    built = option("a" * 100, "v", "b" * 100)
    assert len(built["text"]["text"]) == 75 and built["text"]["text"].endswith("…")
    assert len(built["description"]["text"]) == 75
    assert clip("short", 75) == "short"
