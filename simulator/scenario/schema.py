"""The scenario language: what a scenario YAML file may contain, as strict pydantic models.

A scenario names a region (shipped data), a base year and a horizon, overrides model parameters, lists
investment projects and declares targets. The models here check types, units, ranges and keys of a single
(already merged) document; cross-checks that need the region's data (sector codes) or the whole document
(year keys inside the horizon) run in :func:`simulator.scenario.validate.check_scenario`.

Docs for users: ``docs/scenario-language.md``. JSON Schema: ``regsim schema``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .distributions import central
from .fields import (
    MAX_PATH,
    Label,
    Name,
    NonNegative,
    Positive,
    Share,
    ShareOrPath,
    Strict,
    Text,
    Year,
    number,
    path,
)
from .parameters import Parameters
from .project_parts import (
    BuildPeriod,
    CapexPart,
    DelayedDate,
    Exemption,
    FromProjects,
    Investment,
    Jobs,
    LinearRamp,
    LogisticRamp,
    Production,
    ProjectTaxes,
    Replaces,
    SupplierMix,
    TableRamp,
    UnitInvestment,
    UnitProduction,
    Wage,
)
from .targets import check_target_unit

#: the path of a parent scenario
ExtendsPath = Annotated[str, Field(max_length=MAX_PATH)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
#: a shipped region by its id, BNS code or English name, any case (simulator.region.resolve_region_id)
RegionName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="a shipped region: its id (kostanai), BNS code (KST) or English name (Kostanai Region), "
        "in any case; `regsim regions` lists them",
        examples=["kostanai", "KST", "Kostanai Region"],
    ),
]


# --------------------------------------------------------------------------- projects


class _ProjectBase(Strict):
    id: Identifier
    name: Name
    sector: Label = Field(description="industry code of the region's input-output table, e.g. D29")
    description: Text = ""
    source: Text = ""


class Plant(_ProjectBase):
    """A single plant: build, start, ramp up, produce."""

    kind: Literal["plant"]
    investment: Investment | None = None
    production: Production
    value_added_share: Share
    local_content: ShareOrPath = Field(description="share of intermediate inputs bought in the region")
    supplier_mix: SupplierMix | None = None
    bought_from_projects: FromProjects = Field(default_factory=dict)
    replaces: Replaces | None = None
    jobs: Jobs
    wage: Wage
    taxes: ProjectTaxes = Field(default_factory=ProjectTaxes)


class Programme(_ProjectBase):
    """N identical units (farms, complexes) commissioned on a schedule; figures are per unit."""

    kind: Literal["programme"]
    units: Annotated[int, Field(ge=1, le=100000)]
    commissioning: dict[int, NonNegative] = Field(description="units commissioned in each year")
    commissioning_month: Annotated[int, Field(ge=1, le=12)] = 7
    delay_months: number(ge=0, le=120) = 0.0
    investment: UnitInvestment | None = None
    production: UnitProduction
    value_added_share: Share
    local_content: ShareOrPath
    supplier_mix: SupplierMix | None = None
    bought_from_projects: FromProjects = Field(default_factory=dict)
    jobs: Jobs
    wage: Wage
    taxes: ProjectTaxes = Field(default_factory=ProjectTaxes)

    @model_validator(mode="after")
    def _count(self) -> Programme:
        total = sum(central(v) for v in self.commissioning.values())
        if abs(total - self.units) > 1e-9:
            raise ValueError(f"commissioning schedule adds up to {total:g} units, not units={self.units}")
        return self


class SectorChange(_ProjectBase):
    """A change in part of a sector's output relative to baseline (e.g. milk and meat x1.4 over three years).

    ``factor`` multiplies the affected part of the sector's baseline output; it is 1 before its first year,
    interpolated linearly between the years given and carried forward after the last. Value added, inputs,
    jobs and wages of the extra output follow the sector's own regional coefficients unless given.
    """

    kind: Literal["sector_change"]
    affected_share: Share = Field(description="share of the sector's output the programme acts on")
    factor: dict[int, number(gt=0, le=20)]
    investment: Investment | None = None
    jobs: Jobs | None = None
    wage: Wage | None = None
    taxes: ProjectTaxes = Field(default_factory=ProjectTaxes)


Project = Annotated[Plant | Programme | SectorChange, Field(discriminator="kind")]


class BaselineChange(Strict):
    """A change in the region's path *without* projects, e.g. the harvest weather: part of a sector's baseline
    output scaled by a factor path (1 before its first year, interpolated between the years given, carried
    forward after the last). It moves the baseline and the scenario alike, so it never counts as a project
    effect; the base year itself is observed data and is never changed."""

    id: Identifier
    name: Name
    sector: Label = Field(description="industry code of the region's input-output table, e.g. D01T03")
    description: Text = ""
    source: Text = ""
    affected_share: Share = Field(description="share of the sector's output the change acts on")
    factor: dict[int, number(gt=0, le=20)]


# --------------------------------------------------------------------------- targets


TargetVariable = Literal["grp", "average_wage", "budget_revenue_local", "tax_revenue_collected", "employment"]


class Target(Strict):
    """An announced target, e.g. GRP doubled (ratio 2 to the base year) by 2030 in real terms.

    kind ``ratio``: value(year) / value(base_year) >= value. kind ``increase``: value(year) - value(base_year)
    >= value (with unit). kind ``level``: value(year) >= value (with unit). ``relative_to: baseline`` compares
    with the baseline run in the same year instead of the base year (what the projects add).
    """

    id: Identifier
    name: Label = ""
    variable: TargetVariable
    kind: Literal["ratio", "increase", "level"]
    value: Positive
    unit: Label | None = Field(default=None, description="unit of value for increase and level targets")
    year: Year
    base_year: Year | None = None
    relative_to: Literal["base_year", "baseline"] = "base_year"
    basis: Literal["nominal", "real"] | None = Field(
        default=None, description="nominal or real; required for money and wage targets, not for employment"
    )
    source: Text = ""
    note: Text = Field(
        default="",
        description="what a reader needs to judge the verdict (scope, price year of the amount, gross or net); "
        "printed beside it in the report",
    )

    @model_validator(mode="after")
    def _unit(self) -> Target:
        check_target_unit(self)
        if self.basis is None and self.variable != "employment":
            raise ValueError(f"a {self.variable} target needs basis: nominal or real")
        return self


# --------------------------------------------------------------------------- the scenario


class Horizon(Strict):
    """First and last projected year."""

    start: Year
    end: Year

    @model_validator(mode="after")
    def _order(self) -> Horizon:
        if self.end < self.start:
            raise ValueError(f"horizon ends ({self.end}) before it starts ({self.start})")
        if self.end - self.start > 60:
            raise ValueError("horizon longer than 60 years")
        return self


class Scenario(Strict):
    """A complete (merged) scenario."""

    name: Name
    description: Text = ""
    extends: ExtendsPath | None = Field(default=None, description="path of a parent scenario, relative to this file")
    region: RegionName
    base_year: Year
    horizon: Horizon
    parameters: Parameters = Field(default_factory=Parameters)
    baseline_changes: list[BaselineChange] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        for what, items in (
            ("baseline change", self.baseline_changes),
            ("project", self.projects),
            ("target", self.targets),
        ):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"duplicate {what} id {item.id!r}")
                seen.add(item.id)
        return self


__all__ = [
    "BaselineChange",
    "BuildPeriod",
    "CapexPart",
    "DelayedDate",
    "Exemption",
    "Horizon",
    "Investment",
    "Jobs",
    "LinearRamp",
    "LogisticRamp",
    "Plant",
    "Production",
    "Programme",
    "Project",
    "ProjectTaxes",
    "Replaces",
    "Scenario",
    "SectorChange",
    "TableRamp",
    "Target",
    "UnitInvestment",
    "UnitProduction",
    "Wage",
    "path",
]
