"""`gongkai template changes|apply|keep AREA`: a unit takes or keeps, change by change, what changed in
the national template its catalog follows (the office sent a newer version in its distribution)."""

from __future__ import annotations

import argparse

from .. import reference
from ..errors import DomainError
from ..revisions import describe, show_value
from .common import open_workspace, print_table


def register(sub: argparse._SubParsersAction) -> None:
    tp = sub.add_parser("template", help="本单位目录所依据的国家标准指引有新版本时：查看变化、逐项采用或保留").add_subparsers(
        dest="template_cmd", metavar="操作")
    p = tp.add_parser("changes", help="列出模板新版本与本目录所依据版本之间的每处变化")
    p.add_argument("area", help="领域编号或名称")
    p.set_defaults(func=cmd_changes)
    for name, text, func in (("apply", "采用模板的变化（一次可撤销的修改）", cmd_apply),
                             ("keep", "保留本单位的内容，不采用这些变化（一次可撤销的操作）", cmd_keep)):
        p = tp.add_parser(name, help=text)
        p.add_argument("area", help="领域编号或名称")
        g = p.add_mutually_exclusive_group()  # neither: a Chinese refusal saying to write one (below)
        g.add_argument("--all", action="store_true", help="全部待处理的变化")
        g.add_argument("codes", nargs="*", default=[], metavar="模板编号", help="如 04-02-03")
        p.set_defaults(func=func)


def _catalog(ws, area_text: str) -> tuple[int, str]:  # noqa: ANN001
    from ..unit.template_upgrade import catalog_for_area

    area = reference.get_area(ws, area_text)
    return catalog_for_area(ws, area.code), area.name


def cmd_changes(args: argparse.Namespace) -> int:
    from ..unit import template_upgrade as tu

    with open_workspace(args) as ws:
        cid, name = _catalog(ws, args.area)
        up = tu.template_changes(ws, cid)
        if up is None:
            info = reference.latest_template(ws, reference.get_area(ws, args.area).code)
            print(f"“{name}”目录已依据最新版国家标准指引（{info[1] if info else '无'} 版），没有需要处理的变化。")
            return 0
        print(up.summary())
        rows = []
        for c in up.changes:
            what = "；".join(f"{describe([f])}：{show_value(f, old)[:24]} → {show_value(f, new)[:24]}"
                            for f, (old, new) in c.fields.items())
            if c.channels_added:
                what += ("；" if what else "") + f"新增必选渠道：{'、'.join(c.channels_added)}"
            if c.channels_removed:
                what += ("；" if what else "") + f"不再必选：{'、'.join(c.channels_removed)}"
            own = "本单位已改写：" + describe(c.edited) if c.edited else ("本单位无此事项" if c.item is None else "")
            rows.append([c.code, c.kind_label, c.label[:30], what or "—", own, c.choice_label])
        print_table(["模板编号", "变化", "事项", "内容", "本单位", "处理"], rows)
        if up.pending:
            print(f"采用：gongkai template apply {up.area_code} 模板编号…（或 --all）；"
                  f"保留本单位内容：gongkai template keep {up.area_code} 模板编号…")
    return 0


def _answer(args: argparse.Namespace, take: bool) -> int:
    from ..unit import template_upgrade as tu

    if not args.all and not args.codes:
        raise DomainError("codes_required", "请写出模板编号，或用 --all 处理全部变化。")
    with open_workspace(args) as ws:
        cid, name = _catalog(ws, args.area)
        fn = tu.take_changes if take else tu.keep_changes
        changes = fn(ws, cid, None if args.all else args.codes)
        up = tu.template_changes(ws, cid)
        print(f"{changes.name}：已处理。" + (f"还有 {len(up.pending)} 处待处理。" if up and up.pending else ""))
        if up is None:
            follows = reference.latest_template(ws, reference.get_area(ws, args.area).code)
            print(f"“{name}”目录现依据国家标准指引 {follows[1] if follows else ''} 版。")
        print("如需取消，用 `gongkai undo`。")
    return 0


def cmd_apply(args: argparse.Namespace) -> int:
    return _answer(args, True)


def cmd_keep(args: argparse.Namespace) -> int:
    return _answer(args, False)
