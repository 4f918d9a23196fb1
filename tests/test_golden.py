"""Golden regression of every shipped Kostanai scenario, and one figure of each checked by hand.

Each scenario's headline variables by year (tests/golden/<scenario>_headline.csv) must not change unnoticed. A
deliberate model or data change updates the files: ``pytest tests/test_golden.py --update-golden``, and the
commit says why the numbers moved. Tolerance: rtol 1e-9 (platform floating-point noise only).

A golden file only says that nothing moved; it would hold a wrong number as firmly as a right one. So each
scenario also has a test whose expected figure is worked out in its docstring from the scenario's own inputs
(scenarios/kostanai/*.yaml, simulator/data/parameters.yaml) and the published figures
(simulator/data/regions/kostanai/series.csv), with no call into the model's code. Those figures are exact
arithmetic on the inputs, so they are checked at rel 1e-9 too (float rounding of a few operations is ~1e-15).

Prices used by the hand calculations. The deflator is 1 in the base year 2023; in the published years it is
the region's implied GRP deflator, nominal GRP growth over the BNS volume index (series.csv: GRP 4,436,636.1,
4,969,559.1 and 6,080,972.0 million KZT in 2023-2025, volume index 108.3 % in 2024 and 109.0 % in 2025):
P_2024 = (4,969,559.1 / 4,436,636.1) / 1.083 and P_2025 = (6,080,972.0 / 4,436,636.1) / (1.083 × 1.09) =
1.16109. After 2025 it grows with the regional price index (docs/model.md §1): the 2025 GVA shares
of section A (571,716.0), section B (477,078.9) and the rest (of the sections' sum 5,967,722.6 million KZT,
series.csv) weight farm_price_growth, mining_price_growth and non_oil_deflator_growth (parameters.yaml: 0.10,
0.09, 0.10 in 2026), so 2026 grows by (571,716.0 · 0.10 + 477,078.9 · 0.09 + 4,918,927.7 · 0.10) / 5,967,722.6
= 0.09920; all three components, like gdp_deflator_growth, are 0.07 in 2027 and 0.06 from 2028. An amount
stated in prices of year y is in base-year prices ÷ P_y, so in nominal terms of the same year y it is the
amount itself, and in year t it is the amount × P_t / P_y.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from simulator.api import simulate

GOLDEN_DIR = Path(__file__).parent / "golden"
KOSTANAI = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai"
SCENARIOS = ("baseline", "kia", "foundry", "agromash", "livestock", "crops", "plan", "plan_delayed")
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
EXACT = 1e-9  # exact arithmetic on the inputs: only float rounding (~1e-15) separates model and hand

# published figures (series.csv) and the central deflator path (baseline.yaml), typed from the files
GRP = {2023: 4_436_636.1, 2024: 4_969_559.1, 2025: 6_080_972.0}  # million KZT, BNS 5923
EMPLOYED = {2023: 449_548.0, 2024: 439_308.0, 2025: 430_714.0}  # persons, BNS 102798 (LFS)
LOCAL_BUDGET_2025 = 256_600.0  # million KZT, zakon.kz 6506990 (the finance ministry's 256.6 bn)
P = {2023: 1.0, 2024: GRP[2024] / GRP[2023] / 1.083}
P[2025] = GRP[2025] / GRP[2023] / (1.083 * 1.09)
_GVA_2025 = {"A": 571_716.0, "B": 477_078.9, "total": 5_967_722.6}  # million KZT, BNS 5927 (series.csv)
_REST_2025 = _GVA_2025["total"] - _GVA_2025["A"] - _GVA_2025["B"]
_GROWTH_2026 = (_GVA_2025["A"] * 0.10 + _GVA_2025["B"] * 0.09 + _REST_2025 * 0.10) / _GVA_2025["total"]
for _year, _growth in zip(range(2026, 2036), (_GROWTH_2026, 0.07) + (0.06,) * 8, strict=True):
    P[_year] = P[_year - 1] * (1 + _growth)
KZT_PER_USD_2025 = 521.08  # parameters.yaml exchange_rate


def test_scenario_list_is_complete():
    assert sorted(SCENARIOS) == sorted(p.stem for p in KOSTANAI.glob("*.yaml"))


@cache
def _run(scenario: str):
    return simulate(KOSTANAI / f"{scenario}.yaml")


def _at(scenario: str, key: str, year: int, project: str | None = None) -> float:
    """A deterministic run's value in model units (million KZT, persons; nominal unless the key says real)."""
    results = _run(scenario)
    i = results.year_index(year)
    if project is None:
        return float(results.arrays[key][0, i])
    return float(results.arrays[key][0, i, results.project_ids.index(project)])


