"""Old name of :mod:`simulator.leontief` (it shadowed the standard library's ``io``), kept only until
simulator/model/effects.py and simulator/model/table.py import ``leontief`` instead; then delete this file."""

from __future__ import annotations

from .leontief import *  # noqa: F403
from .leontief import __all__  # noqa: F401
