"""Plain-text summaries for the terminal: a headline table and the target verdicts on both bases."""

from __future__ import annotations

import re
import textwrap
import unicodedata

from .baseline_error import median_abs_error, outcome_band
from .variables import BY_KEY, target_unit

#: bidirectional-text controls, which reorder what a terminal shows (Trojan Source): escaped like control characters
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: a run of surrogate escapes: bytes of a file name that Python could not decode, one character per byte
SURROGATE_ESCAPES = re.compile("([\udc80-\udcff]+)")


def printable(text) -> str:
    """Text from a scenario (a name, an id) or a file name made safe to print or draw: control characters (ESC,
    NUL, newline, tab, DEL, C1) and bidirectional controls are shown as escapes (``\\x1b``, ``\\u202e``), so a
    name cannot move the cursor, recolour or clear a terminal, or forge lines of output. Everything else is kept.

    A file name Python could not decode (a locale that is not UTF-8) holds surrogate escapes, U+DC80..U+DCFF,
    one per byte; the terminal is given those bytes (``simulator.cli.terminal``). The bytes are checked as the
    UTF-8 they spell: a control or bidirectional character they encode is escaped as above, and so is a byte
    0x80..0x9f that belongs to no UTF-8 character (an 8-bit terminal takes it for a C1 control); the other
    escapes are kept, so the name printed is the name on disk.

    >>> printable("a\\nb"), printable("\\u202e.yaml"), printable("\\udce2\\udc80\\udcae.yaml")
    ('a\\\\x0ab', '\\\\u202e.yaml', '\\\\u202e.yaml')
    >>> printable("\\udcd0\\udcbf\\udc9b") == "\\udcd0\\udcbf\\\\x9b"
    True
    """
    text = str(text)
    if text.isprintable() and not BIDI_CONTROLS.intersection(text):
        return text
    parts = SURROGATE_ESCAPES.split(text)  # text, a run of escapes, text, ...
    return "".join(_printable_bytes(part) if i % 2 else _printable_text(part) for i, part in enumerate(parts))


def _escape(c: str) -> str:
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def _printable_text(text: str) -> str:
    return "".join(_escape(c) if c in BIDI_CONTROLS or unicodedata.category(c) == "Cc" else c for c in text)


def _printable_bytes(escapes: str) -> str:
    """A run of surrogate escapes with the controls its bytes spell as UTF-8 escaped, the rest kept as escapes."""
    out = []
    for c in escapes.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"):
        if "\udc80" <= c <= "\udcff":  # a byte that is no UTF-8 character
            out.append(f"\\x{ord(c) - 0xDC00:02x}" if c < "\udca0" else c)
        elif c in BIDI_CONTROLS or unicodedata.category(c) == "Cc":
            out.append(_escape(c))
        else:  # back to the escapes of its bytes (all >= 0x80: the run holds no ASCII)
            out.append(c.encode("utf-8").decode("ascii", "surrogateescape"))
    return "".join(out)


HEADLINE = ("grp", "grp_real", "employment", "average_wage", "budget_revenue_local", "tax_revenue_collected")

VERDICT_WORDING = {
    "ratio": "{value:.2f}x vs {threshold:.2f}x",
    "increase": "{value:+,.1f} vs {threshold:+,.1f} {unit}",
    "level": "{value:,.1f} vs {threshold:,.1f} {unit}",
}


#: plain words for the variables a reader meets first (the report, the terminal); IAMC names stay in the files.
#: ``{base_year}`` is the run's base year, whose prices real values are in. Others fall back to their description.
LABELS = {
    "grp": "GRP, current prices",
    "grp_real": "Real GRP, {base_year} prices",
    "employment": "Employment",
    "labour_force": "Labour force",
    "average_wage": "Average monthly wage",
    "average_wage_real": "Real average monthly wage, {base_year} prices",
    "wage_bill": "Wage bill",
    "budget_revenue_local": "Local budget tax revenue",
    "budget_revenue_local_real": "Local budget tax revenue, {base_year} prices",
    "tax_revenue_collected": "All taxes collected in the region",
    "tax_revenue_collected_real": "All taxes collected in the region, {base_year} prices",
    "wage_bill_new_jobs": "of which new jobs at the average wage",
    "wage_bill_composition": "of which their pay above the average",
    "wage_bill_pressure": "of which wage pressure",
    "budget_revenue_local_pressure": "of which from wage pressure",
    "tax_revenue_collected_pressure": "of which from wage pressure",
}


