"""Plots of Results. Each ``plot_*`` takes Results (or a list of them) and ``ax=None``, draws, and returns the
Axes; none saves or shows (the caller does). ``with style():`` applies the shipped matplotlib style.
:func:`run_figure` and :func:`fit_layout` make the one figure a run draws all its files on (matplotlib's object
API: no pyplot, no backend chosen, nothing left open in the process).

Conventions every plot keeps: the y axis names the unit from the variable registry, the x axis shows years as
integers, numbers carry thousands separators, and every plot has a legend. Each project has one colour *and*
one hatch (:func:`project_palette`), and each scenario one colour *and* one marker (:func:`scenario_styles`),
so a figure stays readable printed in grey. Channels (direct, construction, indirect, induced) are told apart
by lightness and hatch of their project's colour.
"""

from __future__ import annotations

import contextlib
import textwrap
from importlib import resources

import matplotlib
import matplotlib.style
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.layout_engine import TightLayoutEngine
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .quantiles import percentiles
from .summary import printable
from .variables import BY_KEY, PROJECT_VARIABLES, TARGET_KEYS

#: colour-blind-safe colours (Okabe & Ito 2008, then Paul Tol's muted) ordered so neighbours differ in lightness
PROJECT_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#332288",
    "#F0E442",
    "#882255",
    "#999933",
)
#: one hatch per project as well, so two projects of similar grey still differ in print
PROJECT_HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++", "**", "||")
CHANNELS = ("direct", "construction", "indirect", "induced")
#: channel -> (share of white mixed into the project's colour, hatch)
CHANNEL_SHADES = {"direct": (0.0, ""), "construction": (0.3, "||"), "indirect": (0.5, "//"), "induced": (0.7, "..")}
CHANNEL_COLOURS = {"direct": "#1b4f72", "construction": "#b9770e", "indirect": "#5dade2", "induced": "#d6eaf8"}
SCENARIO_COLOURS = ("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
SCENARIO_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
BASELINE_COLOUR = "#7f7f7f"
ACTUAL_COLOUR = "#000000"
TARGET_COLOUR = "#D55E00"
#: the characters a name keeps on one line of a tick label or legend entry, and the lines it may take
NAME_WIDTH, NAME_LINES = 30, 3
#: inches of a run's figures: the shipped style's 7.5 × 4.5 in figure widened for a legend beside the Axes (names
#: wrapped at NAME_WIDTH), so the Axes keep about the width they had when each figure was cropped to its legend
RUN_FIGSIZE = (8.8, 4.5)
#: where a run figure's Axes start (figure fractions), before :func:`fit_layout` places them: about where they
#: end, since a title is wrapped to the width its Axes have when it is set (:func:`set_title`)
RUN_AXES_START = {"left": 0.1, "right": 0.76, "bottom": 0.11, "top": 0.88}
#: inches left around what a figure draws by :func:`fit_layout`
FIT_PAD_INCHES = 0.06


@contextlib.contextmanager
def style(*, crop: bool = True):
    """The shipped style (``simulator/regsim.mplstyle``) for consistent figures. ``crop``: a saved figure is
    cropped to what it draws (``bbox_inches="tight"``: one more layout pass per file, needed by figures whose
    legends stand outside them); False for figures laid out to fit their canvas by :func:`fit_layout`."""
    path = resources.files("simulator").joinpath("regsim.mplstyle")
    with resources.as_file(path) as p, matplotlib.style.context(str(p)):
        if crop:
            yield
        else:
            with matplotlib.rc_context({"savefig.bbox": "standard"}):
                yield


def run_figure(figsize: tuple[float, float] = RUN_FIGSIZE) -> Figure:
    """A figure for files, made without pyplot (no backend chosen, no figure manager, nothing to close): drawn
    by Agg at the style's saving resolution, so the pass that lays it out and the one that renders it share one
    renderer and its cache of text sizes. Reuse it for several files with ``fig.clear()`` (the renderer, and
    what it has measured, stay; :func:`fresh_axes`). Call inside :func:`style` (the style's colours and sizes are
    read here)."""
    fig = Figure(figsize=figsize, dpi=matplotlib.rcParams["savefig.dpi"])
    FigureCanvasAgg(fig)
    return fig


def fresh_axes(fig):
    """``fig`` cleared and one Axes on it, placed where every run figure's Axes start (:data:`RUN_AXES_START`),
    so that a figure drawn on a reused figure never depends on the one drawn before it."""
    fig.clear()
    fig.subplots_adjust(**RUN_AXES_START)
    return fig.add_subplot()


def fit_layout(fig) -> None:
    """Place the Axes of a one-Axes ``fig`` so that everything it draws (title, tick labels, axis labels, a legend
    beside the Axes) fits its canvas with :data:`FIT_PAD_INCHES` to spare, measured once with the renderer that
    will draw it. Matplotlib's tight layout measures twice (once more for its ``rect``), and a figure with a
    layout engine is laid out again by every ``savefig``; cropping (``bbox_inches="tight"``) lays out on one
    canvas and renders on another. Save with ``style(crop=False)``. A figure of several Axes gets matplotlib's
    tight layout."""
    pad = FIT_PAD_INCHES * fig.dpi  # pixels
    if len(fig.axes) != 1:
        TightLayoutEngine(pad=FIT_PAD_INCHES * 72.0 / matplotlib.rcParams["font.size"]).execute(fig)
        return
    ax = fig.axes[0]
    drawn = ax.get_tightbbox(fig.canvas.get_renderer())  # pixels, everything the Axes draws
    frame, width, height = ax.bbox, fig.bbox.width, fig.bbox.height
    left = (frame.x0 - drawn.x0 + pad) / width
    right = 1.0 - (drawn.x1 - frame.x1 + pad) / width
    bottom = (frame.y0 - drawn.y0 + pad) / height
    top = 1.0 - (drawn.y1 - frame.y1 + pad) / height
    if left < right and bottom < top:  # else more text than canvas: left as it is rather than turned inside out
        fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)


