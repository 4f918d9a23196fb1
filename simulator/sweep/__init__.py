"""``regsim sweep``: scenarios × regions × parameter points × draws as tasks on dask.distributed (docs/sweep.md).

The sweep file and its plan (:mod:`.spec`) and the task (:mod:`.tasks`) need no dask; the runner
(:mod:`.cluster`) and the store (:mod:`.store`) need the optional ``cluster`` extra. Nothing is imported here,
so that ``import simulator.sweep.spec`` loads neither dask nor zarr.
"""
