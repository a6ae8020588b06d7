"""Which kind of package a file is, for a window that was handed a file (a double-click on a .gkpkg).

The file is read as hostile input like every package (bounded size, structure, signature over the
manifest, payload hashes): a broken file is refused here with the same Chinese message an import
would give. Trust (who signed it, was it seen before) is left to the import the kind leads to.
"""

from __future__ import annotations

from pathlib import Path

from .read import read_package
from .verify import read_source


def package_kind(source: Path | str | bytes) -> str:
    """``submission``, ``review_result`` or ``distribution``; raises `PackageError` for anything else."""
    return read_package(read_source(source)).kind
