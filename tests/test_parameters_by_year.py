"""Parameters that are one value for the whole run (``by_year: false`` in parameters.yaml) refuse a year path
with a message naming the key, instead of being cut silently to their first year."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario import load_scenario
from simulator.scenario.parameters import parameter_specs

VALID = (Path(__file__).parent / "data" / "scenarios" / "valid.yaml").read_text(encoding="utf-8")
LINE = "  flq_delta: {dist: uniform, low: 0.2, high: 0.4}"


def test_the_run_wide_parameters_are_the_ones_the_model_reads_once():
    """effects.regional_table reads flq_delta, consumption_propensity and supply_limited_share in one year only,
    and baseline.baseline farm_hired_share (issue 13 item 5: properties of the regional table and its rows)."""
    assert sorted(n for n, spec in parameter_specs().items() if not spec.by_year) == [
        "consumption_propensity",
        "farm_hired_share",
        "flq_delta",
        "supply_limited_share",
    ]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("  flq_delta: {2024: 0.3, 2027: 0.9}", "parameters.flq_delta"),
        (LINE + "\n  consumption_propensity: {2026: 0.6}", "parameters.consumption_propensity"),
    ],
)
def test_a_year_path_is_refused_naming_the_key(tmp_path, line, key):
    file = tmp_path / "s.yaml"
    file.write_text(VALID.replace(LINE, line), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    problem = next(p for p in info.value.problems if p.path == key)
    assert "one value for the whole run" in problem.message and problem.line == 13 + (key.endswith("propensity"))


def test_a_number_or_a_distribution_is_accepted(tmp_path):
    file = tmp_path / "s.yaml"
    file.write_text(VALID.replace(LINE, "  flq_delta: 0.25\n  consumption_propensity: 0.65"), encoding="utf-8")
    params = load_scenario(file).scenario.parameters
    assert (params.flq_delta, params.consumption_propensity) == (0.25, 0.65)


def test_the_parameters_all_draws_share_are_one_number():
    """farm_hired_share and supply_limited_share shape the coefficient rows and the regional table that all draws
    share (they are read once, not per draw), so ``uncertain: false``: a distribution is refused naming the key
    instead of being read silently at its mean, and a plain number is accepted."""
    assert sorted(n for n, spec in parameter_specs().items() if not spec.uncertain) == [
        "farm_hired_share",
        "supply_limited_share",
    ]


@pytest.mark.parametrize("key", ["farm_hired_share", "supply_limited_share"])
def test_a_distribution_of_a_shared_parameter_is_refused(tmp_path, key):
    file = tmp_path / "s.yaml"
    file.write_text(VALID.replace(LINE, f"{LINE}\n  {key}: {{dist: uniform, low: 0.3, high: 0.5}}"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    problem = next(p for p in info.value.problems if p.path == f"parameters.{key}")
    assert "one number for the whole run" in problem.message and problem.line == 14
    file.write_text(VALID.replace(LINE, f"{LINE}\n  {key}: 0.4"), encoding="utf-8")
    assert getattr(load_scenario(file).scenario.parameters, key) == 0.4
