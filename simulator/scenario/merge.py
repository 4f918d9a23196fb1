"""Merging a scenario onto the scenario it ``extends``.

* Mappings deep-merge: the child's value wins for every key it writes; keys it does not write keep the
  parent's value.
* The top-level ``baseline_changes``, ``projects`` and ``targets`` lists merge by ``id``: a child item whose
  id is in the parent deep-merges into that item (so a child can change one field of a project);
  ``{id: x, drop: true}`` removes it; an item with a new id is appended.
* A mapping of another kind than the parent's replaces it whole instead of merging into it: a ``ramp_up``
  with another ``shape`` (a logistic ramp-up over a table one), a distribution with another ``dist``, a
  distribution over a year path or a year path over a distribution, a project of another ``kind``. Writing
  one of two alternatives (``schedule`` / ``build_period``, ``relative_to_average`` / ``absolute``) removes
  the parent's other one. Merged key by key, each would mix the keys of two kinds into one block that no
  kind accepts.
* ``key: ~`` (``null``, or nothing after the colon) means "not written": it removes the value a parent wrote
  for that key (a year of a path too: ``{2025: ~}``), so the key takes its default or must be written again.
  In a file of its own it is the same as leaving the key out (every optional key defaults to no value).
* Anything else (a number, a string, a list) is replaced by the child's value as a whole.

Locations travel with the values (:class:`~.source_map.Node`), so a problem in the merged document still
points at the file and line where the offending value was written.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any

from ..errors import Problem
from .source_map import Location, Node

#: top-level lists whose items are matched by ``id``; the singular names the item in messages
MERGED_BY_ID = {"baseline_changes": "baseline change", "projects": "project", "targets": "target"}
#: keys that pick the kind of a block (the discriminators of the schema's unions): a child that writes another
#: value replaces the parent's block. ``kind`` only for projects, where it picks plant, programme or sector change
#: (a target's ``kind`` is a field of one model, so a target still merges key by key)
KIND_KEYS = ("dist", "shape")
#: keys of which a block takes exactly one: writing one removes the parent's other
ALTERNATIVES = (frozenset({"schedule", "build_period"}), frozenset({"relative_to_average", "absolute"}))


def merge_layer(
    parent: dict, parent_tree: Node, child: dict, child_tree: Node, parent_file: str | None
) -> tuple[dict, Node, list[Problem]]:
    """Merge ``child`` (one file) onto ``parent`` (the merged ancestors; empty for the topmost file)."""
    problems: list[Problem] = []
    data = dict(parent)
    children = dict(parent_tree.children or {})
    for key, value in child.items():
        node = child_tree.children[key]
        if value is None:  # `key: ~` removes the inherited value; the node stays to locate a "missing key"
            data.pop(key, None)
            children[key] = node
        elif key in MERGED_BY_ID and isinstance(value, list) and isinstance(data.get(key, []), list):
            parent_items = data.get(key, [])
            parent_nodes = children[key].children if key in data else []
            items, nodes = _merge_by_id(parent_items, parent_nodes, value, node.children, key, parent_file, problems)
            data[key], children[key] = items, Node(node.value_loc, node.key_loc, nodes)
        elif key in data:
            data[key], children[key] = _deep_merge(data[key], children[key], value, node, str(key), problems)
        else:
            data[key], children[key] = without_removals(value), node
    return data, Node(child_tree.value_loc, child_tree.key_loc, children), problems


def _deep_merge(
    parent: Any, parent_node: Node, child: Any, child_node: Node, path: str, problems: list[Problem]
) -> tuple[Any, Node]:
    if not (isinstance(parent, dict) and isinstance(child, dict)) or other_kind(parent, child):
        return without_removals(child), child_node
    if not child and parent:
        # `{}` merged key by key keeps every parent value: it would silently change nothing, where the same `{}`
        # in a file of its own is an empty year path (an error) or no overrides at all
        loc, written = child_node.value_loc, parent_node.key_loc or parent_node.value_loc
        problems.append(
            Problem(
                loc.file,
                loc.line,
                loc.column,
                path,
                f"an empty mapping changes nothing here: under extends, mappings merge key by key, so the values "
                f"written in {written.file}:{written.line} stay; write the keys to change (a year path needs at "
                "least one year: value)",
            )
        )
    data = dict(parent)
    children = dict(parent_node.children)
    written = {key for key, value in child.items() if value is not None}
    for group in ALTERNATIVES:
        if group & written:
            for key in group - written:
                data.pop(key, None)
    for key, value in child.items():
        if value is None:  # `key: ~`: not written, whatever the parent wrote
            data.pop(key, None)
            children[key] = child_node.children[key]
        elif key in data:
            data[key], children[key] = _deep_merge(
                data[key], children[key], value, child_node.children[key], f"{path}.{key}", problems
            )
        else:
            data[key], children[key] = without_removals(value), child_node.children[key]
    return data, Node(child_node.value_loc, child_node.key_loc, children)


def other_kind(parent: dict, child: dict) -> bool:
    """Whether ``child`` is a block of another kind than ``parent``, so that it replaces it whole.

    >>> other_kind({"shape": "table", "utilisation": {2025: 0.2}}, {"shape": "logistic", "years": 3})
    True
    >>> other_kind({"dist": "triangular", "low": 0, "mode": 1, "high": 2}, {2026: 0.5})
    True
    >>> other_kind({2025: 0.1, 2030: 0.3}, {2028: 0.2}), other_kind({"dist": "uniform", "high": 1}, {"high": 2})
    (False, False)
    """
    for key in KIND_KEYS:
        if key in child and key in parent and child[key] != parent[key]:
            return True
    forms = _form(parent), _form(child)
    return forms[0] != forms[1] and forms[1] != "block"


def _form(value: dict) -> str:
    """``distribution`` (has ``dist``), ``year path`` (every key a year) or ``block`` (named keys)."""
    if "dist" in value:
        return "distribution"
    if value and all(isinstance(k, int) and not isinstance(k, bool) for k in value):
        return "year path"
    return "block"


def without_removals(value: Any) -> Any:
    """``value`` without its ``key: ~`` entries, at every depth: a value that replaces or adds to the parent's
    has nothing to remove, and ``~`` means "not written"."""
    if isinstance(value, dict):
        return {k: without_removals(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_removals(v) for v in value]
    return value


def _merge_by_id(
    parent_items: list,
    parent_nodes: list[Node],
    child_items: list,
    child_nodes: list[Node],
    list_key: str,
    parent_file: str | None,
    problems: list[Problem],
) -> tuple[list, list[Node]]:
    what = MERGED_BY_ID[list_key]
    items: list = list(parent_items)
    nodes: list[Node | None] = list(parent_nodes)
    index = {item["id"]: i for i, item in enumerate(items) if _item_id(item) is not None}
    written: dict[str, Location] = {}
    dropped: set[int] = set()
    inner: list[tuple[int, Problem]] = []  # problems inside merged items, by the item's index before drops

    def report(position: int, node: Node, key: str, message: str) -> None:
        loc = node.children[key].value_loc
        problems.append(Problem(loc.file, loc.line, loc.column, f"{list_key}[{position}].{key}", message))

    for position, (item, node) in enumerate(zip(child_items, child_nodes, strict=True)):
        item_id = _item_id(item)
        if item_id is None:  # no usable id: the schema reports it; keep the item so it is checked
            items.append(without_removals(item))
            nodes.append(node)
            continue
        if item_id in written:
            report(position, node, "id", f"duplicate {what} id {item_id!r} (also on line {written[item_id].line})")
            continue
        written[item_id] = node.children["id"].value_loc
        if "drop" in item:
            if item["drop"] is not True:
                report(position, node, "drop", "drop must be true (to keep the item, leave drop out)")
            elif set(item) - {"id", "drop"}:
                others = ", ".join(sorted(str(k) for k in set(item) - {"id", "drop"}))
                report(position, node, "drop", f"a dropped {what} takes no other keys (found {others})")
            elif item_id in index and index[item_id] not in dropped:
                dropped.add(index[item_id])
            else:
                report(position, node, "id", _nothing_to_drop(what, item_id, index, parent_file))
            continue
        if item_id in index and index[item_id] not in dropped:
            i = index[item_id]
            if list_key == "projects" and "kind" in item and item["kind"] != items[i].get("kind"):
                items[i], nodes[i] = without_removals(item), node  # another kind of project: a new definition
                continue
            found: list[Problem] = []
            items[i], nodes[i] = _deep_merge(items[i], nodes[i], item, node, f"{list_key}[{i}]", found)
            inner.extend((i, problem) for problem in found)
        else:
            items.append(without_removals(item))
            nodes.append(node)
    keep = [i for i in range(len(items)) if i not in dropped]
    for i, problem in inner:  # paths inside merged items use their index in the merged list, as validation does
        old, new = f"{list_key}[{i}]", f"{list_key}[{keep.index(i)}]" if i in keep else f"{list_key}[{i}]"
        problems.append(dataclasses.replace(problem, path=new + problem.path[len(old) :]))
    return [items[i] for i in keep], [nodes[i] for i in keep]


def _item_id(item: Any) -> str | None:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return item["id"]
    return None


def _nothing_to_drop(what: str, item_id: str, index: dict, parent_file: str | None) -> str:
    if parent_file is None:
        return f"cannot drop {what} {item_id!r}: this file extends no scenario"
    message = f"cannot drop {what} {item_id!r}: {parent_file} has no {what} with that id"
    close = difflib.get_close_matches(item_id, list(index), n=1)
    return message + (f" (did you mean {close[0]!r}?)" if close else "")
