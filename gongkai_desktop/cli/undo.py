"""`gongkai undo` / `gongkai redo`: the workspace's undo log, the same one the window's 编辑 menu shows."""

from __future__ import annotations

import argparse

from .common import open_workspace


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("undo", help="撤销最近一次操作（与窗口“编辑 → 撤销”相同）")
    p.set_defaults(func=lambda args: _step(args, backwards=True))
    p = sub.add_parser("redo", help="重做刚撤销的操作")
    p.set_defaults(func=lambda args: _step(args, backwards=False))


def _step(args: argparse.Namespace, backwards: bool) -> int:
    with open_workspace(args) as ws:
        changes = ws.undo() if backwards else ws.redo()
        print(f"已{changes.name}。")
        status = changes.undo
        if status is not None:
            nxt = [f"可撤销：{status.undo}" if status.undo else "", f"可重做：{status.redo}" if status.redo else ""]
            line = "；".join(x for x in nxt if x)
            if line:
                print(line)
    return 0
