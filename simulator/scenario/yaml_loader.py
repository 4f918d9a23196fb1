"""Safe YAML for scenario files: plain data only, every key and value with its file, line and column.

:class:`ScenarioLoader` is a PyYAML ``SafeLoader`` whose scalars follow YAML 1.2's core schema rather than
PyYAML's YAML 1.1 habits, and which refuses what a scenario file has no use for:

* ``1e9``, ``2.5e-3`` and ``-1E6`` are floats (YAML 1.1 reads ``1e9`` as a string); ``010`` is ten, not
  eight; ``yes``/``no``/``on``/``off`` are strings (only ``true``/``false`` are booleans); ``2025-10-01``
  stays a string (no datetime objects).
* ``.nan`` and ``.inf`` (and numbers too large for a float) are errors.
* Tags other than the standard ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!map`` and
  ``!!seq`` are refused, ``!!python/...`` included; nothing in a file is ever constructed or run.
* Duplicate keys are errors naming both lines; YAML merge keys (``<<``) are not supported.
* Alias expansion is bounded (:data:`MAX_ALIAS_NODES` nodes in total reached through aliases), as are the
  nesting depth and the file size, so a small file cannot expand into a huge document (billion laughs).
"""

from __future__ import annotations

import math
import re

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Problem, ScenarioError
from .source_map import Location, Node

MAX_FILE_BYTES = 4_000_000
MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 64
_LARGEST_INT = 10**18

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
MAP, SEQ = _TAG + "map", _TAG + "seq"

