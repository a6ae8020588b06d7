"""`gongkai review …` (the review office) and `gongkai result import` (a unit)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .. import vocab
from ..errors import DomainError
from .common import open_workspace, print_table


def register(sub: argparse._SubParsersAction) -> None:
    rv = sub.add_parser("review", help="审核端：导入、审核、决定、进度、汇总").add_subparsers(dest="review_cmd", metavar="操作")
    p = rv.add_parser("import", help="导入单位报送的文件包（可以是多个文件或文件夹）")
    p.add_argument("sources", nargs="+", help=".gkpkg 文件或包含它们的文件夹")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出结论，不导入")
    p.add_argument("--confirm-stale", action="store_true", help="确认导入比已导入的更旧的文件包")
    p.set_defaults(func=cmd_import)
    p = rv.add_parser("list", help="审核队列：各单位各领域的当前报送")
    p.add_argument("--status", choices=["submitted", "returned", "approved"], help="只列出某种状态")
    p.set_defaults(func=cmd_list)
    p = rv.add_parser("show", help="查看一个报送：事项、问题、与上次报送和模板的差异、审核意见")
    p.add_argument("submission", type=int)
    p.set_defaults(func=cmd_show)
    p = rv.add_parser("comment", help="对报送、事项或事项的某个要素写审核意见")
    p.add_argument("submission", type=int)
    p.add_argument("text")
    p.add_argument("--item", help="事项编号（见 review show）")
    p.add_argument("--field", help="要素，如 time_limit（公开时限）、basis（公开依据）")
    p.add_argument("--reviewer", default="")
    p.set_defaults(func=cmd_comment)
    p = rv.add_parser("decide", help="作出决定：退回修改或通过")
    p.add_argument("submission", type=int)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--approve", action="store_true", help="通过（锁定该版本，用于汇总）")
    g.add_argument("--return", dest="ret", action="store_true", help="退回修改")
    p.add_argument("--comment", default="", help="总体意见")
    p.add_argument("--round", default=vocab.REVIEW_ROUNDS[0], choices=vocab.REVIEW_ROUNDS, help="审核轮次")
    p.add_argument("--reviewer", default="")
    p.set_defaults(func=cmd_decide)
    p = rv.add_parser("result", help="生成发给单位的审核结果文件包（市府办签名）；`review result import FILE`：县级审核端导入上级的审核结果")
    p.add_argument("submission", help="报送编号，或 import")
    p.add_argument("file", nargs="?", help="（import 时）上级审核结果文件包")
    p.add_argument("-o", "--output", help="输出文件或文件夹")
    p.add_argument("--fingerprint", metavar="DIGITS", help="（import 时）上级审核端密钥的指纹，第一次导入时必需")
    p.set_defaults(func=cmd_result)
    p = rv.add_parser("progress", help="进度：各单位各领域的状态与逾期情况")
    p.add_argument("--today", help="按哪一天计算逾期（默认今天），如 2020-08-15")
    p.set_defaults(func=cmd_progress)
    p = rv.add_parser("deadline", help="修改某一轮的截止日期")
    p.add_argument("round", choices=vocab.REVIEW_ROUNDS)
    p.add_argument("day", help="如 2020-07-31")
    p.set_defaults(func=cmd_deadline)
    p = rv.add_parser("weekly", help="生成一周一进度报告（Word）")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--today", help="报告所在的那一周中的任意一天（默认今天）")
    p.set_defaults(func=cmd_weekly)
    p = rv.add_parser("aggregate", help="汇总已通过的目录为全县目录（.xlsx 或 .docx）")
    p.add_argument("area", nargs="?", help="只汇总某个领域")
    p.add_argument("-o", "--output", help="输出 .xlsx 或 .docx；不写则只打印统计")
    p.add_argument("--negative-list", action="store_true", help="导出负面清单（Word）而不是目录")
    p.set_defaults(func=cmd_aggregate)

    res = sub.add_parser("result", help="单位端：导入市府办的审核结果").add_subparsers(dest="result_cmd", metavar="操作")
    p = res.add_parser("import", help="导入审核结果文件包，查看审核意见")
    p.add_argument("file")
    p.set_defaults(func=cmd_result_import)
    p = res.add_parser("comments", help="列出收到的审核意见")
    p.add_argument("area", nargs="?")
    p.set_defaults(func=cmd_result_comments)
    p = res.add_parser("addressed", help="把一条审核意见标记为已处理")
    p.add_argument("comment_id")
    p.add_argument("--undo", action="store_true", help="改回未处理")
    p.set_defaults(func=cmd_result_addressed)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DomainError("bad_date", f"日期“{text}”格式不对，请写成 2020-08-15 这样的形式。") from exc


def cmd_import(args: argparse.Namespace) -> int:
    from ..office import importing

    with open_workspace(args) as ws:
        verdicts = importing.dry_run(ws, args.sources)
        if not verdicts:
            raise DomainError("no_files", "没有找到任何 .gkpkg 文件包。")
        rows = [[v.path.name, v.unit_name or "?", "、".join(a.area_name for a in v.areas), str(v.item_count or ""),
                 str(v.sequence or ""), v.label] for v in verdicts]
        print_table(["文件", "单位", "领域", "事项数", "序号", "结论"], rows)
        for v in verdicts:
            if v.message and v.verdict in ("refused", "quarantined", "stale"):
                print(f"  {v.path.name}：{v.message}")
        if args.dry_run:
            return 1 if any(v.verdict in ("refused", "quarantined") for v in verdicts) else 0
        stale = [v.path for v in verdicts if v.verdict == "stale"] if args.confirm_stale else []
        summary = importing.import_verdicts(ws, verdicts, stale)
        print(summary.line())
        # an older package left out for want of --confirm-stale was not imported either: not a success
        return 1 if any(v.verdict in ("refused", "quarantined", "stale") for v in summary.skipped) else 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..office import inspect, submissions

    with open_workspace(args) as ws:
        subs = submissions.list_submissions(ws, args.status)
        if not subs:
            print("审核队列为空。用 `gongkai review import 文件夹` 导入单位报送的文件包。")
            return 0
        today = date.today()
        problems = inspect.problem_counts(ws, [s.id for s in subs])
        rows = [[str(s.id), s.unit_name, s.area_name, f"v{s.catalog_version}", str(s.item_count),
                 str(problems.get(s.id, 0)), _status(s.status), f"{(today - s.received_at.date()).days} 天"]
                for s in subs]
        print_table(["编号", "单位", "领域", "版本", "事项数", "问题", "状态", "等待"], rows)
    return 0


def _status(status: str) -> str:
    return {"submitted": "待审核", "returned": "退回修改", "approved": "已通过", "superseded": "已被取代"}.get(status, status)


def cmd_show(args: argparse.Namespace) -> int:
    from .. import reference
    from ..office import decisions, diff, inspect, submissions

    with open_workspace(args) as ws:
        sub = submissions.get_submission(ws, args.submission)
        items = submissions.submission_items(ws, sub.id)
        print(f"{sub.unit_name} · {sub.area_name} · 第 {sub.sequence} 号报送 · v{sub.catalog_version} · {_status(sub.status)}")
        verdicts = decisions.verdicts(ws, sub.id)
        from ..office.provenance import provenance_of

        origin = provenance_of(ws, sub.id)  # a county's rows: the units that disclose each
        for i in items:
            mark = {"ok": "合格", "change": "需修改"}.get(verdicts.get(i.id, ""), "")
            na = "（不适用）" if i.not_applicable else ""
            units = f"  〔{'、'.join(origin[i.id].unit_names)}〕" if i.id in origin else ""
            print(f"  {i.id}  {i.level1} / {i.level2}{na}  {mark}{units}")
        problems = inspect.submission_problems(ws, sub, items)
        print(f"问题 {len(problems)} 个" + ("：" if problems else "。"))
        for p in problems:
            print(f"  - {p.item_label}：{p.message}")
        if sub.previous_id:
            changes = diff.diff_items(submissions.submission_items(ws, sub.previous_id), items)
            kinds = {"added": "新增", "removed": "删除", "changed": "修改"}
            print(f"与上次报送相比：{len(changes)} 处变化")
            for d in changes:
                print(f"  - {kinds[d.kind]} {d.label}" + (f"：{diff.describe_fields(d.fields)}" if d.fields else ""))
            if sub.addressed_comments:
                print(f"单位标记已处理的审核意见：{len(sub.addressed_comments)} 条")
        devs = diff.diff_template(items, reference.template_items(ws, sub.area_code))
        kinds = {"dropped": "未列入", "not_applicable": "不适用", "changed": "改动了模板文字"}
        print(f"与国家标准指引相比：{len(devs)} 处不同")
        for d in devs:
            print(f"  - {d.template_code} {d.label}：{kinds[d.kind]}" + (f"（{diff.describe_fields(d.fields)}）" if d.kind == "changed" else ""))
        for c in decisions.comments(ws, sub.id):
            where = vocab.FIELD_LABELS.get(c.field or "", "") or ("事项" if c.item_id else "总体")
            print(f"意见[{where}] {c.text}")
    return 0


def cmd_comment(args: argparse.Namespace) -> int:
    from ..office import decisions

    with open_workspace(args) as ws:
        c = decisions.comment_info(ws, decisions.add_comment(ws, args.submission, args.text, args.item, args.field,
                                                             args.reviewer).created[0])
        print(f"已添加审核意见（{c.id}）。")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from ..office import decisions

    with open_workspace(args) as ws:
        decisions.decide(ws, args.submission, "approved" if args.approve else "returned", args.round,
                         args.reviewer, args.comment)
        d = decisions.decisions(ws, args.submission)[-1]
        print(f"已{decisions.DECISIONS[d.decision]}（{d.round}）。用 `gongkai review result {args.submission} -o 文件` 生成审核结果文件包。")
    return 0


def cmd_result(args: argparse.Namespace) -> int:
    from ..office import results as office_results

    if args.submission == "import":
        if not args.file:
            raise DomainError("no_file", "请给出上级审核结果文件包：gongkai review result import 文件。")
        from .upward import cmd_result_import

        return cmd_result_import(args)
    if not args.submission.isdigit():
        raise DomainError("bad_submission", f"报送编号应为数字，而不是“{args.submission[:20]}”。")
    with open_workspace(args) as ws:
        r = office_results.export_result(ws, int(args.submission), args.output)
        print(f"已生成审核结果文件包：{r.path}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from ..office import progress

    with open_workspace(args) as ws:
        board = progress.dashboard(ws, _day(args.today))
        areas = dict(board.areas)
        rows = []
        for code, name in board.units:
            cells = [c for (u, _a), c in board.cells.items() if u == code]
            if not cells:
                continue
            counts = board.per_unit[code]
            rows.append([name, str(len(cells)), str(counts["submitted"]), str(counts["returned"]), str(counts["approved"]),
                         str(counts["none"]), str(counts["overdue"])])
        print(f"截至 {board.today}（截止日期：" + "，".join(f"{r} {d}" for r, d in board.deadlines.items()) + "）")
        print_table(["单位", "应报", "已提交", "退回修改", "已通过", "未提交", "逾期"], rows)
        late = board.late
        print(f"逾期 {len(late)} 项" + ("：" if late else "。"))
        units = dict(board.units)
        for c in late[:200]:
            print(f"  - {units[c.unit_code]} · {areas[c.area_code]}：{c.label}")
    return 0


def cmd_deadline(args: argparse.Namespace) -> int:
    from ..office import progress

    with open_workspace(args) as ws:
        d = progress.set_deadline(ws, args.round, args.day)
        print(f"{args.round}的截止日期已改为 {d}。")
    return 0


def cmd_weekly(args: argparse.Namespace) -> int:
    from ..office.reports import export_weekly_report

    with open_workspace(args) as ws:
        path = export_weekly_report(ws, args.output, _day(args.today)).path
        print(f"已生成一周一进度报告：{path}")
    return 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    from .. import reference
    from ..office import aggregate

    with open_workspace(args) as ws:
        from ..levels import is_upper

        if is_upper(ws) and not args.area and not args.output:  # a prefecture: across its counties
            from .upward import print_prefecture

            return print_prefecture(ws)
        codes = [reference.get_area(ws, args.area).code] if args.area else [a.code for a in reference.list_areas(ws)]
        if args.output:
            from ..office.reports import export_aggregate, export_negative_list

            out = Path(args.output)
            if args.negative_list:
                r = export_negative_list(ws, out, codes if args.area else None)
            else:
                r = export_aggregate(ws, out, codes if args.area else None,
                                     progress=lambda f, m: print(m, file=sys.stderr) if m else None)
            print(r.message())
            return 0
        for code in codes:
            agg = aggregate.aggregate_area(ws, code)
            if not agg.units:
                continue
            c = agg.counts
            print(f"（{code}）{agg.area_name}：{len(agg.rows)} 行，来自 {len(agg.units)} 个单位；"
                  f"主动公开 {c.by_attribute['主动公开']}，依申请公开 {c.by_attribute['依申请公开']}，不予公开 {c.by_attribute['不予公开']}")
            flagged = [r for r in agg.rows if r.flags]
            for r in flagged[:20]:
                print(f"  ! {r.item.level1} / {r.item.level2}：{'；'.join(r.flags)}")
            if len(agg.by_unit) > 1 or any(r.scope == "counties" for r in agg.rows):  # a prefecture: per county
                for name, uc in agg.by_unit.items():
                    print(f"  · {name}：{uc.items} 项（主动公开 {uc.by_attribute['主动公开']}，依申请公开 "
                          f"{uc.by_attribute['依申请公开']}，不予公开 {uc.by_attribute['不予公开']}）")
            if agg.missing_units:
                print(f"  尚未通过：{'、'.join(agg.missing_units[:30])}")
    return 0


def cmd_result_import(args: argparse.Namespace) -> int:
    from ..unit import results as unit_results

    with open_workspace(args) as ws:
        r = unit_results.import_result(ws, args.file)
        word = "通过" if r.decision == "approved" else "退回修改"
        print(f"已导入审核结果：{word}（{r.round}），审核意见 {r.comment_count} 条。用 `gongkai result comments` 查看。")
        if not r.status_applied:
            print(f"  注意：该结论针对的是已报送的版本，目录在报送后又有修改，目录状态未改为“{word}”。")
    return 0


def cmd_result_comments(args: argparse.Namespace) -> int:
    from .. import reference
    from ..unit import catalogs
    from ..unit import results as unit_results

    with open_workspace(args) as ws:
        infos = catalogs.list_catalogs(ws)
        if args.area:
            code = reference.get_area(ws, args.area).code
            infos = [i for i in infos if i.area_code == code]
        for info in infos:
            items = {i.id: i for i in catalogs.load_items(ws, info.id)}
            for c in unit_results.received_comments(ws, info.id):
                item = items.get(c.item_id or "")
                where = f"{item.level1} / {item.level2}" if item else "总体"
                field = vocab.FIELD_LABELS.get(c.field or "", "")
                state = "已处理" if c.addressed else "未处理"
                print(f"[{state}] {c.id}  {info.area_name} · {where}{'【' + field + '】' if field else ''}：{c.text}")
    return 0


def cmd_result_addressed(args: argparse.Namespace) -> int:
    from ..unit import results as unit_results

    with open_workspace(args) as ws:
        unit_results.mark_addressed(ws, args.comment_id, not args.undo)
        print("已标记为" + ("未处理。" if args.undo else "已处理。"))
    return 0
