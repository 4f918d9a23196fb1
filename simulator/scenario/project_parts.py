"""Building blocks of a project in the scenario language: production and its timing, investment, jobs,
wages and taxes. The projects themselves (plant, programme, sector change) are in :mod:`.schema`."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, FiniteFloat, field_validator, model_validator

from .fields import (
    Capacity,
    Money,
    MonthlyWage,
    Name,
    NonNegative,
    Positive,
    Price,
    Share,
    Strict,
    Text,
    Year,
    number,
)

_MONTH = re.compile(r"^(19|20|21)\d\d-(0[1-9]|1[0-2])$")


# --------------------------------------------------------------------------- production and its timing


class DelayedDate(Strict):
    """A start month with an uncertain delay: ``{date: 2025-10, delay_months: {dist: triangular, ...}}``."""

    date: str = Field(description="YYYY-MM")
    delay_months: number(ge=0, le=120) = 0.0

    @field_validator("date")
    @classmethod
    def _month(cls, v: str) -> str:
        if not _MONTH.match(v):
            raise ValueError(f"must be a month written YYYY-MM (got {v!r})")
        return v


def _check_month(v):
    if isinstance(v, str) and not _MONTH.match(v):
        raise ValueError(f"must be a month written YYYY-MM (got {v!r})")
    return v


StartMonth = Annotated[str, Field(description="YYYY-MM")] | DelayedDate


class LinearRamp(Strict):
    """Utilisation rises linearly from 0 at the start month to full after ``years``."""

    shape: Literal["linear"]
    years: number(gt=0, le=20)


class LogisticRamp(Strict):
    """Utilisation follows an S-curve: 5 % at the start month, 50 % at ``years``/2, 95 % at ``years``."""

    shape: Literal["logistic"]
    years: number(gt=0, le=20)


class TableRamp(Strict):
    """Utilisation by calendar year (share of capacity, carried forward after the last year given)."""

    shape: Literal["table"]
    utilisation: dict[int, Share]


RampUp = Annotated[LinearRamp | LogisticRamp | TableRamp, Field(discriminator="shape")]

#: hours at full power over the hours of a year, (0, 1]: needed with a capacity in kW, MW or GW (validate.py)
CapacityFactor = Annotated[
    number(gt=0, le=1) | None,
    Field(
        description="with a capacity in kW, MW or GW: the year's output over what it would make at full power all "
        "year (8,760 h); output in MWh/yr = MW x 8,760 x capacity_factor at full utilisation",
    ),
]


class Production(Strict):
    """When a plant starts, how much it can make, what a unit sells for, and how fast it ramps up."""

    start: StartMonth
    capacity: Capacity
    capacity_factor: CapacityFactor = None
    unit_price: Price = Field(
        description="ex-works price of one base unit of capacity (one car, one tonne, one MWh) in a money unit, "
        "or per unit of output (KZT/kWh, USD/MWh, thousand KZT/t)"
    )
    ramp_up: RampUp
    max_utilisation: Share = 1.0

    @field_validator("start")
    @classmethod
    def _start(cls, v):
        return _check_month(v)


class UnitProduction(Strict):
    """Production of one unit of a programme; it starts when the unit is commissioned."""

    capacity: Capacity
    capacity_factor: CapacityFactor = None
    unit_price: Price
    ramp_up: RampUp
    max_utilisation: Share = 1.0


# --------------------------------------------------------------------------- investment


class CapexPart(Strict):
    """One part of the investment: its share of the total and the share of it bought in the region."""

    share: Share
    local_share: Share


class BuildPeriod(Strict):
    start: Year
    end: Year

    @model_validator(mode="after")
    def _order(self) -> BuildPeriod:
        if self.end < self.start:
            raise ValueError(f"build period ends ({self.end}) before it starts ({self.start})")
        return self


class Investment(Strict):
    """Capital expenditure, when it is spent, and what it is spent on.

    Give either ``schedule`` (share of the amount spent in each year, summing to 1) or ``build_period``
    (spent evenly over the years from start to end). The three parts' shares sum to 1.
    """

    amount: Money
    schedule: dict[int, Share] | None = None
    build_period: BuildPeriod | None = None
    construction: CapexPart
    domestic_equipment: CapexPart
    imported_equipment: CapexPart

    @model_validator(mode="after")
    def _timing(self) -> Investment:
        if (self.schedule is None) == (self.build_period is None):
            raise ValueError("give exactly one of schedule or build_period")
        return self


class UnitInvestment(Strict):
    """Investment per unit of a programme, spent evenly over ``lead_years`` up to its commissioning year."""

    amount: Money
    lead_years: Annotated[int, Field(ge=1, le=10)] = 1
    construction: CapexPart
    domestic_equipment: CapexPart
    imported_equipment: CapexPart


# --------------------------------------------------------------------------- jobs, wages, taxes


class Jobs(Strict):
    """Permanent jobs at full production, and construction job-years over the whole build."""

    permanent: NonNegative
    construction_job_years: NonNegative = 0.0
    ramp: Literal["with_production", "at_start"] = Field(
        default="with_production",
        description="with_production: jobs follow utilisation; at_start: all jobs from the start month",
    )


class Wage(Strict):
    """The project's average wage: relative to the regional average, or an absolute monthly level."""

    relative_to_average: Positive | None = None
    absolute: MonthlyWage | None = None

    @model_validator(mode="after")
    def _one(self) -> Wage:
        if (self.relative_to_average is None) == (self.absolute is None):
            raise ValueError("give exactly one of relative_to_average or absolute")
        return self


