"""Bad input found by the robustness audit: every case exits 2 with a message naming the option, or the file,
line and key, with no traceback and nothing written (no output folder, no temporary file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"
VALID = REPO / "tests" / "data" / "scenarios" / "valid.yaml"


def assert_refused(argv, capsys, *fragments, tmp_path=None):
    """``regsim argv`` exits 2, stderr names every fragment, no traceback, ``tmp_path`` unchanged."""
    before = sorted(tmp_path.rglob("*")) if tmp_path is not None else None
    assert main([str(a) for a in argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err
    if tmp_path is not None:
        assert sorted(tmp_path.rglob("*")) == before, "something was written"
    return err


# ----------------------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("command", ["run", "compare", "sensitivity"])
def test_a_negative_seed_is_refused_by_the_option(command, tmp_path, capsys):
    size = ["--samples", "4"] if command == "sensitivity" else ["--draws", "4"]
    argv = [command, PLAN, "--seed", "-1", *size, "--out", tmp_path / "out"]
    assert_refused(argv, capsys, "--seed", "must be a whole number >= 0", tmp_path=tmp_path)


def test_the_ensemble_refuses_a_negative_seed():
    from simulator.errors import InputError
    from simulator.uncertainty import simulate_ensemble

    with pytest.raises(InputError, match="seed must be a whole number >= 0"):
        simulate_ensemble(VALID, n_draws=4, seed=-1)


# ----------------------------------------------------------------------------------------- output folders


def _unwritable_destinations(tmp_path: Path):
    afile = tmp_path / "afile.txt"
    afile.write_text("not a folder\n")
    yield afile / "sub", "afile.txt is a file, not a folder"
    yield afile / "a" / "b", "afile.txt is a file, not a folder"
    if Path("/proc/self").exists():  # a virtual file system: no folder can be made there
        yield Path("/proc/regsim_out"), "cannot write the output folder"


@pytest.mark.parametrize(
    "command",
    [
        ["run", PLAN, "--quiet"],
        ["compare", PLAN, PLAN.parent / "plan_delayed.yaml", "--quiet"],
        ["sensitivity", VALID, "--method", "tornado", "--quiet"],
    ],
    ids=["run", "compare", "sensitivity"],
)
def test_an_output_folder_that_cannot_be_made_is_exit_2_naming_it(command, tmp_path, capsys):
    for out, says in _unwritable_destinations(tmp_path):
        before = sorted(tmp_path.rglob("*"))
        err = assert_refused([*command, "--out", out], capsys, f"{out}: cannot write the output folder", says)
        assert sorted(tmp_path.rglob("*")) == before, err


def test_an_output_folder_write_failure_is_exit_2_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    """A full disk (or any OSError) while the files are written: exit 2 naming the folder, no hidden folder."""
    import simulator.output

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(simulator.output, "write_run_files", full)
    out = tmp_path / "out"
    assert_refused(
        ["run", VALID, "--out", out, "--quiet"],
        capsys,
        f"{out}: cannot write the output folder",
        "No space left on device",
        tmp_path=tmp_path,
    )


@pytest.mark.parametrize("kind", ["nonempty_dir", "under_a_file", "missing_dir"])
def test_schema_out_failure_leaves_no_temporary_file(kind, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nonempty").mkdir()
    (tmp_path / "nonempty" / "keep.txt").write_text("x")
    (tmp_path / "afile.txt").write_text("x")
    out = {"nonempty_dir": "nonempty", "under_a_file": "afile.txt/schema.json", "missing_dir": "no/dir/x.json"}[kind]
    assert_refused(["schema", "--out", out], capsys, f"{out}: cannot write the schema", tmp_path=tmp_path)


def test_sigterm_during_run_cleans_up_like_ctrl_c(tmp_path):
    """`kill` while the run folder is being written: exit 143, no output folder, no hidden temporary folder."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "run", str(PLAN), "--out", str(out), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "terminated" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == [], "a half-written folder was left behind"


# ----------------------------------------------------------------------------------------- base year


def test_a_base_year_before_the_regions_data_is_exit_2_not_a_key_error(tmp_path, capsys):
    text = VALID.read_text(encoding="utf-8")
    scenario = tmp_path / "scenario.yaml"
    old, new = "base_year: 2023\nhorizon:\n  start: 2024", "base_year: 2013\nhorizon:\n  start: 2014"
    scenario.write_text(text.replace(old, new))
    line = text[: text.index(old)].count("\n") + 1
    out = tmp_path / "out"
    assert_refused(["run", scenario, "--out", out], capsys, f"{scenario}:{line}:", "base_year:", "no data for 2013")
    assert not out.exists()


# ----------------------------------------------------------------------------------------- magnitudes


def _valid_with(tmp_path: Path, old: str, new: str) -> Path:
    text = VALID.read_text(encoding="utf-8")
    assert text.count(old) == 1
    file = tmp_path / "scenario.yaml"
    file.write_text(text.replace(old, new), encoding="utf-8")
    return file


