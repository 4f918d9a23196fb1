"""The report of a run or a comparison: the content, as a list of blocks (heading, paragraph, bullets, table,
image, contents, footer) that :mod:`simulator.report_render` renders twice, to ``report.md`` and a
self-contained ``report.html``, so the two files always say the same.

Answers first: a one-screen summary (what was run, what the projects add, each target's verdict in plain words
with what the baseline alone gives and the backtest's error at its horizon), the contents, then the details:
headline table, where the wage-bill and budget impacts come from, the check against published figures, target
verdicts on both bases, figures, the assumptions register (:mod:`simulator.report_register`) and provenance;
a footer with the date, version and scenario hashes.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from .assumptions import HIGHLIGHTED, register_for
from .baseline_error import median_abs_error
from .report_register import compact_register, register_blocks
from .report_render import Block, to_html, to_markdown, write_report
from .summary import (
    HEADLINE,
    baseline_error_at,
    basis_label,
    basis_sentence,
    headline_years,
    label,
    metric_number,
    metric_text,
    share_text,
    timing_text,
    verdict_text,
)
from .tables import declared_targets, judged_targets, table_rows, target_rows, value_in
from .variables import BY_KEY, BY_NAME

FIGURE_CAPTIONS = {
    "grp": "GRP at current prices: scenario, baseline (dashed) and published figures (open circles).",
    "grp_real": "Real GRP (volume, base-year prices): scenario, baseline (dashed) and published figures (BNS).",
    "jobs": "Jobs from the projects by channel (bars) and the net change in employment (line).",
    "average_wage": "Average monthly wage, nominal.",
    "budget_revenue_local": "Tax revenue of the local budgets.",
    "tax_revenue_collected": "All taxes collected in the region (local and republican budgets).",
    "project_contributions": "GRP added by each project, by year.",
    "project_channels": "Value added by project, split into direct, construction, indirect and induced.",
    "paths": "Each variable per scenario (solid), the baseline (dashed) and published figures (open circles).",
    "differences": "Each scenario minus the first one.",
    "contributions_value_added": "Value added by project and channel, per scenario (shared axis).",
    "contributions_jobs": "Jobs by project and channel, per scenario (shared axis).",
}


def _fmt(value) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


# ---------------------------------------------------------------------------------------------- content


def _labels(n: int) -> list[str]:
    return [f"[{i + 1}]" for i in range(n)]


def _intro(results_list) -> list[Block]:
    items = []
    labels = _labels(len(results_list)) if len(results_list) > 1 else [""]
    for tag, r in zip(labels, results_list, strict=True):
        span = f"{int(r.years[0])}-{int(r.years[-1])}"
        draws = "deterministic" if r.n_draws == 1 else f"{r.n_draws} draws"
        items.append(
            f"{tag} {r.scenario}: {r.region_name}, base year {r.base_year}, years {span}, ".lstrip()
            + f"{len(r.project_ids)} projects, {draws}"
        )
    return [Block("bullets", items=items)]


#: what the summary's opening sentence says the projects add, in this order
SUMMARY_IMPACTS = (
    ("grp", "to GRP"),
    ("grp_real", "in {base_year} prices"),
    ("employment", "to employment"),
    ("budget_revenue_local", "to the local budget"),
    ("tax_revenue_collected", "to all taxes collected"),
)


def _impact_year(results) -> int:
    """The year the summary reads the projects' impact in: the first target year, else 2030, else the last."""
    years = [int(y) for y in results.years]
    wanted = [*sorted(t.year for t in results.targets), 2030]
    return next((y for y in wanted if y in years), years[-1])


def _run_words(results) -> str:
    draws = "deterministic (one run, no uncertainty)" if results.n_draws == 1 else f"{results.n_draws:,} draws"
    span = f"{int(results.years[0])}-{int(results.years[-1])}"
    return f"{results.region_name}, {len(results.project_ids)} projects, {span}, {draws}"


def _metric_change(target, difference: float) -> str:
    """What the projects add to a target's metric: ``+0.07x``, ``+12.0 billion KZT/yr``."""
    if target.kind == "ratio":
        return f"{difference:+.2f}x"
    return metric_text(target, difference) if target.kind == "increase" else "+" + metric_text(target, difference)


