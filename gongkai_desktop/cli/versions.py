"""`gongkai catalog versions|diff|history|restore`: the catalog's kept versions, what changed between
two of them (and the 修订对照表), an item's history and restoring an earlier value.

On a unit these are its own catalogs; at the review office ``--unit`` names whose catalog.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reference
from ..errors import DomainError
from ..revisions import describe, show_value
from ..workspace import ROLE_REVIEW, Workspace
from .common import open_workspace, print_table, subcommands


def register(sub: argparse._SubParsersAction) -> None:
    cat = subcommands(sub, "catalog")
    p = cat.add_parser("versions", help="列出某领域目录保留的全部版本（已提交、已通过、已发布、当前草稿）")
    p.add_argument("area", help="领域编号或名称")
    p.add_argument("--unit", help="审核端：哪个单位的目录")
    p.set_defaults(func=cmd_versions)
    p = cat.add_parser("diff", help="比较两个版本：新增、删除、移动、逐项修改；-o 生成修订对照表")
    p.add_argument("area", help="领域编号或名称")
    p.add_argument("v1", nargs="?", help="较早的版本，如 1 或 v1（不写：上次通过或提交的版本）")
    p.add_argument("v2", nargs="?", help="较新的版本（不写：当前目录；“草稿”表示当前目录）")
    p.add_argument("--unit", help="审核端：哪个单位的目录")
    p.add_argument("-o", "--output", help="把修订对照表写入 .docx（Word）或 .xlsx（Excel）文件")
    p.set_defaults(func=cmd_diff)
    p = cat.add_parser("history", help="某个事项的全部修改记录（何时、改了什么、原值 → 新值、由哪个操作）")
    p.add_argument("area", help="领域编号或名称")
    p.add_argument("row", type=int, metavar="序号", help="事项在目录中的序号（从 1 起，同 catalog list / 导出表格）")
    p.set_defaults(func=cmd_history)
    p = cat.add_parser("restore", help="把事项某一要素恢复为某条修改记录之前的值（一次可撤销的修改）")
    p.add_argument("area", help="领域编号或名称")
    p.add_argument("row", type=int, metavar="序号")
    p.add_argument("--change", type=int, required=True, metavar="N", help="修改记录的编号（见 catalog history）")
    p.set_defaults(func=cmd_restore)


def _service(ws: Workspace, unit: str | None):  # noqa: ANN202 - the unit's or the office's module
    if ws.role == ROLE_REVIEW:
        if not unit:
            raise DomainError("unit_required", "审核端请用 --unit 写明是哪个单位的目录，如 --unit 市公安局。")
        from ..office import revision

        code = reference.find_unit(ws, unit).code
        return lambda name, *a: getattr(revision, name)(ws, code, *a)
    if unit:
        raise DomainError("unit_option_office", "--unit 只在审核端使用；单位端查看的是本单位的目录。")
    from ..unit import revision as unit_revision

    return lambda name, *a: getattr(unit_revision, name)(ws, *a)


def cmd_versions(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        area = reference.get_area(ws, args.area)
        found = _service(ws, args.unit)("list_versions", area.code)
        if not found:
            print(f"“{area.name}”还没有保留的版本。目录每次提交报送的版本都会保留。")
            return 0
        rows = [[f"v{v.number}", v.state_label + ("（当前）" if v.current and v.ref.kind != "draft" else ""),
                 f"{v.at:%Y-%m-%d %H:%M}" if v.at else "", v.template_version or "—", str(v.item_count),
                 str(v.sequence or "")] for v in found]
        print(f"“{area.name}”目录的版本（只读保留）：")
        print_table(["版本", "状态", "时间", "模板版本", "事项数", "报送序号"], rows)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        area = reference.get_area(ws, args.area)
        service = _service(ws, args.unit)
        comparison = service("compare_versions", area.code, args.v1, args.v2)
        d = comparison.diff
        print(f"{comparison.unit_name} · {area.name}：{comparison.old.label} → {comparison.new.label}")
        print(d.summary())
        for c in d.changes:
            where = f"第 {c.item.position + 1} 项"
            detail = f"：{describe(c.fields)}" if c.fields else ""
            print(f"  [{c.kind_label}] {where} {c.label}{detail}")
            for f, (old, new) in c.fields.items():
                print(f"      {describe([f])}：{show_value(f, old)[:60]} → {show_value(f, new)[:60]}")
        if args.output:
            if ws.role == ROLE_REVIEW:
                from ..office.revision import export_revision_table
            else:
                from ..unit.revision import export_revision_table
            path = export_revision_table(comparison, Path(args.output))
            print(f"已生成修订对照表（{len(d.changes)} 处修改）：{path}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from ..unit import history

    with open_workspace(args) as ws:
        _unit_only(ws)
        area = reference.get_area(ws, args.area)
        item = history.item_at(ws, area.code, args.row)
        entries = history.history(ws, item.id)
        print(f"第 {args.row} 项 {item.level1} / {item.level2} 的修改记录（{len(entries)} 条）：")
        rows = [[str(e.number), f"{e.at:%Y-%m-%d %H:%M}", f"v{e.catalog_version}", e.action_label, e.field_label,
                 e.change_text[:80], e.origin_text] for e in entries]
        print_table(["编号", "时间", "版本", "操作", "要素", "原值 → 新值", "来源"], rows)
        if any(e.restorable for e in entries):
            print(f"恢复某条修改之前的值：gongkai catalog restore {area.code} {args.row} --change 编号")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..unit import history

    with open_workspace(args) as ws:
        _unit_only(ws)
        area = reference.get_area(ws, args.area)
        item = history.item_at(ws, area.code, args.row)
        changes = history.restore(ws, item.id, args.change)
        if not changes.old:
            print("该要素现在已是这个值，没有修改。")
            return 0
        after = changes.item
        for f, old in changes.old_values(item.id).items():
            print(f"已恢复{describe([f])}：{show_value(f, old)[:60]} → {show_value(f, getattr(after, f))[:60]}")
        print("如需取消，用 `gongkai undo`。")
    return 0


def _unit_only(ws: Workspace) -> None:
    if ws.role == ROLE_REVIEW:
        raise DomainError("role_conflict", "事项修改记录在编制目录的单位端查看；审核端请用 catalog versions / diff --unit 比较报送版本。")
