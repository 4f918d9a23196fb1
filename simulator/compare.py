"""Compare scenarios: run several, then tables (each variable at chosen years, target verdicts side by side),
figures with shared axes, one IAMC file for all, and a report. The CLI's ``regsim compare`` is glue over
:func:`run_comparison` and :func:`write_comparison`; notebooks call the same functions.

    >>> cmp = run_comparison(["scenarios/kostanai/baseline.yaml", "scenarios/kostanai/plan.yaml"])  # doctest: +SKIP
    >>> print(comparison_text(cmp))                                                                # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from .errors import InputError, Problem
from .summary import headline_years, metric_text, verdict_text
from .variables import BY_KEY, BY_NAME

DEFAULT_VARIABLES = ("grp", "grp_real", "employment", "average_wage", "budget_revenue_local", "tax_revenue_collected")


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
    """Check and assemble a comparison of finished runs (names must differ; years inside every horizon)."""
    if len(results) < 1:
        raise InputError("compare needs at least one scenario")
    names = [r.scenario for r in results]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(f"scenario names must differ to be told apart (twice: {', '.join(twice)})")
    keys = tuple(dict.fromkeys(variable_key(v) for v in (variables or DEFAULT_VARIABLES)))
    common = set.intersection(*(set(map(int, r.years)) for r in results))
    years = sorted({int(y) for y in years}) if years else [y for y in headline_years(results[0]) if y in common]
    outside = [y for y in years if y not in common]
    if outside:
        raise InputError(
            Problem(
                "",
                None,
                None,
                "--years",
                f"{outside} outside the years every scenario covers ({min(common)}-{max(common)})",
            )
        )
    return Comparison(list(results), keys, years, list(loaded or [None] * len(results)))


def run_comparison(scenarios, variables=None, years=None, n_draws: int = 1, seed: int | None = None) -> Comparison:
    """Load every scenario (all input problems reported at once), run each, and assemble the comparison."""
    from .api import simulate
    from .scenario import load_scenario

    loaded, problems = [], []
    for path in scenarios:
        try:
            loaded.append(load_scenario(path))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if n_draws > 1:
        try:
            from .uncertainty import simulate_ensemble
        except ImportError:  # the ensemble is not built yet
            raise InputError("--draws > 1: uncertainty sampling is not built yet") from None
        results = [simulate_ensemble(s, n_draws=n_draws, seed=seed) for s in loaded]
    else:
        results = [simulate(s, seed=seed) for s in loaded]
    return make_comparison(results, variables, years, loaded)


# ---------------------------------------------------------------------------------------------- tables


def table_rows(cmp: Comparison) -> tuple[list[str], list[list]]:
    """Each variable at each year: the value per scenario, then each scenario's difference from the first."""
    first = cmp.names[0]
    header = ["variable", "unit", "year", *cmp.names, *(f"{n} minus {first}" for n in cmp.names[1:])]
    rows = []
    for key in cmp.variables:
        var = BY_KEY[key]
        for year in cmp.years:
            values = [float(r.central(key)[r.year_index(year)]) for r in cmp.results]
            rows.append([var.name, var.unit, year, *values, *(v - values[0] for v in values[1:])])
    return header, rows


def target_rows(cmp: Comparison) -> tuple[list[str], list[list[str]]]:
    """Target verdicts side by side: one row per target and basis, one column per scenario."""
    order: dict[tuple, object] = {}
    for r in cmp.results:
        for t in r.targets:
            order.setdefault((t.id, t.basis), t)
    header = ["target", "basis", "year", "needed", *cmp.names]
    rows = []
    for (tid, basis), t in order.items():
        cells = []
        for r in cmp.results:
            match = next((x for x in r.targets if (x.id, x.basis) == (tid, basis)), None)
            cells.append(
                "not declared"
                if match is None
                else f"{metric_text(match, match.central_value)}: {verdict_text(match, r.n_draws > 1)}"
            )
        declared = "" if t.declared else " (other basis)"
        rows.append([t.name, f"{t.basis}{declared}", str(t.year), metric_text(t, t.threshold), *cells])
    return header, rows


