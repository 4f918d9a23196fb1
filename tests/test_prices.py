"""The price index of value added (docs/model.md §1, simulator/model/prices.py): the regional index against a
hand calculation, the switch to the national GDP deflator, published years untouched, every region."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.errors import ScenarioError
from simulator.model.inputs import _price_index, build_inputs
from simulator.model.prices import guided, price_weights, regional_price_growth
from simulator.model.trend import regional_deflator
from simulator.region import available_regions, load_region
from simulator.scenario import load_scenario
from simulator.scenario.parameters import parameter_specs

PLAN = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai" / "plan.yaml"
VALID = (Path(__file__).parent / "data" / "scenarios" / "valid.yaml").read_text(encoding="utf-8")


def test_two_sectors_two_years_by_hand():
    """w = (0.25, 0.75) from GVA 25 and 75; π_1 = (0.10, 0.20), π_2 = (0.02, 0.04), π^GDP = (0.08, 0.12).
    ρ = 1: growth 0.25·0.10 + 0.75·0.02 = 0.04, 0.25·0.20 + 0.75·0.04 = 0.08; index from year 0 = 1:
    1.04 and 1.04 · 1.08 = 1.1232. ρ = 0.5: (0.04 + 0.08) / 2 = 0.06, (0.08 + 0.12) / 2 = 0.10. ρ = 0: the
    national path itself. Tolerance 1e-12 (a few roundings)."""
    weights = np.array([0.25, 0.75])
    components = np.array([[[0.10, 0.20]], [[0.02, 0.04]]])  # (K=2, D=1, Y=2)
    national = np.array([[0.08, 0.12]])
    growth = regional_price_growth(weights, components, national, np.ones((1, 1)))
    np.testing.assert_allclose(growth, [[0.04, 0.08]], atol=1e-12)
    index = _price_index(np.array([[0.0, *growth[0]]]), np.array([0, 1, 2]), 0)
    np.testing.assert_allclose(index, [[1.0, 1.04, 1.1232]], atol=1e-12)
    half = regional_price_growth(weights, components, national, np.full((1, 1), 0.5))
    np.testing.assert_allclose(half, [[0.06, 0.10]], atol=1e-12)
    np.testing.assert_array_equal(regional_price_growth(weights, components, national, np.zeros((1, 1))), national)


def test_weights_are_sections_a_b_and_the_rest():
    """GVA A 20, B 30, C 40, G 10 (total 100): weights 0.2, 0.3, 0.5; no GVA: NaN, and the index falls back to
    the national deflator."""
    np.testing.assert_allclose(price_weights({"A": 20.0, "B": 30.0, "C": 40.0, "G": 10.0}), [0.2, 0.3, 0.5])
    empty = price_weights({})
    assert np.isnan(empty).all()
    national = np.array([[0.05, 0.07]])
    out = regional_price_growth(empty, np.zeros((3, 1, 2)), national, np.ones((1, 1)))
    np.testing.assert_array_equal(out, national)


def _plan_inputs(weight: float | None, overrides: dict | None = None):
    scenario = load_scenario(PLAN).scenario
    update = dict(overrides or {})
    if weight is not None:
        update["regional_price_weight"] = weight
    if update:
        parameters = scenario.parameters.model_copy(update=update)
        scenario = scenario.model_copy(update={"parameters": parameters})
    region = load_region(scenario.region)
    return region, build_inputs(scenario, region)


@pytest.fixture(scope="module")
def plan_both():
    return {"regional": _plan_inputs(None), "national": _plan_inputs(0.0)}


def _growth(inputs, year: int) -> float:
    prices = inputs.prices
    return float(prices.at(prices.deflator, year)[0] / prices.at(prices.deflator, year - 1)[0] - 1.0)


def test_the_switch_after_the_last_published_year(plan_both):
    """Kostanai, L = 2025. Regional (the default): 2026 growth = Σ_k w_k π_k(2026) with w the 2025 GVA shares of
    A, B and the rest (BNS 5927) and π_k, after the components' published history (to 2025), their guides'
    2026 defaults (farm and non-oil: cpi_inflation 0.10; mining: gdp_deflator_growth 0.09); national
    (regional_price_weight = 0): gdp_deflator_growth's 2026 default, 0.09. The two differ (Kostanai's mix is not
    the nation's)."""
    region, regional = plan_both["regional"]
    _, national = plan_both["national"]
    specs = parameter_specs()
    sections = region.value_added_by_section[2025]
    total = sum(sections.values())
    w = [sections["A"] / total, sections["B"] / total, 1 - (sections["A"] + sections["B"]) / total]
    pi = [specs[n].default[2026] for n in ("cpi_inflation", "gdp_deflator_growth", "cpi_inflation")]
    assert _growth(regional, 2026) == pytest.approx(sum(a * b for a, b in zip(w, pi, strict=True)), abs=1e-12)
    assert _growth(national, 2026) == pytest.approx(specs["gdp_deflator_growth"].default[2026], abs=1e-12)
    assert abs(_growth(regional, 2026) - _growth(national, 2026)) > 1e-3