MAGNITUDES = [
    (
        "capacity",
        "{value: 70000, unit: cars/yr}",
        "{value: 1.0e308, unit: cars/yr}",
        "projects[0].production.capacity.value",
        "must be at most 1e+12 cars/yr (got 1e+308)",
    ),
    (
        "investment",
        "{value: 131.5, unit: billion KZT}",
        "{value: 1.0e300, unit: billion KZT}",
        "projects[0].investment.amount.value",
        "must be at most 1e+06 billion KZT (got 1e+300)",
    ),
    (
        "usd-price",
        "{value: 1.5e4, unit: USD, year: 2024}",
        "{value: 2.0e13, unit: USD, year: 2024}",
        "projects[0].production.unit_price.value",
        "must be at most 1e+13 USD",
    ),
    (
        "price-distribution",
        "{value: 1.5e4, unit: USD, year: 2024}",
        "{value: {dist: triangular, low: 1.0, mode: 1.0e300, high: 1.0e301}, unit: USD, year: 2024}",
        "projects[0].production.unit_price.value",
        "a distribution whose draws reach 1e+301",
    ),
    (
        "unbounded-lognormal",
        "{value: 1200, unit: USD}",
        "{value: {dist: lognormal, median: 1200, sigma: 10, low: 1}, unit: USD}",
        "projects[1].production.unit_price.value",
        "draws reach",
    ),
    (
        "jobs",
        "jobs: {permanent: 1500,",
        "jobs: {permanent: 1.0e12,",
        "projects[0].jobs.permanent",
        "no project employs more than Kostanai Region's whole labour force in 2023",
    ),
    (
        "jobs-per-unit",
        "jobs: {permanent: 40}",
        "jobs: {permanent: 40000}",
        "projects[2].jobs.permanent",
        "14 units employ no more than Kostanai Region's whole labour force",
    ),
    (
        "construction-job-years",
        "construction_job_years: 2000}",
        "construction_job_years: 1.0e12}",
        "projects[0].jobs.construction_job_years",
        "building for 60 years",
    ),
    (
        "relative-wage",
        "wage: {relative_to_average: 1.3}",
        "wage: {relative_to_average: 1.0e6}",
        "projects[0].wage.relative_to_average",
        "must be at most 100 (got 1e+06)",
    ),
    (
        "absolute-wage",
        "{value: 450, unit: thousand KZT/month}",
        "{value: 4.5e12, unit: thousand KZT/month}",
        "projects[1].wage.absolute.value",
        "must be at most 1e+06 thousand KZT/month",
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "message"), [m[1:] for m in MAGNITUDES], ids=[m[0] for m in MAGNITUDES])
def test_a_magnitude_beyond_its_bound_is_refused_with_file_line_and_key(old, new, path, message, tmp_path, capsys):
    file = _valid_with(tmp_path, old, new)
    line = file.read_text(encoding="utf-8").split(new)[0].count("\n") + 1
    out = tmp_path / "out"
    assert_refused(
        ["run", file, "--out", out, "--draws", "4", "--quiet"], capsys, f"{file}:{line}:", f" {path}: ", message
    )
    assert not out.exists()


def test_the_shipped_scenarios_are_within_every_bound():
    from simulator.scenario import load_scenario

    for file in sorted((REPO / "scenarios" / "kostanai").glob("*.yaml")):
        load_scenario(file)


def _unchecked(capacity: float):
    """valid.yaml with the car plant's capacity as the schema alone takes it (no cross-checks, so no magnitude
    bounds): what reaches the model if validation is bypassed (the API accepts a Scenario object)."""
    from simulator.scenario import load_scenario
    from simulator.scenario.schema import Scenario

    data = load_scenario(VALID).scenario.model_dump(exclude_none=True, warnings=False)
    data["projects"][0]["production"]["capacity"]["value"] = capacity
    return Scenario.model_validate(data, strict=True)


@pytest.mark.parametrize("draws", [1, 8])
def test_non_finite_results_are_an_input_error_naming_the_likely_input(draws):
    """The last line: results that overflow are refused, naming the largest inputs, not passed to the
    statistics (ValueError: values contain NaN) or written (NaN in results.csv)."""
    import warnings

    import numpy as np

    from simulator.api import simulate
    from simulator.errors import InputError
    from simulator.uncertainty import simulate_ensemble

    huge = _unchecked(1e308)
    with np.errstate(all="ignore"), warnings.catch_warnings(), pytest.raises(InputError) as info:
        warnings.simplefilter("ignore", RuntimeWarning)
        simulate(huge) if draws == 1 else simulate_ensemble(huge, n_draws=draws, seed=1, progress=None)
    message = str(info.value)
    assert "not finite" in message and "projects.car_plant.production.capacity.value (1e+308)" in message


