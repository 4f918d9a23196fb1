"""Bad input, round two (issue 15), the outputs' side: a comparison of scenarios with different horizons or
base years, text from scenarios treated as data in every output (plots, CSV, Markdown, terminal), and the
count options of ``regsim sensitivity`` bounded before anything is allocated."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import re
from pathlib import Path

import numpy as np
import pytest
from test_compare import parse_iamc

from simulator.cli import main

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "scenarios" / "kostanai" / "baseline.yaml"
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"


def child(tmp_path: Path, parent: Path, name: str, body: str, file: str = "child.yaml") -> Path:
    path = tmp_path / file
    path.write_text(f'extends: {parent}\nname: "{name}"\n{body}', encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------- compare: horizons


def test_compare_of_a_later_base_year_writes_every_file_with_gaps(tmp_path, capsys):
    """A child of the baseline with ``base_year: 2025`` (years 2025-2035) against its parent (2023-2035): exit 0,
    every file and figure written, the union of years, empty cells where the child has no value."""
    later = child(tmp_path, BASELINE, "from 2025", "base_year: 2025\nhorizon: {start: 2026, end: 2035}\n")
    out = tmp_path / "out"
    assert main(["compare", str(BASELINE), str(later), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert not re.search(r"\bnan\b", captured.out) and "–" in captured.out
    written = {p.name for p in out.iterdir()}
    assert {"comparison.csv", "targets.csv", "iamc.csv", "results.csv", "provenance.json"} <= written
    assert {"paths.png", "differences.png", "report.md", "report.html"} <= written
    rows = list(csv.reader(io.StringIO((out / "comparison.csv").read_text(encoding="utf-8"))))
    years = sorted({int(r[2]) for r in rows[1:]})
    assert years[0] == 2023 and years[-1] == 2035
    first_year = [r for r in rows[1:] if r[2] == "2023"]
    assert first_year and all(r[4] == "" and r[5] == "" and r[3] != "" for r in first_year)
    assert not re.search(r"\bnan\b", (out / "report.md").read_text(encoding="utf-8"), re.IGNORECASE)


def test_compare_of_a_shorter_horizon_writes_every_file_with_gaps(tmp_path, capsys):
    """The issue's case: a child of the baseline with ``horizon: {start: 2024, end: 2030}`` against its parent
    (to 2035), with the shorter one first too: exit 0, every file, empty cells after 2030."""
    short = child(tmp_path, BASELINE, "to 2030", "horizon: {start: 2024, end: 2030}\n")
    for order, out in (((BASELINE, short), tmp_path / "a"), ((short, BASELINE), tmp_path / "b")):
        assert main(["compare", *map(str, order), "--out", str(out), "--quiet"]) == 0
        assert "Traceback" not in capsys.readouterr().err
        assert {"comparison.csv", "iamc.csv", "paths.png", "differences.png", "report.md"} <= {
            p.name for p in out.iterdir()
        }
        rows = list(csv.reader(io.StringIO((out / "comparison.csv").read_text(encoding="utf-8"))))
        last = [r for r in rows[1:] if r[2] == "2035"]
        assert last and all(r[3 + (order[0] == BASELINE)] == "" and r[5] == "" for r in last)


def test_difference_plot_spans_the_union_of_years_with_nan_gaps(tmp_path):
    import matplotlib.pyplot as plt

    from simulator.api import simulate
    from simulator.plotting import plot_difference
    from simulator.scenario import load_scenario

    later = child(tmp_path, BASELINE, "from 2025", "base_year: 2025\nhorizon: {start: 2026, end: 2035}\n")
    runs = [simulate(load_scenario(p)) for p in (BASELINE, later)]
    ax = plot_difference(runs, "grp")
    x, y = ax.get_lines()[-1].get_data()
    assert list(x) == list(range(2023, 2036))
    assert np.isnan(y[:2]).all() and np.isfinite(y[2:]).all()
    plt.close(ax.figure)


def test_compare_with_projects_and_a_different_base_year_writes_the_contribution_figures(tmp_path, capsys):
    later = child(tmp_path, PLAN, "plan from 2025", "base_year: 2025\nhorizon: {start: 2026, end: 2035}\n")
    out = tmp_path / "out"
    assert main(["compare", str(PLAN), str(later), "--out", str(out), "--quiet"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert (out / "contributions_jobs.png").exists() and (out / "differences.png").exists()


# ----------------------------------------------------------------------------------------- text is data

#: a scenario name carrying a formula prefix, HTML and dollar signs
NASTY_NAME = "=cmd|' /C calc'!A0 $200m–$310m <script>alert(1)</script>"
NASTY_PROJECT = "Car plant $x^$"
#: terminal control characters: red text, a NUL, a bidirectional override
CONTROL = "\x1b[31mred\x1b[0m\x00\u202e"


def nasty(tmp_path: Path, file: str = "nasty.yaml") -> Path:
    path = tmp_path / file
    path.write_text(
        f'extends: {PLAN}\nname: "{NASTY_NAME}"\nprojects: [{{id: kia, name: "{NASTY_PROJECT}"}}]\n',
        encoding="utf-8",
    )
    return path


def drawn_texts(fig) -> list[tuple[str, bool]]:
    """(text as drawn, whether matplotlib would read it as mathtext) of every text of ``fig``."""
    from matplotlib.text import Text

    return [t._preprocess_math(t.get_text()) for t in fig.findobj(Text) if t.get_text()]


def test_names_with_dollar_signs_are_drawn_literally():
    import matplotlib.pyplot as plt

    from simulator.api import simulate
    from simulator.plotting import plot_project_channels, plot_project_contributions, plot_variable
    from simulator.scenario import load_scenario

    results = simulate(load_scenario(PLAN))
    names = (NASTY_PROJECT, *results.project_names[1:])
    results = dataclasses.replace(results, scenario="$200m–$310m", project_names=names)
    for draw in (
        lambda ax: plot_variable(results, "grp", ax),
        lambda ax: plot_project_contributions(results, ax=ax),
        lambda ax: plot_project_channels(results, ax=ax),
    ):
        fig, ax = plt.subplots()
        draw(ax)
        fig.canvas.draw()  # a mathtext parse error would raise here
        texts = drawn_texts(fig)
        assert not any(ismath for _, ismath in texts)
        shown = {s for s, _ in texts}
        assert ("$200m–$310m" in shown) or (NASTY_PROJECT in shown)
        plt.close(fig)


def test_a_run_and_a_compare_with_dollar_names_exit_0(tmp_path, capsys):
    path = nasty(tmp_path)
    assert main(["run", str(path), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    assert main(["compare", str(PLAN), str(path), "--out", str(tmp_path / "cmp"), "--quiet"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert (tmp_path / "run" / "project_contributions.png").exists()
    assert (tmp_path / "cmp" / "contributions_jobs.png").exists()


@pytest.fixture(scope="module")
def nasty_run(tmp_path_factory):
    """A run and a comparison of a scenario whose name is :data:`NASTY_NAME`: (run folder, compare folder,
    compare's terminal output)."""
    tmp = tmp_path_factory.mktemp("nasty")
    path = nasty(tmp)
    assert main(["run", str(path), "--out", str(tmp / "run"), "--quiet"]) == 0
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["compare", str(PLAN), str(path), "--out", str(tmp / "cmp")]) == 0
    return tmp / "run", tmp / "cmp", buffer.getvalue()


