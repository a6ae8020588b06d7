"""The installers' sources, checked on Linux (issue 20): one version everywhere, the Inno Setup script
names files that exist and takes the version from the build, the desktop entry and the .gkpkg MIME type
are valid and agree with the packages the app writes, the .deb's layout, the icon.

The builds themselves (PyInstaller, dpkg-deb, installing, upgrading, removing) run in
installer/ci_deb.sh; Inno Setup runs only on Windows (installer/README.md).
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from lxml import etree

from gongkai_desktop import __version__
from gongkai_desktop.package.manifest import MIMETYPE

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
LINUX = INSTALLER / "linux"
sys.path.insert(0, str(INSTALLER))
import build_deb  # noqa: E402
import check_iss  # noqa: E402
import versioning  # noqa: E402

MIME = MIMETYPE.decode("ascii")
needs_dpkg = pytest.mark.skipif(shutil.which("dpkg") is None, reason="dpkg is not installed")


# One version ------------------------------------------------------------------------------------------

def test_the_version_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "gongkai_desktop.__version__"}
    assert versioning.read_version() == __version__
    assert importlib.metadata.version("gongkai-desktop") == __version__  # what pip installed says the same


def test_gongkai_version_prints_it() -> None:
    proc = subprocess.run([sys.executable, "-m", "gongkai_desktop.cli", "--version"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == f"gongkai {__version__}"


@pytest.mark.parametrize(("pep440", "debian", "numbers"), [
    ("1.2.3", "1.2.3", (1, 2, 3, 0)),
    ("1.2.3rc1", "1.2.3~rc1", (1, 2, 3, 0)),
    ("1.2.3.dev4", "1.2.3~dev4", (1, 2, 3, 0)),
    ("1.2.3.post2", "1.2.3+post2", (1, 2, 3, 2)),
])
def test_version_forms(pep440: str, debian: str, numbers: tuple[int, ...]) -> None:
    assert versioning.deb_version(pep440) == debian
    assert versioning.numeric_version(pep440) == numbers


@needs_dpkg
def test_debian_orders_pre_releases_before_and_post_releases_after_the_release() -> None:
    def lt(a: str, b: str) -> bool:
        return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0

    order = ["1.2.3.dev1", "1.2.3rc1", "1.2.3", "1.2.3.post1", "1.2.4"]
    debs = [versioning.deb_version(v) for v in order]
    assert all(lt(a, b) for a, b in zip(debs, debs[1:]))
    assert lt(f"{versioning.deb_version(__version__)}~ci0", versioning.deb_version(__version__))  # CI's "older release"


def test_a_version_the_packages_cannot_express_is_refused(tmp_path: Path) -> None:
    init = tmp_path / "__init__.py"
    init.write_text('__version__ = "1.2"\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        versioning.read_version(init)


# Windows: the Inno Setup script ----------------------------------------------------------------------

def iss() -> str:
    return check_iss.ISS.read_text(encoding="utf-8")


def test_the_inno_setup_script_names_files_that_exist_and_is_per_user() -> None:
    assert check_iss.problems(iss()) == []
    setup = check_iss.setup_values(iss())
    assert setup["PrivilegesRequired"] == "lowest" and setup["DefaultDirName"].startswith("{localappdata}")
    assert (INSTALLER / setup["SetupIconFile"].replace("\\", "/")).resolve() == ROOT / "resources" / "icons" / "gongkai-desktop.ico"


def test_the_inno_setup_script_associates_gkpkg_under_hkcu_and_keeps_the_data() -> None:
    registry = check_iss.entries(iss(), "Registry")
    command = next(r for r in registry if r["Subkey"].endswith(r"shell\open\command"))
    assert command["Root"] == "HKCU" and command["ValueData"] == '"{app}\\{#AppExe}" "%1"'
    ext = next(r for r in registry if r["Subkey"] == r"Software\Classes\.gkpkg" and r["ValueName"] == "")
    assert ext["ValueData"] == "{#ProgId}"
    assert any(r["ValueData"] == MIME for r in registry)
    icons = check_iss.entries(iss(), "Icons")
    assert any(i["Name"].startswith("{group}") and i["Filename"] == "{app}\\{#AppExe}" for i in icons)  # Start menu
    assert "UninstallDelete" not in check_iss.sections(iss())


def test_the_windows_build_passes_the_one_version_to_inno_setup() -> None:
    proc = subprocess.run([sys.executable, str(INSTALLER / "build_windows.py"), "--print-command"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0
    numbers = ".".join(str(n) for n in versioning.numeric_version(__version__))
    assert f"/DAppVersion={__version__}" in proc.stdout and f"/DNumericVersion={numbers}" in proc.stdout
    assert "{#AppVersion}" in iss() and "#error" in iss()  # without the /D the compile stops


@pytest.mark.parametrize(("change", "complaint"), [
    (lambda t: t.replace("#ifndef AppVersion", '#define AppVersion "9.9.9"\n#ifndef AppVersion'), "defines AppVersion"),
    (lambda t: t.replace("PrivilegesRequired=lowest", "PrivilegesRequired=admin"), "PrivilegesRequired"),
    (lambda t: t.replace('Root: HKCU; Subkey: "Software\\Classes\\.gkpkg"; ValueType: string; ValueName: ""',
                         'Root: HKLM; Subkey: "Software\\Classes\\.gkpkg"; ValueType: string; ValueName: ""'), "outside HKCU"),
    (lambda t: t + '\n[UninstallDelete]\nType: filesandordirs; Name: "{localappdata}\\gongkai_desktop"\n', "UninstallDelete"),
    (lambda t: t.replace("gongkai-desktop.ico", "gongkai.ico"), "missing file"),
])
def test_the_script_check_catches_what_would_break_the_installer(change, complaint: str) -> None:  # noqa: ANN001
    assert any(complaint in p for p in check_iss.problems(change(iss())))


def test_files_from_the_frozen_build_are_checked_against_it(tmp_path: Path) -> None:
    frozen = tmp_path / "gongkai_desktop"
    assert any("gongkai-desktop.exe" in m for m in check_iss.missing_files(iss(), frozen))
    (frozen / "_internal").mkdir(parents=True)
    (frozen / "_internal" / "base_library.zip").write_bytes(b"x")
    for name in ("gongkai-desktop", "gongkai"):
        (frozen / name).write_bytes(b"x")
    assert check_iss.missing_files(iss(), frozen) == []


# Linux: desktop entry, MIME type, .deb layout ----------------------------------------------------------

def desktop_entry() -> dict[str, str]:
    lines = (LINUX / "gongkai-desktop.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_the_desktop_entry_is_valid() -> None:
    proc = subprocess.run(["desktop-file-validate", str(LINUX / "gongkai-desktop.desktop")], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout


def test_the_desktop_entry_opens_gkpkg_files_with_the_window() -> None:
    entry = desktop_entry()
    assert entry["Exec"] == "gongkai-desktop %F" and entry["Terminal"] == "false"
    assert entry["MimeType"] == f"{MIME};"
    assert entry["Name"] == "政务公开事项标准目录" and entry["Icon"] == build_deb.PACKAGE
    assert entry["StartupWMClass"] == build_deb.PACKAGE  # what app.setDesktopFileName tells the desktop


def mime_xml() -> etree._Element:
    return etree.parse(str(LINUX / "gongkai-desktop.xml")).getroot()


def test_the_mime_type_is_the_one_packages_declare() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime_xml().find("m:mime-type", ns)
    assert kind.get("type") == MIME
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.gkpkg"]
    inner = kind.find("m:magic/m:match/m:match", ns)
    assert inner.get("offset") == "30" and inner.get("value") == "mimetype" + MIME
    assert kind.find("m:sub-class-of", ns).get("type") == "application/zip"


def make_package(tmp_path: Path) -> Path:
    from gongkai_desktop import identity
    from gongkai_desktop.unit import catalogs
    from gongkai_desktop.unit.submit import export_submission
    from gongkai_desktop.workspace import Workspace

    ws = Workspace.open(tmp_path / "ws")
    identity.choose_unit(ws, "市公安局")
    catalogs.start_catalog(ws, "04")
    path = export_submission(ws, ["04"], tmp_path / "p.gkpkg").path
    ws.close()
    return path


@pytest.mark.skipif(shutil.which("update-mime-database") is None or shutil.which("gio") is None,
                    reason="shared-mime-info or gio (libglib2.0-bin) is not installed")
def test_the_desktop_recognises_a_real_package_by_name_and_by_content(tmp_path: Path) -> None:
    data = tmp_path / "share"
    (data / "mime" / "packages").mkdir(parents=True)
    shutil.copy(LINUX / "gongkai-desktop.xml", data / "mime" / "packages")
    subprocess.run(["update-mime-database", str(data / "mime")], check=True, capture_output=True)
    package = make_package(tmp_path)
    nameless = tmp_path / "attachment"
    shutil.copy(package, nameless)
    env = dict(os.environ, XDG_DATA_HOME=str(data), XDG_DATA_DIRS="/usr/local/share:/usr/share")
    for path in (package, nameless):
        out = subprocess.run(["gio", "info", "-a", "standard::content-type", str(path)], capture_output=True, text=True,
                             env=env, check=True).stdout
        assert f"standard::content-type: {MIME}" in out, out


def test_the_deb_tree_has_the_program_the_commands_and_the_desktop_files(tmp_path: Path) -> None:
    frozen = tmp_path / "gongkai_desktop"
    (frozen / "_internal").mkdir(parents=True)
    for name in ("gongkai", "gongkai-desktop"):
        (frozen / name).write_bytes(b"\x7fELF")
        (frozen / name).chmod(0o700)
    (frozen / "_internal" / "data.json").write_text("{}", encoding="utf-8")
    root = tmp_path / "root"
    build_deb.stage(frozen, root)
    files = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    assert {"opt/gongkai-desktop/gongkai", "opt/gongkai-desktop/gongkai-desktop", "usr/bin/gongkai", "usr/bin/gongkai-desktop",
            "usr/share/applications/gongkai-desktop.desktop", "usr/share/mime/packages/gongkai-desktop.xml",
            "usr/share/icons/hicolor/scalable/apps/gongkai-desktop.svg", "usr/share/doc/gongkai-desktop/copyright",
            "usr/share/doc/gongkai-desktop/changelog.gz", "DEBIAN/postinst", "DEBIAN/postrm"} <= files
    assert {f"usr/share/icons/hicolor/{s}x{s}/apps/gongkai-desktop.png" for s in build_deb.ICON_SIZES} <= files
    mode = {f: (root / f).stat().st_mode & 0o777 for f in files}
    assert mode["usr/bin/gongkai-desktop"] == mode["opt/gongkai-desktop/gongkai"] == mode["DEBIAN/postrm"] == 0o755
    assert mode["opt/gongkai-desktop/_internal/data.json"] == mode["usr/share/applications/gongkai-desktop.desktop"] == 0o644
    control = build_deb.control("1.0.0", "amd64", "libc6 (>= 2.35)", build_deb.installed_size_kib(root), "m <m@x>")
    assert "Package: gongkai-desktop\nVersion: 1.0.0\nArchitecture: amd64\n" in control
    assert f"Depends: libc6 (>= 2.35), {build_deb.FONTS}\n" in control and "fonts-noto-cjk" in control


@needs_dpkg
def test_the_deb_is_built_for_the_architecture_of_the_program() -> None:
    machine = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    assert build_deb.host_arch() == machine
    assert build_deb.elf_arch(Path(os.path.realpath(sys.executable))) == machine


def test_the_maintainer_scripts_leave_home_directories_alone() -> None:
    for name in ("postinst", "postrm"):
        text = (LINUX / name).read_text(encoding="utf-8")
        assert subprocess.run(["sh", "-n", str(LINUX / name)]).returncode == 0
        assert "rm " not in text and "/home" not in text and "~/" not in text.replace("~/.local/share/gongkai_desktop", "")


@pytest.mark.parametrize(("im", "expected"), [("fcitx", "ibus"), ("fcitx5", "ibus"), ("ibus", "ibus"), ("", "")])
def test_the_window_launcher_routes_fcitx_to_the_input_method_path_qt_has(tmp_path: Path, im: str, expected: str) -> None:
    program = tmp_path / "opt" / "gongkai-desktop-program"
    program.parent.mkdir()
    program.write_text('#!/bin/sh\necho "IM=${QT_IM_MODULE:-} ARGS=$*"\n', encoding="utf-8")
    program.chmod(0o755)
    wrapper = tmp_path / "gongkai-desktop"
    wrapper.write_text((LINUX / "gongkai-desktop").read_text(encoding="utf-8")
                       .replace("/opt/gongkai-desktop/gongkai-desktop", str(program)), encoding="utf-8")
    wrapper.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "QT_IM_MODULE"} | ({"QT_IM_MODULE": im} if im else {})
    out = subprocess.run([str(wrapper), "a b.gkpkg"], capture_output=True, text=True, env=env).stdout.strip()
    assert out == f"IM={expected} ARGS=a b.gkpkg"


# The icon ----------------------------------------------------------------------------------------------

def test_the_icons_are_what_the_svg_renders_to(qapp) -> None:  # noqa: ANN001
    """Each committed PNG is the SVG rendered at its size (pixels within a rasteriser's rounding), so an
    edited SVG cannot ship with stale PNGs (python installer/make_icons.py renders them again)."""
    import make_icons
    from PySide6.QtGui import QImage

    for size in build_deb.ICON_SIZES:
        fresh = QImage.fromData(make_icons.render(size)).convertToFormat(QImage.Format.Format_RGBA8888)
        shipped = QImage(str(make_icons.png_path(size))).convertToFormat(QImage.Format.Format_RGBA8888)
        a, b = bytes(fresh.constBits()), bytes(shipped.constBits())
        assert len(a) == len(b) == size * size * 4
        assert max(abs(x - y) for x, y in zip(a, b)) <= 8, f"{size}px differs from the SVG"


def test_every_icon_size_is_a_square_with_a_transparent_corner(qapp) -> None:  # noqa: ANN001
    from PySide6.QtGui import QImage, QImageReader

    for size in build_deb.ICON_SIZES:
        image = QImage(str(ROOT / "resources" / "icons" / f"gongkai-desktop-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(0, 0).alpha() == 0 and image.pixelColor(size // 2, size // 2).alpha() == 255
    reader = QImageReader(str(ROOT / "resources" / "icons" / "gongkai-desktop.ico"))
    assert reader.imageCount() == len(build_deb.ICON_SIZES)
