"""Field types shared by the scenario schema: numbers with ranges, year-keyed paths, quantities with units.

A *number* field accepts a finite number or a distribution (see :mod:`.distributions`). Its allowed range is
checked on the number, or on the distribution's support. A *path* field accepts a number or a mapping from
year to number; a path's value is carried forward from each given year to the next one.
"""

from __future__ import annotations

import difflib
import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, FiniteFloat, Tag

from ..units import CAPACITY_UNITS, MONEY_UNITS, PERSON_UNITS, PRICE_UNITS, WAGE_UNITS
from .distributions import Distribution, is_distribution


class Strict(BaseModel):
    """Base of every scenario model: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _number_tag(value: Any) -> str:
    return "distribution" if isinstance(value, dict) else "number"


def _path_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "distribution" if "dist" in value else "by_year"
    return "number"


def _interval_text(ge, gt, le, lt) -> str:
    lo = f"[{ge}" if ge is not None else (f"({gt}" if gt is not None else "(-inf")
    hi = f"{le}]" if le is not None else (f"{lt})" if lt is not None else "inf)")
    return f"{lo}, {hi}"


def _range_checker(ge=None, gt=None, le=None, lt=None):
    interval = _interval_text(ge, gt, le, lt)

    def inside(lo: float, hi: float) -> bool:
        ok = True
        if ge is not None:
            ok &= lo >= ge
        if gt is not None:
            ok &= lo > gt
        if le is not None:
            ok &= hi <= le
        if lt is not None:
            ok &= hi < lt
        return bool(ok)

    def check(value):
        if is_distribution(value):
            lo, hi = value.support()
            if not inside(lo, hi):
                raise ValueError(
                    f"distribution support [{lo}, {hi}] must lie inside {interval}"
                    + (" (give low and high to truncate it)" if math.isinf(lo) or math.isinf(hi) else "")
                )
        elif not inside(value, value):
            raise ValueError(f"must be in {interval} (got {value})")
        return value

    return check


def number(ge=None, gt=None, le=None, lt=None) -> Any:
    """A finite number or a distribution whose support lies inside the given bounds."""
    return Annotated[
        Annotated[FiniteFloat, Tag("number")] | Annotated[Distribution, Tag("distribution")],
        Discriminator(_number_tag),
        AfterValidator(_range_checker(ge, gt, le, lt)),
    ]


def _one_value(value: Any) -> Any:
    if isinstance(value, dict) and "dist" not in value:
        raise ValueError(
            "takes one value for the whole run (a number or a distribution), not a {year: value} path: the model "
            "reads it once"
        )
    return value


def run_number(ge=None, gt=None, le=None, lt=None) -> Any:
    """A number or distribution for the whole run; a ``{year: value}`` mapping is refused with a clear message."""
    return Annotated[number(ge, gt, le, lt), BeforeValidator(_one_value)]


def _one_number(value: Any) -> Any:
    if isinstance(value, dict):
        raise ValueError(
            "takes one number for the whole run, not a distribution or a {year: value} path: the model reads it "
            "once for all draws (it shapes the regional table the draws share)"
        )
    return value


def fixed_number(ge=None, gt=None, le=None, lt=None) -> Any:
    """One finite number for the whole run: a distribution or a year path is refused with a clear message."""
    return Annotated[FiniteFloat, BeforeValidator(_one_number), AfterValidator(_range_checker(ge, gt, le, lt))]


def path(ge=None, gt=None, le=None, lt=None) -> Any:
    """A number (or distribution) for every year, or a mapping ``{year: value}`` carried forward."""
    leaf = number(ge, gt, le, lt)
    return Annotated[
        Annotated[leaf, Tag("number")]
        | Annotated[leaf, Tag("distribution")]
        | Annotated[dict[int, leaf], Tag("by_year")],
        Discriminator(_path_tag),
    ]


Share = number(ge=0, le=1)
ShareOrPath = path(ge=0, le=1)
Positive = number(gt=0)
NonNegative = number(ge=0)
Year = Annotated[int, Field(ge=1990, le=2100)]

#: length limits of text fields (docs/scenario-language.md, "Text fields"): names and codes are printed in
#: every table row and drawn in plots, so a long one costs in every output; prose is printed once
MAX_NAME = 200
MAX_TEXT = 2000
MAX_PATH = 1000
#: a name: printed in tables, plot legends and the report
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
#: an optional short label (a target's name, a unit, a sector code)
Label = Annotated[str, Field(max_length=MAX_NAME)]
#: prose: a description, source, note or reason
Text = Annotated[str, Field(max_length=MAX_TEXT)]

MoneyUnit = Literal[tuple(MONEY_UNITS)]  # type: ignore[valid-type]
CapacityUnit = Literal[tuple(CAPACITY_UNITS)]  # type: ignore[valid-type]
WageUnit = Literal[tuple(WAGE_UNITS)]  # type: ignore[valid-type]
PersonUnit = Literal[tuple(PERSON_UNITS)]  # type: ignore[valid-type]


class Money(Strict):
    """An amount of money: ``{value: 131.5, unit: billion KZT}``; USD amounts use the exchange rate of ``year``."""

    value: Positive
    unit: MoneyUnit
    year: Year | None = Field(
        default=None, description="year whose prices (and exchange rate) the amount is in; default: base year"
    )


def _price_unit(unit: str) -> str:
    if unit in PRICE_UNITS:
        return unit
    close = difflib.get_close_matches(unit, PRICE_UNITS, n=1, cutoff=0.6)
    raise ValueError(
        f"unknown unit {unit!r}: a unit price is a money unit ({', '.join(MONEY_UNITS)}) for one base unit of the "
        "capacity, or a money unit per unit of output, e.g. KZT/kWh, USD/MWh, thousand KZT/t"
        + (f"; did you mean {close[0]!r}?" if close else "")
    )


#: a money unit, or a money unit per physical unit (``KZT/kWh``): a custom check rather than a Literal, so an
#: unknown unit is answered with the pattern, not all of its 150 spellings (the JSON Schema lists them)
PriceUnit = Annotated[str, AfterValidator(_price_unit), Field(json_schema_extra={"enum": list(PRICE_UNITS)})]


class Price(Strict):
    """The price of what a project makes: ``{value: 22, unit: KZT/kWh}`` (per unit of output) or
    ``{value: 13.5, unit: million KZT}`` (for one base unit of the capacity: one car, one tonne, one MWh)."""

    value: Positive
    unit: PriceUnit
    year: Year | None = Field(
        default=None, description="year whose prices (and exchange rate) the amount is in; default: base year"
    )


class Capacity(Strict):
    """Annual production capacity: ``{value: 70000, unit: cars/yr}``, or a power ``{value: 200, unit: MW}``
    (with the production's ``capacity_factor``)."""

    value: Positive
    unit: CapacityUnit


class MonthlyWage(Strict):
    """A wage level: ``{value: 450, unit: thousand KZT/month}``."""

    value: Positive
    unit: WageUnit
    year: Year | None = Field(default=None, description="year the wage is stated in; default: base year")
