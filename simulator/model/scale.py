"""The projects' size against the region: the people they employ directly in a published year, as a share of
the employment published for that year.

In a published year the no-project baseline is the published figures less what the modelled projects did then
(docs/model.md, "Baseline and calibration"), so projects that employ a large part of a region leave a baseline
no one could believe, though every input is inside its bound: 3e5 construction job-years on KIA (bound: the
labour force x 60) put 165,000 builders into 2024 and the no-project unemployment rate at 22 %, with exit 0.

The bound, :data:`MAX_PROJECT_JOB_SHARE`, 20 % of the employed, is set above the largest construction workforce
Kazakhstan has seen. The Tengiz Future Growth Project (Atyrau region, about US$37 bn) had "up to 50 thousand
people" on its construction sites at once at its peak (TCO's R. Artygaliyev, https://m.angi.ru/news/2864651-...;
Kazinform 2019, https://en.inform.kz/news/over-45-000-kazakhstanis-engaged-in-tengiz-expansion-project_a3498587/:
over 45,000 Kazakhstanis, 91 % of the project's personnel, so about 49,500 in all), against 316,264 employed in
Atyrau region in 2019 (BNS 102798, ``data/regions/atyrau/series.csv``): 15.8 %, and many of them rotational
workers from other regions, so less of the region's own employment. The bound is a quarter above that: it
refuses what no project has done, not a large project. The shipped Kostanai plan's projects employ at most 0.6 %
of the employed in a published year.
Years after the last published one are not checked here: there the projects add to a baseline the model
projects, and the labour market block limits who can fill their jobs.
"""

from __future__ import annotations

import numpy as np

from ..errors import ModelCheckError

#: the most the projects may employ directly (construction and permanent jobs) in a published year, as a share
#: of that year's published employment (the module docstring gives the source)
MAX_PROJECT_JOB_SHARE = 0.20

_CULPRITS = 3  # inputs named at most


def project_job_share(construction_jobs: np.ndarray, stated_jobs: np.ndarray, employment: np.ndarray) -> np.ndarray:
    """Direct jobs of all projects as a share of published employment, by draw and published year.

    share[d, y] = Σ_p (construction_jobs[p, d, y] + stated_jobs[p, d, y]) / employment[y], y < Y.

    construction_jobs: (P, D, T) job-years falling in each year (people at work building that year);
    stated_jobs: (P, D, T) direct permanent jobs (D of either may be 1); employment: (Y,) persons published
    for the first Y ≤ T model years. Returns (D, Y), a share (0.2 = 20 %). No projects (P = 0) give zeros.

    >>> project_job_share(np.array([[[100.0, 300.0, 0.0]]]), np.array([[[0.0, 0.0, 50.0]]]), np.array([1e3, 1e3]))
    array([[0.1, 0.3]])
    """
    years = employment.shape[0]
    jobs = (construction_jobs[..., :years] + stated_jobs[..., :years]).sum(axis=0)
    return jobs / employment


def check_project_scale(inputs) -> None:
    """Raise :class:`~simulator.errors.ModelCheckError` if the projects' direct jobs exceed
    :data:`MAX_PROJECT_JOB_SHARE` of the published employment in a published year (of ``inputs``, a
    ``ModelInputs``: an ensemble checks its central inputs), naming the year and, as the inputs to check, the
    jobs (``projects.<id>.jobs.construction_job_years``, ``.permanent``) of the fewest projects, largest first,
    whose jobs that year exceed the excess over the bound: without them the scenario would pass."""
    observed, projects = inputs.observed, inputs.projects
    employment = np.asarray(observed.employment[: observed.labour_years], dtype=float)
    share = project_job_share(projects.construction_jobs, projects.stated_jobs, employment)
    if not (share > MAX_PROJECT_JOB_SHARE).any():
        return
    draw, y = np.unravel_index(int(np.argmax(share)), share.shape)
    shape = np.broadcast_shapes(projects.construction_jobs.shape, projects.stated_jobs.shape)
    building = np.broadcast_to(projects.construction_jobs, shape)[:, draw, y]
    permanent = np.broadcast_to(projects.stated_jobs, shape)[:, draw, y]
    people = float(share[draw, y] * employment[y])
    excess = people - MAX_PROJECT_JOB_SHARE * employment[y]
    culprits, named = [], 0.0
    for p in np.argsort(-(building + permanent), kind="stable"):
        if named >= excess:  # the projects named so far employ more than the excess: they are the ones to check
            break
        named += building[p] + permanent[p]
        for field, jobs in (("construction_job_years", building[p]), ("permanent", permanent[p])):
            address = f"projects.{projects.ids[p]}.jobs.{field}"
            if jobs > 0 and address in inputs.leaves:
                culprits.append((address, inputs.leaves[address]))
    raise ModelCheckError(
        f"the projects employ {people:,.0f} people directly in {int(inputs.years[y])} (construction and permanent "
        f"jobs), {share[draw, y] * 100:.0f} % of the {employment[y]:,.0f} employed published for that year; at "
        f"most {MAX_PROJECT_JOB_SHARE * 100:.0f} % is credible (the Tengiz expansion, Kazakhstan's largest "
        "construction project, peaked near 16 % of its region's employed), and the no-project baseline, the "
        "published figures less what the projects did, would be nonsense",
        culprits[:_CULPRITS],
        "the jobs come from",
        "check their values and units (job-years are people times years: 1,000 builders for two years is 2,000)",
    )
