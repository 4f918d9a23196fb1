"""Pydantic validation errors -> :class:`~simulator.errors.Problem`\\ s a user can act on.

A pydantic ``loc`` mixes the document's keys and indices with names of union branches (``plant``,
``number``, ``distribution``, ``by_year``, ``str``, ``DelayedDate``). :func:`document_path` keeps only the loc
items that are keys or indices of the data actually written, so the path and the line number refer to the
file. Unknown keys get a "did you mean" from the field names of the model at that level (found by walking the
schema's types along the loc), Literal errors list the allowed values.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import Problem
from .source_map import SourceMap

#: what each pydantic type error expected, in words
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "list_type": "a list",
    "none_required": "nothing (null)",
}


def schema_problems(error: ValidationError, data: Any, source_map: SourceMap, model: type[BaseModel]) -> list[Problem]:
    """One problem per distinct fault in ``error``; alternatives of one union at one place are merged."""
    grouped: dict[tuple, list[tuple[tuple, dict]]] = {}
    misspelt: set[tuple] = set()  # (parent path, field) of required fields written under a misspelt key
    located = [(document_path(data, err["loc"]), err) for err in error.errors(include_url=False)]
    for (path, on_key), err in located:
        if _superseded(err, path, located):
            continue
        grouped.setdefault((path, on_key), []).append((path, err))
        if err["type"] == "extra_forbidden" and path:
            _, close = _unknown_key(path[-1], model, err["loc"][:-1])
            misspelt.add((path[:-1], close))
    problems: list[Problem] = []
    for (path, on_key), errs in grouped.items():
        # "missing 'name'" says nothing that "unknown key 'nmae'; did you mean 'name'?" does not
        errs = [(p, e) for p, e in errs if not (e["type"] == "missing" and (path, e["loc"][-1]) in misspelt)]
        type_errors = [e for _, e in errs if e["type"] in _EXPECTED]
        if len(type_errors) > 1 and len(type_errors) == len(errs):
            wanted = " or ".join(dict.fromkeys(_expected(e, model) for e in type_errors))
            problems.append(source_map.problem(path, f"expected {wanted}, got {_describe(errs[0][1]['input'])}"))
            continue
        for _, err in errs:
            problems.append(_one_problem(err, path, on_key, data, source_map, model))
    return list(dict.fromkeys(problems))


def _superseded(err: dict, path: tuple, located: list) -> bool:
    """A type error ("expected text, got a mapping") from one branch of a union, where another branch took the
    value's shape and failed inside it: ``start: {date: 2025-10, delay_months: {low: -24, ...}}`` is not
    text, but the useful problem is the one inside the mapping (delay_months' range), so this one is dropped."""
    if err["type"] not in _EXPECTED:
        return False
    depth = len(err["loc"])
    return any(
        other is not err and len(other["loc"]) > depth and other_path[: len(path)] == path
        for (other_path, _), other in located
    )


def document_path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """The part of ``loc`` that names keys and indices of ``data``; and whether the error is about a key."""
    path: list = []
    node = data
    on_key = False
    for item in loc:
        if item == "[key]":
            on_key = True
            break
        if isinstance(node, dict) and _has_key(node, item):
            node = node[item]
            path.append(item)
        elif isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
            node = node[item]
            path.append(item)
    return tuple(path), on_key


def _has_key(mapping: dict, item: Any) -> bool:
    """``item in mapping``, without taking the loc's ``1`` for a key ``True`` (or ``1.0``)."""
    return any(k == item and type(k) is type(item) for k in mapping)


def _one_problem(err: dict, path: tuple, on_key: bool, data: Any, source_map: SourceMap, model) -> Problem:
    kind, loc, value = err["type"], err["loc"], err["input"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return source_map.problem(path, _unknown_key(path[-1] if path else loc[-1], model, loc[:-1])[0], key=True)
    if kind == "missing":
        field = loc[-1]
        return source_map.problem((*path, field), f"missing required key {field!r}{_hint(model, loc)}", key=True)
    if kind == "union_tag_invalid":
        key = ctx.get("discriminator", "").strip("'")
        allowed = _quoted(ctx.get("expected_tags", ""))
        node = _node_at(data, path)
        if isinstance(node, dict) and key in node:
            path = (*path, key)
        message = f"unknown {key} {ctx.get('tag')!r} (expected one of: {', '.join(allowed)})"
        return source_map.problem(path, message + _did_you_mean(ctx.get("tag"), allowed))
    if kind == "union_tag_not_found":
        key = ctx.get("discriminator", "").strip("'")
        if not isinstance(value, dict):
            return source_map.problem(path, f"expected a mapping with a {key!r} key, got {_describe(value)}")
        allowed = _literal_values_of_union(model, loc, key)
        choice = f" (one of: {', '.join(allowed)})" if allowed else ""
        return source_map.problem((*path, key), f"missing required key {key!r}{choice}", key=True)
    if kind == "literal_error":
        allowed = _quoted(ctx.get("expected", ""))
        what = "unit" if path and path[-1] == "unit" else "value"
        message = f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})"
        return source_map.problem(path, message + _did_you_mean(value, allowed))
    if on_key and kind == "int_type":
        return source_map.problem(path, f"keys here are years: write them as plain integers (got {value!r})", key=True)
    if kind in _EXPECTED:
        return source_map.problem(path, f"expected {_expected(err, model)}, got {_describe(value)}", key=on_key)
    message = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if message.startswith("Input should be "):
        message = "must be " + message.removeprefix("Input should be ") + f" (got {_describe(value)})"
    elif kind == "string_too_long" and isinstance(value, str):
        # never echo the text itself: it is long by definition (a 100 kB name would fill the terminal)
        message = f"text too long: at most {ctx.get('max_length')} characters (got {len(value):,})"
    elif message.startswith("String should"):
        shown = value if not isinstance(value, str) or len(value) <= 80 else value[:77] + "..."
        message = message.replace("String should", "text must", 1) + f" (got {shown!r})"
    return source_map.problem(path, message, key=on_key)


