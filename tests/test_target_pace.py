"""What a target needs per year beside what the scenario gives (issue 13, item 9), checked by hand.

A ratio θ over n years needs θ^(1/n) − 1 a year whatever the level: GRP doubled over 2023-2030 (n = 7) needs
2^(1/7) − 1 = 0.104090 (10.41 %/yr); x1.5 over 7 years needs 1.5^(1/7) − 1 = 0.059634. An increase of θ over a
reference level V needs ((V + θ)/V)^(1/n) − 1. A target against the baseline asks for an amount of impact: from
the last published year L it needs (θ − I(L))/(Y − L) more each year.
"""

from __future__ import annotations

import pytest
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.model.targets import growth_rate
from simulator.summary import pace_text, verdict_lines
from simulator.tables import targets_csv

REGION = synthetic_region()
TARGETS = [
    {"id": "grp", "variable": "grp", "kind": "ratio", "value": 2.0, "year": 2030, "basis": "nominal"},
    {"id": "wage", "variable": "average_wage", "kind": "ratio", "value": 1.5, "year": 2030, "basis": "real"},
    {"id": "jobs", "variable": "employment", "kind": "increase", "value": 1500, "unit": "persons", "year": 2030,
     "relative_to": "baseline"},
]  # fmt: skip


@pytest.fixture(scope="module")
def run():
    return simulate(scenario([plant()], targets=TARGETS), region=REGION)


def by(run, target_id, basis=None):
    return next(t for t in run.targets if t.id == target_id and (basis is None or t.basis == basis))


def test_growth_rate_by_hand():
    """(200/100)^(1/7) − 1 = 0.1040895 (2^(1/7) = e^(0.693147/7) = e^0.0990210 = 1.1040895); 100 → 100 is 0;
    a fall 100 → 81 over 2 years is 0.9 − 1 = −0.1; no years or a non-positive level has no rate."""
    assert growth_rate(100.0, 200.0, 7) == pytest.approx(0.1040895, abs=1e-7)
    assert growth_rate(100.0, 100.0, 3) == 0.0
    assert growth_rate(100.0, 81.0, 2) == pytest.approx(-0.1, abs=1e-12)
    assert growth_rate(100.0, 200.0, 0) is None
    assert growth_rate(0.0, 200.0, 3) is None
    assert growth_rate(-5.0, 200.0, 3) is None


def test_a_ratio_needs_the_nth_root_whatever_the_level(run):
    """GRP x2 from 2023 to 2030 needs 10.41 %/yr on both bases; x1.5 needs 5.96 %/yr; from the last published
    year L = 2025 the need is (2·V(2023)/V(2025))^(1/5) − 1, with V read off the run's own arrays."""
    for basis in ("nominal", "real"):
        pace = by(run, "grp", basis).pace
        assert pace.kind == "rate" and pace.reference_year == 2023
        assert pace.needed_from_reference == pytest.approx(0.1040895, abs=1e-7)
    assert by(run, "wage", "real").pace.needed_from_reference == pytest.approx(0.0596340, abs=1e-7)
    pace = by(run, "grp", "nominal").pace
    assert pace.last_year == 2025
    grp = run.arrays["grp"][0]
    v2023, v2025, v2030 = grp[run.year_index(2023)], grp[run.year_index(2025)], grp[run.year_index(2030)]
    assert pace.needed_from_last == pytest.approx((2 * v2023 / v2025) ** (1 / 5) - 1, rel=1e-12)
    assert pace.given_from_reference == pytest.approx((v2030 / v2023) ** (1 / 7) - 1, rel=1e-12)
    assert pace.given_from_last == pytest.approx((v2030 / v2025) ** (1 / 5) - 1, rel=1e-12)


def test_a_target_against_the_baseline_needs_an_amount_a_year(run):
    """+1,500 jobs over the baseline by 2030: from L = 2025 with impact I(2025) it needs (1500 − I(2025))/5 more
    jobs a year; the scenario adds (I(2030) − I(2025))/5."""
    pace = by(run, "jobs").pace
    impact = run.arrays["employment"][0] - run.arrays["baseline:employment"][0]
    i2025, i2030 = impact[run.year_index(2025)], impact[run.year_index(2030)]
    assert pace.kind == "amount" and pace.reference_year is None and pace.last_year == 2025
    assert pace.needed_from_last == pytest.approx((1500 - i2025) / 5, rel=1e-12)
    assert pace.given_from_last == pytest.approx((i2030 - i2025) / 5, rel=1e-12)


def test_the_pace_is_said_in_the_terminal_the_report_sentences_and_the_table(run):
    line = next(line for line in verdict_lines(run) if line.startswith("grp [nominal"))
    assert "needs +10.4%/yr from 2023" in line
    assert pace_text(by(run, "jobs")).startswith("needs +")
    header, *rows = targets_csv(run).splitlines()
    assert "needed_per_year_from_reference" in header.split(",")
    row = next(r for r in rows if ",grp,ratio,base_year,nominal," in r).split(",")
    column = header.split(",").index("needed_per_year_from_reference")
    assert float(row[column]) == pytest.approx(0.1040895, abs=1e-6)


def test_a_target_year_already_published_has_no_pace_from_the_last_year():
    """Target year 2025 = the last published year: nothing is left to grow from L, so no pace from it."""
    targets = [{"id": "grp", "variable": "grp", "kind": "ratio", "value": 1.01, "year": 2025, "basis": "nominal"}]
    result = simulate(scenario([plant()], targets=targets), region=REGION)
    pace = result.targets[0].pace
    assert pace.last_year is None and pace.needed_from_last is None
    assert pace.needed_from_reference == pytest.approx(1.01**0.5 - 1, abs=1e-12)
