"""YAML that remembers line numbers, and field readers that record problems instead of raising."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.problems import Problem


class YMap(dict[str, object]):
    """A YAML mapping with the line of the mapping and of each key."""

    def __init__(self, line: int) -> None:
        """An empty mapping that starts at `line`."""
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """Line of a key, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class YList(list[object]):
    """A YAML sequence with the line of the sequence and of each item."""

    def __init__(self, line: int) -> None:
        """An empty sequence that starts at `line`."""
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class YamlError(ValueError):
    """YAML that does not parse; `line` is 1-based in the original file."""

    def __init__(self, line: int, message: str) -> None:
        """Remember the line next to the message."""
        super().__init__(message)
        self.line = line
        self.message = message


_STR_TAG = "tag:yaml.org,2002:str"
# libyaml composes the same nodes, line marks included, about 15 times faster than the
# pure-Python parser; where it is missing (a build without it) the pure-Python one does.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, *, first_line: int = 1) -> object:
    """Parse YAML into plain values, YMap and YList; line numbers start at `first_line`."""
    try:
        node = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        # Bad YAML: the pure-Python parser says what and where in its own (tested) words.
        node = _compose_slowly(text, first_line)
    if node is None:
        return None
    return _convert(node, SafeConstructor(), first_line - 1)


def _compose_slowly(text: str, first_line: int) -> Node | None:
    """The pure-Python parser's nodes, or a YamlError naming the line and the problem."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlError(line, f"YAML syntax: {error.problem or error}") from error
    except yaml.YAMLError as error:
        raise YamlError(first_line, f"YAML syntax: {error}") from error


def _convert(node: Node, constructor: SafeConstructor, offset: int) -> object:
    """A composed node as plain values, YMap and YList."""
    line = node.start_mark.line + 1 + offset
    if isinstance(node, MappingNode):
        mapping = YMap(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode):
                raise YamlError(key_line, "a mapping key must be a plain value")
            key = str(_scalar(key_node, constructor, key_line))
            if key in mapping:
                raise YamlError(
                    key_line, f"duplicate key {key!r} (first at line {mapping.line_of(key)})"
                )
            mapping[key] = _convert(value_node, constructor, offset)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, SequenceNode):
        items = YList(line)
        for item in node.value:
            items.append(_convert(item, constructor, offset))
            items.item_lines.append(item.start_mark.line + 1 + offset)
        return items
    assert isinstance(node, ScalarNode)
    return _scalar(node, constructor, line)


def _scalar(node: ScalarNode, constructor: SafeConstructor, line: int) -> object:
    """A scalar node as the value YAML resolves it to (int, bool, date...)."""
    if node.tag == _STR_TAG:
        return node.value  # what the constructor returns for text, without its machinery
    try:
        return constructor.construct_object(node)
    except (ConstructorError, ValueError) as error:
        raise YamlError(line, f"bad value {node.value!r}: {error}") from error


class Checker:
    """Reads typed fields from YMaps and records a Problem for each bad one."""

    def __init__(self, path: Path) -> None:
        """Problems will name `path`."""
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        """Record a problem at a line."""
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: object, line: int, what: str) -> YMap | None:
        """The value as a mapping, or None with a problem."""
        if isinstance(value, YMap):
            return value
        self.add(line, f"{what} must be a mapping")
        return None

    def sequence(self, value: object, line: int, what: str) -> YList | None:
        """The value as a list, or None with a problem."""
        if isinstance(value, YList):
            return value
        self.add(line, f"{what} must be a list")
        return None

    def known_keys(self, data: YMap, allowed: Iterable[str], what: str) -> None:
        """Flag keys that are not allowed (usually typos)."""
        allowed_set = set(allowed)
        for key in data:
            if key not in allowed_set:
                self.add(data.line_of(key), f"unknown field {key!r} in {what}")

    def text(self, data: YMap, key: str, what: str, *, required: bool = True) -> str | None:
        """A non-empty string field (numbers are accepted as text)."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(data.line_of(key), f"{what}: missing field {key!r}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(data.line_of(key), f"{what}: {key} must be text")
            return None
        text = str(value).strip()
        if not text:
            self.add(data.line_of(key), f"{what}: {key} is empty")
            return None
        return text

    def flag(self, data: YMap, key: str, what: str, *, default: bool) -> bool:
        """A true/false field."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(data.line_of(key), f"{what}: {key} must be true or false")
            return default
        return value

    def texts(self, data: YMap, key: str, what: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings (a single string counts as a list of one)."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(data.line_of(key), f"{what}: missing field {key!r}")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(data.line_of(key), f"{what}: {key} must be a list")
            return ()
        lines = value.item_lines if isinstance(value, YList) else []
        result: list[str] = []
        for position, item in enumerate(value):
            line = lines[position] if position < len(lines) else data.line_of(key)
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.add(line, f"{what}: each entry of {key} must be text")
            elif str(item).strip():
                result.append(str(item).strip())
            else:
                self.add(line, f"{what}: empty entry in {key}")
        return tuple(result)

    def names(self, data: YMap, key: str, what: str, *, required: bool = True) -> dict[str, str]:
        """A language -> text mapping such as names: {en: ..., de: ...}."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(data.line_of(key), f"{what}: missing field {key!r}")
            return {}
        if not isinstance(value, YMap) or not value:
            self.add(
                data.line_of(key), f"{what}: {key} must map languages to text, e.g. {{en: ...}}"
            )
            return {}
        result: dict[str, str] = {}
        for language, text in value.items():
            if not isinstance(text, str) or not text.strip():
                self.add(value.line_of(language), f"{what}: {key}.{language} must be text")
            else:
                result[language] = text.strip()
        return result
