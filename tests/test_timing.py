"""Annual utilisation: the closed-form means equal a fine numerical integral of the instantaneous curves.

Tolerance: 1e-6 absolute against a 120,000-point midpoint rule (its error is far below that).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator.model.timing import annual_utilisation, operating_fraction, ramp_linear, ramp_logistic

YEARS = np.arange(2023, 2033)
GRID = (np.arange(120_000) + 0.5) / 120_000  # fractions of a year


def numeric_mean(curve, start, ramp_years, cap):
    clock = YEARS[:, None] + GRID[None, :]
    u = np.minimum(curve(clock - start, np.array(ramp_years)), cap)
    return u.mean(axis=1)


@pytest.mark.parametrize("start", [2025.75, 2024.0, 2026.4167, 2022.5])
@pytest.mark.parametrize("ramp_years", [0.5, 1.0, 3.0, 4.7])
@pytest.mark.parametrize("cap", [1.0, 0.6, 0.03])
@pytest.mark.parametrize(("shape", "curve"), [("linear", ramp_linear), ("logistic", ramp_logistic)])
def test_closed_form_means_match_the_integral(shape, curve, start, ramp_years, cap):
    got = annual_utilisation(shape, np.array([start]), YEARS, ramp_years=np.array([ramp_years]), cap=cap)[0]
    np.testing.assert_allclose(got, numeric_mean(curve, start, ramp_years, cap), atol=1e-6)


def test_october_start_operates_a_quarter_of_the_year():
    fraction = operating_fraction(np.array([2025 + 9 / 12]), YEARS)[0]
    assert fraction[YEARS == 2025][0] == pytest.approx(0.25, abs=1e-12)
    assert fraction[YEARS == 2026][0] == 1.0 and fraction[YEARS == 2024][0] == 0.0


def test_table_with_a_fractional_delay_splits_years_by_overlap():
    table = np.where(YEARS >= 2026, 0.8, 0.2)[None, :].astype(float)  # 0.2 in 2025, 0.8 from 2026
    start = np.array([2025.0 + 0.25])  # starts April 2025, delayed by 3 months
    got = annual_utilisation("table", start, YEARS, table=table, table_shift_years=np.array([0.25]))[0]
    # 2025: Apr-Dec at the 2025 value; 2026: Jan-Mar at 0.2, Apr-Dec at 0.8
    assert got[YEARS == 2025][0] == pytest.approx(0.75 * 0.2, abs=1e-12)
    assert got[YEARS == 2026][0] == pytest.approx(0.25 * 0.2 + 0.75 * 0.8, abs=1e-12)
