"""The fiscal block (simulator/model/fiscal.py) against small examples worked by hand in each docstring.

The functions are called directly on tiny arrays: one draw, three years (year 0 is the calibration year A), and
a region whose year-A local taxes are PIT 100, social tax 60, CIT 40, property tax 20, land tax 5 and other 25
(local budget 250) out of 1,000 collected in all (republican 750), million KZT. Rates are the shipped ones
where it matters (PIT 10 % on 80 % of wages, CIT 20 % on half the surplus, VAT 12 % → 16 % on half the value
added, social tax 9.5 % less 5 % in year 0 and 6 % with no offset after; VAT half of the republican taxes).
Tolerance: rel 1e-12 (a few float operations on exact decimal inputs).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simulator.model.fiscal import LOCAL_TAXES, book_value, fiscal, operating_surplus
from simulator.model.projects import TAXES
from simulator.region import load_region

EXACT = 1e-12
T = 3
PUBLISHED = {"pit": 100.0, "social_tax": 60.0, "cit": 40.0, "property_tax": 20.0, "land_tax": 5.0, "other": 25.0}


def path(*values) -> np.ndarray:
    """A (1, T) year path."""
    return np.array([values], dtype=float)


def params(**overrides) -> dict[str, np.ndarray]:
    p = {
        "pit_rate": path(0.10, 0.10, 0.10),
        "pit_base_share": path(0.8, 0.8, 0.8),
        "social_tax_rate": path(0.095, 0.06, 0.06),
        "social_contribution_offset": path(0.05, 0.0, 0.0),
        "cit_rate": path(0.20, 0.20, 0.20),
        "taxable_profit_share": path(0.5, 0.5, 0.5),
        "vat_rate": path(0.12, 0.16, 0.16),
        "vat_base_share": path(0.5, 0.5, 0.5),
        "republican_vat_share": path(0.5, 0.5, 0.5),
        "property_tax_rate": path(0.015, 0.015, 0.015),
        "capital_depreciation_rate": path(0.25, 0.25, 0.25),
    }
    p.update(overrides)
    return p


def inputs(projects: int = 0, exemption=None, large=None, capex=None, net_tax_share=0.1):
    """Model inputs with ``projects`` projects: exemption {tax: (P, 1, T)} (none by default), large (P,) bool,
    capex (P, 1, T) real construction spending (none by default)."""
    exempt = {tax: np.zeros((projects, 1, T)) for tax in TAXES}
    exempt.update(exemption or {})
    return SimpleNamespace(
        projects=SimpleNamespace(
            exemption=exempt,
            large_taxpayer=np.zeros(projects, dtype=bool) if large is None else np.asarray(large),
            construction_capex=np.zeros((projects, 1, T)) if capex is None else capex,
        ),
        observed=SimpleNamespace(tax_anchor=0, local_tax=dict(PUBLISHED), collected_tax=1000.0),
        net_tax_share=np.full(T, net_tax_share),
    )


def run(inp, p=None, *, wage_bill, grp, project_va=None, project_wages=None, deflator=None, anchor=None):
    n = inp.projects.large_taxpayer.size
    zero = np.zeros((n, 1, T))
    return fiscal(
        inp,
        params() if p is None else p,
        wage_bill=np.asarray(wage_bill, dtype=float),
        grp_nominal=np.asarray(grp, dtype=float),
        project_va=zero if project_va is None else project_va,
        project_wages=zero if project_wages is None else project_wages,
        deflator=path(1.0, 1.0, 1.0) if deflator is None else deflator,
        anchor=anchor,
    )


# ------------------------------------------------------------------------------------------ CIT (item 2)


def test_operating_surplus_is_value_added_less_wages_and_social_tax_floored_at_zero():
    """S = max(VA − (1 + s) W, 0): VA 1,000, W 300, s 6 % → 1,000 − 318 = 682; W 1,000 → 1,000 − 1,060 < 0 → 0."""
    s = operating_surplus(np.array([1000.0, 1000.0]), np.array([300.0, 1000.0]), np.array([0.06, 0.06]))
    np.testing.assert_allclose(s, [682.0, 0.0], rtol=EXACT)


def test_a_wage_rise_at_unchanged_value_added_lowers_cit():
    """No projects. GRP 1,100 every year with net taxes 10 % of GVA, so GVA = 1,000; social tax 6 % of wages
    (year 0: 9.5 % − 3.5 % offset; later 6 %, no offset). Wage bill 300 in year 0 (A), 350 in year 1, 300 in
    year 2.

    Surplus S_A = 1,000 − 1.06 · 300 = 682; year 1: 1,000 − 1.06 · 350 = 629; year 2: 682 again.
    CIT = 40 · S / S_A: year 1 40 · 629 / 682 = 36.8915 (down 3.11 on a wage rise of 50 at the same value
    added: 40 · 1.06 · 50 / 682), year 2 back to 40. Against GRP (the former base) it would have stayed 40.
    PIT rises with the same wages: 100 · 350 / 300 = 116.667."""
    p = params(social_tax_rate=path(0.095, 0.06, 0.06), social_contribution_offset=path(0.035, 0.0, 0.0))
    out = run(inputs(), p, wage_bill=path(300, 350, 300), grp=path(1100, 1100, 1100))
    np.testing.assert_allclose(out.local["cit"][0], [40.0, 40.0 * 629.0 / 682.0, 40.0], rtol=EXACT)
    assert out.local["cit"][0, 1] == pytest.approx(40.0 - 40.0 * 1.06 * 50.0 / 682.0, rel=EXACT)
    np.testing.assert_allclose(out.local["pit"][0], [100.0, 100.0 * 350 / 300, 100.0], rtol=EXACT)
    assert out.anchor.surplus[0, 0] == pytest.approx(682.0, rel=EXACT)


def test_cit_follows_value_added_with_the_leverage_of_fixed_wages_and_its_rate():
    """GVA 1,000 → 1,100 (GRP 1,210 at 10 % net taxes) at the same wage bill 300 and social tax 6 %:
    S = 1,100 − 318 = 782, CIT = 40 · 782 / 682 = 45.865 (+14.7 % on +10 % of value added). Year 2, the CIT
    rate 20 % → 25 % at S 682: 40 · 1.25 = 50."""
    p = params(
        social_tax_rate=path(0.06, 0.06, 0.06),
        social_contribution_offset=path(0.0, 0.0, 0.0),
        cit_rate=path(0.20, 0.20, 0.25),
    )
    out = run(inputs(), p, wage_bill=path(300, 300, 300), grp=path(1100, 1210, 1100))
    np.testing.assert_allclose(out.local["cit"][0], [40.0, 40.0 * 782.0 / 682.0, 50.0], rtol=EXACT)


def test_a_zero_surplus_in_the_calibration_year_keeps_cit_at_its_level():
    """Wage bill 1,000 with GVA 1,000 in year 0: S_A = max(1,000 − 1,060, 0) = 0, nothing to scale by, so CIT
    stays at the published 40 (times the rate ratio, 1 here) instead of dividing by zero; the later years' surplus
    (GVA 1,000, wages 300: 682) does not move it."""
    p = params(social_tax_rate=path(0.06, 0.06, 0.06), social_contribution_offset=path(0.0, 0.0, 0.0))
    out = run(inputs(), p, wage_bill=path(1000, 300, 300), grp=path(1100, 1100, 1100))
    np.testing.assert_allclose(out.local["cit"][0], [40.0, 40.0, 40.0], rtol=EXACT)


def test_the_baseline_uses_the_scenarios_anchor():
    """The no-project baseline passes the scenario's anchor: its CIT is 40 · S_b / S_A with the scenario's
    S_A = 682 (GVA 1,000, wages 300, social tax 6 %), whatever its own year-0 bases: baseline GVA 900 and wages
    300 in year 0 give S_b = 900 − 318 = 582, CIT 40 · 582 / 682 = 34.135."""
    p = params(social_tax_rate=path(0.06, 0.06, 0.06), social_contribution_offset=path(0.0, 0.0, 0.0))
    scenario = run(inputs(), p, wage_bill=path(300, 300, 300), grp=path(1100, 1100, 1100))
    baseline = run(inputs(), p, wage_bill=path(300, 300, 300), grp=path(990, 990, 990), anchor=scenario.anchor)
    np.testing.assert_allclose(baseline.local["cit"][0], [40.0 * 582.0 / 682.0] * 3, rtol=EXACT)


def test_project_cit_is_on_half_its_surplus_and_goes_by_budget_level():
    """Two projects with value added 200 and wages 50 in every year (nominal); social tax 4.5 % in year 0
    (9.5 − 5), 6 % after. Surplus 200 − 1.045 · 50 = 147.75, then 200 − 1.06 · 50 = 147; CIT 20 % · 0.5 · S =
    14.775, 14.7, 14.7. Project 0 is an SME (local budget), project 1 a large taxpayer (republican); project 1
    is exempt in year 2. A third year's check: with value added 40 < labour cost 53 the surplus is 0, no CIT."""
    exemption = {"cit": np.array([[[0.0, 0.0, 0.0]], [[0.0, 0.0, 1.0]]])}
    inp = inputs(2, exemption=exemption, large=[False, True])
    va = np.full((2, 1, T), 200.0)
    wages = np.full((2, 1, T), 50.0)
    out = run(inp, wage_bill=path(300, 300, 300), grp=path(1100, 1100, 1100), project_va=va, project_wages=wages)
    cit = out.project_taxes["cit"][:, 0]
    np.testing.assert_allclose(cit, [[14.775, 14.7, 14.7], [14.775, 14.7, 0.0]], rtol=EXACT)
    loss = run(
        inputs(1),
        wage_bill=path(300, 300, 300),
        grp=path(1100, 1100, 1100),
        project_va=np.full((1, 1, T), 40.0),
        project_wages=np.full((1, 1, T), 50.0),
    )
    np.testing.assert_array_equal(loss.project_taxes["cit"], 0.0)


