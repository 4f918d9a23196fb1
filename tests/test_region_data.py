"""Shipped region data: shapes, identities, provenance, and that the build script reproduces the files.

Identities are exact up to float rounding (rtol 1e-12): the split only redistributes published totals.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from simulator.errors import InputError
from simulator.region import available_regions, load_region

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
SHIPPED = REPO / "simulator" / "data" / "regions"
YEARS = range(2014, 2026)
STATUSES = {"sourced", "derived", "estimate"}
N = 36


@pytest.fixture(scope="module")
def region():
    return load_region("kostanai")


def test_kostanai_is_shipped_and_cached(region):
    assert "kostanai" in available_regions() and "_kazakhstan" not in available_regions()
    assert load_region("kostanai") is region
    assert region.id == "kostanai" and region.base_year == 2025


def test_unknown_region_is_an_input_error():
    with pytest.raises(InputError, match="unknown region"):
        load_region("atlantis")


def test_national_table_shapes_and_values(region):
    t = region.national
    assert t.Z.shape == (N, N)
    for a in (t.x, t.value_added, t.compensation, t.employment, t.household_consumption):
        assert a.shape == (N,) and np.all(np.isfinite(a)) and np.all(a >= 0)
    assert t.price_year == 2015
    assert np.all(t.Z.sum(axis=0) <= t.x)  # domestic inputs never exceed output
    # OECD value added at 221.728 KZT/USD equals BNS GVA 2015 (38,783,900.4 mn KZT) to source rounding.
    # rtol 1e-5: 36 OECD entries rounded to 0.1 million USD may be off by 36 × 0.05 × 221.728 = 399 million KZT
    np.testing.assert_allclose(t.value_added.sum(), 38_783_900.4, rtol=1e-5)
    assert t.employment.sum() == 8_433_313.0  # whole persons: a float sum of integers is exact
    assert t.household_consumption.sum() < t.household_consumption_total < t.household_consumption_purchasers
    assert not t.Z.flags.writeable


def test_sector_axis_matches_sectors_csv(region):
    assert len(region.sectors) == N and region.sectors[0] == "D01T03" and region.sectors[-1] == "D97T98"
    assert region.sector_index("D29") == 17
    assert len(region.sector_labels) == N and len(region.sector_groups) == N


@pytest.mark.parametrize("year", YEARS)
def test_sector_arrays_are_finite_and_non_negative(region, year):
    for series in (
        region.value_added_by_sector,
        region.employment_by_sector,
        region.national_value_added_by_sector,
        region.national_employment_by_sector,
    ):
        a = series[year]
        assert a.shape == (N,) and np.all(np.isfinite(a)) and np.all(a >= 0)


@pytest.mark.parametrize("year", YEARS)
def test_industry_gva_sums_to_grp_minus_net_taxes(region, year):
    np.testing.assert_allclose(
        region.value_added_by_sector[year].sum(), region.grp[year] - region.net_taxes[year], rtol=1e-12
    )
    np.testing.assert_allclose(
        sum(region.value_added_by_section[year].values()), region.grp[year] - region.net_taxes[year], rtol=1e-12
    )


@pytest.mark.parametrize("year", YEARS)
def test_industry_split_sums_to_section_totals(region, year):
    sections = dict(region.value_added_by_section[year])
    sections["S"] += sections.pop("T", 0.0)  # before 2025 the regional S includes T
    va = region.value_added_by_sector[year]
    groups = {}
    for g, v in zip(region.sector_groups, va, strict=True):
        g = "R+S" if g == "T" else g
        groups[g] = groups.get(g, 0.0) + v
    for group, total in groups.items():
        expected = sum(sections[s] for s in group.split("+"))
        np.testing.assert_allclose(total, expected, rtol=1e-12, err_msg=f"{year} {group}")


@pytest.mark.parametrize("year", YEARS)
def test_national_industries_sum_to_sections_and_gva(region, year):
    va = region.national_value_added_by_sector[year]
    sections = region.national_value_added_by_section[year]
    np.testing.assert_allclose(sum(sections.values()), region.national_series["gva"][year], rtol=1e-12)
    np.testing.assert_allclose(va.sum(), region.national_series["gva"][year], rtol=1e-12)
    emp = region.national_employment_by_sector[year]
    np.testing.assert_allclose(emp.sum(), sum(region.national_employment_by_section[year].values()), rtol=1e-12)


@pytest.mark.parametrize("year", YEARS)
def test_employment_by_industry_sums_to_employed(region, year):
    emp = region.employment_by_sector[year]
    np.testing.assert_allclose(emp.sum(), region.employed[year], rtol=1e-12)
    np.testing.assert_allclose(sum(region.employment_by_broad_sector[year].values()), region.employed[year], rtol=1e-12)
    assert emp[region.sector_index("D01T03")] == pytest.approx(region.employment_by_broad_sector[year]["A"], rel=1e-12)


def test_labour_identities(region):
    for year in YEARS:
        assert region.labour_force[year] == pytest.approx(region.employed[year] + region.unemployed[year], abs=150)
        assert region.employees[year] < region.employed[year] < region.population[year]
    assert region.status("employed", 2015) == "estimate" and region.status("employed", 2016) == "sourced"


def test_manufacturing_keeps_the_known_industries_apart(region):
    va = region.value_added_by_sector[2023]
    c_total = region.value_added_by_section[2023]["C"]
    share = {c: va[region.sector_index(c)] / c_total for c in ("D29", "D10T12", "D28", "D24", "D19")}
    assert 0.2 < share["D29"] < 0.5  # about half of Kazakhstan's cars are made in Kostanai
    assert 0.15 < share["D10T12"] < 0.45
    assert share["D24"] < 0.05 and share["D19"] == 0.0  # no smelter, no refinery
    assert va[region.sector_index("D05T06")] == 0.0  # no oil or gas


def test_wages_and_taxes(region):
    assert region.average_wage[2022] == 249_547.0 and region.status("average_wage", 2022) == "sourced"
    assert region.status("average_wage", 2023) == "estimate"
    # Kostanai / Kazakhstan in 2022 (249,547 / 308,033 = 0.810, the same BNS table) × the national 2023 wage
    assert region.average_wage[2023] == pytest.approx(249_547 * 364_295 / 308_033, rel=1e-12)
    weights = region.national.employment
    assert np.dot(region.relative_wage_by_sector, weights) / weights.sum() == pytest.approx(1.0, rel=1e-12)
    for year in (2023, 2024, 2025):
        taxes = region.local_tax_revenue[year]
        assert set(taxes) == {"pit", "social_tax", "cit", "property_tax", "land_tax", "other"}
        assert all(v > 0 for v in taxes.values())
        assert region.tax_revenue_collected[year] > sum(taxes.values())
    assert sum(region.local_tax_revenue[2025].values()) == pytest.approx(256_600.0, rel=1e-12)


FIGURES = (
    "value_added_by_sector",
    "employment_by_sector",
    "national_value_added_by_sector",
    "national_employment_by_sector",
    "grp",
    "net_taxes",
    "grp_volume_index",
    "employed",
    "unemployed",
    "labour_force",
    "employees",
    "population",
    "average_wage",
    "relative_wage_by_sector",
    "local_tax_revenue",
    "tax_revenue_collected",
    "fixed_investment",
    "value_added_by_section",
    "employment_by_broad_sector",
    "national_value_added_by_section",
    "national_employment_by_section",
    "national.Z",
    "national.x",
    "national.value_added",
    "national.compensation",
    "national.employment",
    "national.household_consumption",
    "national.household_consumption_total",
)


@pytest.mark.parametrize("figure", FIGURES)
def test_every_figure_group_has_source_and_status(region, figure):
    entry = region.provenance[figure]
    assert entry["source"].strip() and entry["built_from"].strip()
    assert entry["status"] in STATUSES


def test_every_row_has_a_valid_status(region):
    assert set(region.statuses) <= set(region.provenance)
    for figure, rows in region.statuses.items():
        assert set(rows.values()) <= STATUSES, figure
    for name, row in region.assumptions.items():
        assert row["status"] in STATUSES and row["source"].strip(), name


def test_shipped_files_are_plain_text():
    suffixes = {p.suffix for p in SHIPPED.rglob("*") if p.is_file()}
    assert suffixes <= {".csv", ".yaml"}
    # 20 regions of about 140 kB each (series, by industry, metadata) and the national table
    assert sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file()) < 4_000_000


@pytest.mark.skipif(
    not SHARED.is_dir(),
    reason=f"the source data the region files are built from is not at {SHARED} (beside the project's checkout)",
)
def test_build_script_reproduces_shipped_files(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_region_data.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    shipped = sorted(p.relative_to(SHIPPED) for p in SHIPPED.rglob("*") if p.is_file())
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert built == shipped
    _, mismatch, errors = filecmp.cmpfiles(SHIPPED, tmp_path, [str(p) for p in shipped], shallow=False)
    assert mismatch == [] and errors == []
