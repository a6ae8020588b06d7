"""The `gongkai` command: the window's operations, headless.

Each group of commands lives in its own module with a ``register(subparsers)`` function; this
module only builds the parser and is the command line's error boundary: every failure — a
domain error, a full disk, a read-only folder, a damaged workspace, a bug — becomes one Chinese
line on stderr saying what to do (`faults.describe`) and a non-zero exit status; the technical
detail and its traceback go to the log file in the data folder (`logfile`), never to the screen.
Output cut short by a closed pipe (``gongkai catalog list | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .. import __version__, faults, logfile
from ..errors import DomainError

COMMAND_MODULES = (
    "gongkai_desktop.cli.catalog",
    "gongkai_desktop.cli.package",
    "gongkai_desktop.cli.documents",
    "gongkai_desktop.cli.review",
    "gongkai_desktop.cli.upward",
    "gongkai_desktop.cli.undo",
    "gongkai_desktop.cli.catalog_edit",
    "gongkai_desktop.cli.publish",
    "gongkai_desktop.cli.maintenance",
    "gongkai_desktop.cli.versions",  # after catalog and review: they add to those groups
    "gongkai_desktop.cli.template",
    "gongkai_desktop.cli.rounds",
    "gongkai_desktop.cli.registry",
    "gongkai_desktop.cli.laws",
    "gongkai_desktop.cli.reviewers",
)


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own frame texts (usage, headings, -h) in Chinese."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:  # argparse's own errors, said in Chinese
        self.print_usage(sys.stderr)
        self.exit(2, f"命令参数有误：{translate_error(message)}\n用 `gongkai -h` 查看用法。\n")


ARGPARSE_MESSAGES = (
    (re.compile(r"argument (.+?): invalid choice: '(.*?)' \(choose from (.*)\)"), r"参数 \1 的取值“\2”无效，可选：\3"),
    (re.compile(r"argument (.+?): invalid int value: '(.*?)'"), r"参数 \1 应为整数，而不是“\2”"),
    (re.compile(r"argument (.+?): expected one argument"), r"参数 \1 后面需要一个值"),
    (re.compile(r"argument (.+?): not allowed with argument (.+)"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"the following arguments are required: (.+)"), r"缺少参数：\1"),
    (re.compile(r"one of the arguments (.+) is required"), r"需要以下参数之一：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
)


def translate_error(message: str) -> str:
    for pattern, chinese in ARGPARSE_MESSAGES:
        if pattern.fullmatch(message):
            return pattern.sub(chinese, message)
    return message


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="gongkai", description="政务公开事项标准目录：编制、检查、报送、审核、汇总（命令行）")
    parser.add_argument("--data-dir", help="工作区数据目录（默认为本机用户数据目录）")
    parser.add_argument("--db", metavar="URL", help="审核端共享数据库，如 postgresql://用户:密码@服务器/数据库"
                        "（默认为数据目录中的 SQLite 文件；密钥和日志仍在数据目录）")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:  # -h and usage errors print too: a closed pipe there ends as quietly as in a command
        args = parser.parse_args(argv)
    except SystemExit:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
        raise
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    data_dir = _data_dir(args)
    logfile.configure(data_dir)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the boundary
        return code
    except DomainError as exc:
        _say(f"错误：{exc.message}")
        return 2 if exc.code not in ("problems",) else 1
    except KeyboardInterrupt:
        _say("已取消。")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    except Exception as exc:  # noqa: BLE001 - the boundary: every failure becomes a Chinese line
        err = faults.report(exc, data_dir, f"gongkai {args.command}")
        _say(f"错误：{err.message}")
        return 3 if err.code == "unexpected" else 2


def _data_dir(args: argparse.Namespace) -> Path:
    from ..workspace import default_data_dir

    return Path(args.data_dir) if getattr(args, "data_dir", None) else default_data_dir()


def _say(text: str) -> None:
    """A line on stderr that cannot itself fail (a console without the characters, a closed stderr)."""
    try:
        print(text, file=sys.stderr)
    except UnicodeEncodeError:
        with contextlib.suppress(Exception):
            sys.stderr.buffer.write(text.encode(sys.stderr.encoding or "utf-8", "replace") + b"\n")
    except (OSError, ValueError):
        pass


def _quiet_stdout() -> None:
    """The reader went away: point stdout at nothing so the interpreter's final flush stays silent."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
