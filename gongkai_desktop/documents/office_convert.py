"""Old and other office formats (.doc, WPS's .wps, .ods, .odt, .xls that xlrd cannot read) converted
to .docx/.xlsx by LibreOffice when it is installed, so the one table reader can take them.

LibreOffice runs headless with a profile of its own in a temporary folder (it never touches the
user's), on a copy of the file named by what the file really is, within a time limit. When it is
not installed the user is told what to do instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import DomainError

TIMEOUT_S = 120
WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
SOURCE_SUFFIX = {"doc": ".doc", "xls": ".xls", "odt": ".odt", "ods": ".ods"}


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((p for p in WINDOWS_PATHS if os.name == "nt" and Path(p).is_file()), None)


@contextmanager
def converted(path: Path, kind: str, target: str) -> Iterator[Path]:
    """``path`` (really of ``kind``) as a ``target`` ("docx" or "xlsx") file, while the block runs."""
    program = soffice()
    if program is None:
        raise DomainError("libreoffice_missing", f"{path.name} 是旧版或其他格式的文件，需要安装 LibreOffice 才能导入。"
                          f"请安装 LibreOffice，或在 WPS/Office 中把它“另存为”.{target} 后再导入。")
    with tempfile.TemporaryDirectory(prefix="gongkai-convert-") as tmp:
        src = Path(tmp) / f"source{SOURCE_SUFFIX.get(kind, path.suffix)}"
        shutil.copyfile(path, src)
        out = Path(tmp) / "out"
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
               "--convert-to", target, "--outdir", str(out), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise DomainError("convert_timeout", f"LibreOffice 转换 {path.name} 超过 {TIMEOUT_S} 秒仍未完成，已停止。") from exc
        except OSError as exc:
            raise DomainError("convert_failed", f"无法启动 LibreOffice 转换 {path.name}（{exc}）。") from exc
        result = out / f"source.{target}"
        if not result.is_file():
            raise DomainError("convert_failed", f"LibreOffice 无法转换 {path.name}：文件可能已损坏或有密码保护。"
                              f"请在 WPS/Office 中打开它并“另存为”.{target} 后再导入。")
        yield result
