"""The measured error of the no-project baseline, for the model's bands and for quoting beside verdicts.

``simulator/data/baseline_error.csv`` (written by ``tools/build_baseline_error.py`` from ``regsim backtest``
over every shipped region and base year, docs/backtest.md) holds, for real GRP (``grp_real``) and employment
(``employment``) and horizons 1..10 years after the last published year, the quantiles of the baseline's error
e = projected / published − 1 (a share) at probabilities 0.01, 0.02, ..., 0.99, pooled over regions and base
years. A published outcome consistent with a baseline projection B is B / (1 + e).

In an ensemble, draw **one** uniform rank u per draw and use it at every horizon (``error_at(v, h, u)``): the
backtest measured a rank correlation of a path's error at h with its error at h + 1 of about 0.9 or more
(header of the CSV), so a path that starts too high stays too high.

Nothing here imports the model: the model may import this module.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np

RESOURCE = "data/baseline_error.csv"


@dataclass(frozen=True)
class BaselineError:
    """probabilities (K,); horizons (H,) = 1..H; quantiles {variable: (H, K)} error shares; n {variable: (H,)}
    points behind each horizon; median_abs {variable: (H,)}; extrapolated {variable: (H,) bool}; header: the
    file's comment lines (how it was built)."""

    probabilities: np.ndarray
    horizons: np.ndarray
    quantiles: dict[str, np.ndarray]
    n: dict[str, np.ndarray]
    median_abs: dict[str, np.ndarray]
    extrapolated: dict[str, np.ndarray]
    header: tuple[str, ...]

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(self.quantiles)


def parse_baseline_error(text: str) -> BaselineError:
    """Read the CSV text (comment lines start with ``#``)."""
    header = tuple(line[1:].strip() for line in text.splitlines() if line.startswith("#"))
    body = "\n".join(line for line in text.splitlines() if line and not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body)))
    qcols = [c for c in rows[0] if c.startswith("q")]
    probabilities = np.array([float(c[1:]) for c in qcols])
    variables = list(dict.fromkeys(r["variable"] for r in rows))
    horizons = np.array(sorted({int(r["horizon"]) for r in rows}), dtype=int)
    if not np.array_equal(horizons, np.arange(1, horizons.size + 1)):
        raise ValueError(f"{RESOURCE}: horizons must run 1..H without gaps")
    out: dict[str, dict[str, np.ndarray]] = {k: {} for k in ("q", "n", "mae", "x")}
    for v in variables:
        mine = sorted((r for r in rows if r["variable"] == v), key=lambda r: int(r["horizon"]))
        if [int(r["horizon"]) for r in mine] != horizons.tolist():
            raise ValueError(f"{RESOURCE}: {v} does not cover horizons 1..{horizons[-1]}")
        out["q"][v] = _frozen([[float(r[c]) for c in qcols] for r in mine])
        out["n"][v] = _frozen([int(r["n"]) for r in mine])
        out["mae"][v] = _frozen([float(r["median_abs_error"]) for r in mine])
        out["x"][v] = np.array([r["extrapolated"].strip().lower() in ("1", "true", "yes") for r in mine])
        out["x"][v].flags.writeable = False
        if np.any(np.diff(out["q"][v], axis=1) < 0):
            raise ValueError(f"{RESOURCE}: {v} quantiles decrease with the probability")
    return BaselineError(
        probabilities=_frozen(probabilities),
        horizons=horizons,
        quantiles=out["q"],
        n=out["n"],
        median_abs=out["mae"],
        extrapolated=out["x"],
        header=header,
    )


def _frozen(values) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


@functools.cache
def load_baseline_error() -> BaselineError:
    """The shipped table (``simulator/data/baseline_error.csv``), read once."""
    text = resources.files("simulator").joinpath(RESOURCE).read_text(encoding="utf-8")
    return parse_baseline_error(text)


