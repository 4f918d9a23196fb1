"""Sampling: inverse CDFs against scipy.stats, truncation, Sobol' chunking, LHS strata, copula, seeds.

Tolerances: inverse CDFs rtol 1e-9 against scipy.stats (same formulas, different code paths); statistical
checks on 4,096 quasi-random draws within a few hundredths.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from scipy import stats

from simulator.errors import InputError
from simulator.scenario.distributions import Distribution
from simulator.uncertainty.sampling import Sampler, draw_samples, percentile_value, ppf

DIST = TypeAdapter(Distribution)
U = np.linspace(0.001, 0.999, 101)


def dist(**kw):
    return DIST.validate_python(kw)


CASES = [
    ("uniform", dict(dist="uniform", low=2.0, high=5.0), stats.uniform(2.0, 3.0)),
    ("triangular", dict(dist="triangular", low=1.0, mode=2.0, high=5.0), stats.triang(0.25, 1.0, 4.0)),
    ("triangular-mode-low", dict(dist="triangular", low=1.0, mode=1.0, high=5.0), stats.triang(0.0, 1.0, 4.0)),
    ("pert", dict(dist="pert", low=1.0, mode=2.0, high=5.0), stats.beta(2.0, 4.0, loc=1.0, scale=4.0)),
    ("normal", dict(dist="normal", mean=3.0, sd=0.5), stats.norm(3.0, 0.5)),
    (
        "normal-truncated",
        dict(dist="normal", mean=3.0, sd=0.5, low=2.5, high=4.5),
        stats.truncnorm(-1.0, 3.0, loc=3.0, scale=0.5),
    ),
    ("lognormal", dict(dist="lognormal", median=2.0, sigma=0.3), stats.lognorm(0.3, scale=2.0)),
]


@pytest.mark.parametrize(("spec", "reference"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_inverse_cdf_matches_scipy(spec, reference):
    np.testing.assert_allclose(ppf(dist(**spec), U), reference.ppf(U), rtol=1e-9)


def test_truncated_lognormal_stays_inside_and_matches_conditional_cdf():
    d = dist(dist="lognormal", median=2.0, sigma=0.5, low=1.5, high=3.0)
    x = ppf(d, U)
    assert x.min() >= 1.5 and x.max() <= 3.0
    ref = stats.lognorm(0.5, scale=2.0)
    conditional = (ref.cdf(x) - ref.cdf(1.5)) / (ref.cdf(3.0) - ref.cdf(1.5))
    np.testing.assert_allclose(conditional, U, rtol=1e-9)


def test_tight_one_sided_truncation():
    """Truncated just below the mean and far above: draws stay in [low, high] and match scipy's truncnorm."""
    d = dist(dist="normal", mean=0.0, sd=1.0, low=-0.01, high=40.0)
    x = ppf(d, U)
    assert x.min() >= -0.01 and np.all(np.diff(x) > 0)
    np.testing.assert_allclose(x, stats.truncnorm(-0.01, 40.0).ppf(U), rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    low=st.floats(-1e3, 1e3),
    width=st.floats(1e-3, 1e3),
    mode_at=st.floats(0.0, 1.0),
    kind=st.sampled_from(["uniform", "triangular", "pert"]),
)
@example(low=0.0, width=1.0, mode_at=1.1125369292536007e-308, kind="triangular")  # u·(b−a)·(c−a) underflows
def test_draws_lie_in_support_and_rise_with_u(low, width, mode_at, kind):
    high = low + width
    spec = dict(dist=kind, low=low, high=high)
    if kind != "uniform":
        spec["mode"] = min(max(low + mode_at * width, low), high)
    d = dist(**spec)
    x = ppf(d, np.linspace(0.0, 1.0, 65))
    lo, hi = d.support()
    tol = 1e-9 * max(abs(lo), abs(hi), 1.0)
    assert x.min() >= lo - tol and x.max() <= hi + tol
    assert np.all(np.diff(x) >= -tol)


def test_percentile_value():
    d = dist(dist="normal", mean=10.0, sd=2.0)
    assert percentile_value(d, 0.05) == pytest.approx(10.0 - 1.6448536269514722 * 2.0, rel=1e-12)


DISTS = {
    "b.x": dist(dist="triangular", low=0.0, mode=1.0, high=3.0),
    "a.y": dist(dist="normal", mean=5.0, sd=1.0),
    "c.z": dist(dist="uniform", low=-1.0, high=1.0),
}


def test_sobol_chunks_equal_one_call():
    whole = Sampler(DISTS, 1000, np.random.default_rng(3)).chunk(0, 1000)
    sampler = Sampler(DISTS, 1000, np.random.default_rng(3))
    parts = [sampler.chunk(a, min(a + 128, 1000)) for a in range(0, 1000, 128)]
    for key in DISTS:
        np.testing.assert_array_equal(np.concatenate([p[key] for p in parts]), whole[key])