# ------------------------------------------------------------------------------------------ PIT, social tax


def test_project_pit_is_ten_percent_of_the_taxable_eighty_percent_of_wages():
    """PIT τ · pit_base_share · W_p: wages 50 → 0.10 · 0.8 · 50 = 4.0 (the 20 % off is the 10 % pension
    contribution and the basic deduction, parameters.yaml); half exempt in year 1 → 2.0; PIT rate 15 % in
    year 2 → 6.0."""
    inp = inputs(1, exemption={"pit": np.array([[[0.0, 0.5, 0.0]]])})
    p = params(pit_rate=path(0.10, 0.10, 0.15))
    out = run(inp, p, wage_bill=path(300, 300, 300), grp=path(1100, 1100, 1100), project_wages=np.full((1, 1, T), 50.0))
    np.testing.assert_allclose(out.project_taxes["pit"][0, 0], [4.0, 2.0, 6.0], rtol=EXACT)


def test_social_tax_is_the_rate_less_the_offset_in_and_outside_the_projects():
    """Project wages 50: social tax (9.5 − 5) % · 50 = 2.25 in year 0, 6 % · 50 = 3.0 after (no offset from
    2026). Outside the projects (wage base 300 − 50 = 250 every year) the published 60 moves with the same
    net rate: year 0 60 (the calibration: c = (60 − 2.25) / 60, plus the project's 2.25), later
    c · 60 · 0.06 / 0.045 + 3 = 57.75 · 4/3 + 3 = 80.0."""
    inp = inputs(1)
    out = run(inp, wage_bill=path(300, 300, 300), grp=path(1100, 1100, 1100), project_wages=np.full((1, 1, T), 50.0))
    np.testing.assert_allclose(out.project_taxes["social_tax"][0, 0], [2.25, 3.0, 3.0], rtol=EXACT)
    np.testing.assert_allclose(out.local["social_tax"][0], [60.0, 80.0, 80.0], rtol=EXACT)


