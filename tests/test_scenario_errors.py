"""Every kind of bad scenario is reported with file, line, key path and a helpful message.

Each case edits one line of the valid fixture ``tests/data/scenarios/valid.yaml`` (``old`` -> ``new``); the
problem must be reported on the line where ``new`` was written (or on the line of ``at`` when given), with
``path`` as its key path and ``message`` in its text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.errors import ScenarioError
from simulator.scenario import load_scenario

DATA = Path(__file__).parent / "data" / "scenarios"
VALID = (DATA / "valid.yaml").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Case:
    id: str
    old: str
    new: str
    path: str
    message: str
    at: str | None = None  # the text on the expected line, if not the first line of ``new``


def write_mutant(tmp_path: Path, old: str, new: str) -> Path:
    assert VALID.count(old) == 1, f"fixture text {old!r} must occur exactly once"
    file = tmp_path / "scenario.yaml"
    file.write_text(VALID.replace(old, new), encoding="utf-8")
    return file


def line_of(text: str, fragment: str) -> int:
    assert text.count(fragment) == 1, f"{fragment!r} must occur exactly once in the mutant"
    return text[: text.index(fragment)].count("\n") + 1


def problems_of(file: Path) -> list:
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    return info.value.problems


def assert_reported(problems: list, file: Path, line: int | None, path: str, message: str) -> None:
    """One problem names the file, the line, the key path and the message; its text carries all of them."""
    for p in problems:
        if p.file == str(file) and p.line == line and p.path == path and message in p.message:
            text = str(p)
            assert text.startswith(f"{file}:{line}:" if line else f"{file}:")
            assert f" {path}: " in text if path else True
            return
    listing = "\n".join(str(p) for p in problems)
    pytest.fail(f"no problem at {file}:{line} {path!r} containing {message!r}; got:\n{listing}")


SCHEMA_CASES = [
    Case("misspelt-top-level-key", "name: Test region", "nmae: Test region", "nmae", "did you mean 'name'?"),
    Case(
        "missing-required-top-level-key",
        "region: kostanai\n",
        "",
        "region",
        "missing required key 'region'",
        at="name: Test region",
    ),
    Case(
        "misspelt-parameter",
        "  flq_delta: {dist",
        "  flq_deltta: {dist",
        "parameters.flq_deltta",
        "did you mean 'flq_delta'?",
    ),
    Case(
        "misspelt-key-depth-4",
        "      capacity: {value: 70000",
        "      capcity: {value: 70000",
        "projects[0].production.capcity",
        "did you mean 'capacity'?",
    ),
    Case(
        "misspelt-key-in-list-in-project",
        "{tax: cit, share: 0.5",
        "{tax: cit, shar: 0.5",
        "projects[0].taxes.exemptions[1].shar",
        "did you mean 'share'?",
    ),
    Case(
        "misspelt-distribution-parameter",
        "{dist: uniform, low: 0.2, high: 0.4}",
        "{dist: uniform, low: 0.2, hihg: 0.4}",
        "parameters.flq_delta.hihg",
        "did you mean 'high'?",
    ),
    Case(
        "unknown-distribution",
        "{dist: uniform, low: 0.2",
        "{dist: unifrom, low: 0.2",
        "parameters.flq_delta.dist",
        "did you mean 'uniform'?",
    ),
    Case(
        "missing-required-project-key",
        "    value_added_share: 0.15\n",
        "",
        "projects[0].value_added_share",
        "missing required key 'value_added_share'",
        at="  - id: car_plant",
    ),
    Case(
        "unknown-project-kind",
        "    kind: plant\n    sector: D29",
        "    kind: factory\n    sector: D29",
        "projects[0].kind",
        "unknown kind 'factory' (expected one of: plant, programme, sector_change)",
    ),
    Case(
        "text-for-integer",
        "    units: 14",
        "    units: fourteen",
        "projects[2].units",
        "expected a whole number, got the text 'fourteen'",
    ),
    Case("float-for-year", "base_year: 2023", "base_year: 2023.5", "base_year", "expected a whole number"),
    Case(
        "list-for-mapping",
        "    jobs: {permanent: 40}",
        "    jobs: [40]",
        "projects[2].jobs",
        "expected a mapping with keys permanent",
    ),
    Case(
        "yaml-1.1-boolean",
        "large_taxpayer: true",
        "large_taxpayer: yes",
        "projects[0].taxes.large_taxpayer",
        "expected true or false, got the text 'yes'",
    ),
    Case("number-for-month", "      start: 2025-10", "      start: 202510", "projects[0].production.start", "YYYY-MM"),
    Case(
        "impossible-month",
        "      start: 2025-10",
        "      start: 2025-13",
        "projects[0].production.start",
        "must be a month written YYYY-MM",
    ),
    Case(
        "negative-jobs",
        "jobs: {permanent: 1500,",
        "jobs: {permanent: -1500,",
        "projects[0].jobs.permanent",
        "must be in [0, inf) (got -1500",
    ),
    Case(
        "negative-capacity",
        "{value: 70000, unit: cars/yr}",
        "{value: -7e4, unit: cars/yr}",
        "projects[0].production.capacity.value",
        "must be in (0, inf)",
    ),
    Case(
        "unknown-unit",
        "{value: 70000, unit: cars/yr}",
        "{value: 70000, unit: cars/year}",
        "projects[0].production.capacity.unit",
        "unknown unit 'cars/year'",
    ),
    Case(
        "unknown-money-unit",
        "{value: 131.5, unit: billion KZT}",
        "{value: 131.5, unit: bn KZT}",
        "projects[0].investment.amount.unit",
        "expected one of: KZT, thousand KZT",
    ),
    Case(
        "share-above-one",
        "    value_added_share: 0.15",
        "    value_added_share: 1.15",
        "projects[0].value_added_share",
        "must be in [0, 1] (got 1.15)",
    ),
    Case(
        "local-share-above-one",
        "{share: 0.3, local_share: 0.9}",
        "{share: 0.3, local_share: 9}",
        "projects[0].investment.construction.local_share",
        "must be in [0, 1]",
    ),
    Case(
        "share-in-year-path-above-one",
        "{2025: 0.1, 2028:",
        "{2025: 1.1, 2028:",
        "projects[0].local_content.2025",
        "must be in [0, 1]",
    ),
    Case(
        "text-in-year-path",
        "{2025: 0.1, 2028:",
        "{2025: lots, 2028:",
        "projects[0].local_content.2025",
        "expected a number or a distribution",
    ),
    Case(
        "quoted-year-key",
        "{2025: 0.1, 2028:",
        "{'2025': 0.1, 2028:",
        "projects[0].local_content.2025",
        "keys here are years",
    ),
    Case(
        "triangular-mode-outside",
        "low: 0.2, mode: 0.3, high: 0.5",
        "low: 0.2, mode: 0.6, high: 0.5",
        "projects[0].local_content.2028",
        "low <= mode <= high",
    ),
    Case(
        "pert-support-outside-range",
        "{dist: pert, low: 0.2, mode: 0.25, high: 0.35}",
        "{dist: pert, low: 0.2, mode: 0.25, high: 1.35}",
        "projects[1].value_added_share",
        "support [0.2, 1.35] must lie inside [0, 1]",
    ),
    Case(
        "untruncated-normal-for-positive",
        "{dist: normal, mean: 0.9, sd: 0.05, low: 0.7, high: 1.1}",
        "{dist: normal, mean: 0.9, sd: 0.05}",
        "projects[2].wage.relative_to_average",
        "give low and high",
    ),
    Case(
        "negative-sd",
        "mean: 0.9, sd: 0.05,",
        "mean: 0.9, sd: -0.05,",
        "projects[2].wage.relative_to_average.sd",
        "greater than 0",
    ),
    Case(
        "ratio-target-with-unit",
        "kind: ratio, value: 2,",
        "kind: ratio, unit: KZT, value: 2,",
        "targets[0]",
        "a ratio target takes no unit",
    ),
    Case("unknown-target-variable", "variable: grp,", "variable: gdp,", "targets[0].variable", "did you mean 'grp'?"),
]


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=lambda c: c.id)
def test_schema_error_names_file_line_and_key(case, tmp_path):
    file = write_mutant(tmp_path, case.old, case.new)
    text = file.read_text(encoding="utf-8")
    line = line_of(text, case.at or case.new.splitlines()[0])
    assert_reported(problems_of(file), file, line, case.path, case.message)


CROSS_CHECK_CASES = [
    Case(
        "empty-year-path",
        "vat_rate: {2023: 0.12, 2026: 0.16}",
        "vat_rate: {}",
        "parameters.vat_rate",
        "empty: give at least one year",
    ),
    Case("unknown-sector", "    sector: D29\n", "    sector: D299\n", "projects[0].sector", "unknown sector 'D299'"),
    Case(
        "base-year-without-region-data",
        "base_year: 2023\nhorizon:\n  start: 2024",
        "base_year: 1990\nhorizon:\n  start: 1991",
        "base_year",
        "Kostanai Region has no data for 1990: the base year must be an observed year",
    ),
    Case(
        "year-key-after-horizon",
        "schedule: {2024: 0.6, 2025: 0.4}",
        "schedule: {2024: 0.6, 2045: 0.4}",
        "projects[0].investment.schedule.2045",
        "outside 1990-2032",  # spending may be recorded before the base year, never after the horizon
        at="schedule: {2024: 0.6, 2045",
    ),
    Case(
        "year-key-before-1990",  # years before the base year are allowed (tests/test_base_year.py), a typo is not
        "{2025: 0.1, 2028:",
        "{1900: 0.1, 2028:",
        "projects[0].local_content.1900",
        "outside 1990-2032",
    ),
    Case(
        "commissioning-after-horizon",
        "{2025: 5, 2026: 5, 2027: 4}",
        "{2025: 5, 2026: 5, 2037: 4}",
        "projects[2].commissioning.2037",
        "outside",
    ),
    Case(
        "factor-before-1990",
        "factor: {2024: 1.0, 2027: 1.4}",
        "factor: {1985: 1.0, 2027: 1.4}",
        "projects[3].factor.1985",
        "outside 1990-2032",
    ),
    Case(
        "parameter-year-after-horizon",
        "vat_rate: {2023: 0.12, 2026: 0.16}",
        "vat_rate: {2023: 0.12, 2036: 0.16}",
        "parameters.vat_rate.2036",
        "outside 1990-2032",
    ),
    Case(
        "start-after-horizon",
        "      start: 2025-10",
        "      start: 2040-10",
        "projects[0].production.start",
        "outside 1990-2032 (after horizon.end)",
    ),
    Case(
        "build-period-after-horizon",
        "build_period: {start: 2024, end: 2025}",
        "build_period: {start: 2024, end: 2035}",
        "projects[1].investment.build_period.end",
        "outside",
    ),
    Case(
        "schedule-not-summing-to-one",
        "schedule: {2024: 0.6, 2025: 0.4}",
        "schedule: {2024: 0.6, 2025: 0.3}",
        "projects[0].investment.schedule",
        "must sum to 1 (got 0.9)",
    ),
    Case(
        "capex-parts-not-summing-to-one",
        "      construction: {share: 0.3, local_share: 0.9}",
        "      construction: {share: 0.4, local_share: 0.9}",
        "projects[0].investment",
        "must sum to 1 (got 0.4 + 0.1 + 0.6 = 1.1)",
        at="    investment:\n      amount: {value: 131.5",
    ),
    Case(
        "target-year-after-horizon",
        "value: 2, year: 2030",
        "value: 2, year: 2040",
        "targets[0].year",
        "outside 2024-2032",
    ),
    Case(
        "target-base-year-not-before-year",
        "kind: ratio, value: 2,",
        "kind: ratio, base_year: 2030, value: 2,",
        "targets[0].base_year",
        "earlier base year",
    ),
    Case(
        "exemption-over-100-percent",
        "        - {tax: cit, share: 0.5, start: 2026}",
        "        - {tax: cit, share: 0.5, start: 2026}\n        - {tax: cit, share: 0.6, start: 2027}",
        "projects[0].taxes.exemptions[2]",
        "cit exempted by 1.1",
        at="{tax: cit, share: 0.6",
    ),
    Case(
        "fractional-farms",
        "{2025: 5, 2026: 5, 2027: 4}",
        "{2025: 5.5, 2026: 4.5, 2027: 4}",
        "projects[2].commissioning.2025",
        "commissioned whole",
    ),
    Case(
        "utilisation-before-start",
        "utilisation: {2026: 0.4,",
        "utilisation: {2025: 0.2, 2026: 0.4,",
        "projects[1].production.ramp_up.utilisation.2025",
        "before production starts",
    ),
    Case(
        "usd-before-exchange-rate",
        "unit: USD, year: 2024}",
        "unit: USD, year: 1995}",
        "projects[0].production.unit_price",
        "needs the exchange rate of 1995, but exchange_rate starts in",
    ),
]


@pytest.mark.parametrize("case", CROSS_CHECK_CASES, ids=lambda c: c.id)
def test_cross_check_names_file_line_and_key(case, tmp_path):
    file = write_mutant(tmp_path, case.old, case.new)
    line = line_of(file.read_text(encoding="utf-8"), case.at or case.new.splitlines()[0])
    assert_reported(problems_of(file), file, line, case.path, case.message)


def test_unknown_region_is_checked_when_regions_are_installed(tmp_path, monkeypatch):
    monkeypatch.setattr("simulator.region.available_regions", lambda: ["kostanai", "akmola"])
    file = write_mutant(tmp_path, "region: kostanai", "region: kostanay")
    assert_reported(problems_of(file), file, 6, "region", "did you mean 'kostanai'?")


def test_region_check_is_skipped_while_no_region_data_exists(tmp_path, monkeypatch):
    monkeypatch.setattr("simulator.region.available_regions", lambda: [])
    file = write_mutant(tmp_path, "region: kostanai", "region: atlantis")
    assert load_scenario(file).scenario.region == "atlantis"


# ----------------------------------------------------------------------------------- YAML-level faults

YAML_CASES = [
    Case("syntax-unclosed-flow", "  start: 2024\n", "  start: [2024\n", "", "YAML syntax error", at="  end: 2032"),
    Case("syntax-bad-indent", "  end: 2032\n", " end: 2032\n", "", "YAML syntax error", at=" end: 2032"),
    Case("tab-indentation", "  end: 2032\n", "\tend: 2032\n", "", "YAML syntax error", at="\tend: 2032"),
    Case(
        "duplicate-key",
        "    value_added_share: 0.15\n",
        "    value_added_share: 0.15\n    value_added_share: 0.2\n",
        "projects[0].value_added_share",
        "duplicate key 'value_added_share' (first written on line 32)",
        at="    value_added_share: 0.2",
    ),
    Case(
        "nan",
        "    value_added_share: 0.15",
        "    value_added_share: .nan",
        "projects[0].value_added_share",
        "must be finite",
    ),
    Case(
        "negative-infinity",
        "      max_utilisation: 0.9",
        "      max_utilisation: -.inf",
        "projects[0].production.max_utilisation",
        "must be finite",
    ),
    Case(
        "overflowing-float",
        "      max_utilisation: 0.9",
        "      max_utilisation: 1e999",
        "projects[0].production.max_utilisation",
        "too large",
    ),
    Case(
        "python-tag",
        "name: Test region with three projects",
        "name: !!python/object/apply:os.system ['touch EXECUTED']",
        "name",
        "tag !!python/object/apply:os.system",
    ),
    Case(
        "custom-tag",
        "description: Fixture",
        "description: !include other.yaml #",
        "description",
        "tag !include is not allowed",
    ),
    Case("merge-key", "    jobs: {permanent: 40}", "    jobs: {<<: {permanent: 40}}", "projects[2].jobs", "merge keys"),
    Case("second-document", "targets:\n", "---\ntargets:\n", "", "one YAML document", at="---"),
    Case("control-character", "description: Fixture", "description: Fix\x07ture", "", "control character U+0007"),
]


@pytest.mark.parametrize("case", YAML_CASES, ids=lambda c: c.id)
def test_yaml_fault_names_file_line_and_key(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a tag that ran would leave EXECUTED here
    file = write_mutant(tmp_path, case.old, case.new)
    line = line_of(file.read_text(encoding="utf-8"), case.at or case.new.splitlines()[0])
    assert_reported(problems_of(file), file, line, case.path, case.message)
    assert not (tmp_path / "EXECUTED").exists()


BILLION_LAUGHS = """\
name: lol
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""