def test_published_years_keep_the_regions_own_deflator(plan_both):
    """2023-2025 (published): the deflator index is the region's implied GRP deflator relative to the base year
    2023 under both choices, to 1e-12; the switch moves only the years after 2025."""
    region, regional = plan_both["regional"]
    _, national = plan_both["national"]
    own = regional_deflator(region, 2025)
    for year in (2023, 2024, 2025):
        expected = own[year] / own[2023]
        for inputs in (regional, national):
            assert inputs.prices.at(inputs.prices.deflator, year)[0] == pytest.approx(expected, abs=1e-12)


def test_the_weight_is_validated(tmp_path):
    """regional_price_weight outside [0, 1] is refused at load with the key named."""
    file = tmp_path / "s.yaml"
    file.write_text(VALID.replace("  vat_rate:", "  regional_price_weight: 1.5\n  vat_rate:"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    assert any(p.path == "parameters.regional_price_weight" for p in info.value.problems)


@pytest.mark.parametrize("region_id", available_regions())
def test_every_region_has_a_mix_in_every_backtest_year(region_id):
    """Every region and every year from 2015 (the backtest's first base year) to its last with GVA by section:
    three finite weights in [0, 1] summing to 1 (1e-12), so the regional index exists wherever the model or the
    backtest may start."""
    region = load_region(region_id)
    years = [y for y in region.value_added_by_section if y >= 2015]
    assert years
    for year in years:
        weights = price_weights(region.value_added_by_section[year])
        assert np.isfinite(weights).all() and (weights >= 0).all()
        assert weights.sum() == pytest.approx(1.0, abs=1e-12)


def test_components_follow_their_guides_unless_the_scenario_sets_them(tmp_path):
    """A scenario that only raises inflation moves the regional index: with cpi_inflation 0.20 from 2026 and
    gdp_deflator_growth 0.15, Kostanai's 2027 price growth is w_A·0.20 + w_B·0.15 + w_rest·0.20 (the guides);
    setting farm_price_growth 0.0 itself takes the farm share's growth out: w_B·0.15 + w_rest·0.20."""
    region, _ = _plan_inputs(None)
    sections = region.value_added_by_section[2025]
    total = sum(sections.values())
    w = [sections["A"] / total, sections["B"] / total, 1 - (sections["A"] + sections["B"]) / total]
    raised = _plan_inputs(None, {"cpi_inflation": 0.20, "gdp_deflator_growth": 0.15})[1]
    assert _growth(raised, 2027) == pytest.approx(w[0] * 0.20 + w[1] * 0.15 + w[2] * 0.20, abs=1e-12)
    own_farm = _plan_inputs(None, {"cpi_inflation": 0.20, "gdp_deflator_growth": 0.15, "farm_price_growth": 0.0})[1]
    assert _growth(own_farm, 2027) == pytest.approx(w[1] * 0.15 + w[2] * 0.20, abs=1e-12)


def test_guided_by_hand():
    """Years 2024-2027, history to 2025: (0.02, 0.097, 0.097, 0.097) with guide (0.08, 0.12, 0.10, 0.07) gives
    (0.02, 0.097, 0.10, 0.07)."""
    out = guided(
        np.array([[0.02, 0.097, 0.097, 0.097]]), np.array([[0.08, 0.12, 0.10, 0.07]]), np.arange(2024, 2028), 2025
    )
    np.testing.assert_allclose(out, [[0.02, 0.097, 0.10, 0.07]], rtol=0, atol=0)
