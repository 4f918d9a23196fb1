"""Commands that need neither plots nor sampling start without matplotlib and scipy (issue 17: nothing heavy on
the path of a command that does not need it). ``tests/test_architecture.py`` checks the parser alone; these run
the whole command in a fresh interpreter and read ``sys.modules`` when it has finished."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"
HEAVY = ("matplotlib", "scipy")

#: runs ``main(argv)`` (``--version`` ends in SystemExit(0), as argparse does), then prints the heavy packages
#: that were imported along the way
CHILD = (
    "import sys\n"
    "from simulator.cli import main\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "except SystemExit as stop:\n"
    "    code = stop.code\n"
    f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
    "print('HEAVY', code, ','.join(heavy))\n"
)


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["validate", str(PLAN)], ["validate", "--run", str(PLAN)]],
    ids=["version", "validate", "validate-run"],
)
def test_light_commands_import_neither_matplotlib_nor_scipy(argv):
    """The command succeeds (exit 0) and, when it is done, no module of matplotlib or scipy is loaded. The check
    can fail: ``regsim run`` in the same child loads matplotlib (its plots), and with ``--draws`` above 1 scipy
    (the sampler's scipy.stats)."""
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, cwd=REPO)
    line = [x for x in done.stdout.splitlines() if x.startswith("HEAVY")][-1].split(" ")
    assert line[1] in ("0", "None"), done.stdout + done.stderr
    assert line[2:] == [""], f"{' '.join(argv)} imported {line[2]}"
