"""The one version (``gongkai_desktop/__init__.py`` ``__version__``) in the forms each package needs.

The PyInstaller spec, the .deb builder and the Windows build script all read it from here, so the
program's ``--version``, 关于, the package manifests, the .deb and the Windows installer can never
disagree. Stdlib only: the spec runs it inside PyInstaller, the builders on a bare build machine.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INIT = ROOT / "gongkai_desktop" / "__init__.py"
# PEP 440 as the project writes it: 1.2.3, 1.2.3rc1, 1.2.3.dev4, 1.2.3.post1
VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?$")


def read_version(init: Path = INIT) -> str:
    """``__version__`` as written in the package (read as text: nothing is imported)."""
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', init.read_text(encoding="utf-8"), re.MULTILINE)
    if match is None:
        raise SystemExit(f"no __version__ = \"…\" line in {init}")
    return check(match.group(1))


def check(version: str) -> str:
    if VERSION_RE.match(version) is None:
        raise SystemExit(f"version {version!r} is not of the form 1.2.3 (optionally rc1, .post1, .dev1)")
    return version


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """Windows' four numbers (file version resource, Inno Setup's VersionInfoVersion): 1.2.3rc1 -> 1.2.3.0."""
    m = VERSION_RE.match(check(version))
    assert m is not None
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(6) or 0)


def deb_version(version: str) -> str:
    """Debian's order: a pre-release sorts before its release (``~``), a post-release after (``+``)."""
    m = VERSION_RE.match(check(version))
    assert m is not None
    out = ".".join(m.group(n) for n in (1, 2, 3))
    if m.group(4):
        out += f"~{m.group(4)}{m.group(5)}"
    if m.group(6):
        out += f"+post{m.group(6)}"
    if m.group(7):
        out += f"~dev{m.group(7)}"
    return out


if __name__ == "__main__":  # python installer/versioning.py [--deb]
    import sys

    print(deb_version(read_version()) if "--deb" in sys.argv[1:] else read_version())
