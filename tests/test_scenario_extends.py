"""``extends``: deep merge of mappings, projects and targets merged by id, drops, cycles, missing parents.

Fixtures: ``tests/data/scenarios/base.yaml`` <- ``child.yaml`` <- ``nested/grandchild.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario import load_scenario

DATA = Path(__file__).parent / "data" / "scenarios"
BASE = (DATA / "base.yaml").read_text(encoding="utf-8")


def base_line(fragment: str) -> int:
    return BASE[: BASE.index(fragment)].count("\n") + 1


def write(directory: Path, name: str, text: str) -> Path:
    file = directory / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def problems_of(file: Path) -> list:
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    return info.value.problems


def project(loaded, project_id: str):
    return next(p for p in loaded.scenario.projects if p.id == project_id)


# ------------------------------------------------------------------------------------------ semantics


def test_child_overrides_scalars_and_keeps_the_rest():
    loaded = load_scenario(DATA / "child.yaml")
    assert loaded.scenario.name == "Child scenario"
    assert loaded.scenario.region == "kostanai"  # from the parent
    assert loaded.scenario.horizon.end == 2030


def test_parameters_deep_merge():
    params = load_scenario(DATA / "child.yaml").scenario.parameters
    assert params.flq_delta == 0.4  # child wins
    assert params.cit_rate == 0.2  # parent kept


def test_child_overrides_one_field_of_a_project():
    plant = project(load_scenario(DATA / "child.yaml"), "plant_a")
    assert plant.production.start == "2026-01"  # overridden
    assert plant.production.capacity.value == 1000  # siblings of the overridden key kept
    assert plant.jobs.permanent == 100
    assert plant.name == "Plant A"


def test_child_drops_a_project():
    ids = [p.id for p in load_scenario(DATA / "child.yaml").scenario.projects]
    assert ids == ["plant_a"]


def test_new_targets_are_appended_after_the_parents():
    ids = [t.id for t in load_scenario(DATA / "child.yaml").scenario.targets]
    assert ids == ["grp_up", "jobs_up"]


def test_grandchild_across_directories():
    loaded = load_scenario(DATA / "nested" / "grandchild.yaml")
    plant = project(loaded, "plant_a")
    assert (plant.jobs.permanent, plant.production.start) == (150, "2026-01")
    assert loaded.scenario.name == "Child scenario"
    names = [f.name for f in loaded.files]
    assert names == ["grandchild.yaml", "child.yaml", "base.yaml"]
    assert set(loaded.hashes) == {str(f) for f in loaded.files}


def test_mapping_value_replaces_scalar_and_lists_are_replaced_whole(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base.yaml\nparameters:\n  cit_rate: {2024: 0.2, 2027: 0.25}\n"
        "projects:\n  - id: plant_b\n    taxes: {exemptions: [{tax: cit, start: 2027}]}\n",
    )
    loaded = load_scenario(child)
    assert loaded.scenario.parameters.cit_rate == {2024: 0.2, 2027: 0.25}  # over the parent's 0.2
    assert [e.tax for e in project(loaded, "plant_b").taxes.exemptions] == ["cit"]


def test_a_dropped_project_can_come_back_with_a_new_definition_in_a_grandchild(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    write(tmp_path, "child.yaml", "extends: base.yaml\nprojects:\n  - {id: plant_b, drop: true}\n")
    plant_b = BASE[BASE.index("  - id: plant_b") : BASE.index("targets:")]
    grandchild = write(tmp_path, "grandchild.yaml", "extends: child.yaml\nprojects:\n" + plant_b)
    assert [p.id for p in load_scenario(grandchild).scenario.projects] == ["plant_a", "plant_b"]


# ------------------------------------------------------------------------------------------ locations


def test_problem_in_the_parent_points_at_the_parent_file(tmp_path):
    base = write(tmp_path, "base.yaml", BASE.replace("value_added_share: 0.25", "value_added_share: 2.5"))
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nname: Child\n")
    (problem,) = problems_of(child)
    assert (problem.file, problem.line) == (str(base), base_line("value_added_share: 0.25"))
    assert problem.path == "projects[1].value_added_share"


def test_problem_in_an_override_points_at_the_child_file(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nprojects:\n  - id: plant_a\n    jobs: {permanent: -5}\n")
    (problem,) = problems_of(child)
    assert (problem.file, problem.line, problem.path) == (str(child), 4, "projects[0].jobs.permanent")


def test_path_indices_are_those_of_the_merged_scenario(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base.yaml\nprojects:\n  - {id: plant_a, drop: true}\n  - id: plant_b\n    local_content: 7\n",
    )
    (problem,) = problems_of(child)
    assert (problem.line, problem.path) == (5, "projects[0].local_content")


def test_problems_in_both_files_are_reported_together(tmp_path):
    base = write(tmp_path, "base.yaml", BASE.replace("unit: cars/yr", "unit: car/yr"))
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nbase_yaer: 2023\n")
    found = {(p.file, p.line) for p in problems_of(child)}
    assert found == {(str(child), 2), (str(base), base_line("unit: cars/yr"))}


# ------------------------------------------------------------------------------------------ errors

ERROR_CASES = [
    pytest.param(
        {"a.yaml": "extends: missing.yaml\nname: A\n"},
        (
            "a.yaml",
            1,
            "extends",
            "cannot extend {d}/missing.yaml: file not found (chain: {d}/a.yaml -> {d}/missing.yaml)",
        ),
        id="missing-parent",
    ),
    pytest.param(
        {"a.yaml": "extends: b.yaml\n", "b.yaml": "name: B\nextends: missing.yaml\n"},
        ("b.yaml", 2, "extends", "chain: {d}/a.yaml -> {d}/b.yaml -> {d}/missing.yaml"),
        id="missing-grandparent",
    ),
    pytest.param(
        {"a.yaml": "extends: b.yaml\n", "b.yaml": "\n\nextends: a.yaml\n"},
        ("b.yaml", 3, "extends", "extends makes a cycle: {d}/a.yaml -> {d}/b.yaml -> {d}/a.yaml"),
        id="cycle",
    ),
    pytest.param(
        {"a.yaml": "name: A\nextends: a.yaml\n"},
        ("a.yaml", 2, "extends", "cycle: {d}/a.yaml -> {d}/a.yaml"),
        id="extends-itself",
    ),
    pytest.param(
        {"a.yaml": "extends: ./sub/../a.yaml\n"},
        ("a.yaml", 1, "extends", "cycle"),
        id="cycle-through-another-spelling",
    ),
    pytest.param(
        {"a.yaml": "extends: [b.yaml]\n"},
        ("a.yaml", 1, "extends", "extends must be the path of another scenario file"),
        id="extends-not-a-string",
    ),
    pytest.param(
        {"a.yaml": "extends: sub.yaml\n", "sub.yaml/x.yaml": "name: x\n"},
        ("a.yaml", 1, "extends", "is a directory"),
        id="extends-a-directory",
    ),
    pytest.param(
        {"a.yaml": "extends: /etc/passwd\n"},
        ("a.yaml", 1, "extends", "must name a .yaml or .yml scenario file"),
        id="extends-a-file-that-is-not-yaml",
    ),
    pytest.param(
        {"a.yaml": "extends: b.yaml\n", "b.yaml": "name: [unclosed\nregion: x\n"},
        ("b.yaml", 2, "", "YAML syntax error"),
        id="syntax-error-in-parent",
    ),
    pytest.param(
        {"a.yaml": "extends: b.yaml\nprojects:\n  - {id: ghost, drop: true}\n", "b.yaml": BASE},
        ("a.yaml", 3, "projects[0].id", "cannot drop project 'ghost': {d}/b.yaml has no project with that id"),
        id="drop-unknown-id",
    ),
    pytest.param(
        {"a.yaml": "extends: b.yaml\nprojects:\n  - {id: plant_aa, drop: true}\n", "b.yaml": BASE},
        ("a.yaml", 3, "projects[0].id", "did you mean 'plant_a'?"),
        id="drop-misspelt-id",
    ),
    pytest.param(
        {"a.yaml": "extends: b.yaml\ntargets:\n  - {id: grp_up, drop: yes}\n", "b.yaml": BASE},
        ("a.yaml", 3, "targets[0].drop", "drop must be true"),
        id="drop-not-true",
    ),
    pytest.param(
        {"a.yaml": "extends: b.yaml\nprojects:\n  - {id: plant_a, drop: true, name: X}\n", "b.yaml": BASE},
        ("a.yaml", 3, "projects[0].drop", "a dropped project takes no other keys (found name)"),
        id="drop-with-other-keys",
    ),
    pytest.param(
        {"a.yaml": BASE + "  - {id: grp_up, variable: grp, kind: ratio, value: 1.5, year: 2030, basis: real}\n"},
        ("a.yaml", 38, "targets[1].id", "duplicate target id 'grp_up' (also on line 37)"),
        id="duplicate-id-in-one-file",
    ),
    pytest.param(
        {"a.yaml": BASE + "  - {id: grp_up, drop: true}\n"},
        ("a.yaml", 38, "targets[1].id", "duplicate target id"),
        id="drop-in-the-same-file",
    ),
    pytest.param(
        {"a.yaml": BASE.replace("projects:\n", "projects:\n  - {id: plant_c, drop: true}\n", 1)},
        ("a.yaml", 10, "projects[0].id", "cannot drop project 'plant_c': this file extends no scenario"),
        id="drop-without-extends",
    ),
]


@pytest.mark.parametrize(("files", "expected"), ERROR_CASES)
def test_extends_errors_name_the_chain_and_the_line(files, expected, tmp_path):
    for name, text in files.items():
        write(tmp_path, name, text)
    where, line, path, message = expected
    problems = problems_of(tmp_path / "a.yaml")
    wanted = message.format(d=tmp_path)
    matching = [p for p in problems if p.file == str(tmp_path / where) and p.line == line and p.path == path]
    assert any(wanted in p.message for p in matching), "\n".join(str(p) for p in problems)


def test_long_chains_stop(tmp_path):
    for i in range(40):
        write(tmp_path, f"s{i}.yaml", f"extends: s{i + 1}.yaml\n")
    (problem,) = problems_of(tmp_path / "s0.yaml")
    assert "extends chain longer than" in problem.message


@pytest.mark.parametrize(
    ("override", "path", "line_in_base"),
    [
        ("parameters:\n  flq_delta: 0.4\n  cit_rate: {}\n", "parameters.cit_rate", None),
        ("parameters: {}\n", "parameters", "parameters:"),
        ("projects:\n  - id: plant_b\n    local_content: {}\n", "projects[1].local_content", None),
        (
            "projects:\n  - {id: plant_a, drop: true}\n  - id: plant_b\n    jobs: {}\n",
            "projects[0].jobs",  # the index in the merged scenario, after the drop
            "jobs: {permanent: 50}",
        ),
    ],
)
def test_an_empty_mapping_over_the_parents_is_an_error_not_a_silent_no_op(override, path, line_in_base, tmp_path):
    """`{}` merged key by key would keep every parent value; in a file of its own it is an empty year path."""
    base = BASE.replace("  cit_rate: 0.2\n", "  cit_rate: {2024: 0.2, 2026: 0.25}\n")
    base = base.replace("    local_content: 0.2\n", "    local_content: {2024: 0.2, 2027: 0.3}\n")
    write(tmp_path, "base.yaml", base)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\n" + override)
    problems = [p for p in problems_of(child) if p.path == path]
    assert len(problems) == 1, problems_of(child)
    (problem,) = problems
    assert problem.file == str(child) and problem.line == override.count("\n") + 1
    assert "an empty mapping changes nothing here" in problem.message
    if line_in_base:
        assert f"base.yaml:{base[: base.index(line_in_base)].count(chr(10)) + 1}" in problem.message


def test_an_empty_mapping_where_the_parent_has_none_is_checked_as_written(tmp_path):
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nparameters:\n  vat_rate: {}\n")
    (problem,) = problems_of(child)
    assert problem.path == "parameters.vat_rate" and "empty: give at least one year: value" in problem.message