def _csv_text(header, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([f"{c:.6g}" if isinstance(c, float) else c for c in row] for row in rows)
    return buffer.getvalue()


def comparison_csv(cmp: Comparison) -> str:
    return _csv_text(*table_rows(cmp))


def targets_csv(cmp: Comparison) -> str:
    return _csv_text(*target_rows(cmp))


def comparison_text(cmp: Comparison) -> str:
    """The comparison table for the terminal: one block per variable, scenarios as columns (values, then
    differences from the first scenario in brackets)."""
    _, rows = table_rows(cmp)
    n = len(cmp.names)
    width = 22
    labels = [f"[{i + 1}]" for i in range(n)]
    lines = [f"{label} {name}" for label, name in zip(labels, cmp.names, strict=True)]
    lines.append("")
    names = max(len(f"{row[0]} [{row[1]}]") for row in rows) + 1
    lines.append(f"{'':{names}s}{'year':>6s}" + "".join(f"{label:>{width}s}" for label in labels))
    for row in rows:
        name = f"{row[0]} [{row[1]}]" if row[2] == cmp.years[0] else ""
        cells = [f"{v:,.1f}" for v in row[3 : 3 + n]]
        cells[1:] = [f"{c} ({d:+,.1f})" for c, d in zip(cells[1:], row[3 + n :], strict=True)]
        lines.append(f"{name:{names}s}{row[2]:>6d}" + "".join(f"{c:>{width}s}" for c in cells))
    lines.append(f"(in brackets: difference from [1] {cmp.names[0]})")
    return "\n".join(lines)


def iamc_csv(results_list) -> str:
    """One IAMC table for several runs. The published figures, shared by runs of one region, are written once. pyam
    rejects empty extra columns, so the ``quantile`` column is left out when every run is deterministic, and
    otherwise reads ``observed`` for the published figures and ``deterministic`` for single-draw runs."""
    rows, seen = [], set()
    for results in results_list:
        years = [int(y) for y in results.years]
        observed = f"{results.region_name} [published]"
        for row in results.iamc_rows():
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
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*head, *all_years])
    for key, values in rows:
        if not any(values.get(y, "") != "" for y in all_years):
            continue
        writer.writerow([*key[: len(head)], *(values.get(y, "") for y in all_years)])
    return buffer.getvalue()


def long_csv(results_list) -> str:
    """The tidy long tables of all runs, one header."""
    parts = [r.to_csv() for r in results_list]
    return parts[0] + "".join(p.split("\n", 1)[1] for p in parts[1:])


# ---------------------------------------------------------------------------------------------- figures and files


def comparison_figures(cmp: Comparison) -> dict:
    """name -> Figure: paths and differences of every variable (shared x axis), and per-project
    contributions by channel in :attr:`Comparison.contribution_year` (one panel per scenario, shared x axis)."""
    import matplotlib.pyplot as plt

    from . import plotting

    palette = plotting.project_palette([p for r in cmp.results for p in r.project_ids])
    n = len(cmp.variables)
    ncols = 2 if n > 1 else 1
    nrows = -(-n // ncols)
    figures = {}
    for name, draw in (("paths", plotting.plot_scenarios), ("differences", plotting.plot_difference)):
        if name == "differences" and len(cmp.results) < 2:
            continue
        fig, axes = plt.subplots(nrows, ncols, figsize=(6.0 * ncols, 3.8 * nrows), sharex=True, squeeze=False)
        for i, (ax, key) in enumerate(zip(axes.flat, cmp.variables, strict=False)):
            draw(cmp.results, key, ax, legend=False)
            if i < n - ncols:  # the x axis is shared: label it on the bottom row only
                ax.set_xlabel("")
        for ax in axes.flat[n:]:
            ax.set_visible(False)
        plotting.figure_legend(fig, axes.flat[:n])
        figures[name] = fig
    with_projects = [r for r in cmp.results if r.project_ids]
    for quantity in ("value_added", "jobs"):
        if not with_projects:
            break
        height = sum(0.45 * len(r.project_ids) + 1.2 for r in with_projects)
        fig, axes = plt.subplots(
            len(with_projects),
            1,
            figsize=(9.0, height),
            sharex=True,
            squeeze=False,
            gridspec_kw={"height_ratios": [len(r.project_ids) + 1 for r in with_projects]},
        )
        for i, (ax, results) in enumerate(zip(axes.flat, with_projects, strict=True)):
            plotting.plot_project_channels(results, quantity, cmp.contribution_year, ax, palette=palette, legend=i == 0)
            what = quantity.replace("_", " ")
            ax.set_title(f"{results.scenario}: {what} by project and channel, {cmp.contribution_year}", fontsize=9)
        figures[f"contributions_{quantity}"] = fig
    return figures


def write_comparison(cmp: Comparison, folder, image_format: str = "png") -> list[str]:
    """Write the comparison's files into ``folder`` (use with :func:`simulator.output.write_atomically`)."""
    from .output import save_figure
    from .plotting import style
    from .report import comparison_report, write_report

    texts = {
        "comparison.csv": comparison_csv(cmp),
        "targets.csv": targets_csv(cmp),
        "iamc.csv": iamc_csv(cmp.results),
        "results.csv": long_csv(cmp.results),
        "provenance.json": json.dumps([r.provenance for r in cmp.results], indent=2, sort_keys=True, default=str)
        + "\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    images = {}
    with style():
        for name, fig in comparison_figures(cmp).items():
            images[name] = f"{name}.{image_format}"
            save_figure(fig, folder / images[name])
    written = [*texts, *images.values()]
    written += write_report(comparison_report(cmp, images), folder, f"regsim comparison: {', '.join(cmp.names)}")
    return written


__all__ = [
    "Comparison",
    "comparison_csv",
    "comparison_figures",
    "comparison_text",
    "iamc_csv",
    "make_comparison",
    "run_comparison",
    "table_rows",
    "target_rows",
    "write_comparison",
]
