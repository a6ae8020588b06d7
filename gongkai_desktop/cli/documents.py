"""`gongkai export …` and `gongkai import …`: documents in the national layout; catalogs and templates in
(Excel, Word, WPS), previewed before anything is written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DomainError
from ..workspace import ROLE_REVIEW, Workspace
from .common import open_workspace

if TYPE_CHECKING:
    from ..documents.layout import ExportOptions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="导出目录：Excel（xlsx）、Word（docx）、负面清单、一周一进度")
    p.add_argument("format", choices=["xlsx", "docx", "negative-list", "weekly"],
                   help="xlsx / docx：目录；negative-list：负面清单（docx）；weekly：一周一进度（docx）")
    p.add_argument("areas", nargs="*", metavar="AREA", help="领域编号或名称（默认为全部已编制的领域）")
    p.add_argument("-o", "--output", required=True,
                   help="保存为哪个文件；以 .pdf 结尾时用 LibreOffice 打印成 PDF（xlsx / docx 指定按 Excel 还是 Word 的版式）")
    p.add_argument("--channels", choices=["checklist", "chosen_only", "tick_columns"], default="checklist",
                   help="公开渠道的样式：checklist 全部列出 ■/□（默认）；chosen_only 只列所选；tick_columns 每个渠道一列")
    p.add_argument("--levels", choices=["standard", "zhejiang"], default="standard",
                   help="公开层级：standard 县级/乡级（默认）；zhejiang 市级/镇街乡/村")
    p.add_argument("--paper", choices=["A4", "A3"], default="A4", help="纸张（横向），默认 A4")
    p.add_argument("--all-columns", action="store_true",
                   help="也打印本软件的内部列（公开属性、不予公开依据、适用情况、来源、模板编号、五公开、备注；汇总目录的审核提示）；"
                        "默认只打印国家表格的列")
    p.add_argument("--national-only", action="store_true",
                   help="只打印国家表格的列（现在就是默认，保留此选项以兼容旧脚本）")
    p.add_argument("--skip-not-applicable", action="store_true", help="不导出标记为“不适用”的事项")
    p.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="导入：单位已有的目录（Excel / Word / WPS），或国家标准指引模板（含汇编）")
    isub = imp.add_subparsers(dest="import_cmd", metavar="类型")
    for name, text in (("catalog", "导入单位已有的目录（.xlsx .xls .docx；装有 LibreOffice 时还有 .doc .wps .et），先显示预览"),
                       ("xlsx", "同 catalog（旧名称，保留）")):
        p = isub.add_parser(name, help=text)
        p.add_argument("file", help="目录文件（.xlsx .xls .docx .doc .wps .et）")
        p.add_argument("--area", help="把所有工作表/表格都导入到这个领域（默认按工作表名、标题或表格前的标题识别）")
        p.add_argument("--dry-run", action="store_true", help="只显示预览，不写入")
        p.add_argument("--yes", action="store_true", help="有无法读取的行时也导入其余各行")
        p.set_defaults(func=cmd_import_catalog)
    p = isub.add_parser("template", help="导入国家标准指引模板：一个领域的文件，或整本汇编（每个领域一个新版本）")
    p.add_argument("file", help="模板文件（.xlsx .xls .docx …），可含多个领域")
    p.add_argument("--area", help="只导入这个领域（单个领域的文件也用它指定领域）")
    p.add_argument("--version", help="新模板的版本号，如 2021.1（默认：各领域现有版本的下一个，如 2026.1）")
    p.add_argument("--dry-run", action="store_true", help="只显示各领域的预览，不写入")
    p.add_argument("--yes", action="store_true", help="有无法读取的行时也导入其余各行")
    p.set_defaults(func=cmd_import_template)


def _progress(fraction: float, message: str) -> None:
    if message:
        print(f"\r{int(fraction * 100):3d}%  {message}".ljust(60), end="", file=sys.stderr, flush=True)


def cmd_export(args: argparse.Namespace) -> int:
    from ..documents.layout import ExportOptions

    if args.all_columns and args.national_only:
        raise DomainError("bad_option", "--all-columns 与 --national-only 不能同时使用。")
    national_only = False if args.all_columns else None
    options = ExportOptions(channels=args.channels, levels=args.levels, paper=args.paper,
                            national_only=national_only, skip_not_applicable=args.skip_not_applicable)
    with open_workspace(args) as ws:
        if ws.role == ROLE_REVIEW:  # the review office's documents are the county's
            return _export_county(ws, args, options)
        from ..unit import exports

        if args.format == "negative-list":
            result = exports.export_negative_list(ws, args.output, args.areas or None, paper=args.paper)
            print(f"已导出负面清单：{result.rows} 个不予公开事项，保存到 {result.path}")
            return 0
        if args.format == "weekly":
            result = exports.export_weekly_report(ws, args.output, paper=args.paper)
            print(f"已导出一周一进度：{result.sheets} 行，保存到 {result.path}")
            return 0
        result = exports.export_catalogs(ws, args.format, args.areas or None, args.output, options,
                                         progress=_progress if sys.stderr.isatty() else None)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(result.message())
    return 0


def _output(args: argparse.Namespace) -> Path:
    """The county document's file: .pdf as given (printed in the chosen layout), else with the format's suffix."""
    out = Path(args.output)
    return out if out.suffix.lower() == ".pdf" else out.with_suffix(f".{args.format}")


def _export_county(ws: Workspace, args: argparse.Namespace, options: ExportOptions) -> int:
    """`export` on the review office: the county aggregate, its negative list, the office's 一周一进度."""
    from .. import reference
    from ..office import reports

    codes = [reference.get_area(ws, a).code for a in args.areas] if args.areas else None
    if args.format == "negative-list":
        result = reports.export_negative_list(ws, args.output, codes, paper=args.paper)
        print(f"已导出负面清单：{result.rows} 个不予公开事项，保存到 {result.path}")
        return 0
    if args.format == "weekly":
        result = reports.export_weekly_report(ws, args.output, paper=args.paper)
        print(f"已导出一周一进度：{result.sheets} 行，保存到 {result.path}")
        return 0
    result = reports.export_aggregate(ws, _output(args), codes, options, progress=_progress if sys.stderr.isatty() else None,
                                      pdf_layout=args.format)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(result.message())
    return 0