def _expected(err: dict, model) -> str:
    loc, kind = err["loc"], err["type"]
    if kind == "float_type" and loc[-2:] == ("number", "number"):
        return "a number, a distribution {dist: ...} or a mapping {year: value}"
    if kind == "float_type" and loc[-1:] == ("number",):
        return "a number or a distribution {dist: ...}"
    if kind == "model_type":
        target = _model_at(model, tuple(loc))
        if target is not None:
            keys = list(target.model_fields)
            if len(keys) > 6:  # name the required ones, or none: a long list reads as noise
                keys = [n for n, f in target.model_fields.items() if f.is_required()]
            if 0 < len(keys) <= 6:
                return f"a mapping with keys {', '.join(keys)}"
    if kind == "string_type":
        _, metadata = _unwrap(_walk(model, tuple(loc)))
        described = [m.description for m in metadata if isinstance(m, FieldInfo) and m.description]
        if described:
            return f"text written {described[0]}"
    return _EXPECTED[kind]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' * (len(value) != 1)}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _quoted(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def _did_you_mean(word: Any, choices: list[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _node_at(data: Any, path: tuple) -> Any:
    for item in path:
        data = data[item]
    return data


def _hint(model, loc: tuple) -> str:
    """For a missing key: nothing more to say unless the model documents the field."""
    parent = _model_at(model, tuple(loc[:-1]))
    if parent is not None:
        info = parent.model_fields.get(loc[-1])
        if info is not None and info.description:
            return f" ({info.description})"
    return ""


def _unknown_key(key: Any, model, parent_loc: tuple) -> tuple[str, str | None]:
    """The message for an unknown key, and the field it is probably a misspelling of."""
    parent = _model_at(model, tuple(parent_loc))
    if parent is None:
        return f"unknown key {key!r}", None
    fields = list(parent.model_fields)
    close = difflib.get_close_matches(str(key), fields, n=1, cutoff=0.6)
    if close:
        return f"unknown key {key!r}; did you mean {close[0]!r}?", close[0]
    return f"unknown key {key!r} (expected one of: {', '.join(fields)})", None


# ----------------------------------------------------------------------------- walking the schema's types


def _unwrap(tp: Any) -> tuple[Any, list]:
    metadata: list = []
    while get_origin(tp) is typing.Annotated:
        args = get_args(tp)
        tp, metadata = args[0], metadata + list(args[1:])
    return tp, metadata


def _members(tp: Any) -> list | None:
    if get_origin(tp) in (Union, types.UnionType):
        return [m for m in get_args(tp) if m is not type(None)]
    return None


def _tags(member: Any) -> set:
    inner, metadata = _unwrap(member)
    tags = {getattr(m, "tag", None) for m in metadata} - {None}
    if isinstance(inner, type):
        tags.add(inner.__name__)
        if issubclass(inner, BaseModel):
            for info in inner.model_fields.values():
                if get_origin(info.annotation) is Literal:
                    tags.update(get_args(info.annotation))
    return tags


def _model_at(model, loc: tuple) -> type[BaseModel] | None:
    found, _ = _unwrap(_walk(model, loc))
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _walk(tp: Any, loc: tuple) -> Any:
    """The type found by following ``loc`` from ``tp`` (union branch names in ``loc`` pick a branch).

    The result keeps its ``Annotated`` metadata (descriptions live there).
    """
    if isinstance(tp, FieldInfo):
        tp = Annotated[(tp.annotation, tp)]
    raw = tp
    tp, _ = _unwrap(tp)
    members = _members(tp)
    if members is not None:
        if loc:
            for member in members:
                if loc[0] in _tags(member):
                    return _walk(member, loc[1:])
        if len(members) == 1:
            return _walk(members[0], loc)
        if not loc:
            return raw
        for member in members:
            found = _walk(member, loc)
            if found is not None:
                return found
        return None
    if not loc:
        return raw
    head, rest = loc[0], loc[1:]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        info = tp.model_fields.get(head) if isinstance(head, str) else None
        return None if info is None else _walk(info, rest)
    origin = get_origin(tp)
    if origin is list and isinstance(head, int):
        return _walk(get_args(tp)[0], rest)
    if origin is dict:
        return _walk(get_args(tp)[1], rest)
    return None


def _literal_values_of_union(model, loc: tuple, key: str) -> list[str]:
    union = _walk(model, tuple(loc))
    values: list[str] = []
    for member in _members(_unwrap(union)[0]) or []:
        inner, _ = _unwrap(member)
        if isinstance(inner, type) and issubclass(inner, BaseModel) and key in inner.model_fields:
            values.extend(get_args(inner.model_fields[key].annotation))
    return values
