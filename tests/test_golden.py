"""Golden regression of the shipped plan: headline variables by year must not change unnoticed.

A deliberate model or data change updates the file: ``pytest tests/test_golden.py --update-golden``, and the
commit says why the numbers moved. Tolerance: rtol 1e-9 (platform floating-point noise only).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from simulator.api import simulate

GOLDEN = Path(__file__).parent / "golden" / "plan_headline.csv"
SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"
KEYS = (
    "grp",
    "grp_real",
    "employment",
    "average_wage",
    "budget_revenue_local",
    "tax_revenue_collected",
    "jobs_direct",
    "jobs_indirect",
    "jobs_induced",
    "jobs_construction",
)


def current_rows() -> list[tuple[str, str, int, float]]:
    results = simulate(SCENARIO)
    rows = []
    for key in KEYS:
        for case, baseline in (("scenario", False), ("baseline", True)):
            if baseline and key.startswith("jobs_"):
                continue
            for year, value in zip(results.years, results.central(key, baseline=baseline), strict=True):
                rows.append((key, case, int(year), float(value)))
    return rows


def test_plan_matches_golden(update_golden):
    rows = current_rows()
    if update_golden:
        with GOLDEN.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["variable", "case", "year", "value"])
            writer.writerows([(k, c, y, repr(v)) for k, c, y, v in rows])
        pytest.skip("golden file rewritten")
    assert GOLDEN.exists(), "no golden file: run pytest tests/test_golden.py --update-golden"
    with GOLDEN.open(encoding="utf-8") as f:
        expected = {(r["variable"], r["case"], int(r["year"])): float(r["value"]) for r in csv.DictReader(f)}
    got = {(k, c, y): v for k, c, y, v in rows}
    assert got.keys() == expected.keys()
    keys = sorted(got)
    np.testing.assert_allclose([got[k] for k in keys], [expected[k] for k in keys], rtol=1e-9, err_msg=str(keys))
