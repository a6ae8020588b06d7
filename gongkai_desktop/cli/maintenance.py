"""`gongkai backup|restore|check`: the workspace's backups, restoring one, and checking the file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import backups, logfile, workspace_file
from ..workspace import DB_FILE, Workspace, default_data_dir
from .common import open_workspace, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="立即备份工作区（默认存入数据目录的 backups 文件夹）；--list 列出已有备份")
    p.add_argument("-o", "--output", help="备份文件（或文件夹）")
    p.add_argument("--list", action="store_true", help="列出已有的备份，最新的在前")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="用备份文件恢复工作区（恢复前的工作区会先另存一份备份）")
    p.add_argument("file", help="备份文件的路径，或 backups 文件夹中的文件名")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", help="检查工作区文件是否完好（有问题时退出码为 1）")
    p.set_defaults(func=cmd_check)


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if getattr(args, "data_dir", None) else default_data_dir()


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        found = backups.list_backups(_data_dir(args))
        if not found:
            print("还没有备份。")
            return 0
        print_table(["时间", "原因", "大小", "文件"], [
            [f"{b.created:%Y-%m-%d %H:%M:%S}", backups.REASONS.get(b.reason, b.reason), _size(b.size), b.path.name]
            for b in found])
        return 0
    with open_workspace(args) as ws:
        made = backups.make_backup(ws, backups.MANUAL, args.output)
    print(f"已备份工作区：{made.path}（{_size(made.size)}）")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    done = backups.restore(data_dir, args.file, DB_FILE)
    Workspace.open(data_dir).close()  # reopen: migrations for an older backup, reference data
    print(f"已用备份 {done.source} 恢复工作区（{data_dir}）。")
    if done.previous is not None:
        print(f"恢复前的工作区已另存为备份 {done.previous.path.name}，如需撤销可再用它恢复。")
    if done.set_aside is not None:
        print(f"原来已损坏的工作区文件已原样移至 {done.set_aside}。")
    print("此后导出的文件包编号会接着已用过的最大编号，市府办不会把它当作旧文件包。")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    path = data_dir / DB_FILE
    problems = workspace_file.check_file(path)
    good = backups.latest_good(data_dir)
    if not path.exists():
        print(f"数据目录 {data_dir} 中还没有工作区。")
    elif problems:
        print(f"工作区文件有问题：{path}")
        for p in problems:
            print(f"  - {p}")
    else:
        print(f"工作区完好：{path}（{_size(path.stat().st_size)}）")
    print(f"备份：{len(backups.list_backups(data_dir))} 份；最近一次完好的备份："
          + (f"{good.label} {good.path}" if good else "无"))
    if problems and good is not None:
        print(f"可用 `gongkai restore {good.path.name}` 从该备份恢复。")
    print(f"日志文件：{logfile.log_path() or data_dir / logfile.LOG_DIR / logfile.LOG_FILE}")
    return 1 if problems else 0


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"
