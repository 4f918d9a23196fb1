"""Deterministic writers: same inputs, same bytes (floats as ``repr``, LF line ends, fixed row order)."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml


def number(v: float) -> str:
    """Shortest text that reads back to the same float (round trip exact)."""
    v = float(v)
    if v == 0.0:
        return "0.0"
    return repr(v)


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([number(v) if isinstance(v, float) else v for v in row])


def write_yaml(path: Path, data: dict, header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    path.write_text(comment + text, encoding="utf-8")
