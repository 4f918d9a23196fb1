"""Goal seek: the value of one scenario leaf at which a target is just reached in its year.

For target θ on its declared basis and leaf address a (any numeric leaf, e.g.
``projects.kia.production.unit_price.value``; every other leaf at its central value), find v with
g(v) = metric_v(target year) − θ = 0. The bounds are scanned first on a grid of 33 values in one model call
(all values run as draws of one ensemble); a sign change brackets a root that :func:`scipy.optimize.brentq`
refines, and the statement says on which side of the root the target is met. Without a sign change no value
within the bounds reaches the target, or every value does: the result says which, and how close the best
value comes. Several sign changes are all reported; the root given is the first one from the lower bound.
Step-like leaves (a delay in months moves output month by month) give the value where the step crosses the
threshold. Bounds outside the values the scenario language allows the leaf (its range, and validation's bounds
on magnitudes) are an InputError naming the leaf and the rule, before the model runs.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

import numpy as np
from pydantic import ValidationError
from scipy import optimize

from ..errors import InputError
from ..model.simulate import check_finite
from ..model.targets import evaluate_targets, published_references
from ..scenario.schema import Scenario
from ..scenario.schema_errors import schema_problems
from ..scenario.source_map import Location, Node, SourceMap
from ..scenario.validate import check_scenario
from ..variables import target_unit
from .ensemble import prepare, run_model
from .sampling import percentile_value

GRID = 33


@dataclass(frozen=True)
class Solution:
    """Outcome of a goal seek. value: the root (None when the target is not crossed within the bounds);
    crossings: every bracketed root; best_value/best_metric: where the metric comes closest (or highest)."""

    target: str
    basis: str
    year: int
    threshold: float
    address: str
    bounds: tuple[float, float]
    central_value: float
    central_metric: float
    value: float | None
    crossings: tuple[float, ...]
    reached_everywhere: bool
    best_value: float
    best_metric: float
    #: for the root returned: "above" if values above it reach the target, "below" if values below it do
    reached_side: str = "above"
    #: how to report threshold and metric: reported = model value × scale, in ``unit`` ("ratio" for ratios)
    scale: float = 1.0
    unit: str = ""

    def _q(self, value: float) -> str:
        """A threshold or metric in the reported unit."""
        return f"{value * self.scale:.6g}" + (f" {self.unit}" if self.unit and self.unit != "ratio" else "")

    @property
    def found(self) -> bool:
        return self.value is not None

    def statement(self) -> str:
        lo, hi = self.bounds
        head = (
            f"target {self.target} ({self.basis}, threshold {self._q(self.threshold)}) in {self.year}, every other "
            "input at its central value"
        )
        if self.found:
            extra = ""
            if len(self.crossings) > 1:
                listed = ", ".join(f"{c:.6g}" for c in self.crossings)
                extra = f" (the metric crosses the threshold {len(self.crossings)} times: at {listed})"
            relation = ">=" if self.reached_side == "above" else "<="
            return (
                f"{head}: reached for {self.address} {relation} {self.value:.6g} "
                f"(central value {self.central_value:.6g}, metric there {self._q(self.central_metric)}){extra}"
            )
        if self.reached_everywhere:
            return (
                f"{head}: reached for every value in [{lo:.6g}, {hi:.6g}] (lowest metric {self._q(self.best_metric)} "
                f"at {self.best_value:.6g}); no value within the bounds misses it"
            )
        return (
            f"{head}: NOT reachable: no value in [{lo:.6g}, {hi:.6g}] reaches it; the best, "
            f"{self.address} = {self.best_value:.6g}, gives {self._q(self.best_metric)} "
            f"against {self._q(self.threshold)}"
        )


def _target_gap(scenario, region, target, address, values: np.ndarray, central):
    """metric − threshold in the target year, declared basis, for each value of the leaf: (m,). ``central``:
    the scenario's central ModelInputs (years, and the inputs to name if the results are not finite)."""
    values = np.atleast_1d(np.asarray(values, dtype=float))
    arrays = run_model(scenario, region, {address: values}, values.size, cache=central.cache)
    check_finite(arrays, central)
    references = published_references([target], central)
    results = evaluate_targets([target], arrays, central.years, central.base_year, references)
    result = next(r for r in results if r.declared)
    return np.broadcast_to(result.value_at_year, values.shape) - result.threshold, result


def default_bounds(address: str, central) -> tuple[float, float]:
    """A distribution's support where finite, else its 0.1st–99.9th percentiles; a plain number needs bounds."""
    dist = central.distributions.get(address)
    if dist is None:
        raise InputError(f"{address} is a plain number ({central.leaves[address]:g}): give --bounds LO HI")
    lo, hi = dist.support()
    lo = lo if math.isfinite(lo) else percentile_value(dist, 0.001)
    hi = hi if math.isfinite(hi) else percentile_value(dist, 0.999)
    return float(lo), float(hi)


def check_address(address: str, leaves) -> None:
    if address not in leaves:
        close = difflib.get_close_matches(address, list(leaves), n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"--vary {address}: not a numeric leaf of the scenario{hint}")


