"""Bad input, round two (issue 15), text is data on the way out: the CLI's ``error:`` lines and ``validate``'s
``ok:``/``error:`` lines escape control characters in file names (a newline cannot forge a line, ESC cannot
clear or recolour the terminal), and the backtest and sensitivity CSVs neutralise formula prefixes as the run
CSVs do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import simulator.backtest_tables
import simulator.uncertainty.sensitivity
from simulator.cli import main
from simulator.output import neutralise_csv

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "scenarios" / "kostanai" / "plan.yaml"


def test_validate_gives_one_line_per_file_whatever_its_name_holds(tmp_path, capsys):
    """A valid file named ``a<newline>ok: forged.yaml`` and a missing one named with ESC: exactly one ``ok:``
    line and the missing file's ``error:`` lines, with the newline and ESC shown as ``\\x0a`` and ``\\x1b``."""
    forged = tmp_path / "a\nok: forged.yaml"
    forged.write_text(f'extends: {PLAN}\nname: "escaped"\n', encoding="utf-8")
    missing = tmp_path / "gone\x1b[2J.yaml"
    assert main(["validate", str(forged), str(missing)]) == 2
    captured = capsys.readouterr()
    out_lines = captured.out.splitlines()
    assert len(out_lines) == 1 and out_lines[0].startswith("ok: ") and "a\\x0aok: forged.yaml" in out_lines[0]
    assert "\x1b" not in captured.err and "gone\\x1b[2J.yaml" in captured.err
    assert all(line.startswith("error: ") for line in captured.err.splitlines())


