"""``extends`` with blocks of another kind and with removals (``key: ~``), on hand-written parent/child files.

The rules (simulator/scenario/merge.py, docs/scenario-language.md "extends"):

* a child's block of another kind replaces the parent's whole: a ``ramp_up`` of another ``shape``, a
  distribution of another ``dist``, a year path over a distribution and a distribution over a year path, a
  project of another ``kind``; writing ``absolute`` removes the parent's ``relative_to_average`` (and
  ``build_period`` the parent's ``schedule``);
* a block of the same kind still merges key by key (``{years: 4}`` over a linear ramp-up, ``{mode: 0.35}``
  over a triangular, a year over a year path, a target's ``kind``);
* ``key: ~`` removes what a parent wrote, so the key takes its default (or is reported missing, at the line
  of the ``~``); in a file of its own it is the same as not writing the key.

Each expected value below is read off the two files of the test: the parent's value where the child writes
nothing, the child's where it does, the schema default where the key ends up unwritten.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.api import simulate
from simulator.errors import ScenarioError
from simulator.scenario import load_scenario
from simulator.scenario.distributions import Triangular, Uniform
from simulator.scenario.project_parts import LinearRamp, LogisticRamp, TableRamp

PARENT = """\
name: Parent
region: kostanai
base_year: 2023
horizon: {start: 2024, end: 2030}
parameters:
  flq_delta: {dist: triangular, low: 0.2, mode: 0.3, high: 0.4}
  cit_rate: 0.2
  vat_rate: {2024: 0.12, 2027: 0.16}
projects:
  - id: plant
    name: Plant
    kind: plant
    sector: D29
    investment:
      amount: {value: 10, unit: billion KZT}
      schedule: {2024: 0.5, 2025: 0.5}
      construction: {share: 0.4, local_share: 0.8}
      domestic_equipment: {share: 0.1, local_share: 0.5}
      imported_equipment: {share: 0.5, local_share: 0}
    production:
      start: 2025-10
      capacity: {value: 1000, unit: cars/yr}
      unit_price: {value: 10, unit: million KZT}
      ramp_up:
        shape: table
        utilisation: {2025: 0.2, 2026: 0.6, 2027: 0.9}
      max_utilisation: 0.8
    value_added_share: 0.2
    local_content: {dist: triangular, low: 0.1, mode: 0.2, high: 0.3}
    jobs: {permanent: 100}
    wage: {relative_to_average: 1.2}
  - id: mill
    name: Mill
    kind: plant
    sector: D10T12
    production:
      start: 2026-01
      capacity: {value: 50, unit: thousand t/yr}
      unit_price: {value: 150, unit: thousand KZT}
      ramp_up: {shape: linear, years: 2}
    value_added_share: 0.15
    local_content: {2024: 0.5, 2027: 0.7}
    jobs: {permanent: 80}
    wage: {relative_to_average: 1.0}
targets:
  - {id: grp_up, variable: grp, kind: ratio, value: 1.2, year: 2030, basis: real}