def project_palette(project_ids) -> dict[str, tuple[str, str]]:
    """project id -> (colour, hatch), by order of first appearance; pass the union of every compared
    scenario's projects so a project looks the same in every plot."""
    ids = list(dict.fromkeys(project_ids))
    return {
        pid: (PROJECT_COLOURS[i % len(PROJECT_COLOURS)], PROJECT_HATCHES[(i + i // len(PROJECT_HATCHES)) % 10])
        for i, pid in enumerate(ids)
    }


def scenario_styles(n: int) -> list[dict]:
    """Line styles for ``n`` scenarios: colour and marker both differ, for grey print."""
    return [
        {"color": SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)], "marker": SCENARIO_MARKERS[i % len(SCENARIO_MARKERS)]}
        for i in range(n)
    ]


def literal(text: str) -> str:
    """Text from a scenario (a name) as matplotlib should draw it: as written. Matplotlib reads text between two
    unescaped ``$`` as mathtext (``"Car plant $x^$"`` fails to draw, ``"$200m–$310m"`` is drawn in maths
    italics); an escaped ``\\$`` is drawn as a plain ``$``. Control characters are shown as escapes
    (:func:`simulator.summary.printable`): no font has a glyph for them. Every name drawn into a figure passes
    through here (global rcParams stay untouched)."""
    return printable(text).replace("$", "\\$")


def lighten(colour: str, white: float) -> tuple[float, float, float]:
    """``colour`` mixed with a share ``white`` of white."""
    return tuple(c + (1.0 - c) * white for c in to_rgb(colour))


def wrap(text: str, width: int = NAME_WIDTH, lines: int = NAME_LINES) -> str:
    """``text`` broken into lines of at most ``width`` characters, at most ``lines`` of them (the last one ending
    in "…" when the text is longer): a long project or target name as a tick label or legend entry."""
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder=" …")) or text


def number_text(value: float, _pos=None) -> str:
    """Axis numbers: thousands separators, three significant digits below 100."""
    if value == 0:
        return "0"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt  # lazy: pyplot (a backend, figures shown in notebooks) only without an Axes

        _, ax = plt.subplots()
    return ax


