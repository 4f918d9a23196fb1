"""Load a scenario file: read it and the files it extends, merge them, validate, cross-check.

    >>> from simulator.scenario import load_scenario
    >>> loaded = load_scenario("scenarios/kostanai/plan.yaml")        # doctest: +SKIP
    >>> loaded.scenario.projects[0].production.capacity                # doctest: +SKIP

Every problem found is collected and raised at once as :class:`~simulator.errors.ScenarioError`; each names
the file and line where the offending value was written (the child's file or a parent's), the dotted key path
and what would be valid. Nothing else escapes for bad input.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from ..errors import Problem, ScenarioError
from ..filenames import os_name
from .merge import merge_layer
from .schema import Scenario
from .schema_errors import schema_problems
from .source_map import Location, Node, SourceMap
from .validate import check_scenario
from .yaml_loader import MAX_FILE_BYTES, parse_yaml

#: longest ``extends`` chain followed before giving up
MAX_EXTENDS_DEPTH = 16


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario and where it came from.

    ``files`` is the ``extends`` chain, the loaded file first; ``hashes`` maps each of those files (as
    written in ``files``) to the sha256 of its bytes, for provenance. ``source_map`` finds the file and line
    of any document path: ``loaded.source_map.locate(("projects", 0, "jobs"))``. ``texts`` maps each file to
    the text that was parsed and validated (the bytes hashed, decoded): the report's register reads comments
    from it, never from the file again, so a file edited during a long run cannot change what the run reports.
    """

    scenario: Scenario
    path: Path
    files: tuple[Path, ...]
    hashes: dict[str, str] = field(compare=False)
    source_map: SourceMap = field(compare=False, repr=False)
    texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def locate_leaf(self, address: str) -> Location | None:
        """Where the numeric leaf ``address`` was written (the model's name of an input, see
        :mod:`simulator.model.resolve`: ``projects.kia.jobs.construction_job_years``,
        ``parameters.cpi_inflation.2026``); None for a value no scenario file writes (a default, the region's data).

        A project is found by its id, a year by its key. A leaf that is part of one value written gives that
        value's place (``production.start.delay_months`` of a start written as a plain month, ``"2025-10"``;
        ``parameters.cpi_inflation.2030`` of ``cpi_inflation: 0.05``), but a leaf missing from a mapping is not
        where the mapping is (a parameter's year the scenario does not write is the shipped default's).
        """
        path = exact = leaf_path(self.scenario, address)
        while path and path not in self.source_map:
            path = path[:-1]
        if not path or (path != exact and self.source_map.is_container(path)):
            return None
        return self.source_map.locate(path)


def leaf_path(scenario: Scenario, address: str) -> tuple | None:
    """The document path of a leaf address: ``projects.kia.jobs.permanent`` -> ``("projects", 0, "jobs",
    "permanent")`` (the project's index in the merged list), ``parameters.cpi_inflation.2026`` ->
    ``("parameters", "cpi_inflation", 2026)``; None for addresses outside the scenario (``baseline_error.*``)."""
    head, *rest = address.split(".")
    if head in ("projects", "baseline_changes") and rest:
        ids = [item.id for item in getattr(scenario, head)]
        if rest[0] not in ids:
            return None
        path: tuple = (head, ids.index(rest[0]))
        rest = rest[1:]
    elif head == "parameters" and rest:
        path = (head,)
    else:
        return None
    return path + tuple(int(part) if part.isdigit() else part for part in rest)


@dataclass
class _Layer:
    file: str
    data: dict
    tree: Node


def load_scenario(path: str | os.PathLike) -> LoadedScenario:
    """Read, merge, validate and cross-check a scenario file. Raises ScenarioError with every problem."""
    file = os.fspath(path)
    layers, hashes, texts = _read_chain(os.path.normpath(os_name(file) if isinstance(file, str) else file))
    data, source_map, problems = merge_layers(layers)
    try:
        scenario = Scenario.model_validate(data, strict=True)
    except ValidationError as exc:
        problems += schema_problems(exc, data, source_map, Scenario)
        raise ScenarioError(_sorted(problems, layers)) from None
    problems += check_scenario(scenario, source_map, loaded_file=layers[0].file)
    if problems:
        raise ScenarioError(_sorted(problems, layers))
    return LoadedScenario(
        scenario=scenario,
        path=Path(path),
        files=tuple(Path(layer.file) for layer in layers),
        hashes=hashes,
        source_map=source_map,
        texts=texts,
    )


