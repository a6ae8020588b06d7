"""`gongkai catalog edit|set|na|add|delete|move|revise|show|replace` and `gongkai search`.

Items are named by their 序号 (the row number every table and `gongkai catalog show` prints) and
elements by their Chinese names (公开时限, 公开层级 …); each command is one undoable entry, the
same one the window would make (`gongkai undo` takes it back).
"""

from __future__ import annotations

import argparse

from .. import fieldtext, reference, vocab
from ..changes import Changes
from ..errors import DomainError
from ..records import CatalogInfo, ItemRecord
from ..unit import catalogs
from ..workspace import Workspace
from .common import open_workspace, print_table

SOURCE_BY_NAME = {label: key for key, label in vocab.SOURCES.items() if key != vocab.SOURCE_TEMPLATE}


def register_catalog(cat: argparse._SubParsersAction) -> None:
    """The editing commands under `gongkai catalog`."""
    p = cat.add_parser("show", help="列出某领域目录的事项及其序号")
    p.add_argument("area", help="领域编号或名称")
    p.add_argument("numbers", nargs="?", help="只列出这些序号，如 1-20,25")
    p.set_defaults(func=cmd_show)

    p = cat.add_parser("edit", help="修改一个事项的要素：gongkai catalog edit 04 3 公开时限=实时")
    p.add_argument("area")
    p.add_argument("number", help="事项序号")
    p.add_argument("assignments", nargs="+", metavar="要素=值")
    p.set_defaults(func=cmd_edit)

    p = cat.add_parser("set", help="批量设置多个事项的要素：gongkai catalog set 04 1-20,25 公开层级=县级,乡级")
    p.add_argument("area")
    p.add_argument("numbers", help="序号范围，如 1-20,25")
    p.add_argument("assignments", nargs="+", metavar="要素=值")
    p.set_defaults(func=cmd_set)

    p = cat.add_parser("na", help="把事项标记为不适用（须写明理由）")
    p.add_argument("area")
    p.add_argument("number")
    p.add_argument("--reason", required=True, help="不适用的理由，如 本单位无此职能")
    p.set_defaults(func=cmd_na)

    p = cat.add_parser("add", help="新增本单位自有事项")
    p.add_argument("area")
    p.add_argument("level1", metavar="一级事项")
    p.add_argument("level2", metavar="二级事项")
    p.add_argument("assignments", nargs="*", metavar="要素=值")
    p.add_argument("--source", required=True, choices=list(SOURCE_BY_NAME), help="事项来源")
    p.set_defaults(func=cmd_add)

    p = cat.add_parser("delete", help="删除本单位自有事项（国家标准指引中的事项请标记不适用）")
    p.add_argument("area")
    p.add_argument("number")
    p.set_defaults(func=cmd_delete)

    p = cat.add_parser("move", help="把事项移到新的序号")
    p.add_argument("area")
    p.add_argument("number")
    p.add_argument("new_number", metavar="新序号")
    p.set_defaults(func=cmd_move)

    p = cat.add_parser("revise", help="开始修订已提交或已通过的目录（作为新版本重新报送）")
    p.add_argument("area")
    p.set_defaults(func=cmd_revise)

    p = cat.add_parser("replace", help="在某领域目录的文字要素中查找并替换")
    p.add_argument("area")
    p.add_argument("find", metavar="查找")
    p.add_argument("replace", metavar="替换为")
    p.add_argument("--field", action="append", help="只在这些要素中替换（可重复），如 --field 公开主体")
    p.set_defaults(func=cmd_replace)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="在本单位全部目录（审核端：全部报送）中查找文字")
    p.add_argument("text", metavar="文字")
    p.set_defaults(func=cmd_search)


# Finding the catalog and its items ---------------------------------------------------------------------
def _catalog(ws: Workspace, area: str) -> tuple[CatalogInfo, list[ItemRecord]]:
    code = reference.get_area(ws, area).code
    info = catalogs.find_catalog(ws, code)
    if info is None:
        name = reference.get_area(ws, code).name
        raise DomainError("catalog_not_started", f"本单位尚未开始编制“{name}”的目录。用 `gongkai catalog start {code}` 开始。")
    return info, catalogs.load_items(ws, info.id)


def _item(items: list[ItemRecord], number: str) -> ItemRecord:
    return items[fieldtext.parse_numbers(number, len(items))[0] - 1]


def _label(item: ItemRecord) -> str:
    return " / ".join(x for x in (item.level1, item.level2) if x) or "（未命名事项）"