def set_leaf(data: dict, address: str, value: float) -> tuple | None:
    """Write ``value`` at a leaf address (``projects.kia.jobs.permanent``, ``parameters.cpi_inflation.2026``) into
    a scenario document; returns its document path (indices, not ids), or None if the address is not found."""
    parts = address.split(".")
    if parts[0] == "parameters" and len(parts) in (2, 3):
        params = data.setdefault("parameters", {})
        current = params.get(parts[1])
        if len(parts) == 3 and isinstance(current, dict) and "dist" not in current and parts[2].isdigit():
            current[int(parts[2])] = value
            return ("parameters", parts[1], int(parts[2]))
        params[parts[1]] = value  # a default path's year, or a plain number: the same range holds for every year
        return ("parameters", parts[1])
    if parts[0] not in ("projects", "baseline_changes") or len(parts) < 3:
        return None
    ids = [item.get("id") for item in data.get(parts[0], [])]
    if parts[1] not in ids:
        return None
    path: list = [parts[0], ids.index(parts[1])]
    node = data[parts[0]][path[1]]
    for i, part in enumerate(parts[2:]):
        key = int(part) if part.isdigit() and isinstance(node, dict) and int(part) in node else part
        if i == len(parts) - 3:
            node[key] = value
            return (*path, key)
        child = node.get(key) if isinstance(node, dict) else None
        if isinstance(child, str) and key == "start":  # a plain start month: its delay is written in a mapping
            child = node[key] = {"date": child}
        if not isinstance(child, dict):
            return None
        node, path = child, [*path, key]
    return None


def bound_problems(scenario, source_map, address: str, bounds: tuple[float, float]) -> list[str]:
    """Why the leaf at ``address`` may not take the values ``bounds``: the scenario validated with the leaf set to
    each bound (the schema's range and the magnitude bounds of validation, at that leaf only: other rules, such
    as shares summing to 1, concern the leaf together with others and are the goal seek's business)."""
    messages = []
    for value in dict.fromkeys(bounds):
        data = scenario.model_dump(exclude_none=True, warnings=False)
        path = set_leaf(data, address, float(value))
        if path is None:
            continue
        try:
            problems = check_scenario(Scenario.model_validate(data, strict=True), source_map)
        except ValidationError as exc:
            problems = schema_problems(exc, data, source_map, Scenario)
        where = source_map.dotted(path)
        messages += [f"{address} = {value:g}: {p.message}" for p in problems if p.path == where]
    return messages


def _root(gap, a: float, b: float, xtol: float) -> float:
    """The root of the gap in a grid cell [a, b] where it changes sign.

    brentq's tolerance is absolute, so a cell of one sign spanning orders of magnitude is first narrowed on
    geometric grids (one model call of GRID values each) to within a factor of 2, and then refined to 1e-12 of
    its own size: the first cell of a linear grid over [1, 1e300] is [1, 3e298], and a tolerance set by the
    bounds (1e288) stopped brentq at the cell's end, 1, for a root near 1e4. ``xtol``: the tolerance of a cell
    that straddles zero, where no relative one exists."""
    while (a > 0 and b / a > 2) or (b < 0 and a / b > 2):
        grid = np.geomspace(a, b, GRID)
        met = gap(grid)[0] >= 0
        changes = np.flatnonzero(met[1:] != met[:-1])
        if not changes.size:  # pragma: no cover - the ends differ in sign, so some neighbours do
            break
        a, b = float(grid[changes[0]]), float(grid[changes[0] + 1])
    if a > 0 or b < 0:
        xtol = 1e-12 * max(abs(a), abs(b))
    return float(optimize.brentq(lambda v: float(gap(np.array([v]))[0][0]), a, b, xtol=xtol))


def solve(scenario, target: str, address: str, bounds: tuple[float, float] | None = None, *, region=None):
    """Goal seek (see the module docstring); returns a :class:`Solution`."""
    source_map = getattr(scenario, "source_map", None)
    scenario, _, region, central = prepare(scenario, region)
    by_id = {t.id: t for t in scenario.targets}
    if target not in by_id:
        known = ", ".join(by_id) or "none"
        raise InputError(f"--target {target}: no such target in the scenario (targets: {known})")
    check_address(address, central.leaves)
    lo, hi = (float(b) for b in bounds) if bounds is not None else default_bounds(address, central)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError(f"--bounds {lo:g} {hi:g}: need finite LO < HI")
    if source_map is None:
        source_map = SourceMap(Node(Location("", 1, 1), children={}))
    outside = bound_problems(scenario, source_map, address, (lo, hi))
    if outside:
        raise InputError([f"--bounds {lo:g} {hi:g}: {message}" for message in outside])

    spec = by_id[target]

    def gap(values):
        return _target_gap(scenario, region, spec, address, values, central)

    grid = np.linspace(lo, hi, GRID)
    gaps, result = gap(grid)
    threshold = result.threshold
    central_value = float(central.leaves[address])
    central_gap = float(gap(np.array([central_value]))[0][0])
    met = gaps >= 0
    brackets = np.flatnonzero(met[1:] != met[:-1])
    crossings = tuple(
        _root(gap, float(grid[i]), float(grid[i + 1]), 1e-12 * max(abs(lo), abs(hi), 1.0)) for i in brackets
    )
    best = int(np.argmin(gaps)) if met.all() else int(np.argmax(gaps))
    return Solution(
        target=target,
        basis=result.basis,
        year=int(spec.year),
        threshold=float(threshold),
        address=address,
        bounds=(lo, hi),
        central_value=central_value,
        central_metric=central_gap + float(threshold),
        value=crossings[0] if crossings else None,
        crossings=crossings,
        reached_everywhere=bool(met.all()),
        scale=target_unit(spec.variable, spec.kind)[0],
        unit=target_unit(spec.variable, spec.kind)[1],
        best_value=float(grid[best]),
        best_metric=float(gaps[best] + threshold),
        reached_side="above" if brackets.size and met[brackets[0] + 1] else "below",
    )