def _rows(table: BaselineError, variable: str, horizon) -> tuple[np.ndarray, np.ndarray]:
    """Row index (0-based, clipped to 0..H−1) and scale of each horizon: 1 within 1..H; beyond H the last row
    scaled by sqrt(h / H) (the rule the file's extrapolated rows follow); 0 at h ≤ 0."""
    if variable not in table.quantiles:
        raise KeyError(f"no baseline error for {variable!r}; have {', '.join(table.variables)}")
    h = np.asarray(horizon)
    if not np.issubdtype(h.dtype, np.integer):
        if np.any(h != np.round(h)):
            raise ValueError(f"horizons are whole years (got {horizon!r})")
        h = np.round(h).astype(int)
    last = int(table.horizons[-1])
    index = np.clip(h, 1, last) - 1
    scale = np.where(h <= 0, 0.0, np.sqrt(np.maximum(h, last) / last))
    return index, scale


def error_at(variable: str, horizon, u) -> np.ndarray:
    """The baseline error (share) at ``horizon`` years after the last published year for uniform ranks ``u``:
    the tabulated quantile function interpolated linearly in the probability; ``u`` below 0.01 or above 0.99 takes
    the 1 % or 99 % quantile (the tails beyond are not measured). ``horizon`` and ``u`` broadcast together;
    horizon ≤ 0 gives 0 (published years carry no baseline error); beyond the table's last horizon H, the
    last row × sqrt(h / H)."""
    table = load_baseline_error()
    u = np.asarray(u, dtype=float)
    index, scale = _rows(table, variable, horizon)
    index, scale, u = np.broadcast_arrays(index, scale, u)
    p = table.probabilities
    uc = np.clip(u, p[0], p[-1])
    j = np.clip(np.searchsorted(p, uc, side="right") - 1, 0, p.size - 2)
    w = (uc - p[j]) / (p[j + 1] - p[j])
    q = table.quantiles[variable]
    value = q[index, j] * (1.0 - w) + q[index, j + 1] * w
    return value * scale


def median_abs_error(variable: str, horizon: int) -> float:
    """Median absolute baseline error (share) of ``variable`` at ``horizon`` (0 at h ≤ 0; sqrt-scaled beyond
    the table)."""
    table = load_baseline_error()
    index, scale = _rows(table, variable, horizon)
    return float(table.median_abs[variable][int(index)] * float(scale))


def error_band(variable: str, horizon: int, level: float = 0.90) -> tuple[float, float]:
    """The central ``level`` band of the baseline error at ``horizon`` (default 5–95 %), as (low, high) shares."""
    if not 0.0 < level <= 0.98:
        raise ValueError(f"level must be in (0, 0.98] (the table spans 1–99 %), got {level}")
    low, high = error_at(variable, horizon, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return float(low), float(high)


def outcome_band(variable: str, horizon: int, level: float = 0.90) -> tuple[float, float]:
    """The central ``level`` band of where published values fell relative to the baseline, published /
    projected − 1 = 1 / (1 + e) − 1, as (low, high) shares: the error band turned around (a projection too high,
    e > 0, is a published value below it)."""
    low, high = error_band(variable, horizon, level)
    return 1.0 / (1.0 + high) - 1.0, 1.0 / (1.0 + low) - 1.0


def describe(variable: str, horizon: int) -> str:
    """Text to quote beside a verdict, e.g. ``baseline error 5 years ahead: median ±6.6 %; published values
    fell −11.2 to +21.5 % from the baseline (5–95 %)``."""
    if horizon <= 0:
        return "published year: no baseline error"
    low, high = outcome_band(variable, horizon)
    mae = median_abs_error(variable, horizon)
    years = "year" if horizon == 1 else "years"
    return (
        f"baseline error {horizon} {years} ahead: median ±{100 * mae:.1f} %; published values fell "
        f"{_signed(100 * low)} to {_signed(100 * high)} % from the baseline (5–95 %)"
    )


def _signed(value: float) -> str:
    if not math.isfinite(value):
        return "?"
    return f"{value:+.1f}".replace("-", "−")
