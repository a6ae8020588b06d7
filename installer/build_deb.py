"""Package the frozen program (dist/gongkai_desktop) as a .deb for 统信 UOS, 银河麒麟 and Debian/Ubuntu.

    pip install -e '.[freeze,gm]' && pyinstaller installer/gongkai_desktop.spec --noconfirm
    python installer/build_deb.py          # -> dist/gongkai-desktop_<version>_<arch>.deb

Only the system's own tools are used: dpkg-shlibdeps (package dpkg-dev) finds which of the
distribution's packages provide the system libraries the frozen program links to (they become
``Depends:``, with the versions their symbols need), dpkg-deb builds the archive. The package puts
the program under /opt/gongkai-desktop, ``gongkai`` and ``gongkai-desktop`` on the PATH, the desktop
entry, the .gkpkg file type and the icon under /usr/share. It never touches a user's workspace.

The architecture is the build machine's (``dpkg --print-architecture``) and must be the frozen
program's: PyInstaller cannot cross-freeze, so an arm64 .deb is built on an arm64 machine.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from versioning import ROOT, deb_version, read_version  # noqa: E402

PACKAGE = "gongkai-desktop"
PREFIX = Path("opt") / PACKAGE
LINUX = ROOT / "installer" / "linux"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Not linked to, but needed: Chinese text in the window (any one CJK font will do).
FONTS = "fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei | fonts-arphic-uming"
RECOMMENDS = "xdg-utils"  # 打开文件 after an export opens the document in WPS / LibreOffice through xdg-open
# The system libraries the frozen program links to: dpkg-shlibdeps has to find them on the build
# machine to name their packages (installer/README.md, installer/ci_deb.sh install them).
BUILD_LIBRARIES = ("libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 "
                   "libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0")
ELF_MACHINES = {0x03: "i386", 0x3E: "amd64", 0xB7: "arm64", 0xF3: "riscv64", 0x102: "loong64"}
DESCRIPTION = """政务公开事项标准目录：编制、签名报送、审核与汇总（离线）
 各责任单位离线编制本单位各试点领域的政务公开事项标准目录，导出 Excel、Word，
 生成签名的报送文件包（.gkpkg）；市府办政务公开办导入、核验、逐项审核、退回或通过，
 跟踪各轮进度并汇总全县目录与负面清单。
 .
 双击 .gkpkg 文件包即可在本软件中打开。工作区数据保存在每个用户自己的目录
 （~/.local/share/gongkai_desktop），卸载或升级本软件不会删除。"""


def host_arch() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def elf_arch(path: Path) -> str:
    """The Debian architecture an ELF file is built for (from its header's e_machine)."""
    header = path.read_bytes()[:20]
    order = "little" if header[5] == 1 else "big"
    machine = int.from_bytes(header[18:20], order)
    return ELF_MACHINES.get(machine, f"unknown-{machine:#x}")


def copy(src: Path, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    dest.chmod(mode)


def stage(frozen: Path, root: Path) -> None:
    """The package's files under ``root`` (root:root ownership is set by dpkg-deb)."""
    shutil.copytree(frozen, root / PREFIX, symlinks=True)
    for path in (root / PREFIX).rglob("*"):
        if path.is_symlink():
            continue
        path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
    (root / PREFIX).chmod(0o755)
    for name in ("gongkai", "gongkai-desktop"):
        copy(LINUX / name, root / "usr" / "bin" / name, 0o755)
    copy(LINUX / f"{PACKAGE}.desktop", root / "usr" / "share" / "applications" / f"{PACKAGE}.desktop")
    copy(LINUX / f"{PACKAGE}.xml", root / "usr" / "share" / "mime" / "packages" / f"{PACKAGE}.xml")
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        copy(ICONS / f"{PACKAGE}-{size}.png", hicolor / f"{size}x{size}" / "apps" / f"{PACKAGE}.png")
    copy(ICONS / f"{PACKAGE}.svg", hicolor / "scalable" / "apps" / f"{PACKAGE}.svg")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    copy(LINUX / "copyright", doc / "copyright")
    doc.joinpath("changelog.gz").write_bytes(gzip.compress((ROOT / "CHANGELOG.md").read_bytes(), 9, mtime=0))
    doc.joinpath("changelog.gz").chmod(0o644)
    for d in [root / "usr", *(root / "usr").rglob("*")]:
        if d.is_dir():
            d.chmod(0o755)
    for name in ("postinst", "postrm"):
        copy(LINUX / name, root / "DEBIAN" / name, 0o755)


def shlib_depends(src: Path, root: Path) -> str:
    """``Depends:`` for the system libraries every ELF file of the program links to (dpkg-shlibdeps)."""
    (src / "debian").mkdir(parents=True, exist_ok=True)
    (src / "debian" / "control").write_text(f"Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n",
                                            encoding="utf-8")
    program = root / PREFIX
    elves = sorted(str(p) for p in program.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))
    private = sorted({str(Path(p).parent) for p in elves if ".so" in Path(p).name})
    cmd = ["dpkg-shlibdeps", "-O", "--ignore-missing-info", *(f"-l{d}" for d in private), "-e", *elves]
    proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("shlibs:Depends=")), None)
    if proc.returncode != 0 or line is None:
        errors = "\n".join(x for x in proc.stderr.splitlines() if "error" in x)
        raise SystemExit(f"build_deb: dpkg-shlibdeps failed:\n{errors or proc.stderr[-3000:]}\n"
                         f"Install the program's system libraries on this build machine first:\n"
                         f"  apt-get install dpkg-dev {BUILD_LIBRARIES}")
    return line.split("=", 1)[1].strip()


