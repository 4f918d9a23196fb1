"""Units that each target variable may be stated in, and the conversion to the model's units."""

from __future__ import annotations

from ..units import MONEY_UNITS, PERSON_UNITS, WAGE_UNITS
from .distributions import central

#: target variable -> {unit: multiplier to the model unit}; model units: million KZT/yr, persons, KZT/month
TARGET_UNITS: dict[str, dict[str, float]] = {
    "grp": {u: f / 1e6 for u, (f, cur) in MONEY_UNITS.items() if cur == "KZT"},
    "budget_revenue_local": {u: f / 1e6 for u, (f, cur) in MONEY_UNITS.items() if cur == "KZT"},
    "tax_revenue_collected": {u: f / 1e6 for u, (f, cur) in MONEY_UNITS.items() if cur == "KZT"},
    "employment": dict(PERSON_UNITS),
    "average_wage": {u: f for u, f in WAGE_UNITS.items() if u.endswith("/month")},
}


def check_target_unit(target) -> None:
    """Ratio targets take no unit; increase and level targets need one the variable can be stated in."""
    allowed = TARGET_UNITS[target.variable]
    if target.kind == "ratio":
        if target.unit is not None:
            raise ValueError("a ratio target takes no unit")
        return
    if target.unit is None:
        raise ValueError(f"a {target.kind} target needs a unit (expected one of: {', '.join(allowed)})")
    if target.unit not in allowed:
        raise ValueError(f"unit {target.unit!r} does not fit {target.variable} (expected one of: {', '.join(allowed)})")


def target_value_in_model_units(target) -> float:
    """The target's threshold in model units (ratio targets are returned as they are)."""
    value = central(target.value)
    if target.kind == "ratio":
        return value
    return value * TARGET_UNITS[target.variable][target.unit]