def test_the_calibration_year_reproduces_the_published_taxes_and_scales_the_rest():
    """A project with wages 50 (PIT 4.0) and value added 200 (an SME: CIT 14.775 in year 0) in every year.
    Year 0 (A): each local tax equals its published figure exactly (local budget 250), and all taxes collected
    1,000. Year 1: the wage base outside the projects doubles (wage bill 550 = 500 + 50): PIT =
    (100 − 4) · 500 / 250 + 4 = 196."""
    inp = inputs(1)
    out = run(
        inp,
        wage_bill=path(300, 550, 300),
        grp=path(1100, 1100, 1100),
        project_va=np.full((1, 1, T), 200.0),
        project_wages=np.full((1, 1, T), 50.0),
    )
    for tax in LOCAL_TAXES:
        assert out.local[tax][0, 0] == pytest.approx(PUBLISHED[tax], rel=EXACT), tax
    assert out.local_total[0, 0] == pytest.approx(250.0, rel=EXACT)
    assert out.collected_total[0, 0] == pytest.approx(1000.0, rel=EXACT)
    assert out.local["pit"][0, 1] == pytest.approx(196.0, rel=EXACT)


# ------------------------------------------------------------------------------------------ VAT


def test_project_vat_is_on_half_its_value_added_and_goes_to_the_republic():
    """VAT τ · vat_base_share · VA_p on value added 200: 12 % · 0.5 · 200 = 12 in year 0, 16 % → 16 in year 1,
    70 % exempt in year 2 → 16 · 0.3 = 4.8. Republican revenue outside the projects is (750 − 12) / 750 of the
    published 750, 738, moved with GRP (unchanged here) and, for its VAT half (republican_vat_share 0.5), with
    the VAT rate: 738 · (1 + 0.5 · (16 / 12 − 1)) = 738 · 7/6 = 861 from year 1. Republican = that + the
    project's VAT (CIT of an SME is local): 750 in year 0, 861 + 16 = 877 in year 1, 861 + 4.8 = 865.8 in year 2."""
    inp = inputs(1, exemption={"vat": np.array([[[0.0, 0.0, 0.7]]])})
    out = run(inp, wage_bill=path(300, 300, 300), grp=path(1100, 1100, 1100), project_va=np.full((1, 1, T), 200.0))
    np.testing.assert_allclose(out.project_taxes["vat"][0, 0], [12.0, 16.0, 4.8], rtol=EXACT)
    np.testing.assert_allclose(out.republican[0], [750.0, 877.0, 865.8], rtol=EXACT)


