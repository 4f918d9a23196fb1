"""Write a run's folder atomically: everything goes to a temporary sibling folder, which is renamed into place
only when complete, so a failed run leaves nothing behind.

A folder written by regsim carries a marker file listing the files the run wrote. A rerun replaces a folder
only when it holds nothing else: a folder with anything regsim did not write (a user's ``notes.txt``, a
sub-folder) is refused before the model runs, so nothing of the user's is ever deleted (docs/outputs.md).
Hidden temporaries that a killed run (SIGKILL, a power cut) left beside the folder are cleaned by the next run
into that folder.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from .errors import InputError
from .filenames import utf8_tree
from .forked import can_fork, fork_work, signals_held, stop
from .plotting import fit_layout, fresh_axes, run_figure, style
from .report import run_report, write_report
from .tables import iamc_csv, long_csv, neutralise, targets_csv

MARKER = ".regsim-run"
#: written first into a temporary folder, so that the next run knows a stale one as regsim's own
PARTIAL = ".regsim-partial"
MARKER_HEADER = "written by regsim; a rerun replaces this folder only while it holds just these files:"
#: a marker of regsim before it listed its files holds only the header line; such a folder's own files are
#: then the regular files with these suffixes (everything regsim has ever written)
LEGACY_SUFFIXES = frozenset({".csv", ".json", ".md", ".html", ".png", ".svg", ".nc"})


def resolve_destination(out_dir: str | os.PathLike) -> Path:
    """The folder a run will write, as an absolute path with symbolic links followed (a link to a folder is
    written through: the folder it points to gets the run, the link stays). Refused (InputError): an empty
    path, the current folder or one that holds it (it cannot be swapped for the new run), the root."""
    text = os.fspath(out_dir)
    if text == "":
        raise InputError("--out '': empty path; name the output folder, e.g. --out runs/plan")
    if "\0" in text:
        raise InputError(f"--out {text!r}: a path cannot hold a NUL character")
    try:
        resolved = Path(text).resolve()
        cwd = Path.cwd().resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop, a removed current folder
        raise InputError(f"{text}: cannot resolve the output folder ({exc})") from None
    if resolved == cwd or resolved in cwd.parents or resolved.parent == resolved:
        raise InputError(
            f"--out {text}: is the current folder or holds it, which a run cannot replace; name a new sub-folder, "
            "e.g. --out runs/plan"
        )
    return resolved


def own_files(folder: Path) -> set[str] | None:
    """The names regsim wrote into ``folder`` (from its marker), or None when the folder has no marker."""
    try:
        text = (folder / MARKER).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    # a plain name only: a marker edited to list ../something never sends a deletion outside the folder
    lines = [line for line in text.split("\n")[1:] if line and "/" not in line and line not in (".", "..")]
    if lines:
        return set(lines)
    return {p.name for p in folder.iterdir() if p.suffix in LEGACY_SUFFIXES and p.is_file() and not p.is_symlink()}


def foreign_entries(folder: Path) -> list[str]:
    """Entries of a folder with a marker that regsim did not write (sorted; sub-folders end in ``/``)."""
    ours = own_files(folder) or set()
    foreign = []
    for entry in folder.iterdir():
        if entry.name == MARKER or entry.name in ours:
            continue
        foreign.append(entry.name + ("/" if entry.is_dir() and not entry.is_symlink() else ""))
    return sorted(foreign)


def check_destination(out_dir: str | os.PathLike) -> Path:
    """Refuse a destination that exists and holds anything but a previous regsim run's own files; return the
    folder the run will write (:func:`resolve_destination`)."""
    shown = os.fspath(out_dir)
    out_dir = resolve_destination(out_dir)
    try:
        if out_dir.exists():
            if not out_dir.is_dir():
                raise InputError(f"{shown}: exists and is not a folder")
            if any(out_dir.iterdir()):
                if own_files(out_dir) is None:
                    raise InputError(f"{shown}: folder exists and is not empty; choose another --out or remove it")
                foreign = foreign_entries(out_dir)
                if foreign:
                    listed = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
                    raise InputError(
                        f"{shown}: holds files regsim did not write ({listed}); a rerun replaces only a folder "
                        "that holds nothing else: move them or choose another --out"
                    )
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    return out_dir


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


#: PNG compression: zlib level 3 writes a figure in about 60 % of the time of Pillow's default (6), for files
#: about 3 % larger (plots are mostly flat colour)
PNG_OPTIONS = {"pil_kwargs": {"compress_level": 3}}


def save_figure(fig, path: Path) -> None:
    """Write ``fig`` to ``path`` (its format from the suffix). A figure pyplot made is closed after (pyplot keeps
    every figure it made until then); one made without pyplot (:func:`simulator.plotting.run_figure`) stays
    open, to be reused."""
    fig.savefig(path, **(PNG_OPTIONS if Path(path).suffix.lower() == ".png" else {}))
    if fig.canvas.manager is not None:  # only pyplot gives a figure a manager, so pyplot is loaded already
        import matplotlib.pyplot as plt  # lazy: loaded already by whoever made this figure with pyplot

        plt.close(fig)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (this process counts as alive: its own temporaries are its business)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _remove_run(folder: Path) -> None:
    """Delete a previous run's own files (those its marker lists), then the folder if that leaves it empty."""
    ours = own_files(folder) or set()
    for name in ours:
        entry = folder / name
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
    with contextlib.suppress(FileNotFoundError):
        (folder / MARKER).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def _keep_leftovers(old: Path, out_dir: Path) -> None:
    """Whatever is left of the previous run after its own files are gone (a file the user added in the instant
    between the last check and the swap) moves into the new folder, where the next rerun will find and refuse
    it, rather than staying hidden beside it."""
    if not old.exists():
        return
    for entry in list(old.iterdir()):
        with contextlib.suppress(OSError):
            if not (out_dir / entry.name).exists():
                os.replace(entry, out_dir / entry.name)
    with contextlib.suppress(OSError):
        old.rmdir()


