"""Where each value of a scenario was written: file, line and column of every key and value.

The YAML loader builds a :class:`Node` tree that mirrors the loaded data (mappings and lists alike); merging
``extends`` chains combines those trees, so every value of the merged document still points at the file and
line it came from. :class:`SourceMap` flattens the tree into lookups by document path, a tuple of mapping keys
and list indices such as ``("projects", 2, "production", "capacity", "unit")``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import Problem

DocPath = tuple[Any, ...]


@dataclass(frozen=True)
class Location:
    """A position in a file; ``line`` and ``column`` are 1-based."""

    file: str
    line: int
    column: int


class Node:
    """Location tree parallel to the loaded data.

    ``value_loc`` is where the value starts, ``key_loc`` where the key holding it was written (``None`` for
    list items and the document root). ``children`` is a dict (mapping), a list (sequence) or ``None``.
    """

    __slots__ = ("children", "key_loc", "value_loc")

    def __init__(self, value_loc: Location, key_loc: Location | None = None, children: Any = None):
        self.value_loc = value_loc
        self.key_loc = key_loc
        self.children = children

    def with_key(self, key_loc: Location | None) -> Node:
        return Node(self.value_loc, key_loc, self.children)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


class SourceMap:
    """Look up where a document path was written.

    >>> root = Node(Location("a.yaml", 1, 1), children={"name": Node(Location("a.yaml", 1, 7),
    ...                                                             Location("a.yaml", 1, 1))})
    >>> SourceMap(root).locate(("name",))
    Location(file='a.yaml', line=1, column=7)
    >>> SourceMap(root).locate(("name", "missing")).line
    1
    """

    def __init__(self, root: Node, dropped_projects: Iterable[str] = ()):
        #: ids of projects an ``extends`` chain dropped (``{id: x, drop: true}``): another project may still name
        #: them (``bought_from_projects``), which then is no typo
        self.dropped_projects = frozenset(dropped_projects)
        self._values: dict[DocPath, Location] = {}
        self._keys: dict[DocPath, Location] = {}
        self._containers: dict[DocPath, str] = {}
        stack: list[tuple[DocPath, Node]] = [((), root)]
        while stack:
            path, node = stack.pop()
            self._values[path] = node.value_loc
            if node.key_loc is not None:
                self._keys[path] = node.key_loc
            if isinstance(node.children, dict):
                self._containers[path] = "mapping"
                stack.extend(((*path, k), child) for k, child in node.children.items())
            elif isinstance(node.children, list):
                self._containers[path] = "sequence"
                stack.extend(((*path, i), child) for i, child in enumerate(node.children))

    def __contains__(self, path: DocPath) -> bool:
        return tuple(path) in self._values

    def is_container(self, path: DocPath) -> bool:
        """Whether ``path`` holds a mapping or a list (not a single value)."""
        return tuple(path) in self._containers

    def value_location(self, path: DocPath) -> Location | None:
        return self._values.get(tuple(path))

    def key_location(self, path: DocPath) -> Location | None:
        return self._keys.get(tuple(path))

    def locate(self, path: DocPath, key: bool = False) -> Location | None:
        """Best position for a problem at ``path``.

        The key's position for containers (``wage:`` rather than the first line inside it) and when ``key``
        is asked for; the value's position for scalars. A path that does not exist (a missing key) falls back
        to its nearest existing ancestor.
        """
        path = tuple(path)
        while path and path not in self._values:
            path = path[:-1]
        if (key or path in self._containers) and path in self._keys:
            return self._keys[path]
        return self._values.get(path)

    def dotted(self, path: DocPath) -> str:
        """``("projects", 2, "production", "unit")`` -> ``projects[2].production.unit``."""
        out = ""
        for i, item in enumerate(path):
            if self._containers.get(tuple(path[:i])) == "sequence" and isinstance(item, int):
                out += f"[{item}]"
            elif isinstance(item, str) and not _PLAIN_KEY.match(item):
                out += f"[{item!r}]"
            else:
                out += ("." if out else "") + str(item)
        return out

    def problem(self, path: Iterable[Any], message: str, key: bool = False) -> Problem:
        """A :class:`Problem` at ``path`` with this map's file, line and column."""
        path = tuple(path)
        loc = self.locate(path, key=key)
        if loc is None:
            return Problem(file="", line=None, column=None, path=self.dotted(path), message=message)
        return Problem(file=loc.file, line=loc.line, column=loc.column, path=self.dotted(path), message=message)
