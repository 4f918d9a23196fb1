"""Axis order of every model array, named once.

Inside the model every array is laid out as ``(draw, year, sector)``; totals drop the last axis and are
``(draw, year)``. A deterministic run is the special case of one draw. Kernels loop over years only where
one year's state feeds the next (the labour market); they never loop over draws, sectors or projects.

Per-project arrays put the project axis last: ``(draw, year, project)``.
"""

DRAW_AXIS = 0
YEAR_AXIS = 1
SECTOR_AXIS = 2
PROJECT_AXIS = 2

AXES = ("draw", "year", "sector")
