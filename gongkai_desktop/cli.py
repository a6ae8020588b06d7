"""The `gongkai` command: the window's operations, headless.

Each group of commands lives in its own module with a ``register(subparsers)`` function; this
module only builds the parser, opens the workspace and turns domain errors into a Chinese line
on stderr and a non-zero exit status (no traceback for user errors).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .errors import DomainError

COMMAND_MODULES = (
    "gongkai_desktop.cli_catalog",
    "gongkai_desktop.cli_package",
    "gongkai_desktop.cli_documents",
    "gongkai_desktop.cli_review",
)


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors, said in Chinese
        self.print_usage(sys.stderr)
        self.exit(2, f"命令参数有误：{message}\n用 `gongkai -h` 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="gongkai", description="政务公开事项标准目录：编制、检查、报送、审核、汇总（命令行）")
    parser.add_argument("--data-dir", help="工作区数据目录（默认为本机用户数据目录）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2 if exc.code not in ("problems",) else 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