def value_of_needed(target) -> str:
    """``2.26x of 2.00x``, ``+12.0 of +75.0 billion KZT/yr``: the value beside what is needed, the unit once."""
    value, needed = metric_text(target, target.central_value), metric_text(target, target.threshold)
    unit = needed.partition(" ")[2]
    if unit and value.endswith(" " + unit):
        value = value[: -len(unit) - 1]
    return f"{value} of {needed}"


def _summary_row(results, target, other) -> list[str]:
    """A target's line of the summary: name and year, verdict on the declared basis (share of draws), value
    beside what is needed, what the projects add, what the baseline alone gives, the other basis' verdict and
    the backtest's error of the baseline at the target's horizon."""
    ensemble = results.n_draws > 1
    verdict = timing_text(target) + (f"; {share_text(target.probability)} of draws" if ensemble else "")
    if target.baseline_value is None:  # measured against the baseline: the value is the projects' addition
        added, alone = metric_text(target, target.central_value), "nothing (counts only the projects)"
    else:
        added = _metric_change(target, target.central_value - target.baseline_value)
        reaches = "reached" if target.baseline_value >= target.threshold else "not reached"
        share = f", {share_text(target.baseline_probability)} of draws" if ensemble else ""
        alone = f"{metric_text(target, target.baseline_value)}, {reaches}{share}"
    error = baseline_error_at(results, target)
    backtest = "–" if error is None else f"±{error[2]:.1%} ({error[0]}, {error[1]} yrs ahead)"
    other_text = "–"
    if other is not None:
        other_text = f"{other.basis}: {timing_text(other)} ({metric_text(other, other.central_value)})"
    return [
        f"{target.name}, by {target.year}",
        basis_label(target),
        verdict,
        value_of_needed(target),
        added,
        alone,
        other_text,
        backtest,
    ]


def _summary(results) -> list[Block]:
    """One screen: what was run, what the projects add in one year, and one line per target on its declared
    basis (the other basis in a column)."""
    year = _impact_year(results)
    t = results.year_index(year)
    parts = []
    for key, words in SUMMARY_IMPACTS:
        change = results.central_change(key)[t]
        unit = BY_KEY[key].unit
        parts.append(f"{change:+,.1f} {unit} {words.format(base_year=results.base_year)}")
    median = " (medians of each draw's difference from its baseline)" if results.n_draws > 1 else ""
    blocks = [
        Block("heading", "Summary"),
        Block("text", f"{results.scenario}: {_run_words(results)}."),
        Block("text", f"In {year} the projects add{median}: " + "; ".join(parts) + "."),
    ]
    if not results.targets:
        return [*blocks, Block("text", "The scenario declares no targets.")]
    by_id: dict[str, list] = {}
    for target in results.targets:
        by_id.setdefault(target.id, []).append(target)
    rows = []
    for same in by_id.values():
        declared = next((x for x in same if x.declared or x.basis == "count"), same[0])
        other = next((x for x in same if x is not declared), None)
        rows.append(_summary_row(results, declared, other))
    header = ["target", "basis", "verdict", "value", "projects add", "baseline alone", "other basis",
              "baseline error (backtest)"]  # fmt: skip
    note = (
        "Each target on the basis it was announced in (nominal: current prices, so inflation counts; real: "
        f"{results.base_year} prices, volume only). Baseline alone: the same run without the projects. Backtest: "
        "how far such a baseline has missed published figures at that horizon (median absolute error)."
    )
    if results.n_draws > 1:
        note += (
            " Values are medians over the draws (what the projects add to a ratio: the difference of the two "
            "medians); the share of draws that reach the target is beside the verdict."
        )
    return [*blocks, Block("table", header=header, items=rows), Block("text", note)]


def _contents(blocks: list[Block]) -> list[Block]:
    """The contents: every section (level-2 heading) after the summary."""
    items = [b.text for b in blocks if b.kind == "heading" and b.level == 2 and b.text != "Summary"]
    return [Block("contents", "Contents", items=items)]


def _footer(results_list, made: datetime) -> Block:
    """Run date, version and each scenario file's hash (the first 12 hex digits of its sha256)."""
    parts = []
    for r in results_list:
        hashes = r.provenance.get("hashes", {})
        file = r.provenance.get("scenario_file")
        digest = hashes.get(file) if file in hashes else next(iter(hashes.values()), None)
        parts.append(f"{r.scenario}: " + (f"sha256 {digest[:12]}" if digest else "not from a file"))
    version = results_list[0].provenance.get("version", "?")
    return Block("footer", f"Made {made:%Y-%m-%d %H:%M} UTC by regsim {version}. Scenario " + "; ".join(parts) + ".")


