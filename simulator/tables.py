"""The tables of one or several runs, as text: the long table, the IAMC table, the targets table, and a
comparison of scenarios (each variable at chosen years, target verdicts side by side).

Everything here is made from finished :class:`~simulator.results.Results` (a run's arrays, statistics and
long rows) and writes nothing: :mod:`simulator.output` and :mod:`simulator.compare` put the text into files,
the CLI and :mod:`simulator.report` print or render it. The formats are described in docs/outputs.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .errors import InputError, Problem
from .model.targets import evaluate_targets
from .results import PERCENTILES, Results
from .summary import headline_years, metric_text, verdict_text
from .variables import BY_KEY, BY_NAME, PROJECT_VARIABLES, VARIABLES, target_unit

MODEL_NAME = "regsim"
LONG_HEADER = ("scenario", "case", "variable", "unit", "project", "statistic", "year", "value")
DEFAULT_VARIABLES = ("grp", "grp_real", "employment", "average_wage", "budget_revenue_local", "tax_revenue_collected")


#: what a spreadsheet reads as the start of a formula (or, tab and CR, as a cell break before one)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """A CSV cell as written: a text cell starting with a formula prefix (``=``, ``+``, ``-``, ``@``, tab, CR)
    gets a leading ``'``, so a spreadsheet shows it as text instead of running it (OWASP's CSV injection
    advice); numbers, negative ones included, and every other cell are written as they are (docs/outputs.md)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


