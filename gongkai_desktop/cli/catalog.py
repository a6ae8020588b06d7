"""`gongkai init|templates|units|catalog|demo`: the foundation's commands."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .. import identity, reference, vocab
from ..errors import DomainError
from ..unit import catalogs
from . import round_dates as round_dates_cli
from .catalog_edit import register_catalog
from .common import open_workspace, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="创建或打开工作区并选择本单位（或审核端）")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--unit", help="单位名称或编号，如 市公安局、D06、双塔街道")
    g.add_argument("--review-office", action="store_true", help="作为市府办政务公开办（审核端）")
    g.add_argument("--prefecture", metavar="地区", help="作为设区市（或省）的市级审核端，如 衢州市：审核所辖县（市、区）报送的目录")
    p.add_argument("--registry", help="使用本县自己的单位名册文件（格式同 resources/units/jiangshan.json）")
    round_dates_cli.add_deadline_option(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("templates", help="列出 26 个试点领域及其国家标准指引的事项数")
    p.add_argument("area", nargs="?", help="只列出某个领域的全部事项")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("units", help="列出单位名册")
    p.set_defaults(func=cmd_units)

    cat = sub.add_parser("catalog", help="本单位的目录：开始、列出、检查、修改").add_subparsers(dest="catalog_cmd", metavar="操作")
    p = cat.add_parser("start", help="从国家标准指引开始编制某领域目录")
    p.add_argument("area", help="领域编号或名称，如 04 或 户籍管理")
    p.add_argument("--not-responsible", action="store_true", help="本单位不是该领域的责任单位，仍要编制")
    p.set_defaults(func=cmd_start)
    p = cat.add_parser("list", help="列出本单位的目录及进度")
    p.set_defaults(func=cmd_list)
    p = cat.add_parser("check", help="检查目录，列出全部问题（有问题时退出码为 1）")
    p.add_argument("area", nargs="?", help="只检查某个领域")
    p.set_defaults(func=cmd_check)
    register_catalog(cat)

    p = sub.add_parser("demo", help="生成逼真的模拟数据（测试与性能基准用）")
    p.add_argument("--county-size", type=int, default=5, help="模拟多少个单位（默认 5）")
    p.add_argument("--big-area", type=int, default=0, help="另给一个单位生成含 N 个事项的大目录")
    p.add_argument("--own-items", type=int, default=0, help="每个单位另加 N 个权责清单事项（分布在其各领域目录中）")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    """A failed init leaves no folder behind — only the one it made itself (never one that was there)."""
    from ..workspace import default_data_dir

    made = _first_missing(Path(args.data_dir) if args.data_dir else default_data_dir())
    try:
        return _init(args)
    except BaseException:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        raise


def _first_missing(path: Path) -> Path | None:
    """The outermost folder of ``path`` that does not exist yet (what this command would create)."""
    path = path.absolute()
    if path.exists():
        return None
    while not path.parent.exists():
        path = path.parent
    return path


def _init(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        if args.registry:
            reg = ws.load_registry_file(args.registry)
            print(f"已载入{reg.county}单位名册：{len(reg.units)} 个单位")
        if args.prefecture:
            from ..levels import choose_prefecture

            region = choose_prefecture(ws, args.prefecture)
            counties = "、".join(u.name for u in reference.list_units(ws))
            print(f"已创建{region.name}市级审核端工作区（{ws.data_dir}）；所辖：{counties}")
            print("登记各县（市、区）审核端的密钥（gongkai keys import-enrolment / confirm）后，用 `gongkai review import` 导入其报送。")
        elif args.review_office:
            name = identity.choose_review_office(ws)
            print(f"已创建审核端工作区：{name}（{ws.data_dir}）")
            _remember_office(ws, args)
            round_dates_cli.set_at_start(ws, args.deadline)
        else:
            if args.deadline:
                raise DomainError("deadline_for_unit", "--deadline 只用于审核端（init --review-office）；单位的截止日期随市府办的下发文件包收到。")
            unit = identity.choose_unit(ws, args.unit)
            areas = "、".join(a.name for a in reference.list_areas(ws) if a.code in unit.areas)
            print(f"已选择单位：{unit.name}（{unit.code}）；负责领域：{areas or '无'}")
            print(f"数据目录：{ws.data_dir}")
    return 0


def _remember_office(ws, args: argparse.Namespace) -> None:  # noqa: ANN001
    """Issue 18: the reviewer's name and the shared database, kept in this data folder (local.json)."""
    from .. import server, settings
    from .reviewers import set_reviewer

    if getattr(args, "reviewer", None):
        print(f"本机审核人：{set_reviewer(ws, args.reviewer)}")
    if getattr(args, "db", None):
        ws.put(settings.DATABASE_URL, server.normalise(args.db))
        print(f"共享数据库：{server.shown(args.db)}（此数据目录以后自动使用它）")