def _headline(results) -> list[Block]:
    years = headline_years(results)
    header = ["variable", "unit", *(f"{y}" for y in years)]
    rows = []
    for key in HEADLINE:
        s, d = results.central(key), results.central_change(key)
        cells = [f"{s[results.year_index(y)]:,.1f} ({d[results.year_index(y)]:+,.1f})" for y in years]
        rows.append([label(key, results.base_year), BY_KEY[key].unit, *cells])
    note = "Scenario value, and in brackets its difference from the baseline (the same run without projects)."
    if results.n_draws > 1:
        note = (
            f"Median over the {results.n_draws:,} draws of the scenario value, and in brackets the median of "
            "each draw's difference from its baseline (the same draw without projects; the number the "
            "targets are judged on, which in general is not the difference of two medians)."
        )
    return [Block("heading", "Headline"), Block("text", note), Block("table", header=header, items=rows)]


#: the wage bill's change split by channel (docs/model.md §5): they sum to the scenario − baseline wage bill
WAGE_CHANNELS = ("wage_bill_new_jobs", "wage_bill_composition", "wage_bill_pressure")
#: (total, its wage-pressure part): the budget changes that the decomposition splits
BUDGET_CHANNELS = (
    ("budget_revenue_local", "budget_revenue_local_pressure"),
    ("tax_revenue_collected", "tax_revenue_collected_pressure"),
)


def _decomposition(results) -> list[Block]:
    """Where the wage-bill and budget impacts come from: the wage bill's change = new jobs at the average wage +
    their pay above it (composition) + wage pressure; each budget change = its wage-pressure part + the rest
    (the projects' own taxes, the new jobs' wages and GRP)."""
    if any(key not in results.arrays for key in (*WAGE_CHANNELS, *(p for _, p in BUDGET_CHANNELS))):
        return []  # results written before the channels existed
    years = headline_years(results)
    header = ["impact", "unit", *(f"{y}" for y in years)]

    def row(name, unit, values):
        return [name, unit, *(f"{values[results.year_index(y)]:+,.1f}" for y in years)]

    rows = [row("Wage bill (change)", BY_KEY["wage_bill"].unit, results.central_change("wage_bill"))]
    rows += [row(label(key), BY_KEY[key].unit, results.central(key)) for key in WAGE_CHANNELS]
    for total, pressure in BUDGET_CHANNELS:
        change = results.central_change(total)
        rows.append(row(f"{label(total)} (change)", BY_KEY[total].unit, change))
        rows.append(row(label(pressure), BY_KEY[pressure].unit, results.central(pressure)))
    note = (
        "The wage bill's change from the baseline is the filled net jobs paid the baseline average wage (new "
        "jobs), their pay above or below it (composition) and the rise of market pay from a tighter labour "
        "market (wage pressure; public pay is set nationally and gets none). The budgets' wage-pressure part is "
        "the same run's taxes less those computed without the pressure; the rest of each change comes from the "
        "projects' own taxes, the new jobs and GRP."
    )
    if results.n_draws > 1:
        note += " Medians over the draws, each row on its own, so the channels need not add up to the total."
    return [
        Block("heading", "Where the wage-bill and budget impacts come from"),
        Block("text", note),
        Block("table", header=header, items=rows),
    ]


