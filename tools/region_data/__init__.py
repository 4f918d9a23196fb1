"""Helpers of ``tools/build_region_data.py``: read the shared source files, derive, write the shipped files.

Build-time only: nothing in ``simulator/`` imports this package, and the package never reads ``../shared``.
"""
