"""The assumptions register as report blocks: an overview per group, then one table per group (folded in the
HTML), each input written year by year shown as one row with its path (:func:`compact_register`)."""

from __future__ import annotations

import re
from collections import Counter

from .assumptions import Assumption
from .report_render import Block

REGISTER_COLUMNS = ["input", "value", "unit", "status", "source", "where"]
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


def register_blocks(rows_by_scenario: list[tuple[str, list]], notes: list[str]) -> list[Block]:
    """An overview (inputs and highlighted inputs per group), then one table per group, folded in the HTML; an
    input written year by year is one row (:func:`compact_register`); an input whose value, source and status
    differ between scenarios gets one row per variant, naming its scenarios."""
    names = [name for name, _ in rows_by_scenario]
    short = {name: f"[{i + 1}]" for i, name in enumerate(names)}
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


__all__ = ["REGISTER_COLUMNS", "compact_register", "register_blocks"]
