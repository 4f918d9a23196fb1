"""The scenario language: load, validate and cross-check scenario YAML files.

``load_scenario(path)`` is the one entry point; it returns a :class:`LoadedScenario` or raises
:class:`~simulator.errors.ScenarioError` carrying every problem found (file, line, column, key path, message).
The language itself is documented in ``docs/scenario-language.md``; its JSON Schema is ``regsim schema``.
"""

from __future__ import annotations

from ..errors import ScenarioError
from .load import LoadedScenario, load_scenario
from .schema import Scenario

__all__ = ["LoadedScenario", "Scenario", "ScenarioError", "load_scenario"]
