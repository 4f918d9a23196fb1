"""The sweep file: which scenarios, in which regions, at which parameter points, with how many draws; and the
plan it expands to, one :class:`Ensemble` per scenario × region × point, each with its own seed.

A sweep file is YAML read with the scenario files' safe loader and validated the same way (strict pydantic
models, unknown keys refused, every problem at once with file, line and key)::

    name: Kostanai plan in every region
    scenarios: [../scenarios/kostanai/plan.yaml]   # relative to this file
    regions: [kostanai, akmola]                    # optional: each scenario's region replaced by each of these
    grid:                                          # optional: every combination of the listed values
      parameters.flq_delta: [0.2, 0.3, 0.4]
    sample:                                        # or: points of a scrambled Sobol' design within bounds
      points: 8
      bounds: {parameters.flq_delta: [0.1, 0.5]}
    draws: 10000
    seed: 42
    block: 4096                                    # optional: draws per task

Addresses are those of ``regsim solve --vary`` (:func:`simulator.uncertainty.solve.set_leaf`). The ensembles
are numbered scenario by scenario, region by region, point by point; ensemble *i*'s seed is the first 64-bit
word of the *i*-th child of ``SeedSequence(seed).spawn(n)``, so ``regsim run`` of that scenario variant with
``--seed`` that number gives the same draws. An address that is a numeric leaf of no scenario of the sweep (a
typo) is refused with the file's other problems, at its key. A point that cannot be applied to some scenarios
only (an address one scenario does not have, a value outside the leaf's range) fails those ensembles only, with
the scenario and the point named; everything else in the file is checked before anything runs.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from scipy.stats import qmc

from .. import __version__
from ..errors import InputError, Problem
from ..region import resolve_region_id
from ..scenario import LoadedScenario, load_scenario
from ..scenario.schema import Scenario
from ..scenario.schema_errors import schema_problems
from ..scenario.source_map import SourceMap
from ..scenario.validate import check_scenario
from ..scenario.yaml_loader import MAX_FILE_BYTES, parse_yaml
from ..uncertainty.ensemble import prepare
from ..uncertainty.solve import set_leaf

#: most ensembles one sweep file may expand to (a typo in a grid should not plan a million runs)
MAX_ENSEMBLES = 100_000
MAX_DRAWS = 10_000_000

_ADDRESS = re.compile(r"[A-Za-z0-9_\-.]{3,}")
Address = Annotated[str, Field(min_length=3, pattern=r"^[A-Za-z0-9_\-.]+$")]


class SampleSpec(BaseModel):
    """``points`` parameter points from a scrambled Sobol' design over the box ``bounds`` ({address: [lo, hi]})."""

    model_config = ConfigDict(extra="forbid", strict=True)
    points: int = Field(ge=1, le=MAX_ENSEMBLES, description="number of parameter points")
    bounds: dict[Address, Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(
        min_length=1, description="{leaf address: [low, high]} of the box the points fill"
    )


class SweepFile(BaseModel):
    """A sweep: scenarios × regions × parameter points, each an ensemble of ``draws`` Monte Carlo draws."""

    model_config = ConfigDict(extra="forbid", strict=True, title="regsim sweep")
    name: str = Field(default="sweep", min_length=1, max_length=200, description="the sweep's name")
    description: str = Field(default="", max_length=5000)
    scenarios: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=1, description="scenario files, relative to the sweep file"
    )
    regions: list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None,
        min_length=1,
        description="regions each scenario is run in (its `region` replaced); default: the scenario's own",
    )
    grid: dict[Address, Annotated[list[float], Field(min_length=1)]] | None = Field(
        default=None, min_length=1, description="{leaf address: values}: every combination is a parameter point"
    )
    sample: SampleSpec | None = None
    draws: int = Field(ge=2, le=MAX_DRAWS, description="Monte Carlo draws per ensemble")
    seed: int = Field(ge=0, lt=2**63, description="the sweep's seed; each ensemble's is spawned from it")
    block: int | None = Field(default=None, ge=2, le=MAX_DRAWS, description="draws per task (default 4,096)")


DEFAULT_BLOCK = 4096


@dataclass(frozen=True)
class Ensemble:
    """One scenario in one region at one parameter point: ``draws`` draws seeded by ``seed``. ``scenario`` is the
    validated variant to run (None with ``error``, when the point cannot be applied)."""

    index: int
    scenario_file: str
    scenario_name: str
    region: str
    point: tuple[tuple[str, float], ...]
    seed: int
    draws: int
    scenario: Scenario | None
    error: str | None = None

    @property
    def point_text(self) -> str:
        return " ".join(f"{a}={v:.6g}" for a, v in self.point)

    @property
    def label(self) -> str:
        at = f" at {self.point_text}" if self.point else ""
        return f"{self.scenario_file} in {self.region}{at}"


