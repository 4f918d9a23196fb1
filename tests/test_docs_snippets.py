"""Every YAML example in ``docs/*.md`` and ``README.md`` validates and runs (or, if marked so, is refused).

Convention, by the fenced block's info string (the first word, ``yaml``, is what renderers highlight):

* ```` ```yaml ```` — a **whole scenario file**. It is written into a temporary copy of ``scenarios/kostanai/``
  (so ``extends: plan.yaml`` finds the shipped parent and the shipped files are never touched), under the
  name its first line gives (``# scenarios/kostanai/plan_with_mill.yaml``) or ``snippet.yaml``. It must
  pass :func:`load_scenario` and run deterministically (:func:`simulate`).
* ```` ```yaml fragment ```` — **part of a file**: top-level keys (``projects:``, ``parameters:``, ...) of a
  scenario that extends ``scenarios/kostanai/plan.yaml``. The test puts ``extends: plan.yaml`` and a
  ``name`` before it, then validates and runs it as a whole file.
* ```` ```yaml refused ```` (or ``yaml fragment refused``) — an example of what does **not** work: it must be
  refused with a :class:`ScenarioError` (so a docs example of a mistake cannot silently start working and
  mislead).
* ```` ```yaml sweep ```` — a **sweep file** (docs/sweep.md), written as ``sweeps/snippet.yaml`` beside a temporary
  copy of ``scenarios/kostanai/``; it must load and expand (:func:`simulator.sweep.spec.load_plan`, which needs no
  dask) with no ensemble that fails to build.
* Any other fenced block (shell commands, output, diagrams) is not YAML; so that a scenario example cannot
  escape the check by losing its label, a block without ``yaml`` whose first non-comment line starts with a
  scenario's top-level key (``name:``, ``extends:``, ``projects:``, ...) fails the test.

Inline code (``start: {date: 2025-10, delay_months: 12}`` in a sentence) is not checked: where a sentence's
example matters, the docs repeat it as a fenced fragment.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.api import simulate
from simulator.errors import ScenarioError
from simulator.scenario import load_scenario
from simulator.sweep.spec import load_plan

ROOT = Path(__file__).resolve().parent.parent
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
SHIPPED = ROOT / "scenarios" / "kostanai"
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.M | re.S)
TOP_LEVEL_KEY = re.compile(r"^(name|extends|region|base_year|horizon|parameters|projects|targets|baseline_changes):")
NAMED = re.compile(r"^#\s*scenarios/kostanai/(?P<name>[\w.-]+\.ya?ml)\s*$")


def fenced_blocks() -> list[tuple[str, int, str, str]]:
    """(doc file, line of the fence, info string, body) of every fenced block in the docs and the README."""
    blocks = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text[: match.start()].count("\n") + 1
            blocks.append((doc.relative_to(ROOT).as_posix(), line, match["info"].strip(), match["body"]))
    return blocks


BLOCKS = fenced_blocks()
YAML = [b for b in BLOCKS if b[2].split()[:1] in (["yaml"], ["yml"])]
OTHER = [b for b in BLOCKS if b not in YAML]


def block_id(block) -> str:
    return f"{block[0]}:{block[1]}"


def test_the_docs_have_yaml_examples_of_every_kind():
    """The convention is in use: whole files, fragments and a refused example (else this file checks nothing)."""
    kinds = {tuple(info.split()[1:]) for _, _, info, _ in YAML}
    assert {(), ("fragment",), ("refused",)} <= kinds, kinds


@pytest.mark.parametrize("block", YAML, ids=block_id)
def test_yaml_example(block, tmp_path):
    doc, line, info, body = block
    words = set(info.split()[1:])
    assert words <= {"fragment", "refused", "sweep"}, f"{doc}:{line}: unknown marker in ```{info}"
    if "sweep" in words:
        shutil.copytree(SHIPPED, tmp_path / "scenarios" / "kostanai")
        (tmp_path / "sweeps").mkdir()
        file = tmp_path / "sweeps" / "snippet.yaml"
        file.write_text(body, encoding="utf-8")
        plan = load_plan(file)
        assert plan.ensembles and not [e.error for e in plan.ensembles if e.error], f"{doc}:{line}"
        return
    folder = tmp_path / "kostanai"
    shutil.copytree(SHIPPED, folder)
    first = body.splitlines()[0] if body.strip() else ""
    named = NAMED.match(first)
    file = folder / (named["name"] if named else "snippet.yaml")
    assert not named or not (SHIPPED / named["name"]).exists(), f"{doc}:{line} would overwrite a shipped file"
    if "fragment" in words:
        body = f"extends: plan.yaml\nname: '{doc}:{line}'\n" + body
    file.write_text(body, encoding="utf-8")
    if "refused" in words:
        with pytest.raises(ScenarioError):
            load_scenario(file)
        return
    try:
        loaded = load_scenario(file)
    except ScenarioError as exc:
        pytest.fail(f"{doc}:{line}: the example does not validate:\n{exc}")
    result = simulate(loaded)
    assert result.n_draws == 1 and result.years[0] == loaded.scenario.base_year


@pytest.mark.parametrize("block", OTHER, ids=block_id)
def test_other_blocks_are_not_unlabelled_scenarios(block):
    doc, line, _, body = block
    lines = [t for t in body.splitlines() if t.strip() and not t.lstrip().startswith("#")]
    assert not (lines and TOP_LEVEL_KEY.match(lines[0])), f"{doc}:{line}: a scenario example must be marked ```yaml"
