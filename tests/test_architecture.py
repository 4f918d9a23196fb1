"""The import graph of ``simulator/`` (docs/architecture.md): no cycle, imports only into the same or a lower
layer, no function-local import unless marked lazy, and every module on the module map.

The graph is read from the source with :mod:`ast`, so it counts every import: at module level, under ``if
TYPE_CHECKING:`` and inside functions (a function-local import is still a dependency; hiding a cycle in one is
what this test is there to stop). ``from package import name`` depends on the submodule ``package.name`` when
there is one, else on ``package``.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "simulator"
MODULE_MAP = REPO / "docs" / "architecture.md"
#: the marker a function-local import needs on one of its lines, followed by the reason (docs/architecture.md)
LAZY = re.compile(r"#\s*lazy:\s*\S")
#: a row of the module map: | layer number and name | `simulator/....py` | what it holds |
MAP_ROW = re.compile(r"^\|\s*(\d+)[^|]*\|\s*`(simulator/[\w/]+\.py)`\s*\|")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    file: str  # its path relative to the repository
    line: int
    written: str  # the module as written: ``..scenario.distributions``, ``numpy``
    targets: tuple[str, ...]  # the simulator modules it depends on
    local: bool  # inside a function or class body
    lazy: bool  # marked ``# lazy: reason``


def _modules() -> dict[str, Path]:
    """Dotted name -> file of every module of the package (a package is its ``__init__.py``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _deepest_module(name: str) -> str | None:
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name if name in MODULES else None


def _imports_of(module: str, path: Path) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    is_package = path.name == "__init__.py"
    found = []

    def record(node, local: bool) -> None:
        if isinstance(node, ast.Import):
            pairs = [(alias.name, [_deepest_module(alias.name)]) for alias in node.names]
        else:
            package = module.split(".") if is_package else module.split(".")[:-1]
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([node.module] if node.module else [])])
            names = [f"{base}.{alias.name}" for alias in node.names]
            pairs = [
                ("." * node.level + (node.module or ""), [n if n in MODULES else _deepest_module(base) for n in names])
            ]
        text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for written, targets in pairs:
            found.append(
                Import(
                    module=module,
                    file=path.relative_to(REPO).as_posix(),
                    line=node.lineno,
                    written=written,
                    targets=tuple(sorted({t for t in targets if t and t != module})),
                    local=local,
                    lazy=bool(LAZY.search(text)),
                )
            )

    def visit(node, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                record(child, local)
            nested = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef)
            visit(child, local or nested)

    visit(ast.parse(source, filename=str(path)), local=False)
    return found


IMPORTS = [imp for module, path in MODULES.items() for imp in _imports_of(module, path)]


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for imp in IMPORTS:
        graph[imp.module].update(imp.targets)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return components


def _module_map() -> dict[str, int]:
    """File (``simulator/...py``) -> layer number, from the module map's table."""
    rows = {}
    for line in MODULE_MAP.read_text(encoding="utf-8").splitlines():
        match = MAP_ROW.match(line)
        if match:
            rows[match.group(2)] = int(match.group(1))
    return rows


def _file(module: str) -> str:
    return MODULES[module].relative_to(REPO).as_posix()


# ---------------------------------------------------------------------------------------------- the tests


def test_the_walker_sees_every_kind_of_import():
    """A guard on the test itself: relative, absolute, ``from . import`` of a module, function-local."""
    edges = {(imp.module, t) for imp in IMPORTS for t in imp.targets}
    assert ("simulator.results", "simulator.model.targets") in edges  # from .model.targets import ...
    assert ("simulator.region", "simulator.errors") in edges  # from simulator.errors import ...
    assert ("simulator.cli.regions", "simulator.region") in edges  # from .. import region as region_data
    assert ("simulator.cli.run", "simulator.api") in edges  # inside a function
    assert any(imp.local and imp.lazy for imp in IMPORTS)


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert _cycles(graph) == [["a", "b", "c"], ["e"]]