def test_csv_text_cells_with_formula_prefixes_are_neutralised(nasty_run):
    run, cmp, _ = nasty_run
    for folder, files in ((run, ("results.csv", "iamc.csv", "targets.csv")), (cmp, ("results.csv", "iamc.csv"))):
        for file in files:
            cells = [c for row in csv.reader(io.StringIO((folder / file).read_text(encoding="utf-8"))) for c in row]
            assert "'" + NASTY_NAME in cells, file
            assert NASTY_NAME not in cells, file
            assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells), file
    header = next(csv.reader(io.StringIO((cmp / "comparison.csv").read_text(encoding="utf-8"))))
    assert "'" + NASTY_NAME in header


def test_csv_numbers_stay_numbers_and_iamc_stays_readable(nasty_run):
    """Values, negative ones included, are plain numbers; iamc.csv keeps the strict format pyam reads (pandas
    and pyam are not installed here: test_compare.parse_iamc checks pyam's rules)."""
    run, cmp, _ = nasty_run
    rows = list(csv.reader(io.StringIO((run / "results.csv").read_text(encoding="utf-8"))))
    assert all(float(r[-1]) == float(r[-1]) for r in rows[1:])  # float() raises on a neutralised number
    for folder in (run, cmp):
        _, iamc = parse_iamc((folder / "iamc.csv").read_text(encoding="utf-8"))
        assert any(r[1] == "'" + NASTY_NAME for r in iamc)