_INT = re.compile(r"[-+]?[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_NULL = re.compile(r"~|null|Null|NULL|")


class _Fatal(Exception):
    """A problem that stops reading the file (the rest of it cannot be trusted)."""

    def __init__(self, message: str, mark=None):
        super().__init__(message)
        self.message = message
        self.mark = mark


class _FullMatch:
    """A resolver regexp that must match the whole scalar (PyYAML calls ``.match``)."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern

    def match(self, value: str):
        return self.pattern.fullmatch(value)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def tag_message(tag: str) -> str:
    return (
        f"tag {_short_tag(tag)} is not allowed: scenario files hold plain data only "
        "(numbers, text, true/false, lists and mappings); nothing in a file is run"
    )


class ScenarioLoader(yaml.SafeLoader):
    """Safe loader with YAML 1.2 core scalars, limits, and a location tree (``self.tree``) for the data."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 - PyYAML's class-level resolver table, ours alone

    def __init__(self, stream, file: str = "<string>"):
        super().__init__(stream)
        self.file = file
        self.problems: list[Problem] = []
        self.tree: Node | None = None
        self._depth = 0
        self._alias_nodes = 0
        self._open_anchors: set[str] = set()
        self._sizes: dict[int, int] = {}
        self._path = ""  # dotted path of the value being built, for problems

    # ----------------------------------------------------------------- composing: depth and alias limits

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor)
            if event.anchor in self._open_anchors:
                raise _Fatal(f"alias *{event.anchor} refers to the value that contains it", event.start_mark)
            if target is not None:
                self._alias_nodes += self._expanded_size(target)
                if self._alias_nodes > MAX_ALIAS_NODES:
                    raise _Fatal(
                        f"aliases expand to more than {MAX_ALIAS_NODES} values; a scenario needs nowhere near "
                        "that many (is this an alias bomb?)",
                        event.start_mark,
                    )
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Fatal(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        if event.anchor is not None:
            self._open_anchors.add(event.anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open_anchors.discard(event.anchor)

    def _expanded_size(self, node) -> int:
        """Number of values ``node`` stands for once every alias inside it is expanded (memoised)."""
        size = self._sizes.get(id(node))
        if size is None:
            size = 1
            if isinstance(node, SequenceNode):
                size += sum(self._expanded_size(item) for item in node.value)
            elif isinstance(node, MappingNode):
                size += sum(self._expanded_size(k) + self._expanded_size(v) for k, v in node.value)
            self._sizes[id(node)] = size
        return size

    # ----------------------------------------------------------------- constructing plain data

    def construct_document(self, node):
        self.tree = Node(self._loc(node))
        return self._build(node, self.tree, "")

    def _loc(self, node_or_mark) -> Location:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        return Location(self.file, mark.line + 1, mark.column + 1)

    def _problem(self, node, message: str) -> None:
        loc = self._loc(node)
        self.problems.append(Problem(self.file, loc.line, loc.column, self._path, message))

    def _build(self, node, tree: Node, path: str):
        """Data for ``node`` (at dotted ``path``); fills ``tree.children`` with the locations inside it."""
        self._path = path
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                self._tag_problem(node)
            tree.children = [Node(self._loc(item)) for item in node.value]
            items = zip(node.value, tree.children, strict=True)
            return [self._build(item, child, f"{path}[{i}]") for i, (item, child) in enumerate(items)]
        if node.tag != MAP:
            self._tag_problem(node)
        data: dict = {}
        tree.children = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            self._path = path
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "a key must be a plain value (a name or a year), not a list or mapping")
                continue
            if key_node.tag == _TAG + "merge" or (key_node.value == "<<" and key_node.style is None):
                self._problem(key_node, "YAML merge keys (<<) are not supported; write the keys out")
                continue
            reported = len(self.problems)
            key = self._scalar(key_node)
            if len(self.problems) > reported:  # a refused tag or number: said once, no "a key must be" after it
                continue
            if isinstance(key, bool) or not isinstance(key, (str, int)):
                self._problem(key_node, f"a key must be a name or a year, not {key_node.value[:40]!r}")
                continue
            line = key_node.start_mark.line + 1
            self._path = f"{path}.{key}" if path else str(key)
            if key in first_line:
                self._problem(key_node, f"duplicate key {key!r} (first written on line {first_line[key]})")
                continue
            first_line[key] = line
            child = Node(self._loc(value_node), self._loc(key_node))
            tree.children[key] = child
            data[key] = self._build(value_node, child, self._path)
        return data

    def _scalar(self, node):
        tag, text = node.tag, node.value
        if tag == STR:
            return text
        if tag == NULL:
            return None
        if tag == BOOL:
            if _BOOL.fullmatch(text):
                return text.lower() == "true"
            self._problem(node, f"{text!r} is not a boolean (write true or false)")
        elif tag == INT:
            return self._int(node)
        elif tag == FLOAT:
            return self._float(node)
        else:
            self._tag_problem(node)
        return None

    def _tag_problem(self, node) -> None:
        self._problem(node, tag_message(node.tag))

    def _int(self, node):
        text = node.value.replace("_", "")
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        try:
            if digits.startswith(("0x", "0X")):
                value = int(digits[2:], 16)
            elif digits.startswith(("0o", "0O")):
                value = int(digits[2:], 8)
            elif len(digits) > 30:
                raise ValueError
            else:
                value = int(digits, 10)
        except ValueError:
            self._problem(node, f"{node.value[:40]!r} is not a whole number this program can use")
            return None
        if value >= _LARGEST_INT:
            self._problem(node, f"number {node.value[:40]} is too large")
            return None
        return sign * value

    def _float(self, node):
        text = node.value.replace("_", "")
        if text.lower().lstrip("+-") in (".nan", ".inf"):
            self._problem(node, f"{node.value} is not allowed: numbers must be finite (no NaN or infinity)")
            return None
        try:
            value = float(text)
        except ValueError:
            self._problem(node, f"{node.value[:40]!r} is not a number")
            return None
        if not math.isfinite(value):
            self._problem(node, f"number {node.value[:40]} is too large (numbers must be finite)")
            return None
        return value


for _tag, _pattern, _first in (
    (BOOL, _BOOL, "tTfF"),
    (NULL, _NULL, ["~", "n", "N", ""]),
    (INT, _INT, "-+0123456789"),
    (FLOAT, _FLOAT, "-+0123456789."),
):
    ScenarioLoader.add_implicit_resolver(_tag, _FullMatch(_pattern), list(_first))


def parse_yaml(raw: bytes, file: str) -> tuple[dict, Node]:
    """The mapping a scenario file holds, and its location tree. Raises ScenarioError with every problem."""

    def fail(message: str, line: int | None = None, column: int | None = None):
        raise ScenarioError(Problem(file, line, column, "", message))

    if len(raw) > MAX_FILE_BYTES:
        fail(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB; a scenario file is a few kB of text")
    if not raw.strip():
        fail("file is empty (a scenario needs at least name, region, base_year and horizon)")
    if b"\x00" in raw:
        fail("binary file (contains NUL bytes); a scenario is a UTF-8 text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        fail(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded); save the file as UTF-8", line, column)

    loader = None
    try:
        loader = ScenarioLoader(text, file)
        node = loader.get_single_node()
        if node is None:
            fail("file is empty (only comments); a scenario needs at least name, region, base_year and horizon")
        if not isinstance(node, MappingNode) and node.tag not in (SEQ, STR, INT, FLOAT, BOOL, NULL):
            fail(tag_message(node.tag), *_pos(node))  # e.g. !!python/object/apply:os.system [...]
        if not isinstance(node, MappingNode):
            kind = "a list" if isinstance(node, SequenceNode) else f"the single value {node.value[:40]!r}"
            fail(f"the top level must be a mapping of keys (name:, region:, ...), not {kind}", *_pos(node))
        data = loader.construct_document(node)
    except _Fatal as exc:
        fail(exc.message, *_pos(exc.mark))
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        fail(f"control character U+{char:04X} is not allowed in a YAML file", line, column)
    except yaml.MarkedYAMLError as exc:
        if exc.problem == "but found another document":
            message = "a scenario file holds one YAML document, but a second one starts here ('---')"
        else:
            message = f"YAML syntax error: {exc.problem}"
            if exc.context:
                where = f" started on line {exc.context_mark.line + 1}" if exc.context_mark is not None else ""
                message += f" ({exc.context}{where})"
        fail(message, *_pos(exc.problem_mark or exc.context_mark))
    except yaml.YAMLError as exc:  # any other PyYAML complaint, positionless
        fail(f"YAML error: {exc}")
    except RecursionError:
        fail(f"nested too deeply (more than {MAX_DEPTH} levels)")
    finally:
        if loader is not None:
            loader.dispose()
    if loader.problems:
        raise ScenarioError(loader.problems)
    return data, loader.tree


def _pos(node_or_mark) -> tuple[int | None, int | None]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1
