"""The assumptions register: every input of a run with its value, unit, source and status.

Three kinds of input feed a run, and each already carries its provenance somewhere:

- model parameters: ``simulator/data/parameters.yaml`` (value, unit, source, status), or the scenario's
  override, whose source is the YAML comment written beside it. An override written year by year gets one
  row per year (``cpi_inflation.2027``), each with its own comment, as project inputs by year do;
- project inputs and targets: the scenario YAML. A value's source is the comment on its line (or on the
  comment-only line just above). A value without one inherits only a comment written on the line of an
  enclosing key itself (``schedule:  # estimate: ...`` covers every year under it), nearest key first, and the
  row says which key it came from. It never takes a comment from inside the enclosing block: for a block the
  YAML value starts on its first child's line, and that comment is the sibling's reasoning, not the block's.
  With no such key comment the row is ``no source given``: a gap shown as a gap is less misleading than a
  neighbour's reason. A comment that starts with ``estimate`` marks an estimate, ``derived`` a derived figure,
  ``stress assumption`` a deliberate what-if; any other comment is taken as the source. A distribution or
  quantity spans several lines: its status is that of its central value (``mode``, ``mean``, ``median``, or
  ``value``), and ``partly estimate`` when only its other parts (bounds, price year) are estimates. A field
  named ``start``, ``end`` or ``date`` is a year when it is a whole number (printed ``2025``, unit ``year``)
  and a month when it is written ``YYYY-MM``;
- region data: :attr:`simulator.region.Region.provenance` and the derivation's own register.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from pydantic import BaseModel

from .errors import InputError
from .region import available_regions, load_region
from .scenario import load_scenario
from .scenario.distributions import is_distribution
from .scenario.fields import Capacity, Money, MonthlyWage
from .scenario.parameters import parameter_specs

HIGHLIGHTED = ("estimate", "partly estimate", "stress assumption", "no source given")  # the report marks these
_SKIP = {"id", "name", "description", "source", "kind", "shape", "extends", "reason"}
_UNITS = {
    "share": "share",
    "local_share": "share",
    "value_added_share": "share of output",
    "max_utilisation": "share",
    "local_content": "share of inputs bought in the region",
    "utilisation": "share of capacity",
    "affected_share": "share of sector output",
    "schedule": "share of the amount",
    "permanent": "jobs",
    "construction_job_years": "job-years",
    "relative_to_average": "x regional average wage",
    "units": "units",
    "commissioning": "units",
    "commissioning_month": "month",
    "delay_months": "months",
    "lead_years": "years",
    "years": "years",
    "factor": "x baseline output",
    "sector": "industry code",
}
_TIME_FIELDS = ("start", "end", "date")  # a year (``build_period.start: 2025``) or a month (``start: "2025-10"``)
_CENTRAL = ("mode", "mean", "median")


@dataclass(frozen=True)
class Assumption:
    group: str  # "Parameters", "Project: <name>", "Targets", "Region data", "Region data: derivation"
    input: str
    value: str
    unit: str
    source: str
    status: str  # sourced | derived | estimate | partly estimate | stress assumption | no source given
    where: str = ""  # file:line of the value

    highlighted = property(lambda self: self.status in HIGHLIGHTED)


def number_text(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.6g}"


def value_text(value) -> str:
    """A leaf as text: ``triangular(120 / 131.5 / 150)``, ``70,000``, ``{2025: 0.04, 2026: 0.05}``."""
    if is_distribution(value):
        parts = [number_text(v) for k, v in value.model_dump().items() if k != "dist" and v is not None]
        return f"{value.dist}({' / '.join(parts)})"
    if isinstance(value, Money | Capacity | MonthlyWage):
        return value_text(value.value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    if type(value).__name__ == "Exemption":
        years = f"{value.start}–{value.end}" if value.end is not None else f"from {value.start}"
        return f"{value.tax} {value_text(value.share * 100)} % exempt, {years}"
    if isinstance(value, BaseModel):
        return ", ".join(f"{k} {value_text(v)}" for k, v in value.model_dump(exclude_none=True).items())
    return number_text(value)


# ------------------------------------------------------------------------------------------- comments in YAML


#: where YAML (PyYAML's reader) starts a new line: counting lines any other way (``str.splitlines`` also splits
#: at form feeds and U+001C..U+001E) would give the comment of another line than the one a location names
YAML_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def yaml_lines(text: str) -> tuple[str, ...]:
    """The lines of a YAML text, numbered as the YAML parser numbers them (line n is ``yaml_lines(text)[n-1]``)."""
    return tuple(YAML_LINE_BREAK.split(text))


@dataclass(frozen=True)
class Written:
    """Where a scenario's values were written (its source map) and the lines of its files as the run read
    them (``LoadedScenario.texts``): comments come from this text, never from the file read again."""

    source_map: object
    texts: dict[str, tuple[str, ...]]
    #: each line's comment, found once: a value's row looks up its own line and its keys' lines, and a scenario
    #: written on a few very long lines (flow style) would otherwise be scanned again for every value
    _found: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, loaded) -> Written:
        return cls(loaded.source_map, {file: yaml_lines(text) for file, text in loaded.texts.items()})

    def value_location(self, path):
        return self.source_map.value_location(path)

    def key_location(self, path):
        return self.source_map.key_location(path)

    def lines(self, file: str) -> tuple[str, ...]:
        return self.texts.get(file, ())

    def comment(self, location) -> str:
        """The comment of the value at ``location`` (:func:`comment_at`); "" for None."""
        if location is None:
            return ""
        key = ("value", location.file, location.line)
        if key not in self._found:
            self._found[key] = comment_at(self.lines(location.file), location.line)
        return self._found[key]

    def inline(self, file: str, line: int) -> str:
        """The ``# comment`` on line ``line`` (1-based) of ``file`` itself (:func:`inline_comment`)."""
        key = ("inline", file, line)
        if key not in self._found:
            lines = self.lines(file)
            self._found[key] = inline_comment(lines[line - 1]) if 1 <= line <= len(lines) else ""
        return self._found[key]