def label(key: str, base_year: int | None = None) -> str:
    """A variable in plain words: ``label("grp_real", 2023)`` is ``Real GRP, 2023 prices``."""
    text = LABELS.get(key, BY_KEY[key].description)
    return (
        text.replace("{base_year}", str(base_year))
        if base_year is not None
        else text.replace("{base_year}", "base-year")
    )


def headline_years(results) -> list[int]:
    years = {int(results.years[0]), int(results.years[-1])}
    years.update(t.year for t in results.targets)
    for y in (2025, 2030):
        if results.years[0] <= y <= results.years[-1]:
            years.add(y)
    return sorted(years)


def headline_table(results, years: list[int] | None = None) -> str:
    """Scenario vs baseline for the headline variables at a few years (medians of an ensemble's draws)."""
    years = years or headline_years(results)
    idx = [results.year_index(y) for y in years]
    names = {k: f"{label(k, results.base_year)} [{BY_KEY[k].unit}]" for k in HEADLINE}
    name_width = max(len(n) for n in names.values()) + 1
    lines = ["".ljust(name_width) + "".join(f"{y:>22d}" for y in years)]
    header = "scenario / baseline" if results.n_draws == 1 else "median: scen. / base."
    lines.append("".ljust(name_width) + "".join(f"{header:>22s}" for _ in years))
    for key in HEADLINE:
        s = results.central(key)[idx]
        b = results.central(key, baseline=True)[idx]
        cells = "".join(f"{f'{a:,.1f} / {c:,.1f}':>22s}" for a, c in zip(s, b, strict=True))
        lines.append(names[key].ljust(name_width) + cells)
    if results.n_draws > 1:
        lines.append(
            "(each column's median; a target's change is the median of each draw's scenario − baseline, "
            "which need not equal the difference of the two medians)"
        )
    return "\n".join(lines)


def _model_unit_to_reported(target):
    """Scale and unit to show a target's metric in (ratios as they are, with no unit)."""
    scale, unit = target_unit(target.variable, target.kind)
    return scale, "" if unit == "ratio" else unit


def share_text(p: float) -> str:
    """A probability as a percentage that never rounds a rare outcome to 0 % or 100 %: ``<1%``, ``>99%``."""
    if 0.0 < p < 0.01:
        return "<1%"
    if 0.99 < p < 1.0:
        return ">99%"
    return f"{p:.0%}"


#: the widest line the terminal and the report's summary print (the CLI indents by two more)
LINE_WIDTH = 96


def wrap_lines(head: str, parts: list[str], indent: str = "      ") -> str:
    """``head`` then each part on its own indented line, every line at most :data:`LINE_WIDTH` characters
    (a longer one is broken at spaces)."""
    lines = textwrap.wrap(head, LINE_WIDTH, subsequent_indent=indent, break_on_hyphens=False)
    for part in parts:
        lines += textwrap.wrap(part, LINE_WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                               break_on_hyphens=False)  # fmt: skip
    return "\n".join(lines)


def basis_label(target) -> str:
    """``nominal, as declared``, ``real``, ``head count``: the basis a verdict is on."""
    if target.basis == "count":
        return "head count"
    return f"{target.basis}, as declared" if target.declared else target.basis


