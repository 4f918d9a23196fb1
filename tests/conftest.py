"""Test configuration: warnings are errors (pyproject), floating-point faults raise, plots never open windows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"


@pytest.fixture(autouse=True)
def _numpy_errors_raise():
    old = np.seterr(all="raise")
    yield
    np.seterr(**old)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden regression files from the current model instead of comparing",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


#: runs ``main(argv)`` in a child (``--version`` ends in SystemExit(0), as argparse does), then prints its exit code
#: and which of the packages named in its first argument were imported along the way
_MAIN_CHILD = (
    "import sys\n"
    "from simulator.cli import main\n"
    "packages = set(sys.argv[1].split(','))\n"
    "try:\n"
    "    code = main(sys.argv[2:])\n"
    "except SystemExit as stop:\n"
    "    code = stop.code\n"
    "loaded = sorted({m.split('.')[0] for m in sys.modules} & packages)\n"
    "print('LOADED', code, ','.join(loaded))\n"
)


def loaded_by_main(argv: list[str], packages) -> tuple[list[str], str]:
    """``regsim argv`` in a fresh interpreter: ([exit code, comma-joined packages of ``packages`` it loaded], its
    stdout and stderr for messages)."""
    done = subprocess.run(
        [sys.executable, "-c", _MAIN_CHILD, ",".join(packages), *argv], capture_output=True, text=True, cwd=REPO
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("LOADED")][-1].split(" ")
    return line[1:], done.stdout + done.stderr
