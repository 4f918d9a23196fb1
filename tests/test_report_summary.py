"""The report's opening summary and plain words (issue 16): verdicts as "reached in 2034 (4 years late)", target
lines under 100 characters, a year path as one register row, a footer with date, version and hash, and a
comparison that judges every target on every scenario (the baseline column says what the baseline alone gives)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from conftest import SCENARIOS
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.assumptions import Assumption
from simulator.compare import comparison_targets_text, run_comparison
from simulator.model.targets import TargetResult
from simulator.report import compact_register, comparison_report, run_report, to_markdown
from simulator.scenario import load_scenario
from simulator.summary import timing_text, verdict_lines, verdict_text
from simulator.tables import judged_targets, target_rows

REGION = synthetic_region()
KOSTANAI = SCENARIOS / "kostanai"
TARGETS = [
    {"id": "grp", "variable": "grp", "kind": "ratio", "value": 1.01, "year": 2030, "basis": "nominal"},
    {"id": "jobs", "variable": "employment", "kind": "increase", "value": 1500, "unit": "persons", "year": 2030,
     "relative_to": "baseline"},
]  # fmt: skip


def target(central: float, first: int | None, probability: float = 1.0) -> TargetResult:
    """GRP x2.0 by 2030 with the given median value in 2030 and first year the median meets it."""
    return TargetResult(
        id="grp", name="GRP doubled", variable="grp", kind="ratio", basis="nominal", declared_basis="nominal",
        threshold=2.0, year=2030, relative_to="base_year", value_at_year=np.array([central]),
        central_value=central, probability=probability, first_year=first,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("central", "first", "words"),
    [
        (2.26, 2029, "reached in 2029 (1 year early)"),
        (2.00, 2030, "reached in 2030"),  # met exactly in its year: 2.00 >= 2.00
        (2.30, 2026, "reached in 2026 (4 years early)"),
        (1.90, 2034, "reached in 2034 (4 years late)"),  # the "not reached (first in 2034)"
        (1.90, 2031, "reached in 2031 (1 year late)"),
        (1.90, 2028, "not reached in 2030 (met in 2028, then fell back)"),
        (1.90, None, "not reached within the horizon"),
    ],
    ids=["early", "on time", "4 early", "4 late", "1 late", "fell back", "never"],
)
def test_a_verdict_says_when_in_plain_words(central, first, words):
    assert timing_text(target(central, first)) == words


def test_an_ensemble_verdict_is_the_median_draws_with_the_share_of_draws():
    assert verdict_text(target(2.26, 2029, 0.62), ensemble=True) == (
        "reached in 2029 (1 year early) at the median; reached in 62% of draws"
    )


def test_a_year_path_is_one_register_row_with_sources_by_year():
    """Three years of one input: values joined, the row marked as an estimate because two of its years are,
    the sources given per run of years, the place as a line span."""
    rows = [
        Assumption("Project: A", "a.local_content.2025", "0.1", "share", "estimate: trial", "estimate", "s.yaml:10"),
        Assumption("Project: A", "a.local_content.2026", "0.2", "share", "estimate: trial", "estimate", "s.yaml:11"),
        Assumption("Project: A", "a.local_content.2027", "0.3", "share", "plan 2027", "sourced", "s.yaml:12"),
        Assumption("Project: A", "a.sector", "D29", "industry code", "sectors.csv", "sourced", "s.yaml:5"),
    ]  # fmt: skip
    compact = compact_register(rows)
    assert [a.input for a in compact] == ["a.local_content", "a.sector"]
    path = compact[0]
    assert path.value == "2025: 0.1, 2026: 0.2, 2027: 0.3"
    assert path.status == "estimate" and path.highlighted
    assert path.source == "2025-2026: estimate: trial; 2027: plan 2027"
    assert path.where == "s.yaml:10-12"
    assert compact[1] == rows[3]


@pytest.fixture(scope="module")
def run():
    return simulate(scenario([plant()], targets=TARGETS, name="synthetic plant"), region=REGION)


def test_the_report_opens_with_the_summary_then_contents_and_ends_with_the_footer(run):
    made = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    text = to_markdown(run_report(run, {"grp": "grp.png"}, region=REGION, made=made))
    order = [text.index(s) for s in ("## Summary", "**Contents**", "## Headline", "## Targets", "## Provenance")]
    assert order == sorted(order)
    assert text.rstrip().endswith(
        "*Made 2026-12-06 09:00 UTC by regsim 0.1.0. Scenario synthetic plant: not from a file.*"
    )
    summary = text[text.index("## Summary") : text.index("**Contents**")]
    assert "deterministic (one run, no uncertainty)" in summary and "1 draw" not in text
    grp = next(t for t in run.targets if t.id == "grp" and t.declared)
    t = run.year_index(2030)
    # what the projects add to the ratio, from the arrays: scenario ratio less the no-project ratio
    s, b = run.arrays["grp"][0], run.arrays["baseline:grp"][0]
    added = s[t] / s[0] - b[t] / b[0]
    row = next(line for line in summary.splitlines() if line.startswith("| GRP x1.01") or line.startswith("| grp"))
    assert f"| {timing_text(grp)} |" in row and f"| {added:+.2f}x |" in row
    assert f"{b[t] / b[0]:.2f}x, reached" in row  # the baseline alone
    assert "GRP|Real" not in text and "Budget Revenue|Local" not in text  # IAMC names stay in the files
    assert "Real GRP, 2023 prices" in text


@pytest.fixture(scope="module")
def comparison():
    return run_comparison([KOSTANAI / "baseline.yaml", KOSTANAI / "plan.yaml"])


def test_compare_judges_the_baseline_on_every_target_of_the_plan(comparison):
    """The baseline declares no target: its column gives what the baseline alone reaches, computed by hand here
    as GRP 2030 / GRP 2023 of the baseline run (ratio target) and 0 for a target against the baseline."""
    base, plan = comparison.results
    judged = judged_targets(comparison)
    grp = judged[0][("grp_doubled", "nominal")]
    g = base.arrays["grp"][0]
    assert grp[1] is False
    assert grp[0].central_value == pytest.approx(g[base.year_index(2030)] / g[base.year_index(2023)], rel=1e-12)
    jobs = next(v for (tid, _), v in judged[0].items() if plan_target(plan, tid).variable == "employment")
    assert jobs[0].central_value == pytest.approx(0.0, abs=1e-9)  # no projects: nothing over the baseline
    _, rows = target_rows(comparison)
    assert all(row[4] != "not declared" and row[4].endswith("(baseline alone)") for row in rows)


def plan_target(results, tid):
    return next(t for t in results.targets if t.id == tid)


def test_compare_prints_one_line_per_target_per_scenario_under_100_characters(comparison):
    text = comparison_targets_text(comparison)
    lines = text.splitlines()
    declared = {t.id for t in comparison.results[1].targets}
    assert sum(line.startswith("    [") for line in lines) == len(declared) * 2
    assert max(len("  " + line) for line in lines) < 100
    assert "not declared" not in text


def test_the_comparison_report_has_a_summary_and_the_published_figures(comparison):
    text = to_markdown(comparison_report(comparison, {}))
    order = [text.index(s) for s in ("## Summary", "**Contents**", "## Comparison", "## Check against published")]
    assert order == sorted(order)
    base = comparison.results[0]
    published = base.actuals["employment"][2025]
    assert f"| Employment | thousand persons | 2025 | {published:,.1f} |" in text


def test_every_terminal_target_line_of_the_plan_is_under_100_characters():
    lines = "\n".join(verdict_lines(simulate(load_scenario(KOSTANAI / "plan.yaml")))).splitlines()
    assert max(len("  " + line) for line in lines) < 100  # the CLI indents by two
    assert not any("first in" in line or "declared basis" in line for line in lines)
