"""Bad input, round two (issue 15), the low items: a count programme's commissioning written as a distribution
is refused (its draws would not add up to ``units``), and so is a social contribution offset above the social
tax rate (a negative rate)."""

from __future__ import annotations

from pathlib import Path

from simulator.cli import main

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"


def test_commissioning_as_a_distribution_is_refused_naming_file_line_and_key(tmp_path, capsys):
    """The issue's case: the dairy farms' 2026 cohort written as triangular(0, 5, 10) over units 14 drew 9-19
    farms in all. Now exit 2 at that line and key, saying to write a whole number."""
    text = PLAN.read_text(encoding="utf-8")
    old = "      2026: 5            # inform.kz 4b73d9"
    assert text.count(old) == 1
    line = text[: text.index(old)].count("\n") + 1
    for shipped in PLAN.parent.glob("*.yaml"):  # plan.yaml extends baseline.yaml: copy the folder
        (tmp_path / shipped.name).write_bytes(shipped.read_bytes())
    scenario = tmp_path / "plan.yaml"
    scenario.write_text(
        text.replace(old, "      2026: {dist: triangular, low: 0, mode: 5, high: 10}   # inform.kz 4b73d9"),
        encoding="utf-8",
    )
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert f"{scenario}:{line}:" in err and "commissioning.2026" in err and "not a distribution" in err
    assert "Traceback" not in err


def child(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "child.yaml"
    path.write_text(f'extends: {PLAN}\nname: "child"\nparameters:\n{body}', encoding="utf-8")
    return path


def test_a_zero_social_tax_rate_under_the_offset_is_refused(tmp_path, capsys):
    """The issue's case: ``social_tax_rate: 0`` (from 2024) under the shipped offset (3.5 % in 2023-2024, 5 % in
    2025) gave a negative social tax rate, 0 − 0.035, on the projects' wages, and exit 0. Now exit 2 at the
    rate's line, naming 2024, the first year where the offset exceeds the rate."""
    path = child(tmp_path, "  social_tax_rate: 0.0\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4:" in err and "parameters.social_tax_rate" in err and "in 2024" in err
    assert "exceeds" in err and "Traceback" not in err


def test_a_zero_rate_with_a_zero_offset_is_valid(tmp_path, capsys):
    """Abolishing the tax is a fair question: rate and offset both 0 from 2024 validate (2023 keeps the shipped
    9.5 % and 3.5 %)."""
    path = child(tmp_path, "  social_tax_rate: 0.0\n  social_contribution_offset: 0.0\n")
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err


def test_an_offset_whose_draws_can_exceed_the_rate_is_refused(tmp_path, capsys):
    """An offset uniform on 0-0.1 from 2026 against the shipped 6 % rate: draws above 0.06 would give a
    negative rate, so it is refused at the offset's line (the highest draw, 0.1, against 0.06, in 2026)."""
    path = child(tmp_path, "  social_contribution_offset:\n    2026: {dist: uniform, low: 0, high: 0.1}\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5:" in err and "(0.1) exceeds social_tax_rate (0.06) in 2026" in err