def verdict_lines(results) -> list[str]:
    """One entry per target and basis, lines under 100 characters: the verdict in plain words with the value
    beside what is needed, then (indented) the share of draws, what the baseline alone gives, the yearly pace
    and the backtest's error at the target's horizon. An entry of several lines is one string with newlines."""
    entries = []
    ensemble = results.n_draws > 1
    for t in results.targets:
        scale, unit = _model_unit_to_reported(t)
        value = VERDICT_WORDING[t.kind].format(value=t.central_value * scale, threshold=t.threshold * scale, unit=unit)
        median = " at the median" if ensemble else ""  # the verdict, value and first year of the median draw
        rel = "vs baseline" if t.relative_to == "baseline" else f"vs {t.reference_year or 'base year'}"
        head = f"{printable(t.name)} [{basis_label(t)}, {rel}] by {t.year}: {timing_text(t)}{median} ({value})"
        parts = [f"reached in {share_text(t.probability)} of draws"] if ensemble else []
        if t.baseline_value is not None:  # the same target judged on the no-project baseline
            alone = f"without the projects {metric_text(t, t.baseline_value)}"
            parts.append(alone + (f", reached in {share_text(t.baseline_probability)} of draws" if ensemble else ""))
        parts += [text for text in (pace_text(t), baseline_error_text(results, t)) if text]
        entries.append(wrap_lines(head, parts))
    return entries


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1%}/yr"


def pace_text(target) -> str:
    """What the target needs per year beside what the scenario gives (:class:`simulator.model.targets.Pace`):
    ``needs +10.4%/yr from 2023 (scenario +12.0%/yr), +9.8%/yr from 2025 (scenario +11.1%/yr)``, or for a
    target against the baseline ``needs +9.6 billion KZT/yr added a year from 2025 (the scenario adds +8.1)``;
    empty when there is nothing to measure (a target year already published)."""
    pace = target.pace
    if pace is None:
        return ""
    if pace.kind == "amount":
        if pace.needed_from_last is None:
            return ""
        scale, unit = _model_unit_to_reported(target)
        return (
            f"needs {pace.needed_from_last * scale:+,.1f} {unit} added a year from {pace.last_year} "
            f"(the scenario adds {pace.given_from_last * scale:+,.1f})"
        )
    parts = []
    if pace.reference_year is not None and pace.needed_from_reference is not None:
        parts.append(
            f"{_rate(pace.needed_from_reference)} from {pace.reference_year} "
            f"(scenario {_rate(pace.given_from_reference)})"
        )
    if pace.last_year is not None and pace.needed_from_last is not None and pace.last_year != pace.reference_year:
        parts.append(f"{_rate(pace.needed_from_last)} from {pace.last_year} (scenario {_rate(pace.given_from_last)})")
    return "needs " + ", ".join(parts) if parts else ""


def baseline_error_at(results, target) -> tuple[str, int, float, float, float] | None:
    """The backtest's error of the no-project baseline at a target's horizon (years after the last published
    year): (what, horizon, median absolute error, low, high), low..high where 90 % of published values fell
    around the projection (docs/backtest.md), for a GRP or an employment target. None for a target year already
    published, for a target measured against the baseline itself (an increase over the baseline: the
    baseline's own error largely cancels) and for wages and taxes, which the backtest does not measure."""
    last = results.provenance.get("last_published_year")
    if last is None or target.year <= last or target.relative_to == "baseline":
        return None
    if target.variable not in ("grp", "employment"):  # the backtest measures GRP and employment only
        return None
    h = int(target.year - last)
    variable, what = ("employment", "employment") if target.variable == "employment" else ("grp_real", "real GRP")
    low, high = outcome_band(variable, h)
    return what, h, median_abs_error(variable, h), low, high


def baseline_error_text(results, target) -> str:
    """The backtest's error at the target's horizon, to read beside a verdict: ``backtest: real GRP 5 yrs ahead
    off by 6.0% (median), 90 % within -12% to +18%``; empty where :func:`baseline_error_at` gives none."""
    error = baseline_error_at(results, target)
    if error is None:
        return ""
    what, h, mae, low, high = error
    prices = " (volume; prices follow the deflator path)" if target.basis == "nominal" else ""
    return f"backtest: {what} {h} yrs ahead off by {mae:.1%} (median), 90 % within {low:+.0%} to {high:+.0%}{prices}"


# ---------------------------------------------------------------------------------------------- verdict texts

#: target variable -> how a sentence names it
TARGET_LABELS = {
    "grp": "GRP",
    "average_wage": "the average wage",
    "budget_revenue_local": "local budget tax revenue",
    "tax_revenue_collected": "tax revenue collected in the region",
    "employment": "employment",
}
BASIS_MEANING = {
    "nominal": "current prices, so inflation counts as growth",
    "real": "base-year prices, so only volume growth counts",
}


