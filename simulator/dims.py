"""Axis order of every model array, named once.

Inside the model every array is laid out as ``(draw, year, sector)``; totals drop the last axis and are
``(draw, year)``. A deterministic run is the special case of one draw. Kernels loop over years only where
one year's state feeds the next (the labour market); they never loop over draws, sectors or projects.

Inside the model, per-project arrays put the project axis first, ``(project, draw, year)``: numpy's inner loops
then run over the contiguous draw × year block instead of a short project axis, several times faster for
broadcasting and for sums over projects. The model's outputs (``Results.arrays``) put it last,
``(draw, year, project)``, like the sector axis.
"""

DRAW_AXIS = 0
YEAR_AXIS = 1
SECTOR_AXIS = 2
PROJECT_AXIS = 2  # in outputs; 0 inside the model

AXES = ("draw", "year", "sector")
