"""Which kind of package a file is, for a window that was handed a file (a double-click on a .gkpkg).

No rule of its own: the file is read by `read.read_package`, exactly as every import reads it
(bounded size, canonical archive, signature over the manifest, the kind's strict schema from
`schema.check_manifest`, payload hashes), and the kind is the one that schema accepted — one of
`schema.KINDS`. A broken file is refused here with the same Chinese message an import would give.
Trust (who signed it, was it seen before) is left to the import the kind leads to
(`verify.verify_package(…, kind=…)`).
"""

from __future__ import annotations

from pathlib import Path

from .read import read_package
from .verify import read_source


def package_kind(source: Path | str | bytes) -> str:
    """``submission``, ``review_result`` or ``distribution``; raises `PackageError` for anything else."""
    return read_package(read_source(source)).kind
