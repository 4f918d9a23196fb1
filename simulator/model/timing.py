"""When projects produce and spend: utilisation by year from a start date and a ramp-up curve.

Time is continuous in years: a plant starting in month M of year Y (after a delay of d months) starts at
``s = Y + (M - 1)/12 + d/12``. A year's utilisation is the exact mean of the instantaneous utilisation u(τ)
over the calendar year [t, t + 1), τ = time since the start, with u = 0 before the start; so a plant starting
in October runs 3/12 of that year. The means have closed forms (antiderivatives below), so the cost is
O(draws × years) with no monthly grid.
"""

from __future__ import annotations

import numpy as np

LOGISTIC_SPAN = 2.0 * np.log(19.0)  # k * years: the S-curve goes from 5 % to 95 % over `years`


def start_time(year: int, month: int, delay_months: np.ndarray) -> np.ndarray:
    """Start in continuous years, shape of ``delay_months`` ((D,) or (1,))."""
    return year + (month - 1) / 12.0 + np.asarray(delay_months, dtype=float) / 12.0


def ramp_linear(elapsed: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Instantaneous u(τ) = min(τ / years, 1) for τ >= 0, else 0."""
    return np.where(elapsed >= 0.0, np.clip(elapsed / years, 0.0, 1.0), 0.0)


def ramp_logistic(elapsed: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Instantaneous u(τ) = 1 / (1 + exp(-k (τ - years/2))), k = 2 ln 19 / years (5 % at τ = 0, 95 % at
    τ = years); 0 before the start."""
    k = LOGISTIC_SPAN / years
    z = np.clip(-k * (elapsed - 0.5 * years), -60.0, 60.0)
    return np.where(elapsed >= 0.0, 1.0 / (1.0 + np.exp(z)), 0.0)


def _elapsed_bounds(start: np.ndarray, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Time since the start at the beginning and end of each calendar year, clipped at 0: (D, T) each."""
    start = np.asarray(start, dtype=float).reshape(-1, 1)
    return np.maximum(years[None, :] - start, 0.0), np.maximum(years[None, :] + 1.0 - start, 0.0)


def operating_fraction(start: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Share of each calendar year after the start, (D, T)."""
    lo, hi = _elapsed_bounds(start, years)
    return hi - lo


def _capped_integral(antiderivative, tau: np.ndarray, tau_cap: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """∫_0^τ min(u, cap) for a rising u with u(τ_cap) = cap: F(min(τ, τ_cap)) − F(0) + cap · max(τ − τ_cap, 0)."""
    below = np.minimum(tau, tau_cap)
    return antiderivative(below) - antiderivative(np.zeros((1, 1))) + cap * np.maximum(tau - tau_cap, 0.0)


def _linear_mean(lo, hi, ramp_years, cap):
    """Annual mean of min(τ/R, cap): ∫ τ/R = τ²/(2R); u reaches the cap at τ = cap·R."""
    cap = np.minimum(cap, 1.0)
    tau_cap = cap * ramp_years

    def f(tau):
        return tau * tau / (2.0 * ramp_years)

    return _capped_integral(f, hi, tau_cap, cap) - _capped_integral(f, lo, tau_cap, cap)


def _logistic_mean(lo, hi, ramp_years, cap):
    """Annual mean of min(σ(k(τ − m)), cap), m = R/2: ∫ σ(k(τ − m)) = softplus(k(τ − m)) / k."""
    k = LOGISTIC_SPAN / ramp_years
    m = 0.5 * ramp_years
    safe_cap = np.clip(cap, 1e-12, 1.0 - 1e-12)
    tau_cap = np.where(cap < 1.0, m + np.log(safe_cap / (1.0 - safe_cap)) / k, np.inf)
    tau_cap = np.maximum(tau_cap, 0.0)  # a cap below u(0) = 5 % binds from the start

    def f(tau):
        return np.logaddexp(0.0, k * (tau - m)) / k

    cap = np.minimum(cap, 1.0)
    mean = _capped_integral(f, hi, tau_cap, cap) - _capped_integral(f, lo, tau_cap, cap)
    return np.where(np.isinf(tau_cap), f(hi) - f(lo), mean)


def _table_mean(start, years, table, shift_years, cap, table_first_year=None):
    """Annual mean of a utilisation table keyed by calendar year and moved later by ``shift_years``.

    Table year k applies on [k + shift, k + 1 + shift) after the start; year t overlaps table years
    floor(t − shift) and the next one. table: (D, K), one column per calendar year from ``table_first_year``
    (default: the first of ``years``) on; years before its first column take that column's value, years after
    its last the last one's. A start before the first model year needs the table from the start year on (the
    model years then only see the part of the ramp-up from their first year on)."""
    shift = np.zeros(1) if shift_years is None else np.asarray(shift_years, dtype=float).reshape(-1)
    shift = shift[:, None]
    start = np.asarray(start, dtype=float).reshape(-1, 1)
    t = years[None, :].astype(float)
    first = np.floor(t - shift)
    origin = int(years[0]) if table_first_year is None else int(table_first_year)
    capped = np.minimum(table, np.asarray(cap, dtype=float).reshape(-1, 1))
    mean = 0.0
    for step in (0.0, 1.0):  # the two table years a calendar year can overlap
        k = first + step
        overlap = np.minimum(t + 1.0, k + 1.0 + shift) - np.maximum(np.maximum(t, k + shift), start)
        index = np.clip(k.astype(int) - origin, 0, capped.shape[1] - 1)
        mean = mean + np.maximum(overlap, 0.0) * _columns(capped, index)
    return mean


def _columns(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[d, index[d, t]]`` for values (D or 1, T) and index (D or 1, T): one gather of columns when the
    index is the same in every draw, else along each row."""
    if index.shape[0] == 1:
        return values[:, index[0]]
    if values.shape[0] == 1:
        return values[0][index]
    return np.take_along_axis(values, index, axis=1)


def annual_utilisation(
    shape: str,
    start: np.ndarray,
    years: np.ndarray,
    ramp_years: np.ndarray | None = None,
    table: np.ndarray | None = None,
    table_shift_years: np.ndarray | None = None,
    cap: np.ndarray | float = 1.0,
    table_first_year: int | None = None,
) -> np.ndarray:
    """Mean utilisation of capacity in each model year, shape (D, T).

    shape: ``linear`` / ``logistic`` (need ``ramp_years``, (D,) or (1,)) or ``table`` (needs ``table``, (D, K)
    utilisation while operating in each calendar year from ``table_first_year`` on, default the first of
    ``years``; a delay shifts the table by ``table_shift_years``). cap: utilisation ceiling ((D,) or scalar).

    Everything is timed from ``start``, never from ``years``: a plant that started before the first of
    ``years`` (the base year) is already part-way up its ramp in that year, and a ``years`` range starting later
    only drops columns (the utilisation of a calendar year does not depend on which years are modelled).
    """
    cap = np.asarray(cap, dtype=float).reshape(-1, 1)
    if shape == "table":
        return _table_mean(start, years, np.asarray(table, dtype=float), table_shift_years, cap, table_first_year)
    lo, hi = _elapsed_bounds(start, years)
    ramp_years = np.asarray(ramp_years, dtype=float).reshape(-1, 1)
    if shape == "linear":
        return _linear_mean(lo, hi, ramp_years, cap)
    if shape == "logistic":
        return _logistic_mean(lo, hi, ramp_years, cap)
    raise ValueError(f"unknown ramp shape {shape!r}")  # pragma: no cover - the schema admits only three


def spread_evenly(first: int, last: int, years: np.ndarray) -> np.ndarray:
    """Shares of a total spent evenly over calendar years ``first..last``: (T,), summing to 1 over all
    years (years outside the model's range get their share too, so the sum over model years may be < 1)."""
    n = last - first + 1
    return np.where((years >= first) & (years <= last), 1.0 / n, 0.0)
