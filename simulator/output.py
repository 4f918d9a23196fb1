"""Write a run's folder atomically: everything goes to a temporary sibling folder, which is renamed into place
only when complete, so a failed run leaves nothing behind.

A folder written by regsim carries a marker file; an existing non-empty folder without it is never replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt

from .errors import InputError
from .plotting import style
from .report import run_report, write_report
from .tables import iamc_csv, long_csv, targets_csv

MARKER = ".regsim-run"


def check_destination(out_dir: Path) -> None:
    """Refuse a destination that exists and holds something other than a previous regsim run."""
    out_dir = Path(out_dir)
    try:
        if out_dir.exists():
            if not out_dir.is_dir():
                raise InputError(f"{out_dir}: exists and is not a folder")
            if any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
                raise InputError(f"{out_dir}: folder exists and is not empty; choose another --out or remove it")
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None


def _cannot_write(path: Path, exc: OSError, what: str = "the output folder") -> InputError:
    """The message for a file-system error while writing ``path``: the path, and why (the temporary names
    regsim writes through are not the user's business and are left out)."""
    message = f"{path}: cannot write {what} ({exc.strerror or exc})"
    files = [parent for parent in Path(path).parents if _is_file(parent)]
    if files:
        message += f"; {files[-1]} is a file, not a folder"
    return InputError(message)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def save_figure(fig, path: Path) -> None:
    fig.savefig(path)
    plt.close(fig)


def write_atomically(out_dir: Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_dir)`` and move the finished folder to ``out_dir`` (replacing a previous run).

    Any file-system error (a parent that is a file, no permission, a read-only or virtual file system such as
    /sys or /proc, a full disk) is an :class:`InputError` naming ``out_dir``; whatever fails or interrupts the
    write (Ctrl-C, SIGTERM through the CLI's handler), nothing is left behind and a previous run stays in place.
    """
    out_dir = Path(out_dir)
    check_destination(out_dir)
    # the temporary folder's name is chosen before it exists, so that an interruption at any point after it is
    # created (even between mkdir and the next line) finds it in the clean-up below
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}-{secrets.token_hex(4)}")
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    try:
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()
        except OSError as exc:
            raise _cannot_write(out_dir, exc) from None
        writer(tmp)
        (tmp / MARKER).write_text("written by regsim\n", encoding="utf-8")
        if out_dir.exists():
            os.replace(out_dir, old)
            os.replace(tmp, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out_dir)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out_dir.exists():  # interrupted between the two renames: put the old run back
            os.replace(old, out_dir)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise _cannot_write(out_dir, exc) from None
        raise
    return out_dir


def write_file_atomically(path: str | os.PathLike, text: str, what: str = "the file") -> None:
    """Write ``text`` to ``path`` through a temporary sibling renamed into place: a failed write leaves the old
    file (if any) as it was and no temporary file behind; a file-system error is an InputError naming ``path``."""
    path = Path(path)
    tmp = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            tmp = handle.name
            handle.write(text)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc, what) from None
        raise


def write_run_files(
    results, folder: Path, plots: dict, image_format: str = "png", *, loaded=None, region=None
) -> list[str]:
    """results.csv, iamc.csv, targets.csv, provenance.json, one image per plot, and report.md/report.html;
    returns the file names. ``loaded``/``region``: the scenario and region the run used, for the report's
    assumptions register (by default reloaded from the run's provenance)."""
    files = {
        "results.csv": long_csv([results]),
        "iamc.csv": iamc_csv([results]),
        "targets.csv": targets_csv(results),
        "provenance.json": json.dumps(results.provenance, indent=2, sort_keys=True, default=str) + "\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    written = list(files)
    with style():
        for name, plot in plots.items():
            fig, ax = plt.subplots()
            plot(results, ax=ax)
            save_figure(fig, folder / f"{name}.{image_format}")
            written.append(f"{name}.{image_format}")
    images = {name: f"{name}.{image_format}" for name in plots}
    blocks = run_report(results, images, loaded=loaded, region=region)
    return written + write_report(blocks, folder, f"regsim report: {results.scenario}")