@pytest.mark.parametrize("correlation", [None, {("a.y", "c.z"): 0.8}], ids=["independent", "correlated"])
def test_sobol_points_of_any_block_equal_the_in_order_points_bit_for_bit(correlation):
    """``unit_at(a, b)``, called in any order (backwards, overlapping, on a fresh sampler from the same seed),
    gives exactly the points ``unit`` gives in order: a block of draws can be sampled where it runs."""
    ordered = Sampler(DISTS, 1000, np.random.default_rng(3), correlation=correlation)
    bounds = [(0, 1), (1, 128), (128, 300), (300, 512), (512, 1000)]
    whole = np.concatenate([ordered.unit(a, b) for a, b in bounds])
    fresh = Sampler(DISTS, 1000, np.random.default_rng(3), correlation=correlation)
    for a, b in [*reversed(bounds), (0, 1000), (257, 259)]:
        assert fresh.unit_at(a, b).tobytes() == whole[a:b].tobytes()
    # random access leaves the in-order position alone
    assert fresh.unit(0, 10).tobytes() == whole[:10].tobytes()


def test_sobol_chunks_must_come_in_order():
    sampler = Sampler(DISTS, 100, np.random.default_rng(3))
    with pytest.raises(ValueError, match="in order"):
        sampler.chunk(10, 20)


@pytest.mark.parametrize("method", ["sobol", "lhs"])
def test_same_seed_same_draws_different_seed_different(method):
    a = draw_samples(DISTS, 256, seed=1, method=method)
    b = draw_samples(DISTS, 256, seed=1, method=method)
    c = draw_samples(DISTS, 256, seed=2, method=method)
    for key in DISTS:
        np.testing.assert_array_equal(a[key], b[key])
        assert not np.array_equal(a[key], c[key])


@pytest.mark.parametrize("method", ["sobol", "lhs"])
def test_marginals_have_the_right_moments(method):
    draws = draw_samples(DISTS, 4096, seed=5, method=method)
    assert draws["a.y"].mean() == pytest.approx(5.0, abs=0.01)
    assert draws["a.y"].std() == pytest.approx(1.0, abs=0.02)
    assert draws["b.x"].mean() == pytest.approx(4.0 / 3.0, abs=0.01)  # (a + c + b) / 3
    assert draws["c.z"].mean() == pytest.approx(0.0, abs=0.01)


def test_latin_hypercube_is_stratified():
    sampler = Sampler(DISTS, 500, np.random.default_rng(0), method="lhs")
    u = sampler.unit(0, 500)
    for j in range(u.shape[1]):
        assert sorted(np.floor(u[:, j] * 500).astype(int)) == list(range(500))


def test_gaussian_copula_correlates_and_keeps_marginals():
    draws = draw_samples(DISTS, 4096, seed=11, correlation={("a.y", "c.z"): 0.8})
    z_a = stats.norm.ppf(stats.norm.cdf(draws["a.y"], 5.0, 1.0))
    z_c = stats.norm.ppf((draws["c.z"] + 1.0) / 2.0)
    assert np.corrcoef(z_a, z_c)[0, 1] == pytest.approx(0.8, abs=0.02)
    assert abs(np.corrcoef(draws["b.x"], draws["a.y"])[0, 1]) < 0.05
    assert draws["c.z"].min() >= -1.0 and draws["c.z"].max() <= 1.0
    assert draws["a.y"].mean() == pytest.approx(5.0, abs=0.02)


@pytest.mark.parametrize(
    "correlation",
    [{("a.y", "nope"): 0.5}, {("a.y", "c.z"): 1.5}, {("a.y", "a.y"): 0.5}],
    ids=["unknown-address", "rho-above-one", "same-leaf"],
)
def test_bad_correlation_is_input_error(correlation):
    with pytest.raises(InputError):
        draw_samples(DISTS, 16, seed=0, correlation=correlation)


def test_correlation_matrix_must_be_positive_definite():
    bad = {("a.y", "b.x"): 0.9, ("a.y", "c.z"): 0.9, ("b.x", "c.z"): -0.9}
    with pytest.raises(InputError, match="positive definite"):
        draw_samples(DISTS, 16, seed=0, correlation=bad)


def test_unknown_method_is_input_error():
    with pytest.raises(InputError, match="sobol"):
        draw_samples(DISTS, 16, seed=0, method="halton")


@pytest.mark.parametrize(("spec", "reference"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_extent_covers_every_draw_the_sampler_can_make(spec, reference):
    """Validation bounds a leaf by ``extent()``; the sampler's most extreme points must stay inside it."""
    from scipy import special

    from simulator.scenario.distributions import TAIL_Z
    from simulator.uncertainty.sampling import U_EPS

    assert special.ndtri(1.0 - U_EPS) <= TAIL_Z
    d = dist(**spec)
    lo, hi = d.extent()
    extremes = ppf(d, np.array([0.0, U_EPS, 0.5, 1.0 - U_EPS, 1.0]))
    assert np.all(extremes >= lo) and np.all(extremes <= hi), (extremes, lo, hi)