# ------------------------------------------------------------------------------------------ property tax


def test_book_value_is_straight_line_by_vintage():
    """Spending 100 in year 0 and 50 in year 2, 25 % of the cost written off a year from the next year on:
    the first vintage is 100, 75, 50, 25, 0; the second 50, 37.5, 25 from year 2. Sum: 100, 75, 100, 62.5, 25.
    (The declining balance K_t = 0.75 K_{t-1} + I_t would give 100, 75, 106.25, 79.7, 59.8.)"""
    capex = np.array([[[100.0, 0.0, 50.0, 0.0, 0.0]]])
    np.testing.assert_allclose(book_value(capex, np.full((1, 5), 0.25))[0, 0], [100, 75, 100, 62.5, 25], rtol=EXACT)


def test_book_value_with_a_changing_rate_never_goes_below_zero():
    """100 spent in year 0; rates 10 %, 10 %, 50 %, 50 %, 50 % of the cost: written off 10 in year 1 and 50 in
    year 2 (book 90, 40), then only the 40 left in year 3: 100, 90, 40, 0, 0. Two draws with rates 0 and 100 %:
    100 for ever, and 100 then 0."""
    capex = np.array([[[100.0, 0.0, 0.0, 0.0, 0.0]]])
    np.testing.assert_allclose(
        book_value(capex, np.array([[0.1, 0.1, 0.5, 0.5, 0.5]]))[0, 0], [100, 90, 40, 0, 0], rtol=EXACT, atol=1e-12
    )
    draws = book_value(capex, np.array([[0.0] * 5, [1.0] * 5]))[0]
    np.testing.assert_allclose(draws, [[100] * 5, [100, 0, 0, 0, 0]], rtol=EXACT, atol=1e-12)