def _done(changes: Changes, what: str) -> int:
    print(f"已{changes.name}：{what}。可用 `gongkai undo` 撤销。" if changes else f"没有变化：{what}。")
    return 0


# Commands ------------------------------------------------------------------------------------------------
def cmd_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, items = _catalog(ws, args.area)
        wanted = fieldtext.parse_numbers(args.numbers, len(items)) if args.numbers else range(1, len(items) + 1)
        print(f"（{info.area_code}）{info.area_name} · {vocab.CATALOG_STATUSES.get(info.status, info.status)} · v{info.version}")
        rows = []
        for n in wanted:
            i = items[n - 1]
            mark = "不适用" if i.not_applicable else ("自有" if i.template_code is None else "")
            rows.append([str(n), i.level1, i.level2, i.time_limit[:24], "、".join(i.levels), mark])
        print_table(["序号", "一级事项", "二级事项", "公开时限", "公开层级", "标记"], rows)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, items = _catalog(ws, args.area)
        item = _item(items, args.number)
        changes = catalogs.edit_item(ws, item.id, fieldtext.parse_assignments(args.assignments))
        return _done(changes, f"{info.area_name} 第 {args.number} 项“{_label(item)}”")


def cmd_set(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, items = _catalog(ws, args.area)
        numbers = fieldtext.parse_numbers(args.numbers, len(items))
        changes = catalogs.set_fields(ws, [items[n - 1].id for n in numbers], fieldtext.parse_assignments(args.assignments))
        changed = len(changes.old)
        return _done(changes, f"{info.area_name} 的 {len(numbers)} 个事项（实际改动 {changed} 个）")


def cmd_na(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, items = _catalog(ws, args.area)
        item = _item(items, args.number)
        return _done(catalogs.mark_not_applicable(ws, item.id, args.reason), f"{info.area_name} 第 {args.number} 项“{_label(item)}”")


def cmd_add(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, _ = _catalog(ws, args.area)
        fields = fieldtext.parse_assignments(args.assignments)
        changes = catalogs.add_item(ws, info.id, SOURCE_BY_NAME[args.source], args.level1, args.level2, fields=fields)
        number = changes.item.position + 1
        return _done(changes, f"{info.area_name} 第 {number} 项“{args.level1} / {args.level2}”")


def cmd_delete(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, items = _catalog(ws, args.area)
        item = _item(items, args.number)
        return _done(catalogs.delete_item(ws, item.id), f"{info.area_name} 第 {args.number} 项“{_label(item)}”")


def cmd_move(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, items = _catalog(ws, args.area)
        item = _item(items, args.number)
        target = fieldtext.parse_numbers(args.new_number, len(items))[0]
        return _done(catalogs.move_item(ws, item.id, target - 1), f"“{_label(item)}”移到第 {target} 项")


def cmd_revise(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, _ = _catalog(ws, args.area)
        changes = catalogs.start_revision(ws, info.id)
        print(f"已开始修订“{info.area_name}”：现为第 {changes.catalog.version} 版（编制中），修改后请重新报送。"
              "可用 `gongkai undo` 撤销。")
    return 0


def cmd_replace(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        info, _ = _catalog(ws, args.area)
        fields = [fieldtext.field_named(f) for f in args.field] if args.field else None
        changes = catalogs.replace_text(ws, info.id, args.find, args.replace, fields)
        if not changes.items:
            print(f"“{info.area_name}”中没有找到“{args.find}”。")
            return 0
        return _done(changes, f"{info.area_name} 中的 {len(changes.items)} 个事项")


def cmd_search(args: argparse.Namespace) -> int:
    from ..workspace import ROLE_REVIEW

    with open_workspace(args) as ws:
        if ws.role == ROLE_REVIEW:
            from ..office.search import search_submissions

            hits = search_submissions(ws, args.text)
            rows = [[h.owner_name, h.area_name, str(h.number), _label(h.item), h.field_labels] for h in hits]
            headers = ["单位", "领域", "序号", "事项", "匹配要素"]
        else:
            from ..unit.search import search_catalogs

            hits = search_catalogs(ws, args.text)
            rows = [[h.area_code, h.area_name, str(h.number), _label(h.item), h.field_labels] for h in hits]
            headers = ["编号", "领域", "序号", "事项", "匹配要素"]
        if not hits:
            print(f"没有找到“{args.text}”。")
            return 1
        print_table(headers, rows)
        areas = len({h.area_code for h in hits})
        print(f"共 {len(hits)} 个事项，分布在 {areas} 个领域。")
    return 0
