"""simulator.leontief against worked examples with published answers.

Every expected number below is copied from the cited publication (or from a transcription of it that is
named), never from this code's output. Tolerances follow the published rounding: a value printed with
3 decimals is checked to 1e-3, one printed with 4 decimals to 1e-4 (Leontief inverse) or 1e-3 (multipliers).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator.leontief import (
    closed_leontief_inverse,
    direct_effect_multipliers,
    final_demand_multipliers,
    leontief_inverse,
    technical_coefficients,
)

# --- Miller & Blair (2009), Input-Output Analysis, 2nd ed., §2.3.1, Table 2.3 (two sectors) -----------------
MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])
MB_LABOUR = np.array([300.0, 500.0])  # household (labour) payments row of Table 2.3


def test_miller_blair_table_2_3_coefficients_and_inverse():
    """Miller & Blair (2009) §2.3.1, Table 2.3: Z = [[150, 500], [200, 100]], x = (1000, 2000).

    Published: A = [[.15, .25], [.20, .05]] and L = (I − A)^-1 = [[1.2541, 0.3300], [0.2640, 1.1221]]
    (also design.md §6; pymrio's tests/test_math.py transcribes the same table).
    """
    A = technical_coefficients(MB_Z, MB_X)
    np.testing.assert_allclose(A, [[0.15, 0.25], [0.20, 0.05]], atol=1e-12)
    np.testing.assert_allclose(leontief_inverse(A), [[1.2541, 0.3300], [0.2640, 1.1221]], atol=1e-4)


def test_miller_blair_table_2_3_new_final_demand_and_labour():
    """Miller & Blair (2009) §2.3.1: new final demand f = (600, 1500) gives x = (1247.5, 1841.6), and labour
    inputs (coefficients 0.3 and 0.25 from Table 2.3's household row) of 374.25 and 460.4 (transcribed in
    pymrio tests/test_math.py, fixture td_IO_Data_Miller: xnew_arr, labcoeff_arr, labtot_arr)."""
    L = leontief_inverse(technical_coefficients(MB_Z, MB_X))
    x_new = L @ np.array([600.0, 1500.0])
    np.testing.assert_allclose(x_new, [1247.5, 1841.6], atol=0.1)
    labour_coefficients = technical_coefficients(MB_LABOUR[np.newaxis, :], MB_X)[0]
    np.testing.assert_allclose(labour_coefficients, [0.3, 0.25], atol=1e-12)
    np.testing.assert_allclose(labour_coefficients * x_new, [374.25, 460.4], atol=0.1)


# --- Miller & Blair (1985), 1st ed., the same two sectors closed with households ----------------------------
# Reproduced in MIT OpenCourseWare 11.481J/1.284J/ESD.192J "Analyzing and Accounting for Regional Economic
# Growth", Spring 2009, lecture "Multipliers in Input-Output Model" (W. Li), slides "Output Multiplier:
# Example" (source line on the slide: "Miller and Blair (1985)"). Households are row/column 3 of
#     Ā = [[.15, .25, .05], [.20, .05, .40], [.30, .25, .05]]
# i.e. labour income coefficients w = (.30, .25), consumption coefficients c = (.05, .40) and a household-to-
# household coefficient .05. Published (3 decimals):
MB85_CLOSED_INVERSE = np.array([[1.365, 0.425, 0.251], [0.527, 1.348, 0.595], [0.570, 0.489, 1.289]])
MB_A = np.array([[0.15, 0.25], [0.20, 0.05]])
MB_W = np.array([0.30, 0.25])
MB_C = np.array([0.05, 0.40])


def _mb85_closed():
    return closed_leontief_inverse(MB_A, MB_W, MB_C, household_own_coefficient=0.05)


def test_miller_blair_1985_closed_inverse():
    """Closed (Type II) inverse of the Miller & Blair (1985) example, published to 3 decimals."""
    np.testing.assert_allclose(_mb85_closed(), MB85_CLOSED_INVERSE, atol=1e-3)


def test_miller_blair_1985_simple_and_total_output_multipliers():
    """Published on the same slides: simple output multipliers O1 = 1.518, O2 = 1.452 (column sums of L);
    total output multipliers, summed over all n + 1 rows of the closed inverse: O1 = 2.462, O2 = 2.262."""
    L = leontief_inverse(MB_A)
    np.testing.assert_allclose(final_demand_multipliers(L, np.ones(2)), [1.518, 1.452], atol=1e-3)
    total = final_demand_multipliers(_mb85_closed(), np.ones(3))[:2]
    np.testing.assert_allclose(total, [2.462, 2.262], atol=1e-3)


def test_miller_blair_1985_income_multipliers():
    """Type I and Type II income multipliers of the same example, by their textbook definitions (Miller &
    Blair 2009 §6.3): Type I = Σ_i w_i L_ij / w_j; Type II = L̄_{n+1,j} / w_j.

    Expected values are hand arithmetic on the *published* 3-decimal inverses above, not this code's output:
    Type I  sector 1: (.3·1.254 + .25·.264)/.3 = 1.474;  sector 2: (.3·.330 + .25·1.122)/.25 = 1.518
    Type II sector 1: .570/.3 = 1.900;                  sector 2: .489/.25 = 1.956
    (rounding of the published inverse propagates to about 2e-3).
    Their ratio is the same for every sector and equals L̄_{n+1,n+1} = 1.289, the household sector's own
    (consumption) multiplier ("The Relationship Between Type I and Type II Income Multipliers in an
    Input-Output Model", abstract: "the constant ... is proven to be exactly the consumption multiplier for
    the household sector"); the published L̄_33 is 1.289.
    """
    L = leontief_inverse(MB_A)
    closed = _mb85_closed()
    type_1 = direct_effect_multipliers(L, MB_W)
    type_2 = closed[2, :2] / MB_W
    np.testing.assert_allclose(type_1, [1.474, 1.518], atol=2e-3)
    np.testing.assert_allclose(type_2, [1.900, 1.956], atol=2e-3)
    np.testing.assert_allclose(type_2 / type_1, closed[2, 2], rtol=1e-12)
    np.testing.assert_allclose(closed[2, 2], 1.289, atol=1e-3)


# --- Eurostat (2008), Eurostat Manual of Supply, Use and Input-Output Tables (J. Beutel), ch. 15 -----------
# Six product groups, Germany; domestic input-output table p. 481 (Table 15.4 in iotables' transcription,
# rOpenGov/iotables data-raw/Beutel_15_4.csv), million euro / thousand persons. Order: agriculture,
# manufacturing, construction, trade/transport, business services, other services.
EUROSTAT_Z = np.array(
    [
        [1131, 25480, 1, 607, 710, 762],
        [7930, 304584, 64167, 41082, 11981, 30360],
        [426, 7334, 3875, 5296, 23457, 9155],
        [3559, 72717, 14190, 74399, 10835, 21008],
        [3637, 96115, 31027, 65755, 193176, 34223],
        [1552, 14986, 1747, 11225, 15058, 22070],
    ],
    dtype=float,
)
EUROSTAT_OUTPUT = np.array([43910, 1079446, 245606, 540063, 692487, 508918], dtype=float)  # row P1
EUROSTAT_GVA = np.array([21664, 395022, 115624, 311407, 415426, 365017], dtype=float)  # row B1G
EUROSTAT_EMPLOYMENT = np.array([1096, 8381, 3236, 9251, 4258, 10206], dtype=float)  # row EMP, thousands


def _eurostat_inverse():
    return leontief_inverse(technical_coefficients(EUROSTAT_Z, EUROSTAT_OUTPUT))


def test_eurostat_manual_output_multipliers():
    """Eurostat Manual (2008) Table 15.15, p. 500: output multipliers
    1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782 (as tested in iotables tests/testthat/
    test-output_multipliers.R)."""
    published = [1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782]
    got = final_demand_multipliers(_eurostat_inverse(), np.ones(6))
    np.testing.assert_allclose(got, published, atol=1e-3)


def test_eurostat_manual_value_added_and_employment_multipliers():
    """Eurostat Manual (2008) Table 15.16, p. 501 (Type I, per unit of final demand):
    gross value added 0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199 (euro per euro);
    employment 0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242 (thousand persons per million euro)
    (as tested in iotables tests/testthat/test-multiplier_create.R)."""
    L = _eurostat_inverse()
    coefficients = np.vstack([EUROSTAT_GVA, EUROSTAT_EMPLOYMENT]) / EUROSTAT_OUTPUT
    gva, jobs = final_demand_multipliers(L, coefficients)
    np.testing.assert_allclose(gva, [0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199], atol=1e-3)
    np.testing.assert_allclose(jobs, [0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242], atol=1e-4)


# --- D'Hernoncourt, Cordier & Hadley (2011), "Input-output multipliers: specification sheet and supporting
# material", Spicosa project report: Netherlands 2006, six groups (transcribed in rOpenGov/iotables
# data-raw/netherlands_2006.csv; published multipliers in tests/testthat/test-input_multipliers_create.R).
# Order: agriculture, mining, manufacturing, utilities, construction, services; million euro.
SPICOSA_Z = np.array(
    [
        [2731, 3, 8260, 36, 59, 615],
        [4, 282, 2013, 3979, 188, 60],
        [3322, 291, 40218, 480, 8004, 16999],
        [983, 53, 2400, 4395, 85, 3458],
        [121, 70, 565, 135, 14103, 9509],
        [2884, 1078, 28400, 1404, 9339, 106994],
    ],
    dtype=float,
)
SPICOSA_OUTPUT = np.array([21863, 12292, 210900, 18249, 60244, 435953], dtype=float)
SPICOSA_COMPENSATION = np.array([2336, 520, 35083, 1629, 14339, 151784], dtype=float)


def test_spicosa_type_1_income_multipliers():
    """Spicosa specification sheet, Netherlands 2006: Type I income (compensation of employees) multipliers,
    total over direct income: 2.466, 2.333, 1.84, 2.372, 1.953, 1.417."""
    L = leontief_inverse(technical_coefficients(SPICOSA_Z, SPICOSA_OUTPUT))
    income = SPICOSA_COMPENSATION / SPICOSA_OUTPUT
    got = direct_effect_multipliers(L, income)
    np.testing.assert_allclose(got, [2.466, 2.333, 1.84, 2.372, 1.953, 1.417], atol=1e-3)


@pytest.mark.parametrize("example", ["miller_blair", "eurostat", "spicosa"])
def test_worked_examples_satisfy_leontief_identity(example):
    """L(I − A) = I on every worked example (to machine precision)."""
    Z, x = {
        "miller_blair": (MB_Z, MB_X),
        "eurostat": (EUROSTAT_Z, EUROSTAT_OUTPUT),
        "spicosa": (SPICOSA_Z, SPICOSA_OUTPUT),
    }[example]
    A = technical_coefficients(Z, x)
    L = leontief_inverse(A)
    np.testing.assert_allclose(L @ (np.eye(len(x)) - A), np.eye(len(x)), atol=1e-12)