def clean_stale_temporaries(out_dir: Path) -> list[Path]:
    """Remove the hidden siblings ``.<name>.<pid>-<hex>`` (a folder being written) and ``.<name>.old-<pid>-<hex>``
    (the previous run while the new one moves in) that a run killed outright left behind: only those of a
    process that no longer exists, and only what regsim wrote in them. A previous run caught between the two
    renames is put back first when the folder itself is missing. Returns the paths removed or restored."""
    # exactly the names write_atomically gives: a user's `.out.2024` is not taken for a temporary of process 2024
    pattern = re.compile(rf"\.{re.escape(out_dir.name)}\.(old-)?(\d+)-[0-9a-f]{{8}}")
    cleaned = []
    try:
        siblings = list(out_dir.parent.iterdir())
    except OSError:
        return cleaned
    for entry in siblings:
        match = pattern.fullmatch(entry.name)
        if not match or entry.is_symlink() or not entry.is_dir() or _alive(int(match.group(2))):
            continue
        with contextlib.suppress(OSError):
            if match.group(1):  # a complete previous run, moved aside
                if not out_dir.exists() and own_files(entry) is not None:
                    os.replace(entry, out_dir)
                else:
                    _remove_run(entry)
                cleaned.append(entry)
            elif (entry / PARTIAL).exists() or not any(entry.iterdir()):
                shutil.rmtree(entry)
                cleaned.append(entry)
    return cleaned


