"""Helpers shared by the command modules: opening the workspace, printing tables."""

from __future__ import annotations

import argparse
import unicodedata

from ..workspace import Workspace


def open_workspace(args: argparse.Namespace) -> Workspace:
    return Workspace.open(getattr(args, "data_dir", None))


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    cols = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    print("  ".join(pad(h, c) for h, c in zip(headers, cols)).rstrip())
    for r in rows:
        print("  ".join(pad(v, c) for v, c in zip(r, cols)).rstrip())
