"""Commands that need neither plots nor sampling start without matplotlib and scipy (issue 17: nothing heavy on
the path of a command that does not need it). ``tests/test_architecture.py`` checks the parser alone; these run
the whole command in a fresh interpreter and read ``sys.modules`` when it has finished."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import loaded_by_main

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"
HEAVY = ("matplotlib", "scipy")


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["validate", str(PLAN)], ["validate", "--run", str(PLAN)]],
    ids=["version", "validate", "validate-run"],
)
def test_light_commands_import_neither_matplotlib_nor_scipy(argv):
    """The command succeeds (exit 0) and, when it is done, no module of matplotlib or scipy is loaded. The check
    can fail: ``regsim run`` in the same child loads matplotlib (its plots), and with ``--draws`` above 1 scipy
    (the sampler's scipy.stats)."""
    line, output = loaded_by_main(argv, HEAVY)
    assert line[0] in ("0", "None"), output
    assert line[1:] == [""], f"{' '.join(argv)} imported {line[1]}"