def _years_axis(axis) -> None:
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))


def set_title(ax, title: str) -> None:
    """The title, each of its lines wrapped to the width of its Axes (about 0.6 em a character), so that the
    titles of panels side by side do not run into each other."""
    size = matplotlib.rcParams["axes.titlesize"]
    points = size if isinstance(size, int | float) else 11.0
    width = ax.get_position().width * ax.figure.get_figwidth() * 72.0  # points
    chars = max(20, int(width / (0.6 * points)))
    ax.set_title("\n".join(line for part in title.split("\n") for line in textwrap.wrap(part, chars)))


def from_zero(ax) -> None:
    """The value axis from zero when everything drawn is at or above zero (levels): a gap between two lines
    is then drawn to scale, not exaggerated by a cut axis."""
    low, high = ax.dataLim.intervaly
    if np.isfinite(low) and low >= 0 and high > 0:
        # the top from everything drawn so far (a plot drawn into these Axes earlier fixed the limits, which
        # stops autoscaling), then the bottom pinned at zero
        ax.set_autoscaley_on(True)
        ax.autoscale_view(scalex=False)
        ax.set_ylim(0, None)


def _finish(ax, ylabel: str, title: str, legend: bool = True, *, stack=(), **legend_kw):
    """Units on the value axis, integer years, separators, legend. ``stack``: the labels of a stack of bars,
    bottom up; the legend lists them first and top down, so that it reads in the stack's order. The legend
    stands beside the Axes (inside, it would cover a line, a band or a target's threshold), its entries wrapped
    (:func:`wrap`), unless ``legend_kw`` places it."""
    ax.set_ylabel(ylabel)
    ax.set_xlabel("year")
    set_title(ax, title)
    _years_axis(ax.xaxis)
    ax.yaxis.set_major_formatter(FuncFormatter(number_text))
    if legend:
        handles, texts = ax.get_legend_handles_labels()
        rank = {label: -i for i, label in enumerate(stack)}  # the top of the stack first, then the rest as drawn
        order = sorted(range(len(texts)), key=lambda i: (rank.get(texts[i], 1), i))
        if "loc" not in legend_kw:
            legend_kw = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), **legend_kw}
        ax.legend([handles[i] for i in order], [wrap(texts[i]) for i in order], **legend_kw)
    return ax


def _project_variable(key: str):
    return next(v for v in PROJECT_VARIABLES if v.key == key)


#: how an axis label says a money variable's price basis
PRICES = {"nominal": "current prices", "real": "base-year prices"}


def unit_label(var, base_year: int | None = None) -> str:
    """A variable's unit for an axis, with its price basis when it is money: ``billion KZT/yr, current
    prices``; real money names its price year when ``base_year`` is given (``billion KZT/yr, 2023 prices``)."""
    if var.basis == "real" and base_year is not None:
        return f"{var.unit}, {base_year} prices"
    return f"{var.unit}, {PRICES[var.basis]}" if var.basis in PRICES else var.unit


def _target_key(target) -> str:
    """The registry key a target's verdict is on: its variable on its basis (real or nominal)."""
    nominal, real = TARGET_KEYS[target.variable]
    return real if target.basis == "real" else nominal


def target_marks(results, key: str, *, impact: bool = False) -> list[tuple[int, float, str]]:
    """(target year, value, label) of each target on ``key`` as a chart draws it, in reported units.

    On a level chart (``impact`` False) the value is the level the target needs, from the run's medians: θ for
    a level, θ·V(r) for a ratio and V(r) + θ for an increase over the reference year r (V(r) the run's value, or
    the published one before the run's years; none when neither exists), and B(Y) + θ (increase) or θ·B(Y)
    (ratio) for a target against the baseline B in its year Y. On an impact chart (scenario − baseline) only a
    target against the baseline has a threshold: θ (increase) or (θ − 1)·B(Y) (ratio)."""
    scale, marks = BY_KEY[key].scale, []
    for target in results.targets:
        if _target_key(target) != key or target.year not in {int(y) for y in results.years}:
            continue
        t, theta = results.year_index(target.year), target.threshold
        if target.relative_to == "baseline":
            base = results.central(key, baseline=True)[t]
            if target.kind == "increase":
                value = theta * scale if impact else base + theta * scale
            elif target.kind == "ratio":
                value = (theta - 1.0) * base if impact else theta * base
            else:
                continue
        elif impact:
            continue
        elif target.kind == "level":
            value = theta * scale
        else:
            ref = target.reference_year
            if ref in {int(y) for y in results.years}:
                level = results.central(key)[results.year_index(ref)]
            elif ref in results.actuals.get(key, {}):
                level = results.actuals[key][ref]
            else:
                continue
            value = theta * level if target.kind == "ratio" else level + theta * scale
        marks.append((target.year, float(value), f"target {target.year}: {literal(target.name)}"))
    return marks


