"""Print preview and direct PDF: an exported .xlsx/.docx printed to PDF by LibreOffice.

The document is written exactly as the Excel/Word export writes it (so the PDF is what the printer
would give), into a temporary folder, and LibreOffice (headless, with a profile of its own, see
`office_convert`) prints it to PDF; the PDF is then moved into place durably. Without LibreOffice
the user is told what to install, or how to get a PDF from WPS/Office instead.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import durable
from ..errors import DomainError
from . import layout
from .layout import ExportOptions, SheetData
from .office_convert import soffice

TIMEOUT_S = 900  # a 1,500-item Word table takes LibreOffice minutes on a slow PC
POLL_S = 0.25

MISSING_MESSAGE = ("没有找到 LibreOffice，无法生成 PDF 或打印预览。请安装 LibreOffice（免费软件，可从 "
                   "https://zh-cn.libreoffice.org/ 下载，安装时选“典型安装”），装好后重新打开本软件再试；"
                   "也可以先导出 Excel 或 Word 文件，在 WPS 或 Office 中打开后选“输出为 PDF”。")


def require_libreoffice() -> str:
    """The LibreOffice program, or a refusal saying what to install."""
    program = soffice()
    if program is None:
        raise DomainError("libreoffice_missing", MISSING_MESSAGE)
    return program


def export_pdf(write: Callable[[Path], object], fmt: str, out_path: str | Path,
               progress: layout.Progress | None = None, cancelled: layout.Cancelled | None = None) -> Path:
    """Write the document with ``write(path)`` (an .xlsx or .docx export) and print it to ``out_path``."""
    program = require_libreoffice()
    out = Path(out_path)
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as tmp:
        source = Path(tmp) / f"目录.{fmt}"
        write(source)
        if progress:
            progress(0.5, "正在用 LibreOffice 生成 PDF（页数多时需要几分钟）")
        pdf = _convert(program, source, Path(tmp), cancelled)
        durable.write_file(out, lambda dest: shutil.copyfile(pdf, dest))
    if progress:
        progress(1.0, "PDF 已生成")
    return out


def _convert(program: str, source: Path, tmp: Path, cancelled: layout.Cancelled | None) -> Path:
    profile = (tmp / "profile").as_uri()
    outdir = tmp / "pdf"
    cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
           "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise DomainError("convert_failed", f"无法启动 LibreOffice 生成 PDF（{exc}）。") from exc
    start = time.monotonic()
    while proc.poll() is None:
        if cancelled and cancelled():
            proc.kill()
            proc.wait()
            raise DomainError("cancelled", "已取消生成 PDF，未生成文件。")
        if time.monotonic() - start > TIMEOUT_S:
            proc.kill()
            proc.wait()
            raise DomainError("convert_timeout", f"LibreOffice 生成 PDF 超过 {TIMEOUT_S // 60} 分钟仍未完成，已停止。"
                              "请少选几个领域再试。")
        time.sleep(POLL_S)
    pdf = outdir / f"{source.stem}.pdf"
    if not pdf.is_file():
        raise DomainError("convert_failed", "LibreOffice 未能生成 PDF。请关闭正在运行的 LibreOffice 窗口后重试，"
                          "或导出 Excel/Word 后在 WPS/Office 中“输出为 PDF”。")
    return pdf


def write_document(sheets: Sequence[SheetData], fmt: str, out_path: str | Path, options: ExportOptions,
                   progress: layout.Progress | None = None, cancelled: layout.Cancelled | None = None) -> Path:
    """The sheets as .xlsx / .docx, or, for a .pdf path, that document printed by LibreOffice."""
    def write(target: Path, report: layout.Progress | None = progress) -> Path:
        if fmt == "xlsx":
            from .xlsx_export import write_xlsx

            return write_xlsx(sheets, target, options, report, cancelled)
        from .docx_export import write_docx

        return write_docx(sheets, target, options, report, cancelled)

    if Path(out_path).suffix.lower() != ".pdf":
        return write(Path(out_path))
    require_libreoffice()  # before the export's work, not after
    half = (lambda f, m: progress(f / 2, m)) if progress else None
    return export_pdf(lambda target: write(target, half), fmt, out_path, progress, cancelled)