def current_rows(scenario: str) -> list[tuple[str, str, int, float]]:
    results = _run(scenario)
    rows = []
    for key in KEYS:
        for case, baseline in (("scenario", False), ("baseline", True)):
            if baseline and key.startswith("jobs_"):
                continue
            for year, value in zip(results.years, results.central(key, baseline=baseline), strict=True):
                rows.append((key, case, int(year), float(value)))
    return rows


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_matches_golden(scenario, update_golden):
    golden = GOLDEN_DIR / f"{scenario}_headline.csv"
    rows = current_rows(scenario)
    if update_golden:
        with golden.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["variable", "case", "year", "value"])
            writer.writerows([(k, c, y, repr(v)) for k, c, y, v in rows])
        pytest.skip("golden file rewritten")
    assert golden.exists(), "no golden file: run pytest tests/test_golden.py --update-golden"
    with golden.open(encoding="utf-8") as f:
        expected = {(r["variable"], r["case"], int(r["year"])): float(r["value"]) for r in csv.DictReader(f)}
    got = {(k, c, y): v for k, c, y, v in rows}
    assert got.keys() == expected.keys()
    keys = sorted(got)
    np.testing.assert_allclose([got[k] for k in keys], [expected[k] for k in keys], rtol=1e-9, err_msg=str(keys))


# ------------------------------------------------------------------------------------ figures checked by hand


def test_baseline_published_years_by_hand():
    """Published years are the data: GRP 2023-2025 = 4,436.6361, 4,969.5591 and 6,080.972 bn KZT (BNS 5923),
    real GRP 2025 = 4,436,636.1 × 1.083 × 1.09 = 5,237,315.82 million KZT of 2023 (BNS 5926 volume indices),
    employment 2023-2025 = 449,548, 439,308 and 430,714 persons (BNS 102798), and the local budget 2025 =
    256.6 bn KZT (the finance ministry's figure, the fiscal block's calibration year)."""
    for year in (2023, 2024, 2025):
        assert _at("baseline", "grp", year) == pytest.approx(GRP[year], rel=EXACT)
        assert _at("baseline", "employment", year) == pytest.approx(EMPLOYED[year], rel=EXACT)
    assert _at("baseline", "grp_real", 2025) == pytest.approx(GRP[2023] * 1.083 * 1.09, rel=EXACT)
    assert _at("baseline", "budget_revenue_local", 2025) == pytest.approx(LOCAL_BUDGET_2025, rel=EXACT)


def test_kia_direct_output_and_jobs_by_hand():
    """KIA (plan.yaml): 70,000 cars/yr at 13.5 million KZT (prices of 2025, central), utilisation 0.90 from
    2029 (central): 63,000 cars. From 2026 it replaces the Allur Sportage line, 10,000 cars a year (central) at
    the same price, value-added share 0.06 and 130 jobs, taken over whole since KIA makes more than 10,000 cars
    in every year from 2026 (0.43 × 70,000 = 30,100 in 2026). Net 2030 output in base-year prices
    (63,000 − 10,000) × 13.5 / P_2025 = 715,500 / 1.16109 = 616,232 million KZT, and in 2030 prices
    715,500 × 1.0992 × 1.07 × 1.06³ million KZT (1.0992: 2026's
    regional price index, module docstring). Serial start October 2025 at utilisation 0.17 while
    operating: 3/12 of the year, so 2025 output = 70,000 × 13.5 × 0.17 × 3/12 = 40,162.5 million KZT of 2025
    (nothing replaced before 2026). Jobs at start: 1,500 × 3/12 = 375 in 2025, 1,500 − 130 = 1,370 from 2026.
    Direct value added 2030 = 0.10 × 850,500 − 0.06 × 135,000 = 76,950 million KZT of 2025, × 1.0992 × 1.07 ×
    1.06³ in 2030 prices."""
    growth = (1 + _GROWTH_2026) * 1.07 * 1.06**3
    real_2030 = (70_000 * 0.90 - 10_000) * 13.5 / P[2025]
    assert _at("kia", "project:output", 2030, "kia") / _at("kia", "deflator", 2030) == pytest.approx(
        real_2030, rel=EXACT
    )
    assert _at("kia", "project:output", 2030, "kia") == pytest.approx(715_500 * growth, rel=EXACT)
    assert _at("kia", "project:output", 2025, "kia") == pytest.approx(40_162.5, rel=EXACT)
    assert _at("kia", "project:value_added_direct", 2030, "kia") == pytest.approx(76_950 * growth, rel=EXACT)
    assert _at("kia", "jobs_direct", 2025) == pytest.approx(375.0, rel=EXACT)
    assert _at("kia", "jobs_direct", 2026) == pytest.approx(1_370.0, rel=EXACT)