def _actuals(results) -> list[Block]:
    """The published years after the base year: the projection equals the published figure there, split
    into the modelled project effect and the implied no-project baseline (docs/model.md §2); then the trends
    the baseline continues with and how wrong such a baseline has been (the backtest)."""
    if not results.actuals:
        return []
    ensemble = results.n_draws > 1
    median = " (median)" if ensemble else ""
    header = ["variable", "unit", "year", "published", "projection", "modelled project effect" + median,
              "implied baseline" + median]  # fmt: skip
    rows = []
    for key, observed in results.actuals.items():
        var, central = BY_KEY[key], results.central(key)
        name = label(key, results.base_year)
        baseline, change = results.central(key, baseline=True), results.central_change(key)
        for year, value in observed.items():
            if not results.years[0] <= year <= results.years[-1]:
                continue
            t = results.year_index(year)
            cells = [f"{value:,.1f}", f"{central[t]:,.1f}", f"{change[t]:+,.1f}", f"{baseline[t]:,.1f}"]
            rows.append([name, var.unit, year, *cells])
    last = results.provenance.get("last_published_year")
    text = (
        "Published data win: in every published year the projection of GRP, employment, the labour force and the "
        "local budget equals the published figure (the region data's sourced figures; estimates are left out of "
        "this table). The no-project baseline there is the published figure less what the modelled projects did "
        "that year, so nothing is counted twice. Average wages start from the region data's figure and add the "
        "projects' effect on the mix of jobs."
    )
    blocks = [
        Block("heading", "Check against published figures"),
        Block("text", text),
        Block("table", header=header, items=rows),
    ]
    trends = results.provenance.get("baseline_trends")
    if trends and last is not None:
        blocks += [
            Block("heading", f"Baseline after {last}", level=3),
            Block(
                "text",
                f"After {last} the baseline continues from the last published level with trends estimated from "
                "the region's published history and pooled with the country's; the sectors' pooled trends are "
                "shifted together so that their mix grows at the GRP trend (docs/model.md §2). Its error, "
                "measured by projecting every region from past years and comparing with what was published "
                f"later (regsim backtest): real GRP {_backtest_errors('grp_real')}; employment "
                f"{_backtest_errors('employment')} (median absolute error).",
            ),
            Block(
                "table",
                header=["estimate", "used, per year", "pooled", "region's own (± s.e.)", "Kazakhstan", "window"],
                items=[
                    [
                        row["estimate"],
                        _share(row["rate"]),
                        _share(row["pooled"]),
                        f"{_share(row['own_rate'])} ± {_share(row['own_se'])}",
                        _share(row["national_rate"]),
                        row["window"],
                    ]
                    for row in trends
                ],
            ),
        ]
    return blocks


def _backtest_errors(variable: str) -> str:
    return ", ".join(f"{median_abs_error(variable, h):.1%} {h} yr{'s' if h > 1 else ''} ahead" for h in (1, 3, 5))


def _share(value) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{100 * value:.1f} %"


def _targets(results) -> list[Block]:
    if not results.targets:
        return [Block("heading", "Targets"), Block("text", "The scenario declares no targets.")]
    ensemble = results.n_draws > 1
    header = [
        "target",
        "basis",
        "year",
        "needed",
        "value in year",
        "verdict",
        "without the projects",
        "baseline error at that year (backtest)",
    ]
    rows = [
        [
            t.name,
            basis_label(t),
            t.year,
            metric_text(t, t.threshold),
            metric_text(t, t.central_value),
            verdict_text(t, ensemble),
            _alone(t, ensemble),
            _error_cell(results, t),
        ]
        for t in results.targets
    ]
    intro = (
        "Each target is judged on the basis it was announced in (declared) and on the other one. Nominal "
        f"values are in current prices, so inflation alone moves them; real values are in {results.base_year} prices."
    )
    return [
        Block("heading", "Targets"),
        Block("text", intro),
        Block("table", header=header, items=rows),
        Block(
            "bullets",
            items=[
                f"{t.name}. {basis_sentence(t, ensemble, results.base_year)}"
                + (f" Note: {t.note}" if t.note and t.basis == t.declared_basis else "")
                for t in results.targets
            ],
        ),
    ]


def _error_cell(results, target) -> str:
    """``real GRP ±6.0 %; published −12 % to +18 %``: the backtest's median absolute error of the baseline at the
    target's horizon and where 90 % of published values fell around it; a dash for a published year or a target
    measured against the baseline (whose own error then largely cancels)."""
    error = baseline_error_at(results, target)
    if error is None:
        if target.relative_to == "baseline":
            return "– (vs the baseline itself)"
        return "– (not backtested)" if target.variable not in ("grp", "employment") else "–"
    what, _, mae, low, high = error
    prices = " (volume; prices are the deflator path's)" if target.basis == "nominal" else ""
    return f"{what} ±{mae:.1%}; published {low:+.0%} to {high:+.0%}{prices}"


