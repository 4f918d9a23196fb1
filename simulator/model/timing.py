"""When projects produce and spend: utilisation by year from a start month and a ramp-up curve.

Time is continuous in years: a plant starting in month M of year Y (after a delay of d months) starts at
``Y + (M - 1)/12 + d/12``. A year's utilisation is the mean over its twelve month midpoints, with months
before the start counting zero, so a plant starting in October runs 3/12 of that year.
"""

from __future__ import annotations

import numpy as np

MONTH_MIDPOINTS = (np.arange(12) + 0.5) / 12.0  # (12,) fraction of a year
LOGISTIC_SPAN = 2.0 * np.log(19.0)  # k * years: the S-curve goes from 5 % to 95 % over `years`


def start_time(year: int, month: int, delay_months: np.ndarray) -> np.ndarray:
    """Start in continuous years, shape of ``delay_months`` ((D,) or (1,))."""
    return year + (month - 1) / 12.0 + np.asarray(delay_months, dtype=float) / 12.0


def months_since_start(start: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Years elapsed at each month midpoint: (D, T, 12); negative before the start."""
    clock = years[None, :, None] + MONTH_MIDPOINTS[None, None, :]
    return clock - np.asarray(start, dtype=float).reshape(-1, 1, 1)


def ramp_linear(elapsed: np.ndarray, years: np.ndarray) -> np.ndarray:
    """u(τ) = min(τ / years, 1) for τ >= 0, else 0. ``years`` broadcasts as (D, 1, 1)."""
    return np.where(elapsed >= 0.0, np.clip(elapsed / years, 0.0, 1.0), 0.0)


def ramp_logistic(elapsed: np.ndarray, years: np.ndarray) -> np.ndarray:
    """u(τ) = 1 / (1 + exp(-k (τ - years/2))), k = 2 ln 19 / years (5 % at τ = 0, 95 % at τ = years); 0 before."""
    k = LOGISTIC_SPAN / years
    z = np.clip(-k * (elapsed - 0.5 * years), -60.0, 60.0)
    return np.where(elapsed >= 0.0, 1.0 / (1.0 + np.exp(z)), 0.0)


def annual_utilisation(
    shape: str,
    start: np.ndarray,
    years: np.ndarray,
    ramp_years: np.ndarray | None = None,
    table: np.ndarray | None = None,
    table_shift_years: np.ndarray | None = None,
    cap: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Mean utilisation of capacity in each model year, shape (D, T).

    shape: ``linear`` / ``logistic`` (need ``ramp_years``, (D,) or (1,)) or ``table`` (needs ``table``, (D, T)
    utilisation while operating in each calendar year; a delay shifts the table by ``table_shift_years``).
    cap: utilisation ceiling ((D,) or scalar). Months before the start count zero.
    """
    elapsed = months_since_start(start, years)  # (D, T, 12)
    if shape == "linear":
        u = ramp_linear(elapsed, np.asarray(ramp_years, dtype=float).reshape(-1, 1, 1))
    elif shape == "logistic":
        u = ramp_logistic(elapsed, np.asarray(ramp_years, dtype=float).reshape(-1, 1, 1))
    elif shape == "table":
        u = _table_by_month(np.asarray(table, dtype=float), years, table_shift_years)
        u = np.where(elapsed >= 0.0, u, 0.0)
    else:  # pragma: no cover - the schema admits only the three shapes
        raise ValueError(f"unknown ramp shape {shape!r}")
    cap = np.asarray(cap, dtype=float).reshape(-1, 1, 1)
    return np.minimum(u, cap).mean(axis=2)


def _table_by_month(table: np.ndarray, years: np.ndarray, shift_years: np.ndarray | None) -> np.ndarray:
    """Table utilisation at each month midpoint, (D, T, 12), shifted later by ``shift_years`` ((D,) or None)."""
    if shift_years is None:
        return np.repeat(table[:, :, None], 12, axis=2)
    clock = years[None, :, None] + MONTH_MIDPOINTS[None, None, :] - np.asarray(shift_years).reshape(-1, 1, 1)
    index = np.clip(np.floor(clock).astype(int) - int(years[0]), 0, years.size - 1)  # (D, T, 12)
    rows = np.arange(table.shape[0]).reshape(-1, 1, 1) if table.shape[0] > 1 else 0
    return table[rows, index]


def spread_evenly(first: int, last: int, years: np.ndarray) -> np.ndarray:
    """Shares of a total spent evenly over calendar years ``first..last``: (T,), summing to 1 over all
    years (years outside the model's range get their share too, so the sum over model years may be < 1)."""
    n = last - first + 1
    return np.where((years >= first) & (years <= last), 1.0 / n, 0.0)
