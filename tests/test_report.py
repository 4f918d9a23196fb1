"""Reports and the assumptions register: the content, the HTML's structure, and (where Chromium is installed)
a headless browser rendering it to a screenshot."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SCENARIOS
from synthetic import plant, scenario, synthetic_region

from simulator.api import simulate
from simulator.assumptions import (
    comment_at,
    inline_comment,
    register_for,
    scenario_register,
    status_of,
    yaml_lines,
)
from simulator.cli import main
from simulator.output import write_run_files
from simulator.plotting import RUN_PLOTS
from simulator.report import run_report, to_html, to_markdown
from simulator.scenario import load_scenario

REGION = synthetic_region()
PLAN = SCENARIOS / "kostanai" / "plan.yaml"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and os.path.exists(p)), None)

SCENARIO_YAML = """\
name: commented
region: kostanai
base_year: 2023
horizon: {start: 2024, end: 2030}
parameters:
  flq_delta: 0.25        # estimate: a thinner regional economy than Finland's
projects:
  - id: plant
    kind: plant
    name: "A plant"
    sector: D29
    production:
      start: "2026-01"   # https://example.org/news#launch
      capacity: {value: 1000, unit: cars/yr}   # derived: 4 shifts x 250 cars
      unit_price:
        value: {dist: triangular, low: 8, mode: 10, high: 12}
        unit: million KZT   # the mode: a price list; low and high are estimates
      ramp_up:
        shape: table
        utilisation:     # estimate: a usual ramp for car plants
          2026: 0.5
          2027: 0.9      # company plan, 2025 report
    value_added_share:
      dist: triangular
      low: 0.1           # estimate: kit assembly
      mode: 0.15         # "value added 15 %" (annual report 2024)
      high: 0.2          # estimate
    local_content: 0.1
    jobs: {permanent: 100}
    wage: {relative_to_average: 1.2}
"""


def test_inline_comments_ignore_hashes_in_quotes_and_words():
    assert inline_comment('start: "2026-01"   # https://example.org/news#launch') == "https://example.org/news#launch"
    assert inline_comment('name: "a # b"') == ""
    assert inline_comment("source: http://x.org/a#b") == ""
    assert inline_comment("# whole line") == "whole line"
    assert status_of("Estimate: x") == "estimate" and status_of("derived: y") == "derived"
    assert status_of("BNS 5923") == "sourced" and status_of("") == "no source given"


def test_register_reads_each_value_source_from_its_yaml_comment(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO_YAML, encoding="utf-8")
    rows = {a.input: a for a in scenario_register(load_scenario(path))}
    assert rows["flq_delta"].value == "0.25" and rows["flq_delta"].status == "estimate"
    assert rows["flq_delta"].where == f"{path}:6"
    assert rows["consumption_propensity"].where == "simulator/data/parameters.yaml"  # a shipped default
    assert rows["plant.production.start"].source == "https://example.org/news#launch"
    assert rows["plant.production.capacity"].status == "derived"
    assert rows["plant.production.capacity"].unit == "cars/yr" and rows["plant.production.capacity"].value == "1,000"
    assert rows["plant.production.ramp_up.utilisation.2026"].status == "estimate"  # inherited from the key
    assert rows["plant.production.ramp_up.utilisation.2027"].source == "company plan, 2025 report"
    va = rows["plant.value_added_share"]
    assert va.value == "triangular(0.1 / 0.15 / 0.2)"
    assert va.status == "partly estimate" and va.source.startswith('mode: "value added 15 %"')
    assert rows["plant.local_content"].status == "no source given" and rows["plant.local_content"].highlighted
    assert not rows["plant.production.capacity"].highlighted


BY_YEAR_YAML = """\
name: by year
region: kostanai
base_year: 2023
horizon: {start: 2024, end: 2030}
parameters:
  cpi_inflation:         # the path from 2026 is uncertain
    2026: 0.10           # estimate: CPI easing
    2027: 0.07           # estimate: NBK target band
  gdp_deflator_growth:   # estimate: one reason for every year
    2026: 0.09
    2027: 0.07
projects:
  - id: farm
    kind: plant
    name: "A farm"
    sector: D01T03
    investment:
      amount: {value: 10, unit: billion KZT, year: 2024}   # company release
      build_period: {start: 2024, end: 2025}   # estimate: two-year build
      construction: {share: 0.5, local_share: 0.7}         # estimate: sheds
      domestic_equipment: {share: 0.2, local_share: 0.5}   # estimate: tractors
      imported_equipment: {share: 0.3, local_share: 0.0}   # estimate: imports
    production:
      start: "2026-01"   # company release
      capacity: {value: 1000, unit: t/yr}   # company release
      unit_price: {value: 1700, unit: thousand KZT, year: 2025}   # ministry price
      ramp_up: {shape: linear, years: 2}   # estimate: herd build-up
    value_added_share: 0.3   # estimate: feed
    local_content: 0.5       # estimate: feed grain
    jobs:
      permanent: 15          # estimate: 20 jobs per project
      ramp: at_start
    wage:                    # estimate: farm pay
      relative_to_average: 0.7
