"""`gongkai law list|add|use`: repealed or replaced legal bases — the list, the office's additions, and
a unit taking the successor for an item."""

from __future__ import annotations

import argparse

from .. import reference
from ..resources import LAW_KINDS
from .common import open_workspace, print_table


def register(sub: argparse._SubParsersAction) -> None:
    lw = sub.add_parser("law", help="已废止或被取代的法律法规：清单、补充、改用新法").add_subparsers(dest="law_cmd", metavar="操作")
    p = lw.add_parser("list", help="列出已废止或被取代的法律法规（软件自带及市府办补充的）")
    p.set_defaults(func=cmd_list)
    p = lw.add_parser("add", help="审核端：补充一条（随下发文件发给各单位）")
    p.add_argument("name", help="被废止的法律法规全称，如 中华人民共和国收养法")
    p.add_argument("--successor", default="", help="取代它的新法全称")
    p.add_argument("--date", required=True, help="废止（新法施行）日期，如 2021-01-01")
    p.add_argument("--source", required=True, help="出处：新法的附则条文或废止决定")
    p.add_argument("--kind", default="replaced", choices=list(LAW_KINDS), help="replaced 被取代 / repealed 废止 / renamed 更名")
    p.set_defaults(func=cmd_add)
    p = lw.add_parser("use", help="单位端：把某事项依据中已废止的法律法规改为新法（一次可撤销的修改）")
    p.add_argument("area", help="领域编号或名称")
    p.add_argument("row", type=int, metavar="序号", help="事项序号（从 1 起）")
    p.set_defaults(func=cmd_use)


def cmd_list(args: argparse.Namespace) -> int:
    from ..office.laws import list_laws

    with open_workspace(args) as ws:
        rows = [[f"《{x.name}》", f"《{x.successor}》" if x.successor else "—", str(x.effective), LAW_KINDS[x.kind],
                 x.source[:50]] for x in list_laws(ws)]
        print_table(["已废止", "新法", "日期", "情况", "出处"], rows)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from ..office.laws import add_law

    with open_workspace(args) as ws:
        law = add_law(ws, args.name, args.successor, args.date, args.source, args.kind)
        print(f"已补充：《{law.name}》{law.describe()}。下发文件时一并发给各单位。")
    return 0


def cmd_use(args: argparse.Namespace) -> int:
    from ..unit.history import item_at
    from ..unit.law_fix import use_successor

    with open_workspace(args) as ws:
        area = reference.get_area(ws, args.area)
        item = item_at(ws, area.code, args.row)
        changes = use_successor(ws, item.id)
        print(f"已改用新法：{changes.item.basis[:120]}")
        print("请核对条款序号。如需取消，用 `gongkai undo`。")
    return 0
