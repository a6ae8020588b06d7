"""Starting the window: `gongkai-desktop [--data-dir DIR] [FILE.gkpkg …]` or `python -m gongkai_desktop`."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

# What a start waits for before the first frame is mostly imports (benchmarks: cold_start), so:
# - the core (SQLAlchemy, the models) comes before PySide6, whose import hook, once installed,
#   makes each later import slower (SQLAlchemy's ~300 modules: ~70 ms);
# - the garbage collector does not run meanwhile: the few hundred thousand objects made live as
#   long as the program, so its passes find nothing (~40 ms). They are then frozen, left out of
#   every later pass too (also while editing).
_collecting = gc.isenabled()
gc.disable()
try:
    from ..workspace import ROLE_REVIEW, Workspace

    # isort: split
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .. import __version__, faults, logfile
    from . import fault_boundary, first_frame, open_files, settings
    from .app_icon import ICON_NAME, app_icon
    from .identity_flow import choose_identity
    from .main_window import MainWindow
    from .qt_guard import broken_runtime_message
finally:
    gc.freeze()
    if _collecting:
        gc.enable()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gongkai-desktop", description="政务公开事项标准目录（图形界面）")
    parser.add_argument("--data-dir", help="工作区数据目录（默认为上次使用的目录或本机用户数据目录）")
    parser.add_argument("--version", action="version", version=f"gongkai-desktop {__version__}", help="显示版本号并退出")
    parser.add_argument("files", nargs="*", metavar="文件包",
                        help="要打开的 .gkpkg 文件包（双击文件包时由系统传入）：审核端打开导入对话框，单位导入审核结果或下发文件")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *(argv or [])])
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("政务公开事项标准目录")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(ICON_NAME)  # Linux: the task bar matches the window to gongkai-desktop.desktop
    settings.apply_font()
    install_chinese(app)
    return app


def install_chinese(app: QApplication) -> bool:
    """Qt's own words (Yes/No, Cancel, the text fields' context menu) in Chinese too."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if app.property("gongkai_translator"):
        return True
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", path):
        return False
    app.installTranslator(translator)
    app.setProperty("gongkai_translator", True)
    return True


def open_window(data_dir: str | None = None) -> MainWindow | None:
    """Open the workspace (asking whose it is on first start) and its window; None if cancelled.

    A workspace that cannot be opened (damaged, another program's, from a newer release, a read-only
    or full disk) is explained with the way out: restore a backup or choose a folder for a new one.
    """
    from .backup_dialog import schedule_daily_backup, way_out

    path: Path | None = settings.data_dir(data_dir)
    while path is not None:
        logfile.configure(path)
        try:
            ws = Workspace.open(path, daily_backup=False)
            break
        except Exception as exc:  # noqa: BLE001 - the boundary: every failure is a message with a way out
            path = way_out(path, faults.report(exc, path, "open workspace"))
    else:
        return None
    if ws.role is None and not choose_identity(ws):
        ws.close()
        return None
    if ws.role == ROLE_REVIEW:  # a new office sets its round dates first (not the plan's 2020 ones)
        from .review.round_dates import ask_if_unset

        ask_if_unset(ws)
    window = MainWindow(ws)
    schedule_daily_backup(ws)
    return window


def start(argv: Sequence[str]) -> MainWindow | int:
    """Everything before the event loop: the window shown, the files given queued to open; or an exit code."""
    args = parse_args(argv)
    app = make_application()
    fault_boundary.install(app)  # from here on no failure reaches the user as a traceback
    broken = broken_runtime_message()
    if broken is not None:
        QMessageBox.critical(None, "运行环境有缺陷", broken)
        return 3
    window = open_window(args.data_dir)
    if window is None:
        return 1
    first_frame.install(window)
    window.show()
    open_files.open_later(window, args.files)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    window = start(sys.argv[1:] if argv is None else argv)
    if isinstance(window, int):
        return window
    code = QApplication.instance().exec()
    while getattr(window, "replaced_by", None) is not None:  # a workspace of the other role opened anew
        window = window.replaced_by
    window.ws.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
