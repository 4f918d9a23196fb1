"""Unit registry for scenario quantities.

Every quantity in a scenario file is written as ``{value: 70000, unit: cars/yr}``. The unit must be one of
the names below; anything else is an error at validation time. Money in USD is converted to KZT with the
scenario's ``exchange_rate`` parameter (KZT per USD) of the year the amount refers to.

A capacity is a physical unit a year (``t/yr``, ``MWh/yr``, ``thousand l/yr``) or a power (``kW``, ``MW``,
``GW``), which makes energy: ``MW × 8,760 h × capacity_factor`` MWh a year at full utilisation. A unit price
is a money unit for one *base* unit of the capacity (one car, one tonne, one MWh), or a money unit per unit
of output (``KZT/kWh``, ``USD/MWh``, ``thousand KZT/t``), converted to the base unit:

    200 MW at a capacity factor of 0.35 make 200 × 8,760 × 0.35 = 613,200 MWh a year; at 22 KZT/kWh =
    22,000 KZT/MWh that is 13,490.4 million KZT a year.

Inside the model all money is **million KZT** and all people are **persons**.
"""

from __future__ import annotations

#: money unit -> (multiplier to the currency's base unit, currency)
MONEY_UNITS: dict[str, tuple[float, str]] = {
    "KZT": (1.0, "KZT"),
    "thousand KZT": (1e3, "KZT"),
    "million KZT": (1e6, "KZT"),
    "billion KZT": (1e9, "KZT"),
    "USD": (1.0, "USD"),
    "thousand USD": (1e3, "USD"),
    "million USD": (1e6, "USD"),
    "billion USD": (1e9, "USD"),
}

#: physical unit of production -> (multiplier to the base physical unit, base physical unit)
PHYSICAL_UNITS: dict[str, tuple[float, str]] = {
    "t": (1.0, "t"),
    "thousand t": (1e3, "t"),
    "head": (1.0, "head"),
    "thousand head": (1e3, "head"),
    "units": (1.0, "units"),
    "thousand units": (1e3, "units"),
    "cars": (1.0, "cars"),
    "ha": (1.0, "ha"),
    "thousand ha": (1e3, "ha"),
    "l": (1.0, "l"),
    "thousand l": (1e3, "l"),
    "million l": (1e6, "l"),
    "kWh": (1e-3, "MWh"),
    "MWh": (1.0, "MWh"),
    "GWh": (1e3, "MWh"),
}

#: hours in a year: a power capacity runs at most this long (a leap year's extra day, 0.3 %, is not counted)
HOURS_PER_YEAR = 8760.0

#: power units -> multiplier to MW; a power capacity makes energy, in MWh
POWER_UNITS: dict[str, float] = {"kW": 1e-3, "MW": 1.0, "GW": 1e3}

#: capacity unit -> (multiplier to base units a year at full utilisation, base unit): physical units per year,
#: and powers running every hour of the year (times the project's ``capacity_factor``, see annual_capacity)
CAPACITY_UNITS: dict[str, tuple[float, str]] = {f"{name}/yr": spec for name, spec in PHYSICAL_UNITS.items()} | {
    name: (factor * HOURS_PER_YEAR, "MWh") for name, factor in POWER_UNITS.items()
}

#: unit-price units: a money unit (for one base unit of the capacity), or a money unit per physical unit
PRICE_UNITS: tuple[str, ...] = (
    *MONEY_UNITS,
    *(f"{money}/{physical}" for money in MONEY_UNITS for physical in PHYSICAL_UNITS),
)

#: wage units -> multiplier to KZT per month
WAGE_UNITS: dict[str, float] = {
    "KZT/month": 1.0,
    "thousand KZT/month": 1e3,
    "KZT/yr": 1.0 / 12.0,
    "thousand KZT/yr": 1e3 / 12.0,
    "million KZT/yr": 1e6 / 12.0,
}

#: head-count units -> multiplier to persons
PERSON_UNITS: dict[str, float] = {
    "persons": 1.0,
    "thousand persons": 1e3,
}


def money_to_million_kzt(value: float, unit: str, kzt_per_usd: float | None = None) -> float:
    """Convert an amount of money to million KZT.

    >>> money_to_million_kzt(131.5, "billion KZT")
    131500.0
    >>> money_to_million_kzt(200, "million USD", kzt_per_usd=450.0)
    90000.0
    """
    factor, currency = MONEY_UNITS[unit]
    amount = value * factor
    if currency == "USD":
        if kzt_per_usd is None:
            raise ValueError(f"an amount in {unit} needs an exchange rate")
        amount *= kzt_per_usd
    return amount / 1e6


def capacity_in_base_units(value: float, unit: str) -> tuple[float, str]:
    """Capacity in base physical units per year: ``(45, 'thousand t/yr') -> (45000.0, 't')``."""
    factor, base = CAPACITY_UNITS[unit]
    return value * factor, base


def is_power(unit: str) -> bool:
    """Whether a capacity unit is a power (kW, MW, GW), which needs a ``capacity_factor``."""
    return unit in POWER_UNITS


def annual_capacity(value, unit: str, capacity_factor=1.0):
    """Output a year at full utilisation, in the capacity's base unit.

    ``value × factor`` for a physical unit a year; ``value × MW per unit × 8,760 h × capacity_factor`` MWh for
    a power. ``value`` and ``capacity_factor`` are numbers or arrays of the same shape (e.g. (D,) draws);
    ``capacity_factor`` is ignored for a physical unit.

    >>> annual_capacity(45, "thousand t/yr")
    45000.0
    >>> round(float(annual_capacity(200, "MW", 0.35)), 6)
    613200.0
    """
    factor, _ = CAPACITY_UNITS[unit]
    return value * factor * (capacity_factor if is_power(unit) else 1.0)


def split_price_unit(unit: str) -> tuple[str, float, str | None]:
    """A unit price's money unit, the multiplier from a price per written unit to a price per base unit, and
    that base unit (None for a price in a money unit alone, which is already per base unit of the capacity).

    >>> split_price_unit("KZT/kWh")
    ('KZT', 1000.0, 'MWh')
    >>> split_price_unit("thousand KZT/thousand t")
    ('thousand KZT', 0.001, 't')
    >>> split_price_unit("million KZT")
    ('million KZT', 1.0, None)
    """
    money, _, physical = unit.partition("/")
    if not physical:
        return money, 1.0, None
    factor, base = PHYSICAL_UNITS[physical]
    return money, 1.0 / factor, base