def _alone(target, ensemble: bool) -> str:
    """The same target judged on the no-project baseline: ``1.99x`` (``1.99x, 48% of draws``); a dash for a
    target measured against the baseline itself."""
    if target.baseline_value is None:
        return "–"
    text = metric_text(target, target.baseline_value)
    return f"{text}, reached in {share_text(target.baseline_probability)} of draws" if ensemble else text


def caption(name: str) -> str:
    """A figure's caption: :data:`FIGURE_CAPTIONS`, a generic one for an impact fan chart (``impact_<variable>``:
    what the projects add, each draw's scenario minus its baseline), else the name in words."""
    if name in FIGURE_CAPTIONS:
        return FIGURE_CAPTIONS[name]
    key = name.removeprefix("impact_")
    if name.startswith("impact_") and key in BY_KEY:
        return f"What the projects add to {label(key).lower()}: each draw's scenario minus its own baseline."
    return name.replace("_", " ")


def _figures(images: dict[str, str]) -> list[Block]:
    """Every figure the run wrote (``images``: name -> file beside the report), what the projects add
    (``impact_*``) first."""
    blocks = [Block("heading", "Figures")]
    order = sorted(images, key=lambda name: not name.startswith("impact_"))
    for name in order:
        blocks.append(Block("image", text=images[name], items=[caption(name)]))
    return blocks


def _provenance(results_list) -> list[Block]:
    items = []
    for r in results_list:
        p = r.provenance
        files = "; ".join(f"{f} (sha256 {h})" for f, h in p.get("hashes", {}).items()) or "(not from a file)"
        seed = p.get("seed") if p.get("seed") is not None else "none (deterministic run)"
        items.append(
            f"{r.scenario}: regsim {p.get('version', '?')}, seed {seed}, draws "
            f"{p.get('draws', r.n_draws)}, region {p.get('region', r.region)}; files: {files}"
        )
    return [Block("heading", "Provenance"), Block("bullets", items=items)]


def _now() -> datetime:
    return datetime.now(UTC)


def run_report(results, images: dict[str, str], loaded=None, region=None, made: datetime | None = None) -> list[Block]:
    """The report of one run: ``images`` maps plot names to image files beside the report; ``made``: the date
    the footer gives (now by default). The summary and contents come first, then the details."""
    rows, notes = register_for(results, loaded, region)
    body = [
        *_headline(results),
        *_decomposition(results),
        *_actuals(results),
        *_targets(results),
        *_figures(images),
        *register_blocks([(results.scenario, rows)], notes),
        *_provenance([results]),
    ]
    return [
        Block("heading", f"regsim report: {results.scenario}", level=1),
        *_summary(results),
        *_contents(body),
        *body,
        _footer([results], made or _now()),
    ]


def _comparison_summary(cmp) -> list[Block]:
    """One line per target (on its declared basis) per scenario: the verdict, the value beside what is needed and
    what the projects add; a scenario that does not declare the target is judged on its own run."""
    judged = judged_targets(cmp)
    order = declared_targets(cmp)
    blocks = [Block("heading", "Summary"), *_intro(cmp.results)]
    if not order:
        return [*blocks, Block("text", "No scenario declares a target.")]
    rows = []
    for tid, first in order.items():
        for i, (r, per) in enumerate(zip(cmp.results, judged, strict=True)):
            match = per.get((tid, first.basis))
            name = f"{first.name}, by {first.year} ({basis_label(first)}; needs {metric_text(first, first.threshold)})"
            name = name if i == 0 else ""  # the target once, then a line per scenario
            scenario = f"[{i + 1}]"
            if match is None:
                rows.append([name, scenario, "not judged (its reference year is outside the run)", "", ""])
                continue
            t, declared = match
            verdict = timing_text(t) + (f"; {share_text(t.probability)} of draws" if r.n_draws > 1 else "")
            if not declared:
                verdict += " (baseline alone)" if not r.project_ids else " (not its target)"
            if t.baseline_value is None:
                added = metric_number(t, t.central_value)
            else:
                added = _metric_change(t, t.central_value - t.baseline_value).partition(" ")[0]
            rows.append([name, scenario, verdict, metric_number(t, t.central_value), added])
    note = (
        "Projects add: the target's value less the same run's value without the projects. A scenario that does "
        "not declare a target is judged on it all the same: for a run without projects that is what the "
        "baseline alone gives."
    )
    header = ["target", "scenario", "verdict", "value", "projects add"]
    return [*blocks, Block("table", header=header, items=rows), Block("text", note)]


