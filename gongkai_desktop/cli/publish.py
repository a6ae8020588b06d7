"""`gongkai publish -o DIR`: the review office publishes the approved county catalog as a static website."""

from __future__ import annotations

import argparse
import sys

from ..documents.layout import CHANNEL_MODES, LEVEL_STYLES, ExportOptions
from .common import open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="审核端：把审核通过的全县目录发布为静态网站（供政府信息公开专栏使用）",
                       description="把审核通过的全县目录写成静态网站：首页、各领域目录、负面清单、全站搜索、"
                       "Excel/CSV/JSON 下载。网站管理人员把整个文件夹原样复制到政府信息公开专栏即可。")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="网站文件夹（新文件夹、空文件夹，或以前发布的网站文件夹，会被整体替换）")
    p.add_argument("--channels", choices=CHANNEL_MODES, default="chosen_only",
                   help="公开渠道列的写法：chosen_only 只列所选渠道（默认）、checklist ■□ 全部列出、tick_columns 每个渠道一列")
    p.add_argument("--levels", choices=LEVEL_STYLES, default="standard", help="公开层级的列：standard 县级/乡级，zhejiang 市级/镇街乡/村")
    p.set_defaults(func=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    from ..office.publish import publish_county

    shown: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        step = message[:3]  # 汇总第… / 正在导出… / 正在生成…: one line per step, not per area or rows
        if message and (not shown or shown[-1] != step):
            shown.append(step)
            print(message, file=sys.stderr)

    with open_workspace(args) as ws:
        result = publish_county(ws, args.output, progress, options=ExportOptions(channels=args.channels, levels=args.levels))
        print(result.message())
    return 0
