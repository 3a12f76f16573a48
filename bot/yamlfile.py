"""Safe YAML reading that remembers where every value came from.

PyYAML's node graph carries line and column marks; we convert it to plain
dicts/lists that keep those marks, so that validation can say
`path:line:column: what is wrong` for any value, and we report duplicate keys
(which PyYAML silently overwrites).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.errors import Problem

try:  # libyaml's C loader is several times faster; the pure-Python one is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Place:
    """A position in a file, 1-based as editors count."""

    path: str
    line: int
    column: int

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, message)


class Map(dict[str, Any]):
    """A YAML mapping that knows where it and each of its keys and values are."""

    place: Place
    key_places: dict[str, Place]
    value_places: dict[str, Place]


class Seq(list[Any]):
    """A YAML sequence that knows where it and each of its items are."""

    place: Place
    item_places: list[Place]


def _place(path: str, node: yaml.Node) -> Place:
    mark = node.start_mark
    return Place(path, mark.line + 1, mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    value: str = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in {"true", "yes", "on", "y"}
    if tag == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value  # str, and timestamps kept as written ("2003-01-01")


def _convert(path: str, node: yaml.Node, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.MappingNode):
        result = Map()
        result.place, result.key_places, result.value_places = _place(path, node), {}, {}
        for key_node, value_node in node.value:
            key = _convert(path, key_node, problems)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                problems.append(_place(path, key_node).problem(
                    f"key '{key}' appears twice in the same block; keep one"))
                continue
            result[key] = _convert(path, value_node, problems)
            result.key_places[key] = _place(path, key_node)
            result.value_places[key] = _place(path, value_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        seq = Seq(_convert(path, item, problems) for item in node.value)
        seq.place = _place(path, node)
        seq.item_places = [_place(path, item) for item in node.value]
        return seq
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node)


def _tab_problems(path: str, text: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(path, number, indent.index("\t") + 1,
                                    "tab used for indentation; indent with spaces only"))
    return problems


def read_yaml(file: Path, display_path: str) -> tuple[Any, list[Problem]]:
    """Read one YAML file; return its located content (or None) and its problems."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        return None, [Problem(display_path, 1, 1, f"cannot read the file: {error.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(display_path, line, 1, "not valid UTF-8; save the file as UTF-8")]
    problems = _tab_problems(display_path, text)
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [error.context, error.problem])) or "YAML syntax error"
        return None, [Problem(display_path, line, column, f"YAML syntax error: {what}")]
    except yaml.YAMLError as error:
        return None, [Problem(display_path, 1, 1, f"YAML error: {error}")]
    if node is None:
        return None, []
    return _convert(display_path, node, problems), problems
