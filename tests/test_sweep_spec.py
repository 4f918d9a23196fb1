"""The sweep file and its plan (no dask needed): validation with file, line and key, exit code 2 with nothing
written; the ensembles a file expands to, their seeds, parameter points and scenario variants; and the
one-machine commands never loading dask or zarr."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import loaded_by_main

from simulator.cli import main
from simulator.cli.schema import sweep_json_schema
from simulator.errors import InputError
from simulator.sweep.spec import ensemble_seeds, load_plan, read_sweep

REPO = Path(__file__).resolve().parent.parent
KOSTANAI = REPO / "scenarios" / "kostanai"
EXAMPLE = REPO / "sweeps" / "kostanai_plan_all_regions.yaml"


def _spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sweep.yaml"
    path.write_text(text.replace("KOSTANAI", KOSTANAI.as_posix()), encoding="utf-8")
    return path


def test_the_committed_sweep_schema_is_current():
    committed = (REPO / "sweeps" / "sweep.schema.json").read_text(encoding="utf-8")
    assert committed == sweep_json_schema(), "regenerate: regsim schema --sweep --out sweeps/sweep.schema.json"
    schema = json.loads(committed)
    assert schema["additionalProperties"] is False
    assert {"scenarios", "regions", "grid", "sample", "draws", "seed"} <= set(schema["properties"])


def test_the_shipped_sweep_moves_the_plan_to_every_region():
    """All 20 regions accept the Kostanai plan as written: no ensemble fails to build."""
    plan = load_plan(EXAMPLE)
    assert len(plan.ensembles) == 20
    assert not [e.label for e in plan.ensembles if e.error]
    assert len({e.region for e in plan.ensembles}) == 20
    assert all(e.scenario.region == e.region for e in plan.ensembles)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("scenarios: [KOSTANAI/kia.yaml]\ndraws: 100\nseed: 1\nregion: [akmola]\n", ":4:", "region"),
        ("scenarios: [KOSTANAI/kia.yaml]\ndraws: one\nseed: 1\n", ":2:", "draws"),
        ("scenarios: [KOSTANAI/kia.yaml]\ndraws: 100\nseed: -1\n", ":3:", "seed"),
        ("scenarios: [KOSTANAI/kia.yaml]\nregions: [kostanai, narnia]\ndraws: 100\nseed: 1\n", ":2:", "narnia"),
        ("scenarios: [KOSTANAI/nope.yaml]\ndraws: 100\nseed: 1\n", ":1:", "scenarios[0]"),
        ("scenarios: [KOSTANAI/kia.yaml]\ndraws: 1e3\nseed: 1\ndraws: 5\n", ":4:", "duplicate"),
        (
            "scenarios: [KOSTANAI/kia.yaml]\ndraws: 100\nseed: 1\nsample: {points: 4, bounds: {a.b: [2, 1]}}\n",
            ":4:",
            "low < high",
        ),
    ],
    ids=["unknown-key", "not-a-number", "negative-seed", "unknown-region", "missing-scenario", "duplicate", "bounds"],
)
def test_a_bad_sweep_file_names_file_line_and_key_and_writes_nothing(tmp_path, capsys, text, where, message):
    spec = _spec(tmp_path, text)
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{spec}{where}" in err and message in err, err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_grid_expands_scenario_by_region_by_point_with_spawned_seeds(tmp_path):
    """Order: scenario, then region, then point (the grid's first address slowest); seed i is the first 64-bit
    word of child i of SeedSequence(seed).spawn(n), computed here by hand."""
    spec = _spec(
        tmp_path,
        """
scenarios: [KOSTANAI/kia.yaml]
regions: [kostanai, AKM]
grid:
  parameters.flq_delta: [0.2, 0.4]
  projects.kia.jobs.permanent: [1000, 1500]
draws: 100
seed: 42
""",
    )
    plan = load_plan(spec)
    assert [(e.region, e.point_text) for e in plan.ensembles[:5]] == [
        ("kostanai", "parameters.flq_delta=0.2 projects.kia.jobs.permanent=1000"),
        ("kostanai", "parameters.flq_delta=0.2 projects.kia.jobs.permanent=1500"),
        ("kostanai", "parameters.flq_delta=0.4 projects.kia.jobs.permanent=1000"),
        ("kostanai", "parameters.flq_delta=0.4 projects.kia.jobs.permanent=1500"),
        ("akmola", "parameters.flq_delta=0.2 projects.kia.jobs.permanent=1000"),
    ]
    children = np.random.SeedSequence(42).spawn(8)
    assert [e.seed for e in plan.ensembles] == [int(c.generate_state(1, np.uint64)[0]) for c in children]
    assert ensemble_seeds(42, 8) == [e.seed for e in plan.ensembles]
    variant = plan.ensembles[6].scenario
    assert variant.region == "akmola"
    assert variant.parameters.flq_delta == 0.4
    assert plan.ensembles[6].error is None


def test_a_point_that_does_not_fit_a_scenario_fails_that_ensemble_only(tmp_path):
    spec = _spec(
        tmp_path,
        """
scenarios: [KOSTANAI/plan.yaml, KOSTANAI/kia.yaml]
grid: {projects.foundry.jobs.permanent: [500]}
draws: 100
seed: 1
""",
    )
    plan = load_plan(spec)
    assert plan.ensembles[0].error is None
    assert "not a numeric leaf" in plan.ensembles[1].error
    assert plan.ensembles[1].label.endswith("kia.yaml in kostanai at projects.foundry.jobs.permanent=500")


def test_a_value_outside_the_leaf_range_fails_with_the_rule(tmp_path):
    spec = _spec(
        tmp_path, "scenarios: [KOSTANAI/kia.yaml]\ngrid: {parameters.flq_delta: [0.3, -5]}\ndraws: 100\nseed: 1\n"
    )
    plan = load_plan(spec)
    assert plan.ensembles[0].error is None
    assert "flq_delta" in plan.ensembles[1].error


def test_sample_points_fill_their_box_and_repeat_with_the_seed(tmp_path):
    text = "scenarios: [KOSTANAI/kia.yaml]\nsample: {points: 8, bounds: {parameters.flq_delta: [0.1, 0.5]}}\n"
    plan = load_plan(_spec(tmp_path, text + "draws: 100\nseed: 3\n"))
    values = [e.point[0][1] for e in plan.ensembles]
    assert len(values) == 8 and all(0.1 <= v <= 0.5 for v in values)
    # a scrambled Sobol' design of 8 points in 1 dimension has one point in each eighth of the interval
    assert sorted(int((v - 0.1) / 0.05) for v in values) == list(range(8))
    again = load_plan(_spec(tmp_path, text + "draws: 100\nseed: 3\n"))
    assert [e.point for e in again.ensembles] == [e.point for e in plan.ensembles]


def test_grid_and_sample_together_are_refused(tmp_path):
    text = "scenarios: [KOSTANAI/kia.yaml]\ngrid: {a.b: [1]}\nsample: {points: 2, bounds: {a.b: [0, 1]}}\n"
    with pytest.raises(InputError, match="either grid or sample"):
        read_sweep(_spec(tmp_path, text + "draws: 10\nseed: 1\n"))


def test_blocks_of_draws_run_apart_are_what_the_ensemble_keeps():
    """kia.yaml, 1,500 draws, seed 6, as three tasks of 700, 700 and 100 draws (with the per-project detail the
    ensemble keeps, its first min(4,096, 1,500) draws, so the detail straddles the blocks) put in the ensemble's
    own store: every kept array equals ``simulate``'s as it keeps it (float32, a total that depends on no sampled
    leaf as one row broadcast), bit for bit, and so do the Results' table statistics and target probabilities.
    Without the detail, a block's totals are the same bits."""
    from simulator.api import simulate
    from simulator.model.simulate import derived_keys
    from simulator.sweep.spec import Ensemble
    from simulator.sweep.tasks import run_block
    from simulator.uncertainty.ensemble import EnsembleStore, ensemble_provenance, prepare, results_from_stored

    path, draws, seed = KOSTANAI / "kia.yaml", 1500, 6
    serial = simulate(path, draws=draws, seed=seed, progress=None)
    scenario, provenance, region, central = prepare(path)
    ensemble = Ensemble(0, "", scenario.name, region.id, (), seed, draws, scenario)
    blocks = [run_block(ensemble, a, b, keep_detail=True) for a, b in ((0, 700), (700, 1400), (1400, 1500))]
    assert not [b.error for b in blocks if b.error]
    store = EnsembleStore(blocks[0].arrays(), 700, draws, draws)
    for block in reversed(blocks):  # any order
        store.put(block.start, block.stop, block.arrays())
    kept = store.arrays()
    assert sorted(kept) == sorted(k for k in serial.arrays if k not in derived_keys())
    for key, value in kept.items():
        expected = serial.arrays.stored(key)
        assert value.dtype == np.float32 and value.shape == expected.shape, key
        assert (value.strides[0] == 0) == (expected.strides[0] == 0), key
        assert np.ascontiguousarray(value).tobytes() == np.ascontiguousarray(expected).tobytes(), key
    provenance.update(ensemble_provenance(seed, draws, region.id, "sobol", sorted(central.distributions), draws))
    results = results_from_stored(scenario, region, central, kept, provenance)
    assert sorted(results.statistics) == sorted(serial.statistics)
    for key, stats in serial.statistics.items():
        for stat, values in stats.items():
            assert results.statistics[key][stat].tobytes() == values.tobytes(), (key, stat)
    assert [t.probability for t in results.targets] == [t.probability for t in serial.targets]
    bare = run_block(ensemble, 700, 1400)
    assert not bare.detail and bare.keys == blocks[1].keys and bare.constant == blocks[1].constant
    assert bare.values.tobytes() == blocks[1].values.tobytes()


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["validate", str(KOSTANAI / "plan.yaml")], ["run", str(KOSTANAI / "kia.yaml"), "--quiet"]],
    ids=["help", "validate", "run"],
)
def test_one_machine_commands_never_load_dask_or_zarr(argv, tmp_path):
    if argv[0] == "run":
        argv = [*argv, "--out", str(tmp_path / "run")]
    line, output = loaded_by_main(argv, ("dask", "distributed", "zarr"))
    assert line[0] in ("0", "None"), output
    assert line[1:] == [""], f"{' '.join(argv)} loaded {line[1]}"


