"""`gongkai review …` (the review office) and `gongkai result import` (a unit)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .. import problem_summary, vocab
from ..errors import DomainError
from . import round_dates as round_dates_cli
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
    p.add_argument("--item", help="事项：review show 列出的序号（如 4），或事项编号")
    p.add_argument("--field", help="要素（须同时给出 --item），如 公开时限、公开依据、公开层级")
    p.add_argument("--reviewer", default="")
    p.set_defaults(func=cmd_comment)
    p = rv.add_parser("delete-comment", help="删除一条审核意见（review show 列出的意见号，如 2）")
    p.add_argument("submission", type=int)
    p.add_argument("comment", help="意见号（如 2 或 #2），或意见编号")
    p.set_defaults(func=cmd_delete_comment)
    p = rv.add_parser("decide", help="作出决定：退回修改或通过")
    p.add_argument("submission", type=int)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--approve", action="store_true", help="通过（锁定该版本，用于汇总）")
    g.add_argument("--return", dest="ret", action="store_true", help="退回修改")
    p.add_argument("--comment", default="", help="总体意见")
    p.add_argument("--round", default=vocab.REVIEW_ROUNDS[0],
                   help=f"审核轮次：{'、'.join(vocab.REVIEW_ROUNDS)}，或已开启的新一轮（review round list）")
    p.add_argument("--reviewer", default="")
    p.add_argument("--accept-problems", action="store_true",
                   help="报送仍有问题（缺少公开内容、时限、层级等）时，确认仍要通过（不加时会列出问题并拒绝）")
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
    p.add_argument("round", help=f"{'、'.join(vocab.REVIEW_ROUNDS)}，或已开启的新一轮")
    p.add_argument("day", help="如 2027-07-31")
    p.set_defaults(func=cmd_deadline)
    round_dates_cli.register_review(rv)
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
    p.add_argument("comment_id", help="意见号（result comments 列出的 #N），或意见编号")
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
            print("（预览，未导入。去掉 --dry-run 即导入。）")
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
                 str(problems.get(s.id, 0)), _status(s.status), f"{(today - s.received_at.date()).days} 天",
                 s.reviewer or "—"]
                for s in subs]
        print_table(["编号", "单位", "领域", "版本", "事项数", "问题", "状态", "等待", "审核人"], rows)
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
        print("序号  事项（写意见时用 --item 序号）")
        for n, i in enumerate(items, 1):
            mark = {"ok": "合格", "change": "需修改"}.get(verdicts.get(i.id, ""), "")
            na = "（不适用）" if i.not_applicable else ""
            units = f"  〔{'、'.join(origin[i.id].unit_names)}〕" if i.id in origin else ""
            print(f"  {n:>3}  {i.level1} / {i.level2}{na}  {mark}  [{i.id[:8]}]{units}".rstrip())
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
            from ..office import conversation
            from .reviewers import print_thread

            print("上一版本的审核意见与单位的答复：")
            print_thread(conversation.thread(ws, sub.id))
        devs = diff.diff_template(items, reference.template_items(ws, sub.area_code))
        kinds = {"dropped": "未列入", "not_applicable": "不适用", "changed": "改动了模板文字"}
        print(f"与国家标准指引相比：{len(devs)} 处不同")
        for dev in devs:
            print(f"  - {dev.template_code} {dev.label}：{kinds[dev.kind]}"
                  + (f"（{diff.describe_fields(dev.fields)}）" if dev.kind == "changed" else ""))
        number = {i.id: n for n, i in enumerate(items, 1)}
        for n, c in enumerate(decisions.comments(ws, sub.id), 1):
            field = vocab.FIELD_LABELS.get(c.field or "", "")
            where = (f"第 {number.get(c.item_id, '?')} 项" + (f"【{field}】" if field else "")) if c.item_id else "总体"
            print(f"意见 #{n} [{where}] {c.text}（{c.author or '市府办'}）")
        _show_life(inspect.inspect_submission(ws, sub.id))
    return 0


def _show_life(data) -> None:  # noqa: ANN001 - office.inspect.SubmissionData
    """The template version it follows, what changed since the published baseline, repealed laws cited."""
    info = data.info
    tv = info.template_version or "（未注明）"
    old = f"；最新为 {data.latest_template} 版，该单位仍依据旧版" if data.latest_template and info.template_version \
        and data.latest_template != info.template_version else ""
    print(f"依据国家标准指引：{tv} 版{old}")
    if data.baseline is not None:
        kinds = {"added": "新增", "changed": "修改", "moved": "移动"}
        print(f"自{data.baseline_round}基线（第 {data.baseline.catalog_version} 版）以来："
              f"{len(data.since_baseline)} 项有变化，删除 {len(data.removed_since_baseline)} 项")
        for c in [*data.since_baseline.values(), *data.removed_since_baseline]:
            print(f"  - {kinds.get(c.kind, '删除')} {c.label}" + (f"：{diff_fields(c.fields)}" if c.fields else ""))
    warned = [w for ws_ in data.warnings.values() for w in ws_]
    if warned:
        print(f"提醒：{len(warned)} 处引用了已废止的法律法规")
        for w in warned:
            print(f"  [提醒] {w.item_label}：{w.message}")


def diff_fields(fields: dict) -> str:
    from ..revisions import describe

    return describe(fields)


def cmd_comment(args: argparse.Namespace) -> int:
    from ..office import decisions, refs

    with open_workspace(args) as ws:
        if args.field and not args.item:
            raise DomainError("field_without_item", "按要素写意见时，请同时用 --item 指明事项（review show 列出的序号），"
                                                    f"如：gongkai review comment {args.submission} \"意见\" --item 4 --field {args.field}")
        item = refs.item_ref(ws, args.submission, args.item) if args.item else None
        field = refs.field_ref(args.field) if args.field else None
        c = decisions.comment_info(ws, decisions.add_comment(ws, args.submission, args.text, item, field,
                                                             args.reviewer).created[0])
        n = refs.comment_numbers(ws, args.submission)[c.id]
        print(f"已添加审核意见 #{n}。可用 `gongkai undo` 撤销。")
    return 0


def cmd_delete_comment(args: argparse.Namespace) -> int:
    from ..office import decisions, refs

    with open_workspace(args) as ws:
        decisions.delete_comment(ws, refs.comment_ref(ws, args.submission, args.comment))
        print("已删除该审核意见。可用 `gongkai undo` 撤销。")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from ..office import decisions

    with open_workspace(args) as ws:
        accepted = decisions.approval_problems(ws, args.submission) if args.approve and args.accept_problems else []
        decisions.decide(ws, args.submission, "approved" if args.approve else "returned", args.round,
                         args.reviewer, args.comment, accept_problems=args.accept_problems)
        d = decisions.decisions(ws, args.submission)[-1]
        if accepted:
            print(f"注意：该报送有 {len(accepted)} 个问题，已按 --accept-problems 确认通过：{problem_summary.kinds_text(accepted)}。")
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
    from ..office import progress, round_dates

    with open_workspace(args) as ws:
        board = progress.dashboard(ws, _day(args.today))
        areas = dict(board.areas)
        rows = []
        for code, name in board.units:
            cells = [c for (u, _a), c in board.cells.items() if u == code]
            if not cells:
                continue
            counts = board.per_unit[code]
            old = board.old_templates.get(code, [])
            rows.append([name, str(len(cells)), str(counts["submitted"]), str(counts["returned"]), str(counts["approved"]),
                         str(counts["none"]), str(counts["overdue"]),
                         "、".join(f"{areas.get(a, a)} {v}" for a, v, _ in old) or "", str(board.law_counts.get(code, "")) or ""])
        if board.deadlines_set:
            print(f"截至 {board.today}（截止日期：{round_dates.text(board.deadlines)}）")
        else:
            print(f"截至 {board.today}（尚未设置截止日期，不计逾期；用 `gongkai review deadlines 日期` 设置，"
                  f"建议：{round_dates.text(board.deadlines)}）")
        print_table(["单位", "应报", "已提交", "退回修改", "已通过", "未提交", "逾期", "仍依据旧版模板", "引用废止法律"], rows)
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
            for row in flagged[:20]:
                print(f"  ! {row.item.level1} / {row.item.level2}：{'；'.join(row.flags)}")
            if agg.publication:
                changed = [r for r in agg.rows if r.change]
                print(f"  自上次发布（{agg.publication}基线）以来：新增 {sum(r.change == '新增' for r in changed)} 项，"
                      f"修改 {sum(r.change == '修改' for r in changed)} 项，删除 {len(agg.removed_since)} 项")
                for changed_row in changed[:50]:
                    print(f"    [{changed_row.change}] {changed_row.item.level1} / {changed_row.item.level2}（{'、'.join(changed_row.units[:5])}）")
                for unit, item in agg.removed_since[:50]:
                    print(f"    [删除] {item.level1} / {item.level2}（{unit}）")
            if any(r.scope in ("counties", "prefectures") for r in agg.rows):  # a prefecture: per county
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
        numbers = unit_results.comment_numbers(ws)
        for info in infos:
            items = {i.id: i for i in catalogs.load_items(ws, info.id)}
            for c in unit_results.received_comments(ws, info.id):
                item = items.get(c.item_id or "")
                where = f"{item.level1} / {item.level2}" if item else "总体"
                field = vocab.FIELD_LABELS.get(c.field or "", "")
                state = "已处理" if c.addressed else "未处理"
                print(f"#{numbers[c.id]} [{state}] {info.area_name} · {where}{'【' + field + '】' if field else ''}：{c.text}")
                if c.reply:
                    print(f"    本单位答复：{c.reply}")
    return 0


def cmd_result_addressed(args: argparse.Namespace) -> int:
    from ..unit import results as unit_results

    with open_workspace(args) as ws:
        unit_results.mark_addressed(ws, unit_results.comment_ref(ws, args.comment_id), not args.undo)
        print("已标记为" + ("未处理。" if args.undo else "已处理。"))
    return 0
