"""A sweep's folder: the store, the summary tables and figures, and the rules that keep a user's files safe.

The folder follows :mod:`simulator.output`'s rule: a folder holding anything regsim did not write is refused
before anything runs. Unlike a run's folder it is written in place, not swapped in when complete, because a
stopped sweep must keep its finished blocks for ``--resume``; so the marker listing the sweep's files is
written first, and the folder is regsim's from its first byte. A sweep without ``--resume`` into a folder
regsim wrote replaces it; with ``--resume`` it continues the sweep the folder holds (the same sweep file and
scenarios, checked by the store's fingerprint). The tables and figures are each written atomically at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import matplotlib.pyplot as plt

from ..errors import InputError
from ..output import (
    MARKER,
    MARKER_HEADER,
    check_destination,
    foreign_entries,
    own_files,
    save_figure,
    temporary_sibling,
    write_file_atomically,
)
from ..plotting import style
from .cluster import SweepRun
from .outcome import ensemble_results
from .plots import plot_impact_by_region, plot_target_probabilities
from .spec import SweepPlan
from .store import STORE_NAME, SweepStore
from .summary import EnsembleSummary, ensembles_csv, summarise, summary_csv, targets_csv

TABLES = ("summary.csv", "targets.csv", "ensembles.csv")
FIGURES = {"target_probabilities": plot_target_probabilities, "impact_by_region": plot_impact_by_region}


def sweep_files(image_format: str = "png") -> list[str]:
    return [STORE_NAME, *TABLES, *(f"{name}.{image_format}" for name in FIGURES)]


def prepare_folder(out_dir: str | os.PathLike, resume: bool, image_format: str = "png") -> Path:
    """The folder to write, ready: checked (and, without ``resume``, a previous regsim folder there cleared), its
    marker written. InputError for a folder holding anything else, or, with ``resume``, holding no sweep."""
    shown = os.fspath(out_dir)
    folder = check_destination(out_dir)
    if resume:
        if STORE_NAME not in (own_files(folder) or set()) or not (folder / STORE_NAME).is_dir():
            raise InputError(f"{shown}: holds no sweep to resume; run without --resume")
        return folder
    try:
        if folder.exists():
            _remove_own_files(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MARKER).write_text("\n".join([MARKER_HEADER, *sweep_files(image_format)]) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{shown}: cannot write the sweep folder ({exc.strerror or exc})") from None
    if foreign_entries(folder):  # pragma: no cover - check_destination refused those a moment ago
        raise InputError(f"{shown}: holds files regsim did not write")
    return folder


def _remove_own_files(folder: Path) -> None:
    for name in own_files(folder) or set():
        entry = folder / name
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()


def discard_folder(folder: Path) -> None:
    """Remove what a sweep wrote in ``folder`` (its files and marker; the folder too, if nothing else is left):
    a sweep whose every ensemble failed leaves nothing behind."""
    try:
        _remove_own_files(folder)
        with contextlib.suppress(FileNotFoundError):
            (folder / MARKER).unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty
    except OSError as exc:
        raise InputError(f"{folder}: cannot remove the failed sweep's files ({exc.strerror or exc})") from None


def summarise_sweep(plan: SweepPlan, store: SweepStore, run: SweepRun) -> list[EnsembleSummary]:
    """Each ensemble's statistics from its stored draws (one ensemble in memory at a time), or why it failed."""
    summaries = []
    for ensemble in plan.ensembles:
        error = run.errors.get(ensemble.index)
        if error is None and not store.done(ensemble.index).all():
            error = "not every block of draws was computed"
        if error is None:
            try:
                summaries.append(summarise(ensemble, ensemble_results(ensemble, store.totals(ensemble.index))))
                continue
            except InputError as exc:
                error = "; ".join(str(p) for p in exc.problems)
                store.set_error(ensemble.index, error)
        summaries.append(EnsembleSummary(ensemble, error=error))
    return summaries


def write_summary(folder: Path, summaries: list[EnsembleSummary], image_format: str = "png") -> None:
    """summary.csv, targets.csv, ensembles.csv and the figures, each put in place whole."""
    for name, text in zip(
        TABLES, (summary_csv(summaries), targets_csv(summaries), ensembles_csv(summaries)), strict=True
    ):
        write_file_atomically(folder / name, text, name)
    ok = [s for s in summaries if not s.error]
    with style():
        for name, plot in FIGURES.items():
            fig, ax = plt.subplots(figsize=(10.0, max(3.0, 0.35 * len(ok) + 2.0)))
            try:
                plot(ok, ax=ax)
                fig.tight_layout()
                path = folder / f"{name}.{image_format}"
                tmp = temporary_sibling(path, f".{image_format}")  # created by savefig, as regsim run's figures
                try:
                    save_figure(fig, tmp)
                    os.replace(tmp, path)
                finally:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(tmp)
            finally:
                plt.close(fig)