def test_foundry_direct_output_and_jobs_by_hand():
    """KamLitKZ (plan.yaml): 45,000 t/yr at US$2,500 per t (2025 dollars, central) × 521.08 KZT/$ (2025) =
    58,621.5 million KZT a year at full capacity in 2025 prices. Utilisation 0.25 in 2025: output
    58,621.5 × 0.25 = 14,655.375 million KZT of 2025. In 2028 (0.75, central): 58,621.5 × 0.75 ×
    1.0992 × 1.07 × 1.06 = 54,813.15 million KZT of 2028. Start September 2024, 500 jobs at start: 500 × 4/12 =
    166.67 in 2024."""
    full = 45_000 * 2_500 * KZT_PER_USD_2025 / 1e6
    assert full == pytest.approx(58_621.5, rel=1e-15)
    assert _at("foundry", "project:output", 2025, "foundry") == pytest.approx(full * 0.25, rel=EXACT)
    assert _at("foundry", "project:output", 2028, "foundry") == pytest.approx(
        full * 0.75 * (1 + _GROWTH_2026) * 1.07 * 1.06, rel=EXACT
    )
    assert _at("foundry", "jobs_direct", 2024) == pytest.approx(500 * 4 / 12, rel=EXACT)
    assert _at("foundry", "jobs_direct", 2025) == pytest.approx(500.0, rel=EXACT)


def test_agromash_direct_output_and_jobs_by_hand():
    """AgromashHolding expansion (plan.yaml): 2,000 machine-equivalents a year at 45 million KZT (prices of
    2024, central). Start October 2024 at utilisation 0.30 while operating: 2024 output = 2,000 × 45 × 0.30 ×
    3/12 = 6,750 million KZT of 2024; 2025 at 1.0: 90,000 × P_2025 / P_2024 million KZT of 2025. Jobs follow
    production (400 central): 400 × 0.30 × 3/12 = 30 in 2024, 400 in 2025, 400 × 0.80 = 320 in 2026."""
    assert _at("agromash", "project:output", 2024, "agromash") == pytest.approx(6_750.0, rel=EXACT)
    assert _at("agromash", "project:output", 2025, "agromash") == pytest.approx(90_000 * P[2025] / P[2024], rel=EXACT)
    for year, jobs in ((2024, 30.0), (2025, 400.0), (2026, 320.0)):
        assert _at("agromash", "jobs_direct", year) == pytest.approx(jobs, rel=EXACT)


def test_livestock_dairy_farms_by_hand():
    """Dairy farms (plan.yaml): one farm commissioned in July 2024, seven in July 2025; each 5,200 t of milk a
    year at 215 thousand KZT per t (prices of 2025) = 1,118 million KZT at full output, reached by a linear
    two-year ramp u(τ) = τ/2. Mean utilisation in 2025: the 2024 farm runs τ ∈ [0.5, 1.5], ∫ τ/2 dτ =
    (1.5² − 0.5²)/4 = 0.5; each 2025 farm runs τ ∈ [0, 0.5] for the half year, ∫ τ/2 dτ = 0.0625. Output 2025
    = (0.5 + 7 × 0.0625) × 1,118 = 0.9375 × 1,118 = 1,048.125 million KZT of 2025. In 2024 the first farm's
    0.0625 × 1,118 = 69.875 in 2025 prices is 69.875 × P_2024 / P_2025 = 62.24 million KZT of 2024. Jobs at
    commissioning, 25 a farm: 25 × 6/12 = 12.5 in 2024, 25 + 7 × 25 × 6/12 = 112.5 in 2025."""
    assert _at("livestock", "project:output", 2025, "dairy_farms") == pytest.approx(1_048.125, rel=EXACT)
    assert _at("livestock", "project:output", 2024, "dairy_farms") == pytest.approx(
        0.0625 * 1_118 * P[2024] / P[2025], rel=EXACT
    )
    jobs = _run("livestock").arrays["project:jobs_direct"][0, :, _run("livestock").project_ids.index("dairy_farms")]
    i = _run("livestock").year_index(2024)
    np.testing.assert_allclose(jobs[i : i + 2], [12.5, 112.5], rtol=EXACT)


