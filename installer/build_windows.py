"""Build the Windows installer: freeze with PyInstaller, check the frozen program, compile the Inno
Setup script with the one version (gongkai_desktop/__init__.py).

    py -3.12 -m venv .venv-build && .venv-build\\Scripts\\pip install -e ".[freeze,gm]"
    .venv-build\\Scripts\\python installer\\build_windows.py
    -> dist\\gongkai-desktop-<version>-windows-x64-setup.exe

On another system ``--print-command`` shows the Inno Setup command it would run (the tests use it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from versioning import ROOT, numeric_version, read_version  # noqa: E402

SPEC = ROOT / "installer" / "gongkai_desktop.spec"
ISS = ROOT / "installer" / "gongkai_desktop.iss"
FROZEN = ROOT / "dist" / "gongkai_desktop"
ISCC_PLACES = (  # a per-user Inno Setup install, then the usual all-users one
    Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6" / "ISCC.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe",
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6" / "ISCC.exe",
)


def iscc_command(iscc: str, version: str) -> list[str]:
    numbers = ".".join(str(n) for n in numeric_version(version))
    return [iscc, f"/DAppVersion={version}", f"/DNumericVersion={numbers}", str(ISS)]


def find_iscc(given: str | None) -> Path:
    for candidate in ([Path(given)] if given else []) + [Path(p) for p in [shutil.which("ISCC") or ""] if p] + list(ISCC_PLACES):
        if candidate.is_file():
            return candidate
    raise SystemExit("找不到 Inno Setup 6 的 ISCC.exe：请安装 Inno Setup 6.3 或更高版本，或用 --iscc 指定它的位置。")


def check_language(iscc: Path) -> None:
    isl = iscc.parent / "Languages" / "ChineseSimplified.isl"
    if not isl.is_file():
        raise SystemExit(f"Inno Setup 缺少简体中文界面文件 {isl}：请把 Inno Setup 的 ChineseSimplified.isl 译文放到该文件夹"
                         "（installer/README.md 第 3 步）。")


def freeze() -> None:
    subprocess.run([sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm"], cwd=ROOT, check=True)


def check_frozen(version: str) -> None:
    """The frozen command line starts, reports the same version and reads the shipped templates."""
    cli = FROZEN / "gongkai.exe"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # Chinese output through a pipe on any code page
    out = subprocess.run([str(cli), "--version"], capture_output=True, text=True, check=True, env=env).stdout.strip()
    if out != f"gongkai {version}":
        raise SystemExit(f"{cli} --version printed {out!r}, expected 'gongkai {version}'")
    subprocess.run([str(cli), "templates"], check=True, stdout=subprocess.DEVNULL, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python installer/build_windows.py", description=__doc__.splitlines()[0])
    parser.add_argument("--iscc", help="path of ISCC.exe (default: found on PATH or in the usual places)")
    parser.add_argument("--skip-freeze", action="store_true", help="use the dist\\gongkai_desktop already built")
    parser.add_argument("--print-command", action="store_true", help="only print the Inno Setup command line")
    args = parser.parse_args(argv)
    version = read_version()
    if args.print_command:
        print(subprocess.list2cmdline(iscc_command(args.iscc or "ISCC.exe", version)))
        return 0
    if sys.platform != "win32":
        raise SystemExit("build_windows.py builds the Windows installer on Windows (see installer/README.md).")
    iscc = find_iscc(args.iscc)
    check_language(iscc)
    if not args.skip_freeze:
        freeze()
    check_frozen(version)
    subprocess.run([sys.executable, str(ROOT / "installer" / "check_iss.py"), "--frozen", str(FROZEN)], check=True)
    subprocess.run(iscc_command(str(iscc), version), cwd=ROOT / "installer", check=True)
    print(ROOT / "dist" / f"gongkai-desktop-{version}-windows-x64-setup.exe")
    return 0


if __name__ == "__main__":
    sys.exit(main())
