"""``regsim sweep`` on a real dask cluster (a LocalCluster of 2 worker processes): the store holds, bit for bit,
what ``simulate(scenario variant, draws, seed)`` gives each ensemble run one by one, whatever the workers did
(a worker killed mid-sweep, a sweep interrupted and resumed). Skipped where the ``cluster`` extra is not
installed (`pip install -e '.[cluster]'`; CI installs it)."""

from __future__ import annotations

import csv
import importlib.util
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed")
pytest.importorskip("zarr")

from dask.distributed import Client

from simulator.api import simulate
from simulator.cli import main
from simulator.errors import InputError
from simulator.model.simulate import derived_keys
from simulator.sweep.cluster import dashboard_link, local_cluster, run_tasks
from simulator.sweep.outcome import ensemble_results
from simulator.sweep.spec import load_plan
from simulator.sweep.store import STORE_NAME, SweepStore
from simulator.sweep.summary import summarise

KOSTANAI = Path(__file__).resolve().parent.parent / "scenarios" / "kostanai"


@pytest.fixture(scope="module")
def cluster():
    with local_cluster(2, dashboard_address=":0") as local:
        yield local


def _spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sweep.yaml"
    path.write_text(text.replace("KOSTANAI", KOSTANAI.as_posix()), encoding="utf-8")
    return path


def _bits(values) -> bytes:
    return np.ascontiguousarray(values, dtype=np.float64).tobytes()


def _assert_store_equals_serial(store: SweepStore, plan, ensembles=None) -> dict:
    """Each ensemble's store holds, bit for bit, what the serial run keeps of every draw: its float32 totals (a
    total that depends on no sampled leaf marked constant, as the run keeps it once); and every total read from
    the store, derived ones included, equals the serial Results' float64 array. Returns the serial Results by
    ensemble index."""
    serial = {}
    for e in ensembles or plan.ensembles:
        assert store.done(e.index).all()
        results = simulate(e.scenario, draws=e.draws, seed=e.seed, progress=None)
        kept = [k for k in results.arrays if np.ndim(results.arrays[k]) == 2 and k not in derived_keys()]
        raw = store.group(e.index)["totals"]
        assert raw.dtype == np.float32 and store.variables(e.index) == kept
        constant = set(store.group(e.index).attrs["constant"])
        for j, key in enumerate(kept):
            expected = results.arrays.stored(key)
            assert expected.dtype == np.float32
            assert (key in constant) == (expected.strides[0] == 0), f"ensemble {e.index}: {key} constant"
            got = raw[:, j, :]
            assert got.tobytes() == np.ascontiguousarray(expected).tobytes(), f"ensemble {e.index}: {key} differs"
        stored = store.all_totals(e.index)
        keys = [k for k in results.arrays if np.ndim(results.arrays[k]) == 2]
        assert sorted(stored) == sorted(keys)
        for key in keys:
            expected = np.broadcast_to(results.arrays[key], stored[key].shape)
            assert _bits(stored[key]) == _bits(expected), f"ensemble {e.index} ({e.label}): {key} differs"
        serial[e.index] = results
    return serial


