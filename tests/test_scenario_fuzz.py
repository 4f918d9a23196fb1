"""Random mutations of a valid scenario either load or raise ScenarioError, never anything else.

Mutations: delete a key, rename a key, replace a value by a random YAML scalar / list / mapping, truncate the
text, insert random bytes, duplicate or swap lines. Any other exception (a KeyError in the error translation,
a RecursionError, a TypeError in a cross-check) is a bug this test exists to find.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.errors import ScenarioError
from simulator.scenario import load_scenario

DATA = Path(__file__).parent / "data" / "scenarios"
VALID_TEXT = (DATA / "valid.yaml").read_bytes()
VALID_DATA = yaml.safe_load(VALID_TEXT)


def _paths(node, prefix=()):
    """Every path to a value inside ``node``: mapping keys and list indices."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


PATHS = list(_paths(VALID_DATA))
KEY_PATHS = [p for p in PATHS if isinstance(p[-1], str)]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["2025-10", "D29", "plant", "cars/yr", "billion KZT", "uniform", "kostanai", "1e9", ""]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.integers(1990, 2100), inner, max_size=4)
    ),
    max_leaves=12,
)


def _dump(data) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def _parent_of(data, path):
    node = data
    for item in path[:-1]:
        node = node[item]
    return node


@st.composite
def delete_key(draw):
    data = copy.deepcopy(VALID_DATA)
    path = draw(st.sampled_from(KEY_PATHS))
    del _parent_of(data, path)[path[-1]]
    return _dump(data)


@st.composite
def rename_key(draw):
    data = copy.deepcopy(VALID_DATA)
    path = draw(st.sampled_from(KEY_PATHS))
    parent = _parent_of(data, path)
    new_key = draw(st.text(min_size=1, max_size=12) | st.sampled_from([path[-1] + "s", path[-1][:-1], "id", "drop"]))
    parent[new_key] = parent.pop(path[-1])
    return _dump(data)


@st.composite
def replace_value(draw):
    data = copy.deepcopy(VALID_DATA)
    path = draw(st.sampled_from(PATHS))
    _parent_of(data, path)[path[-1]] = draw(values)
    return _dump(data)


@st.composite
def truncate(draw):
    return VALID_TEXT[: draw(st.integers(0, len(VALID_TEXT)))]


@st.composite
def insert_bytes(draw):
    at = draw(st.integers(0, len(VALID_TEXT)))
    return VALID_TEXT[:at] + draw(st.binary(min_size=1, max_size=16)) + VALID_TEXT[at:]


@st.composite
def shuffle_lines(draw):
    lines = VALID_TEXT.splitlines(keepends=True)
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    if draw(st.booleans()):
        lines.insert(j, lines[i])  # duplicate a line (often a duplicate key)
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


mutants = st.one_of(delete_key(), rename_key(), replace_value(), truncate(), insert_bytes(), shuffle_lines())


def _load_or_scenario_error(file: Path) -> None:
    try:
        load_scenario(file)
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError must carry at least one problem"
        for problem in exc.problems:
            text = str(problem)
            assert problem.file and text.startswith(problem.file)
            assert problem.line is None or problem.line >= 1


@settings(max_examples=250, deadline=None)
@given(mutant=mutants)
def test_mutants_of_a_valid_scenario_raise_only_scenario_error(mutant):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "mutant.yaml"
        file.write_bytes(mutant)
        _load_or_scenario_error(file)


@settings(max_examples=60, deadline=None)
@given(mutant=mutants)
def test_mutants_of_a_parent_scenario_raise_only_scenario_error(mutant):
    """The same, with the mutant as the parent of an ``extends`` chain (merging runs on damaged data)."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "parent.yaml").write_bytes(mutant)
        shutil.copy(DATA / "child.yaml", Path(tmp) / "child.yaml")
        (Path(tmp) / "child.yaml").write_text(
            "extends: parent.yaml\nprojects:\n  - id: car_plant\n    jobs: {permanent: 10}\n"
            "  - {id: foundry, drop: true}\n",
            encoding="utf-8",
        )
        _load_or_scenario_error(Path(tmp) / "child.yaml")


def test_the_unmutated_scenario_loads():
    """Guard for the fuzz tests: if the base scenario did not load, every mutant would 'pass'."""
    assert load_scenario(DATA / "valid.yaml").scenario.projects