def test_project_property_tax_is_the_rate_on_the_book_value_at_historical_cost():
    """Construction 100 (real) in year 0 and 50 in year 2, deflator 1, 1.1, 1.2: spent 100 and 50 × 1.2 = 60 in
    their own years' prices (historical cost, never revalued); 25 % of the cost written off a year: book 100,
    75, 50 + 60 = 110; tax 1.5 % → 1.5, 1.125, 1.65 (in current prices the book would have been 100, 82.5, 120).
    Exempt in year 1 → 0 there.
    The property tax outside the projects moves with GRP: c = (20 − 1.5) / 20, so with GRP unchanged it is
    18.5 + the project's tax."""
    capex = np.array([[[100.0, 0.0, 50.0]]])
    inp = inputs(1, capex=capex, exemption={"property_tax": np.array([[[0.0, 1.0, 0.0]]])})
    out = run(inp, wage_bill=path(300, 300, 300), grp=path(1100, 1100, 1100), deflator=path(1.0, 1.1, 1.2))
    np.testing.assert_allclose(out.project_taxes["property_tax"][0, 0], [1.5, 0.0, 1.65], rtol=EXACT)
    np.testing.assert_allclose(out.local["property_tax"][0], [20.0, 18.5, 20.15], rtol=EXACT)


# ------------------------------------------------------------------------------------------ every region


@pytest.mark.parametrize(
    "region_id",
    [
        "abai", "akmola", "aktobe", "almaty_city", "almaty_region", "astana", "atyrau", "east_kazakhstan",
        "karaganda", "kostanai", "kyzylorda", "mangystau", "north_kazakhstan", "pavlodar", "shymkent",
        "turkistan", "ulytau", "west_kazakhstan", "zhambyl", "zhetisu",
    ],
)  # fmt: skip
def test_the_cit_base_is_a_sensible_share_of_value_added_in_every_region(region_id):
    """The surplus base in each region's calibration year (its latest local-budget year): GVA (GRP − net taxes)
    less the wage bill (employees × average monthly wage × 12, the model's) × 1.045 (2025 social tax, 9.5 − 5 %).
    For Kostanai 2025: GVA 6,081.0 − 112.9 ≈ 5,968 bn, wage bill ≈ 1,418 bn, S ≈ 4,486 bn, 75 % of GVA.
    Compensation of employees was 30.8 % of Kazakhstan's GDP in 2023 (BNS), so a surplus of 70 % of value added
    is what the national accounts imply; the bounds, 45 %-90 %, allow for the LFS wage bill missing the
    self-employed (more of them in farming regions) and for oil regions' high surplus (Atyrau ≈ 86 %)."""
    region = load_region(region_id)
    year = max(region.local_tax_revenue)
    gva = region.grp[year] - region.net_taxes[year]
    wage_bill = region.employees[year] * region.average_wage[year] * 12 / 1e6
    share = operating_surplus(np.array(gva), np.array(wage_bill), np.array(0.045)) / gva
    assert 0.45 < share < 0.90, (region_id, year, share)
