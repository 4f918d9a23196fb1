"""Unit registry for scenario quantities.

Every quantity in a scenario file is written as ``{value: 70000, unit: cars/yr}``. The unit must be one of
the names below; anything else is an error at validation time. Money in USD is converted to KZT with the
scenario's ``exchange_rate`` parameter (KZT per USD) of the year the amount refers to.

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
}

#: capacity units are physical units per year
CAPACITY_UNITS: dict[str, tuple[float, str]] = {f"{name}/yr": spec for name, spec in PHYSICAL_UNITS.items()}

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
