"""Argument types shared by the subcommands: argparse calls them on the text of an option, and a bad value
becomes argparse's usage error naming the option (exit 2), before any work is done."""

from __future__ import annotations

import argparse
from pathlib import Path


def seed(text: str) -> int:
    """A random seed: a whole number >= 0 (numpy's seed sequences take no negative numbers)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0 (got {text!r})") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0 (got {text})")
    return value


def folder(text: str) -> Path:
    """An output folder: any path but an empty one (which would otherwise mean the current folder) or one
    holding a NUL character (which no file system accepts)."""
    if text == "":
        raise argparse.ArgumentTypeError("empty path; name the output folder, e.g. --out runs/plan")
    if "\0" in text:
        raise argparse.ArgumentTypeError(f"a path cannot hold a NUL character (got {text!r})")
    return Path(text)


def file_path(text: str) -> Path:
    """An output file: any path but an empty one or one holding a NUL character."""
    if text == "":
        raise argparse.ArgumentTypeError("empty path; name the output file")
    if "\0" in text:
        raise argparse.ArgumentTypeError(f"a path cannot hold a NUL character (got {text!r})")
    return Path(text)