WHOLE_FILE_CASES = [
    ("empty-file", b"", None, "", "file is empty"),
    ("blank-file", b"\n   \n\n", None, "", "file is empty"),
    ("only-comments", b"# nothing here\n", None, "", "file is empty"),
    ("binary-file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "", "binary file"),
    ("latin-1-file", "name: Kostanaï\n".encode("latin-1"), 1, "", "not UTF-8 text"),
    ("top-level-list", b"- name: a\n- name: b\n", 1, "", "top level must be a mapping"),
    ("top-level-scalar", b"just some words\n", 1, "", "top level must be a mapping"),
    ("billion-laughs", BILLION_LAUGHS.encode(), 6, "", "alias bomb"),
    ("recursive-alias", b"name: &n\n  - *n\n", 2, "", "refers to the value that contains it"),
    ("deep-nesting", b"name: " + b"[" * 500 + b"]" * 500 + b"\n", 1, "", "nested more than"),
    ("huge-integer", b"base_year: " + b"9" * 5000 + b"\n", 1, "base_year", "is not a whole number"),
    (
        "python-tag-on-the-top-level-list",
        b'!!python/object/apply:os.system ["touch EXECUTED"]\n',
        1,
        "",
        "tag !!python/object/apply:os.system is not allowed",
    ),
    ("python-tag-on-a-key", b"name: x\n!!python/name:os.system : 1\n", 2, "", "tag !!python/name:os.system"),
]


@pytest.mark.parametrize(
    ("content", "line", "path", "message"), [c[1:] for c in WHOLE_FILE_CASES], ids=[c[0] for c in WHOLE_FILE_CASES]
)
def test_unreadable_file_names_file_and_line(content, line, path, message, tmp_path):
    file = tmp_path / "scenario.yaml"
    file.write_bytes(content)
    assert_reported(problems_of(file), file, line, path, message)


def test_a_refused_tag_is_the_only_problem_reported(tmp_path):
    """Not also "the top level must be a mapping" or "a key must be a name or a year, not ''"."""
    for content in (b'!!python/object/new:os.system ["touch EXECUTED"]\n', b"name: x\n!!python/name:os.system : 1\n"):
        file = tmp_path / "scenario.yaml"
        file.write_bytes(content)
        problems = problems_of(file)
        assert len(problems) == 1 and "is not allowed" in problems[0].message, problems


def test_a_range_error_inside_a_delayed_start_is_not_also_a_false_type_error(tmp_path):
    """``start: {date: ..., delay_months: <out of range>}``: one problem, the range; the start is a valid mapping,
    so "expected text written YYYY-MM, got a mapping" would be false."""
    old = "delay_months: {dist: triangular, low: 0,"
    file = write_mutant(tmp_path, old, old.replace("low: 0,", "low: -24,"))
    problems = problems_of(file)
    assert [p.path for p in problems] == ["projects[1].production.start.delay_months"], problems
    assert "must lie inside [0, 120]" in problems[0].message


def test_missing_file_and_directory(tmp_path):
    assert_reported(problems_of(tmp_path / "nope.yaml"), tmp_path / "nope.yaml", None, "", "file not found")
    assert_reported(problems_of(tmp_path), tmp_path, None, "", "is a directory")


def test_all_problems_are_reported_at_once(tmp_path):
    text = VALID.replace("unit: cars/yr", "unit: cars/year").replace("units: 14", "units: -14")
    text = text.replace("sector: D24", "sector: D2400").replace("year: 2030, basis: real}", "year: 2031, basis: rael}")
    file = tmp_path / "many.yaml"
    file.write_text(text, encoding="utf-8")
    paths = {p.path for p in problems_of(file)}
    assert {"projects[0].production.capacity.unit", "projects[2].units", "targets[0].basis"} <= paths


def test_problems_are_listed_in_file_order(tmp_path):
    text = VALID.replace("name: Test region", "nmae: Test region").replace("    units: 14", "    units: x")
    file = tmp_path / "order.yaml"
    file.write_text(text, encoding="utf-8")
    lines = [p.line for p in problems_of(file)]
    assert lines == sorted(lines)


# ----------------------------------------------------------------------------------- the CLI


def test_cli_validate_ok(capsys):
    assert main(["validate", str(DATA / "valid.yaml"), str(DATA / "child.yaml")]) == 0
    out = capsys.readouterr().out
    assert f"ok: {DATA / 'valid.yaml'} (4 projects, 3 targets)" in out
    assert f"ok: {DATA / 'child.yaml'} (1 project, 2 targets)" in out


def test_cli_validate_reports_every_file_and_exits_2(tmp_path, capsys):
    bad = write_mutant(tmp_path, "      capacity: {value: 70000", "      capcity: {value: 70000")
    line = line_of(bad.read_text(encoding="utf-8"), "capcity")
    status = main(["validate", str(bad), str(DATA / "valid.yaml"), str(tmp_path / "missing.yaml")])
    out, err = capsys.readouterr()
    assert status == 2
    assert f"error: {bad}:{line}:7: projects[0].production.capcity: unknown key 'capcity'" in err
    assert f"error: {tmp_path / 'missing.yaml'}: file not found" in err
    assert f"ok: {DATA / 'valid.yaml'}" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p, id="directory"),
        pytest.param(lambda p: (p / "bin.yaml").write_bytes(b"\x00\x01\x02") and p / "bin.yaml", id="binary"),
        pytest.param(lambda p: (p / "e.yaml").write_bytes(b"") == 0 and p / "e.yaml", id="empty"),
    ],
)
def test_cli_validate_bad_input_exits_2_without_traceback(make, tmp_path, capsys):
    target = make(tmp_path)
    assert main(["validate", str(target)]) == 2
    _, err = capsys.readouterr()
    assert err.startswith(f"error: {target}:")
    assert "Traceback" not in err


def test_cli_validate_unreadable_file(tmp_path, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("simulator.scenario.load.open", refuse, raising=False)  # works even as root
    assert main(["validate", str(DATA / "valid.yaml")]) == 2
    assert f"error: {DATA / 'valid.yaml'}: permission denied" in capsys.readouterr().err


def test_cli_validate_needs_a_file(capsys):
    assert main(["validate"]) == 2
    assert "FILE" in capsys.readouterr().err


def test_misspelt_required_key_is_one_problem_not_two(tmp_path):
    file = write_mutant(tmp_path, "      capacity: {value: 70000", "      capcity: {value: 70000")
    assert [p.message for p in problems_of(file)] == ["unknown key 'capcity'; did you mean 'capacity'?"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert_reported(problems_of(fifo), fifo, None, "", "not a regular file")
