"""Cross-checks of a scenario that passed the schema: things no single field can know.

* ``region`` is a shipped region (skipped while no region data is installed);
* every project's ``sector`` is an industry code of the input-output table (``simulator/data/sectors.csv``);
* every year written in the scenario lies in ``1990`` .. ``horizon.end``: year keys of paths and parameters,
  investment schedules, build periods, commissioning schedules, ramp-up tables, sector-change and
  baseline-change factors, tax exemptions, production start months. Never after the horizon, but any year
  before the base year: a project may have started before it (the model runs it from the base year on, at the
  point of its ramp-up its own start gives), an exemption may have begun before it (it applies from the base
  year on; one that ended before it has no effect and is accepted as a fact of the contract), and a path's
  values before the base year are carried forward into it. 1990 only catches a mistyped year. A year after
  horizon.end that a parent (``extends``) wrote is not used rather than refused: a child may shorten the
  horizon (target years excepted);
* investment schedule shares sum to 1, and so do the shares of the three capex parts;
* a supplier mix names industry codes and its shares sum to 1; ``bought_from_projects`` names other projects of
  the scenario (or ones its ``extends`` chain dropped), needs a supplier mix, and each share fits inside the mix's
  entry for that project's industry; a replaced line starts inside the horizon and is no larger than the plant;
* targets fall inside the horizon and compare with an earlier year;
* the things an economist would call impossible: a ramp-up table with utilisation before production starts,
  a fractional number of farms commissioned, one tax exempted more than 100 % in a year, an amount in USD in a
  year the exchange rate does not reach back to.

Distributions take part through their central values. Every problem is reported, with its file and line.
"""

from __future__ import annotations

import csv
import difflib
from functools import cache
from importlib import resources

from .. import region as region_data
from ..errors import Problem
from ..units import CAPACITY_UNITS, MONEY_UNITS, WAGE_UNITS, is_power, split_price_unit
from .distributions import central, is_distribution, largest_magnitude
from .fields import Money, Price
from .parameters import parameter_specs
from .schema import Investment, Plant, Programme, Scenario, SectorChange, TableRamp, UnitInvestment
from .source_map import SourceMap

TOLERANCE = 1e-6
#: the earliest year a scenario may write anywhere (the schema's bound on a year field; a year key before it
#: is a typo): what happened before the base year is carried into it, so there is no later lower bound
FIRST_PARAMETER_YEAR = 1990

# Upper bounds on the magnitudes a scenario may state (docs/scenario-language.md, "Magnitudes"). Each is far
# beyond anything real, so no honest scenario meets it, and together they keep every quantity the model
# computes finite: with all of them and every parameter at its extreme, results stay below about 1e65 and their
# squares in the statistics below 1e130, where a float overflows at 1e308 (tests/test_bad_input.py). A
# distribution is bounded by the furthest its draws reach (Distribution.extent).
#: money (an investment, a unit price): 1e15 KZT is about eight times Kazakhstan's GDP of 2024 (~1.3e14 KZT);
#: 1e13 USD about forty times it
MAX_MONEY = {"KZT": 1e15, "USD": 1e13}
#: a monthly wage: 1e9 KZT a month is some 3,000 times Kostanai's average wage; relative to the average, 100 times
MAX_WAGE_KZT_PER_MONTH = 1e9
MAX_RELATIVE_WAGE = 100.0
#: production capacity, in base units a year (t, head, units, cars): ten times all the material humankind
#: extracts in a year (~1e11 t)
MAX_CAPACITY = 1e12
#: permanent jobs of one project (a programme: units x jobs per unit) without region data: about Kazakhstan's
#: labour force (9.6 million). With region data the bound is the region's labour force in the base year.
MAX_JOBS = 1e7
#: construction job-years of one project: the bound on jobs times the longest horizon (60 years)
MAX_JOB_YEARS_FACTOR = 60


@cache
def sector_codes() -> dict[str, str]:
    """Industry code -> label of the national input-output table, in table order."""
    text = resources.files("simulator").joinpath("data/sectors.csv").read_text(encoding="utf-8")
    return {row["code"]: row["label"] for row in csv.DictReader(text.splitlines())}