def installed_size_kib(root: Path) -> int:
    """What dpkg reports as the installed size: each file rounded up to a KiB, DEBIAN/ left out."""
    total = 0
    for path in root.rglob("*"):
        if "DEBIAN" in path.relative_to(root).parts[:1]:
            continue
        total += 1 if path.is_symlink() or path.is_dir() else (path.stat().st_size + 1023) // 1024
    return total


def control(version: str, arch: str, depends: str, size_kib: int, maintainer: str) -> str:
    return (f"Package: {PACKAGE}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: {maintainer}\n"
            f"Installed-Size: {size_kib}\nDepends: {depends}, {FONTS}\nRecommends: {RECOMMENDS}\n"
            f"Section: utils\nPriority: optional\nDescription: {DESCRIPTION}\n")


def depends_of(deb: Path) -> str:
    """The ``Depends:`` an earlier build of the same frozen program computed (without the fonts added here)."""
    field = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True, check=True).stdout.strip()
    return field.removesuffix(f", {FONTS}")


def build(frozen: Path, out_dir: Path, version: str, compression: str, maintainer: str, *, level: int | None = None,
          depends_from: Path | None = None) -> Path:
    arch = host_arch()
    launcher = frozen / "gongkai-desktop"
    if not launcher.is_file():
        raise SystemExit(f"build_deb: no frozen program at {frozen} (run pyinstaller installer/gongkai_desktop.spec first)")
    if elf_arch(launcher) != arch:
        raise SystemExit(f"build_deb: {launcher} is built for {elf_arch(launcher)}, this machine packages {arch}: "
                         "freeze and package on the same architecture")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gk-deb-") as tmp:
        src = Path(tmp) / "src"
        root = src / "debian" / PACKAGE
        stage(frozen, root)
        depends = depends_of(depends_from) if depends_from else shlib_depends(src, root)
        (root / "DEBIAN" / "control").write_text(control(version, arch, depends, installed_size_kib(root), maintainer),
                                                 encoding="utf-8")
        out = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
        strength = [] if level is None else [f"-z{level}"]
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", *strength, "--build", str(root), str(out)],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python installer/build_deb.py", description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "gongkai_desktop", help="PyInstaller's output folder")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the .deb is written")
    parser.add_argument("--version", help="Debian version to write instead of the program's own "
                        "(CI: the same build packaged as an older release, to test an upgrade)")
    parser.add_argument("--compression", choices=("xz", "gzip", "none"), default="xz",
                        help="xz (default, smallest), gzip or none (faster; every dpkg reads all three)")
    parser.add_argument("--level", type=int, choices=range(10), metavar="0-9",
                        help="compression level (dpkg-deb -z; default dpkg's: xz 6). CI uses 1: on 2 busy cores "
                        "xz -6 of the ~170 MiB program takes minutes, xz -1 a fraction, in the same format")
    parser.add_argument("--depends-from", type=Path, metavar="DEB",
                        help="take Depends from this .deb of the same frozen program instead of running dpkg-shlibdeps again")
    parser.add_argument("--maintainer", default=os.environ.get("DEB_MAINTAINER", "gongkai_desktop <gongkai-desktop@localhost>"))
    parser.add_argument("--build-libraries", action="store_true",
                        help="print the system library packages the build machine needs, and exit")
    args = parser.parse_args(argv)
    if args.build_libraries:
        print(BUILD_LIBRARIES)
        return 0
    version = args.version or deb_version(read_version())
    out = build(args.frozen.resolve(), args.out.resolve(), version, args.compression, args.maintainer, level=args.level,
                depends_from=args.depends_from)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