"""


def load_child(tmp_path: Path, child: str, parent: str = PARENT):
    (tmp_path / "parent.yaml").write_text(parent, encoding="utf-8")
    file = tmp_path / "child.yaml"
    file.write_text("extends: parent.yaml\n" + child, encoding="utf-8")
    return load_scenario(file), file


def problems_of(tmp_path: Path, child: str) -> list:
    with pytest.raises(ScenarioError) as info:
        load_child(tmp_path, child)
    return info.value.problems


def project(loaded, project_id: str):
    return next(p for p in loaded.scenario.projects if p.id == project_id)


# ------------------------------------------------------------------------------------------ another kind


def test_a_logistic_ramp_up_replaces_a_table_so_a_later_start_validates(tmp_path):
    """The parent's table has utilisation in 2025; with a start in 2026-10 merged key by key it would keep that
    table (utilisation before the start, and a ``utilisation`` key a logistic ramp-up does not take)."""
    loaded, _ = load_child(
        tmp_path,
        "projects:\n  - id: plant\n    production:\n      start: 2026-10\n      ramp_up: {shape: logistic, years: 3}\n",
    )
    production = project(loaded, "plant").production
    assert production.ramp_up == LogisticRamp(shape="logistic", years=3)
    assert production.start == "2026-10"
    assert production.capacity.value == 1000 and production.max_utilisation == 0.8  # siblings kept


def test_a_table_replaces_a_linear_ramp_up_with_only_the_childs_years(tmp_path):
    loaded, _ = load_child(
        tmp_path, "projects:\n  - id: mill\n    production:\n      ramp_up: {shape: table, utilisation: {2027: 0.5}}\n"
    )
    assert project(loaded, "mill").production.ramp_up == TableRamp(shape="table", utilisation={2027: 0.5})


def test_the_same_shape_still_merges_key_by_key(tmp_path):
    loaded, _ = load_child(
        tmp_path,
        "projects:\n  - id: mill\n    production: {ramp_up: {years: 4}}\n"
        "  - id: plant\n    production: {ramp_up: {utilisation: {2026: 0.7}}}\n",
    )
    assert project(loaded, "mill").production.ramp_up == LinearRamp(shape="linear", years=4)
    assert project(loaded, "plant").production.ramp_up.utilisation == {2025: 0.2, 2026: 0.7, 2027: 0.9}


def test_a_year_path_replaces_a_distribution(tmp_path):
    loaded, _ = load_child(tmp_path, "projects:\n  - id: plant\n    local_content: {2026: 0.25, 2028: 0.4}\n")
    assert project(loaded, "plant").local_content == {2026: 0.25, 2028: 0.4}


def test_a_distribution_replaces_a_year_path(tmp_path):
    loaded, _ = load_child(
        tmp_path, "projects:\n  - id: mill\n    local_content: {dist: uniform, low: 0.4, high: 0.8}\n"
    )
    assert project(loaded, "mill").local_content == Uniform(dist="uniform", low=0.4, high=0.8)


def test_a_uniform_replaces_a_triangular_and_a_partial_triangular_merges(tmp_path):
    loaded, _ = load_child(
        tmp_path,
        "parameters:\n  flq_delta: {dist: uniform, low: 0.25, high: 0.35}\n"
        "projects:\n  - id: plant\n    local_content: {mode: 0.25}\n",
    )
    assert loaded.scenario.parameters.flq_delta == Uniform(dist="uniform", low=0.25, high=0.35)
    assert project(loaded, "plant").local_content == Triangular(dist="triangular", low=0.1, mode=0.25, high=0.3)


def test_one_of_two_alternatives_removes_the_parents_other(tmp_path):
    loaded, _ = load_child(
        tmp_path,
        "projects:\n  - id: plant\n    wage: {absolute: {value: 500, unit: thousand KZT/month}}\n"
        "    investment: {build_period: {start: 2024, end: 2025}}\n",
    )
    plant = project(loaded, "plant")
    assert plant.wage.relative_to_average is None and plant.wage.absolute.value == 500
    assert plant.investment.schedule is None and plant.investment.build_period.end == 2025
    assert plant.investment.amount.value == 10  # the rest of the block is merged as before


def test_removing_one_alternative_does_not_remove_the_other(tmp_path):
    """``absolute: ~`` writes no alternative: the parent's ``relative_to_average`` stays."""
    loaded, _ = load_child(tmp_path, "projects:\n  - id: plant\n    wage: {absolute: ~}\n")
    assert project(loaded, "plant").wage.relative_to_average == 1.2


def test_a_project_of_another_kind_is_a_new_definition(tmp_path):
    loaded, _ = load_child(
        tmp_path,
        "projects:\n  - id: mill\n    kind: sector_change\n    name: Mill output x1.2\n    sector: D10T12\n"
        "    affected_share: 0.5\n    factor: {2027: 1.2}\n",
    )
    mill = project(loaded, "mill")
    assert (mill.kind, mill.name, mill.affected_share, mill.factor) == (
        "sector_change",
        "Mill output x1.2",
        0.5,
        {2027: 1.2},
    )


def test_a_targets_kind_still_merges_key_by_key(tmp_path):
    """A target's ``kind`` is a field of one model, not a choice between blocks: the rest is kept."""
    loaded, _ = load_child(tmp_path, "targets:\n  - {id: grp_up, kind: increase, value: 500, unit: billion KZT}\n")
    (target,) = loaded.scenario.targets
    assert (target.kind, target.value, target.unit) == ("increase", 500, "billion KZT")
    assert (target.variable, target.year, target.basis) == ("grp", 2030, "real")


def test_a_problem_in_a_replacing_block_points_at_the_child(tmp_path):
    problems = problems_of(tmp_path, "projects:\n  - id: mill\n    production:\n      ramp_up: {shape: logistic}\n")
    (problem,) = problems
    assert (problem.file, problem.line) == (str(tmp_path / "child.yaml"), 5)
    assert problem.path == "projects[1].production.ramp_up.years" and "missing required key 'years'" in problem.message