def write_atomically(out_dir: Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_dir)`` and move the finished folder to ``out_dir`` (replacing a previous run that holds
    only its own files; :func:`check_destination` refuses anything else). Returns the folder written (symbolic
    links followed).

    Any file-system error (a parent that is a file, no permission, a read-only or virtual file system such as
    /sys or /proc, a full disk) is an :class:`InputError` naming ``out_dir``; whatever fails or interrupts the
    write (Ctrl-C, SIGTERM through the CLI's handler), nothing is left behind and a previous run stays in place.
    """
    shown = out_dir
    out_dir = check_destination(out_dir)
    clean_stale_temporaries(out_dir)
    # the temporary folder's name is chosen before it exists, so that an interruption at any point after it is
    # created (even between mkdir and the next line) finds it in the clean-up below
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}-{secrets.token_hex(4)}")
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()
            (tmp / PARTIAL).touch()
        except OSError as exc:
            raise _cannot_write(out_dir, exc) from None
        writer(tmp)
        written = sorted(p.name for p in tmp.iterdir() if p.name not in (PARTIAL, MARKER))
        (tmp / MARKER).write_text("\n".join([MARKER_HEADER, *written]) + "\n", encoding="utf-8")
        (tmp / PARTIAL).unlink()
        check_destination(shown)  # once more just before the swap: a file the user added during the run
        if out_dir.exists():
            os.replace(out_dir, old)
            os.replace(tmp, out_dir)
            _remove_run(old)
            _keep_leftovers(old, out_dir)
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


def neutralise_csv(text: str) -> str:
    """A CSV text with every text cell that starts with a formula prefix made inert as the run's CSVs are
    (:func:`simulator.tables.neutralise`, docs/outputs.md), for tables built elsewhere (backtest, sensitivity).
    A table without such cells comes back unchanged (numbers, negative ones included, are never touched)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text)):
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def temporary_sibling(path: Path, suffix: str = "") -> Path:
    """A name for a temporary file beside ``path`` that no file has yet (hidden; the process id and a random
    token in it), to be created by the caller and renamed onto ``path``."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{suffix}")


def write_file_atomically(path: str | os.PathLike, text: str, what: str = "the file") -> None:
    """Write ``text`` to ``path`` through a temporary sibling renamed into place: a failed write leaves the old
    file (if any) as it was and no temporary file behind; a file-system error is an InputError naming ``path``."""
    path = Path(path)
    tmp = None
    try:
        name = temporary_sibling(path.resolve(), ".tmp")
        # created as any file this program writes (mode 0o666 less the umask: 0644 under the usual 022), not 0600
        # as tempfile makes them; O_EXCL: never an existing file
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        tmp = name
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc, what) from None
        raise


def draw_figures(results, items) -> None:
    """Each ``(plot, path)`` of ``items`` drawn from ``results`` and saved: on one figure, cleared between files,
    laid out once each (:func:`simulator.plotting.fit_layout`) and saved as laid out."""
    with style(crop=False):
        fig = run_figure()
        for plot, path in items:
            plot(results, ax=fresh_axes(fig))
            fit_layout(fig)
            save_figure(fig, path)


def write_run_files(
    results, folder: Path, plots: dict, image_format: str = "png", *, loaded=None, region=None, processes: int = 1
) -> list[str]:
    """results.csv, iamc.csv, targets.csv, provenance.json, one image per plot, and report.md/report.html;
    returns the file names. ``loaded``/``region``: the scenario and region the run used, for the report's
    assumptions register (by default reloaded from the run's provenance).

    ``processes`` above 1: a forked copy of this process (:func:`simulator.forked.fork_work`) draws every other
    figure while this one writes the tables and draws the rest, where :func:`~simulator.forked.can_fork`. The CLI's
    choice for the process it owns: a library caller keeps the default, 1 (a notebook's kernel is not to be forked).
    The files are the same either way; when the copy fails, this process draws its figures again, so that an error
    (a full disk) is raised here; when this process fails or is interrupted, the copy is stopped before the caller
    cleans up."""
    images = {name: f"{name}.{image_format}" for name in plots}
    items = [(plot, folder / images[name]) for name, plot in plots.items()]
    # the copy takes the first figure and every other one after it: with the run's fourteen, the heavier half
    # (the jobs and per-project charts), as this process also writes the tables and lays out the report
    forked, own = items[0::2], items[1::2]
    child, failed = None, False
    try:
        if processes > 1 and len(items) > 1 and can_fork():
            with signals_held() as unheld:
                child = fork_work(functools.partial(draw_figures, results, forked), unheld)
        files = {
            "results.csv": long_csv([results]),
            "iamc.csv": iamc_csv([results]),
            "targets.csv": targets_csv(results),
            # file names as their bytes spell them, whatever the locale (simulator.filenames)
            "provenance.json": json.dumps(utf8_tree(results.provenance), indent=2, sort_keys=True, default=str) + "\n",
        }
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        draw_figures(results, items if child is None else own)
        blocks = run_report(results, images, loaded=loaded, region=region)
        failed = child is not None and os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) != 0
        child = None
    finally:
        if child is not None:  # failed or interrupted here: the copy must not write on into a folder being removed
            stop(child)
    if failed:
        draw_figures(results, forked)
    return [*files, *images.values(), *write_report(blocks, folder, f"regsim report: {results.scenario}")]
