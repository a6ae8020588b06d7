"""`gongkai review round open NAME --deadline DATE` / `review round list`: rounds after the first."""

from __future__ import annotations

import argparse

from .common import open_workspace, print_table, subcommands


def register(sub: argparse._SubParsersAction) -> None:
    rd = subcommands(sub, "review").add_parser("round", help="审核端：开启新一轮动态调整、列出各轮").add_subparsers(
        dest="round_cmd", metavar="操作")
    p = rd.add_parser("open", help="开启新一轮（如 2021年度动态调整）：已通过的目录成为本轮基线")
    p.add_argument("name", help="轮次名称，不超过 16 个字")
    p.add_argument("--deadline", required=True, help="本轮截止日期，如 2021-06-30")
    p.set_defaults(func=cmd_open)
    p = rd.add_parser("list", help="列出各轮及截止日期")
    p.set_defaults(func=cmd_list)


def cmd_open(args: argparse.Namespace) -> int:
    from ..office import rounds

    with open_workspace(args) as ws:
        changes = rounds.open_round(ws, args.name, args.deadline)
        r = rounds.current_round(ws)
        print(f"已开启“{args.name.strip()}”，截止 {r.deadline if r else args.deadline}。"
              f"{len(changes.created)} 个已通过的目录成为本轮基线（已发布版本）；各单位在此基础上报送调整，"
              "审核时只看自基线以来的变化。")
        print("请用 `gongkai package distribute -o 文件` 把新的截止日期下发给各单位。")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..office import rounds

    with open_workspace(args) as ws:
        rows = [[r.name, str(r.deadline or ""), r.opened_at[:10] if r.opened_at else "行动计划",
                 str(r.baselines) if r.opened_at else ""] for r in rounds.list_rounds(ws)]
        print_table(["轮次", "截止日期", "开启", "基线目录数"], rows)
    return 0