def check_scenario(scenario: Scenario, source_map: SourceMap, loaded_file: str | None = None) -> list[Problem]:
    """Every cross-check problem of a schema-valid scenario. ``loaded_file``: the file loaded (the child of an
    ``extends`` chain); years after horizon.end that its parents wrote are then not used, not refused."""
    checker = _Checker(scenario, source_map, loaded_file)
    checker.horizon()
    checker.region()
    checker.parameters()
    for i, change in enumerate(scenario.baseline_changes):
        checker.baseline_change(("baseline_changes", i), change)
    for i, project in enumerate(scenario.projects):
        checker.project(("projects", i), project)
    for j, target in enumerate(scenario.targets):
        checker.target(("targets", j), target)
    return checker.problems


class _Checker:
    def __init__(self, scenario: Scenario, source_map: SourceMap, loaded_file: str | None = None):
        self.s = scenario
        self.map = source_map
        self.loaded_file = loaded_file
        self.first, self.last = scenario.base_year, scenario.horizon.end
        self.problems: list[Problem] = []
        self.data = None  # the region's data, once the region is known to be shipped

    def add(self, path: tuple, message: str, key: bool = False) -> None:
        self.problems.append(self.map.problem(path, message, key=key))

    def year(
        self, path: tuple, year: int, what: str, key: bool = False, first: int | None = None, inherit: bool = True
    ) -> None:
        """``year`` must lie in ``first`` (default 1990, FIRST_PARAMETER_YEAR) .. horizon.end. A year after
        horizon.end written by a parent (``inherit``) is accepted: a child may shorten its parent's horizon, and
        the model never reads a year after its own horizon (a year carried forward from it has no effect)."""
        first = FIRST_PARAMETER_YEAR if first is None else first
        if first <= year <= self.last:
            return
        if inherit and year > self.last and self._inherited(path, key):
            return
        if first == self.s.horizon.start:
            why = "the horizon"
        elif year > self.last:
            why = "after horizon.end"
        else:
            why = f"no scenario year is before {first}"
        self.add(path, f"{what} {year} is outside {first}-{self.last} ({why})", key=key)

    def _inherited(self, path: tuple, key: bool) -> bool:
        """Whether ``path`` was written by a parent of the loaded file, not by the file itself."""
        loc = self.map.locate(path, key=key)
        return self.loaded_file is not None and loc is not None and loc.file != self.loaded_file

    def year_keys(self, path: tuple, mapping: dict, what: str, first: int | None = None) -> None:
        if not mapping:
            self.add(path, "empty: give at least one year: value")
        for year in mapping:
            self.year((*path, year), year, f"{what} year", key=True, first=first)

    # ------------------------------------------------------------------------------------------ top level

    def horizon(self) -> None:
        if self.s.horizon.start != self.s.base_year + 1:
            self.add(
                ("horizon", "start"),
                f"must be the year after base_year ({self.s.base_year + 1}), got {self.s.horizon.start}",
            )

    def region(self) -> None:
        """A shipped region, named by its id, BNS code or English name (``regsim regions`` lists them)."""
        known = region_data.available_regions()
        region_id = region_data.resolve_region_id(self.s.region) if known else None
        if known and region_id is None:
            close = difflib.get_close_matches(self.s.region, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            self.add(
                ("region",),
                f"unknown region {self.s.region!r} ({hint}shipped regions, by id, code or name as `regsim "
                f"regions` lists them: {', '.join(known)})",
            )
        elif known:
            self.data = region_data.load_region(region_id)
            self.base_year(self.data)

    def base_year(self, region) -> None:
        """The base year is observed: the model starts from the region's figures of that year."""
        years = region.base_years()
        if self.s.base_year in years:
            return
        if not years:
            have = "no year with all of them"
        elif list(years) == list(range(years[0], years[-1] + 1)):
            have = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        else:
            have = ", ".join(map(str, years))
        self.add(
            ("base_year",),
            f"{region.name} has no data for {self.s.base_year}: the base year must be an observed year, one for "
            f"which the region's data give the GRP, employment, wages and taxes the model starts from ({have})",
        )

    def parameters(self) -> None:
        for name in type(self.s.parameters).model_fields:
            value = getattr(self.s.parameters, name)
            if isinstance(value, dict):
                self.year_keys(("parameters", name), value, f"parameters.{name}")
        self.social_tax_offset()

    def _parameter_at(self, name: str, year: int) -> tuple[object, tuple | None]:
        """(value, path written in the scenario or None for the shipped default) of a parameter in ``year``, as
        the model lays an override over the default (model/inputs.merged_parameter: default years before the
        override's first year kept; a plain number from the year after the base year) and carries it forward."""
        default, override = parameter_specs()[name].default, getattr(self.s.parameters, name, None)
        path: dict = {y: (v, None) for y, v in default.items()} if isinstance(default, dict) else {0: (default, None)}
        if isinstance(override, dict):
            path = {y: v for y, v in path.items() if y < min(override)}
            path.update({y: (v, ("parameters", name, y)) for y, v in override.items()})
        elif override is not None:
            path = {y: v for y, v in path.items() if y <= self.first}
            path[self.first + 1] = (override, ("parameters", name))
        keys = sorted(path)
        return path[max([k for k in keys if k <= year], default=keys[0])]

    def social_tax_offset(self) -> None:
        """The employer's social contributions are deducted from the social tax, so the offset may not exceed
        the rate in any year or draw: rate − offset < 0 is a negative tax on wages (a zero rate with the
        2023-2025 offset gave negative social tax on the projects' wages and left the region's unchanged)."""
        for year in range(self.first, self.last + 1):
            rate, rate_path = self._parameter_at("social_tax_rate", year)
            offset, offset_path = self._parameter_at("social_contribution_offset", year)
            lowest_rate = rate.extent()[0] if is_distribution(rate) else rate
            highest_offset = offset.extent()[1] if is_distribution(offset) else offset
            if highest_offset > lowest_rate:
                where = offset_path or rate_path or ("parameters",)
                self.add(
                    where,
                    f"social_contribution_offset ({highest_offset:g}) exceeds social_tax_rate ({lowest_rate:g}) in "
                    f"{year}: the contributions are deducted from the social tax, so the offset can be at most the "
                    "rate; lower the offset for those years too (e.g. social_contribution_offset: 0)",
                )
                return

    # ------------------------------------------------------------------------------------------ projects

    def sector(self, path: tuple, code: str, key: bool = False) -> None:
        codes = sector_codes()
        if code not in codes:
            close = difflib.get_close_matches(code, list(codes), n=3, cutoff=0.65)
            hint = f"; did you mean {' or '.join(f'{c} ({codes[c]})' for c in close)}?" if close else ""
            self.add(path, f"unknown sector {code!r}: not an industry code of the input-output table{hint}", key=key)

    def baseline_change(self, path: tuple, change) -> None:
        self.sector((*path, "sector"), change.sector)
        self.year_keys((*path, "factor"), change.factor, "factor")

    def project(self, path: tuple, p) -> None:
        self.sector((*path, "sector"), p.sector)
        if p.investment is not None:
            self.investment((*path, "investment"), p.investment)
        if isinstance(p, (Plant, Programme)):
            if isinstance(p.local_content, dict) and not is_distribution(p.local_content):
                self.year_keys((*path, "local_content"), p.local_content, "local_content")
            self.money((*path, "production", "unit_price"), p.production.unit_price)
            self.production_units((*path, "production"), p.production)
            self.supplier_mix(path, p)
        if isinstance(p, Plant):
            self.plant(path, p)
        elif isinstance(p, Programme):
            self.programme(path, p)
        elif isinstance(p, SectorChange):
            self.year_keys((*path, "factor"), p.factor, "factor")
        if p.wage is not None and p.wage.absolute is not None:
            self.money_year((*path, "wage", "absolute", "year"), p.wage.absolute.year)
        self.exemptions((*path, "taxes", "exemptions"), p.taxes.exemptions)
        self.magnitudes(path, p)

    def production_units(self, path: tuple, production) -> None:
        """A power capacity has a capacity factor (and nothing else has one); a price per unit of output is per
        a unit of what the capacity makes (energy for a power)."""
        unit = production.capacity.unit
        _, base = CAPACITY_UNITS[unit]
        if is_power(unit) and production.capacity_factor is None:
            self.add(
                (*path, "capacity", "unit"),
                f"a capacity in {unit} needs production.capacity_factor: the year's output over what {unit} would "
                "make at full power all year (8,760 h), in (0, 1]",
            )
        if not is_power(unit) and production.capacity_factor is not None:
            self.add(
                (*path, "capacity_factor"),
                f"capacity_factor is for a capacity in kW, MW or GW; a capacity in {unit} already states the "
                "output a year",
                key=True,
            )
        price = production.unit_price.unit
        money, _, per = split_price_unit(price)
        if per is None and is_power(unit):
            self.add(
                (*path, "unit_price", "unit"),
                f"a capacity in {unit} makes energy: give the price per unit of energy, e.g. {money}/kWh or "
                f"{money}/MWh (got {price})",
            )
        elif per is not None and per != base:
            self.add(
                (*path, "unit_price", "unit"),
                f"a price per {price.partition('/')[2]} does not fit a capacity in {unit}, which makes {base}: give "
                f"the price per unit of {base} (e.g. {money}/{base}) or in {money} for one {base}",
            )

    def supplier_mix(self, path: tuple, p: Plant | Programme) -> None:
        """Codes and sum of ``supplier_mix``; ids and shares of ``bought_from_projects``."""
        mix = p.supplier_mix
        if mix is not None:
            for code in mix:
                self.sector((*path, "supplier_mix", code), code, key=True)
            total = sum(mix.values())
            if abs(total - 1.0) > TOLERANCE:
                self.add((*path, "supplier_mix"), f"shares sum to {total:g}, not 1 (within {TOLERANCE:g})", key=True)
        if not p.bought_from_projects:
            return
        where = (*path, "bought_from_projects")
        if mix is None:
            self.add(where, "needs a supplier_mix: the shares bought from projects are part of its entries", key=True)
        sectors = {q.id: q.sector for q in self.s.projects}
        for other, share in p.bought_from_projects.items():
            at = (*where, other)
            if other == p.id:
                self.add(at, "a project does not buy from itself", key=True)
            elif other in sectors:
                entry = (mix or {}).get(sectors[other], 0.0)
                if mix is not None and share > entry + TOLERANCE:
                    self.add(
                        at,
                        f"share {share:g} exceeds the supplier_mix entry of {other}'s industry {sectors[other]} "
                        f"({entry:g}): purchases from a project are part of its industry's entry",
                    )
            elif other not in self.map.dropped_projects:
                close = difflib.get_close_matches(other, list(sectors), n=3, cutoff=0.6)
                hint = f"; did you mean {' or '.join(close)}?" if close else ""
                self.add(at, f"unknown project {other!r}: not a project of this scenario{hint}", key=True)
        total = sum(p.bought_from_projects.values())
        if total > 1.0 + TOLERANCE:
            self.add(where, f"shares sum to {total:g}, more than all local purchases (1)", key=True)

    def replaces(self, path: tuple, p: Plant) -> None:
        """A replaced line starts inside the years a scenario may write and is no larger than the plant."""
        line = p.replaces
        self.year((*path, "replaces", "start"), line.start, "replaces start year")
        capacity = central(p.production.capacity.value) * central(p.production.max_utilisation)
        if central(line.volume) > capacity * (1.0 + TOLERANCE):
            self.add(
                (*path, "replaces", "volume"),
                f"the replaced line ({central(line.volume):g} {p.production.capacity.unit}) is larger than the "
                f"plant can make ({capacity:g}): only output the project makes can replace a line",
            )

    # ------------------------------------------------------------------------------------------ magnitudes

    def magnitudes(self, path: tuple, p) -> None:
        """Money, capacity, wages and jobs within the bounds above (MAX_...)."""
        finite = "far beyond any real project, and the bound keeps every model quantity finite"
        for part, money in (("investment", "amount"), ("production", "unit_price")):
            holder = getattr(p, part, None)
            if holder is not None:
                self.money_magnitude((*path, part, money), getattr(holder, money), finite)
        if isinstance(p, (Plant, Programme)):
            capacity = p.production.capacity
            factor, base = CAPACITY_UNITS[capacity.unit]
            self.cap(
                (*path, "production", "capacity", "value"),
                capacity.value,
                MAX_CAPACITY / factor,
                f" {capacity.unit}",
                f"{MAX_CAPACITY:g} {base} a year is {finite} (humankind extracts some 1e11 t of material a year)",
            )
        if p.wage is not None and p.wage.relative_to_average is not None:
            self.cap(
                (*path, "wage", "relative_to_average"),
                p.wage.relative_to_average,
                MAX_RELATIVE_WAGE,
                "",
                f"{MAX_RELATIVE_WAGE:g} times the regional average wage is {finite}",
            )
        if p.wage is not None and p.wage.absolute is not None:
            wage = p.wage.absolute
            self.cap(
                (*path, "wage", "absolute", "value"),
                wage.value,
                MAX_WAGE_KZT_PER_MONTH / WAGE_UNITS[wage.unit],
                f" {wage.unit}",
                f"{MAX_WAGE_KZT_PER_MONTH:g} KZT a month is thousands of times the average wage, {finite}",
            )
        if p.jobs is not None:
            jobs, whose = self.max_jobs()
            if isinstance(p, Programme):
                limit, unit = jobs / p.units, " per unit"
                why = f"{p.units} units employ no more than {whose} ({jobs:g})"
            else:
                limit, unit, why = jobs, "", f"no project employs more than {whose}"
            self.cap((*path, "jobs", "permanent"), p.jobs.permanent, limit, unit, why)
            self.cap(
                (*path, "jobs", "construction_job_years"),
                p.jobs.construction_job_years,
                jobs * MAX_JOB_YEARS_FACTOR,
                "",
                f"that would be {whose} building for {MAX_JOB_YEARS_FACTOR} years",
            )

    def max_jobs(self) -> tuple[float, str]:
        """The bound on one project's permanent jobs, and whose labour force it is."""
        force = None if self.data is None else self.data.labour_force.get(self.s.base_year)
        if force is None:
            return MAX_JOBS, "about Kazakhstan's whole labour force"
        return float(force), f"{self.data.name}'s whole labour force in {self.s.base_year}"

    def money_magnitude(self, path: tuple, money: Money | Price, finite: str) -> None:
        """An amount, or a price per base unit of the capacity, at most MAX_MONEY (a price per kWh at most a
        thousandth of it, since a MWh is a thousand kWh)."""
        written, per_base, base = split_price_unit(money.unit)
        factor, currency = MONEY_UNITS[written]
        gdp = {"KZT": "eight", "USD": "forty"}[currency]
        why = f"{MAX_MONEY[currency]:g} {currency}{f' per {base}' if base else ''} is about {gdp} times Kazakhstan's "
        why += f"yearly GDP, {finite}"
        self.cap((*path, "value"), money.value, MAX_MONEY[currency] / (factor * per_base), f" {money.unit}", why)

    def cap(self, path: tuple, value, limit: float, unit: str, why: str) -> None:
        """``value`` (a number, or every draw of a distribution) at most ``limit`` (in ``unit``), since ``why``."""
        reach = largest_magnitude(value)
        if reach <= limit:
            return
        got = f"{reach:g}" if not is_distribution(value) else f"a distribution whose draws reach {reach:g}"
        self.add(path, f"must be at most {limit:g}{unit} (got {got}): {why}")

    def plant(self, path: tuple, p: Plant) -> None:
        if p.replaces is not None:
            self.replaces(path, p)
        start = p.production.start
        start_path = (*path, "production", "start")
        if not isinstance(start, str):
            start, start_path = start.date, (*start_path, "date")
        start_year = int(start[:4])
        self.year(start_path, start_year, "production start year")
        ramp = p.production.ramp_up
        if isinstance(ramp, TableRamp):
            table = (*path, "production", "ramp_up", "utilisation")
            self.year_keys(table, ramp.utilisation, "ramp_up utilisation")
            for year in ramp.utilisation:
                if year < start_year and central(ramp.utilisation[year]) > 0:
                    message = f"utilisation in {year}, before production starts ({start})"
                    written = self.map.locate((*table, year), key=True), self.map.locate(start_path)
                    if written[0] is not None and written[1] is not None and written[0].file != written[1].file:
                        # the start moved in a child of the file holding the table (docs/scenario-language.md)
                        message += (
                            f"; the table is {written[0].file}'s: move its years too, remove them ({year}: ~), "
                            "write another ramp_up, or write a delay (start: {date, delay_months}) that moves it"
                        )
                    self.add((*table, year), message, key=True)

    def programme(self, path: tuple, p: Programme) -> None:
        self.year_keys((*path, "commissioning"), p.commissioning, "commissioning")
        for year, count in p.commissioning.items():
            if is_distribution(count):  # its draws would add up to other totals than units (9-19 farms for 14)
                self.add(
                    (*path, "commissioning", year),
                    f"units are commissioned whole and add up to units={p.units}: write a whole number, not a "
                    "distribution (uncertain timing goes in delay_months)",
                )
            elif count != int(count):
                self.add((*path, "commissioning", year), f"units are commissioned whole (got {count:g})")
        ramp = p.production.ramp_up
        if isinstance(ramp, TableRamp):
            self.year_keys((*path, "production", "ramp_up", "utilisation"), ramp.utilisation, "ramp_up utilisation")

    def investment(self, path: tuple, inv: Investment | UnitInvestment) -> None:
        self.money((*path, "amount"), inv.amount)
        parts = {name: central(getattr(inv, name).share) for name in _PARTS}
        total = sum(parts.values())
        if abs(total - 1) > TOLERANCE:
            shown = " + ".join(f"{v:g}" for v in parts.values())
            self.add(path, f"shares of {', '.join(_PARTS)} must sum to 1 (got {shown} = {total:g})")
        if isinstance(inv, Investment) and inv.schedule is not None:
            # spending before the base year is recorded with its share of the whole (the model does not run
            # those years; the construction part still enters the buildings' book value)
            self.year_keys((*path, "schedule"), inv.schedule, "investment schedule")
            spent = sum(central(v) for v in inv.schedule.values())
            if inv.schedule and abs(spent - 1) > TOLERANCE:
                self.add((*path, "schedule"), f"schedule shares must sum to 1 (got {spent:g})")
        if isinstance(inv, Investment) and inv.build_period is not None:
            self.year((*path, "build_period", "start"), inv.build_period.start, "build_period start")
            self.year((*path, "build_period", "end"), inv.build_period.end, "build_period end")

    def exemptions(self, path: tuple, exemptions: list) -> None:
        # an exemption that began before the base year applies from the base year on; one that ended before it
        # has no effect on the modelled years, and is accepted (it is a fact of the contract, like spending
        # before the base year)
        for k, ex in enumerate(exemptions):
            self.year((*path, k, "start"), ex.start, "exemption start year")
        for tax in sorted({ex.tax for ex in exemptions}):
            for year in range(self.first, self.last + 1):
                covering = [
                    k
                    for k, ex in enumerate(exemptions)
                    if ex.tax == tax and ex.start <= year and (ex.end is None or year <= ex.end)
                ]
                share = sum(central(exemptions[k].share) for k in covering)
                if share > 1 + TOLERANCE:
                    self.add((*path, covering[-1]), f"{tax} exempted by {share:g} (> 100 %) in {year}")
                    break

    def money(self, path: tuple, money: Money | Price) -> None:
        self.money_year((*path, "year"), money.year)
        if MONEY_UNITS[split_price_unit(money.unit)[0]][1] != "USD":
            return
        year = self.first if money.year is None else money.year
        first_rate = self._first_exchange_rate_year()
        if first_rate is not None and year < first_rate:
            self.add(
                path,
                f"an amount in {money.unit} of {year} needs the exchange rate of {year}, but exchange_rate "
                f"starts in {first_rate}; give parameters.exchange_rate for {year}",
            )

    def money_year(self, path: tuple, year: int | None) -> None:
        if year is not None and year > self.last:
            self.add(path, f"prices of {year} are after horizon.end ({self.last})")

    def _first_exchange_rate_year(self) -> int | None:
        """First year the exchange-rate path states (None: one rate for every year).

        Mirrors how an override is laid over the shipped default path: default years before the override's
        first year are kept; a plain number overrides from the year after the base year.
        """
        default = parameter_specs()["exchange_rate"].default
        override = self.s.parameters.exchange_rate or None  # an empty path is reported elsewhere
        if not isinstance(default, dict):
            return min(override) if isinstance(override, dict) else None
        if override is None:
            years = list(default)
        elif isinstance(override, dict):
            years = [y for y in default if y < min(override)] + list(override)
        else:
            years = [y for y in default if y <= self.first] + [self.first + 1]
        return min(years, default=None)

    # ------------------------------------------------------------------------------------------ targets

    def target(self, path: tuple, t) -> None:
        # a target after the horizon cannot be judged, whoever wrote it: a child drops it (``drop: true``)
        self.year((*path, "year"), t.year, "target year", first=self.s.horizon.start, inherit=False)
        if t.kind == "level" or t.relative_to == "baseline":
            return
        base = self.s.base_year if t.base_year is None else t.base_year
        where = (*path, "base_year") if t.base_year is not None else (*path, "year")
        if base >= t.year:
            self.add(where, f"a {t.kind} target compares year {t.year} with an earlier base year (got {base})")
        elif base < self.s.base_year and self.data is not None and not _published(self.data, t.variable, base):
            self.add(
                where,
                f"the target's reference year {base} is before base_year {self.s.base_year}, so it is read from the "
                f"region's published figures, and {self.data.name} has no {t.variable} for {base}",
            )


def _published(region, variable: str, year: int) -> bool:
    """Whether the region's data give ``variable`` (a target variable) in ``year`` (real GRP also needs the
    GRP volume index from that year to the base year; checked by the model's chaining)."""
    series = {
        "grp": region.grp,
        "average_wage": region.average_wage,
        "budget_revenue_local": region.local_tax_revenue,
        "tax_revenue_collected": region.tax_revenue_collected,
        "employment": region.employed,
    }[variable]
    return year in series


_PARTS = ("construction", "domestic_equipment", "imported_equipment")
