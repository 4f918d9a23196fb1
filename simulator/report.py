"""The report of a run or a comparison: ``report.md`` and a self-contained ``report.html`` (images embedded).

Content is built once as a list of blocks (heading, paragraph, bullets, table, image) and rendered twice, so
the two files always say the same. Sections: what was run, headline table, where the wage-bill and budget
impacts come from, target verdicts (each with one sentence on what the nominal and the real basis mean),
figures, the assumptions register (estimates highlighted) and provenance (scenario files and their sha256,
version, seed).
"""

from __future__ import annotations

import base64
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .assumptions import HIGHLIGHTED, Assumption, register_for
from .baseline_error import median_abs_error
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
from .tables import judged_targets, table_rows, target_rows, value_in
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
REGISTER_COLUMNS = ["input", "value", "unit", "status", "source", "where"]


@dataclass
class Block:
    kind: str  # heading | text | bullets | table | image | contents | footer
    text: str = ""
    level: int = 2
    items: list = field(default_factory=list)  # bullets; table rows
    header: list = field(default_factory=list)
    marked: list = field(default_factory=list)  # table: row indices to highlight
    fold: str = ""  # table: in HTML, folded into <details> whose summary is this text (Markdown shows it whole)


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


YEAR_KEY = re.compile(r"^(?P<input>.+)\.(?P<year>\d{4})$")


