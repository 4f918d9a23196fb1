"""The committed JSON Schema (scenarios/scenario.schema.json) is the one the code generates."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.cli import main
from simulator.cli.schema import scenario_json_schema

COMMITTED = Path(__file__).resolve().parent.parent / "scenarios" / "scenario.schema.json"


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == scenario_json_schema(), (
        "scenarios/scenario.schema.json is out of date with simulator/scenario/schema.py; regenerate it with\n"
        "    regsim schema --out scenarios/scenario.schema.json\nand commit the result"
    )


def test_schema_is_json_with_dialect_title_and_trailing_newline():
    text = scenario_json_schema()
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "regsim scenario"
    assert schema["additionalProperties"] is False
    assert {"name", "region", "base_year", "horizon", "projects", "targets", "extends"} <= set(schema["properties"])
    assert text.endswith("}\n")


def test_schema_text_is_stable():
    assert scenario_json_schema() == scenario_json_schema()


def test_cli_prints_the_schema(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == scenario_json_schema()


def test_cli_writes_the_schema(tmp_path):
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == scenario_json_schema()


def test_cli_reports_an_unwritable_destination(tmp_path, capsys):
    destination = tmp_path / "no" / "such" / "dir" / "schema.json"
    assert main(["schema", "--out", str(destination)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {destination}: cannot write the schema")
    assert "Traceback" not in err


def _models(tp, seen):
    """Every pydantic model reachable from ``tp`` through field annotations."""
    import typing

    from pydantic import BaseModel

    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp not in seen:
            seen.add(tp)
            for info in tp.model_fields.values():
                _models(info.annotation, seen)
        return seen
    for arg in typing.get_args(tp):
        _models(arg, seen)
    return seen


def test_the_language_docs_mention_every_key_unit_and_parameter():
    from simulator.scenario.schema import Scenario
    from simulator.units import CAPACITY_UNITS, MONEY_UNITS, PERSON_UNITS, WAGE_UNITS

    docs = (COMMITTED.parent.parent / "docs" / "scenario-language.md").read_text(encoding="utf-8")
    names = {name for model in _models(Scenario, set()) for name in model.model_fields}
    names |= set(MONEY_UNITS) | set(CAPACITY_UNITS) | set(WAGE_UNITS) | set(PERSON_UNITS)
    missing = sorted(name for name in names if f"`{name}`" not in docs)
    assert not missing, f"docs/scenario-language.md does not mention: {', '.join(missing)}"