class _Writer:
    """``csv.writer`` whose every cell passes through :func:`neutralise`."""

    def __init__(self, buffer):
        self._writer = csv.writer(buffer, lineterminator="\n")

    def writerow(self, row) -> None:
        self._writer.writerow([neutralise(c) for c in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def _number(value: float) -> str:
    """A float with 6 significant digits; NaN (no value, e.g. a year outside a scenario's horizon) is empty."""
    return "" if value != value else f"{value:.6g}"


def _csv_text(header, rows) -> str:
    """CSV text with one header; floats written with 6 significant digits."""
    buffer = io.StringIO()
    writer = _Writer(buffer)
    writer.writerow(header)
    writer.writerows([_number(c) if isinstance(c, float) else c for c in row] for row in rows)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- one run or several


def long_csv(runs: Iterable[Results]) -> str:
    """The long table of ``runs`` as CSV text, one header: one row per value (:meth:`Results.rows`)."""
    buffer = io.StringIO()
    writer = _Writer(buffer)
    writer.writerow(LONG_HEADER)
    for results in runs:
        for row in results.rows():
            writer.writerow([*row[:-1], f"{row[-1]:.6g}"])
    return buffer.getvalue()


def targets_csv(results: Results) -> str:
    """One row per target and basis; threshold and value in the reported unit (``ratio`` for ratios); the
    probability (share of draws reaching the target) is left empty for a single deterministic draw. The
    ``baseline_`` columns judge the no-project baseline the same way (empty for a target relative to the
    baseline)."""
    buffer = io.StringIO()
    writer = _Writer(buffer)
    writer.writerow(
        [
            "scenario", "target", "variable", "kind", "relative_to", "basis", "declared_basis", "unit",
            "threshold", "year", "value_at_year", "reached", "first_year_reached", "probability",
            "baseline_value_at_year", "baseline_probability", "pace_unit", "reference_year",
            "needed_per_year_from_reference", "scenario_per_year_from_reference", "last_published_year",
            "needed_per_year_from_last", "scenario_per_year_from_last",
        ]
    )  # fmt: skip
    for t in results.targets:
        scale, unit = target_unit(t.variable, t.kind)
        writer.writerow(
            [
                results.scenario, t.id, t.variable, t.kind, t.relative_to, t.basis, t.declared_basis, unit,
                f"{t.threshold * scale:.6g}", t.year, f"{t.central_value * scale:.6g}",
                t.reached, t.first_year if t.first_year is not None else "",
                f"{t.probability:.4f}" if results.n_draws > 1 else "",
                "" if t.baseline_value is None else f"{t.baseline_value * scale:.6g}",
                "" if t.baseline_probability is None or results.n_draws == 1 else f"{t.baseline_probability:.4f}",
                *_pace_cells(t, scale, unit),
            ]
        )  # fmt: skip
    return buffer.getvalue()


def _pace_cells(target, scale: float, unit: str) -> list:
    """The targets table's pace columns (:class:`simulator.model.targets.Pace`): the unit (``share/yr`` for a
    growth rate, the target's unit per year for an amount added to the impact), the reference year, needed and
    given from it, the last published year, needed and given from it; empty cells where a pace has no meaning."""
    pace = target.pace
    if pace is None:
        return [""] * 7
    factor, pace_unit = (1.0, "share/yr") if pace.kind == "rate" else (scale, f"{unit}, added per yr")

    def cell(value):
        return "" if value is None else f"{value * factor:.6g}"

    return [
        pace_unit,
        "" if pace.reference_year is None else pace.reference_year,
        cell(pace.needed_from_reference),
        cell(pace.given_from_reference),
        "" if pace.last_year is None else pace.last_year,
        cell(pace.needed_from_last),
        cell(pace.given_from_last),
    ]


def iamc_rows(results: Results) -> Iterator[list]:
    """IAMC wide rows of one run: model, scenario, region, variable, unit, quantile, one value per year.

    The baseline is its own scenario (``<name> [no projects]``); per-project impacts are
    ``Impact|<var>|Project|<project id>`` (they sum to ``Impact|<var>`` but are not its direct children, so a
    sum check of ``Impact|<var>`` over its channels counts nothing twice); ensemble percentiles go in the
    ``quantile`` column (blank for a single run or the mean), never into variable names.
    """
    stat_quantile = {"value": "", "mean": "", **{f"p{q}": f"{q / 100:g}" for q in PERCENTILES}}
    cases = {
        "scenario": results.scenario,
        "baseline": f"{results.scenario} [no projects]",
        "actual": f"{results.region_name} [published]",
    }
    grouped: dict[tuple, dict[int, float]] = {}
    for _scenario, case, variable, unit, project, stat, year, value in results.rows():
        if stat == "mean" or (case == "baseline" and not results.project_ids):
            continue  # a scenario without projects is its own counterfactual: no second copy
        if project:
            variable = f"{variable}|Project|{project}"
        key = (cases[case], variable, unit, stat_quantile[stat])
        grouped.setdefault(key, {})[year] = value
    for (scenario, variable, unit, quantile), values in grouped.items():
        yield [MODEL_NAME, scenario, results.region_name, variable, unit, quantile] + [
            f"{values[int(y)]:.6g}" if int(y) in values else "" for y in results.years
        ]
    # totals of per-project impacts, so the children have their parent (unless a total is already reported)
    reported = {v.name for v in VARIABLES}
    for var in PROJECT_VARIABLES:
        data = results.arrays.get(f"project:{var.key}")
        if data is None or not results.project_ids or var.name in reported:
            continue
        for stat, row in results.total_statistics(data.sum(axis=2), var.scale):
            if stat == "mean":
                continue
            yield [
                MODEL_NAME,
                results.scenario,
                results.region_name,
                var.name,
                var.unit,
                stat_quantile[stat],
            ] + [f"{v:.6g}" for v in row]


def iamc_csv(runs: Iterable[Results]) -> str:
    """One IAMC table for one or several runs (``regsim run`` writes it for one). The published figures, shared
    by runs of one region, are written once. pyam rejects empty extra columns, so the ``quantile`` column is
    left out when every run is deterministic, and otherwise reads ``observed`` for the published figures and
    ``deterministic`` for single-draw runs."""
    rows, seen = [], set()
    for results in runs:
        years = [int(y) for y in results.years]
        observed = f"{results.region_name} [published]"
        for row in iamc_rows(results):
            key = tuple(row[:6])
            if key in seen:
                continue
            seen.add(key)
            if not key[5]:
                key = (*key[:5], "observed" if key[1] == observed else "deterministic")
            rows.append((key, dict(zip(years, row[6:], strict=True))))
    all_years = sorted({y for _, values in rows for y in values})
    with_quantile = any(key[5] not in ("observed", "deterministic") for key, _ in rows)
    head = ["model", "scenario", "region", "variable", "unit"] + (["quantile"] if with_quantile else [])
    buffer = io.StringIO()
    writer = _Writer(buffer)
    writer.writerow([*head, *all_years])
    for key, values in rows:
        if not any(values.get(y, "") != "" for y in all_years):
            continue
        writer.writerow([*key[: len(head)], *(values.get(y, "") for y in all_years)])
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- a comparison


@dataclass
class Comparison:
    """Results of several scenarios (the first is the reference for differences), the variables and years to
    tabulate, and the loaded scenarios (for the assumptions register; ``None`` where not from a file)."""

    results: list
    variables: tuple[str, ...] = DEFAULT_VARIABLES
    years: list[int] = field(default_factory=list)
    loaded: list = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [r.scenario for r in self.results]

    @property
    def contribution_year(self) -> int:
        """The year the per-project bars show: the first target year, else the last tabulated year."""
        target_years = sorted({t.year for r in self.results for t in r.targets if t.year in self.years})
        return target_years[0] if target_years else max(self.years)


def variable_key(name: str) -> str:
    """A registry key from a key (``grp``) or an IAMC name (``GRP|Real``); InputError otherwise."""
    if name in BY_KEY:
        return name
    if name in BY_NAME:
        return BY_NAME[name].key
    valid = ", ".join(BY_KEY)
    raise InputError(Problem("", None, None, "--variables", f"unknown variable {name!r}; choose from {valid}"))


def make_comparison(results: list, variables=None, years=None, loaded=None) -> Comparison:
    """Check and assemble a comparison of finished runs (names must differ; years inside some horizon)."""
    if len(results) < 1:
        raise InputError("compare needs at least one scenario")
    names = [r.scenario for r in results]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(f"scenario names must differ to be told apart (twice: {', '.join(twice)})")
    keys = tuple(dict.fromkeys(variable_key(v) for v in (variables or DEFAULT_VARIABLES)))
    # scenarios may differ in horizon or base year: the comparison spans the union of their years, and a
    # scenario without a year has a gap there (NaN in the rows, an empty cell in the files)
    union = set().union(*(set(map(int, r.years)) for r in results))
    if years:
        years = sorted({int(y) for y in years})
    else:
        years = sorted({*headline_years(results[0]), min(union), max(union)} & union)
    outside = [y for y in years if y not in union]
    if outside:
        raise InputError(
            Problem(
                "",
                None,
                None,
                "--years",
                f"{outside} outside the years the scenarios cover ({min(union)}-{max(union)})",
            )
        )
    return Comparison(list(results), keys, years, list(loaded or [None] * len(results)))


def value_in(results: Results, key: str, year: int) -> float:
    """The central value of ``key`` in ``year``; NaN when the run does not cover that year."""
    years = [int(y) for y in results.years]
    return float(results.central(key)[results.year_index(year)]) if int(year) in years else float("nan")


def table_rows(cmp: Comparison) -> tuple[list[str], list[list]]:
    """Each variable at each year: the value per scenario, then each scenario's difference from the first (NaN
    where a scenario does not cover the year)."""
    first = cmp.names[0]
    header = ["variable", "unit", "year", *cmp.names, *(f"{n} minus {first}" for n in cmp.names[1:])]
    rows = []
    for key in cmp.variables:
        var = BY_KEY[key]
        for year in cmp.years:
            values = [value_in(r, key, year) for r in cmp.results]
            rows.append([var.name, var.unit, year, *values, *(v - values[0] for v in values[1:])])
    return header, rows


def declared_targets(cmp: Comparison) -> dict[str, object]:
    """{target id: TargetResult} on the basis it was declared (or its head count), in the order the scenarios
    declare them: the targets a comparison reports, one each."""
    order: dict[str, object] = {}
    for r in cmp.results:
        for t in r.targets:
            if t.declared or t.basis == "count":
                order.setdefault(t.id, t)
    return order


def judged_targets(cmp: Comparison) -> list[dict[tuple[str, str], tuple]]:
    """Per scenario, {(target id, basis): (TargetResult, declared)}: its own targets, and every target another
    scenario declares judged on this scenario's run (``declared`` False), so a baseline column says what the
    baseline alone gives. A target is judged only when the run holds its reference year (a reference year
    before the run's first year needs the region's published figure: the cell then stays empty)."""
    specs = {}
    for loaded in cmp.loaded:
        for spec in getattr(getattr(loaded, "scenario", None), "targets", None) or ():
            specs.setdefault(spec.id, spec)
    out = []
    for r in cmp.results:
        own = {(t.id, t.basis): (t, True) for t in r.targets}
        ids = {t.id for t in r.targets}
        first = int(r.years[0])
        for tid, spec in specs.items():
            if tid in ids or (spec.relative_to != "baseline" and (spec.base_year or r.base_year) < first):
                continue
            if not int(r.years[0]) <= spec.year <= int(r.years[-1]):
                continue
            last = r.provenance.get("last_published_year")
            for t in evaluate_targets([spec], r.arrays, r.years, r.base_year, last_year=last):
                own[(t.id, t.basis)] = (t, False)
        out.append(own)
    return out


def target_cell(target, declared: bool, results: Results) -> str:
    """A scenario's cell of the side-by-side targets: ``2.26x: reached in 2029 (1 year early)``; a target the
    scenario does not declare is judged on its run and says so (``baseline alone`` for a run without projects)."""
    text = f"{metric_text(target, target.central_value)}: {verdict_text(target, results.n_draws > 1)}"
    if declared:
        return text
    return text + (" (baseline alone)" if not results.project_ids else " (not its target)")


def target_rows(cmp: Comparison) -> tuple[list[str], list[list[str]]]:
    """Target verdicts side by side: one row per target and basis, one column per scenario; a scenario that
    does not declare a target is judged on it all the same (:func:`judged_targets`), else ``not declared``."""
    judged = judged_targets(cmp)
    order: dict[tuple, object] = {}
    for r in cmp.results:
        for t in r.targets:
            order.setdefault((t.id, t.basis), t)
    header = ["target", "basis", "year", "needed", *cmp.names]
    rows = []
    for key, t in order.items():
        cells = []
        for r, per in zip(cmp.results, judged, strict=True):
            match = per.get(key)
            cells.append("not declared" if match is None else target_cell(*match, r))
        declared = "" if t.declared else " (other basis)"
        rows.append([t.name, f"{t.basis}{declared}", str(t.year), metric_text(t, t.threshold), *cells])
    return header, rows


def comparison_csv(cmp: Comparison) -> str:
    """:func:`table_rows` as CSV text (``comparison.csv``); a year a scenario does not cover is an empty cell."""
    return _csv_text(*table_rows(cmp))


def comparison_targets_csv(cmp: Comparison) -> str:
    """:func:`target_rows` as CSV text (``targets.csv`` of a comparison)."""
    return _csv_text(*target_rows(cmp))


__all__ = [
    "DEFAULT_VARIABLES",
    "MODEL_NAME",
    "Comparison",
    "comparison_csv",
    "comparison_targets_csv",
    "declared_targets",
    "iamc_csv",
    "iamc_rows",
    "judged_targets",
    "long_csv",
    "make_comparison",
    "neutralise",
    "table_rows",
    "target_cell",
    "target_rows",
    "targets_csv",
    "value_in",
    "variable_key",
]