def _change_in(results, key: str, year: int) -> float:
    """The median scenario − baseline change of ``key`` in ``year``; NaN when the run does not cover the year."""
    if int(year) not in {int(y) for y in results.years}:
        return float("nan")
    return float(results.central_change(key)[results.year_index(year)])


def _comparison_actuals(cmp) -> list[Block]:
    """The published figures after the base year beside each scenario's projection of the same year."""
    actuals: dict[str, dict[int, float]] = {}
    for r in cmp.results:
        for key, observed in r.actuals.items():
            actuals.setdefault(key, {}).update(observed)
    if not actuals:
        return []
    labels = _labels(len(cmp.results))
    base_year = cmp.results[0].base_year
    rows = []
    for key, observed in actuals.items():
        for year, value in sorted(observed.items()):
            cells = [value_in(r, key, year) for r in cmp.results]
            if all(c != c for c in cells):
                continue
            effects = [_change_in(r, key, year) for r in cmp.results]
            shown = ["" if c != c else f"{c:,.1f}" for c in cells]
            shown += ["" if c != c else f"{c:+,.1f}" for c in effects]
            rows.append([label(key, base_year), BY_KEY[key].unit, year, f"{value:,.1f}", *shown])
    header = ["variable", "unit", "year", "published", *labels, *(f"{tag} project effect" for tag in labels)]
    text = (
        "The figures published for the years after the base year (the region data's sourced figures; estimates "
        "are left out) beside each scenario's projection of the same year and the modelled effect of its "
        "projects (medians over draws). Published data win: the projection of GRP, employment, the labour force "
        "and the local budget equals the published figure in those years, and the no-project baseline is that "
        "figure less the projects' effect, so nothing is counted twice."
    )
    return [Block("heading", "Check against published figures"), Block("text", text),
            Block("table", header=header, items=rows)]  # fmt: skip


def comparison_report(cmp, images: dict[str, str], regions=None, made: datetime | None = None) -> list[Block]:
    """The report of a :class:`simulator.tables.Comparison`: summary (targets scenario by scenario), contents,
    then the comparison table, published figures, targets by basis, figures, register and provenance."""
    _, rows = table_rows(cmp)
    n = len(cmp.names)
    labels = _labels(n)
    base_year = cmp.results[0].base_year
    header = ["variable", "unit", "year", *labels, *(f"{tag} − [1]" for tag in labels[1:])]
    # a year outside a scenario's horizon is NaN in the rows: an empty cell here
    table = [
        [
            label(BY_NAME[row[0]].key, base_year) if row[0] in BY_NAME else row[0],
            *row[1:3],
            *("" if c != c else _fmt(c) for c in row[3 : 3 + n]),
            *("" if c != c else f"{c:+,.1f}" for c in row[3 + n :]),
        ]
        for row in rows
    ]
    body = [
        Block("heading", "Comparison"),
        Block("text", f"Central values; differences are from [1] {cmp.names[0]}."),
        Block("table", header=header, items=table),
        *_comparison_actuals(cmp),
    ]
    t_header, t_rows = target_rows(cmp)
    if t_rows:
        t_header = [*t_header[:4], *labels]
        body += [
            Block("heading", "Targets side by side"),
            Block("table", header=t_header, items=t_rows),
            Block(
                "text",
                "Nominal values are in current prices, so inflation alone moves them; real values are in "
                f"{base_year} prices, so only volume growth counts.",
            ),
        ]
    registers, notes = [], []
    for i, results in enumerate(cmp.results):
        region = regions[i] if regions else None
        rows_i, notes_i = register_for(results, cmp.loaded[i] if cmp.loaded else None, region)
        registers.append((results.scenario, rows_i))
        notes += [f"{results.scenario}: {n}" for n in notes_i]
    body += [*_figures(images), *register_blocks(registers, notes), *_provenance(cmp.results)]
    return [
        Block("heading", f"regsim comparison: {' / '.join(cmp.names)}", level=1),
        *_comparison_summary(cmp),
        *_contents(body),
        *body,
        _footer(cmp.results, made or _now()),
    ]


__all__ = [
    "HIGHLIGHTED",
    "Block",
    "caption",
    "compact_register",
    "comparison_report",
    "run_report",
    "to_html",
    "to_markdown",
    "write_report",
]