def merge_layers(layers: list[_Layer]) -> tuple[dict, SourceMap, list[Problem]]:
    """Merge an ``extends`` chain (loaded file first) into one document and its source map."""
    top = layers[-1]
    data: dict = {}
    tree = Node(Location(top.file, 1, 1), children={})
    problems: list[Problem] = []
    parent_file = None
    dropped: set[str] = set()
    for layer in reversed(layers):
        data, tree, found = merge_layer(data, tree, layer.data, layer.tree, parent_file)
        problems += found
        parent_file = layer.file
        dropped |= _dropped_projects(layer.data)
    return data, SourceMap(tree, dropped), problems


def _dropped_projects(data) -> set[str]:
    """Ids of the projects a layer drops (``{id: x, drop: true}``)."""
    items = data.get("projects") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return set()
    return {i["id"] for i in items if isinstance(i, dict) and i.get("drop") is True and isinstance(i.get("id"), str)}


def _read_chain(file: str) -> tuple[list[_Layer], dict[str, str], dict[str, str]]:
    """The file and every file it extends, loaded file first, the sha256 of each file's bytes and their text
    (each file read once). Raises ScenarioError on the first failure."""
    layers: list[_Layer] = []
    hashes: dict[str, str] = {}
    texts: dict[str, str] = {}
    seen: list[str] = []
    via: tuple[str, Location] | None = None  # the extends line that led to ``file``
    while True:
        chain = " -> ".join([layer.file for layer in layers] + [file])
        real = _real_path(file)
        if real in seen:
            _fail_at(via, f"extends makes a cycle: {chain}")
        raw = _read_bytes(file, via, chain)
        data, tree = parse_yaml(raw, file)
        hashes[file] = hashlib.sha256(raw).hexdigest()
        texts[file] = raw.decode("utf-8-sig")  # as parse_yaml decoded it (it refused anything else)
        layers.append(_Layer(file, data, tree))
        seen.append(real)
        parent = data.get("extends")
        if parent is None:
            return layers, hashes, texts
        loc = tree.children["extends"].value_loc
        if not isinstance(parent, str) or not parent.strip():
            _fail_at((file, loc), "extends must be the path of another scenario file, relative to this one")
        if "\0" in parent:  # no file name holds one: the operating system refuses it (ValueError in Python)
            _fail_at((file, loc), f"extends path holds a NUL character (got {parent!r})")
        if not parent.lower().endswith((".yaml", ".yml")):
            # a scenario file is YAML; refusing other names keeps extends from reading arbitrary files
            _fail_at((file, loc), f"extends must name a .yaml or .yml scenario file (got {parent!r})")
        if len(layers) >= MAX_EXTENDS_DEPTH:
            _fail_at((file, loc), f"extends chain longer than {MAX_EXTENDS_DEPTH} files: {chain}")
        via = (file, loc)
        # the name as written in the YAML (UTF-8 text), as the operating system spells it under any locale
        file = os.path.normpath(os.path.join(os.path.dirname(file), os_name(parent)))


def _read_bytes(file: str, via: tuple[str, Location] | None, chain: str) -> bytes:
    reason = None
    try:
        mode = os.stat(file).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # opening a FIFO would block, a device never end
            raise _NotAFile
        with open(file, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except _NotAFile:
        reason = "not a regular file"
    except FileNotFoundError:
        reason = "file not found"
    except IsADirectoryError:
        reason = "is a directory, not a scenario file"
    except PermissionError:
        reason = "permission denied"
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror or exc})"
    except UnicodeError:  # a ValueError too: a name the file-system encoding cannot spell
        reason = f"the file name cannot be spelled in the file system's encoding ({sys.getfilesystemencoding()})"
    except ValueError:  # os.stat refuses a path with a NUL character, which no file name holds
        reason = "the path holds a NUL character"
    if via is None:
        raise ScenarioError(Problem(file, None, None, "", reason))
    _fail_at(via, f"cannot extend {file}: {reason} (chain: {chain})")


class _NotAFile(Exception):
    pass


def _fail_at(via: tuple[str, Location] | None, message: str) -> NoReturn:
    if via is None:  # pragma: no cover - the first file has no extends line
        raise ScenarioError(message)
    _, loc = via
    raise ScenarioError(Problem(loc.file, loc.line, loc.column, "extends", message))


def _real_path(file: str) -> str:
    try:
        return str(Path(file).resolve())
    except (OSError, RuntimeError, ValueError):  # symlink loops; a NUL in a path given from Python
        return os.path.abspath(file)


def _sorted(problems: list[Problem], layers: list[_Layer]) -> list[Problem]:
    """Problems in file order (the loaded file first), then by line and column; duplicates removed."""
    order = {layer.file: i for i, layer in enumerate(layers)}
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (order.get(p.file, len(order)), p.line or 0, p.column or 0))
