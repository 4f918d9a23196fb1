"""A small synthetic region (five industries) and scenario builders for model identity tests.

The numbers are invented but shaped like a real table (productive A, positive value added), so identities
can be checked quickly and independently of the shipped data.
"""

from __future__ import annotations

import numpy as np

from simulator.region import NationalTable, Region
from simulator.scenario.schema import Scenario

SECTORS = ("D01T03", "D28", "D29", "D41T43", "D45T47")
YEARS = range(2014, 2026)


def synthetic_region() -> Region:
    Z = np.array(
        [
            [100.0, 20.0, 10.0, 5.0, 10.0],
            [10.0, 50.0, 60.0, 40.0, 10.0],
            [5.0, 10.0, 80.0, 10.0, 20.0],
            [10.0, 5.0, 5.0, 30.0, 20.0],
            [40.0, 30.0, 40.0, 30.0, 50.0],
        ]
    )
    x = np.array([1000.0, 600.0, 800.0, 500.0, 900.0])
    value_added = x - Z.sum(axis=0) - np.array([100.0, 150.0, 300.0, 80.0, 60.0])  # minus imports
    scale = 5000.0  # million KZT: an economy of a few million workers earning about 300 thousand KZT a month
    Z, x = Z * scale, x * scale
    value_added = value_added * scale
    national = NationalTable(
        Z=Z,
        x=x,
        value_added=value_added,
        compensation=0.4 * value_added,
        employment=np.array([300_000.0, 60_000.0, 40_000.0, 80_000.0, 200_000.0]),
        household_consumption=np.array([200.0, 10.0, 50.0, 0.0, 300.0]) * scale,
        household_consumption_total=800.0 * scale,
        price_year=2015,
    )
    share = 0.05
    va_r = {y: value_added * share * 1.5 * (1.03 ** (y - 2014)) for y in YEARS}
    emp_n = {y: national.employment for y in YEARS}
    # published sections and volume indices: every section grows 3 % a year in volume, prices constant
    sections = {y: {"A": v[0], "C": v[1] + v[2], "F": v[3], "G": v[4]} for y, v in va_r.items()}
    volume = {y: {"A": 103.0, "IND": 103.0, "F": 103.0, "G": 103.0} for y in YEARS if y > YEARS[0]}
    emp_r = {y: national.employment * np.array([0.10, 0.04, 0.08, 0.03, 0.04]) for y in YEARS}
    return Region(
        id="synthetic",
        name="Synthetic",
        sectors=SECTORS,
        sector_labels=("Agriculture", "Machinery", "Motor vehicles", "Construction", "Trade"),
        national=national,
        value_added_by_sector=va_r,
        employment_by_sector=emp_r,
        national_value_added_by_sector={y: value_added for y in YEARS},
        national_employment_by_sector=emp_n,
        grp={y: float(va_r[y].sum() * 1.1) for y in YEARS},
        net_taxes={y: float(va_r[y].sum() * 0.1) for y in YEARS},
        grp_volume_index={y: 103.0 for y in YEARS},
        employed={y: float(emp_r[y].sum()) for y in YEARS},
        unemployed={y: float(emp_r[y].sum() * 0.05) for y in YEARS},
        labour_force={y: float(emp_r[y].sum() * 1.05) for y in YEARS},
        employees={y: float(emp_r[y].sum() * 0.75) for y in YEARS},
        population={y: 800_000.0 for y in YEARS},
        average_wage={y: 300_000.0 for y in YEARS},
        relative_wage_by_sector=np.array([0.6, 1.1, 1.3, 1.2, 0.9]),
        local_tax_revenue={
            y: {
                "pit": 5000.0,
                "social_tax": 4000.0,
                "cit": 2000.0,
                "property_tax": 1000.0,
                "land_tax": 500.0,
                "other": 1500.0,
            }
            for y in YEARS
        },
        tax_revenue_collected={y: 40000.0 for y in YEARS},
        sector_groups=("A", "C", "C", "F", "G"),
        value_added_by_section=sections,
        gva_volume_index_by_section=volume,
        national_value_added_by_section=sections,
        national_series={
            "gva_volume_index": volume,
            "employed": {y: float(national.employment.sum()) for y in YEARS},
            "labour_force": {y: float(national.employment.sum() * 1.05) for y in YEARS},
            "gdp_deflator": {y: 100.0 for y in YEARS},
        },
    )


def plant(**overrides) -> dict:
    project = {
        "id": "car_plant",
        "name": "Car plant",
        "kind": "plant",
        "sector": "D29",
        "investment": {
            "amount": {"value": 30.0, "unit": "billion KZT"},
            "schedule": {2024: 0.5, 2025: 0.5},
            "construction": {"share": 0.5, "local_share": 0.9},
            "domestic_equipment": {"share": 0.2, "local_share": 0.5},
            "imported_equipment": {"share": 0.3, "local_share": 0.1},
        },
        "production": {
            "start": "2025-10",
            "capacity": {"value": 10000, "unit": "cars/yr"},
            "unit_price": {"value": 10.0, "unit": "million KZT"},
            "ramp_up": {"shape": "linear", "years": 2},
        },
        "value_added_share": 0.2,
        "local_content": 0.3,
        "jobs": {"permanent": 1500, "construction_job_years": 400},
        "wage": {"relative_to_average": 1.3},
    }
    project.update(overrides)
    return project


def scenario(projects=(), targets=(), **overrides) -> Scenario:
    doc = {
        "name": "synthetic test",
        "region": "synthetic",
        "base_year": 2023,
        "horizon": {"start": 2024, "end": 2032},
        "projects": list(projects),
        "targets": list(targets),
    }
    doc.update(overrides)
    return Scenario.model_validate(doc)
