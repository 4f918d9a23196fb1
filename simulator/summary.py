"""Plain-text summaries for the terminal: a headline table and the target verdicts on both bases."""

from __future__ import annotations

import numpy as np

from .variables import BY_KEY

HEADLINE = ("grp", "grp_real", "employment", "average_wage", "budget_revenue_local", "tax_revenue_collected")

VERDICT_WORDING = {
    "ratio": "{value:.2f}x vs {threshold:.2f}x",
    "increase": "{value:+,.1f} vs {threshold:+,.1f} {unit}",
    "level": "{value:,.1f} vs {threshold:,.1f} {unit}",
}


def headline_years(results) -> list[int]:
    years = {int(results.years[0]), int(results.years[-1])}
    years.update(t.year for t in results.targets)
    for y in (2025, 2030):
        if results.years[0] <= y <= results.years[-1]:
            years.add(y)
    return sorted(years)


def headline_table(results, years: list[int] | None = None) -> str:
    """Scenario vs baseline for the headline variables at a few years."""
    years = years or headline_years(results)
    idx = [results.year_index(y) for y in years]
    name_width = max(len(BY_KEY[k].name) + len(BY_KEY[k].unit) + 3 for k in HEADLINE)
    lines = ["".ljust(name_width) + "".join(f"{y:>22d}" for y in years)]
    lines.append("".ljust(name_width) + "".join(f"{'scenario / baseline':>22s}" for _ in years))
    for key in HEADLINE:
        var = BY_KEY[key]
        s = results.central(key)[idx]
        b = results.central(key, baseline=True)[idx]
        cells = "".join(f"{f'{a:,.1f} / {c:,.1f}':>22s}" for a, c in zip(s, b, strict=True))
        lines.append(f"{var.name} [{var.unit}]".ljust(name_width) + cells)
    return "\n".join(lines)


def _model_unit_to_reported(target):
    """Scale and unit to show a target's metric in (ratios as they are)."""
    if target.kind == "ratio":
        return 1.0, ""
    key = "employment" if target.variable == "employment" else target.variable
    var = BY_KEY[key]
    return var.scale, var.unit


def verdict_lines(results) -> list[str]:
    """One line per target and basis: reached or not, first year, value at the target year (and probability)."""
    lines = []
    ensemble = results.n_draws > 1
    for t in results.targets:
        scale, unit = _model_unit_to_reported(t)
        value = float(np.median(t.value_at_year)) * scale
        text = VERDICT_WORDING[t.kind].format(value=value, threshold=t.threshold * scale, unit=unit)
        word = "REACHED" if t.reached else "not reached"
        first = f"first in {t.first_year}" if t.first_year else "never within the horizon"
        declared = "head count" if t.basis == "count" else ("declared basis" if t.declared else "other basis")
        rel = "vs baseline" if t.relative_to == "baseline" else "vs base year"
        prob = f"; P = {t.probability:.2f}" if ensemble else ""
        lines.append(
            f"{t.name} [{declared if t.basis == 'count' else f'{t.basis}, {declared}'}, {rel}] by {t.year}: "
            f"{word} ({text}; {first}{prob})"
        )
    return lines