TaxName = Literal["pit", "social_tax", "cit", "vat", "property_tax", "land_tax"]


class Exemption(Strict):
    """A share of one tax forgiven for the years ``start``..``end`` (inclusive; open-ended if no end)."""

    tax: TaxName
    share: Share = 1.0
    start: Year
    end: Year | None = None
    reason: Text = ""

    @model_validator(mode="after")
    def _order(self) -> Exemption:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"exemption ends ({self.end}) before it starts ({self.start})")
        return self


class ProjectTaxes(Strict):
    """Tax treatment. Large taxpayers pay corporate income tax to the republican budget; SMEs to the local one."""

    large_taxpayer: bool = True
    exemptions: list[Exemption] = Field(default_factory=list)


# --------------------------------------------------------------------------- supplier mixes and replaced lines

#: one industry's share of a project's local purchases: a plain number (the shares must sum to 1 in every draw,
#: so they are not distributions)
SupplierShare = Annotated[FiniteFloat, Field(ge=0, le=1)]
#: local purchases by industry code of the input-output table, shares summing to 1
SupplierMix = Annotated[
    dict[str, SupplierShare],
    Field(
        description="the project's local purchases by industry code (simulator/data/sectors.csv), shares summing "
        "to 1; without it the region's own (FLQ) input column of the project's industry is used",
        examples=[{"D35T39": 0.3, "D49T53": 0.4, "D45T47": 0.3}],
    ),
]
#: part of the local purchases bought from other projects of the scenario, by project id
FromProjects = Annotated[
    dict[str, SupplierShare],
    Field(
        description="share of the project's local purchases bought from another project of the scenario, by its "
        "id; part of the supplier_mix entry of that project's industry. Netted: already that project's output",
    ),
]


class Replaces(Strict):
    """An existing product line in the region whose output the project takes over from ``start`` on (e.g. a
    model moved from an older assembly line to the new plant). Its output (``volume`` at the project's unit
    price), value added, local purchases and jobs come off the project's own from ``start``, as far as the
    project makes that much (a plant that starts late leaves the rest of the line running): only the difference
    counts."""

    name: Name
    volume: NonNegative = Field(description="units of the project's capacity unit a year (e.g. cars/yr)")
    start: Year = Field(description="first calendar year the line's output is replaced (whole years)")
    value_added_share: Share
    local_content: Share = Field(description="share of the line's intermediate inputs bought in the region")
    jobs: NonNegative = Field(description="permanent jobs of the replaced line")
    wage: Wage | None = Field(default=None, description="default: the average wage of the project's industry")
    description: Text = ""
    source: Text = ""
