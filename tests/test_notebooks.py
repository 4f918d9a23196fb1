"""The notebooks are tested documentation: each runs top to bottom in a fresh kernel, is stored with its
outputs stripped, and imports only the public modules."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import REPO
from nbclient import NotebookClient

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
#: the modules a notebook may import from (what docs/outputs.md and the README present as the API)
PUBLIC = {
    "simulator",
    "simulator.api",
    "simulator.scenario",
    "simulator.plotting",
    "simulator.impact_plots",
    "simulator.summary",
    "simulator.compare",
    "simulator.report",
    "simulator.output",
}


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_quickstart.ipynb",
        "02_tweak_parameters.ipynb",
        "03_compare_scenarios.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs_and_public_api_only(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [] and cell.execution_count is None, "strip outputs before committing"
        for module in re.findall(r"^\s*(?:from|import) (simulator[\w.]*)", cell.source, re.MULTILINE):
            assert module in PUBLIC, f"{module} is not public API"
        assert not re.search(r"\._\w", cell.source), "no private names"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path):
    book = nbformat.read(path, as_version=4)
    # timeout: per cell (each takes a few seconds). nbclient also waits up to this long for the kernel's first
    # kernel_info reply, which now and then never comes; it then carries on, so keep the wait short.
    client = NotebookClient(book, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    images = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, "the notebook draws at least one figure even when run headless"
