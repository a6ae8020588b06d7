"""The frozen program's figures (issue 20): its installed size and its cold start to the first frame.

What a county's PC runs is not this Python but the program PyInstaller froze (installer/README.md):
the installed one (/opt/gongkai-desktop from the .deb, %LOCALAPPDATA%\\Programs\\gongkai_desktop from
the Windows installer), else the build folder dist/gongkai_desktop, or the folder named by
``GONGKAI_FROZEN``. With none of them the figures are skipped with a line saying how to make one:

    pip install -e '.[freeze,gm]' && pyinstaller installer/gongkai_desktop.spec --noconfirm

The cold start is timed as the window's cold start is (benchmarks/coldstart.py), from just before the
process starts to the moment the program reports its first painted frame of the unit's started area
(``GONGKAI_FIRST_FRAME``, gongkai_desktop/ui/first_frame.py), on a copy of the same workspace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .one import Case, SkipFigure
from .workload import ROOT, Workload, copy_workspace

EXE = ".exe" if sys.platform == "win32" else ""
HOW_TO_BUILD = ("no frozen program (pip install -e '.[freeze,gm]' && pyinstaller installer/gongkai_desktop.spec "
                "--noconfirm, or install the .deb / the Windows installer; GONGKAI_FROZEN=DIR names another)")


def candidates() -> list[Path]:
    named = os.environ.get("GONGKAI_FROZEN")
    if named:
        return [Path(named)]
    installed = Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "gongkai_desktop" if sys.platform == "win32" \
        else Path("/opt/gongkai-desktop")
    return [installed, ROOT / "dist" / "gongkai_desktop"]


def frozen_program() -> Path:
    """The frozen program's folder (installed first: that is what users start), or `SkipFigure`."""
    for folder in candidates():
        if (folder / f"gongkai-desktop{EXE}").is_file() and (folder / f"gongkai{EXE}").is_file():
            return folder
    raise SkipFigure(HOW_TO_BUILD)


def describe(folder: Path) -> dict[str, str]:
    version = subprocess.run([str(folder / f"gongkai{EXE}"), "--version"], capture_output=True, text=True,
                             timeout=60).stdout.strip()
    return {"program": str(folder), "version": version}


def case_frozen_size(wl: Workload, tmp: Path) -> Case:
    """Bytes on disk of the program folder (every file), and the .deb beside the build if there is one."""
    folder = frozen_program()
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    info = describe(folder)
    debs = sorted((ROOT / "dist").glob("gongkai-desktop_*.deb"))
    if debs:
        info["deb"] = f"{debs[-1].name}: {debs[-1].stat().st_size / 2**20:.0f} MiB"
    return Case(lambda: None, measured={"size_mib": round(size / 2**20, 1), "files": len(files)}, info=info)


def case_frozen_cold_start(wl: Workload, tmp: Path) -> Case:
    """A new process per run: the frozen window on a copy of the unit's workspace, to its first painted frame."""
    folder = frozen_program()
    counter = iter(range(10**6))
    state: dict[str, Path] = {}

    def before() -> None:
        n = next(counter)
        state["data"] = copy_workspace(wl.path("unit"), tmp / f"unit-{n}")
        state["config"] = tmp / f"config-{n}"  # the window's QSettings (Linux), never the user's
        state["frame"] = tmp / f"frame-{n}.json"

    def run() -> tuple[float, float]:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(state["config"]),
                   GONGKAI_FIRST_FRAME=str(state["frame"]), GONGKAI_FIRST_FRAME_EXIT="1")
        t0 = time.time()
        proc = subprocess.run([str(folder / f"gongkai-desktop{EXE}"), "--data-dir", str(state["data"])],
                              capture_output=True, text=True, env=env, timeout=120)
        if not state["frame"].is_file():
            raise RuntimeError(f"the frozen window reported no first frame (exit {proc.returncode}): {proc.stderr[-2000:]}")
        out = json.loads(state["frame"].read_text(encoding="utf-8"))
        if not out.get("rows"):
            raise RuntimeError(f"the frozen window did not open a started area: {out}")
        return out["painted"] - t0, out.get("peak_rss_mib") or 0.0

    return Case(run, before, self_timed=True,
                info={**describe(folder),
                      "workspace": f"{wl.info['big_unit']}：{wl.info['unit_catalogs']} 个目录，{wl.info['unit_items']} 个事项"})
