"""Compare scenarios: run several, then tables (each variable at chosen years, target verdicts side by side),
figures with shared axes, one IAMC file for all, and a report. The CLI's ``regsim compare`` is glue over
:func:`run_comparison` and :func:`write_comparison`; notebooks call the same functions. The tables themselves
(and :class:`Comparison`) live in :mod:`simulator.tables`; they are importable from here too.

    >>> cmp = run_comparison(["scenarios/kostanai/baseline.yaml", "scenarios/kostanai/plan.yaml"])  # doctest: +SKIP
    >>> print(comparison_text(cmp))                                                                # doctest: +SKIP
"""

from __future__ import annotations

import json

import matplotlib.pyplot as plt

from . import plotting
from .api import simulate
from .errors import InputError
from .filenames import utf8_tree
from .output import save_figure
from .report import comparison_report, write_report
from .scenario import load_scenario
from .summary import basis_label, metric_number, metric_text, printable, share_text, timing_text, wrap_lines
from .tables import (
    DEFAULT_VARIABLES,
    Comparison,
    comparison_csv,
    comparison_targets_csv,
    declared_targets,
    iamc_csv,
    judged_targets,
    long_csv,
    make_comparison,
    table_rows,
    target_rows,
    variable_key,
)


def run_comparison(scenarios, variables=None, years=None, n_draws: int = 1, seed: int | None = None) -> Comparison:
    """Load every scenario (all input problems reported at once), run each with :func:`simulator.api.simulate`
    (``n_draws`` draws, the same seed), and assemble the comparison."""
    loaded, problems = [], []
    for path in scenarios:
        try:
            loaded.append(load_scenario(path))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    results = [simulate(s, n_draws, seed) for s in loaded]
    return make_comparison(results, variables, years, loaded)


def _cell(value: float) -> str:
    """A value of the terminal table; ``–`` for a year the scenario does not cover (NaN)."""
    return "–" if value != value else f"{value:,.1f}"


def comparison_text(cmp: Comparison) -> str:
    """The comparison table for the terminal: one block per variable, scenarios as columns (values, then
    differences from the first scenario in brackets); control characters in names are shown as escapes."""
    _, rows = table_rows(cmp)
    n = len(cmp.names)
    width = 22
    labels = [f"[{i + 1}]" for i in range(n)]
    lines = [f"{label} {printable(name)}" for label, name in zip(labels, cmp.names, strict=True)]
    lines.append("")
    names = max(len(f"{row[0]} [{row[1]}]") for row in rows) + 1
    lines.append(f"{'':{names}s}{'year':>6s}" + "".join(f"{label:>{width}s}" for label in labels))
    for row in rows:
        name = f"{row[0]} [{row[1]}]" if row[2] == cmp.years[0] else ""
        cells = [_cell(v) for v in row[3 : 3 + n]]
        cells[1:] = [c if d != d else f"{c} ({d:+,.1f})" for c, d in zip(cells[1:], row[3 + n :], strict=True)]
        lines.append(f"{name:{names}s}{row[2]:>6d}" + "".join(f"{c:>{width}s}" for c in cells))
    lines.append(f"(in brackets: difference from [1] {printable(cmp.names[0])})")
    if any(v != v for row in rows for v in row[3 : 3 + n]):
        lines.append("(–: the scenario does not cover that year)")
    return "\n".join(lines)


def comparison_targets_text(cmp: Comparison) -> str:
    """The targets for the terminal, one line per target per scenario: the verdict on the declared basis and, in
    short, on the other one; a scenario that does not declare a target is judged on it all the same
    (:func:`simulator.tables.judged_targets`: for a run without projects, what the baseline alone gives)."""
    judged = judged_targets(cmp)
    order = declared_targets(cmp)
    if not order:
        return ""
    lines = ["Targets (judged on every scenario; [n] as above):"]
    for tid, first in order.items():
        needed = metric_text(first, first.threshold)
        head = f"{printable(first.name)}, by {first.year} ({basis_label(first)}; needs {needed})"
        lines.append("  " + wrap_lines(head, [], indent="    ").replace("\n", "\n  "))
        for i, (r, per) in enumerate(zip(cmp.results, judged, strict=True)):
            match = per.get((tid, first.basis))
            if match is None:
                lines.append(f"    [{i + 1}] not judged: its reference year is outside the run")
                continue
            t = match[0]
            text = f"{metric_number(t, t.central_value)}, {timing_text(t)}"
            if r.n_draws > 1:
                text += f"; {share_text(t.probability)} of draws"
            other = next((o for (oid, basis), (o, _) in per.items() if oid == tid and basis != first.basis), None)
            if other is not None:
                word = "reached" if other.reached else "not reached"
                text += f"; {other.basis} {metric_number(other, other.central_value)}, {word}"
            alone = "" if r.project_ids or match[1] else " (baseline alone)"
            lines.append(f"    [{i + 1}] {text}{alone}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- figures and files


def comparison_figures(cmp: Comparison) -> dict:
    """name -> Figure: paths and differences of every variable (shared x axis), and per-project
    contributions by channel in :attr:`Comparison.contribution_year` (one panel per scenario, shared x axis)."""
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
            name = plotting.literal(results.scenario)
            plotting.set_title(ax, f"{name}: {what} by project and channel, {cmp.contribution_year}")
            if i < len(with_projects) - 1:  # the x axis is shared: label it on the bottom panel only
                ax.set_xlabel("")
        figures[f"contributions_{quantity}"] = fig
    return figures


def write_comparison(cmp: Comparison, folder, image_format: str = "png") -> list[str]:
    """Write the comparison's files into ``folder`` (use with :func:`simulator.output.write_atomically`)."""
    texts = {
        "comparison.csv": comparison_csv(cmp),
        "targets.csv": comparison_targets_csv(cmp),
        "iamc.csv": iamc_csv(cmp.results),
        "results.csv": long_csv(cmp.results),
        "provenance.json": json.dumps(
            utf8_tree([r.provenance for r in cmp.results]), indent=2, sort_keys=True, default=str
        )
        + "\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    images = {}
    with plotting.style():
        for name, fig in comparison_figures(cmp).items():
            images[name] = f"{name}.{image_format}"
            save_figure(fig, folder / images[name])
    written = [*texts, *images.values()]
    written += write_report(comparison_report(cmp, images), folder, f"regsim comparison: {', '.join(cmp.names)}")
    return written


__all__ = [
    "DEFAULT_VARIABLES",
    "Comparison",
    "comparison_csv",
    "comparison_figures",
    "comparison_targets_text",
    "comparison_text",
    "iamc_csv",
    "make_comparison",
    "run_comparison",
    "table_rows",
    "target_rows",
    "variable_key",
    "write_comparison",
]
