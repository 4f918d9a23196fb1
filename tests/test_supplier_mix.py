"""Supplier mixes, netting between projects and replaced product lines (issue 13, items 3 and 4).

Validation cases edit one line of ``tests/data/scenarios/valid.yaml`` (as tests/test_scenario_errors.py does)
and must be reported with file, line and key path, and exit 2 from ``regsim validate``. Model cases compare two
routes to the same number: a stated mix against the FLQ column it restates, a single-industry mix against the
capex driver of that industry, and KIA's netted and replaced flows against hand arithmetic on plan.yaml.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_golden import EMPLOYED, GRP, KOSTANAI, P
from test_scenario_errors import assert_reported, line_of, problems_of, write_mutant

from simulator import region as region_module
from simulator.api import simulate
from simulator.cli import main
from simulator.model.baseline import baseline
from simulator.model.effects import multipliers, project_effects, regional_table
from simulator.model.inputs import build_inputs
from simulator.model.table import flq_parts
from simulator.scenario import load_scenario
from simulator.scenario.validate import sector_codes

FOUNDRY_LC = "    local_content: 0.3\n"


def _mix(text: str) -> str:
    return FOUNDRY_LC + text


# --------------------------------------------------------------------------------------------- validation

BAD = [
    (
        "unknown-industry",
        _mix("    supplier_mix: {D35T39: 0.5, D99: 0.5}\n"),
        "supplier_mix: {",
        "projects[1].supplier_mix.D99",
        "unknown sector 'D99'",
    ),
    (
        "negative-share",
        _mix("    supplier_mix: {D35T39: 1.2, D49T53: -0.2}\n"),
        "supplier_mix: {",
        "projects[1].supplier_mix.D49T53",
        "greater than or equal to 0",
    ),
    (
        "shares-do-not-sum-to-1",
        _mix("    supplier_mix:\n      D35T39: 0.5\n      D49T53: 0.4\n"),
        "supplier_mix:\n",
        "projects[1].supplier_mix",
        "shares sum to 0.9, not 1",
    ),
    (
        "from-unknown-project",
        _mix("    supplier_mix: {D29: 0.5, D49T53: 0.5}\n    bought_from_projects:\n      car_plnt: 0.2\n"),
        "car_plnt: 0.2",
        "projects[1].bought_from_projects.car_plnt",
        "unknown project 'car_plnt': not a project of this scenario; did you mean car_plant?",
    ),
    (
        "from-project-beyond-its-industry-entry",
        _mix("    supplier_mix: {D29: 0.1, D49T53: 0.9}\n    bought_from_projects:\n      car_plant: 0.2\n"),
        "car_plant: 0.2",
        "projects[1].bought_from_projects.car_plant",
        "exceeds the supplier_mix entry of car_plant's industry D29 (0.1)",
    ),
    (
        "from-project-without-a-mix",
        _mix("    bought_from_projects:\n      car_plant: 0.2\n"),
        "bought_from_projects:",
        "projects[1].bought_from_projects",
        "needs a supplier_mix",
    ),
    (
        "from-itself",
        _mix("    supplier_mix: {D24: 0.5, D49T53: 0.5}\n    bought_from_projects:\n      foundry: 0.2\n"),
        "foundry: 0.2",
        "projects[1].bought_from_projects.foundry",
        "does not buy from itself",
    ),
    (
        "replaced-line-larger-than-the-plant",
        _mix(
            "    replaces: {name: old line, volume: 50, start: 2027, value_added_share: 0.2, local_content: 0.1,"
            " jobs: 10}\n"
        ),
        "replaces: {",
        "projects[1].replaces.volume",
        "larger than the plant can make (45",
    ),
    (
        "replaced-line-after-the-horizon",
        _mix(
            "    replaces: {name: old line, volume: 5, start: 2099, value_added_share: 0.2, local_content: 0.1,"
            " jobs: 10}\n"
        ),
        "replaces: {",
        "projects[1].replaces.start",
        "replaces start year 2099 is outside",
    ),
]


@pytest.mark.parametrize(("case", "new", "at", "path", "message"), BAD, ids=[c[0] for c in BAD])
def test_bad_supplier_keys_name_file_line_and_key(tmp_path, capsys, case, new, at, path, message):
    file = write_mutant(tmp_path, FOUNDRY_LC, new)
    text = file.read_text(encoding="utf-8")
    assert_reported(problems_of(file), file, line_of(text, at), path, message)
    assert main(["validate", str(file)]) == 2
    assert message in capsys.readouterr().err


def test_a_mix_a_purchase_from_a_project_and_a_replaced_line_validate(tmp_path):
    new = _mix(
        "    supplier_mix: {D29: 0.3, D35T39: 0.7}\n"
        "    bought_from_projects: {car_plant: 0.3}\n"
        "    replaces: {name: old line, volume: 10, start: 2027, value_added_share: 0.2, local_content: 0.1,"
        " jobs: 10}\n"
    )
    loaded = load_scenario(write_mutant(tmp_path, FOUNDRY_LC, new))
    foundry = loaded.scenario.projects[1]
    assert foundry.supplier_mix == {"D29": 0.3, "D35T39": 0.7}
    assert foundry.replaces.volume == 10


def test_a_dropped_seller_may_still_be_named():
    """kia.yaml drops agromash, which KIA's block (plan.yaml) names in bought_from_projects: no typo, it loads."""
    kia = load_scenario(KOSTANAI / "kia.yaml").scenario
    assert [p.id for p in kia.projects] == ["kia"]
    assert "agromash" in kia.projects[0].bought_from_projects


