"""A sweep's draws on disk: one Zarr store per sweep, one group per ensemble, one (draw, year) array per total.

Zarr because other tools read it lazily and in parallel without regsim (``xarray.open_zarr``, ``dask.array
.from_zarr``, zarr in R or Julia), chunk by chunk, compressed, and because a chunk written is a file of its own:
a block of draws lands in its own chunks, and a sweep stopped half-way keeps every block it finished.

Layout (``sweep.zarr``)::

    attrs         regsim_sweep (the plan's fingerprint), layout (``LAYOUT``), name, seed, draws, block
    e00000/       one group per ensemble; attrs: scenario file and name, region, point, seed, draws,
                  constant (totals that depend on no sampled leaf), status, error
      year        (T,) the years
      totals      (draws, V, T) float32, chunks (block, V, T), dimensions (draw, variable, year), model units;
                  attrs["variables"] names the V totals (``grp_real``, ``baseline:grp_real``, ...): the totals of
                  the model, scenario and no-project baseline, that ``simulate_ensemble`` keeps
      done        (blocks,) bool: block b is written (set after its data, so a block cut off mid-write re-runs)

One chunk per block of draws: a task's result is one write.

Values are what ``simulate_ensemble`` keeps of each draw (:func:`simulator.uncertainty.store.stored_arrays`):
the model's totals rounded to float32, the same bits. The totals derived from others (nominal GRP, real values,
budget sums: :data:`simulator.model.simulate.DERIVED`) are not stored, as the ensemble does not keep them: they
are computed in float64 from the stored ones when read (:meth:`SweepStore.all_totals`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import zarr

from ..errors import InputError
from ..uncertainty.ensemble import read_stored
from ..uncertainty.store import STORED
from .spec import Ensemble, SweepPlan
from .tasks import Block

STORE_NAME = "sweep.zarr"
#: the store's layout: 2 since the totals are kept as the ensemble keeps them (float32, derived ones not stored);
#: a store of another layout is not resumed
LAYOUT = 2
#: Blosc LZ4 with byte shuffle: the same size as zarr's default Zstandard on the model's totals (15.2 and 15.1 MB
#: for a 4,096-draw block of 20 MB when they were kept in float64) and some 10 times faster to write (0.04 s
#: against 0.43 s), which matters because the client writes every block
COMPRESSOR = zarr.codecs.BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")


def group_name(index: int) -> str:
    return f"e{index:05d}"


class SweepStore:
    """The Zarr store of a sweep, written by the one process that runs the sweep (the client), read by any."""

    def __init__(self, path: Path, plan: SweepPlan, resume: bool = False):
        self.path = Path(path)
        self.plan = plan
        if resume:
            try:
                self.root = zarr.open_group(str(self.path), mode="r+")
            except (FileNotFoundError, zarr.errors.GroupNotFoundError):
                raise InputError(f"{self.path}: no sweep to resume here") from None
            if self.root.attrs.get("layout") != LAYOUT:
                raise InputError(
                    f"{self.path}: written by another version of regsim (store layout "
                    f"{self.root.attrs.get('layout', 1)}, this one writes {LAYOUT}); run without --resume to replace it"
                )
            if self.root.attrs.get("regsim_sweep") != plan.fingerprint:
                raise InputError(
                    f"{self.path}: holds a different sweep (another sweep file, other scenario files or another "
                    "regsim version); run without --resume to replace it, or choose another --out"
                )
        else:
            self.root = zarr.open_group(str(self.path), mode="w")
            self.root.attrs.update(
                {
                    "regsim_sweep": plan.fingerprint,
                    "layout": LAYOUT,
                    "name": plan.spec.name,
                    "seed": plan.spec.seed,
                    "draws": plan.spec.draws,
                    "block": plan.block,
                    "ensembles": len(plan.ensembles),
                }
            )
            for ensemble in plan.ensembles:
                group = self.root.create_group(group_name(ensemble.index))
                group.attrs.update(
                    {
                        "scenario_file": ensemble.scenario_file,
                        "scenario": ensemble.scenario_name,
                        "region": ensemble.region,
                        "point": [[a, v] for a, v in ensemble.point],
                        "seed": str(ensemble.seed),  # JSON readers may not keep 64-bit integers exact
                        "draws": ensemble.draws,
                        "constant": [],
                        "error": ensemble.error,
                    }
                )
                group.create_array(
                    "done", shape=(len(plan.blocks(ensemble)),), chunks=(1,), dtype="bool", fill_value=False
                )

    def group(self, index: int):
        return self.root[group_name(index)]

    def done(self, index: int) -> np.ndarray:
        return np.asarray(self.group(index)["done"][:], dtype=bool)

    def error(self, index: int) -> str | None:
        return self.group(index).attrs.get("error")

    def set_error(self, index: int, message: str) -> None:
        self.group(index).attrs.update({"error": message})

    def write_block(self, ensemble: Ensemble, block: Block) -> None:
        """Write a task's totals (:attr:`Block.values`) as one chunk of the ensemble's ``totals``, then mark the
        block done."""
        group = self.group(ensemble.index)
        if "totals" not in group:
            group.create_array("year", shape=block.years.shape, dtype="i8", dimension_names=["year"])[:] = block.years
            group.create_array(
                "totals",
                shape=(ensemble.draws, len(block.keys), block.years.size),
                chunks=(self.plan.block, len(block.keys), block.years.size),
                dtype=np.dtype(STORED).str,
                fill_value=np.nan,
                dimension_names=["draw", "variable", "year"],
                compressors=[COMPRESSOR],
                attributes={
                    "variables": list(block.keys),
                    "units": "model units (simulator.variables: value x scale = reported)",
                },
            )
        if tuple(group["totals"].attrs["variables"]) != block.keys:  # pragma: no cover - the model's keys are fixed
            raise RuntimeError(f"ensemble {ensemble.index}: a block's totals differ from the others'")
        group["totals"][block.start : block.stop] = block.values
        if block.constant and not group.attrs.get("constant"):
            group.attrs.update({"constant": list(block.constant)})
        group["done"][block.start // self.plan.block] = True

    def variables(self, index: int) -> list[str]:
        return list(self.group(index)["totals"].attrs["variables"])

    def totals(self, index: int) -> dict[str, np.ndarray]:
        """The stored totals of an ensemble, every draw, as ``simulate_ensemble`` keeps them (float32): a total that
        depends on no sampled leaf as its one row broadcast (a view), the others as (draws, T) arrays."""
        group = self.group(index)
        constant = set(group.attrs.get("constant") or ())
        values = group["totals"][:]
        out: dict[str, np.ndarray] = {}
        for j, key in enumerate(self.variables(index)):
            column = np.ascontiguousarray(values[:, j, :])
            out[key] = np.broadcast_to(column[:1], column.shape) if key in constant else column
        return out

    def all_totals(self, index: int) -> Mapping[str, np.ndarray]:
        """Every total of an ensemble read as float64, the derived ones computed from the stored ones as the
        ensemble computes them: {key: (draws, T)}, the arrays of its Results."""
        return read_stored(self.totals(index))