def test_crops_jobs_and_published_years_by_hand():
    """Crop-yield programme (plan.yaml): a sector change whose factor rises linearly from 1.0 in 2024 to 1.10
    (central) in 2030; its 250 stated jobs are those at the final factor and scale with the change:
    2027 factor 1 + 0.10 × 3/6 = 1.05, jobs 250 × 0.05 / 0.10 = 125; 2025 jobs 250 / 6 = 41.67; 2030 on 250.
    Published years: GRP 2024 and 2025 equal the BNS figures whatever the programme did."""
    for year, jobs in ((2025, 250 / 6), (2027, 125.0), (2030, 250.0), (2035, 250.0)):
        assert _at("crops", "jobs_direct", year) == pytest.approx(jobs, rel=EXACT)
    for year in (2024, 2025):
        assert _at("crops", "grp", year) == pytest.approx(GRP[year], rel=EXACT)


def test_plan_published_years_and_projects_by_hand():
    """The plan: GRP 2023 = 4,436,636.1 and 2025 = 6,080,972.0 million KZT (BNS 5923), employment 2025 =
    430,714 (BNS 102798) and the local budget 2025 = 256.6 bn KZT, all as published whatever the projects did.
    Direct jobs 2026 of the dairy farms: (1 + 7 + 5 × 6/12) × 25 = 262.5 (cohorts of July 2024, 2025 and
    2026); of the crop programme: 250 × (1/30) / (1/10) = 83.33 (factor 1 + 0.10 × 2/6). KIA's output in 2030
    is the single-plant figure net of the line it replaces (as in
    test_kia_direct_output_and_jobs_by_hand: 715,500 × 1.0992 × 1.07 × 1.06³)."""
    for year in (2023, 2025):
        assert _at("plan", "grp", year) == pytest.approx(GRP[year], rel=EXACT)
    assert _at("plan", "employment", 2025) == pytest.approx(EMPLOYED[2025], rel=EXACT)
    assert _at("plan", "budget_revenue_local", 2025) == pytest.approx(LOCAL_BUDGET_2025, rel=EXACT)
    assert _at("plan", "project:output", 2030, "kia") == pytest.approx(
        715_500 * (1 + _GROWTH_2026) * 1.07 * 1.06**3, rel=EXACT
    )
    assert _at("plan", "project:jobs_direct", 2026, "dairy_farms") == pytest.approx(262.5, rel=EXACT)
    assert _at("plan", "project:jobs_direct", 2026, "crop_yield_programme") == pytest.approx(250 / 3, rel=EXACT)


def test_plan_delayed_stresses_by_hand():
    """plan_delayed.yaml: KIA starts October 2026 at utilisation 0.17 while operating, so its 2026 output is
    70,000 × 13.5 × 0.17 × 3/12 = 40,162.5 million KZT of 2025 = 40,162.5 × 1.0992 = 44,146.64 of 2026, and
    nothing in 2025; jobs 1,500 × 3/12 = 375 in 2026. Those 70,000 × 0.17 × 3/12 = 2,975 cars are fewer than
    the 10,000 of the Allur line it replaces from 2026, so all of them replace it: net output 0 in 2026, and the
    line's jobs go in proportion, 130 × 2,975 / 10,000 = 38.675, leaving 375 − 38.675 = 336.325 direct jobs (the
    rest of the line keeps running). The foundry is capped at 60 %: its 2028 output is
    58,621.5 × 0.60 × 1.0992 × 1.07 × 1.06 = 43,850.52 million KZT of 2028 (0.75 in the plan). The local
    budget 2025 is still the published 256.6 bn KZT."""
    assert _at("plan_delayed", "project:output", 2025, "kia") == 0.0
    assert _at("plan_delayed", "project:output", 2026, "kia") == pytest.approx(0.0, abs=1e-6)
    assert _at("plan_delayed", "project:jobs_direct", 2026, "kia") == pytest.approx(336.325, rel=EXACT)
    full = 45_000 * 2_500 * KZT_PER_USD_2025 / 1e6
    assert _at("plan_delayed", "project:output", 2028, "foundry") == pytest.approx(
        full * 0.60 * (1 + _GROWTH_2026) * 1.07 * 1.06, rel=EXACT
    )
    assert _at("plan_delayed", "budget_revenue_local", 2025) == pytest.approx(LOCAL_BUDGET_2025, rel=EXACT)
