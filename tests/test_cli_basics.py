"""The CLI's shell: version, help for every subcommand, exit codes."""

from __future__ import annotations

import pytest

from simulator import __version__
from simulator.cli import COMMANDS, main


def test_version(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_subcommand_has_help(command, capsys):
    assert main([command, "--help"]) == 0
    assert "usage: regsim" in capsys.readouterr().out


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_public_api_is_importable_from_the_package():
    import simulator

    for name in simulator.__all__:
        assert getattr(simulator, name) is not None, name


def test_a_closed_pipe_is_not_a_crash(tmp_path):
    """`regsim multipliers --format csv | head -1`: the reader stops early; no traceback, exit 0."""
    import subprocess
    import sys

    proc = subprocess.run(
        f"{sys.executable} -m simulator.cli multipliers --format csv | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.startswith("region,")
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