def test_neutralise_touches_text_only():
    from simulator.tables import neutralise

    assert [neutralise(c) for c in ("=1+1", "+cmd", "-x", "@SUM(A1)", "\tx", "\rx")] == [
        "'=1+1", "'+cmd", "'-x", "'@SUM(A1)", "'\tx", "'\rx"
    ]  # fmt: skip
    assert [neutralise(c) for c in ("-3.5", "+1e3", "-inf", "GRP", "", 2030, -1.5)] == [
        "-3.5", "+1e3", "-inf", "GRP", "", 2030, -1.5
    ]  # fmt: skip


def test_report_md_escapes_html_from_names(nasty_run):
    run, cmp, _ = nasty_run
    for folder in (run, cmp):
        md = (folder / "report.md").read_text(encoding="utf-8")
        assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
        assert "<script>" not in (folder / "report.html").read_text(encoding="utf-8")


def test_the_terminal_escapes_control_characters_in_names():
    from simulator.api import simulate
    from simulator.compare import comparison_text, make_comparison
    from simulator.scenario import load_scenario
    from simulator.summary import printable, verdict_lines

    assert printable("a" + CONTROL) == "a\\x1b[31mred\\x1b[0m\\x00\\u202e"
    assert printable("Kostanai plan — 2030, $ and <b>") == "Kostanai plan — 2030, $ and <b>"
    plan = simulate(load_scenario(PLAN))
    other = dataclasses.replace(
        plan,
        scenario="plan" + CONTROL,
        targets=[dataclasses.replace(t, name=t.name + CONTROL) for t in plan.targets],
    )
    text = comparison_text(make_comparison([plan, other]))
    assert "plan\\x1b[31mred" in text
    lines = "\n".join(verdict_lines(other))
    for out in (text, lines):
        assert not any(c in out for c in "\x1b\x00\u202e")


def test_compare_prints_no_control_characters_and_dollar_names_as_written(nasty_run):
    _, _, out = nasty_run
    assert NASTY_NAME in out  # printable text is printed as it is


# ----------------------------------------------------------------------------------------- sensitivity's counts


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--method", "sobol", "--samples", "1099511627776"], "--samples 1,099,511,627,776: at most 65,536"),
        (["--samples", "131072"], "--samples 131,072: at most 65,536 (2^16)"),
        (["--top", "5000000"], "--top 5000000: must be from 1 to 100"),
        (["--method", "tornado", "--top", "101"], "--top 101: must be from 1 to 100"),
        (["--top", "-3"], "--top -3: must be from 1 to 100"),
    ],
)
def test_sensitivity_counts_are_bounded_before_allocation(option, message, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["sensitivity", str(PLAN), *option, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and message in err, err
    assert not out.exists() and list(tmp_path.iterdir()) == []