def test_an_address_of_no_scenario_is_refused_at_its_key_before_anything_runs(tmp_path, capsys):
    """``parameters.flq_deltaa`` (a typo) is a leaf of neither scenario: the sweep file is refused at that key's
    line and column (line 3, column 3), by ``--check`` too, and nothing is written."""
    spec = _spec(
        tmp_path,
        "scenarios: [KOSTANAI/plan.yaml, KOSTANAI/kia.yaml]\ngrid:\n  parameters.flq_deltaa: [0.2]\n"
        "draws: 10\nseed: 1\n",
    )
    out = tmp_path / "out"
    for argv in (["--out", str(out)], ["--check"]):
        assert main(["sweep", str(spec), *argv]) == 2
        err = capsys.readouterr().err
        assert f"{spec}:3:3:" in err and "not a numeric leaf of any scenario" in err, err
        assert "did you mean parameters.flq_delta" in err
    assert not out.exists()


def test_every_problem_of_a_sweep_file_is_reported_at_once(tmp_path):
    """A type error, an unknown region, a scenario file that does not exist and bounds out of order: one error,
    four problems, each at its line."""
    spec = _spec(
        tmp_path,
        "scenarios: [KOSTANAI/plan.yaml, KOSTANAI/nope.yaml]\nregions: [narnia]\n"
        "sample: {points: 2, bounds: {parameters.flq_delta: [2, 1]}}\ndraws: one\nseed: 1\n",
    )
    with pytest.raises(InputError) as caught:
        load_plan(spec)
    lines = sorted((p.line, p.path) for p in caught.value.problems if p.file == str(spec))
    assert lines == [(1, "scenarios[1]"), (2, "regions[0]"), (3, "sample.bounds['parameters.flq_delta']"), (4, "draws")]


