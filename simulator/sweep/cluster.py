"""A sweep's tasks on dask.distributed: a LocalCluster sized to the machine, or any cluster by its address.

Every block of draws of every ensemble is one task (:func:`simulator.sweep.tasks.run_block`); the client
writes each finished block into the store as it arrives (:class:`simulator.sweep.store.SweepStore`), so the
workers need no shared file system and a multi-machine cluster works as a laptop does. A block already
marked done in the store (``--resume``) is not submitted again. A task that raises is retried
(``RETRIES``); a task whose worker is lost is re-run by the scheduler on another worker (up to dask's
``distributed.scheduler.allowed-failures``). Both re-run the same pure function of the same inputs, so the
block's draws come out the same bits. A task that still fails, or that meets an input error, fails its
ensemble only: the others run on.

This module and the store are the only ones that import dask and zarr (the optional ``cluster`` extra):
``regsim run``, ``validate`` and the others never load them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import dask
from dask.distributed import Client, LocalCluster, as_completed

from ..errors import InputError
from ..memory import MMAP_THRESHOLD, TRIM_THRESHOLD
from .spec import SweepPlan
from .store import SweepStore
from .tasks import run_block

#: times a task that raised is tried again (a worker lost is dask's allowed-failures, not this)
RETRIES = 2


@dataclass
class SweepRun:
    """What a run of the tasks did: blocks run now, blocks found done (resumed), and the ensembles that failed
    {index: why}."""

    ran: int = 0
    resumed: int = 0
    errors: dict[int, str] = field(default_factory=dict)


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None, **cluster_options) -> Iterator[Client]:
    """A dask client: on the cluster whose scheduler is at ``scheduler`` (``tcp://host:8786``), or on a new
    LocalCluster of ``workers`` single-threaded worker processes (default: one per core). Closed after."""
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        with client:
            yield client
        return
    n = int(workers) if workers else (os.cpu_count() or 1)
    if n < 1:
        raise InputError(f"--workers must be at least 1 (got {n})")
    with local_cluster(n, **cluster_options) as cluster, Client(cluster) as client:
        yield client


def dashboard_link(client: Client) -> str | None:
    """The address of the cluster's dashboard, or None when it has none: the scheduler serves its web pages
    (``services["dashboard"]``) with or without bokeh, but the dashboard only where bokeh is installed, which is
    asked of the scheduler's own process (on another machine, its Python)."""
    if "dashboard" not in client.scheduler_info().get("services", {}):
        return None
    try:  # a lambda travels by value: the scheduler need not have regsim installed
        served = client.run_on_scheduler(lambda: importlib.util.find_spec("bokeh") is not None)
    except Exception:  # a scheduler that will not run it: no dashboard to promise
        return None
    return client.dashboard_link if served else None


def worker_environment() -> dict[str, object]:
    """The environment of the worker processes of a cluster this program starts: dask's (one BLAS thread) with
    glibc's malloc tuned as :func:`simulator.memory.reuse_freed_memory` tunes ``regsim run``'s own process
    (dask's default, ``MALLOC_TRIM_THRESHOLD_=65536``, hands freed memory back at once, and every chunk's
    temporaries page-fault anew: a block of draws ran 4 times slower, benchmarks/bench_sweep.py)."""
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.update({"MALLOC_TRIM_THRESHOLD_": TRIM_THRESHOLD, "MALLOC_MMAP_THRESHOLD_": MMAP_THRESHOLD})
    return environ


@contextlib.contextmanager
def local_cluster(workers: int, **options) -> Iterator[LocalCluster]:
    """A LocalCluster of ``workers`` single-threaded worker processes with :func:`worker_environment`; closed
    after. ``options``: more of LocalCluster's keywords (``dashboard_address``...)."""
    settings = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "silence_logs": logging.ERROR}
    settings.update(options)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": worker_environment()}):
        cluster = LocalCluster(**settings)
    with cluster:
        yield cluster


def run_tasks(
    plan: SweepPlan, store: SweepStore, client: Client, progress: Callable[[int, int], None] | None = None
) -> SweepRun:
    """Run every block of the plan not yet done in ``store`` on ``client``'s cluster and write it there."""
    outcome = SweepRun()
    total = sum(e.draws for e in plan.ensembles)
    done_draws = 0
    jobs = []
    for ensemble in plan.ensembles:
        store.set_error(ensemble.index, ensemble.error)  # a resumed sweep tries a failed ensemble again
        if ensemble.error:
            outcome.errors[ensemble.index] = ensemble.error
            total -= ensemble.draws
            continue
        done = store.done(ensemble.index)
        for b, (start, stop) in enumerate(plan.blocks(ensemble)):
            if done[b]:
                outcome.resumed += 1
                done_draws += stop - start
            else:
                jobs.append((ensemble, start, stop))
    if progress:
        progress(done_draws, total)
    tag = plan.fingerprint[:12]
    futures = [
        client.submit(run_block, e, a, b, key=f"regsim-sweep-{tag}-{e.index}-{a}", retries=RETRIES, pure=False)
        for e, a, b in jobs
    ]
    meta = {f.key: (e, a, b) for f, (e, a, b) in zip(futures, jobs, strict=True)}
    for future in as_completed(futures):
        ensemble, start, stop = meta[future.key]
        if future.status == "error":
            problem = future.exception()
            message = f"{type(problem).__name__}: {problem}"
        else:
            block = future.result()
            message = block.error
            if message is None and ensemble.index not in outcome.errors:
                store.write_block(ensemble, block)
                outcome.ran += 1
        future.release()
        if message is not None and ensemble.index not in outcome.errors:
            outcome.errors[ensemble.index] = message
            store.set_error(ensemble.index, message)
        done_draws += stop - start
        if progress:
            progress(done_draws, total)
    return outcome
