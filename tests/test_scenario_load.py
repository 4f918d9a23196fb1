"""Loading valid scenarios: what the YAML means, what LoadedScenario carries, every shipped scenario loads."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from simulator.scenario import LoadedScenario, Scenario, ScenarioError, load_scenario
from simulator.scenario.distributions import Normal, Pert, Triangular, Uniform, central
from simulator.scenario.schema import DelayedDate, Plant, Programme, SectorChange, TableRamp
from simulator.scenario.yaml_loader import parse_yaml

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "scenarios"
VALID = DATA / "valid.yaml"
SHIPPED = sorted((REPO / "scenarios").glob("**/*.yaml"))


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(VALID)


# ------------------------------------------------------------------------------------------ YAML scalars

SCALARS = [
    ("1e9", 1e9),
    ("2.5e-3", 0.0025),
    ("-1E6", -1e6),
    ("1.5e+4", 15000.0),
    ("70000", 70000),
    ("1_000_000", 1_000_000),
    ("010", 10),  # YAML 1.1 would read octal 8
    ("0x1F", 31),
    ("0o17", 15),
    (".5", 0.5),
    ("1.", 1.0),
    ("+3", 3),
    ("true", True),
    ("False", False),
    ("yes", "yes"),  # YAML 1.1 would read a boolean
    ("no", "no"),
    ("off", "off"),
    ("2025-10", "2025-10"),
    ("2025-10-01", "2025-10-01"),  # YAML 1.1 would read a date
    ("2025-10-01 12:00:00", "2025-10-01 12:00:00"),
    ("1:30", "1:30"),  # YAML 1.1 would read sexagesimal 90
    ("'1e9'", "1e9"),
    ("'true'", "true"),
    ("~", None),
    ("null", None),
    ("", None),
    ("!!str 2026", "2026"),
    ("!!float 3", 3.0),
    ("!!int '42'", 42),
    ("KZT", "KZT"),
]


@pytest.mark.parametrize(("text", "expected"), SCALARS, ids=[s[0] or "empty" for s in SCALARS])
def test_scalar_resolution(text, expected):
    data, _ = parse_yaml(f"value: {text}\n".encode(), "x.yaml")
    assert data["value"] == expected
    assert type(data["value"]) is type(expected)


def test_year_keys_are_integers_and_dates_stay_strings():
    data, _ = parse_yaml(b"a: {2024: 1, 2025-10: 2}\n", "x.yaml")
    assert list(data["a"]) == [2024, "2025-10"]


def test_aliases_are_expanded_into_independent_copies():
    data, _ = parse_yaml(b"a: &x {b: 1}\nc: *x\n", "x.yaml")
    assert data["a"] == data["c"] == {"b": 1}
    assert data["a"] is not data["c"]


def test_byte_order_mark_is_accepted():
    data, _ = parse_yaml(b"\xef\xbb\xbfname: x\n", "x.yaml")
    assert data == {"name": "x"}


# ------------------------------------------------------------------------------------------ the scenario


def test_valid_fixture_loads_with_typed_values(loaded):
    s = loaded.scenario
    assert isinstance(s, Scenario)
    assert (s.name, s.region, s.base_year, s.horizon.start, s.horizon.end) == (
        "Test region with three projects",
        "kostanai",
        2023,
        2024,
        2032,
    )
    assert [type(p) for p in s.projects] == [Plant, Plant, Programme, SectorChange]
    assert [t.id for t in s.targets] == ["grp_doubled", "budget_plus_75", "new_jobs"]


def test_numbers_units_and_paths(loaded):
    car, foundry, farms, milk = loaded.scenario.projects
    assert car.production.unit_price.value == 15000.0  # written 1.5e4
    assert car.production.capacity.unit == "cars/yr"
    assert car.production.start == "2025-10"
    assert car.investment.schedule == {2024: 0.6, 2025: 0.4}
    assert car.local_content[2025] == 0.1
    assert isinstance(car.local_content[2028], Triangular)
    assert isinstance(foundry.production.start, DelayedDate)
    assert isinstance(foundry.production.ramp_up, TableRamp)
    assert isinstance(foundry.value_added_share, Pert)
    assert farms.commissioning == {2025: 5, 2026: 5, 2027: 4}
    assert isinstance(farms.wage.relative_to_average, Normal)
    assert milk.factor == {2024: 1.0, 2027: 1.4}
    assert isinstance(loaded.scenario.parameters.flq_delta, Uniform)


def test_central_values_of_distributions(loaded):
    car, foundry, farms, _ = loaded.scenario.projects
    assert central(car.local_content[2028]) == 0.3  # triangular: mode
    assert central(foundry.value_added_share) == 0.25  # pert: mode
    assert central(farms.wage.relative_to_average) == 0.9  # normal: mean
    assert central(loaded.scenario.parameters.flq_delta) == pytest.approx(0.3, rel=1e-12)  # uniform: midpoint


def test_provenance(loaded):
    assert loaded.path == VALID
    assert loaded.files == (VALID,)
    assert loaded.hashes == {str(VALID): hashlib.sha256(VALID.read_bytes()).hexdigest()}


def test_loaded_scenario_is_frozen(loaded):
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.path = Path("other.yaml")  # type: ignore[misc]


def test_source_map_finds_lines(loaded):
    text = VALID.read_text(encoding="utf-8").splitlines()
    where = loaded.source_map.locate(("projects", 2, "units"))
    assert (where.file, text[where.line - 1].strip()) == (str(VALID), "units: 14")
    key = loaded.source_map.key_location(("projects", 1, "production"))
    assert text[key.line - 1].strip() == "production:"
    # a path that does not exist falls back to its nearest ancestor
    assert loaded.source_map.locate(("projects", 2, "no_such_key")) == loaded.source_map.locate(("projects", 2))
    assert loaded.source_map.dotted(("projects", 0, "local_content", 2028)) == "projects[0].local_content.2028"


def test_accepts_str_paths():
    assert load_scenario(str(VALID)).scenario.name == "Test region with three projects"


def test_scenario_error_is_an_input_error():
    from simulator.errors import InputError

    assert issubclass(ScenarioError, InputError)


# ------------------------------------------------------------------------------------------ shipped files


@pytest.mark.parametrize("file", SHIPPED, ids=[str(f.relative_to(REPO)) for f in SHIPPED])
def test_every_shipped_scenario_loads(file):
    loaded = load_scenario(file)
    assert loaded.scenario.name


@pytest.mark.parametrize("file", SHIPPED, ids=[str(f.relative_to(REPO)) for f in SHIPPED])
def test_every_shipped_scenario_points_at_the_schema(file):
    first_line = file.read_text(encoding="utf-8").splitlines()[0]
    depth = len(file.relative_to(REPO / "scenarios").parts) - 1
    assert first_line == f"# yaml-language-server: $schema={'../' * depth}scenario.schema.json"