AT_THE_BOUNDS = [
    ("end: 2032", "end: 2083"),  # the longest horizon, 60 years
    (
        "  exchange_rate: {2024: 470.0, 2026: 500}",
        "  exchange_rate: {1990: 10000}\n  gdp_deflator_growth: {1990: 2.0}\n  cpi_inflation: {1990: 2.0}\n"
        "  real_wage_growth: 0.5\n  baseline_growth_shift: 0.2",
    ),
    ("{value: 131.5, unit: billion KZT}", "{value: 10000, unit: billion USD, year: 1990}"),
    ("{value: 70000, unit: cars/yr}", "{value: 1.0e12, unit: cars/yr}"),
    ("{value: 1.5e4, unit: USD, year: 2024}", "{value: 1.0e13, unit: USD, year: 1990}"),
    (
        "jobs: {permanent: 1500, construction_job_years: 2000}",
        "jobs: {permanent: 472000, construction_job_years: 2.8e7}",
    ),
    ("wage: {relative_to_average: 1.3}", "wage: {relative_to_average: 100}"),
    ("{value: 45, unit: thousand t/yr}", "{value: 1.0e9, unit: thousand t/yr}"),
    ("{value: 1200, unit: USD}", "{value: 1.0e13, unit: USD}"),
]


def test_every_magnitude_at_its_bound_still_gives_finite_results(tmp_path):
    """The bounds are chosen so that the model's arithmetic stays finite: a scenario with money, capacity, jobs
    and wages at their bounds and prices, exchange rate and growth at the ends of their ranges runs, finite.
    Finite is not meaningful: the model's own check (issue 15) then refuses the results, which hold negative
    wage bills and taxes, naming the largest inputs."""
    import numpy as np

    from simulator.api import simulate
    from simulator.errors import InputError
    from simulator.model.inputs import build_inputs
    from simulator.model.simulate import simulate_arrays
    from simulator.region import load_region
    from simulator.scenario import load_scenario
    from simulator.uncertainty import simulate_ensemble

    text = VALID.read_text(encoding="utf-8")
    for old, new in AT_THE_BOUNDS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    file = tmp_path / "bounds.yaml"
    file.write_text(text, encoding="utf-8")
    loaded = load_scenario(file)
    scenario = loaded.scenario
    with np.errstate(under="ignore"):
        grp = simulate_arrays(build_inputs(scenario, load_region(scenario.region)))["grp"]
        assert np.isfinite(grp).all() and np.abs(grp).max() < 1e70
        for run in (lambda: simulate(loaded), lambda: simulate_ensemble(loaded, n_draws=16, seed=3, progress=None)):
            with pytest.raises(InputError, match=r"not meaningful.*largest inputs are projects"):
                run()


# ----------------------------------------------------------------------------------------- solve --bounds


@pytest.mark.parametrize(
    ("target", "leaf", "bounds", "message"),
    [
        ("grp_doubled", "parameters.flq_delta", ("-5", "5"), "parameters.flq_delta = -5: must be in [0, 1]"),
        ("jobs_plus_20000", "parameters.displacement_share", ("-1", "2"), "displacement_share = 2: must be in [0, 1]"),
        ("jobs_plus_20000", "projects.kia.production.capacity.value", ("-100000", "-1"), "must be in (0, inf)"),
        ("jobs_plus_20000", "projects.kia.jobs.permanent", ("1", "1e300"), "whole labour force in 2023"),
    ],
    ids=["delta", "share", "negative-capacity", "jobs"],
)
def test_solve_bounds_outside_the_leafs_range_are_exit_2(target, leaf, bounds, message, capsys):
    argv = ["solve", PLAN, "--target", target, "--vary", leaf, "--bounds", *bounds]
    shown = " ".join(f"{float(b):g}" for b in bounds)
    assert_refused(argv, capsys, f"--bounds {shown}", message)


# ----------------------------------------------------------------------------------------- draws and memory


def test_draws_beyond_the_available_memory_are_refused_before_allocating(tmp_path, capsys):
    """`--draws 1000000000` raised OSError: Cannot allocate memory (4 TB of results): now exit 2, saying how many
    draws would fit."""
    argv = ["run", PLAN, "--draws", "1000000000", "--out", tmp_path / "out", "--quiet"]
    assert_refused(argv, capsys, "1,000,000,000 draws need about", "use fewer draws (at most about", tmp_path=tmp_path)


@pytest.mark.parametrize("method", ["sobol", "lhs"])
def test_the_memory_check_uses_the_memory_available(method, monkeypatch):
    import simulator.memory
    from simulator.errors import InputError
    from simulator.uncertainty import simulate_ensemble

    monkeypatch.setattr(simulator.memory, "available_bytes", lambda: 2**20)  # 1 MB
    with pytest.raises(InputError, match=r"5,000 draws need about .* more than the 1.0 MB available"):
        simulate_ensemble(VALID, n_draws=5000, seed=1, method=method, progress=None)
    monkeypatch.setattr(simulator.memory, "available_bytes", lambda: None)  # unknown: no check
    assert simulate_ensemble(VALID, n_draws=300, seed=1, method=method, progress=None).n_draws == 300