@dataclass(frozen=True)
class SweepPlan:
    """A validated sweep file and its ensembles; ``fingerprint`` identifies it (the file's data, the sha256 of
    every scenario file read, the package version), so a resumed sweep is the same sweep."""

    path: Path
    spec: SweepFile
    ensembles: tuple[Ensemble, ...]
    block: int
    fingerprint: str

    def blocks(self, ensemble: Ensemble) -> list[tuple[int, int]]:
        return [(a, min(a + self.block, ensemble.draws)) for a in range(0, ensemble.draws, self.block)]


def ensemble_seeds(seed: int, n: int) -> list[int]:
    """The seeds of ``n`` ensembles: the first 64-bit word of each child of ``SeedSequence(seed).spawn(n)``
    (independent streams; a whole number ``np.random.default_rng`` and ``regsim run --seed`` accept)."""
    return [int(child.generate_state(1, dtype=np.uint64)[0]) for child in np.random.SeedSequence(seed).spawn(n)]


def read_sweep(path: str | os.PathLike) -> tuple[SweepFile, SourceMap]:
    """The sweep file validated on its own (its scenario files not read); InputError naming file, line and key for
    every problem."""
    data, source_map = _parse(path)
    spec, problems = _check_file(data, source_map)
    if problems:
        raise InputError(problems)
    return spec, source_map


def load_plan(path: str | os.PathLike) -> SweepPlan:
    """Read and check a sweep file and every scenario it names; expand it into ensembles (see the module).

    Every problem is collected in one pass and raised together: the file's own (schema, grid and sample, regions),
    each scenario file that does not load, and each grid or sample address that is a numeric leaf of no scenario
    of the sweep. Only a YAML syntax error stops earlier; the addresses are checked once every scenario file loads
    (an address missing from the scenarios that load might be a leaf of the one that does not)."""
    data, source_map = _parse(path)
    spec, problems = _check_file(data, source_map)
    base = Path(path).parent
    names = data.get("scenarios") if isinstance(data, dict) else None
    names = names if isinstance(names, list) else []
    loaded: list[LoadedScenario] = []
    leaves: list[frozenset[str]] = []
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name:
            continue  # a schema problem, reported above
        try:
            scenario = load_scenario(os.path.normpath(base / name))
        except InputError as exc:
            problems.append(_problem(source_map, ("scenarios", i), f"scenario {name} is not valid:"))
            problems += exc.problems
            continue
        loaded.append(scenario)
        leaves.append(frozenset(prepare(scenario.scenario)[3].leaves))
    if names and len(loaded) == len(names):
        problems += _address_problems(data, source_map, leaves)
    if problems or spec is None:
        raise InputError(problems)
    regions = [resolve_region_id(r) for r in spec.regions] if spec.regions else [None]
    points = parameter_points(spec)
    n = len(loaded) * len(regions) * len(points)
    if n > MAX_ENSEMBLES:
        raise InputError(_problem(source_map, (), f"expands to {n:,} ensembles; at most {MAX_ENSEMBLES:,}"))
    seeds = iter(ensemble_seeds(spec.seed, n))
    ensembles = []
    for file, scenario, its_leaves in zip(spec.scenarios, loaded, leaves, strict=True):
        for region in regions:
            for point in points:
                variant, error = apply_point(scenario, region, point, its_leaves)
                ensembles.append(
                    Ensemble(
                        index=len(ensembles),
                        scenario_file=file,
                        scenario_name=scenario.scenario.name,
                        region=region or scenario.scenario.region,
                        point=point,
                        seed=next(seeds),
                        draws=spec.draws,
                        scenario=variant,
                        error=error,
                    )
                )
    return SweepPlan(Path(path), spec, tuple(ensembles), spec.block or DEFAULT_BLOCK, _fingerprint(spec, loaded))


def _parse(path: str | os.PathLike) -> tuple[object, SourceMap]:
    """The sweep file's data and where each value was written; InputError if it cannot be read or parsed."""
    file = os.fspath(path)
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(Problem(file, None, None, "", f"cannot read the sweep file ({exc.strerror or exc})")) from None
    data, tree = parse_yaml(raw, file)
    return data, SourceMap(tree)


