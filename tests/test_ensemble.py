"""Monte Carlo ensemble on the synthetic region: reproducibility, chunk independence, the degenerate case,
percentile order, target probabilities, bounded detail arrays; and ``regsim run --draws`` on Kostanai.

Exactness: draws are bit-for-bit independent of chunk size and threads, so tables are compared byte for byte;
the all-central ensemble equals the deterministic run exactly (means to 1e-12, as a mean of N equal floats
need not round back to the float).
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from conftest import SCENARIOS
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.cli import main
from simulator.errors import InputError
from simulator.model.simulate import DerivedArrays, derived_keys
from simulator.tables import long_csv, targets_csv
from simulator.uncertainty import simulate_ensemble

REGION = synthetic_region()
TRI = {"dist": "triangular"}


def uncertain_plant():
    p = plant()
    p["production"] = {
        **p["production"],
        "start": {"date": "2025-10", "delay_months": {**TRI, "low": 0, "mode": 0, "high": 12}},
        "capacity": {"value": {**TRI, "low": 6000, "mode": 10000, "high": 12000}, "unit": "cars/yr"},
    }
    p["value_added_share"] = {"dist": "pert", "low": 0.1, "mode": 0.2, "high": 0.3}
    p["local_content"] = {2025: 0.2, 2028: {"dist": "uniform", "low": 0.2, "high": 0.5}}
    p["wage"] = {"relative_to_average": {"dist": "normal", "mean": 1.3, "sd": 0.1, "low": 1.0, "high": 1.6}}
    return p


def targets():
    return [
        {"id": "easy", "variable": "grp", "kind": "ratio", "value": 1.01, "year": 2030, "basis": "nominal"},
        {"id": "impossible", "variable": "grp", "kind": "ratio", "value": 10.0, "year": 2030, "basis": "real"},
        {
            "id": "jobs",
            "variable": "employment",
            "kind": "increase",
            "value": 1500,
            "unit": "persons",
            "year": 2030,
            "relative_to": "baseline",
        },
    ]


SCENARIO = scenario(
    [uncertain_plant()], targets=targets(), parameters={"flq_delta": {**TRI, "low": 0.2, "mode": 0.3, "high": 0.4}}
)


def ensemble(n=200, seed=7, **kw):
    kw.setdefault("progress", None)
    return simulate_ensemble(SCENARIO, n, seed, region=REGION, **kw)


@pytest.fixture(scope="module")
def base():
    return ensemble()


def test_same_seed_gives_identical_tables_and_other_seeds_differ(base):
    again = ensemble()
    assert long_csv([again]) == long_csv([base])
    assert targets_csv(again) == targets_csv(base)
    other = ensemble(seed=8)
    assert long_csv([other]) != long_csv([base])


@pytest.mark.parametrize(("chunk_size", "threads"), [(2, 1), (7, 2), (64, 2), (1000, 1)])
def test_results_do_not_depend_on_chunk_size_or_threads(base, chunk_size, threads):
    res = ensemble(chunk_size=chunk_size, threads=threads)
    assert long_csv([res]) == long_csv([base])
    assert targets_csv(res) == targets_csv(base)
    for key, value in base.arrays.items():
        np.testing.assert_array_equal(res.arrays[key], value, err_msg=key)


def test_latin_hypercube_does_not_depend_on_chunk_size():
    a = ensemble(n=37, method="lhs", chunk_size=5, threads=2)
    b = ensemble(n=37, method="lhs", chunk_size=64, threads=1)
    assert long_csv([a]) == long_csv([b])
    assert a.provenance["sampling"] == "lhs"


def test_every_draw_at_its_central_value_is_the_deterministic_run():
    """Every draw at its central value: each draw is the deterministic run, as the ensemble keeps it. The
    ensemble keeps its per-draw arrays in float32 (docs/uncertainty.md §3) and derives the others from them in
    float64, so the like to compare with is the deterministic run's stored arrays rounded to float32 and the
    derived totals computed from those: bit for bit. The table rows then differ from the deterministic run's
    only by that rounding: at most 2^-24 relative for a stored total, and for a derived one (a product, a
    quotient or a sum of positive terms of at most two rounded totals) at most 2 x 2^-24 plus float64 rounding,
    below the bound 4 x 2^-24 used."""
    det = simulate(SCENARIO, region=REGION)
    central = {a: np.full(50, d.central()) for a, d in det_inputs_distributions().items()}
    res = ensemble(n=50, samples=central, chunk_size=16)
    derived = set(derived_keys())
    expected = DerivedArrays(
        {k: v.astype(np.float32).astype(np.float64) for k, v in det.arrays.items() if k not in derived}
    )
    for key in det.arrays:
        got, value = res.arrays[key], expected[key]
        assert got.dtype == np.float64
        np.testing.assert_array_equal(got, np.broadcast_to(value, (got.shape[0], *value.shape[1:])), err_msg=key)
    for t_det, t_ens in zip(det.targets, res.targets, strict=True):
        assert t_ens.probability == float(t_det.reached)
        assert t_ens.first_year == t_det.first_year
    values = {(r[1], r[2], r[4], r[6]): r[7] for r in det.rows()}
    for case, variable, _unit, project, stat, year, value in (r[1:] for r in res.rows()):
        assert value == pytest.approx(values[(case, variable, project, year)], rel=4 * 2.0**-24, abs=1e-12), stat


def det_inputs_distributions():
    from simulator.model.inputs import build_inputs

    return build_inputs(SCENARIO, REGION).distributions


def test_percentiles_are_ordered(base):
    table: dict[tuple, dict[str, float]] = {}
    for _, case, variable, _, project, stat, year, value in base.rows():
        if case == "actual":  # observed data rows carry a single value
            continue
        table.setdefault((case, variable, project, year), {})[stat] = value
    for key, stats in table.items():
        p = [stats[f"p{q}"] for q in (5, 25, 50, 75, 95)]
        assert p == sorted(p), key
    assert any(stats["p5"] < stats["p95"] for stats in table.values())


def test_precomputed_statistics_are_what_the_tables_would_compute(base):
    import dataclasses

    assert base.statistics  # the ensemble fills them once
    assert long_csv([dataclasses.replace(base, statistics={})]) == long_csv([base])


def test_statistics_read_by_blocks_of_two_columns_are_the_same(base, monkeypatch):
    """The run's statistics read every array by blocks of columns (8 MiB each by default, one block here): with
    blocks of two or three columns the tables are byte for byte the same."""
    import simulator.uncertainty.ensemble as ensemble_module

    monkeypatch.setattr(ensemble_module, "STATISTICS_BLOCK", 1)
    assert long_csv([ensemble()]) == long_csv([base])


def test_target_probabilities(base):
    prob = {(t.id, t.basis): t.probability for t in base.targets}
    assert prob[("easy", "nominal")] == 1.0
    assert prob[("impossible", "real")] == 0.0
    assert 0.0 <= prob[("jobs", "count")] <= 1.0
    jobs = next(t for t in base.targets if t.id == "jobs")
    assert jobs.probability == np.mean(jobs.value_at_year >= jobs.threshold)


def test_targets_are_also_judged_on_the_baseline(base):
    """A target against the base year is judged on the no-project baseline too (share of baseline draws that
    meet it; median of the baseline metric); a target against the baseline has no such counterpart. With no
    projects the two judgements coincide exactly."""
    easy = next(t for t in base.targets if t.id == "easy")
    t = base.year_index(2030)
    alone = base.arrays["baseline:grp"][:, t] / base.arrays["baseline:grp"][:, 0]
    assert easy.baseline_probability == np.mean(alone >= easy.threshold)
    assert easy.baseline_value == pytest.approx(np.median(alone), rel=1e-12)
    jobs = next(t for t in base.targets if t.id == "jobs")
    assert jobs.baseline_value is None and jobs.baseline_probability is None
    row = next(r for r in csv.DictReader(io.StringIO(targets_csv(base))) if r["target"] == "jobs")
    assert row["baseline_value_at_year"] == row["baseline_probability"] == ""

    nothing = simulate_ensemble(scenario([], targets=targets()), 64, 7, region=REGION, progress=None)
    for target in nothing.targets:
        if target.relative_to != "baseline":
            assert target.baseline_value == target.central_value
            assert target.baseline_probability == target.probability


def test_central_change_is_the_median_of_each_draws_difference(base):
    diff = base.series("employment") - base.series("employment", baseline=True)
    np.testing.assert_allclose(base.central_change("employment"), np.median(diff, axis=0), rtol=1e-12, atol=1e-12)


def test_per_project_charts_say_they_show_medians_of_the_detail_draws():
    from simulator import plotting

    res = ensemble(n=100, detail_draws=64)
    assert plotting.plot_project_contributions(res).get_title().endswith("(median of 64 draws)")
    assert plotting.plot_project_channels(res).get_title().endswith("(median of 64 draws)")


def test_detail_arrays_are_bounded_and_totals_keep_every_draw():
    res = ensemble(n=300, detail_draws=64, chunk_size=50)
    assert res.n_draws == 300
    assert res.arrays["grp"].shape == (300, res.years.size)
    assert res.project_series("grp_impact").shape[0] == 64
    assert res.arrays["sector:value_added"].shape[0] == 64
    full = ensemble(n=300, chunk_size=50)
    np.testing.assert_array_equal(res.arrays["project:grp_impact"], full.arrays["project:grp_impact"][:64])
    assert res.provenance["detail_draws"] == 64 and res.provenance["draws"] == 300


def test_detail_draws_run_in_smaller_chunks_that_stop_at_the_detail_boundary():
    """chunk_bounds(10 draws, chunks of 4, 5 detail draws in chunks of 2): the detail draws 0-4 in chunks of 2
    ending at draw 5, then chunks of 4 from there; consecutive, covering every draw once."""
    from simulator.uncertainty.ensemble import chunk_bounds

    assert chunk_bounds(10, 4, 5, 2) == [(0, 2), (2, 4), (4, 5), (5, 9), (9, 10)]
    assert chunk_bounds(10, 4, 0, 2) == [(0, 4), (4, 8), (8, 10)]
    assert chunk_bounds(3, 4, 3, 2) == [(0, 2), (2, 3)]
    # a block of draws 3..10 or 1..4 (a sweep task): the same cuts from there, none past its last draw
    assert chunk_bounds(10, 4, 5, 2, start=3) == [(3, 5), (5, 9), (9, 10)]
    assert chunk_bounds(4, 4, 5, 2, start=1) == [(1, 3), (3, 4)]


@pytest.mark.parametrize("detail_draws", [0, -1])
def test_an_ensemble_without_detail_draws_is_refused(detail_draws):
    """The per-project and per-industry tables and charts are statistics over the detail draws: none is an input
    error (not a failure deep in the statistics)."""
    with pytest.raises(InputError, match="detail_draws must be at least 1"):
        ensemble(n=10, detail_draws=detail_draws)


@pytest.mark.parametrize(("chunk_size", "threads"), [(4, 1), (4, 2), (7, 2)])
def test_a_chunk_that_fails_the_check_stops_the_run_with_the_first_failing_draws(chunk_size, threads):
    """Draws 14 and 31 (1-based) of 40 with 3e8 construction job-years: their results are not meaningful
    (negative employment). The run stops at the chunk holding draw 14, with the chunk's draws named: with
    detail chunks of chunk_size // 4 = 1, made 2, the chunks run 0-2, 2-4, ..., so draw 14 is in draws 13 to
    14, whatever the threads."""
    values = np.full(40, 500.0)
    values[[13, 30]] = 3e8
    with pytest.raises(InputError, match=r"not meaningful: Employment is negative.*\(in draws 13 to 14 of 40: the"):
        ensemble(
            n=40,
            samples={"projects.car_plant.jobs.construction_job_years": values},
            chunk_size=chunk_size,
            threads=threads,
        )


def test_provenance_records_seed_and_leaves(base):
    assert base.provenance["seed"] == 7
    assert "projects.car_plant.production.capacity.value" in base.provenance["uncertain_leaves"]
    assert "parameters.flq_delta" in base.provenance["uncertain_leaves"]
    fresh = ensemble(n=8, seed=None)
    assert isinstance(fresh.provenance["seed"], int)
    assert 0 <= fresh.provenance["seed"] < 2**64  # 64 bits, at most 20 digits to copy (SeedSequence's own: 39)
    assert long_csv([ensemble(n=8, seed=fresh.provenance["seed"])]) == long_csv([fresh])


def test_scenario_without_distributions_varies_only_by_the_baseline_error():
    """With no distributions written, the only uncertain inputs are the baseline's measured errors
    (``baseline_error.grp_real`` and ``baseline_error.employment``): draws equal the deterministic run in the
    published years (2023-2025 of the synthetic region) and the projects' GRP impact is the same in every draw
    after them, while the GRP level spreads. The ensemble keeps real GRP and the deflator in float32 (each within
    2^-24 relative of the float64 value) and multiplies them in float64 for nominal GRP: within 2 x 2^-24 plus
    float64 rounding of the deterministic run (bound: 4 x 2^-24 relative), and an impact, a difference of two
    such levels, within 4 x 2^-24 of the larger level in absolute terms (bound: 8 x 2^-24 of the largest)."""
    res = simulate_ensemble(scenario([plant()]), 16, 1, region=REGION, progress=None)
    det = simulate(scenario([plant()]), region=REGION)
    assert res.provenance["uncertain_leaves"] == ["baseline_error.employment", "baseline_error.grp_real"]
    published = det.year_index(2025) + 1
    np.testing.assert_allclose(
        res.arrays["grp"][:, :published],
        np.broadcast_to(det.arrays["grp"][:, :published], (16, published)),
        rtol=4 * 2.0**-24,
    )
    impact = res.arrays["grp"] - res.arrays["baseline:grp"]
    det_impact = det.arrays["grp"] - det.arrays["baseline:grp"]
    level = np.abs(det.arrays["grp"]).max()
    np.testing.assert_allclose(impact, np.broadcast_to(det_impact, impact.shape), rtol=0, atol=8 * 2.0**-24 * level)
    assert np.ptp(res.arrays["grp"][:, -1]) > 0.05 * det.arrays["grp"][0, -1]


@pytest.mark.parametrize(
    "kw",
    [
        {"n": 0},
        {"n": 4, "samples": {"projects.nope.capacity": np.ones(4)}},
        {"n": 4, "samples": {"parameters.flq_delta": np.ones(3)}},
    ],
    ids=["no-draws", "unknown-leaf", "wrong-length"],
)
def test_bad_requests_are_input_errors(kw):
    with pytest.raises(InputError):
        ensemble(**kw)


def test_progress_callback_reaches_the_total():
    seen = []
    ensemble(n=100, chunk_size=16, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (100, 100)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


PLAN = SCENARIOS / "kostanai" / "plan.yaml"


def test_cli_run_with_draws_is_reproducible(tmp_path, capsys):
    args = ["run", str(PLAN), "--draws", "256", "--seed", "7", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    for name in ("results.csv", "targets.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a" / "targets.csv").read_text())))
    probabilities = [
        float(row[column]) for row in rows for column in ("probability", "baseline_probability") if row[column]
    ]
    assert len(probabilities) > len(rows) and all(0.0 <= p <= 1.0 for p in probabilities)
    assert "p95" in (tmp_path / "a" / "results.csv").read_text()


def test_cli_run_save_draws_writes_every_draw(tmp_path):
    import csv

    from scipy.io import netcdf_file

    out = tmp_path / "run"
    assert main(["run", str(PLAN), "--draws", "64", "--seed", "1", "--save-draws", "--quiet", "--out", str(out)]) == 0
    with netcdf_file(out / "draws.nc", "r", mmap=False) as f:
        assert f.dimensions["draw"] == 64
        years = list(f.variables["year"][:])
        grp = f.variables["grp"][:].copy()
    with (out / "results.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if r["variable"] == "GRP" and r["case"] == "scenario"]
    p50 = {int(r["year"]): float(r["value"]) for r in rows if r["statistic"] == "p50"}
    # the table's median is the median of the draws in the file (rtol 1e-5: results.csv prints 6 significant digits)
    np.testing.assert_allclose(np.percentile(grp, 50, axis=0), [p50[y] for y in years], rtol=1e-5)


def test_cli_save_draws_needs_an_ensemble(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(PLAN), "--save-draws", "--quiet", "--out", str(out)]) == 2
    assert "--save-draws needs --draws 2 or more" in capsys.readouterr().err
    assert not out.exists()


def test_raw_draws_round_trip_through_netcdf(base, tmp_path):
    from scipy.io import netcdf_file

    from simulator.uncertainty.draws import write_draws

    path = write_draws(base, tmp_path / "draws.nc")
    with netcdf_file(path, "r", mmap=False) as f:
        assert f.dimensions["draw"] == base.n_draws
        np.testing.assert_array_equal(f.variables["year"][:], base.years)
        np.testing.assert_array_equal(f.variables["grp"][:], base.series("grp"))
        np.testing.assert_array_equal(
            f.variables["baseline__grp"][:], np.broadcast_to(base.series("grp", True), (base.n_draws, base.years.size))
        )
        assert f.variables["grp"].units == b"billion KZT/yr"


def test_derived_totals_are_not_stored_and_read_back_bit_for_bit(base):
    from simulator.model.inputs import build_inputs
    from simulator.model.simulate import DerivedArrays, derived_keys, simulate_arrays
    from simulator.uncertainty import draw_samples

    derived = derived_keys()
    assert len(derived) == 12 and "grp" in derived and "baseline:tax_revenue_collected_real" in derived
    samples = draw_samples(build_inputs(SCENARIO, REGION).distributions, 7, seed=3)
    full = simulate_arrays(build_inputs(SCENARIO, REGION, samples=samples, n_draws=7), detail=False)
    stored = {k: v for k, v in full.items() if k not in derived}
    read = DerivedArrays(stored)
    assert set(read) == set(full) and len(read) == len(full) and all(k in read for k in derived)
    for key in derived:
        np.testing.assert_array_equal(read[key], full[key], err_msg=key)
    assert "no such total" not in read
    with pytest.raises(KeyError):
        read["no such total"]
    assert all(k in base.arrays for k in derived)  # an ensemble's results offer them like any other total


def test_totals_do_not_depend_on_detail_bit_for_bit():
    """``simulate_arrays(detail=True)`` and ``detail=False`` give the same totals, every bit, on the Kostanai plan
    (sampled draws): an ensemble computes its first draws with detail and the rest without, so any difference
    would make its results depend on the chunk size. The calibration's last published year was once summed from
    the per-industry array with detail and from its few columns without, which moved GRP and taxes by an ulp."""
    from simulator.model.inputs import build_inputs
    from simulator.model.simulate import simulate_arrays
    from simulator.region import load_region
    from simulator.scenario import load_scenario
    from simulator.uncertainty import draw_samples

    loaded = load_scenario(SCENARIOS / "kostanai" / "plan.yaml")
    region = load_region(loaded.scenario.region)
    samples = draw_samples(build_inputs(loaded.scenario, region).distributions, 64, seed=5)
    inputs = build_inputs(loaded.scenario, region, samples=samples, n_draws=64)
    with_detail, without = simulate_arrays(inputs, detail=True), simulate_arrays(inputs, detail=False)
    assert set(without) <= set(with_detail)
    for key, value in without.items():
        np.testing.assert_array_equal(with_detail[key], value, err_msg=key)