"""


@pytest.fixture(scope="module")
def by_year_rows(tmp_path_factory):
    path = tmp_path_factory.mktemp("by_year") / "y.yaml"
    path.write_text(BY_YEAR_YAML, encoding="utf-8")
    return path, {a.input: a for a in scenario_register(load_scenario(path))}


def test_register_prints_a_build_year_as_a_year(by_year_rows):
    _, rows = by_year_rows
    start, end = rows["farm.investment.build_period.start"], rows["farm.investment.build_period.end"]
    assert (start.value, start.unit) == ("2024", "year") and (end.value, end.unit) == ("2025", "year")
    assert rows["farm.production.start"].unit == "month"


def test_register_never_shows_a_siblings_comment(by_year_rows):
    """``jobs:`` has no comment of its own; ``permanent``'s reason is not ``ramp``'s."""
    _, rows = by_year_rows
    ramp = rows["farm.jobs.ramp"]
    assert (ramp.source, ramp.status) == ("", "no source given") and ramp.highlighted
    wage = rows["farm.wage.relative_to_average"]  # a comment on the enclosing key's own line still counts
    assert (wage.source, wage.status) == ("(for wage) estimate: farm pay", "estimate")


def test_register_shows_each_years_reason_of_a_parameter_path(by_year_rows):
    path, rows = by_year_rows
    assert "cpi_inflation" not in rows
    assert rows["cpi_inflation.2026"].source == "estimate: CPI easing"
    assert rows["cpi_inflation.2027"].source == "estimate: NBK target band"
    assert rows["cpi_inflation.2027"].value == "0.07" and rows["cpi_inflation.2027"].where == f"{path}:8"
    assert rows["gdp_deflator_growth.2027"].source == "(for gdp_deflator_growth) estimate: one reason for every year"
    assert rows["gdp_deflator_growth.2027"].status == "estimate"


def test_comment_above_a_value_counts_but_a_rule_line_does_not(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("# ---------------- rule\na: 1\n# note for b\nb: 2\nc: 3  # own\n", encoding="utf-8")
    lines = yaml_lines(path.read_text(encoding="utf-8"))  # the register reads the text the run loaded
    assert comment_at(lines, 2) == ""
    assert comment_at(lines, 4) == "note for b"
    assert comment_at(lines, 5) == "own"


class Checker(HTMLParser):
    """Tags must nest and close; collects image sources, external links, links inside the page, element ids and
    table-row classes."""

    VOID = frozenset({"meta", "img", "br", "hr", "link", "input"})

    def __init__(self):
        super().__init__()
        self.stack, self.images, self.external, self.row_classes = [], [], [], []
        self.internal, self.ids, self.details = [], set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "details":
            self.details += 1
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.internal.append(attrs["href"][1:])
        elif tag in ("script", "link", "iframe") or (tag == "a" and "href" in attrs):
            self.external.append(tag)
        if tag == "tr":
            self.row_classes.append(attrs.get("class"))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    res = simulate(scenario([plant()], name="synthetic plant"), region=REGION)
    folder = tmp_path_factory.mktemp("run")
    written = write_run_files(res, folder, RUN_PLOTS, region=REGION)
    return res, folder, written


def test_every_run_writes_a_report_with_all_sections(run_folder):
    _, folder, written = run_folder
    assert {"report.md", "report.html"} <= set(written)
    md = (folder / "report.md").read_text(encoding="utf-8")
    for section in (
        "# regsim report: synthetic plant",
        "## Headline",
        "## Targets",
        "## Figures",
        "## Assumptions register",
        "### Parameters",
        "## Provenance",
    ):
        assert section in md
    for name in RUN_PLOTS:
        assert f"]({name}.png)" in md
    assert "regsim 0.1.0" in md and "not from a file" in md


def test_html_is_well_formed_self_contained_and_highlights_estimates(run_folder):
    _, folder, _ = run_folder
    page = (folder / "report.html").read_text(encoding="utf-8")
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert len(checker.images) == len(RUN_PLOTS)
    assert all(src.startswith("data:image/png;base64,") for src in checker.images)
    assert checker.external == [], "nothing is loaded from outside the file"
    assert "estimate" in checker.row_classes
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_markdown_and_html_render_the_same_blocks(run_folder):
    res, folder, _ = run_folder
    blocks = run_report(res, {"grp": "grp.png"}, region=REGION)
    md, page = to_markdown(blocks), to_html(blocks, folder, "t")
    for heading in (b.text for b in blocks if b.kind == "heading"):
        assert heading in md and heading.replace("&", "&amp;") in page


def test_register_of_a_kostanai_run_names_files_lines_and_estimates():
    res = simulate(load_scenario(PLAN))
    rows, notes = register_for(res)
    assert notes == []
    groups = {a.group for a in rows}
    assert {"Parameters", "Targets", "Region data"} <= groups
    assert any(g.startswith("Project: KIA") for g in groups)
    kia_capacity = next(a for a in rows if a.input == "kia.production.capacity")
    assert kia_capacity.value == "70,000" and kia_capacity.unit == "cars/yr"
    assert kia_capacity.where.startswith(str(PLAN)) and kia_capacity.status == "sourced"
    assert sum(a.status == "estimate" for a in rows) > 50


def chromium(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with a throwaway profile; its standard output."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        check=True, capture_output=True, timeout=180, text=True,
    )  # fmt: skip
    return done.stdout


#: appended to a copy of a report: once the page has loaded, the body records how wide the document is laid out
#: (scrollWidth) beside the window's width, for --dump-dom to show
MEASURE = (
    '<script>addEventListener("load", () => { document.body.dataset.widths = '
    'document.documentElement.scrollWidth + " " + window.innerWidth; });</script>'
)


def pdf_pages(path: Path) -> int:
    """Pages of a PDF: its page objects (``/Type /Page``, not the ``/Pages`` tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


#: the printed line width: A4 (210 mm) less the report's 12 mm side margins (its @page rule), at 96 px per inch
PRINT_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)