def inline_comment(text: str) -> str:
    """The ``# comment`` of a YAML line, ignoring ``#`` inside quotes and inside words (``a#b``)."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[i + 1 :].strip()
    return ""


def comment_at(lines: tuple[str, ...], line: int) -> str:
    """The comment on ``line`` (1-based) of ``lines`` or, failing that, on a comment-only line just above it
    (not a rule line)."""
    if not 1 <= line <= len(lines):
        return ""
    own = inline_comment(lines[line - 1])
    if own or line < 2:
        return own
    above = lines[line - 2].strip()
    if above.startswith("#") and any(c.isalpha() for c in above) and not above.lstrip("# ").startswith("---"):
        return above.lstrip("#").strip()
    return ""


def status_of(comment: str) -> str:
    text = comment.lower()
    for prefix in ("estimate", "derived", "stress assumption"):
        if text.startswith(prefix):
            return prefix
    return "sourced" if comment else "no source given"


# ------------------------------------------------------------------------------------------- scenario inputs


def _leaves(node, path: tuple, field: str):
    """(path, value, field name) of every input leaf under ``node``, in file order."""
    leaf = (
        is_distribution(node)
        or isinstance(node, Money | Capacity | MonthlyWage)
        or type(node).__name__ == "Exemption"
        or not isinstance(node, BaseModel | dict | list)
    )
    if node is None:
        return
    if leaf:
        yield path, node, field
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name in node.model_fields_set and name not in _SKIP:
                yield from _leaves(getattr(node, name), (*path, name), name)
    else:
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            yield from _leaves(value, (*path, key), field)


def _sub_paths(value, path: tuple) -> list[tuple]:
    """``path`` and the paths of the parts written under it, central part first."""
    if isinstance(value, Money | Capacity | MonthlyWage):
        return [*_sub_paths(value.value, (*path, "value")), (*path, "unit"), (*path, "year"), path]
    if is_distribution(value):
        keys = sorted(value.model_dump(), key=lambda k: k not in _CENTRAL)
        return [*((*path, k) for k in keys), path]
    return [path]


def _located_comments(source_map, paths) -> list[tuple[tuple, str, str]]:
    """(path, comment, file:line) for each path written with a comment, one per line."""
    out, seen = [], set()
    for p in paths:
        for loc in (source_map.value_location(p), source_map.key_location(p)):
            if loc is not None and (loc.file, loc.line) not in seen:
                seen.add((loc.file, loc.line))
                if comment := source_map.comment(loc):
                    out.append((p, comment, f"{loc.file}:{loc.line}"))
    return out


def _key_line_comment(source_map, path: tuple) -> str:
    """The comment written on the line of the key ``path`` itself: not one above it (a heading for what
    follows) and not one inside its block (a child's), which the value's own location would give."""
    loc = source_map.key_location(path)
    return source_map.inline(loc.file, loc.line) if loc else ""


def _provenance(source_map, path: tuple, value) -> tuple[str, str, str]:
    """(source, status, where) of one scenario leaf."""
    paths = _sub_paths(value, path)
    loc = source_map.value_location(path)
    where = f"{loc.file}:{loc.line}" if loc else ""
    found = _located_comments(source_map, paths)
    if isinstance(value, BaseModel) and hasattr(value, "reason") and value.reason:
        found.append((path, value.reason, where))
    if not found:  # inherit a comment on an enclosing key's own line (e.g. ``schedule:  # estimate: ...``)
        for n in range(len(path) - 1, 1, -1):
            if comment := _key_line_comment(source_map, path[:n]):
                key = ".".join(map(str, path[2:n])) or str(path[n - 1])  # a parameter's own name
                return f"(for {key}) {comment}", status_of(comment), where
        return "", "no source given", where
    central = next((c for p, c, _ in found if p == paths[0]), "") or found[0][1]
    status = status_of(central)
    if status not in ("estimate", "stress assumption") and any(status_of(c) == "estimate" for _, c, _ in found):
        status = "partly estimate"
    text = "; ".join(f"{p[-1]}: {c}" if p != path and len(found) > 1 else c for p, c, _ in found)
    return text, status, where


def _unit(value, field: str) -> str:
    if isinstance(value, Money):
        return value.unit + (f" ({value.year} prices)" if value.year else "")
    if isinstance(value, Capacity | MonthlyWage):
        return value.unit
    if field in _TIME_FIELDS:
        return "year" if _is_year(value) else "month"
    return _UNITS.get(field, "")


def _is_year(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _leaf_text(value, field: str) -> str:
    """A leaf's value as text; a year as written (``2025``, not ``2,025``)."""
    return str(value) if field in _TIME_FIELDS and _is_year(value) else value_text(value)


def scenario_register(loaded) -> list[Assumption]:
    """Parameters, baseline changes, project inputs and targets of a loaded scenario (a LoadedScenario)."""
    scenario, source_map = loaded.scenario, Written.of(loaded)
    rows = parameter_register(scenario, source_map)
    items = [("baseline_changes", c, f"Baseline change: {c.name}") for c in scenario.baseline_changes]
    items += [("projects", p, f"Project: {p.name}") for p in scenario.projects]
    counters: dict[str, int] = {}
    for key, item, group in items:
        index = counters[key] = counters.get(key, -1) + 1
        for path, value, field in _leaves(item, (key, index), ""):
            source, status, where = _provenance(source_map, path, value)
            name = ".".join(str(k) for k in (item.id, *path[2:]))
            rows.append(Assumption(group, name, _leaf_text(value, field), _unit(value, field), source, status, where))
    for t, target in enumerate(scenario.targets):
        path = ("targets", t)
        source, status, where = _provenance(source_map, (*path, "value"), target.value)
        year_loc = source_map.value_location((*path, "year"))
        year_comment = source_map.comment(year_loc)
        if status_of(year_comment) == "estimate" and status != "estimate":
            status, source = "partly estimate", f"{source}; year: {year_comment}"
        basis = ", ".join(x for x in (target.basis, f"vs {target.relative_to.replace('_', ' ')}") if x)
        value = f"{target.kind} {number_text(target.value)} by {target.year} ({basis})"
        full_source = "; ".join(s for s in (source, target.source) if s)
        rows.append(Assumption("Targets", target.id, value, target.unit or "", full_source, status, where))
    return rows


def parameter_register(scenario, source_map: Written | None = None) -> list[Assumption]:
    """Every model parameter: the scenario's override (source: its comment, from ``source_map``, a
    :class:`Written`) or the shipped default."""
    rows = []
    first = scenario.base_year if scenario is not None else None
    for name, spec in parameter_specs().items():
        override = getattr(scenario.parameters, name, None) if scenario is not None else None
        if override is None:
            value = _from_base_year(spec.default, first)
            rows.append(
                Assumption(
                    "Parameters",
                    name,
                    value_text(value),
                    spec.unit,
                    spec.source,
                    spec.status,
                    "simulator/data/parameters.yaml",
                )
            )
        elif isinstance(override, dict):  # one row per year, so that each year's own comment is shown
            for year, value in _from_base_year(override, first).items():
                rows.append(_override_row(source_map, spec, (name, year), value))
        else:
            rows.append(_override_row(source_map, spec, (name,), override))
    return rows


def _override_row(source_map, spec, path: tuple, value) -> Assumption:
    source, status, where = _provenance(source_map, ("parameters", *path), value)
    status = "stress assumption" if status == "no source given" else status
    return Assumption(
        "Parameters",
        ".".join(map(str, path)),
        value_text(value),
        spec.unit,
        source or "scenario override",
        status,
        where,
    )


def _from_base_year(value, first):
    """The years of a year path that matter: the base year's value (the last one given up to it) and later."""
    if not isinstance(value, dict) or first is None:
        return value
    keep = [y for y in value if y >= first] + [max((y for y in value if y <= first), default=None)]
    return {y: value[y] for y in sorted(y for y in set(keep) if y is not None)}


# ------------------------------------------------------------------------------------------- region data

_REGION_UNITS = {
    "grp": "million KZT",
    "net_taxes": "million KZT",
    "grp_volume_index": "% of previous year",
    "employed": "persons",
    "unemployed": "persons",
    "labour_force": "persons",
    "employees": "persons",
    "population": "persons",
    "average_wage": "KZT/month",
    "tax_revenue_collected": "million KZT",
    "fixed_investment": "million KZT",
    "local_tax_revenue_total": "million KZT",
}


def region_register(region) -> list[Assumption]:
    """Each region figure (value in the region's base year where it is one number a year) and the assumptions
    the region data were derived with."""
    year = region.base_year or max(region.grp)
    rows = []
    for figure, meta in region.provenance.items():
        data = getattr(region, figure, None)
        if figure == "local_tax_revenue_total":
            data = {y: sum(v.values()) for y, v in region.local_tax_revenue.items()}
        value = "by industry / year"
        if isinstance(data, dict) and isinstance(data.get(year), int | float):
            value = f"{number_text(data[year])} ({year})"
        rows.append(
            Assumption(
                "Region data",
                figure,
                value,
                _REGION_UNITS.get(figure, ""),
                _source(meta),
                meta.get("status", ""),
                f"region {region.id}",
            )
        )
    return rows + [
        Assumption(
            "Region data: derivation",
            name,
            row.get("value", ""),
            row.get("unit", ""),
            _source(row),
            row.get("status", ""),
            f"region {region.id} assumptions.csv",
        )
        for name, row in region.assumptions.items()
    ]


def _source(meta: dict) -> str:
    return "; ".join(x for x in (meta.get("source", ""), meta.get("note", "")) if x)


def register_for(results, loaded=None, region=None) -> tuple[list[Assumption], list[str]]:
    """The register of a finished run, and notes on what could not be included.

    ``loaded``: the LoadedScenario it ran (else reloaded from ``results.provenance`` when the files are
    unchanged); ``region``: the Region (else the shipped region of that id, if any)."""
    notes: list[str] = []
    path = results.provenance.get("scenario_file")
    if loaded is None and path:
        # read once, then compared by the hashes of the bytes read (no second read that a change could slip
        # between); a file that no longer loads has changed too
        try:
            again = load_scenario(path)
        except InputError:
            again = None
        if again is not None and again.hashes == results.provenance.get("hashes", {}):
            loaded = again
        else:
            notes.append(f"{path} changed since the run: its project inputs are not listed")
    rows = scenario_register(loaded) if loaded is not None else parameter_register(None)
    if loaded is None and not path:
        notes.append("the run was given a scenario object, not a file: project sources are not known")
    if region is None and results.region in available_regions():
        region = load_region(results.region)
    if region is not None:
        rows += region_register(region)
    else:
        notes.append(f"region {results.region!r} is not shipped data: its figures are not listed")
    return rows, notes