def draw_targets(ax, marks) -> None:
    """Each target as a dotted line at the value it needs and a star at its year (:func:`target_marks`)."""
    for year, value, label in marks:
        ax.axhline(value, color=TARGET_COLOUR, linestyle=":", linewidth=1.2)
        ax.plot([year], [value], linestyle="none", marker="*", markersize=11, color=TARGET_COLOUR, label=wrap(label))


def _over_draws(results) -> str:
    """``(median of 4,096 draws)`` on a line of its own, for the titles of the per-project charts of an ensemble
    (taken over its detail draws)."""
    n = int(results.arrays["project:jobs_total"].shape[0]) if "project:jobs_total" in results.arrays else 0
    return f"\n(median of {n:,} draws)" if results.n_draws > 1 and n else ""


# ---------------------------------------------------------------------------------------------- one scenario


def _published(ax, observed: dict[int, float] | None) -> None:
    """The published figures {year: value} as open circles (nothing when there are none)."""
    if observed:
        ax.plot(
            list(observed),
            list(observed.values()),
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=ACTUAL_COLOUR,
            markeredgewidth=1.5,
            label="published figure",
        )


def plot_variable(
    results, key: str, ax=None, *, baseline=True, actuals=True, label=None, line=None, legend=True, targets=True
):
    """A total's path: scenario (median and 5–95 % band under uncertainty), baseline dashed, published figures as
    markers, the level each target on it needs (:func:`target_marks`); the value axis from zero.
    ``line``: matplotlib keyword arguments of the scenario line (colour, marker)."""
    ax = _axes(ax)
    var = BY_KEY[key]
    line = {"color": SCENARIO_COLOURS[0], "marker": SCENARIO_MARKERS[0], **(line or {})}
    years, ensemble = results.years, results.n_draws > 1
    if baseline:
        ax.plot(
            years,
            results.central(key, baseline=True),
            color=BASELINE_COLOUR,
            linestyle="--",
            label="baseline (no projects)",
        )
    name = literal(label or results.scenario)
    # the median is the run's central value, computed once (the report's headline table reads it again)
    ax.plot(years, results.central(key), markersize=4, label=f"{name} (median)" if ensemble else name, **line)
    if ensemble:  # the run's table percentiles when it computed them (an ensemble does), else a pass of its own
        stats = results.statistics.get(key)
        low, high = (stats["p5"], stats["p95"]) if stats else percentiles(results.series(key), (5, 95))
        ax.fill_between(years, low, high, color=line["color"], alpha=0.15, linewidth=0, label="5–95 % of draws")
    _published(ax, results.actuals.get(key) if actuals else None)
    if targets:
        draw_targets(ax, target_marks(results, key))
    from_zero(ax)
    return _finish(ax, unit_label(var, results.base_year), var.description, legend)


def plot_grp(results, ax=None, *, real: bool = False):
    """GRP (nominal, or real at base-year prices), scenario against baseline, with published figures."""
    return plot_variable(results, "grp_real" if real else "grp", ax)


def plot_wage(results, ax=None):
    """Average monthly nominal wage, scenario against baseline."""
    return plot_variable(results, "average_wage", ax)


def plot_budget(results, ax=None):
    """Tax revenue of the local budgets, scenario against baseline."""
    return plot_variable(results, "budget_revenue_local", ax)