def test_addresses_are_checked_with_the_other_problems_once_every_scenario_loads(tmp_path):
    spec = _spec(
        tmp_path,
        "scenarios: [KOSTANAI/plan.yaml]\nregions: [narnia]\ngrid: {parameters.flq_deltaa: [0.2]}\ndraws: 0\nseed: 1\n",
    )
    with pytest.raises(InputError) as caught:
        load_plan(spec)
    assert sorted(p.line for p in caught.value.problems) == [2, 3, 4]


def test_check_exits_2_naming_the_ensembles_a_point_cannot_be_applied_to(tmp_path, capsys):
    """``projects.foundry...`` is a leaf of plan.yaml only: kia.yaml's ensemble cannot be built; ``--check`` lists
    every ensemble, names the failing one on stderr and exits 2."""
    spec = _spec(
        tmp_path,
        "scenarios: [KOSTANAI/plan.yaml, KOSTANAI/kia.yaml]\ngrid: {projects.foundry.jobs.permanent: [500]}\n"
        "draws: 10\nseed: 1\n",
    )
    assert main(["sweep", str(spec), "--check"]) == 2
    captured = capsys.readouterr()
    assert "0: " in captured.out and "1: " in captured.out
    assert "1 of 2 ensembles cannot be built" in captured.err
    assert "kia.yaml in kostanai at projects.foundry.jobs.permanent=500" in captured.err


