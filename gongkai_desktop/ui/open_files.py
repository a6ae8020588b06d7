"""`gongkai-desktop FILE.gkpkg …`: what a double-click on a package runs (the Linux desktop entry's
MIME association, the Windows file association) opens the files in the window.

On the review office's workspace the files go to the import dialog (its dry run shows each file's
verdict first); on a unit's workspace each file goes to the window's own action for its kind —
导入审核结果 for a review result, 导入市府办下发文件 for a distribution — exactly as if the user had
chosen it in that action's file dialog. Nothing here decides a business rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl

from ..errors import DomainError

if TYPE_CHECKING:
    from .main_window import MainWindow


def local_path(arg: str | Path) -> Path:
    """A path as given, or a ``file://`` URL as some file managers pass it."""
    text = str(arg)
    return Path(QUrl(text).toLocalFile()) if text.startswith("file:") else Path(text)


def open_packages(window: MainWindow, paths: Sequence[str | Path]) -> None:
    """Open each file the program was started with in ``window`` (see the module's docstring)."""
    files = [local_path(p) for p in paths]
    if not files:
        return
    review = getattr(window, "review", None)
    if window.is_review_office and review is not None:
        review.show_import(files)
        return
    for path in files:
        open_on_unit(window, path)


def open_on_unit(window: MainWindow, path: Path) -> bool:
    """A review result or a distribution through the unit's import action; anything else is refused."""
    from ..package.kind import package_kind  # the package code is not imported before the first frame

    try:
        kind = package_kind(path)
    except DomainError as exc:
        window.show_error(exc)
        return False
    actions = window.unit_actions  # type: ignore[attr-defined]
    if kind == "review_result":
        return bool(actions.import_result(path))
    if kind == "distribution":
        return bool(actions.import_distribution(path))
    window.show_error(DomainError("submission_on_unit", f"“{path.name}”是单位报送给市府办的文件包，应在市府办（审核端）导入；"
                                  "本单位的工作区只能导入市府办发来的审核结果和下发文件。"))
    return False


def open_later(window: MainWindow, paths: Sequence[str | Path]) -> None:
    """Once the event loop runs (the window is on the screen), open the files."""
    if paths:
        QTimer.singleShot(0, lambda: open_packages(window, list(paths)))
