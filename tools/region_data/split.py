"""Kostanai GVA by OKED section (BNS 5927) split into the 36 industries of the national table.

Within a section group the region takes the national structure of that year, except:
* B (mining): all to D07T08 (iron ore, bauxite, asbestos, gold; no oil or gas);
* C (manufacturing): motor vehicles, food, machinery, basic metals and refining are anchored on what is known of
  Kostanai (its share of the national industry), the other industries share the rest by the national structure;
* S in the regional table includes T before 2025: T is taken out by the national T/(S+T) ratio of the year.
Every group sums exactly to its sections, so the industries sum to GRP minus net taxes.
"""

from __future__ import annotations

from math import fsum

from . import read
from .assumptions import value
from .national import YEARS, group_total, groups, interpolate, split_group

ANCHORED = ("D10T12", "D19", "D24", "D28", "D29")
REGIONAL_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRS")


def regional_sections(shared) -> dict[int, dict[str, float]]:
    """Kostanai GVA by section 2014-2025 as published (S includes T before 2025), plus GRP and net taxes."""
    raw = read.long_by_section(shared, "gva_by_section.csv", "GVA_NOMINAL_REGTABLE", "KST")
    grp = read.long_series(shared, "grp_by_region.csv", "GRP_NOMINAL", "KST")
    out = {}
    for y in YEARS:
        row = {s: raw[y][s] for s in REGIONAL_SECTIONS}
        row["T"] = raw[y].get("T", 0.0)
        row["NET_TAXES"] = raw[y]["NET_TAXES"]
        extra = set(raw[y]) - set(row)
        if extra:
            raise ValueError(f"Kostanai {y}: unexpected items {sorted(extra)}")
        gva = fsum(row[s] for s in (*REGIONAL_SECTIONS, "T"))
        if abs(gva + row["NET_TAXES"] - grp[y]) > 1e-6 * grp[y]:
            raise ValueError(f"Kostanai {y}: sections + net taxes != GRP")
        out[y] = row
    return out


def separate_households(regional: dict, national_gva: dict) -> tuple[dict, dict[int, str]]:
    """Sections with T apart: before 2025 the regional S is split by the national T/(S+T) ratio (derived)."""
    out, status = {}, {}
    for y, row in regional.items():
        row = dict(row)
        if y < 2025 or row["T"] == 0.0:
            ratio = national_gva[y]["T"] / (national_gva[y]["S"] + national_gva[y]["T"])
            combined = row["S"] + row["T"]
            row["T"] = combined * ratio
            row["S"] = combined - row["T"]
            status[y] = "derived"
        else:
            status[y] = "sourced"
        out[y] = row
    return out, status


def car_share() -> tuple[dict[int, float], dict]:
    """Kostanai's share of national car output: 2022 (Jan-Oct, 54k of 88k) carried back to 2014, 2025 sourced,
    linear in 2023-2024."""
    share_2022 = value("kostanai_car_units_2022_jan_oct") / value("national_car_units_2022_jan_oct")
    anchors = {2014: share_2022, 2022: share_2022, 2025: value("kostanai_car_share_2025")}
    return interpolate(anchors), anchors


def food_share(regional: dict, national_gva: dict) -> float:
    """Kostanai's share of national food industry = its mean share of national agriculture GVA, 2014-2025.

    Flour mills, dairies, meat and oilseed plants sit next to their raw material; a multi-year mean keeps
    harvest swings out of food processing."""
    return fsum(regional[y]["A"] / national_gva[y]["A"] for y in YEARS) / len(YEARS)


def manufacturing(total: float, national: dict[str, float], members: list[str], shares: dict[str, float]):
    """Split the region's section C: anchored industries = share x national industry GVA (capped), rest by the
    national structure. Returns ``({industry: value}, scale applied to the anchors)``."""
    anchored = {c: shares[c] * national[c] for c in ANCHORED}
    cap = value("anchored_manufacturing_cap") * total
    scale = min(1.0, cap / fsum(anchored.values()))
    anchored = {c: v * scale for c, v in anchored.items()}
    rest = [c for c in members if c not in anchored]
    remainder = total - fsum(anchored.values())
    out = dict(zip(rest, split_group(remainder, [national[c] for c in rest]), strict=True))
    return out | anchored, scale


def regional_by_industry(sectors, sections: dict, national_va: dict, cars: dict, food: float):
    """``({year: [n]}, {year: {industry: status}}, {year: anchor scale})`` for Kostanai."""
    codes = [row["code"] for row in sectors]
    grouped = groups(sectors)
    fixed = {
        "D19": value("kostanai_share_of_national_refining_d19"),
        "D24": value("kostanai_share_of_national_basic_metals_d24"),
        "D28": value("kostanai_share_of_national_machinery_d28"),
        "D10T12": food,
    }
    out, status, scales = {}, {}, {}
    for y in YEARS:
        nat = dict(zip(codes, national_va[y], strict=True))
        row, st = {}, {}
        for group, members in grouped.items():
            total = group_total(sections[y], group)
            if group == "C":
                split, scales[y] = manufacturing(total, nat, members, fixed | {"D29": cars[y]})
                row |= split
                st |= dict.fromkeys(members, "estimate")
            elif group == "B":
                row |= {c: (total if c == "D07T08" else 0.0) for c in members}
                st |= dict.fromkeys(members, "estimate")
            else:
                row |= dict(zip(members, split_group(total, [nat[c] for c in members]), strict=True))
                single = len(members) == 1 and "+" not in group
                st |= dict.fromkeys(members, "sourced" if single else "derived")
        if y < 2025:
            st["D97T98"] = "derived"  # T taken out of the published S by the national ratio
        out[y] = [row[c] for c in codes]
        status[y] = st
    return out, status, scales