# --------------------------------------------------------------------------------------------- the model


def _effects(scenario):
    region = region_module.load_region(scenario.region)
    inputs = build_inputs(scenario, region)
    base = baseline(inputs)
    table = regional_table(inputs, base)
    return inputs, table, project_effects(inputs, base, table)


def _with(scenario, project_id: str, **update):
    projects = [p.model_copy(update=update) if p.id == project_id else p for p in scenario.projects]
    return scenario.model_copy(update={"projects": projects})


@pytest.fixture(scope="module")
def plan():
    return load_scenario(KOSTANAI / "plan.yaml").scenario


def test_a_stated_mix_equal_to_the_flq_column_changes_nothing(plan):
    """The foundry's stated mix replaced by its industry's own regional column divided by its sum,
    a^r_is / Σ_i a^r_is at the central δ, must give the effects of no stated mix at all: the fixed-column route
    and the FLQ-column route of the solve agree (rel 1e-12, solver rounding)."""
    region = region_module.load_region(plan.region)
    codes = list(sector_codes())
    without = _with(plan, "foundry", supplier_mix=None)
    inputs, _, reference = _effects(without)
    E_r = region.employment_by_sector[inputs.base_year]
    E_n = region.national_employment_by_sector[inputs.base_year]
    Q, base = flq_parts(inputs.A_national, E_r, E_n)
    s = codes.index("D24")
    column = inputs.A_national[:, s] * np.minimum(Q[:, s] * base ** inputs.params["flq_delta"][0, 1], 1.0)
    mix = {codes[i]: float(v) for i, v in enumerate(column / column.sum()) if v > 0}
    _, _, restated = _effects(_with(plan, "foundry", supplier_mix=mix))
    f = list(inputs.projects.ids).index("foundry")
    for measure in ("value_added", "jobs"):
        for channel in ("indirect", "induced"):
            np.testing.assert_allclose(
                restated.per_project[measure][channel][f], reference.per_project[measure][channel][f], rtol=1e-12
            )


def test_a_single_industry_mix_has_that_industrys_multiplier(plan):
    """A project buying everything from construction (D41T43) has, per unit of local purchases, the indirect
    value added of a unit of construction spending: first round plus indirect of the capex driver e_D41T43,
    K L e_k, which the table solves as a separate column."""
    inputs, table, _ = _effects(_with(plan, "foundry", supplier_mix={"D41T43": 1.0}))
    k = inputs.projects.capex_sector_index
    m = multipliers(table, k)
    f = list(inputs.projects.ids).index("foundry")
    construction = list(k).index(sector_codes_index("D41T43"))
    capex_type1 = m.capex["construction"][:, :, construction] + m.capex["indirect"][:, :, construction]
    np.testing.assert_allclose(m.purchases["indirect"][:, :, f], capex_type1, rtol=1e-12)
    np.testing.assert_allclose(m.purchases["induced"][:, :, f], m.capex["induced"][:, :, construction], rtol=1e-12)


def sector_codes_index(code: str) -> int:
    return list(sector_codes()).index(code)