def cmd_import_catalog(args: argparse.Namespace) -> int:
    from ..unit.imports import apply_import, read_catalog

    with open_workspace(args) as ws:
        preview = read_catalog(ws, args.file, args.area)
        for line in preview.lines():
            print(line)
        if args.dry_run:
            print("（预览，未导入。去掉 --dry-run 即导入。）")
            return 0 if preview.ok and (args.area or not preview.unknown_area_sheets()) else 1
        if preview.rows_read == 0:
            raise DomainError("nothing_to_import", "文件中没有可以导入的事项，未写入。")
        if preview.refused and not args.yes:
            print(f"有 {len(preview.refused)} 行无法读取，未写入。请修改文件后重试，或加 --yes 只导入能读取的行。",
                  file=sys.stderr)
            return 1
        summary = apply_import(ws, preview, area_code=args.area)
        for line in summary.lines():
            print(line)
    return 0


cmd_import_xlsx = cmd_import_catalog


def cmd_import_template(args: argparse.Namespace) -> int:
    from ..office.templates import import_template_collection, read_template_collection

    with open_workspace(args) as ws:
        preview = read_template_collection(ws, args.file, args.area, args.version)
        for line in preview.lines():
            print(line)
        if args.dry_run:
            print("（预览，未导入。去掉 --dry-run 即导入。）")
            return 0 if not preview.refused else 1
        if preview.refused and not args.yes:
            print(f"有 {preview.refused} 行无法读取，未写入。请修改文件后重试，或加 --yes 只导入能读取的行。",
                  file=sys.stderr)
            return 1
        for summary in import_template_collection(ws, preview, skip_refused=args.yes):
            print(summary.message())
    return 0
