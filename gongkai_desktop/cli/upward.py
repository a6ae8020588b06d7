"""`gongkai review forward` (a county office reports to its prefecture) and `gongkai review result
import` (the county office takes the prefecture's result): the review commands one level up.

The prefecture's own work uses the county's commands unchanged (`gongkai review import|list|show|
comment|decide|result|aggregate|progress`) on a workspace made with `gongkai init --prefecture`.
"""

from __future__ import annotations

import argparse

from .. import reference, vocab
from .common import open_workspace


def _review_commands(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    review = sub.choices["review"]
    return next(a for a in review._actions if isinstance(a, argparse._SubParsersAction))


def register(sub: argparse._SubParsersAction) -> None:
    rv = _review_commands(sub)
    p = rv.add_parser("forward", help="县级审核端：把已通过的目录汇总为全县目录，签名报送上级（如衢州市）")
    p.add_argument("areas", nargs="*", metavar="AREA", help="领域编号或名称（默认全部有已通过目录的领域）")
    p.add_argument("-o", "--output", help="输出文件或文件夹（默认为数据目录下的 outbox）")
    p.set_defaults(func=cmd_forward)
    p = rv.add_parser("upstream", help="县级审核端：上级审核端的审核结论和意见（意见号 #N）")
    p.add_argument("area", nargs="?")
    p.set_defaults(func=cmd_upstream)
    p = rv.add_parser("upstream-addressed", help="县级审核端：把一条上级审核意见标记为已处理（随下次报送告知上级）")
    p.add_argument("comment_id", help="意见号（review upstream 列出的 #N），或意见编号")
    p.add_argument("--undo", action="store_true", help="改回未处理")
    p.set_defaults(func=cmd_upstream_addressed)
    p = rv.add_parser("upstream-reply", help="县级审核端：答复一条上级审核意见（随下次报送告知上级）")
    p.add_argument("comment_id", help="意见号（review upstream 列出的 #N），或意见编号")
    p.add_argument("text", help="答复内容；空字符串撤回答复")
    p.add_argument("--addressed", action="store_true", help="同时标记为已处理")
    p.set_defaults(func=cmd_upstream_reply)


def cmd_forward(args: argparse.Namespace) -> int:
    from ..office.forward import forward

    with open_workspace(args) as ws:
        codes = [reference.get_area(ws, a).code for a in args.areas] or None
        r = forward(ws, codes, args.output)
        print(f"已生成报送上级的文件包：{r.path}")
        print(f"  第 {r.sequence} 号，{len(r.areas)} 个领域，{r.item_count} 个事项（汇总后），问题 {r.problems_count} 个")
    return 0


def cmd_result_import(args: argparse.Namespace) -> int:
    """`gongkai review result import FILE [--fingerprint DIGITS]` on the county office."""
    from ..office import upstream

    with open_workspace(args) as ws:
        r = upstream.import_result(ws, args.file, args.fingerprint)
        word = vocab.DECISIONS[r.decision]
        print(f"已导入{r.sender}的审核结果：{r.area_name} {word}（{r.round}），审核意见 {len(r.comments)} 条。")
        if r.learned_key:
            print(f"  指纹核对一致，已认可{r.sender}的密钥。今后只接受该密钥签名的审核结果。")
        _print_comments(r.comments, r.general_comment, upstream.comment_numbers(ws))
        if not r.current:
            print("  注意：该结论针对的是此前报送的版本，该领域此后又重新报送过。")
    return 0


def cmd_upstream(args: argparse.Namespace) -> int:
    from ..office import upstream

    with open_workspace(args) as ws:
        code = reference.get_area(ws, args.area).code if args.area else None
        results = upstream.results(ws, code)
        numbers = upstream.comment_numbers(ws)
        if not results:
            print("尚未收到上级的审核结果。")
        for r in results:
            print(f"{r.area_name}：{vocab.DECISIONS[r.decision]}（{r.round}，{r.reviewer or r.sender}，{r.decided_at[:16].replace('T', ' ')}）"
                  + ("" if r.current else "［针对此前的版本］"))
            _print_comments(r.comments, r.general_comment, numbers)
    if results:
        print("标记已处理：gongkai review upstream-addressed #N；答复：gongkai review upstream-reply #N 答复内容")
    return 0


def cmd_upstream_addressed(args: argparse.Namespace) -> int:
    from ..office import upstream

    with open_workspace(args) as ws:
        cid = upstream.comment_ref(ws, args.comment_id)
        upstream.answer(ws, cid, addressed=not args.undo)
        n = upstream.comment_numbers(ws)[cid]
        print(f"已将上级审核意见 #{n} 标记为{'未处理' if args.undo else '已处理'}；下次报送时一并告知上级。可用 `gongkai undo` 撤销。")
    return 0


def cmd_upstream_reply(args: argparse.Namespace) -> int:
    from ..office import upstream

    with open_workspace(args) as ws:
        cid = upstream.comment_ref(ws, args.comment_id)
        upstream.answer(ws, cid, addressed=True if args.addressed else None, reply=args.text)
        n = upstream.comment_numbers(ws)[cid]
        print(f"已答复上级审核意见 #{n}；下次报送时一并告知上级。" if args.text.strip() else f"已撤回对上级审核意见 #{n} 的答复。")
    return 0


def print_prefecture(ws) -> int:  # noqa: ANN001
    """`gongkai review aggregate` on a prefecture: counts per county and area, flagged rows, the negative list."""
    from ..office.prefecture import aggregate_prefecture
    from .common import print_table

    summary = aggregate_prefecture(ws)
    if not summary.areas:
        print("还没有任何已通过的县（市、区）目录。")
        return 0
    counties = summary.counties
    rows = [[a.area_name, str(a.rows), str(a.merged_rows), str(len(a.flagged)),
             *(str(a.by_county[c].items) if c in a.by_county else "—" for c in counties)] for a in summary.areas]
    rows.append(["合计", str(sum(a.rows for a in summary.areas)), str(sum(a.merged_rows for a in summary.areas)),
                 str(sum(len(a.flagged) for a in summary.areas)), *(str(summary.by_county[c].items) for c in counties)])
    print_table(["领域", "行数", "多县共有", "有差异", *counties], rows)
    t = summary.total.by_attribute
    print(f"主动公开 {t['主动公开']}，依申请公开 {t['依申请公开']}，不予公开 {t['不予公开']}（负面清单 {len(summary.negative)} 项）")
    for a in summary.areas:
        for r in a.flagged[:10]:
            print(f"  ! {a.area_name} · {r.item.level1} / {r.item.level2}（{'、'.join(r.units)}）：{'；'.join(r.flags)}")
        if a.missing:
            print(f"  {a.area_name}尚未通过：{'、'.join(a.missing)}")
    return 0


def _print_comments(comments: list, general: str, numbers: dict[str, int] | None = None) -> None:  # noqa: ANN001
    if general.strip():
        print(f"  总体意见：{general}")
    for c in comments:
        field = vocab.FIELD_LABELS.get(c.field or "", "")
        units = f"（{'、'.join(c.units)}）" if c.units else ""
        mark = f"#{numbers[c.id]} " if numbers and c.id in numbers else ""
        state = "［已处理］" if c.addressed else ""
        print(f"  意见 {mark}{c.item_label}{units}{'【' + field + '】' if field else ''}：{c.text}{state}")
        if c.reply:
            print(f"    本县答复：{c.reply}")
