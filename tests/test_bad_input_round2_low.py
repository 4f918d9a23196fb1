"""Bad input, round two (issue 15), the low items: a count programme's commissioning written as a distribution
is refused (its draws would not add up to ``units``)."""

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
