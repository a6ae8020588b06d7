"""`gongkai area add …` / `gongkai unit add …` (the review office): further areas (其他领域) and units
(村/社区 under a township, 公共企事业单位), distributed to the units with the next distribution."""

from __future__ import annotations

import argparse

from .. import vocab
from .common import open_workspace, print_table


def register(sub: argparse._SubParsersAction) -> None:
    ar = sub.add_parser("area", help="审核端：新增其他领域").add_subparsers(dest="area_cmd", metavar="操作")
    p = ar.add_parser("add", help="新增一个领域：名称、一级事项、责任单位，可附模板（Excel）")
    p.add_argument("name", help="领域名称，如 政务服务")
    p.add_argument("--level1", nargs="+", required=True, metavar="一级事项", help="一级事项名称（可写多个）")
    p.add_argument("--code", help="领域编号（两位数字，27–99；不写则自动编号）")
    p.add_argument("--units", nargs="*", default=[], metavar="单位", help="责任单位名称或编号")
    p.add_argument("--template", help="该领域的模板（Excel，格式同目录导出）")
    p.add_argument("--version", default="1", help="模板版本号（默认 1）")
    p.set_defaults(func=cmd_area_add)
    p = ar.add_parser("list", help="列出审核端新增的领域")
    p.set_defaults(func=cmd_area_list)

    un = sub.add_parser("unit", help="审核端：新增单位（村/社区、公共企事业单位等）").add_subparsers(
        dest="unit_cmd", metavar="操作")
    p = un.add_parser("add", help="新增一个单位及其负责的领域")
    p.add_argument("name", help="单位名称，如 江山市水务集团、城北社区")
    p.add_argument("--kind", required=True, choices=list(vocab.SUBMITTER_KINDS),
                   help="department 市级部门 / township 乡镇（街道）/ village 村（社区）/ enterprise 公共企事业单位")
    p.add_argument("--parent", help="村（社区）所属的乡镇（街道）")
    p.add_argument("--areas", nargs="*", default=[], metavar="领域", help="负责的领域编号或名称")
    p.add_argument("--code", help="单位编号（不写则自动编号）")
    p.add_argument("--alias", nargs="*", default=[], help="别名")
    p.set_defaults(func=cmd_unit_add)


def cmd_area_add(args: argparse.Namespace) -> int:
    from ..office import registry

    with open_workspace(args) as ws:
        area = registry.add_area(ws, args.name, args.level1, code=args.code, units=args.units,
                                 template=args.template, template_version=args.version)
        print(f"已新增领域（{area.code}）{area.name}：一级事项 {'、'.join(area.level1)}。"
              + (f"模板 {args.version} 版已导入。" if args.template else "")
              + "请用 `gongkai package distribute -o 文件" + (f" --template {area.code}" if args.template else "")
              + "` 下发给各单位。")
    return 0


def cmd_area_list(args: argparse.Namespace) -> int:
    from .. import reference
    from ..office import registry

    with open_workspace(args) as ws:
        areas = registry.office_area_list(ws)
        if not areas:
            print("尚未新增其他领域。用 `gongkai area add 名称 --level1 一级事项…` 新增。")
            return 0
        units = reference.list_units(ws)
        rows = [[a.code, a.name, "、".join(a.level1), "、".join(u.name for u in units if a.code in u.areas) or "—"]
                for a in areas]
        print_table(["编号", "领域", "一级事项", "责任单位"], rows)
    return 0


def cmd_unit_add(args: argparse.Namespace) -> int:
    from .. import reference
    from ..office import registry

    with open_workspace(args) as ws:
        u = registry.add_unit(ws, args.name, args.kind, areas=args.areas, parent=args.parent, code=args.code,
                              aliases=args.alias)
        names = {a.code: a.name for a in reference.list_areas(ws)}
        where = f"，属于{reference.find_unit(ws, u.parent).name}" if u.parent else ""
        print(f"已新增{vocab.SUBMITTER_KINDS[u.kind]}“{u.name}”（{u.code}）{where}；负责领域：{'、'.join(names[c] for c in u.areas) or '无'}。"
              "请用 `gongkai package distribute -o 文件` 下发新的单位名册。")
    return 0