def plot_jobs(results, ax=None):
    """Gross project jobs stacked by channel, and the net change in employment (after displacement and
    unfilled vacancies) as a line. Under uncertainty, medians over draws; the net change is the median of each
    draw's scenario − baseline, the number the jobs target's verdict gives, with its 5–95 % band. The legend
    lists the channels top down, as they are stacked."""
    ax = _axes(ax)
    years, bottom = results.years, np.zeros(results.years.size)
    suffix = " (median)" if results.n_draws > 1 else ""
    for channel in CHANNELS:
        values = results.central(f"jobs_{channel}")
        ax.bar(
            years,
            values,
            bottom=bottom,
            color=CHANNEL_COLOURS[channel],
            hatch=CHANNEL_SHADES[channel][1],
            edgecolor="#333333",
            linewidth=0.3,
            label=f"{channel} jobs{suffix}",
            width=0.8,
        )
        bottom = bottom + values
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    net = results.central_change("employment")
    ax.plot(years, net, color="black", marker="o", markersize=4, label=f"net change in employment{suffix}")
    if results.n_draws > 1:
        change = results.series("employment") - results.series("employment", baseline=True)
        low, high = percentiles(change, (5, 95))
        ax.fill_between(years, low, high, color="black", alpha=0.12, linewidth=0, label="net change, 5–95 % of draws")
    draw_targets(ax, target_marks(results, "employment", impact=True))
    ax.axhline(0, color="#333333", linewidth=0.6)
    return _finish(
        ax,
        BY_KEY["employment"].unit,
        "Jobs from the projects (gross by channel, and net)",
        stack=[f"{channel} jobs{suffix}" for channel in CHANNELS],
    )


#: the most projects a plot draws one by one: beyond it the smallest are drawn together as "other N projects",
#: so a figure stays readable and its cost does not grow with thousands of projects (issue 15: 10,000 projects
#: took 9 minutes, mostly drawing 10,000 legend entries and 130,000 bars)
MAX_PROJECTS_SHOWN = 12
OTHER_COLOUR = "#bdbdbd"


def shown_projects(weights: np.ndarray, limit: int = MAX_PROJECTS_SHOWN) -> tuple[np.ndarray, np.ndarray]:
    """(indices drawn one by one, indices grouped as "other"), each in project order: every project when there
    are at most ``limit``, else the ``limit − 1`` with the largest ``weights`` (shape (P,); the first of equal
    ones) and the rest grouped."""
    n = weights.size
    if n <= limit:
        return np.arange(n), np.arange(0)
    order = np.argsort(-weights, kind="stable")
    return np.sort(order[: limit - 1]), np.sort(order[limit - 1 :])


def _other_label(grouped: np.ndarray) -> str:
    return f"other {grouped.size:,} projects"


def plot_project_contributions(results, key: str = "grp_impact", ax=None, *, palette=None):
    """Each project's contribution by year (median over draws), stacked; negative ones stack downwards; the
    legend lists the projects top down, as they are stacked. Under uncertainty the total of the projects (their
    sum in each draw, (D, T)) is drawn as its median with a 5–95 % whisker. Beyond ``MAX_PROJECTS_SHOWN``
    projects the smallest (by the sum over years of |contribution|) are one grey "other N projects" series."""
    ax = _axes(ax)
    palette = palette or project_palette(results.project_ids)
    values = np.median(results.project_series(key), axis=0)  # (T, P), over the detail draws
    years = results.years
    shown, grouped = shown_projects(np.abs(values).sum(axis=0))
    series = [(values[:, p], *palette[results.project_ids[p]], wrap(literal(results.project_names[p]))) for p in shown]
    if grouped.size:
        series.append((values[:, grouped].sum(axis=1), OTHER_COLOUR, "", _other_label(grouped)))
    pos, neg = np.zeros(years.size), np.zeros(years.size)
    for v, colour, hatch, label in series:
        ax.bar(
            years,
            v,
            bottom=np.where(v >= 0, pos, neg),
            color=colour,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.3,
            label=label,
            width=0.8,
        )
        pos, neg = pos + np.maximum(v, 0), neg + np.minimum(v, 0)
    if results.n_draws > 1 and results.project_ids:
        low, mid, high = percentiles(results.project_series(key).sum(axis=2), (5, 50, 95))
        ax.errorbar(
            years,
            mid,
            yerr=np.vstack([mid - low, high - mid]),
            color="black",
            marker="D",
            markersize=4,
            markerfacecolor="white",
            linestyle="none",
            capsize=3,
            label="total of the projects:\nmedian, 5–95 % of draws",
        )
    if not results.project_ids:
        ax.axhline(0, color=BASELINE_COLOUR, linewidth=0.8, label="no projects")
    var = _project_variable(key)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    return _finish(
        ax,
        unit_label(var, results.base_year),
        f"{var.description}{_over_draws(results)}",
        stack=[label for *_, label in series],
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )


def plot_project_channels(
    results, quantity: str = "value_added", year: int | None = None, ax=None, *, palette=None, legend: bool = True
):
    """One horizontal bar per project in ``year`` (default: the last), split into direct, construction,
    indirect and induced parts. ``quantity``: ``value_added`` or ``jobs``. Beyond ``MAX_PROJECTS_SHOWN``
    projects the smallest (by the sum of |channel| in that year) are one grey bar "other N projects"."""
    ax = _axes(ax)
    palette = palette or project_palette(results.project_ids)
    year = int(results.years[-1]) if year is None else int(year)
    if year not in {int(y) for y in results.years}:  # a comparison's year outside this scenario's horizon
        ax.text(0.5, 0.5, f"{year} is outside this scenario's years", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        set_title(ax, f"{quantity.replace('_', ' ').capitalize()} by project and channel, {year}")
        return ax
    t = results.year_index(year)
    by_channel = np.array(  # (channel, project)
        [np.median(results.project_series(f"{quantity}_{c}")[:, t, :], axis=0) for c in CHANNELS]
    ).reshape(len(CHANNELS), len(results.project_ids))
    shown, grouped = shown_projects(np.abs(by_channel).sum(axis=0))
    names = [wrap(literal(results.project_names[p])) for p in shown]
    base_colours = [palette[results.project_ids[p]][0] for p in shown]
    by_channel_shown = by_channel[:, shown]
    if grouped.size:
        names.append(_other_label(grouped))
        base_colours.append(OTHER_COLOUR)
        by_channel_shown = np.column_stack([by_channel_shown, by_channel[:, grouped].sum(axis=1)])
    rows = np.arange(len(names))
    left_pos, left_neg = np.zeros(rows.size), np.zeros(rows.size)
    for channel, values in zip(CHANNELS, by_channel_shown, strict=True):
        white, hatch = CHANNEL_SHADES[channel]
        colours = [lighten(colour, white) for colour in base_colours]
        ax.barh(
            rows,
            values,
            left=np.where(values >= 0, left_pos, left_neg),
            color=colours,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.3,
            height=0.7,
        )
        left_pos, left_neg = left_pos + np.maximum(values, 0), left_neg + np.minimum(values, 0)
    ax.set_yticks(rows, labels=names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(unit_label(_project_variable(f"{quantity}_direct"), results.base_year))
    ax.xaxis.set_major_formatter(FuncFormatter(number_text))
    ax.axvline(0, color="#333333", linewidth=0.6)
    ax.grid(False, axis="y")
    ax.grid(True, axis="x", color="#d9d9d9", linewidth=0.6)
    set_title(ax, f"{quantity.replace('_', ' ').capitalize()} by project and channel, {year}{_over_draws(results)}")
    if legend:
        ax.legend(handles=channel_legend_handles(), loc="lower right")
    return ax


def figure_legend(fig, axes, ncols: int = 1):
    """One legend for a grid of panels: every distinct label of the panels, above them."""
    entries: dict[str, object] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    fig.tight_layout()
    return fig.legend(
        list(entries.values()), list(entries), loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=ncols, fontsize=9
    )


def channel_legend_handles() -> list[Patch]:
    """Legend entries for the channel shading (grey stands for any project's colour)."""
    return [
        Patch(facecolor=lighten("#555555", white), hatch=hatch, edgecolor="#333333", label=channel)
        for channel, (white, hatch) in CHANNEL_SHADES.items()
    ]


# ---------------------------------------------------------------------------------------------- several scenarios


def plot_scenarios(results_list, key: str, ax=None, *, actuals: bool = True, legend: bool = True):
    """A variable's path in each scenario (one colour and marker each; solid, or dashed for a scenario without
    projects), each other distinct baseline dashed grey (scenarios sharing parameters share one baseline), BNS
    actuals as open markers."""
    ax = _axes(ax)
    # a scenario without projects *is* its baseline: its solid line stands for it
    drawn: list[np.ndarray] = [r.central(key) for r in results_list if not r.project_ids]
    for results in results_list:
        base = results.central(key, baseline=True)
        if not any(b.shape == base.shape and np.allclose(b, base, rtol=1e-12) for b in drawn):
            label = "baseline (no projects)" if not drawn else f"baseline of {literal(results.scenario)}"
            ax.plot(results.years, base, color=BASELINE_COLOUR, linestyle="--", label=label)
            drawn.append(base)
    for results, line in zip(results_list, scenario_styles(len(results_list)), strict=True):
        if not results.project_ids:  # a no-project scenario is a baseline: dashed, like every baseline
            line = {**line, "linestyle": "--"}
        plot_variable(results, key, ax, baseline=False, actuals=False, line=line, legend=False, targets=False)
    _published(ax, results_list[0].actuals.get(key) if actuals and results_list else None)
    # one legend entry for every target (a comparison's figure legend gathers its panels'), a target shared by
    # several scenarios (same year and value) drawn once
    needed = "target: the level it needs, at its year"
    draw_targets(ax, dict.fromkeys((y, v, needed) for r in results_list for y, v, _ in target_marks(r, key)))
    from_zero(ax)
    var = BY_KEY[key]
    base_years = {r.base_year for r in results_list}
    return _finish(
        ax, unit_label(var, base_years.pop() if len(base_years) == 1 else None), var.description, legend, fontsize=7
    )


def on_years(results, values, years) -> np.ndarray:
    """A run's (T,) ``values`` placed on ``years``: NaN in a year the run does not cover."""
    out = np.full(len(years), np.nan)
    own = {int(y): i for i, y in enumerate(results.years)}
    for j, y in enumerate(years):
        if int(y) in own:
            out[j] = values[own[int(y)]]
    return out


def plot_difference(results_list, key: str, ax=None, *, legend: bool = True):
    """Each scenario minus the first one, year by year (same unit as the variable)."""
    ax = _axes(ax)
    first = results_list[0]
    # horizons and base years may differ: the difference is drawn over the union of years, a gap (NaN) where
    # either scenario has no value
    years = np.array(sorted({int(y) for r in results_list for y in r.years}))
    reference = on_years(first, first.central(key), years)
    ax.axhline(0, color=BASELINE_COLOUR, linestyle="--", linewidth=1.0, label=literal(first.scenario))
    styles = scenario_styles(len(results_list))
    for results, line in zip(results_list[1:], styles[1:], strict=True):
        difference = on_years(results, results.central(key), years) - reference
        ax.plot(years, difference, markersize=4, label=literal(results.scenario), **line)
    var = BY_KEY[key]
    base_years = {r.base_year for r in results_list}
    unit = unit_label(var, base_years.pop() if len(base_years) == 1 else None)
    return _finish(ax, unit, f"{var.description}: difference from the first scenario", legend, fontsize=7)


RUN_PLOTS = {
    "grp": plot_grp,
    "grp_real": lambda r, ax=None: plot_grp(r, ax, real=True),
    "jobs": plot_jobs,
    "average_wage": plot_wage,
    "budget_revenue_local": plot_budget,
    "tax_revenue_collected": lambda r, ax=None: plot_variable(r, "tax_revenue_collected", ax),
    "project_contributions": plot_project_contributions,
    "project_channels": plot_project_channels,
}