def metric_text(target, value: float) -> str:
    """A target's metric in reported units: ``2.12x``, ``+28.6 billion KZT/yr``, ``+9.6 thousand persons``."""
    scale, unit = _model_unit_to_reported(target)
    if target.kind == "ratio":
        return f"{value:.2f}x"
    sign = "+" if target.kind == "increase" else ""
    return f"{value * scale:{sign},.1f} {unit}"


def _years(n: int) -> str:
    return f"{n} year{'s' if n != 1 else ''}"


def timing_text(target) -> str:
    """When the target is met, in plain words: ``reached in 2029 (1 year early)``, ``reached in 2030``,
    ``reached in 2034 (4 years late)``, ``not reached within the horizon``; for a target met early and lost again
    by its year, ``not reached in 2030 (met in 2028, then fell back)``. ``first_year`` is the first year the
    (median) metric meets the threshold; ``reached`` is whether it does in the target year."""
    first, year = target.first_year, target.year
    if target.reached:
        if first is None or first == year:
            return f"reached in {year}"
        return f"reached in {first} ({_years(year - first)} early)"
    if first is None:
        return "not reached within the horizon"
    if first > year:
        return f"reached in {first} ({_years(first - year)} late)"
    return f"not reached in {year} (met in {first}, then fell back)"


def metric_number(target, value: float) -> str:
    """:func:`metric_text` without the unit (``+12.0``, ``2.26x``), for a line whose heading gives the unit."""
    scale, _ = _model_unit_to_reported(target)
    if target.kind == "ratio":
        return f"{value:.2f}x"
    return f"{value * scale:{'+' if target.kind == 'increase' else ''},.1f}"


def verdict_text(target, ensemble: bool = False) -> str:
    """:func:`timing_text`; for an ensemble, that of the median draw and the share of draws that reach the
    target in its year: ``reached in 2029 (1 year early) at the median; reached in 62% of draws``."""
    text = timing_text(target) + (" at the median" if ensemble else "")
    return text + (f"; reached in {share_text(target.probability)} of draws" if ensemble else "")


def basis_sentence(target, ensemble: bool = False, price_year: int | None = None) -> str:
    """One sentence that says what the verdict on this basis means; ``price_year``: the year whose prices real
    values are in (the run's base year), named instead of "base-year"."""
    value = target.central_value
    label = TARGET_LABELS.get(target.variable, target.variable)
    prices = f"{price_year} prices" if price_year is not None else "base-year prices"
    ref = f"its {target.reference_year or 'base-year'} level"
    if target.relative_to == "baseline":
        ref = "the no-project baseline in the same year"
    how = {
        "ratio": f"is {metric_text(target, value)} {ref}",
        "increase": f"is {metric_text(target, value)} above {ref}",
        "level": f"is {metric_text(target, value)}",
    }[target.kind]
    needed = metric_text(target, target.threshold)
    if target.basis == "real" and target.kind != "ratio":
        needed += f" (read in {prices})"
    if target.variable == "employment":
        opening = "Jobs are counted in persons, so nominal and real coincide"
        if target.relative_to == "baseline":
            label = (
                "employment of residents (net of jobs taken from existing firms and of vacancies left unfilled; "
                "jobs taken by commuters and by people leaving self-employment are not new employment)"
            )
    else:
        opening = f"On the {target.basis} basis ({BASIS_MEANING[target.basis].replace('base-year prices', prices)})"
    sentence = (
        f"{opening}: {label} in {target.year} {how}, against {needed} needed, so the target is "
        f"{verdict_text(target, ensemble)}."
    )
    if target.baseline_value is not None:
        reaches = "reaches" if target.baseline_value >= target.threshold else "does not reach"
        share = f" (it does in {share_text(target.baseline_probability)} of draws)" if ensemble else ""
        sentence += (
            f" Without the projects it would be {metric_text(target, target.baseline_value)}: the baseline alone "
            f"{reaches} the target{' at the median' if ensemble else ''}{share}."
        )
    pace = pace_text(target)
    if pace:
        growth = "growth" if target.pace.kind == "rate" else "impact"
        sentence += f" In yearly {growth}, the target {pace}."
    return sentence