def test_error_lines_of_any_command_escape_the_file_name(tmp_path, capsys):
    """``regsim run`` of a missing file whose name holds a newline, a carriage return and ESC: one ``error:``
    line per problem, no raw control character on stderr."""
    name = tmp_path / "x\nerror: forged\r\x1b]0;title\x07.yaml"
    assert main(["run", str(name), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert not any(c in err.rstrip("\n") for c in "\r\x1b\x07") and "\n" not in err.rstrip("\n")
    assert err.startswith("error: ") and "x\\x0aerror: forged\\x0d\\x1b]0;title\\x07.yaml" in err


def test_neutralise_csv_by_hand():
    """Text cells starting with ``=``, ``+``, ``-``, ``@`` get a leading ``'``; numbers (``-3.5``, ``+2``,
    ``-inf``), ordinary text and the quoting of a cell with a comma stay as they were."""
    text = 'leaf,value,note\n=HYPERLINK("x"),-3.5,"a, b"\n@SUM(A1),+2,-inf\n-x,1e+06,plain\n'
    expected = [
        "leaf,value,note",
        '"\'=HYPERLINK(""x"")",-3.5,"a, b"',  # the quotes inside the cell are doubled, as CSV wants
        "'@SUM(A1),+2,-inf",
        "'-x,1e+06,plain",
    ]
    assert neutralise_csv(text).splitlines() == expected


def test_a_real_tornado_table_is_unchanged(tmp_path):
    """The shipped tornado table (identifiers, numbers) has no cell to neutralise: byte for byte the same."""
    assert main(["sensitivity", str(PLAN), "--method", "tornado", "--out", str(tmp_path / "s"), "--quiet"]) == 0
    text = (tmp_path / "s" / "tornado.csv").read_text(encoding="utf-8")
    assert neutralise_csv(text) == text and text.count("\n") > 5


def test_sensitivity_and_backtest_csvs_go_through_neutralisation(tmp_path, monkeypatch, capsys):
    """Whatever the table builders return, the files written are neutralised (the builders are replaced here
    by ones returning a formula cell)."""
    formula = "leaf,value\n=cmd|' /C calc'!A0,-1.5\n"
    inert = "leaf,value\n'=cmd|' /C calc'!A0,-1.5\n"
    monkeypatch.setattr(simulator.uncertainty.sensitivity, "tornado_csv", lambda *a, **k: formula)
    assert main(["sensitivity", str(PLAN), "--method", "tornado", "--out", str(tmp_path / "s"), "--quiet"]) == 0
    assert (tmp_path / "s" / "tornado.csv").read_text(encoding="utf-8") == inert
    monkeypatch.setattr(simulator.backtest_tables, "points_csv", lambda *a, **k: formula)
    monkeypatch.setattr(simulator.backtest_tables, "summary_csv", lambda *a, **k: formula)
    out = tmp_path / "b"
    assert main(["backtest", "--regions", "kostanai", "--base-years", "2020", "--out", str(out)]) == 0
    assert (out / "backtest.csv").read_text(encoding="utf-8") == inert
    assert (out / "summary.csv").read_text(encoding="utf-8") == inert
    assert "Traceback" not in capsys.readouterr().err


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_traceback(tmp_path):
    """``PYTHONIOENCODING=ascii`` (a terminal that is not UTF-8) and a scenario file named in Cyrillic: the
    ``ok:`` line shows the name as ``\\u041a...`` escapes, exit 0; it used to end in a UnicodeEncodeError."""
    scenario = tmp_path / "Кост.yaml"
    scenario.write_text(f'extends: {PLAN}\nname: "Костанай – план"\n', encoding="utf-8")
    code = f"import sys; from simulator.cli import main; sys.exit(main(['validate', {str(scenario)!r}]))"
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    child = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, env=env)
    assert child.returncode == 0, child.stderr
    assert b"\\u041a\\u043e\\u0441\\u0442.yaml (8 projects" in child.stdout and b"Traceback" not in child.stderr


def _locale_that_is_not_utf8() -> dict:
    """The environment of a process whose locale is C and whose Python does not switch to UTF-8 on its own: its
    file-system encoding is ASCII, and it holds a Cyrillic file name as surrogate escapes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "PYTHONIOENCODING"}
    return {**env, "LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def test_cyrillic_file_names_under_a_locale_that_is_not_utf8(tmp_path):
    """Issue 15: with ``LANG=C PYTHONUTF8=0 PYTHONCOERCECLOCALE=0``, ``regsim run план.yaml --out вывод/прогон``
    ended in a UnicodeEncodeError writing report.md (the file name, held as surrogate escapes, cannot be written
    as UTF-8), and a child's ``extends: план.yaml`` was refused as holding a NUL character. Now both succeed:
    every file is written, and the report and provenance.json spell the name as it is."""
    import json

    env = _locale_that_is_not_utf8()
    check = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"], env=env, capture_output=True
    )
    assert check.stdout.strip() == b"ascii"  # the environment does what it is meant to
    for file in PLAN.parent.glob("*.yaml"):
        (tmp_path / file.name).write_bytes(file.read_bytes())
    scenario = tmp_path / "план.yaml"
    scenario.write_bytes(PLAN.read_bytes())
    child = tmp_path / "дочь.yaml"
    child.write_text('extends: план.yaml\nname: "дочь"\n', encoding="utf-8")
    out = tmp_path / "вывод" / "прогон"

    def regsim(*argv):
        return subprocess.run(
            [sys.executable, "-m", "simulator.cli", *map(str, argv)], cwd=REPO, env=env, capture_output=True
        )

    done = regsim("run", scenario, "--out", out, "--quiet")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    for name in ("results.csv", "iamc.csv", "provenance.json", "report.md", "report.html", "grp.png"):
        assert (out / name).is_file(), name
    assert f"{scenario}:" in (out / "report.md").read_text(encoding="utf-8")  # the register's file:line
    assert json.loads((out / "provenance.json").read_text(encoding="utf-8"))["scenario_file"] == str(scenario)
    done = regsim("validate", child)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.startswith(b"ok: ")


def test_file_names_reach_a_terminal_that_is_not_utf8_as_their_bytes(tmp_path):
    """Under ``LANG=C PYTHONUTF8=0 PYTHONCOERCECLOCALE=0`` Python holds ``план.yaml`` as surrogate escapes
    (one per byte). The terminal used to get them as ``\\udcd0\\udcbf...``, so ``d=$(regsim run план.yaml --out
    вывод --quiet); ls "$d"`` named no folder. Now the path printed is the path's bytes, and it exists;
    ``validate``'s ``ok:`` line and the ``error:`` line of a missing file spell their names' bytes as well."""
    env = _locale_that_is_not_utf8()
    for name in ("plan.yaml", "baseline.yaml"):  # план.yaml extends baseline.yaml, which extends nothing
        (tmp_path / name).write_bytes((PLAN.parent / name).read_bytes())
    scenario = tmp_path / "план.yaml"
    scenario.write_bytes(PLAN.read_bytes())
    out = tmp_path / "вывод"

    def regsim(*argv):
        return subprocess.run(
            [sys.executable, "-m", "simulator.cli", *map(str, argv)], cwd=REPO, env=env, capture_output=True
        )

    done = regsim("run", scenario, "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    printed = done.stdout.strip()
    assert printed == str(out).encode("utf-8") and os.path.isdir(printed)
    assert (out / "report.md").is_file()
    done = regsim("validate", scenario, tmp_path / "нет.yaml")
    assert done.returncode == 2
    assert done.stdout.startswith(b"ok: " + str(scenario).encode("utf-8") + b" (8 projects")
    assert done.stderr.startswith(b"error: " + str(tmp_path / "нет.yaml").encode("utf-8") + b": file not found")
    assert b"\\udc" not in done.stdout + done.stderr


def test_controls_spelled_by_a_name_s_bytes_are_still_escaped(tmp_path):
    """Under the same locale, a name whose bytes spell a right-to-left override (UTF-8 ``e2 80 ae``), a C1
    control (``c2 9b``), or hold a lone byte 0x9b (an 8-bit terminal's CSI) gets those escaped, as a name
    decoded by a UTF-8 locale would; its other bytes, Cyrillic or not UTF-8 at all (``ff``), stay bytes."""
    env = _locale_that_is_not_utf8()
    (tmp_path / "baseline.yaml").write_bytes((PLAN.parent / "baseline.yaml").read_bytes())
    folder = os.fsencode(tmp_path)
    names = [b"a\xe2\x80\xaeb.yaml", b"\xd0\xbf\xc2\x9b.yaml", b"c\x9b\xff.yaml"]
    for name in names:
        with open(folder + b"/" + name, "wb") as file:
            file.write(b"extends: baseline.yaml\nname: x\n")
    argv = [sys.executable, "-m", "simulator.cli", "validate", *(folder + b"/" + name for name in names)]
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    shown = [line.split(b"/")[-1].split(b" (")[0] for line in done.stdout.splitlines()]
    assert shown == [b"a\\u202eb.yaml", b"\xd0\xbf\\x9b.yaml", b"c\\x9b\xff.yaml"]


def test_what_an_ascii_terminal_cannot_show_is_escaped_and_names_are_bytes():
    """The streams' error handler by hand, under the same locale: Cyrillic and "–" from a YAML file are written
    as Python escapes, the surrogate escapes of a file name as their bytes, a lone surrogate that stands for
    no byte as an escape: ``в\\udcd0\\udcbf–\\ud800`` -> ``\\u0432``, d0 bf, ``\\u2013``, ``\\ud800``."""
    code = (
        "import sys; from simulator.cli.terminal import write_names_as_bytes; write_names_as_bytes(); "
        "print('\\u0432\\udcd0\\udcbf\\u2013\\ud800'); print('\\udcd0\\udcbf', file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=_locale_that_is_not_utf8(), capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"\\u0432\xd0\xbf\\u2013\\ud800\n" and done.stderr == b"\xd0\xbf\n"