def cmd_templates(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        if args.area:
            area = reference.get_area(ws, args.area)
            items = reference.template_items(ws, area.code)
            print(f"（{area.code}）{area.name}：{len(items)} 个二级事项")
            print_table(["编号", "一级事项", "二级事项", "公开时限", "措辞"],
                        [[i.code, i.level1, i.level2, i.time_limit[:20], "已核实" if i.wording == "confirmed" else "草拟"]
                         for i in items])
            return 0
        rows = [[a.code, a.name, ver or "（无模板）", str(n1), str(n2)] for a, ver, n1, n2 in reference.template_summary(ws)]
        print_table(["编号", "试点领域", "模板版本", "一级事项", "二级事项"], rows)
        print(f"共 {len(rows)} 个领域，{sum(int(r[4]) for r in rows)} 个二级事项。")
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        names = {a.code: a.name for a in reference.list_areas(ws)}
        rows = [[u.code, u.name, vocab.SUBMITTER_KINDS[u.kind], "、".join(names[c] for c in u.areas)] for u in reference.list_units(ws)]
        print_table(["编号", "单位", "类型", "负责领域"], rows)
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        area = reference.get_area(ws, args.area)
        started = catalogs.start_catalog(ws, area.code, not_responsible_ok=args.not_responsible).catalog
        info = catalogs.catalog_info(ws, started.id)
        print(f"已开始编制“{info.area_name}”目录：{info.item_count} 个事项来自国家标准指引（{info.template_version} 版），"
              f"待完善问题 {info.problem_count} 个。")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        infos = catalogs.list_catalogs(ws)
        if not infos:
            print("本单位尚未开始编制任何目录。用 `gongkai catalog start 领域` 开始。")
            return 0
        rows = [[i.area_code, i.area_name, vocab.CATALOG_STATUSES[i.status], f"v{i.version}",
                 f"{i.complete_count}/{i.item_count}", str(i.problem_count), str(i.not_applicable_count)] for i in infos]
        print_table(["编号", "领域", "状态", "版本", "完成/总数", "问题", "不适用"], rows)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        infos = catalogs.list_catalogs(ws)
        if args.area:
            code = reference.get_area(ws, args.area).code
            infos = [i for i in infos if i.area_code == code]
            if not infos:
                raise DomainError("catalog_not_started", "本单位尚未开始编制该领域的目录。")
        from ..unit.law_fix import law_warnings

        total = reminders = 0
        for info in infos:
            problems = catalogs.check_catalog(ws, info.id)
            warnings = law_warnings(ws, info.id)  # 提醒: repealed laws cited; they do not fail the check
            total += len(problems)
            reminders += len(warnings)
            print(f"（{info.area_code}）{info.area_name}：{len(problems)} 个问题" + (f"，{len(warnings)} 条提醒" if warnings else ""))
            for p in problems:
                label = vocab.FIELD_LABELS.get(p.field or "", "")
                print(f"  - {p.item_label}{'【' + label + '】' if label else ''}：{p.message}")
            for p in warnings:
                label = vocab.FIELD_LABELS.get(p.field or "", "")
                print(f"  [提醒] {p.item_label}{'【' + label + '】' if label else ''}：{p.message}")
        print(f"合计 {total} 个问题。" if total else "检查通过，没有发现问题。")
        if reminders:
            print(f"另有 {reminders} 条提醒（引用了已废止的法律法规，不影响报送）；用 `gongkai law use 领域 序号` 改用新法。")
        return 1 if total else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo import make_demo

    with open_workspace(args) as ws:
        summary = make_demo(ws, county_size=args.county_size, big_area=args.big_area, seed=args.seed,
                            own_items=args.own_items, progress=lambda f, m: print(m, file=sys.stderr) if m else None)
        print(summary)
    return 0
