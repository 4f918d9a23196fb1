"""Files and tables made from a backtest (``regsim backtest``, docs/backtest.md): backtest.csv, summary.csv and
summary.md, and the shipped baseline-error table (``simulator/data/baseline_error.csv``, read by
:mod:`simulator.baseline_error`) with the serial correlations that justify one rank per draw."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
from scipy.stats import spearmanr

from .backtest import (
    CSV_COLUMNS,
    METHOD_LABELS,
    METHODS,
    SHIPPED,
    SUMMARY_COLUMNS,
    VARIABLE_LABELS,
    VARIABLES,
    Backtest,
)
from .model.trend import TOTAL_POOLING


def points_csv(backtest: Backtest) -> str:
    """backtest.csv: one row per point; error and levels as numbers, error in %."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in backtest.points:
        writer.writerow(
            [
                p.region,
                p.base_year,
                p.year,
                p.horizon,
                p.variable,
                p.method,
                _num(p.projected),
                _num(p.published),
                f"{100.0 * p.error:.4f}",
                _num(p.p05),
                _num(p.p95),
            ]
        )
    return out.getvalue()


def summary_csv(backtest: Backtest) -> str:
    """summary.csv: one row per variable, horizon and method (``SUMMARY_COLUMNS``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for row in backtest.summary:
        writer.writerow([_cell(row[c]) for c in SUMMARY_COLUMNS])
    return out.getvalue()


def summary_markdown(backtest: Backtest) -> str:
    """summary.md: one Markdown table per variable, a row per horizon, the three methods side by side."""
    lines = [
        "# Backtest of the baseline trends",
        "",
        f"Regions: {len(backtest.regions)}; base years {year_span(backtest.base_years)}; pooling weight of the "
        f"region's own history {backtest.pooling:g} (sectors, employment) and {TOTAL_POOLING:g} (the GRP trend the "
        "sectors are centred on). Error = projected / published − 1, in %. Bias = median error; |e| = absolute "
        "error (median / mean). Coverage: share of published values inside the leave-one-region-out "
        "5–95 % band of the shipped method (docs/backtest.md).",
        "",
    ]
    for variable in VARIABLES:
        horizons = sorted({int(r["horizon"]) for r in backtest.summary if r["variable"] == variable})
        if not horizons:
            continue
        lines += [
            f"## {VARIABLE_LABELS[variable]}",
            "",
            "Each method's cell: bias / median |error| / mean |error|, in %.",
            "",
        ]
        head = ["horizon", "n", *(METHOD_LABELS[m] for m in METHODS), "coverage of the 5–95 % band"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join("---:" for _ in head) + "|")
        for h in horizons:
            shipped = backtest.summary_row(variable, h, SHIPPED)
            cells = [str(h), str(shipped["n"]) if shipped else "0"]
            for m in METHODS:
                row = backtest.summary_row(variable, h, m)
                keys = ("bias_pct", "median_abs_error_pct", "mean_abs_error_pct")
                cells.append(" / ".join(_pct(row[k]) for k in keys) if row else "")
            cov = shipped["coverage_pct"] if shipped else math.nan
            cells.append(f"{cov:.0f} % (n={shipped['n_band']})" if shipped and math.isfinite(cov) else "–")
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _num(value: float) -> str:
    return "" if not math.isfinite(value) else f"{value:.6g}" if abs(value) < 1e3 else f"{value:.1f}"


def _cell(value) -> str:
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.4f}"
    return str(value)


def _pct(value) -> str:
    """One decimal, a minus sign only when the rounded value is negative (no "-0.0")."""
    if not math.isfinite(value):
        return ""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text.replace("-", "−")


def year_span(years) -> str:
    """2015–2022 for a run of years, 2019 for one, a list otherwise, "none" for none."""
    years = sorted(years)
    if not years:
        return "none"
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))


#: the variables and horizons of simulator/data/baseline_error.csv (simulator/baseline_error.py)
BASELINE_ERROR_VARIABLES = ("grp_real", "employment")
BASELINE_ERROR_HORIZONS = 10
BASELINE_ERROR_PROBABILITIES = tuple(round(k / 100, 2) for k in range(1, 100))
#: fewest errors a horizon's quantiles are measured from; horizons with fewer are extrapolated
BASELINE_ERROR_MIN_POINTS = 40


def path_correlations(backtest: Backtest, variable: str, lag: int = 1) -> dict[int, tuple[float, float, int]]:
    """{h: (rank correlation, Pearson correlation, pairs)} of the shipped method's error at horizon h with the same
    region and base year's error at h + ``lag``."""
    errors = {
        (p.region, p.base_year, p.horizon): p.error
        for p in backtest.points
        if p.variable == variable and p.method == SHIPPED
    }
    out = {}
    for h in sorted({k[2] for k in errors}):
        pairs = [
            (e, errors[(r, b, h + lag)]) for (r, b, hh), e in errors.items() if hh == h and (r, b, h + lag) in errors
        ]
        if len(pairs) >= 3:
            a, c = np.array(pairs).T
            out[h] = (rank_correlation(a, c), _corr(a, c), len(pairs))
    return out


