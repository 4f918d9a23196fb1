"""Sensitivity: Sobol' indices of a toy linear model against the analytic values, the tornado on the synthetic
region, output checks, and ``regsim sensitivity`` on Kostanai.

Tolerance for Sobol' indices: 0.03 absolute with n = 4,096 base samples (Saltelli 2010 estimator; the error
falls like 1/√n).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SCENARIOS
from pydantic import TypeAdapter
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.cli import main
from simulator.errors import InputError
from simulator.scenario import load_scenario
from simulator.scenario.distributions import Distribution
from simulator.uncertainty.sampling import percentile_value
from simulator.uncertainty.sensitivity import sobol, sobol_indices, tornado

DIST = TypeAdapter(Distribution)
REGION = synthetic_region()


def test_sobol_indices_of_a_linear_model_match_the_analytic_values():
    """Y = Σ a_i X_i with independent X_i: S_i = S_Ti = a_i² σ_i² / Σ_j a_j² σ_j²."""
    a = np.array([1.0, 2.0, -3.0, 0.5])
    dists = {
        "x1": DIST.validate_python({"dist": "normal", "mean": 1.0, "sd": 1.0}),
        "x2": DIST.validate_python({"dist": "uniform", "low": 0.0, "high": 2.0}),  # σ² = 1/3
        "x3": DIST.validate_python({"dist": "normal", "mean": 0.0, "sd": 0.5}),
        "x4": DIST.validate_python({"dist": "triangular", "low": 0.0, "mode": 1.0, "high": 2.0}),  # σ² = 1/6
    }
    variance = a**2 * np.array([1.0, 1.0 / 3.0, 0.25, 1.0 / 6.0])
    expected = variance / variance.sum()
    indices = sobol_indices(lambda x: a @ x, dists, n=4096, seed=1)
    np.testing.assert_allclose([s.first_order for s in indices], expected, atol=0.03)
    np.testing.assert_allclose([s.total_order for s in indices], expected, atol=0.03)


def test_sobol_sample_size_must_be_a_power_of_two():
    d = {"x": DIST.validate_python({"dist": "uniform", "low": 0.0, "high": 1.0})}
    with pytest.raises(InputError, match="power of two"):
        sobol_indices(lambda x: x[0], d, n=1000)


def uncertain_scenario():
    p = plant()
    p["production"] = {
        **p["production"],
        "capacity": {"value": {"dist": "triangular", "low": 6000, "mode": 10000, "high": 12000}, "unit": "cars/yr"},
    }
    p["value_added_share"] = {"dist": "uniform", "low": 0.19, "high": 0.21}
    return scenario([p])


def test_tornado_bars_use_the_5th_and_95th_percentiles_and_the_central_run():
    s = uncertain_scenario()
    _, bars = tornado(s, "grp_real", 2030, region=REGION)
    det = simulate(s, region=REGION)
    central = det.series("grp_real")[0, det.year_index(2030)]
    assert [b.swing for b in bars] == sorted((b.swing for b in bars), reverse=True)
    capacity = next(b for b in bars if b.address.endswith("capacity.value"))
    dist = DIST.validate_python({"dist": "triangular", "low": 6000, "mode": 10000, "high": 12000})
    assert capacity.input_low == percentile_value(dist, 0.05)
    assert capacity.input_high == percentile_value(dist, 0.95)
    assert capacity.output_central == pytest.approx(central, rel=1e-12)
    assert capacity.output_low < capacity.output_central < capacity.output_high
    # the GRP level's widest swing is the baseline's own measured error; among the projects' inputs, capacity
    # spans far more than a ±5 % value-added share
    projects = [b for b in bars if not b.address.startswith("baseline_error.")]
    assert len(projects) == len(bars) - 2
    assert projects[0].address == capacity.address


def test_sobol_on_a_scenario_ranks_the_wide_input_first():
    out, indices = sobol(uncertain_scenario(), "grp_real", 2030, n=64, seed=3, region=REGION)
    assert out.label.startswith("GRP|Real 2030")
    projects = [i for i in indices if not i.address.startswith("baseline_error.")]
    assert projects[0].address.endswith("capacity.value")
    assert all(np.isfinite([s.first_order for s in indices]))


@pytest.mark.parametrize(("output", "year"), [("gdp", 2030), ("grp_real", 1999), ("grp_real", 2023)])
def test_bad_output_or_year_is_input_error(output, year):
    with pytest.raises(InputError):
        tornado(uncertain_scenario(), output, year, region=REGION)


def test_scenario_without_distributions_studies_only_the_baseline_error():
    _, bars = tornado(scenario([plant()]), region=REGION)
    assert sorted(b.address for b in bars) == ["baseline_error.employment", "baseline_error.grp_real"]


PLAN = SCENARIOS / "kostanai" / "plan.yaml"


def test_cli_sensitivity_writes_csv_and_png(tmp_path, capsys):
    out = tmp_path / "sens"
    assert main(["sensitivity", str(PLAN), "--samples", "32", "--seed", "1", "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} >= {"tornado.csv", "tornado.png", "sobol.csv", "sobol.png"}
    header = (out / "tornado.csv").read_text().splitlines()[0]
    assert header.startswith("output,year,unit,leaf,input_low_p5")
    assert "Tornado" in capsys.readouterr().out


def test_cli_sensitivity_bad_output_exits_2(tmp_path, capsys):
    assert main(["sensitivity", str(PLAN), "--output", "nonsense", "--out", str(tmp_path / "x")]) == 2
    assert "nonsense" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_impact_output_is_scenario_minus_baseline():
    from simulator.uncertainty.sensitivity import resolve_output

    years = np.arange(2023, 2031)
    out = resolve_output("impact:grp_real", 2028, type("S", (), {"targets": []})(), years)
    arrays = {"grp_real": np.full((1, 8), 7000.0), "baseline:grp_real": np.full((1, 8), 6000.0)}
    np.testing.assert_allclose(out.values(arrays, years, 3), [1.0, 1.0, 1.0])  # 1000 million KZT = 1 bn
    assert "scenario minus baseline" in out.label


def test_the_default_output_is_what_the_projects_add_and_the_level_without_projects():
    """Issue 16: the level of real GRP is dominated by baseline growth, so by default the impact (scenario minus
    baseline) is studied; a scenario without projects has a zero impact in every run, so its default is the
    level. ``--output grp_real`` still studies the level of a scenario with projects."""
    from simulator.uncertainty.sensitivity import resolve_output

    years = np.arange(2023, 2031)
    with_projects = type("S", (), {"targets": [], "projects": ["kia"]})()
    without = type("S", (), {"targets": [], "projects": []})()
    assert resolve_output(None, None, with_projects, years).spec == "impact:grp_real"
    assert resolve_output(None, None, without, years).spec == "grp_real"
    assert resolve_output("grp_real", None, with_projects, years).impact is False


def test_by_default_project_inputs_lead_the_tornado_of_the_plan():
    """On plan.yaml the default output is the impact, where the level's leader (the baseline's own error,
    ``baseline_error.grp_real``) cancels but for its small effect through prices: most of the ten widest bars
    are project inputs, and one of them leads. A level study would be led by the baseline error."""
    output, bars = tornado(load_scenario(PLAN))
    assert output.impact and output.key == "grp_real"
    top = [b.address for b in bars[:10]]
    assert top[0].startswith("projects.")
    assert sum(a.startswith("projects.") for a in top) >= 6
    _, level = tornado(load_scenario(PLAN), "grp_real")
    assert level[0].address.startswith("baseline_error.")


def test_cli_sensitivity_quiet_prints_only_the_folder(tmp_path, capsys):
    out = tmp_path / "quiet"
    assert main(["sensitivity", str(PLAN), "--method", "tornado", "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    assert (out / "tornado.csv").exists()


def test_sobol_bootstrap_conf_is_the_spread_of_the_resampled_estimators():
    """The ± (matrix form, one product per estimator) equals 1.96 × the standard deviation of scipy's Saltelli
    2010 estimators recomputed on each resample of the rows, gathered one by one."""
    from scipy import stats

    from simulator.uncertainty.sensitivity import _bootstrap_conf

    rng = np.random.default_rng(7)
    n, k, resamples = 64, 3, 40
    f_a, f_b, f_ab = rng.normal(size=n), rng.normal(size=n), rng.normal(size=(k, n))
    first_conf, total_conf = _bootstrap_conf(f_a, f_b, f_ab, np.random.default_rng(1), resamples)
    rows = np.random.default_rng(1).integers(0, n, size=(resamples, n))
    mean = np.mean([f_a, f_b])
    a, b, ab = f_a - mean, f_b - mean, f_ab - mean
    first, total = [], []
    for r in rows:
        var = np.var([a[r], b[r]])
        first.append(np.mean(b[r] * (ab[:, r] - a[r]), axis=-1) / var)
        total.append(0.5 * np.mean((a[r] - ab[:, r]) ** 2, axis=-1) / var)
    z = stats.norm.ppf(0.975)
    np.testing.assert_allclose(first_conf, z * np.std(first, axis=0, ddof=1), rtol=1e-10)
    np.testing.assert_allclose(total_conf, z * np.std(total, axis=0, ddof=1), rtol=1e-10)


def test_sobol_conf_covers_the_error_and_shrinks_with_n():
    """Linear model as above: each estimate within its ± of the analytic index, and the ± smaller at 4n."""
    a = np.array([1.0, 2.0, -3.0])
    dists = {f"x{j}": DIST.validate_python({"dist": "normal", "mean": 0.0, "sd": 1.0}) for j in range(3)}
    expected = a**2 / np.sum(a**2)
    small = sobol_indices(lambda x: a @ x, dists, n=256, seed=2)
    large = sobol_indices(lambda x: a @ x, dists, n=1024, seed=2)
    for s, e in zip(large, expected, strict=True):
        assert abs(s.first_order - e) <= s.first_order_conf
        assert abs(s.total_order - e) <= s.total_order_conf
    assert all(b.first_order_conf < s.first_order_conf for s, b in zip(small, large, strict=True))
    assert all(b.total_order_conf < s.total_order_conf for s, b in zip(small, large, strict=True))


def test_cli_sensitivity_records_the_seed_and_repeats_byte_for_byte(tmp_path, capsys):
    """Without --seed a fresh seed is drawn, printed and recorded in provenance.json (with what `regsim run`
    records: scenario files and hashes, version, region); --seed with it gives the same CSVs, byte for byte."""
    import json

    first, again = tmp_path / "S1", tmp_path / "S2"
    assert main(["sensitivity", str(PLAN), "--samples", "16", "--out", str(first)]) == 0
    printed = capsys.readouterr().out
    record = json.loads((first / "provenance.json").read_text())
    assert isinstance(record["seed"], int)
    assert f"--seed {record['seed']}" in printed
    assert record["method"] == "both" and record["samples"] == 16 and record["output"] == "impact:grp_real"
    assert record["year"] == int((first / "sobol.csv").read_text().splitlines()[1].split(",")[1])
    assert record["scenario_file"] == str(PLAN) and str(PLAN) in record["hashes"]
    assert record["region"] == "kostanai" and record["model_runs"] == 16 * (len(record["uncertain_leaves"]) + 2) + (
        2 * len(record["uncertain_leaves"]) + 1
    )
    seed = str(record["seed"])
    assert main(["sensitivity", str(PLAN), "--samples", "16", "--seed", seed, "--out", str(again), "--quiet"]) == 0
    for name in ("sobol.csv", "tornado.csv"):
        assert (again / name).read_bytes() == (first / name).read_bytes()
    assert json.loads((again / "provenance.json").read_text()) == record


def test_cli_sobol_says_when_a_total_index_is_below_its_first_order(tmp_path, capsys):
    out = tmp_path / "s"
    args = ["sensitivity", str(PLAN), "--method", "sobol", "--samples", "8", "--seed", "1", "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    rows = [line.split(",") for line in (out / "sobol.csv").read_text().splitlines()]
    assert rows[0] == [
        "output", "year", "leaf", "first_order", "first_order_conf", "total_order", "total_order_conf", "base_samples"
    ]  # fmt: skip
    below = sum(float(r[5]) < float(r[3]) for r in rows[1:])
    ties = sum(float(r[5]) == float(r[3]) for r in rows[1:])  # equal at the CSV's 4 decimals: either side
    assert below > 0  # n = 8: noisy enough for some
    notes = [line for line in printed.splitlines() if "below their first-order one" in line]
    assert len(notes) == 1 and "--samples" in notes[0]
    noted = int(notes[0].split("note: ")[1].split(" of ")[0])
    assert below <= noted <= below + ties and f" of {len(rows) - 1} " in notes[0]
    assert "--seed" not in printed  # the seed was given: nothing to repeat it by
    assert all(float(r[4]) >= 0 and float(r[6]) >= 0 for r in rows[1:])


def test_cli_sensitivity_help_shows_the_defaults(capsys):
    assert main(["sensitivity", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for default in ("(default: both)", "(default: 1024;", "(default: a fresh one", "(default: 15)"):
        assert default in text