def test_no_import_cycle():
    cycles = _cycles(_graph())
    described = []
    for cycle in cycles:
        members = set(cycle)
        lines = [
            f"    {imp.file}:{imp.line} imports {', '.join(t for t in imp.targets if t in members)}"
            + (" (function-local)" if imp.local else "")
            for imp in IMPORTS
            if imp.module in members and members.intersection(imp.targets)
        ]
        described.append(f"  {' / '.join(cycle)}:\n" + "\n".join(lines))
    assert not cycles, "import cycles in simulator/:\n" + "\n".join(described)


def test_function_local_imports_are_marked_lazy():
    new = sorted(f"{imp.file}:{imp.line}: {imp.written}" for imp in IMPORTS if imp.local and not imp.lazy)
    assert not new, (
        "function-local imports: move them to the top of the module, or, for a heavy module loaded on first use, "
        "say so on the line with '# lazy: <why>' (docs/architecture.md):\n  " + "\n  ".join(new)
    )


def test_every_module_is_on_the_module_map_once():
    rows = _module_map()
    files = {_file(module) for module in MODULES}
    missing = sorted(files - set(rows))
    gone = sorted(set(rows) - files)
    assert not missing, f"modules without a line in {MODULE_MAP.name}'s module map: {missing}"
    assert not gone, f"{MODULE_MAP.name}'s module map lists modules that do not exist: {gone}"
    text = MODULE_MAP.read_text(encoding="utf-8")
    twice = sorted(f for f in rows if len(re.findall(rf"^\|[^|]*\|\s*`{re.escape(f)}`", text, re.MULTILINE)) > 1)
    assert not twice, f"listed more than once: {twice}"


def test_imports_point_down_the_layers():
    """A module imports only modules of its own layer or a lower one (the layer numbers of docs/architecture.md)."""
    layer = _module_map()
    upward = sorted(
        f"{imp.file}:{imp.line} (layer {layer[imp.file]}) imports {target} (layer {layer[_file(target)]})"
        for imp in IMPORTS
        for target in imp.targets
        if imp.file in layer and _file(target) in layer and layer[_file(target)] > layer[imp.file]
    )
    assert not upward, "imports that point up a layer:\n  " + "\n  ".join(upward)


@pytest.mark.parametrize("heavy", ["matplotlib", "scipy", "pydantic"])
def test_the_command_line_starts_without_heavy_modules(heavy):
    """What the CLI's lazy imports are for: building the parser (every ``regsim`` call, ``--version`` too)
    imports no plotting, no scipy and no scenario schema."""
    code = (
        "import sys; from simulator.cli import build_parser; build_parser(); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] == {heavy!r}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert loaded.stdout.strip() == "[]", loaded.stdout


def test_importing_the_library_leaves_matplotlibs_backend_alone():
    """A notebook's inline backend must survive ``import simulator.output`` (the library once switched every
    caller to Agg, and notebook 03 then showed no figure): only the CLI chooses a backend, for itself."""
    import subprocess
    import sys

    code = (
        "import matplotlib; before = matplotlib.get_backend(); "
        "import simulator.output, simulator.backtest_plots, simulator.compare, simulator.report; "
        "print(before, matplotlib.get_backend())"
    )
    env = {**os.environ, "MPLBACKEND": "svg"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.split() == ["svg", "svg"]


def test_the_cli_called_in_a_process_leaves_its_environment_as_it_was():
    """``main()`` chooses the Agg backend for its own command only: called in a process (the tests, a notebook),
    it leaves MPLBACKEND as it found it, so a notebook kernel started later by the same process still shows its
    figures inline (the whole suite's notebook tests once failed after the CLI tests for that reason); a
    backend the user set is kept."""
    import subprocess
    import sys

    code = (
        "import os, sys; from simulator.cli import main; "
        "before = os.environ.get('MPLBACKEND'); "
        "main(['validate', 'scenarios/kostanai/plan.yaml']); "
        "print(before, os.environ.get('MPLBACKEND'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True)
    assert out.stdout.split()[-2:] == ["None", "None"]
    env["MPLBACKEND"] = "svg"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True)
    assert out.stdout.split()[-2:] == ["svg", "svg"]
