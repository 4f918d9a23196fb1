"""Sensitivity charts: a tornado and Sobol' index bars. Each takes data and ``ax=None`` and returns the Axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from ..plotting import number_text, set_title

LOW_COLOUR = "#c0392b"
HIGH_COLOUR = "#1b4f72"


def input_label(address: str) -> str:
    """A readable label for a leaf address: ``projects.kia.local_content.2028`` -> ``kia: local content 2028``."""
    parts = address.split(".")
    if parts[0] in ("projects", "baseline_changes") and len(parts) > 2:
        owner, rest = parts[1], parts[2:]
    else:
        owner, rest = parts[0], parts[1:]
    rest = [p for p in rest if p not in ("value", "production", "ramp_up")] or rest
    return f"{owner}: {' '.join(p.replace('_', ' ') for p in rest)}"


def _thousands(ax) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.3g}"))


def _axes(ax, rows: int):
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.2 + 0.35 * rows))
    return ax


def plot_tornado(out, bars, ax=None, *, top: int = 15):
    """Horizontal bars from the central output to the output with each leaf at its 5th / 95th percentile; each
    row names the leaf and the input values it tried (5th percentile / central / 95th percentile)."""
    bars = list(bars)[:top]
    ax = _axes(ax, len(bars))
    centre = bars[0].output_central if bars else 0.0
    rows = np.arange(len(bars))[::-1]
    low = [b.output_low - centre for b in bars]
    high = [b.output_high - centre for b in bars]
    ax.barh(rows, low, left=centre, color=LOW_COLOUR, label="leaf at its 5th percentile")
    ax.barh(rows, high, left=centre, color=HIGH_COLOUR, alpha=0.8, label="leaf at its 95th percentile")
    ax.axvline(centre, color="black", linewidth=0.8)
    tried = [" / ".join(number_text(v) for v in (b.input_low, b.input_central, b.input_high)) for b in bars]
    ax.set_yticks(rows, [f"{input_label(b.address)}\n({t})" for b, t in zip(bars, tried, strict=True)], fontsize=7)
    ax.set_ylabel("input (values tried: 5th percentile / central / 95th percentile)", fontsize=8)
    ax.set_xlabel(out.label)
    _thousands(ax)
    set_title(ax, f"Tornado: {out.label}, others at central values")
    # beside the bars, not over them
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def plot_sobol(out, indices, ax=None, *, top: int = 15):
    """First-order and total Sobol' indices of the most influential leaves."""
    indices = list(indices)[:top]
    ax = _axes(ax, len(indices))
    rows = np.arange(len(indices))[::-1]
    ax.barh(rows + 0.2, [s.total_order for s in indices], height=0.4, color=HIGH_COLOUR, label="total")
    ax.barh(rows - 0.2, [s.first_order for s in indices], height=0.4, color=LOW_COLOUR, label="first order")
    ax.set_yticks(rows, [input_label(s.address) for s in indices], fontsize=7)
    ax.set_xlabel("share of output variance (Sobol' index)")
    set_title(
        ax,
        f"Sobol' indices: {out.label}\n(estimates: a total index a little below its first-order one is sampling noise)",
    )
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax
