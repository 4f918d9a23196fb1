"""`regsim multipliers`: a region's input–output multiplier table by industry, national beside regional.

Glue only: the numbers come from :func:`simulator.multipliers.multiplier_table`; definitions and choices are in
docs/multipliers.md. By default the table is the one the simulation model uses: location quotients on the
scenario's base-year employment (``--scenario``), or on :data:`DEFAULT_YEAR`'s, the shipped scenarios' base year.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import region as region_data
from ..errors import InputError, Problem

if TYPE_CHECKING:
    from ..multipliers import MultiplierTable

DEFAULT_REGION = "kostanai"
#: employment year of the location quotients without --scenario: the base year of the shipped Kostanai scenarios
#: (scenarios/kostanai/baseline.yaml), on which the model regionalises the table (tests/test_multipliers.py)
DEFAULT_YEAR = 2023
DEFAULT_DELTA = 0.3
#: flq_delta's min and max in simulator/data/parameters.yaml (read here without loading the schema at start-up)
DELTA_BOUNDS = (0.0, 1.0)
DEFAULT_PROPENSITY = 0.7

DESCRIPTION = """\
Final-demand multipliers: total effect per unit of final demand for the industry's output
(output, value added and wages in KZT per KZT; jobs in persons per million KZT at the national
table's prices). Direct-effect multipliers: total effect / the industry's own direct effect.
Type I: direct + indirect; Type II: + induced by household spending (RIMS II multipliers are Type II).
Regional coefficients: national table regionalised with Flegg's location quotient (FLQ) on one year's
employment by industry. As in the simulation model, that year is the scenario's base year (--scenario,
which also sets the region, delta and propensity to the scenario's central values), else 2023, the base year
of the shipped Kostanai scenarios."""

#: measure (:data:`simulator.multipliers.MEASURES`, in its order) -> its CSV column
CSV_COLUMNS = {
    "output": "output",
    "value_added": "value_added",
    "wages": "wages",
    "jobs": "jobs_per_million_kzt",
}


def add_arguments(parser) -> None:
    parser.description = (parser.description or "") + "\n\n" + DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--scenario",
        type=Path,
        default=None,
        metavar="FILE",
        help="show the multipliers a run of this scenario uses: its region, base year, delta and propensity "
        "(central values); the options below override them",
    )
    parser.add_argument(
        "--region",
        default=None,
        help=f"region id, BNS code or name (`regsim regions`; default: the scenario's, else {DEFAULT_REGION})",
    )
    parser.add_argument(
        "--type", choices=("I", "II"), default="II", help="Type I or Type II multipliers (default: %(default)s)"
    )
    parser.add_argument(
        "--format", choices=("table", "csv"), default="table", help="output format (default: %(default)s)"
    )
    parser.add_argument(
        "--delta",
        type=float,
        default=None,
        help=f"FLQ regional-size exponent δ (default: the scenario's, else {DEFAULT_DELTA})",
    )
    parser.add_argument(
        "--propensity",
        type=float,
        default=None,
        help="share of labour income spent on consumption, for Type II "
        f"(default: the scenario's, else {DEFAULT_PROPENSITY})",
    )
    parser.add_argument(
        "--year",
        type=int,
        default=None,
        help="employment year for the location quotients (default: the scenario's base year, else "
        f"{DEFAULT_YEAR}, the shipped Kostanai scenarios' base year)",
    )


def run(args) -> int:
    from ..multipliers import model_settings, multiplier_table  # lazy: start-up speed (the model's inputs: pydantic)
    from ..scenario import load_scenario  # lazy: start-up speed

    region_id, year, delta, propensity = args.region, args.year, args.delta, args.propensity
    region = None
    if args.scenario is not None:
        scenario = load_scenario(args.scenario).scenario  # its problems surface here, with file and line
        resolve = region_data.resolve_region_id
        if region_id is not None and resolve(region_id) != resolve(scenario.region):
            raise InputError(
                _problem("--region", f"{region_id!r} differs from the scenario's region {scenario.region!r}")
            )
        region_id = scenario.region
        region = region_data.load_region(region_id)
        base_year, scenario_delta, scenario_propensity = model_settings(scenario, region)
        year = base_year if year is None else year
        delta = scenario_delta if delta is None else delta
        propensity = scenario_propensity if propensity is None else propensity
    region_id = DEFAULT_REGION if region_id is None else region_id
    year = DEFAULT_YEAR if year is None else year
    delta = DEFAULT_DELTA if delta is None else delta
    propensity = DEFAULT_PROPENSITY if propensity is None else propensity

    problems = []
    regions = region_data.available_regions()
    if region is None and region_data.resolve_region_id(region_id) is None:
        known = ", ".join(regions) if regions else "none shipped"
        problems.append(_problem("--region", f"unknown region {region_id!r} (available: {known})"))
    low, high = DELTA_BOUNDS
    if not low <= delta <= high:  # also rejects nan; beyond the parameter's bounds the powers underflow
        problems.append(_problem("--delta", f"must be from {low:g} to {high:g} (flq_delta's bounds), got {delta}"))
    if not 0 <= propensity < 1:
        problems.append(_problem("--propensity", f"must be in [0, 1), got {propensity}"))
    if problems:
        raise InputError(problems)
    region = region_data.load_region(region_id) if region is None else region
    years = sorted(set(region.employment_by_sector) & set(region.national_employment_by_sector))
    if year not in years:
        span = f"{years[0]}-{years[-1]}" if years else "none"
        raise InputError(_problem("--year", f"no regional and national employment by industry for {year} ({span})"))
    table = multiplier_table(region, delta=delta, consumption_propensity=propensity, year=year)
    if args.format == "csv":
        write_csv(table, args.type, sys.stdout)
    else:
        sys.stdout.write(format_table(table, args.type))
    return 0


def csv_rows(table: MultiplierTable, type: str) -> list[dict[str, object]]:
    """One row per industry: final-demand multipliers then direct-effect ratios, national and regional."""
    rows = []
    for s, (code, label) in enumerate(zip(table.sectors, table.sector_labels, strict=True)):
        row: dict[str, object] = {"region": table.region_id, "type": type, "code": code, "label": label}
        for kind, suffix in (("final_demand", ""), ("direct_effect", "_ratio")):
            for measure, column in CSV_COLUMNS.items():
                if kind == "direct_effect" and measure == "output":
                    continue  # identical to the output multiplier
                name = column if kind == "final_demand" else measure
                for area in ("national", "regional"):
                    value = table.get(measure, area=area, type=type, kind=kind)[s]
                    row[f"{name}{suffix}_{area}"] = repr(float(value))
        rows.append(row)
    return rows


def write_csv(table: MultiplierTable, type: str, stream) -> None:
    rows = csv_rows(table, type)
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def format_table(table: MultiplierTable, type: str) -> str:
    """A readable fixed-width table: one line per industry, national | regional pairs."""
    header = (
        f"{table.region_name} ({table.region_id}): Type {type} input-output multipliers\n"
        f"regional table: FLQ, delta = {table.delta:g}, lambda = {table.flq_lambda:.3f}, "
        f"employment of {table.year}; "
        + (f"consumption propensity {table.consumption_propensity:g}; " if type == "II" else "")
        + f"prices of {table.price_year}\n"
        "nat = national table, reg = regional; per unit of final demand: output, GVA and wages in KZT per KZT,"
        " jobs per million KZT; x = total/direct ratio\n\n"
    )
    columns = [
        ("Output", "output", "final_demand", "{:.3f}"),
        ("GVA", "value_added", "final_demand", "{:.3f}"),
        ("Wages", "wages", "final_demand", "{:.3f}"),
        ("Jobs/mn KZT", "jobs", "final_demand", "{:.4f}"),
        ("GVA x", "value_added", "direct_effect", "{:.2f}"),
        ("Wages x", "wages", "direct_effect", "{:.2f}"),
        ("Jobs x", "jobs", "direct_effect", "{:.2f}"),
    ]
    label_width = 34
    widths = [max(len(title), 2 * len(fmt.format(99.0)) + 3) for title, _, _, fmt in columns]
    lines = [
        f"{'code':<8} {'industry':<{label_width}} "
        + "  ".join(f"{title:^{w}}" for (title, *_), w in zip(columns, widths, strict=True)),
        f"{'':<8} {'':<{label_width}} " + "  ".join(f"{'nat | reg':^{w}}" for w in widths),
    ]
    for s, (code, label) in enumerate(zip(table.sectors, table.sector_labels, strict=True)):
        short = label if len(label) <= label_width else label[: label_width - 1] + "…"
        cells = []
        for (_, measure, kind, fmt), w in zip(columns, widths, strict=True):
            pair = [fmt.format(table.get(measure, area=a, type=type, kind=kind)[s]) for a in ("national", "regional")]
            cells.append(f"{pair[0] + ' | ' + pair[1]:>{w}}")
        lines.append(f"{code:<8} {short:<{label_width}} " + "  ".join(cells))
    return header + "\n".join(line.rstrip() for line in lines) + "\n"


def _problem(option: str, message: str) -> Problem:
    return Problem(file="regsim multipliers", line=None, column=None, path=option, message=message)
