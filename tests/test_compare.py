"""regsim compare: tables, target verdicts side by side, the IAMC file for several scenarios, and the command.

The IAMC checks are a strict format test rather than a pyam round trip: pyam-iamc pulls in ixmp4, SQLAlchemy,
FastAPI and pandas (about 600 MB with the rest of the stack) and, as installed today, fails on import with
SQLAlchemy 2.1. The rules below are the ones pyam enforces when it reads a wide IAMC CSV (index columns
non-empty, integer year columns, one row per index, numeric values) plus the design's rule that percentiles
never become child variables.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import numpy as np
import pytest
from conftest import SCENARIOS
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.cli import main
from simulator.compare import (
    comparison_text,
    iamc_csv,
    make_comparison,
    table_rows,
    target_rows,
    variable_key,
)
from simulator.errors import InputError

REGION = synthetic_region()
TARGETS = [
    {
        "id": "grp_x1_2",
        "name": "GRP x1.2",
        "variable": "grp",
        "kind": "ratio",
        "value": 1.2,
        "year": 2030,
        "basis": "real",
    },
    {
        "id": "jobs",
        "name": "1,000 jobs",
        "variable": "employment",
        "kind": "increase",
        "value": 1000,
        "unit": "persons",
        "year": 2030,
        "relative_to": "baseline",
    },
]
KOSTANAI = [SCENARIOS / "kostanai" / f"{name}.yaml" for name in ("baseline", "plan", "plan_delayed")]


@pytest.fixture(scope="module")
def runs():
    none = simulate(scenario([], name="no projects"), region=REGION)
    with_plant = simulate(scenario([plant()], targets=TARGETS, name="plant"), region=REGION)
    late = plant(production={**plant()["production"], "start": "2027-10"})
    delayed = simulate(scenario([late], targets=TARGETS[:1], name="plant, late"), region=REGION)
    return [none, with_plant, delayed]


def test_table_gives_values_and_differences_from_the_first(runs):
    cmp = make_comparison(runs, ["grp", "Employment"], [2025, 2030])
    header, rows = table_rows(cmp)
    assert header[:6] == ["variable", "unit", "year", "no projects", "plant", "plant, late"]
    assert [r[:3] for r in rows] == [
        ["GRP", "billion KZT/yr", 2025],
        ["GRP", "billion KZT/yr", 2030],
        ["Employment", "thousand persons", 2025],
        ["Employment", "thousand persons", 2030],
    ]
    grp_2030 = rows[1]
    t = runs[1].year_index(2030)
    assert grp_2030[4] == pytest.approx(runs[1].central("grp")[t], rel=1e-12)
    assert grp_2030[6] == pytest.approx(grp_2030[4] - grp_2030[3], rel=1e-12)
    assert grp_2030[7] == pytest.approx(grp_2030[5] - grp_2030[3], rel=1e-12)
    text = comparison_text(cmp)
    assert "[2] plant" in text and "GRP [billion KZT/yr]" in text and "2030" in text


def test_targets_side_by_side_say_not_declared_where_a_scenario_lacks_one(runs):
    header, rows = target_rows(make_comparison(runs))
    assert header == ["target", "basis", "year", "needed", "no projects", "plant", "plant, late"]
    by_key = {(r[0], r[1]): r for r in rows}
    assert by_key[("1,000 jobs", "count")][4:] == ["not declared", by_key[("1,000 jobs", "count")][5], "not declared"]
    real = by_key[("GRP x1.2", "real")]
    assert real[3] == "1.20x" and real[4] == "not declared"
    assert re.match(r"\d\.\d\dx: (reached|not reached)", real[5])
    assert ("GRP x1.2", "nominal (other basis)") in by_key


def test_bad_comparisons_are_input_errors(runs):
    with pytest.raises(InputError, match="names must differ"):
        make_comparison([runs[0], runs[0]])
    with pytest.raises(InputError, match="outside the years"):
        make_comparison(runs, years=[2040])
    with pytest.raises(InputError, match="unknown variable 'gdp'"):
        make_comparison(runs, variables=["gdp"])
    assert variable_key("GRP|Real") == "grp_real" and variable_key("average_wage") == "average_wage"


def parse_iamc(text: str) -> tuple[list[str], list[list[str]]]:
    """Check the wide IAMC format strictly; return the header and rows."""
    reader = list(csv.reader(io.StringIO(text)))
    header, rows = reader[0], reader[1:]
    index = header[: header.index(next(h for h in header if h.isdigit()))]
    assert index[:5] == ["model", "scenario", "region", "variable", "unit"]
    assert set(index[5:]) <= {"quantile"}
    years = [int(h) for h in header[len(index) :]]
    assert years == sorted(set(years)), "year columns are integers, ascending, once each"
    keys = [tuple(r[: len(index)]) for r in rows]
    assert len(keys) == len(set(keys)), "one row per model/scenario/region/variable/unit(/quantile)"
    for row in rows:
        assert len(row) == len(header)
        assert all(cell.strip() for cell in row[: len(index)]), f"empty index cell (pyam rejects it): {row[:6]}"
        values = [float(v) for v in row[len(index) :] if v != ""]
        assert values and all(np.isfinite(values)), row[:6]
        assert not re.search(r"\|(p\d+|mean|median|q\d)", row[3], re.IGNORECASE), "no percentile child variables"
    return header, rows


def test_iamc_for_several_scenarios_is_one_strict_table(runs):
    header, rows = parse_iamc(iamc_csv(runs))
    assert "quantile" not in header  # deterministic runs: no empty extra column
    scenarios = {r[1] for r in rows}
    assert {"no projects", "plant", "plant, late", "Synthetic [published]"} <= scenarios
    for name in ("no projects", "plant", "plant, late"):
        variables = {r[3] for r in rows if r[1] == name}
        assert {"GRP", "Employment", "GRP|Real"} <= variables
    actual = [r for r in rows if r[1] == "Synthetic [published]"]
    assert len(actual) == len({r[3] for r in actual}), "actuals shared by the runs are written once"


def test_iamc_of_an_ensemble_puts_percentiles_in_the_quantile_column(runs):
    res = runs[1]
    arrays = {k: np.concatenate([v, v * 1.01, v * 0.99]) if v.shape[0] == 1 else v for k, v in res.arrays.items()}
    header, rows = parse_iamc(iamc_csv([dataclasses.replace(res, arrays=arrays)]))
    assert header[5] == "quantile"
    grp = {r[5] for r in rows if r[1] == "plant" and r[3] == "GRP"}
    assert grp == {"0.05", "0.25", "0.5", "0.75", "0.95"}
    assert {r[5] for r in rows if r[1] == "Synthetic [published]"} == {"observed"}


def test_compare_command_writes_everything_for_kostanai(tmp_path, capsys):
    out = tmp_path / "cmp"
    assert main(["compare", *map(str, KOSTANAI), "--out", str(out), "--years", "2025", "2030"]) == 0
    printed = capsys.readouterr().out
    assert "[3] Kostanai plan, delayed" in printed and "GRP doubled" in printed
    names = {p.name for p in out.iterdir()}
    assert {
        "comparison.csv",
        "targets.csv",
        "iamc.csv",
        "results.csv",
        "report.md",
        "report.html",
        "paths.png",
        "differences.png",
        "contributions_value_added.png",
        "contributions_jobs.png",
    } <= names
    _, rows = parse_iamc((out / "iamc.csv").read_text(encoding="utf-8"))
    for name in ("Kostanai baseline (no projects)", "Kostanai plan: all announced projects and targets"):
        assert {"GRP", "Employment"} <= {r[3] for r in rows if r[1] == name}
    assert len({r[1] for r in rows if "[" not in r[1]}) == 3
    table = list(csv.DictReader(io.StringIO((out / "comparison.csv").read_text(encoding="utf-8"))))
    assert {row["year"] for row in table} == {"2025", "2030"}
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Targets side by side" in report and "## Assumptions register" in report


def test_compare_with_a_bad_scenario_exits_2_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nregion: kostanai\nbase_year: 2023\nhorizon: {start: 2024, end: 2030}\nprojects: 3\n")
    out = tmp_path / "cmp"
    assert main(["compare", str(KOSTANAI[0]), str(bad), "--out", str(out)]) == 2
    assert "bad.yaml:5" in capsys.readouterr().err
    assert not out.exists()
    assert main(["compare", str(KOSTANAI[0]), "--variables", "gdp", "--out", str(out)]) == 2
    assert not out.exists()
