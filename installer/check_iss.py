"""What can be checked of the Inno Setup script on a machine without Windows.

    python installer/check_iss.py                         # the files the script names from the repository
    python installer/check_iss.py --frozen dist/gongkai_desktop   # and those it takes from the frozen build

Inno Setup itself runs only on Windows (installer/README.md has the steps). This checks what would
make its compile fail or its installer wrong: every ``Source:`` and icon file it names exists (from
a Linux build the two programs lack ``.exe``, the rest is the same), the version is passed in by
installer/build_windows.py rather than written in the script, and the per-user settings are there.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ISS = HERE / "gongkai_desktop.iss"
FROZEN_PREFIX = "..\\dist\\gongkai_desktop\\"


def sections(text: str) -> dict[str, list[str]]:
    """The script's lines by [Section], comments and preprocessor lines left out."""
    out: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1)
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(line)
    return out


def setup_values(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections(text).get("Setup", []) if "=" in line)


def entries(text: str, section: str) -> list[dict[str, str]]:
    """``Name: "…"; Source: "…"; Flags: …`` lines as dicts (quoted values unquoted)."""
    rows = []
    for line in sections(text).get(section, []):
        row = {}
        for part in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line):
            key, value = part
            value = value.strip()
            row[key] = value[1:-1].replace('""', '"') if value.startswith('"') else value
        rows.append(row)
    return rows


def missing_files(text: str, frozen: Path | None) -> list[str]:
    """Files the script names that are not there (the frozen build's only when ``frozen`` is given)."""
    named = [r["Source"] for r in entries(text, "Files")]
    named.append(setup_values(text)["SetupIconFile"])
    missing = []
    for source in named:
        if source.startswith(FROZEN_PREFIX):
            if frozen is None:
                continue
            rel = source[len(FROZEN_PREFIX):].replace("\\", "/")
            path = frozen / (rel[:-4] if rel.endswith(".exe") and sys.platform != "win32" else rel)
        else:
            path = HERE / source.replace("\\", "/")
        if path.name == "*":
            ok = path.parent.is_dir() and any(path.parent.iterdir())
        else:
            ok = path.is_file()
        if not ok:
            missing.append(f"{source} ({path})")
    return missing


def problems(text: str, frozen: Path | None = None) -> list[str]:
    found = [f"missing file: {m}" for m in missing_files(text, frozen)]
    setup = setup_values(text)
    if re.search(r'^#define\s+AppVersion\s', text, re.MULTILINE):
        found.append("the script defines AppVersion itself: the version must come from gongkai_desktop/__init__.py")
    if setup.get("AppVersion") != "{#AppVersion}":
        found.append("AppVersion is not {#AppVersion}")
    if setup.get("PrivilegesRequired") != "lowest":
        found.append("PrivilegesRequired is not lowest (the installer must not need administrator rights)")
    if any(r.get("Root") not in ("HKCU", None) for r in entries(text, "Registry")):
        found.append("a registry entry outside HKCU (a per-user installer writes only there)")
    if sections(text).get("UninstallDelete"):
        found.append("[UninstallDelete] present: the uninstaller must leave the workspace alone")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python installer/check_iss.py", description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, help="the PyInstaller output folder (dist/gongkai_desktop)")
    args = parser.parse_args(argv)
    found = problems(ISS.read_text(encoding="utf-8"), args.frozen)
    for p in found:
        print(f"check_iss: {p}", file=sys.stderr)
    if not found:
        print(f"check_iss: {ISS.name} is consistent" + (f" with {args.frozen}" if args.frozen else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