def _year_ranges(years: list[int]) -> str:
    """``2025-2027, 2030`` from sorted years."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def _where_span(rows) -> str:
    """``plan.yaml:120-124``: one file's line span, or the rows' places joined when they are in several files."""
    places = [a.where.rpartition(":") for a in rows]
    files = {f for f, _, line in places}
    if len(files) == 1 and all(line.isdigit() for _, _, line in places):
        lines = sorted(int(line) for _, _, line in places)
        return f"{places[0][0]}:{lines[0]}" + (f"-{lines[-1]}" if lines[-1] != lines[0] else "")
    return "; ".join(dict.fromkeys(a.where for a in rows))


def compact_register(rows) -> list:
    """The register with each input written year by year (``kia.local_content.2025``, ``.2026``...) as one row:
    the value path ``2025: 0.03, 2026: 0.04``, the status shared by all years (else the first highlighted one, so
    the row is marked when any year is), the sources by years when they differ (``2025: ...; 2026-2027: ...``),
    and the line span."""
    out, paths = [], {}
    for a in rows:
        m = YEAR_KEY.match(a.input)
        if m is None:
            out.append(a)
            continue
        key = (a.group, m["input"], a.unit)
        if key not in paths:
            paths[key] = []
            out.append(key)
        paths[key].append((int(m["year"]), a))
    compact = []
    for item in out:
        if not isinstance(item, tuple):
            compact.append(item)
            continue
        years = sorted(paths[item], key=lambda p: p[0])
        if len(years) == 1:
            compact.append(years[0][1])
            continue
        group, name, unit = item
        value = ", ".join(f"{y}: {a.value}" for y, a in years)
        # the status to check first: a highlighted year's (the sources below say which years), else the commonest
        marked = [a.status for _, a in years if a.highlighted]
        status = marked[0] if marked else Counter(a.status for _, a in years).most_common(1)[0][0]
        sources: dict[str, list[int]] = {}
        for y, a in years:
            sources.setdefault(a.source, []).append(y)
        source = (
            next(iter(sources))
            if len(sources) == 1
            else "; ".join(f"{_year_ranges(ys)}: {src or 'no source given'}" for src, ys in sources.items())
        )
        compact.append(Assumption(group, name, value, unit, source, status, _where_span([a for _, a in years])))
    return compact


def _register(rows_by_scenario: list[tuple[str, list]], notes: list[str]) -> list[Block]:
    """An overview (inputs and highlighted inputs per group), then one table per group, folded in the HTML; an
    input written year by year is one row (:func:`compact_register`); an input whose value, source and status
    differ between scenarios gets one row per variant, naming its scenarios."""
    names = [name for name, _ in rows_by_scenario]
    short = dict(zip(names, _labels(len(names)), strict=True))
    variants: dict[tuple, dict[tuple, list[str]]] = {}
    for name, rows in rows_by_scenario:
        for a in compact_register(rows):
            variants.setdefault((a.group, a.input), {}).setdefault(a, []).append(name)
    counts = Counter(a.status for per in variants.values() for a in per)
    summary = ", ".join(f"{n} {status}" for status, n in counts.most_common())
    several = len(names) > 1
    by_group: dict[str, list] = {}
    for (group, _), per in variants.items():
        for a, scenarios in per.items():
            label_ = "all" if len(scenarios) == len(names) else " ".join(short[n] for n in scenarios)
            by_group.setdefault(group, []).append((a, label_))
    rank = {"Parameters": 0, "Targets": 2, "Region data": 3, "Region data: derivation": 4}
    groups = sorted(by_group.items(), key=lambda item: rank.get(item[0], 1))
    overview = [[group, str(len(entries)), str(sum(a.highlighted for a, _ in entries))] for group, entries in groups]
    blocks = [
        Block("heading", "Assumptions register"),
        Block(
            "text",
            f"Every input of the run with its value, unit, source and status ({summary}); an input given year by "
            "year is one row with its path. Rows marked ⚠ are estimates, partly estimates, stress assumptions or "
            "values without a source: check these first. In report.html each group opens with a click (a printout "
            "shows this overview only); report.md lists every row.",
        ),
        Block("bullets", items=notes),
        Block("table", header=["group", "inputs", "⚠ to check"], items=overview),
    ]
    for group, entries in groups:
        header = [*REGISTER_COLUMNS, *(["scenarios"] if several else [])]
        rows = [
            [
                a.input,
                a.value,
                a.unit,
                ("⚠ " if a.highlighted else "") + a.status,
                a.source,
                a.where,
                *([label_] if several else []),
            ]
            for a, label_ in entries
        ]
        marked = [i for i, (a, _) in enumerate(entries) if a.highlighted]
        fold = f"({len(entries)} inputs, {len(marked)} ⚠)"
        blocks += [
            Block("heading", group, level=3),
            Block("table", header=header, items=rows, marked=marked, fold=fold),
        ]
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
        *_register([(results.scenario, rows)], notes),
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
    order: dict[str, object] = {}
    for r in cmp.results:
        for t in r.targets:
            if t.declared or t.basis == "count":
                order.setdefault(t.id, t)
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
    body += [*_figures(images), *_register(registers, notes), *_provenance(cmp.results)]
    return [
        Block("heading", f"regsim comparison: {' / '.join(cmp.names)}", level=1),
        *_comparison_summary(cmp),
        *_contents(body),
        *body,
        _footer(cmp.results, made or _now()),
    ]


# ---------------------------------------------------------------------------------------------- rendering


def _md_text(value) -> str:
    """Text as Markdown shows it: names and comments come from the scenario, so HTML in them (``<script>``,
    ``<img onerror=...>``) is escaped (``&lt;``) and drawn as written, as ``report.html`` does."""
    return html.escape(str(value), quote=False)


def _md_cell(value) -> str:
    return _md_text(value).replace("|", "\\|").replace("\n", " ")


def anchor(heading: str) -> str:
    """A heading's link target, as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def to_markdown(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        if b.kind == "heading":
            out.append(f"{'#' * b.level} {_md_text(b.text).replace(chr(10), ' ')}")
        elif b.kind == "text":
            out.append(_md_text(b.text))
        elif b.kind == "bullets" and b.items:
            out.append("\n".join(f"- {_md_cell(item)}" for item in b.items))
        elif b.kind == "table":
            lines = ["| " + " | ".join(map(_md_cell, b.header)) + " |", "|" + "---|" * len(b.header)]
            for i, row in enumerate(b.items):
                cells = [_md_cell(c) for c in row]
                if i in b.marked:
                    cells[0] = f"**{cells[0]}**"
                lines.append("| " + " | ".join(cells) + " |")
            out.append("\n".join(lines))
        elif b.kind == "image":
            caption = _md_cell(b.items[0])
            out.append(f"![{caption}]({b.text})\n\n*{caption}*")
        elif b.kind == "contents":
            out.append(f"**{b.text}**\n\n" + "\n".join(f"- [{_md_cell(i)}](#{anchor(i)})" for i in b.items))
        elif b.kind == "footer":
            out.append(f"---\n\n*{_md_text(b.text)}*")
    return "\n\n".join(out) + "\n"


CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.85em;width:100%}th,td{border:1px solid #ccc;
padding:.3em .5em;vertical-align:top;text-align:left}td{overflow-wrap:break-word}th{background:#f0f0f0}
td.num{text-align:right;white-space:nowrap}tr.estimate td{background:#fff3cd}
tr.estimate td:first-child{border-left:4px solid #b8860b}figure{margin:1.5em 0}
figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.9em;color:#555}
nav.contents ol{columns:2}details{margin:.5em 0 1em}summary{cursor:pointer;color:#0b5394}
summary h3{display:inline;color:#222}table.register{table-layout:fixed}table.register td{overflow-wrap:anywhere}
table.register th:nth-child(1){width:15%}table.register th:nth-child(2){width:12%}
table.register th:nth-child(3),table.register th:nth-child(4){width:8%}table.register th:nth-child(6){width:11%}
table.register th:nth-child(7){width:6%}
footer{margin-top:3em;border-top:1px solid #ccc;padding-top:.5em;font-size:.85em;color:#555}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}table{font-size:8pt}
tr.estimate td{background:#eee}h2{break-before:page;margin-top:0}h2#summary,nav.contents h2{break-before:auto}
h2,h3{break-after:avoid}tr,figure{break-inside:avoid}figure{display:inline-block;width:49%;margin:0 0 .8em;
vertical-align:top}details:not([open]){display:none}}"""


def _image_src(folder: Path, file: str) -> str:
    data = (folder / file).read_bytes()
    mime = "image/svg+xml" if file.endswith(".svg") else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _is_number(cell) -> bool:
    """Numbers (``4,436.6``, ``+0.0``, ``2.12x``, ``9.6 (+0.1)``) are right-aligned; text is not."""
    return re.fullmatch(r"[+-]?[\d,]*\.?\d+x?( \([+-]?[\d,]*\.?\d+\))?", str(cell)) is not None


def _html_heading(block: Block) -> str:
    text = html.escape(block.text)
    return f'<h{block.level} id="{html.escape(anchor(block.text))}">{text}</h{block.level}>'


def to_html(blocks: list[Block], folder: Path, title: str) -> str:
    """A self-contained page: styles inline, images embedded as data URIs, estimates highlighted."""
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    for i, b in enumerate(blocks):
        folded = i + 1 < len(blocks) and blocks[i + 1].kind == "table" and blocks[i + 1].fold
        if b.kind == "heading" and folded:
            continue  # the folded table's summary line carries it
        if b.kind == "heading":
            out.append(_html_heading(b))
        elif b.kind == "text":
            out.append(f"<p>{esc(b.text)}</p>")
        elif b.kind == "contents":
            links = "".join(f'<li><a href="#{esc(anchor(i))}">{esc(i)}</a></li>' for i in b.items)
            out.append(f'<nav class="contents"><h2 id="contents">{esc(b.text)}</h2><ol>{links}</ol></nav>')
        elif b.kind == "footer":
            out.append(f"<footer>{esc(b.text)}</footer>")
        elif b.kind == "bullets" and b.items:
            out.append("<ul>" + "".join(f"<li>{esc(str(i))}</li>" for i in b.items) + "</ul>")
        elif b.kind == "table":
            head = "".join(f"<th>{esc(str(h))}</th>" for h in b.header)
            body = []
            for r, row in enumerate(b.items):
                cells = "".join(
                    f'<td class="num">{esc(str(c))}</td>' if _is_number(c) else f"<td>{esc(str(c))}</td>" for c in row
                )
                body.append(f'<tr class="estimate">{cells}</tr>' if r in b.marked else f"<tr>{cells}</tr>")
            css = ' class="register"' if b.fold else ""  # a folded table is a register's: fixed column widths
            table = f"<table{css}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            if b.fold:
                heading = _html_heading(blocks[i - 1]) if i and blocks[i - 1].kind == "heading" else ""
                table = f"<details><summary>{heading} {esc(b.fold)}</summary>{table}</details>"
            out.append(table)
        elif b.kind == "image":
            caption = esc(b.items[0])
            out.append(
                f'<figure><img src="{_image_src(folder, b.text)}" alt="{caption}">'
                f"<figcaption>{caption}</figcaption></figure>"
            )
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_report(blocks: list[Block], folder, title: str) -> list[str]:
    """Write ``report.md`` and ``report.html`` into ``folder`` (images must already be there)."""
    folder = Path(folder)
    (folder / "report.md").write_text(to_markdown(blocks), encoding="utf-8")
    (folder / "report.html").write_text(to_html(blocks, folder, title), encoding="utf-8")
    return ["report.md", "report.html"]


__all__ = ["HIGHLIGHTED", "Block", "comparison_report", "run_report", "to_html", "to_markdown", "write_report"]