def widths(tmp_path: Path, page: Path, window: int, print_layout: bool = False) -> tuple[int, int]:
    """(document width, window width) of ``page`` laid out in a ``window`` px wide browser; ``print_layout``
    applies the print rules on screen, so a table too wide for the paper shows as a wider document (a PDF
    would cut it off silently)."""
    text = page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>")
    if print_layout:
        text = text.replace("@media print{", "@media all{")
    measured = tmp_path / f"{page.parent.name}-{window}.html"
    measured.write_text(text, encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={window},2000", "--virtual-time-budget=10000", "--dump-dom",
                   measured.resolve().as_uri())  # fmt: skip
    found = re.search(r'data-widths="(\d+) (\d+)"', dom)
    assert found, "the page's script did not run"
    return int(found[1]), int(found[2])


def look_at(tmp_path: Path, page: Path) -> tuple[tuple[int, int], tuple[int, int], int]:
    """Render ``page`` at 1,280 px (screenshot), measure its layout width there and in the print layout at the
    paper's width, and print it to PDF (A4 from the CSS): ((document, window) on screen, (document, window) in
    print, printed pages)."""
    shot = tmp_path / f"{page.parent.name}.png"
    chromium(tmp_path, "--window-size=1280,2000", f"--screenshot={shot}", page.resolve().as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a rendered page, not a blank one
    pdf = tmp_path / f"{page.parent.name}.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri())
    return widths(tmp_path, page, 1280), widths(tmp_path, page, PRINT_WIDTH_PX, print_layout=True), pdf_pages(pdf)


def test_kostanai_run_and_compare_reports_render_at_1280_px_and_print_short(tmp_path):
    """The run report of plan.yaml and the comparison of the baseline, the plan and the delayed plan: valid HTML
    whose summary comes first; in Chromium at 1,280 px, and in the print layout at the paper's width, the
    document is no wider than the window (no horizontal scroll, no cut column) and the printed run report stays
    short: the register prints as its overview only
    (the groups fold in the HTML), so the pages are the summary, tables and figures (four figures a page)."""
    run_out, cmp_out = tmp_path / "run", tmp_path / "compare"
    assert main(["run", str(PLAN), "--out", str(run_out), "--quiet"]) == 0
    kostanai = PLAN.parent
    scenarios = [str(kostanai / f) for f in ("baseline.yaml", "plan.yaml", "plan_delayed.yaml")]
    assert main(["compare", *scenarios, "--out", str(cmp_out), "--quiet"]) == 0
    for out in (run_out, cmp_out):
        text = (out / "report.html").read_text(encoding="utf-8")
        checker = Checker()
        checker.feed(text)
        assert checker.stack == [] and checker.images and checker.external == []
        assert set(checker.internal) <= checker.ids, "every contents link has its section"
        assert checker.details > 5, "the register's groups fold"
        sections = re.findall(r'<h2 id="([^"]+)"', text)
        assert sections[:2] == ["summary", "contents"], "the summary first, then the contents, then details"
        assert "<footer>Made " in text and "sha256 " in text
    if CHROMIUM is None:
        pytest.skip(
            "Chromium is not installed (apt-get install chromium): the HTML was validated with "
            "html.parser only, no browser rendering"
        )
    for out in (run_out, cmp_out):
        (document, window), (paper, line), pages = look_at(tmp_path, out / "report.html")
        assert document <= window == 1280, f"{out.name}: the page is {document} px wide at {window} px"
        assert paper <= line == PRINT_WIDTH_PX, f"{out.name}: printed, the page is {paper} px wide on {line} px"
        if out is run_out:
            figures = len(list(out.glob("*.png")))
            assert pages <= 12 + max(0, -(-(figures - 8) // 4)), f"the printed run report has {pages} pages"