def test_purchases_from_a_modelled_project_are_netted(plan):
    """KIA buys 0.08 of its local purchases q from AgromashHolding (D28). Netting removes 0.08 q from its driver
    at D28, so KIA's indirect value added falls by 0.08 q times the Type I value added of a unit of D28 spending
    (the capex driver e_D28: first round + indirect), and its induced by 0.08 q times that driver's induced
    multiplier; q itself (reported local purchases) does not change (rel 1e-12)."""
    inputs, table, netted = _effects(plan)
    _, _, gross = _effects(_with(plan, "kia", bought_from_projects={}))
    kia = list(inputs.projects.ids).index("kia")
    k = inputs.projects.capex_sector_index
    m = multipliers(table, k)
    d28 = list(k).index(sector_codes_index("D28"))
    q = netted.local_purchases[kia]  # (D, T)
    np.testing.assert_array_equal(q, gross.local_purchases[kia])
    job_index = baseline(inputs).job_index
    for row, measure in ((0, "value_added"), (1, "jobs")):
        scale = job_index if measure == "jobs" else 1.0
        unit = {
            "indirect": (m.capex["construction"] + m.capex["indirect"])[row, :, d28],
            "induced": m.capex["induced"][row, :, d28],
        }
        for channel in ("indirect", "induced"):
            drop = gross.per_project[measure][channel][kia] - netted.per_project[measure][channel][kia]
            np.testing.assert_allclose(drop, 0.08 * q * unit[channel][:, None] * scale, rtol=1e-9, atol=1e-9)


def test_a_dropped_seller_leaves_the_purchase_as_demand(plan):
    """In kia.yaml AgromashHolding is not modelled, so KIA's tooling purchases stay demand on D28: KIA's
    indirect value added there equals plan's KIA without netting (rel 1e-12)."""
    single = load_scenario(KOSTANAI / "kia.yaml").scenario
    _, _, alone = _effects(single)
    inputs, _, gross = _effects(_with(plan, "kia", bought_from_projects={}))
    kia = list(inputs.projects.ids).index("kia")
    for channel in ("indirect", "induced"):
        np.testing.assert_allclose(
            alone.per_project["value_added"][channel][0], gross.per_project["value_added"][channel][kia], rtol=1e-12
        )


def test_the_replaced_line_comes_off_kias_direct_flows_by_hand(plan):
    """plan.yaml: the Allur Sportage line, 10,000 cars a year at KIA's 13.5 million KZT (2025 prices), value-added
    share 0.06, local content 0.03, 130 jobs, from 2026. In base-year prices its output is 135,000 / P_2025, so
    KIA's direct value added falls by 0.06 × 135,000 / P_2025 = 6,976.2 million KZT, its local purchases by
    0.94 × 0.03 × 135,000 / P_2025, its direct jobs by 130, all from 2026 and none in 2025."""
    inputs, _, net = _effects(plan)
    _, _, gross = _effects(_with(plan, "kia", replaces=None))
    kia = list(inputs.projects.ids).index("kia")
    years = list(inputs.years)
    line = 10_000 * 13.5 / P[2025]
    for year, on in ((2025, 0.0), (2026, 1.0), (2030, 1.0)):
        t = years.index(year)
        drop = {
            m: gross.per_project[m]["direct"][kia, 0, t] - net.per_project[m]["direct"][kia, 0, t]
            for m in ("value_added", "jobs")
        }
        assert drop["value_added"] == pytest.approx(on * 0.06 * line, rel=1e-9, abs=1e-9)
        assert drop["jobs"] == pytest.approx(on * 130.0, rel=1e-9, abs=1e-9)
        purchases = gross.local_purchases[kia, 0, t] - net.local_purchases[kia, 0, t]
        assert purchases == pytest.approx(on * 0.94 * 0.03 * line, rel=1e-9, abs=1e-9)
        assert gross.output[kia, 0, t] - net.output[kia, 0, t] == pytest.approx(on * line, rel=1e-9, abs=1e-9)


def test_a_line_replaced_in_published_years_keeps_the_published_figures(tmp_path):
    """Published years are reproduced whatever the projects did (the baseline takes their net effects out): with
    the Sportage line replaced from 2024 instead of 2026, plan GRP 2024 and 2025 and employment 2025 are still
    the BNS figures (tests/test_golden.py), and the no-project baseline there is higher by the line's effects
    than with the line replaced from 2026 (the line is then taken out of the published level less)."""
    child = tmp_path / "early.yaml"
    child.write_text(
        f"name: early\nextends: {KOSTANAI / 'plan.yaml'}\nprojects:\n  - id: kia\n    replaces: {{start: 2024}}\n",
        encoding="utf-8",
    )
    early, late = simulate(child), simulate(KOSTANAI / "plan.yaml")
    for year in (2024, 2025):
        assert early.central("grp")[early.year_index(year)] * 1e3 == pytest.approx(GRP[year], rel=1e-9)  # bn KZT
    i = early.year_index(2025)
    assert early.central("employment")[i] * 1e3 == pytest.approx(EMPLOYED[2025], rel=1e-9)  # thousand persons
    assert early.central("grp", baseline=True)[i] > late.central("grp", baseline=True)[i]
