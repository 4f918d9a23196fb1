"""The public calls: simulate a scenario and get Results (the CLI and the notebooks use exactly these)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from . import __version__
from .errors import InputError
from .model.inputs import build_inputs
from .model.simulate import check_finite, simulate_arrays
from .model.targets import evaluate_targets, published_references
from .region import Region, load_region
from .results import Results
from .variables import BY_KEY


def _scenario_and_provenance(scenario):
    """Accept a LoadedScenario, a Scenario, or a path; return (Scenario, provenance dict)."""
    if isinstance(scenario, str | Path):
        from .scenario import load_scenario

        scenario = load_scenario(scenario)
    if hasattr(scenario, "scenario") and hasattr(scenario, "hashes"):
        provenance = {
            "scenario_file": str(scenario.path),
            "files": [str(f) for f in scenario.files],
            "hashes": dict(scenario.hashes),
        }
        return scenario.scenario, provenance
    return scenario, {"scenario_file": None, "files": [], "hashes": {}}


#: total -> (the region's series, the figure whose status says whether a year's value was published)
_PUBLISHED = {
    "grp": ("grp", "grp"),
    "employment": ("employed", "employed"),
    "labour_force": ("labour_force", "labour_force"),
    "average_wage": ("average_wage", "average_wage"),
    "budget_revenue_local": ("local_tax_revenue", "local_tax_revenue_total"),
    "tax_revenue_collected": ("tax_revenue_collected", "tax_revenue_collected"),
}


def region_actuals(region: Region, base_year: int) -> dict[str, dict[int, float]]:
    """Published values after the base year, in reported units: nominal GRP and GRP at base-year prices
    (chained from the BNS volume index), employment, the labour force, the average wage, local-budget tax
    revenue and all taxes collected in the region, from the region's data (the same series the base year is
    read from). Only the years the region's data marks ``sourced``: an estimate (e.g. a wage or tax figure
    back-cast from national series) is not an outturn to check the projection against. A region without
    provenance counts as sourced."""

    def published(figure: str, year: int) -> bool:
        try:
            return region.status(figure, year) == "sourced"
        except KeyError:  # no provenance recorded for the figure
            return True

    out = {}
    for key, (name, figure) in _PUBLISHED.items():
        values = getattr(region, name)
        if name == "local_tax_revenue":
            values = {y: sum(taxes.values()) for y, taxes in values.items()}
        kept = {y: v * BY_KEY[key].scale for y, v in sorted(values.items()) if y > base_year and published(figure, y)}
        if kept:
            out[key] = kept
    real, level = {}, region.grp[base_year]
    year = base_year + 1
    while year in region.grp_volume_index and published("grp_volume_index", year):
        level *= region.grp_volume_index[year] / 100.0
        real[year] = level * BY_KEY["grp_real"].scale
        year += 1
    if real:
        out["grp_real"] = real
    order = (
        "grp",
        "grp_real",
        "employment",
        "labour_force",
        "average_wage",
        "budget_revenue_local",
        "tax_revenue_collected",
    )
    return {key: out[key] for key in order if key in out}


def simulate(
    scenario,
    *,
    region: Region | None = None,
    samples: Mapping[str, np.ndarray] | None = None,
    n_draws: int = 1,
    seed: int | None = None,
) -> Results:
    """Run one scenario: baseline plus projects, all effect channels, labour market, taxes, targets.

    scenario: a path, a :class:`~simulator.scenario.LoadedScenario` or a validated Scenario. samples: optional
    ``{leaf address: (n_draws,) values}`` for the uncertain leaves (the ensemble fills these); leaves without
    samples use their central value.
    """
    scenario, provenance = _scenario_and_provenance(scenario)
    region = region if region is not None else load_region(scenario.region)
    inputs = build_inputs(scenario, region, samples=samples, n_draws=n_draws)
    unknown = sorted(set(samples or ()) - set(inputs.leaves))
    if unknown:
        import difflib

        hints = [
            f"{a} (did you mean {m[0]}?)" if (m := difflib.get_close_matches(a, list(inputs.leaves), n=1)) else a
            for a in unknown
        ]
        raise InputError(f"samples for inputs the scenario does not have: {', '.join(hints)}")
    arrays = simulate_arrays(inputs)
    check_finite(arrays, inputs)
    provenance.update({"version": __version__, "seed": seed, "draws": n_draws, "region": region.id})
    return assemble_results(scenario, region, inputs, arrays, provenance)


def assemble_results(scenario, region: Region, inputs, arrays: Mapping[str, np.ndarray], provenance: dict) -> Results:
    """Results of one run (deterministic or ensemble) from the model's arrays: targets evaluated, labels and
    published figures attached (:func:`region_actuals`). ``inputs``: the run's (central) ModelInputs, for years
    and project labels. The provenance gains the baseline's estimated trends and last published year."""
    obs = inputs.observed
    provenance = {
        **provenance,
        "last_published_year": obs.last_year,
        "baseline_trends": obs.trend.rows(),
        "trend_pooling": obs.trend.pooling,
    }
    return Results(
        scenario=scenario.name,
        region=region.id,
        region_name=region.name,
        years=inputs.years,
        base_year=inputs.base_year,
        project_ids=inputs.projects.ids,
        project_names=inputs.projects.names,
        sectors=region.sectors,
        sector_labels=region.sector_labels,
        arrays=arrays,
        targets=evaluate_targets(
            scenario.targets,
            arrays,
            inputs.years,
            inputs.base_year,
            published_references(scenario.targets, inputs),
        ),
        provenance=provenance,
        actuals=region_actuals(region, inputs.base_year),
    )