def test_a_sweep_whose_every_ensemble_fails_writes_nothing(tmp_path, capsys):
    """A value outside flq_delta's range in the only scenario: no ensemble can be built, so the command stops
    with exit code 2 before a cluster starts or a file is written."""
    spec = _spec(tmp_path, "scenarios: [KOSTANAI/kia.yaml]\ngrid: {parameters.flq_delta: [-5]}\ndraws: 10\nseed: 1\n")
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "no ensemble of the sweep can be built" in captured.err and "flq_delta" in captured.err
    assert "cluster" not in captured.out
    assert not out.exists()


def test_the_target_grid_is_labelled_with_the_targets_names():
    """Columns carry each target's own name and year (as `regsim run`'s charts do), not its id; with no
    successful ensemble the figure says so rather than that the scenarios have no targets."""
    from matplotlib.figure import Figure

    from simulator.sweep.plots import plot_target_probabilities
    from simulator.sweep.spec import Ensemble
    from simulator.sweep.summary import EnsembleSummary, TargetSummary

    ensemble = Ensemble(0, "plan.yaml", "plan", "kostanai", (), 1, 10, None)
    target = TargetSummary("average_wage_x1_5", "Average salary x1.5", "nominal", True, 2030, "KZT", 1.0, 1.0, 0.5,
                           None, None)  # fmt: skip
    ax = Figure().add_subplot()
    plot_target_probabilities([EnsembleSummary(ensemble, region_name="Kostanai", targets=[target])], ax=ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Average salary x1.5\nby 2030"]
    ax = Figure().add_subplot()
    plot_target_probabilities([EnsembleSummary(ensemble, error="failed")], ax=ax)
    assert [t.get_text() for t in ax.texts] == ["no ensemble to show"]


def test_a_file_written_atomically_gets_the_mode_of_any_other_file(tmp_path):
    """The temporary file renamed into place is created as open() creates a file (0o666 less the umask), not
    0600 as tempfile makes them; no temporary is left."""
    from simulator.output import write_file_atomically

    probe = tmp_path / "probe.csv"
    probe.write_text("", encoding="utf-8")
    write_file_atomically(tmp_path / "table.csv", "a,b\n")
    assert (tmp_path / "table.csv").stat().st_mode & 0o777 == probe.stat().st_mode & 0o777
    assert sorted(p.name for p in tmp_path.iterdir()) == ["probe.csv", "table.csv"]
