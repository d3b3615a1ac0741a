"""Front matter splitting keeps line numbers of the original file."""

from __future__ import annotations

import pytest

from knowledge.frontmatter import FrontMatterError, split
from knowledge.yamlcheck import YamlError, YMap, load


def test_split_keeps_lines() -> None:
    parts = split("\n---\nid: KB-1\ntitle: x\n---\n# Body\ntext\n")
    assert parts.meta == "id: KB-1\ntitle: x"
    assert parts.meta_line == 3
    assert parts.body == "# Body\ntext"
    assert parts.body_line == 6


def test_yaml_lines_are_file_lines() -> None:
    parts = split("---\nid: KB-1\nsymptoms:\n  - one\n  - two\n---\n")
    data = load(parts.meta, first_line=parts.meta_line)
    assert isinstance(data, YMap)
    assert data.line_of("symptoms") == 3
    symptoms = data["symptoms"]
    assert getattr(symptoms, "item_lines", None) == [4, 5]


@pytest.mark.parametrize(
    ("text", "line"), [("# no front matter\n", 1), ("---\nid: 1\n", 1), ("", 1)]
)
def test_bad_front_matter(text: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as error:
        split(text)
    assert error.value.line == line


def test_yaml_error_line() -> None:
    with pytest.raises(YamlError) as error:
        load("a: 1\nb: [1, 2\nc: 3\n", first_line=10)
    assert error.value.line >= 11


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(YamlError) as error:
        load("a: 1\nb: 2\na: 3\n")
    assert error.value.line == 3
