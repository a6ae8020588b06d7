"""Commands of the review conversation and of several reviewers.

Office: ``review take N`` (认领), ``review reopen 意见编号``, ``review log``, ``review thread N`` (the
unit's replies to the version before), ``review reviewer [NAME]`` (who reviews in this data folder);
unit: ``result reply 意见编号 TEXT``. They join the ``review`` and ``result`` groups made by
`cli.review`, and ``init --review-office`` learns ``--reviewer`` here too.
"""

from __future__ import annotations

import argparse

from .. import settings
from ..errors import DomainError
from .common import open_workspace, print_table


def _group(sub: argparse._SubParsersAction, name: str) -> argparse._SubParsersAction:
    parser = sub.choices[name]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def register(sub: argparse._SubParsersAction) -> None:
    rv = _group(sub, "review")
    p = rv.add_parser("take", help="认领一个报送：由本机审核人审核（队列中显示）")
    p.add_argument("submission", type=int)
    p.add_argument("--force", action="store_true", help="接手其他审核人已认领的报送")
    p.set_defaults(func=cmd_take)
    p = rv.add_parser("reopen", help="重新打开上一版本的一条审核意见（随下次审核结果发给单位）")
    p.add_argument("comment_id")
    p.set_defaults(func=cmd_reopen)
    p = rv.add_parser("log", help="审核日志：谁在何时导入、审核、决定、生成了什么")
    p.add_argument("submission", type=int, nargs="?", help="只看某个报送")
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(func=cmd_log)
    p = rv.add_parser("thread", help="上一版本的审核意见与单位的答复")
    p.add_argument("submission", type=int)
    p.set_defaults(func=cmd_thread)
    p = rv.add_parser("reviewer", help="查看或设置本机审核人的姓名")
    p.add_argument("name", nargs="?")
    p.set_defaults(func=cmd_reviewer)
    init = sub.choices["init"]
    init.add_argument("--reviewer", help="审核端：本机审核人的姓名（显示在每条意见和决定上）")

    res = _group(sub, "result")
    p = res.add_parser("reply", help="答复一条审核意见（可以不改事项，说明理由）")
    p.add_argument("comment_id")
    p.add_argument("text")
    p.add_argument("--addressed", action="store_true", help="同时标记为已处理")
    p.set_defaults(func=cmd_reply)


def set_reviewer(ws, name: str) -> str:  # noqa: ANN001
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise DomainError("bad_reviewer", "审核人姓名不能为空，也不能超过 64 个字。")
    ws.put(settings.REVIEWER_NAME, name)
    return name


def cmd_reviewer(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        if args.name:
            print(f"本机审核人：{set_reviewer(ws, args.name)}")
        else:
            print(f"本机审核人：{ws.reviewer or '（未设置）'}")
    return 0


def cmd_take(args: argparse.Namespace) -> int:
    from ..office import conversation

    with open_workspace(args) as ws:
        conversation.take(ws, args.submission, args.force)
        print(f"已认领报送 {args.submission}：审核人 {ws.reviewer}。")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    from ..office import conversation

    with open_workspace(args) as ws:
        new = conversation.reopen(ws, args.comment_id).created[0]
        print(f"已重新打开审核意见（当前版本上的新编号 {new}），将随下次审核结果发给单位。")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from ..office import audit

    with open_workspace(args) as ws:
        rows = [[f"{e.at:%Y-%m-%d %H:%M:%S}", e.reviewer or "—", e.label, str(e.submission_id or ""), e.detail[:60]]
                for e in audit.entries(ws, args.submission, args.limit)]
    if not rows:
        print("审核日志为空。")
        return 0
    print_table(["时间（UTC）", "审核人", "操作", "报送", "内容"], rows)
    return 0


def cmd_thread(args: argparse.Namespace) -> int:
    from ..office import conversation

    with open_workspace(args) as ws:
        print_thread(conversation.thread(ws, args.submission))
    return 0


def print_thread(thread: list) -> None:  # noqa: ANN001 - conversation.ThreadComment
    if not thread:
        print("没有上一版本的审核意见。")
        return
    for t in thread:
        state = "已处理" if t.addressed else "未标记处理"
        change = "事项已修改" if t.item_changed else "事项未改动"
        extra = "，已重新打开" if t.reopened else ""
        print(f"意见 {t.id}（{t.author or '市府办'}）：{t.text}")
        print(f"  单位答复：{t.reply or '（未答复）'}  [{state}，{change}{extra}]")


def cmd_reply(args: argparse.Namespace) -> int:
    from ..unit import replies

    with open_workspace(args) as ws:
        replies.reply(ws, args.comment_id, args.text, True if args.addressed else None)
        print("已答复该审核意见，下次报送时一并发给市府办。")
    return 0
