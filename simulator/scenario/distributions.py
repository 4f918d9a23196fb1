"""Distributions that any numeric scenario leaf may take instead of a number.

A distribution is written in YAML as a mapping with a ``dist`` key::

    local_content: {dist: triangular, low: 0.2, mode: 0.35, high: 0.5}

Until sampling runs, the model uses each distribution's *central value*: the midpoint (uniform), the mode
(triangular, PERT), the mean (normal) or the median (lognormal). ``support()`` gives the closed interval the
draws can take; validation checks that it lies inside the range the field allows.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, model_validator

#: the largest |z| the sampler draws from a standard normal: it keeps u within 2**-53 of 0 and 1, and
#: Φ⁻¹(1 − 2**-53) = 8.2095 (tests/test_uncertainty_sampling.py keeps the two in step). An unbounded normal or
#: lognormal tail reaches no further than this many sds, which is what :meth:`extent` reports.
TAIL_Z = 8.21


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def central(self) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def support(self) -> tuple[float, float]:  # pragma: no cover - overridden
        raise NotImplementedError

    def extent(self) -> tuple[float, float]:
        """The smallest and largest values draws can take: the support, with an unbounded side replaced by the
        quantile the sampler's most extreme point maps to (:data:`TAIL_Z`); may be ±inf if that overflows."""
        return self.support()


class Uniform(_Dist):
    """Uniform on [low, high]."""

    dist: Literal["uniform"]
    low: FiniteFloat
    high: FiniteFloat

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"uniform needs low < high (got low={self.low}, high={self.high})")
        return self

    def central(self) -> float:
        return 0.5 * (self.low + self.high)

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)


class Triangular(_Dist):
    """Triangular on [low, high] with peak at mode."""

    dist: Literal["triangular"]
    low: FiniteFloat
    mode: FiniteFloat
    high: FiniteFloat

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"{self.dist} needs low <= mode <= high and low < high "
                f"(got low={self.low}, mode={self.mode}, high={self.high})"
            )
        return self

    def central(self) -> float:
        return self.mode

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)


class Pert(Triangular):
    """Beta-PERT on [low, high] with mode (shape parameter 4, the classic PERT)."""

    dist: Literal["pert"]  # type: ignore[assignment]


class Normal(_Dist):
    """Normal(mean, sd), optionally truncated to [low, high]."""

    dist: Literal["normal"]
    mean: FiniteFloat
    sd: FiniteFloat = Field(gt=0)
    low: FiniteFloat | None = None
    high: FiniteFloat | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Normal:
        lo = -math.inf if self.low is None else self.low
        hi = math.inf if self.high is None else self.high
        if not lo < self.mean < hi:
            raise ValueError(f"normal needs low < mean < high (got low={self.low}, mean={self.mean}, high={self.high})")
        return self

    def central(self) -> float:
        return self.mean

    def support(self) -> tuple[float, float]:
        return (-math.inf if self.low is None else self.low, math.inf if self.high is None else self.high)

    def extent(self) -> tuple[float, float]:
        lo = self.mean - TAIL_Z * self.sd if self.low is None else self.low
        hi = self.mean + TAIL_Z * self.sd if self.high is None else self.high
        return (lo, hi)


class LogNormal(_Dist):
    """Lognormal with the given median and sigma (the sd of the log), optionally truncated to [low, high]."""

    dist: Literal["lognormal"]
    median: FiniteFloat = Field(gt=0)
    sigma: FiniteFloat = Field(gt=0)
    low: FiniteFloat | None = None
    high: FiniteFloat | None = None

    @model_validator(mode="after")
    def _bounds(self) -> LogNormal:
        lo = 0.0 if self.low is None else self.low
        hi = math.inf if self.high is None else self.high
        if not lo < self.median < hi:
            raise ValueError(
                f"lognormal needs low < median < high (got low={self.low}, median={self.median}, high={self.high})"
            )
        return self

    def central(self) -> float:
        return self.median

    def support(self) -> tuple[float, float]:
        return (0.0 if self.low is None else self.low, math.inf if self.high is None else self.high)

    def extent(self) -> tuple[float, float]:
        def tail(z: float) -> float:
            log = math.log(self.median) + z * self.sigma
            return math.exp(log) if log < 709.0 else math.inf  # exp overflows a float from about 709.78

        lo = tail(-TAIL_Z) if self.low is None else self.low
        return (lo, tail(TAIL_Z) if self.high is None else self.high)


Distribution = Annotated[Uniform | Triangular | Pert | Normal | LogNormal, Field(discriminator="dist")]
DISTRIBUTION_NAMES = ("uniform", "triangular", "pert", "normal", "lognormal")


def central(value: float | _Dist) -> float:
    """The number the deterministic model uses for a leaf that is a number or a distribution."""
    return value.central() if isinstance(value, _Dist) else float(value)


def largest_magnitude(value: float | _Dist) -> float:
    """The largest |x| a leaf can take: the number itself, or the furthest a distribution's draws reach."""
    if isinstance(value, _Dist):
        lo, hi = value.extent()
        return max(abs(lo), abs(hi))
    return abs(float(value))


def is_distribution(value: object) -> bool:
    return isinstance(value, _Dist)