def rank_correlation(a, b) -> float:
    """Spearman's rank correlation of two equally long samples (scipy.stats.spearmanr)."""
    return float(spearmanr(a, b).statistic)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson's correlation (NaN when either sample is constant)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.corrcoef(a, b)[0, 1])


def baseline_error_table(
    backtest: Backtest,
    variables=BASELINE_ERROR_VARIABLES,
    horizons: int = BASELINE_ERROR_HORIZONS,
    probabilities=BASELINE_ERROR_PROBABILITIES,
    min_points: int = BASELINE_ERROR_MIN_POINTS,
) -> list[dict[str, object]]:
    """Rows of baseline_error.csv: per variable and horizon 1..``horizons``, the shipped method's error quantiles
    at ``probabilities`` pooled over regions and base years, the number of points and the median absolute
    error. A horizon with fewer than ``min_points`` errors (the longest ones: few base years reach them) takes
    the last horizon H0 with enough, scaled by sqrt(h / H0): the spread of a random walk's error grows with the
    square root of the horizon (the trend's own error, which grows with h itself, is left out: the rule is a
    floor, not a bound). ``extrapolated`` marks those rows. The spread around the median never narrows with the
    horizon: each quantile's distance from the median is carried to later horizons where sampling noise would
    shrink it (fewer base years reach the long horizons), so a fan chart does not pinch."""
    probs = np.asarray(probabilities, dtype=float)
    rows = []
    for variable in variables:
        measured: dict[int, np.ndarray] = {}
        for h in range(1, horizons + 1):
            e = backtest.errors(variable, SHIPPED, h)
            if e.size >= min_points:
                measured[h] = e
            else:
                break
        if not measured:
            raise ValueError(f"no horizon of {variable} has {min_points} errors or more")
        last = max(measured)
        for h in range(1, horizons + 1):
            if h in measured:
                e = measured[h]
                q, mae, extrapolated = np.quantile(e, probs), float(np.median(np.abs(e))), False
            else:
                e = measured[last]
                scale = math.sqrt(h / last)
                q, mae, extrapolated = np.quantile(e, probs) * scale, float(np.median(np.abs(e))) * scale, True
            if h > 1 and rows and rows[-1]["variable"] == variable:  # a spread that never narrows
                q = _widen(q, rows[-1]["quantiles"], probs)
            rows.append(
                {
                    "variable": variable,
                    "horizon": h,
                    "n": int(backtest.errors(variable, SHIPPED, h).size),
                    "extrapolated": extrapolated,
                    "median_abs_error": mae,
                    "quantiles": q,
                }
            )
    return rows


def _widen(q: np.ndarray, before: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Quantiles ``q`` with each one's distance from the median at least that of ``before`` (the previous
    horizon's), on its own side: upper quantiles no lower, lower ones no higher, relative to this median."""
    mid = int(np.argmin(np.abs(probs - 0.5)))
    spread = q - q[mid]
    previous = before - before[mid]
    upper = probs > 0.5
    spread = np.where(upper, np.maximum(spread, previous), np.minimum(spread, previous))
    return q[mid] + spread


def baseline_error_csv(backtest: Backtest, header: list[str], **kwargs) -> str:
    """baseline_error.csv: ``header`` lines as ``#`` comments, then one row per variable and horizon."""
    rows = baseline_error_table(backtest, **kwargs)
    probs = kwargs.get("probabilities", BASELINE_ERROR_PROBABILITIES)
    out = io.StringIO()
    for line in header:
        out.write(f"# {line}\n" if line else "#\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["variable", "horizon", "n", "extrapolated", "median_abs_error", *(f"q{p:.2f}" for p in probs)])
    for row in rows:
        writer.writerow(
            [
                row["variable"],
                row["horizon"],
                row["n"],
                int(row["extrapolated"]),
                f"{row['median_abs_error']:.6f}",
                *(f"{v:.6f}" for v in row["quantiles"]),
            ]
        )
    return out.getvalue()
