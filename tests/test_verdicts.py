"""What the terminal and the report say beside a target verdict: the baseline's own value for a target against
the base year, "net" for the jobs target, and medians of per-draw differences in the headline."""

from __future__ import annotations

import pytest
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.report import run_report, to_markdown
from simulator.summary import verdict_lines

REGION = synthetic_region()
TARGETS = [
    {"id": "grp", "variable": "grp", "kind": "ratio", "value": 1.01, "year": 2030, "basis": "nominal"},
    {"id": "jobs", "variable": "employment", "kind": "increase", "value": 1500, "unit": "persons", "year": 2030,
     "relative_to": "baseline"},
]  # fmt: skip


@pytest.fixture(scope="module")
def run():
    return simulate(scenario([plant()], targets=TARGETS), region=REGION)


def test_terminal_line_gives_the_baseline_alone_for_a_target_against_the_base_year(run):
    grp, jobs = (next(t for t in run.targets if t.id == i) for i in ("grp", "jobs"))
    lines = verdict_lines(run)
    t = run.year_index(2030)
    alone = run.arrays["baseline:grp"][0, t] / run.arrays["baseline:grp"][0, 0]
    assert grp.baseline_value == pytest.approx(alone, rel=1e-12)
    assert f"without the projects {alone:.2f}x" in next(line for line in lines if line.startswith("grp"))
    assert jobs.baseline_value is None
    assert "without the projects" not in next(line for line in lines if line.startswith("jobs"))


def test_report_has_the_baseline_column_and_says_jobs_are_net(run):
    text = to_markdown(run_report(run, {}))
    assert "| without the projects |" in text
    assert "Without the projects it would be" in text
    assert "employment of residents (net of jobs taken from existing firms and of vacancies left unfilled; " in text


def test_report_headline_brackets_are_the_change_the_targets_use(run):
    text = to_markdown(run_report(run, {}))
    change = run.central_change("employment")[run.year_index(2030)]
    level = run.central("employment")[run.year_index(2030)]
    assert f"{level:,.1f} ({change:+,.1f})" in text


def test_report_sets_published_figures_after_the_base_year_beside_the_projection(run):
    """Every figure of the region's data after the base year appears with the projection of its year, the
    projects' effect and the implied baseline; GRP (calibrated) is the published figure itself."""
    text = to_markdown(run_report(run, {}))
    assert "## Check against published figures" in text
    t = run.year_index(2025)
    wage = REGION.average_wage[2025] * 1e-3  # thousand KZT/month
    projected = run.central("average_wage")[t]
    effect, baseline = run.central_change("average_wage")[t], run.central("average_wage", baseline=True)[t]
    assert (
        f"| Average monthly wage | thousand KZT/month | 2025 | {wage:,.1f} | {projected:,.1f} | {effect:+,.1f} | "
        f"{baseline:,.1f} |" in text
    )
    grp = REGION.grp[2025] * 1e-3  # billion KZT
    assert f"| GRP, current prices | billion KZT/yr | 2025 | {grp:,.1f} | {grp:,.1f} |" in text
    assert set(run.actuals) == {
        "grp",
        "grp_real",
        "employment",
        "labour_force",
        "average_wage",
        "budget_revenue_local",
        "tax_revenue_collected",
    }


def test_estimates_in_the_region_data_are_not_shown_as_published_figures():
    """Kostanai's 2024–25 wages and collected taxes are estimates (back-cast from national series), and only the
    2025 local-budget total is sourced: none of the estimates is set beside the projection as an outturn."""
    from simulator.region import load_region
    from simulator.results import region_actuals

    region = load_region("kostanai")
    actuals = region_actuals(region, 2023)
    assert "average_wage" not in actuals and "tax_revenue_collected" not in actuals
    assert list(actuals["budget_revenue_local"]) == [2025]
    assert actuals["budget_revenue_local"][2025] == pytest.approx(256.6, rel=1e-9)  # zakon.kz 6506990
    assert list(actuals["employment"]) == [2024, 2025]


def test_a_targets_note_is_printed_once_with_its_declared_verdict():
    targets = [{**TARGETS[0], "note": "The year is an estimate."}]
    res = simulate(scenario([plant()], targets=targets), region=REGION)
    text = to_markdown(run_report(res, {}))
    assert text.count("Note: The year is an estimate.") == 1
    assert "nominal basis" in next(line for line in text.splitlines() if "Note: The year" in line)


def test_an_increase_over_the_base_year_is_judged_on_the_baseline_against_its_own_base_year():
    target = {"id": "more", "variable": "grp", "kind": "increase", "value": 1, "unit": "billion KZT",
              "year": 2030, "basis": "nominal"}  # fmt: skip
    res = simulate(scenario([plant()], targets=[target]), region=REGION)
    declared = next(t for t in res.targets if t.declared)
    b = res.arrays["baseline:grp"][0]
    assert declared.baseline_value == pytest.approx(b[res.year_index(2030)] - b[0], rel=1e-12)
