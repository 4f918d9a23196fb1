"""The IAMC variable tree adds up: a sum check of any variable over its direct children counts nothing twice.

pyam's ``check_aggregate`` sums a variable's direct children; these tests do the same on the written file.
Tolerance: the file holds 6 significant digits, so each value is off by at most 5e-6 of itself; the parts are
non-negative, so their written sum is within 5e-6 of the total and the written total within 5e-6 too: rtol 1e-5.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from simulator.api import simulate
from simulator.tables import iamc_csv

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"


@pytest.fixture(scope="module")
def table():
    results = simulate(PLAN)
    rows = list(csv.reader(io.StringIO(iamc_csv([results]))))
    head, body = rows[0], rows[1:]
    years = head[5:]
    data = {}
    for row in body:
        if row[1] != results.scenario:
            continue
        data[row[3]] = np.array([float(v) if v else np.nan for v in row[5:]])
    return data, years


def children(data, parent):
    depth = parent.count("|") + 1
    return [v for v in data if v.startswith(parent + "|") and v.count("|") == depth]


@pytest.mark.parametrize("parent", ["Impact|Employment", "Impact|GRP", "Impact|Local Purchases"])
def test_project_impacts_are_not_direct_children(table, parent):
    data, _ = table
    assert not [c for c in children(data, parent) if c.rsplit("|", 1)[-1] in ("kia", "foundry")]


def test_channels_sum_to_the_employment_impact(table):
    data, _ = table
    total = data["Impact|Employment"]
    parts = children(data, "Impact|Employment")
    # the total is net of displacement (as Impact|GRP), so the jobs taken from existing firms are a child too
    assert sorted(p.rsplit("|", 1)[-1] for p in parts) == ["Construction", "Direct", "Displaced", "Indirect", "Induced"]
    np.testing.assert_allclose(sum(data[p] for p in parts), total, rtol=1e-5)


def test_projects_sum_to_the_employment_impact(table):
    data, _ = table
    projects = children(data, "Impact|Employment|Project")
    assert len(projects) == 8
    np.testing.assert_allclose(sum(data[p] for p in projects), data["Impact|Employment"], rtol=1e-5)
