"""All 20 shipped regions of Kazakhstan: identities of the region data, names and codes, ``regsim regions``, and a
scenario without projects that runs for every region and starts from the published GRP.

The identities are exact up to float rounding: the build only redistributes published totals. The base-year
GRP is checked against the shipped region data, not golden numbers, since the model's baseline changes.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from simulator.cli import main
from simulator.region import BASE_YEAR_FIGURES, available_regions, load_region, resolve_region_id

#: id -> (BNS code, English name)
REGIONS = {
    "abai": ("ABY", "Abai Region"),
    "akmola": ("AKM", "Akmola Region"),
    "aktobe": ("AKT", "Aktobe Region"),
    "almaty_city": ("ALA", "Almaty (city)"),
    "almaty_region": ("ALM", "Almaty Region"),
    "astana": ("AST", "Astana (city)"),
    "atyrau": ("ATY", "Atyrau Region"),
    "karaganda": ("KRG", "Karaganda Region"),
    "kostanai": ("KST", "Kostanai Region"),
    "kyzylorda": ("KZL", "Kyzylorda Region"),
    "mangystau": ("MNG", "Mangystau Region"),
    "pavlodar": ("PVL", "Pavlodar Region"),
    "shymkent": ("SHM", "Shymkent (city)"),
    "north_kazakhstan": ("SKO", "North Kazakhstan Region"),
    "turkistan": ("TRK", "Turkistan Region"),
    "ulytau": ("ULT", "Ulytau Region"),
    "east_kazakhstan": ("VKO", "East Kazakhstan Region"),
    "zhambyl": ("ZHM", "Zhambyl Region"),
    "zhetisu": ("ZHT", "Zhetisu Region"),
    "west_kazakhstan": ("ZKO", "West Kazakhstan Region"),
}
NEW_2022 = {"abai", "zhetisu", "ulytau"}
BOUNDARY_CHANGE = {"almaty_region", "east_kazakhstan", "karaganda"}
STATUSES = {"sourced", "derived", "estimate"}
VOLUME_ITEMS = {"A", "B", "C", "D", "E", "F", "G", "H", "J", "L", "IND", "OTHER_SERVICES", "GDP"}
TAXES = {"pit", "social_tax", "cit", "property_tax", "land_tax", "other"}


def region_params():
    return pytest.mark.parametrize("region_id", sorted(REGIONS))


def test_the_20_regions_are_shipped():
    assert available_regions() == sorted(REGIONS)


@region_params()
def test_load_by_id_code_and_name(region_id):
    code, name = REGIONS[region_id]
    region = load_region(region_id)
    assert (region.id, region.code, region.name) == (region_id, code, name) and region.name_local
    for alias in (code, code.lower(), name, name.upper(), f"  {name} "):
        assert resolve_region_id(alias) == region_id, alias
        assert load_region(alias) is region, alias
    assert resolve_region_id("Atlantis") is None


@region_params()
def test_sections_plus_net_taxes_equal_grp(region_id):
    region = load_region(region_id)
    assert region.grp and set(region.value_added_by_section) == set(region.grp) == set(region.net_taxes)
    for year, grp in region.grp.items():
        total = sum(region.value_added_by_section[year].values()) + region.net_taxes[year]
        np.testing.assert_allclose(total, grp, rtol=1e-12, err_msg=f"{region_id} {year}")  # a float sum of ~20 figures
        assert region.status("grp", year) == "sourced"


@region_params()
def test_industries_sum_to_grp_less_net_taxes_and_to_employed(region_id):
    region = load_region(region_id)
    assert set(region.value_added_by_sector) == set(region.grp)
    for year, va in region.value_added_by_sector.items():
        assert va.shape == (36,) and np.all(np.isfinite(va)) and np.all(va >= 0)
        np.testing.assert_allclose(va.sum(), region.grp[year] - region.net_taxes[year], rtol=1e-12)
    assert set(region.employment_by_sector) == set(region.employed)
    for year, emp in region.employment_by_sector.items():
        assert np.all(np.isfinite(emp)) and np.all(emp >= 0)
        np.testing.assert_allclose(emp.sum(), region.employed[year], rtol=1e-12, err_msg=f"{region_id} {year}")
    for year, broad in region.employment_by_broad_sector.items():
        np.testing.assert_allclose(sum(broad.values()), region.employed[year], rtol=1e-12)


@region_params()
def test_every_row_has_a_status_and_a_source(region_id):
    region = load_region(region_id)
    assert set(region.statuses) <= set(region.provenance)
    for figure, rows in region.statuses.items():
        assert set(rows.values()) <= STATUSES, figure
        assert region.provenance[figure]["source"].strip(), figure
    from importlib import resources

    folder = resources.files("simulator").joinpath(f"data/regions/{region_id}")
    for name in ("series.csv", "by_industry.csv", "assumptions.csv"):
        for row in csv.DictReader(io.StringIO(folder.joinpath(name).read_text(encoding="utf-8"))):
            assert row["status"] in STATUSES, (name, row)
            if "source" in row:
                assert row["source"].strip(), (name, row)


@region_params()
def test_series_cover_the_years_the_model_needs(region_id):
    region = load_region(region_id)
    expected = range(2022, 2026) if region_id in NEW_2022 else range(2014, 2026)
    assert region.base_years() == tuple(expected)
    for figure in BASE_YEAR_FIGURES:
        assert set(expected) <= set(getattr(region, figure)), figure
    for year, taxes in region.local_tax_revenue.items():
        assert set(taxes) == TAXES and all(v > 0 for v in taxes.values())
        assert region.tax_revenue_collected[year] > sum(taxes.values())
    assert region.series_years["grp"] == (min(region.grp), max(region.grp))
    assert set(region.series_years) >= {
        "grp",
        "net_taxes",
        "value_added_by_section",
        "gva_volume_index",
        "employed",
        "local_tax_revenue",
        "average_wage",
    }
    assert (region.boundary_break == {"gva": 2021, "labour": 2022}) == (region_id in BOUNDARY_CHANGE)


@region_params()
def test_volume_indices_as_published(region_id):
    region = load_region(region_id)
    assert region.gva_volume_index_by_section
    for year, items in region.gva_volume_index_by_section.items():
        assert set(items) <= VOLUME_ITEMS and all(v >= 0 for v in items.values())
        if "GDP" in items and year in region.grp_volume_index:
            assert items["GDP"] == region.grp_volume_index[year]  # the README's check 2: 450904 GDP = 5926


def test_fills_are_marked_estimate():
    akmola = load_region("AKM")
    assert akmola.status("employed", 2015) == "estimate" and akmola.status("employed", 2016) == "sourced"
    assert akmola.employed[2015] == pytest.approx((akmola.employed[2014] + akmola.employed[2016]) / 2, rel=1e-12)
    assert akmola.status("average_wage", 2022) == "estimate"
    assert akmola.status("local_tax_revenue_total", 2025) == "estimate"
    ulytau = load_region("ULT")
    assert ulytau.status("employees", 2022) == "derived" and 2021 not in ulytau.employed
    kostanai = load_region("KST")
    assert kostanai.status("local_tax_revenue_total", 2025) == "sourced"
    assert kostanai.status("local_tax_revenue_total", 2014) == "estimate"
    assert sum(kostanai.local_tax_revenue[2025].values()) == pytest.approx(256_600.0, rel=1e-12)
    assert kostanai.average_wage[2022] == 249_547.0


def test_regsim_regions_lists_all_20(capsys):
    assert main(["regions"]) == 0
    out = capsys.readouterr().out
    for region_id, (code, name) in REGIONS.items():
        assert region_id in out and code in out and name in out
    assert main(["regions", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == sorted(REGIONS)
    by_id = {r["id"]: r for r in rows}
    assert by_id["abai"]["base years"] == "2022-2025" and by_id["akmola"]["base years"] == "2014-2025"
    assert by_id["turkistan"]["GVA vol. index"] == "2018-2025"
    assert by_id["karaganda"]["boundary break"] == "gva 2021,labour 2022"


SCENARIO = """\
name: "{name} without projects"
region: {region}
base_year: 2023
horizon: {{start: 2024, end: 2030}}
projects: []
targets: []
"""


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("regions")


@region_params()
def test_a_scenario_without_projects_runs_from_the_published_grp(region_id, scenario_dir):
    from simulator.api import simulate
    from simulator.variables import BY_KEY

    _, name = REGIONS[region_id]
    file = scenario_dir / f"{region_id}.yaml"
    file.write_text(SCENARIO.format(name=name, region=region_id), encoding="utf-8")
    results = simulate(file)
    assert results.region == region_id and results.base_year == 2023
    grp = results.central("grp")[results.year_index(2023)]
    published = load_region(region_id).grp[2023] * BY_KEY["grp"].scale
    assert grp == pytest.approx(published, rel=1e-9)  # a published year: the data, exactly
    assert np.all(np.isfinite(results.central("grp")))


@pytest.mark.parametrize("alias", ["KRG", "Karaganda Region", "karaganda region"])
def test_regsim_run_takes_a_code_or_a_name(alias, tmp_path):
    file = tmp_path / "scenario.yaml"
    file.write_text(SCENARIO.format(name="Karaganda", region=f'"{alias}"'), encoding="utf-8")
    assert main(["validate", str(file)]) == 0
    assert main(["run", str(file), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    assert (tmp_path / "run" / "results.csv").stat().st_size > 0


def test_an_unknown_region_name_is_reported(tmp_path, capsys):
    file = tmp_path / "scenario.yaml"
    file.write_text(SCENARIO.format(name="Nowhere", region="Kostanay Region"), encoding="utf-8")
    assert main(["validate", str(file)]) == 2
    err = capsys.readouterr().err
    assert "unknown region 'Kostanay Region'" in err and "regsim regions" in err
