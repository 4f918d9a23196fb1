"""Model parameters: defaults are data (``simulator/data/parameters.yaml``), scenarios override them.

Each parameter has a title, unit, valid range, default, description, source and status. The scenario schema's
``parameters`` block is generated from that file, so a new parameter is added in one place. A parameter
may be year-keyed (``{2026: 0.06}``, carried forward to later years) unless its entry says ``by_year: false``:
those are properties of the whole run (the regional table's FLQ δ, households' local spending), read once, so a
year path for them is refused by the schema rather than silently cut to its first year. An entry with
``uncertain: false`` takes one number: it shapes the regional table that all draws share, so a distribution for
it is refused rather than silently read at its mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ConfigDict, Field, create_model

from .fields import Strict, fixed_number, path, run_number


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    title: str
    unit: str
    min: float
    max: float
    default: float | dict[int, float]
    description: str
    source: str
    status: str
    by_year: bool = True
    uncertain: bool = True


@cache
def parameter_specs() -> dict[str, ParameterSpec]:
    """The shipped parameter table, in file order."""
    text = resources.files("simulator").joinpath("data/parameters.yaml").read_text(encoding="utf-8")
    # libyaml's safe loader where PyYAML has it: about ten times faster, the same safe constructors
    raw: dict[str, dict[str, Any]] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {name: ParameterSpec(name=name, **spec) for name, spec in raw.items()}


def _field_type(spec: ParameterSpec):
    if not spec.uncertain:
        return fixed_number
    return path if spec.by_year else run_number


def _build_model():
    fields = {
        name: (
            _field_type(spec)(ge=spec.min, le=spec.max) | None,
            Field(default=None, title=spec.title, description=f"{spec.description} [{spec.unit}]"),
        )
        for name, spec in parameter_specs().items()
    }
    return create_model(
        "Parameters",
        __base__=Strict,
        __doc__="Model parameters; any omitted parameter takes its shipped default.",
        **fields,
    )


Parameters = _build_model()
Parameters.model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
