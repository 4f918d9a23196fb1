"""Raw draws of an ensemble's totals as a netCDF file (classic format, ``scipy.io.netcdf_file``), for users who
want every draw rather than the percentiles in ``results.csv``.

Layout: dimensions ``draw`` (N) and ``year`` (T); a variable ``year``; one float64 variable (draw, year) per
total, named after its array key with ``:`` replaced by ``__`` (``grp``, ``baseline__grp``), in reported units
(attribute ``units``), with ``long_name`` the IAMC name. Global attributes: scenario, region, seed, draws.
Totals that are the same in every draw are written once per draw too (the file is for analysis, not storage).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..variables import VARIABLES


def write_draws(results, path: str | Path) -> Path:
    """Write every draw of every total of ``results`` to ``path`` (netCDF 64-bit offset); returns the path."""
    from scipy.io import netcdf_file  # lazy: scipy.io is only needed when raw draws are written

    path = Path(path)
    n, t = results.n_draws, results.years.size
    with netcdf_file(path, "w", version=2) as f:
        f.scenario = results.scenario
        f.region = results.region
        f.seed = str(results.provenance.get("seed", ""))
        f.draws = n
        f.createDimension("draw", n)
        f.createDimension("year", t)
        years = f.createVariable("year", "i4", ("year",))
        years[:] = results.years.astype("i4")
        for prefix in ("", "baseline:"):
            for var in VARIABLES:
                key = prefix + var.key
                if key not in results.arrays:
                    continue
                out = f.createVariable(key.replace(":", "__"), "f8", ("draw", "year"))
                out[:] = np.broadcast_to(results.arrays[key], (n, t)) * var.scale
                out.units = var.unit
                out.long_name = f"{var.name}{' (no projects)' if prefix else ''}"
    return path
