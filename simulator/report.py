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
from pathlib import Path

import numpy as np

from .assumptions import HIGHLIGHTED, register_for
from .baseline_error import median_abs_error
from .summary import (
    HEADLINE,
    baseline_error_at,
    basis_sentence,
    headline_years,
    metric_text,
    share_text,
    verdict_text,
)
from .tables import table_rows, target_rows
from .variables import BY_KEY

FIGURE_CAPTIONS = {
    "grp": "GRP at current prices: scenario, baseline (dashed) and published figures (open circles).",
    "grp_real": "GRP at base-year prices (volume): scenario, baseline (dashed) and published figures (BNS).",
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
    kind: str  # heading | text | bullets | table | image
    text: str = ""
    level: int = 2
    items: list = field(default_factory=list)  # bullets; table rows
    header: list = field(default_factory=list)
    marked: list = field(default_factory=list)  # table: row indices to highlight


def _fmt(value) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


# ---------------------------------------------------------------------------------------------- content


def _labels(n: int) -> list[str]:
    return [f"[{i + 1}]" for i in range(n)]


def _intro(results_list) -> list[Block]:
    items = []
    labels = _labels(len(results_list)) if len(results_list) > 1 else [""]
    for label, r in zip(labels, results_list, strict=True):
        span = f"{int(r.years[0])}-{int(r.years[-1])}"
        draws = "deterministic" if r.n_draws == 1 else f"{r.n_draws} draws"
        items.append(
            f"{label} {r.scenario}: {r.region_name}, base year {r.base_year}, years {span}, ".lstrip()
            + f"{len(r.project_ids)} projects, {draws}"
        )
    return [Block("bullets", items=items)]


def _headline(results) -> list[Block]:
    years = headline_years(results)
    header = ["variable", "unit", *(f"{y}" for y in years)]
    rows = []
    for key in HEADLINE:
        var = BY_KEY[key]
        s, d = results.central(key), results.central_change(key)
        cells = [f"{s[results.year_index(y)]:,.1f} ({d[results.year_index(y)]:+,.1f})" for y in years]
        rows.append([var.name, var.unit, *cells])
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

    rows = [row("Wage Bill (change)", BY_KEY["wage_bill"].unit, results.central_change("wage_bill"))]
    rows += [row(BY_KEY[key].name, BY_KEY[key].unit, results.central(key)) for key in WAGE_CHANNELS]
    for total, pressure in BUDGET_CHANNELS:
        change = results.central_change(total)
        rows.append(row(f"{BY_KEY[total].name} (change)", BY_KEY[total].unit, change))
        rows.append(row(BY_KEY[pressure].name, BY_KEY[pressure].unit, results.central(pressure)))
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
        baseline, change = results.central(key, baseline=True), results.central_change(key)
        for year, value in observed.items():
            if not results.years[0] <= year <= results.years[-1]:
                continue
            t = results.year_index(year)
            cells = [f"{value:,.1f}", f"{central[t]:,.1f}", f"{change[t]:+,.1f}", f"{baseline[t]:,.1f}"]
            rows.append([var.name, var.unit, year, *cells])
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
            t.basis + ("" if t.declared else " (other basis)"),
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
        "values are in current prices, so inflation alone moves them; real values are in base-year prices."
    )
    return [
        Block("heading", "Targets"),
        Block("text", intro),
        Block("table", header=header, items=rows),
        Block(
            "bullets",
            items=[
                f"{t.name}. {basis_sentence(t, ensemble)}"
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


def _figures(images: dict[str, str]) -> list[Block]:
    blocks = [Block("heading", "Figures")]
    for name, file in images.items():
        blocks.append(Block("image", text=file, items=[FIGURE_CAPTIONS.get(name, name.replace("_", " "))]))
    return blocks


def _register(rows_by_scenario: list[tuple[str, list]], notes: list[str]) -> list[Block]:
    """One table per group; an input whose value, source and status differ between scenarios gets one row per
    variant, naming its scenarios."""
    names = [name for name, _ in rows_by_scenario]
    short = dict(zip(names, _labels(len(names)), strict=True))
    variants: dict[tuple, dict[tuple, list[str]]] = {}
    for name, rows in rows_by_scenario:
        for a in rows:
            variants.setdefault((a.group, a.input), {}).setdefault(a, []).append(name)
    counts = Counter(a.status for per in variants.values() for a in per)
    summary = ", ".join(f"{n} {status}" for status, n in counts.most_common())
    blocks = [
        Block("heading", "Assumptions register"),
        Block(
            "text",
            f"Every input of the run with its value, unit, source and status ({summary}). "
            f"Rows marked ⚠ are estimates, partly estimates, stress assumptions or values without a "
            f"source: check these first.",
        ),
        Block("bullets", items=notes),
    ]
    several = len(names) > 1
    by_group: dict[str, list] = {}
    for (group, _), per in variants.items():
        for a, scenarios in per.items():
            label = "all" if len(scenarios) == len(names) else " ".join(short[n] for n in scenarios)
            by_group.setdefault(group, []).append((a, label))
    rank = {"Parameters": 0, "Targets": 2, "Region data": 3, "Region data: derivation": 4}
    for group, entries in sorted(by_group.items(), key=lambda item: rank.get(item[0], 1)):
        header = [*REGISTER_COLUMNS, *(["scenarios"] if several else [])]
        rows = [
            [
                a.input,
                a.value,
                a.unit,
                ("⚠ " if a.highlighted else "") + a.status,
                a.source,
                a.where,
                *([label] if several else []),
            ]
            for a, label in entries
        ]
        marked = [i for i, (a, _) in enumerate(entries) if a.highlighted]
        blocks += [Block("heading", group, level=3), Block("table", header=header, items=rows, marked=marked)]
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


def run_report(results, images: dict[str, str], loaded=None, region=None) -> list[Block]:
    """The report of one run: ``images`` maps plot names to image files beside the report."""
    rows, notes = register_for(results, loaded, region)
    return [
        Block("heading", f"regsim report: {results.scenario}", level=1),
        *_intro([results]),
        *_headline(results),
        *_decomposition(results),
        *_actuals(results),
        *_targets(results),
        *_figures(images),
        *_register([(results.scenario, rows)], notes),
        *_provenance([results]),
    ]


def comparison_report(cmp, images: dict[str, str], regions=None) -> list[Block]:
    """The report of a :class:`simulator.tables.Comparison`."""
    _, rows = table_rows(cmp)
    n = len(cmp.names)
    labels = _labels(n)
    header = ["variable", "unit", "year", *labels, *(f"{label} − [1]" for label in labels[1:])]
    # a year outside a scenario's horizon is NaN in the rows: an empty cell here
    table = [
        [
            *row[:3],
            *("" if c != c else _fmt(c) for c in row[3 : 3 + n]),
            *("" if c != c else f"{c:+,.1f}" for c in row[3 + n :]),
        ]
        for row in rows
    ]
    blocks = [
        Block("heading", f"regsim comparison: {' / '.join(cmp.names)}", level=1),
        *_intro(cmp.results),
        Block("heading", "Comparison"),
        Block("text", f"Central values; differences are from {cmp.names[0]}."),
        Block("table", header=header, items=table),
    ]
    t_header, t_rows = target_rows(cmp)
    if t_rows:
        t_header = [*t_header[:4], *labels]
        blocks += [
            Block("heading", "Targets side by side"),
            Block("table", header=t_header, items=t_rows),
            Block(
                "text",
                "Nominal values are in current prices, so inflation alone moves them; real "
                "values are in base-year prices, so only volume growth counts.",
            ),
        ]
    registers, notes = [], []
    for i, results in enumerate(cmp.results):
        region = regions[i] if regions else None
        rows_i, notes_i = register_for(results, cmp.loaded[i] if cmp.loaded else None, region)
        registers.append((results.scenario, rows_i))
        notes += [f"{results.scenario}: {n}" for n in notes_i]
    return [*blocks, *_figures(images), *_register(registers, notes), *_provenance(cmp.results)]


# ---------------------------------------------------------------------------------------------- rendering


def _md_text(value) -> str:
    """Text as Markdown shows it: names and comments come from the scenario, so HTML in them (``<script>``,
    ``<img onerror=...>``) is escaped (``&lt;``) and drawn as written, as ``report.html`` does."""
    return html.escape(str(value), quote=False)


def _md_cell(value) -> str:
    return _md_text(value).replace("|", "\\|").replace("\n", " ")


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
    return "\n\n".join(out) + "\n"


CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.85em;width:100%}th,td{border:1px solid #ccc;
padding:.3em .5em;vertical-align:top;text-align:left}th{background:#f0f0f0}td.num{text-align:right;
white-space:nowrap}tr.estimate td{background:#fff3cd}tr.estimate td:first-child{border-left:4px solid #b8860b}
figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.9em;color:#555}
@media print{tr.estimate td{background:#eee}h2{break-after:avoid}figure{break-inside:avoid}}"""


def _image_src(folder: Path, file: str) -> str:
    data = (folder / file).read_bytes()
    mime = "image/svg+xml" if file.endswith(".svg") else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _is_number(cell) -> bool:
    """Numbers (``4,436.6``, ``+0.0``, ``2.12x``, ``9.6 (+0.1)``) are right-aligned; text is not."""
    return re.fullmatch(r"[+-]?[\d,]*\.?\d+x?( \([+-]?[\d,]*\.?\d+\))?", str(cell)) is not None


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
    for b in blocks:
        if b.kind == "heading":
            out.append(f"<h{b.level}>{esc(b.text)}</h{b.level}>")
        elif b.kind == "text":
            out.append(f"<p>{esc(b.text)}</p>")
        elif b.kind == "bullets" and b.items:
            out.append("<ul>" + "".join(f"<li>{esc(str(i))}</li>" for i in b.items) + "</ul>")
        elif b.kind == "table":
            head = "".join(f"<th>{esc(str(h))}</th>" for h in b.header)
            body = []
            for i, row in enumerate(b.items):
                cells = "".join(
                    f'<td class="num">{esc(str(c))}</td>' if _is_number(c) else f"<td>{esc(str(c))}</td>" for c in row
                )
                body.append(f'<tr class="estimate">{cells}</tr>' if i in b.marked else f"<tr>{cells}</tr>")
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
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