def _check_file(data, source_map: SourceMap) -> tuple[SweepFile | None, list[Problem]]:
    """The sweep file's own problems, all of them: the schema's, and those of whichever of grid, sample bounds and
    regions are well-formed (checked on the raw data, so a type error elsewhere does not hide them)."""
    problems: list[Problem] = []
    spec = None
    try:
        spec = SweepFile.model_validate(data, strict=True)
    except ValidationError as exc:
        problems += schema_problems(exc, data, source_map, SweepFile)
    if not isinstance(data, dict):
        return spec, problems
    grid, sample = data.get("grid"), data.get("sample")
    if grid is not None and sample is not None:
        problems.append(_problem(source_map, ("sample",), "give either grid or sample, not both"))
    bounds = sample.get("bounds") if isinstance(sample, dict) else None
    for address, pair in (bounds or {}).items() if isinstance(bounds, dict) else ():
        if isinstance(pair, list) and len(pair) == 2 and all(_is_number(v) for v in pair) and not pair[0] < pair[1]:
            problems.append(
                _problem(source_map, ("sample", "bounds", address), f"needs low < high (got {pair[0]}, {pair[1]})")
            )
    regions = data.get("regions")
    for i, region in enumerate(regions if isinstance(regions, list) else ()):
        if isinstance(region, str) and region and resolve_region_id(region) is None:
            problems.append(
                _problem(source_map, ("regions", i), f"no shipped region {region!r} (see `regsim regions`)")
            )
    return spec, problems


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _address_problems(data, source_map: SourceMap, leaves: list[frozenset[str]]) -> list[Problem]:
    """A problem at the key of each grid or sample address that is a numeric leaf of none of the scenarios (a
    typo); an address that only some scenarios have fails those ensembles only (:func:`apply_point`)."""
    known = frozenset().union(*leaves)
    places = []
    if isinstance(data.get("grid"), dict):
        places += [(("grid", a), a) for a in data["grid"]]
    sample = data.get("sample")
    if isinstance(sample, dict) and isinstance(sample.get("bounds"), dict):
        places += [(("sample", "bounds", a), a) for a in sample["bounds"]]
    problems = []
    for path, address in places:
        if not isinstance(address, str) or not _ADDRESS.fullmatch(address) or address in known:
            continue  # a malformed address is a schema problem
        close = difflib.get_close_matches(address, sorted(known), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        problems.append(
            source_map.problem(path, f"{address} is not a numeric leaf of any scenario of the sweep{hint}", key=True)
        )
    return problems


def parameter_points(spec: SweepFile) -> list[tuple[tuple[str, float], ...]]:
    """The grid's combinations (first address slowest), the sample's Sobol' points, or one empty point."""
    if spec.grid:
        addresses = list(spec.grid)
        return [tuple(zip(addresses, values, strict=True)) for values in itertools.product(*spec.grid.values())]
    if spec.sample:
        addresses = list(spec.sample.bounds)
        lo, hi = (np.array([spec.sample.bounds[a][k] for a in addresses]) for k in (0, 1))
        # the design's own stream: the sweep seed's child past every ensemble's (an ensemble's seed never equals it)
        rng = np.random.default_rng(np.random.SeedSequence(spec.seed, spawn_key=(MAX_ENSEMBLES,)))
        unit = qmc.Sobol(d=len(addresses), scramble=True, rng=rng).random(spec.sample.points)
        values = qmc.scale(unit, lo, hi)
        return [tuple((a, float(v)) for a, v in zip(addresses, row, strict=True)) for row in values]
    return [()]


def apply_point(
    loaded: LoadedScenario, region: str | None, point: tuple[tuple[str, float], ...], leaves
) -> tuple[Scenario | None, str | None]:
    """The scenario with its region replaced and the point's leaves set, validated as a scenario file is; or
    (None, why not). With nothing to change, the loaded scenario itself (what ``regsim run`` runs)."""
    original = loaded.scenario
    if (region is None or region == original.region) and not point:
        return original, None
    problems = []
    data = original.model_dump(exclude_none=True, warnings=False)
    if region is not None:
        data["region"] = region
    for address, value in point:
        if address not in leaves:
            close = difflib.get_close_matches(address, list(leaves), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            problems.append(f"{address} is not a numeric leaf of the scenario{hint}")
        elif set_leaf(data, address, float(value)) is None:
            problems.append(f"{address} cannot be set in the scenario")
    if not problems:
        try:
            variant = Scenario.model_validate(data, strict=True)
            problems += [
                p.message if not p.path else f"{p.path}: {p.message}"
                for p in check_scenario(variant, loaded.source_map)
            ]
        except ValidationError as exc:
            problems += [f"{p.path}: {p.message}" for p in schema_problems(exc, data, loaded.source_map, Scenario)]
    if problems:
        return None, "; ".join(problems)
    return variant, None


def _fingerprint(spec: SweepFile, loaded: list[LoadedScenario]) -> str:
    payload = {
        "spec": spec.model_dump(mode="json"),
        "scenarios": [sorted(s.hashes.values()) for s in loaded],
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _problem(source_map: SourceMap, path: tuple, message: str) -> Problem:
    return source_map.problem(path, message)