def test_a_start_moved_past_an_inherited_table_says_what_to_do(tmp_path):
    problems = problems_of(tmp_path, "projects:\n  - id: plant\n    production: {start: 2026-10}\n")
    (problem,) = problems
    assert (
        problem.file == str(tmp_path / "parent.yaml")
        and problem.path == "projects[0].production.ramp_up.utilisation.2025"
    )
    assert "before production starts (2026-10); the table is " in problem.message
    assert "(2025: ~)" in problem.message and "delay_months" in problem.message


# ------------------------------------------------------------------------------------------ removals


def test_tilde_removes_an_inherited_value_so_the_default_applies(tmp_path):
    loaded, _ = load_child(
        tmp_path, "parameters: {cit_rate: ~}\nprojects:\n  - id: plant\n    production: {max_utilisation: ~}\n"
    )
    assert loaded.scenario.parameters.cit_rate is None  # not overridden: the shipped default applies
    assert project(loaded, "plant").production.max_utilisation == 1.0  # the schema's default, not the parent's 0.8


def test_tilde_removes_one_year_of_a_path(tmp_path):
    loaded, _ = load_child(
        tmp_path,
        "parameters: {vat_rate: {2027: ~}}\nprojects:\n  - id: plant\n    production:\n"
        "      start: 2026-01\n      ramp_up: {utilisation: {2025: ~}}\n",
    )
    assert loaded.scenario.parameters.vat_rate == {2024: 0.12}
    assert project(loaded, "plant").production.ramp_up.utilisation == {2026: 0.6, 2027: 0.9}


def test_tilde_in_a_block_of_another_kind_is_accepted(tmp_path):
    """What a user writes first to switch a table to a logistic ramp-up (issue 16)."""
    loaded, _ = load_child(
        tmp_path,
        "projects:\n  - id: plant\n    production:\n      start: 2026-10\n"
        "      ramp_up: {shape: logistic, years: 3, utilisation: ~}\n",
    )
    assert project(loaded, "plant").production.ramp_up == LogisticRamp(shape="logistic", years=3)


def test_tilde_removes_a_whole_list(tmp_path):
    loaded, _ = load_child(tmp_path, "name: No targets\ntargets: ~\nprojects:\n  - id: plant\n    investment: ~\n")
    assert loaded.scenario.targets == []
    assert project(loaded, "plant").investment is None


def test_removing_a_required_key_is_reported_at_the_tilde(tmp_path):
    problems = problems_of(tmp_path, "projects:\n  - id: mill\n    jobs:\n      permanent: ~\n")
    (problem,) = problems
    assert (problem.file, problem.line) == (str(tmp_path / "child.yaml"), 5)
    assert problem.path == "projects[1].jobs.permanent" and "missing required key 'permanent'" in problem.message


def test_tilde_in_a_file_of_its_own_is_the_key_not_written(tmp_path):
    text = PARENT.replace("      max_utilisation: 0.8\n", "      max_utilisation: ~\n").replace(
        "    jobs: {permanent: 80}\n", "    jobs: {permanent: 80, construction_job_years: null}\n"
    )
    file = tmp_path / "alone.yaml"
    file.write_text(text, encoding="utf-8")
    loaded = load_scenario(file)
    assert project(loaded, "plant").production.max_utilisation == 1.0
    assert project(loaded, "mill").jobs.construction_job_years == 0.0


# ------------------------------------------------------------------------------------------ the KIA delay, two ways


def test_a_twelve_month_delay_equals_the_table_moved_a_year(tmp_path):
    """docs/kostanai-scenarios.md: plan_delayed.yaml writes KIA's table out one year later with ``start: 2026-10``;
    ``start: {date: 2025-10, delay_months: 12}`` over the plan's table is the same run (a delay moves a table ramp
    with the start), so KIA's output is equal in every year (rtol 1e-12: the same numbers, shifted)."""
    shipped = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai"
    for file in shipped.glob("*.yaml"):
        (tmp_path / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    delayed = "projects:\n  - id: kia\n    production:\n      start: {date: 2025-10, delay_months: 12}\n"
    kia_table = plan_delayed_kia_block(shipped)
    runs = []
    for name, body in (("delay.yaml", delayed), ("table.yaml", kia_table)):
        (tmp_path / name).write_text(f"extends: plan.yaml\nname: {name}\n" + body, encoding="utf-8")
        result = simulate(load_scenario(tmp_path / name))
        runs.append(result.arrays["project:output"][0, :, result.project_ids.index("kia")])
    assert runs[0].max() > 0
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-12)


def plan_delayed_kia_block(shipped: Path) -> str:
    """plan_delayed.yaml's KIA production block (start and table), without its local-content change."""
    text = (shipped / "plan_delayed.yaml").read_text(encoding="utf-8")
    block = text[text.index("  - id: kia") : text.index("    local_content: 0.04")]
    return "projects:\n" + block