def test_a_sweep_equals_its_ensembles_run_one_by_one(cluster, tmp_path):
    """2 scenarios x 2 regions x 3 FLQ deltas x 2,000 draws through ``regsim sweep --scheduler`` on 2 worker
    processes. The store equals ``simulate`` of each scenario variant with the ensemble's seed (what ``regsim run
    --seed`` runs), bit for bit; the summary's percentiles and target probabilities equal that run's (the same
    functions on the same draws, so exactly equal); the seeds are the ones the summary prints."""
    spec = _spec(
        tmp_path,
        """
name: two scenarios in two regions
scenarios: [KOSTANAI/plan.yaml, KOSTANAI/kia.yaml]
regions: [kostanai, akmola]
grid:
  parameters.flq_delta: [0.2, 0.3, 0.4]
draws: 2000
seed: 11
block: 768
""",
    )
    out = tmp_path / "out"
    code = main(["sweep", str(spec), "--scheduler", cluster.scheduler_address, "--out", str(out), "--quiet"])
    assert code == 0
    plan = load_plan(spec)
    assert len(plan.ensembles) == 12
    assert len({e.seed for e in plan.ensembles}) == 12
    store = SweepStore(out / STORE_NAME, plan, resume=True)
    serial = _assert_store_equals_serial(store, plan)

    with open(out / "ensembles.csv", encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    assert [int(r["seed"]) for r in listed] == [e.seed for e in plan.ensembles]
    assert {r["status"] for r in listed} == {"ok"}
    with open(out / "targets.csv", encoding="utf-8") as handle:
        targets = list(csv.DictReader(handle))
    for e in plan.ensembles:
        expected = {(t.id, t.basis): t.probability for t in serial[e.index].targets}
        got = {(r["target"], r["basis"]): float(r["probability"]) for r in targets if int(r["ensemble"]) == e.index}
        assert got == expected
    # percentiles: the summary's, made from the store, equal the serial run's table statistics exactly
    e = plan.ensembles[0]
    summary = summarise(e, ensemble_results(e, store.totals(e.index)))
    reference = serial[e.index]
    for key in ("grp_real", "employment", "budget_revenue_local", "average_wage"):
        # what `regsim run` writes: the statistics simulate_ensemble computed once for its tables
        expected = reference.statistics[key]
        got = summary.statistics[("scenario", key)]
        assert sorted(got) == sorted(expected)
        for stat in expected:
            assert _bits(got[stat]) == _bits(expected[stat]), f"{key} {stat}"
    assert (out / "target_probabilities.png").stat().st_size > 0
    assert (out / "impact_by_region.png").stat().st_size > 0


def test_a_worker_killed_mid_sweep_changes_nothing(cluster, tmp_path):
    """Once the first block is written, the worker process busy with the most tasks is killed (SIGKILL; its
    nanny starts a new one). The scheduler re-runs its tasks elsewhere, the sweep completes, and the store
    still equals the serial runs bit for bit. 4,500 draws in blocks of 640: a block straddles draw 4,096, where
    the serial run stops making per-project detail (the sweep makes none: totals do not depend on it)."""
    spec = _spec(
        tmp_path,
        """
scenarios: [KOSTANAI/kia.yaml]
regions: [kostanai, akmola]
draws: 4500
seed: 5
block: 640
""",
    )
    plan = load_plan(spec)
    store = SweepStore(tmp_path / STORE_NAME, plan)
    killed = []
    with Client(cluster) as client:
        pids = client.run(os.getpid)

        def progress(done, total):
            if done and not killed:
                busy = client.processing()
                victim = max(pids, key=lambda w: len(busy.get(w, ())))
                os.kill(pids[victim], signal.SIGKILL)
                killed.append(victim)

        outcome = run_tasks(plan, store, client, progress=progress)
    assert killed
    assert not outcome.errors
    _assert_store_equals_serial(store, plan)


def test_an_interrupted_sweep_resumes_from_its_finished_blocks(cluster, tmp_path):
    """The sweep is stopped (KeyboardInterrupt) after its second block is written; ``--resume`` runs only the
    blocks not marked done, and the store equals the serial runs bit for bit."""
    spec = _spec(
        tmp_path,
        """
scenarios: [KOSTANAI/kia.yaml]
draws: 1500
seed: 9
block: 256
""",
    )
    plan = load_plan(spec)
    n_blocks = len(plan.blocks(plan.ensembles[0]))
    store = SweepStore(tmp_path / STORE_NAME, plan)

    def stop(done, total):
        if done >= 2 * 256:
            raise KeyboardInterrupt

    with Client(cluster) as client:
        with pytest.raises(KeyboardInterrupt):
            run_tasks(plan, store, client, progress=stop)
        finished = int(store.done(0).sum())
        assert 2 <= finished < n_blocks
        resumed = SweepStore(tmp_path / STORE_NAME, plan, resume=True)
        outcome = run_tasks(plan, resumed, client)
    assert outcome.resumed == finished
    assert outcome.ran == n_blocks - finished
    _assert_store_equals_serial(resumed, plan)


def test_a_point_that_cannot_be_applied_fails_its_ensembles_only(cluster, tmp_path, capsys):
    """``projects.foundry...`` is a leaf of plan.yaml but not of kia.yaml (which drops the foundry): the kia
    ensembles fail with the scenario and the point named, the plan's run and are written; exit code 2."""
    spec = _spec(
        tmp_path,
        """
scenarios: [KOSTANAI/plan.yaml, KOSTANAI/kia.yaml]
grid:
  projects.foundry.jobs.permanent: [400, 600]
draws: 64
seed: 3
""",
    )
    out = tmp_path / "out"
    code = main(["sweep", str(spec), "--scheduler", cluster.scheduler_address, "--out", str(out), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert "kia.yaml in kostanai at projects.foundry.jobs.permanent=400" in err
    assert "not a numeric leaf of the scenario" in err
    with open(out / "ensembles.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["status"] for r in rows] == ["ok", "ok", "failed", "failed"]
    with open(out / "targets.csv", encoding="utf-8") as handle:
        assert {r["ensemble"] for r in csv.DictReader(handle)} == {"0", "1"}
    probe = tmp_path / "probe"
    probe.write_text("", encoding="utf-8")  # a file made as regsim run makes its files, under this umask
    for name in ("summary.csv", "targets.csv", "ensembles.csv", "target_probabilities.png", "impact_by_region.png"):
        assert (out / name).stat().st_mode & 0o777 == probe.stat().st_mode & 0o777, name


def test_resume_refuses_another_sweep_and_a_folder_of_foreign_files(cluster, tmp_path, capsys):
    """--resume into a folder holding a different sweep, and any sweep into a folder holding a user's file, stop
    with exit code 2 before anything runs; the user's file is left as it was."""
    first = _spec(tmp_path, "scenarios: [KOSTANAI/kia.yaml]\ndraws: 16\nseed: 1\n")
    out = tmp_path / "out"
    assert main(["sweep", str(first), "--scheduler", cluster.scheduler_address, "--out", str(out), "--quiet"]) == 0
    other = _spec(tmp_path, "scenarios: [KOSTANAI/kia.yaml]\ndraws: 16\nseed: 2\n")
    argv = ["sweep", str(other), "--scheduler", cluster.scheduler_address, "--out", str(out), "--resume"]
    assert main(argv) == 2
    assert "holds a different sweep" in capsys.readouterr().err
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["sweep", str(other), "--scheduler", cluster.scheduler_address, "--out", str(mine)]) == 2
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_run_with_a_scheduler_writes_what_run_writes(cluster, tmp_path):
    """``regsim run --draws 4500 --scheduler``: its blocks of draws run as tasks on the cluster, yet results.csv,
    iamc.csv, targets.csv and provenance.json are byte for byte those of ``regsim run`` in one process (every
    percentile, the per-project statistics of the first 4,096 draws and the target probabilities)."""
    plan = str(KOSTANAI / "plan.yaml")
    here, there = tmp_path / "here", tmp_path / "there"
    assert main(["run", plan, "--draws", "4500", "--seed", "4", "--out", str(here), "--quiet"]) == 0
    argv = ["run", plan, "--draws", "4500", "--seed", "4", "--out", str(there), "--quiet"]
    assert main([*argv, "--scheduler", cluster.scheduler_address]) == 0
    for name in ("results.csv", "iamc.csv", "targets.csv", "provenance.json"):
        assert (here / name).read_bytes() == (there / name).read_bytes(), name


def test_resume_refuses_a_store_of_another_layout(tmp_path):
    """A store written before the totals were kept in float32 (no ``layout`` attribute: layout 1) is not resumed:
    its float64 blocks and derived totals would mix with the new ones."""
    plan = load_plan(_spec(tmp_path, "scenarios: [KOSTANAI/kia.yaml]\ndraws: 16\nseed: 1\n"))
    store = SweepStore(tmp_path / STORE_NAME, plan)
    assert SweepStore(tmp_path / STORE_NAME, plan, resume=True).root.attrs["layout"] == 2
    del store.root.attrs["layout"]
    with pytest.raises(InputError, match="store layout 1, this one writes 2"):
        SweepStore(tmp_path / STORE_NAME, plan, resume=True)


def test_a_dashboard_is_promised_only_where_bokeh_serves_it(cluster):
    """The scheduler serves web pages with or without bokeh; the dashboard, only with it (this cluster's scheduler
    runs in this Python, so it has bokeh exactly when this process finds it)."""
    with Client(cluster) as client:
        link = dashboard_link(client)
    assert (link is None) == (importlib.util.find_spec("bokeh") is None)


def _read_all(fd: int, until: float) -> bytes:
    """What the terminal ``fd`` shows until its process closes it (or ``until``, a monotonic time, passes)."""
    out = b""
    while time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the other end closed
                break
            if not data:
                break
            out += data
    return out


def test_ctrl_c_stops_a_sweep_with_one_line_and_keeps_its_blocks(tmp_path):
    """Ctrl-C at a terminal, once the first block is in the store: the terminal sends SIGINT to the whole process
    group (the command and its cluster's worker processes). The command closes the cluster and prints one line
    naming --resume, exit code 130; no process prints a traceback. (The sweep is far longer than the test waits:
    3 ensembles of 200,000 draws.)"""
    spec = _spec(tmp_path, "scenarios: [KOSTANAI/plan.yaml]\nregions: [kostanai, akmola, pavlodar]\n"
                           "draws: 200000\nseed: 1\nblock: 1024\n")  # fmt: skip
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "simulator.cli", "sweep", str(spec), "--workers", "2", "--out", str(out)]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, on a terminal of its own
        os.chdir(Path(__file__).resolve().parent.parent)
        os.execv(sys.executable, argv)
    try:
        start, shown = time.monotonic(), b""
        while not list(out.glob("sweep.zarr/e*/done/c/*")) and time.monotonic() - start < 120:
            shown += _read_all(fd, time.monotonic() + 0.2)
        assert list(out.glob("sweep.zarr/e*/done/c/*")), shown.decode(errors="replace")
        os.write(fd, b"\x03")  # Ctrl-C
        shown += _read_all(fd, time.monotonic() + 120)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    text = shown.decode(errors="replace").replace("\r", "")
    assert os.waitstatus_to_exitcode(status) == 130, text
    assert "Traceback" not in text and "Exception ignored" not in text, text
    last = [line for line in text.splitlines() if line.strip()][-1]
    assert last.startswith("^Cinterrupted: ") or last.startswith("interrupted: "), text
    assert last.endswith("blocks kept; run again with --resume to continue"), text
    assert int(last.split("interrupted: ")[1].split(" ")[0]) >= 1
