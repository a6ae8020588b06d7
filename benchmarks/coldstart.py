"""A cold start of the window, as `gongkai-desktop --data-dir DIR` does it, up to its first painted frame.

`python -m benchmarks.coldstart DATA_DIR SETTINGS_DIR` prints ``{"painted": <time.time()>,
"peak_rss_mib": …}`` once the item table of the opened area has been painted, and quits. The parent
takes the wall-clock time from just before it started this process, so the interpreter's own start
and every import count, as they do for a user.

The time is taken as soon as the event loop is back after that paint (the frame is on the screen):
a high-priority posted event, handled before any work the window queued for after its first frame
(such as filling in the other areas' progress), which the user does not wait for to see the window.
"""

import sys
import time


def main() -> int:
    data_dir, settings_dir = sys.argv[1], sys.argv[2]
    from gongkai_desktop.ui.app import make_application, open_window  # first, as gongkai-desktop does

    # isort: split
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # never the user's own window state
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    app = make_application()
    window = open_window(data_dir)
    if window is None or window.doc.catalog is None:
        print('{"error": "the window did not open a started area"}')
        return 1
    viewport = window.table.viewport()
    seen: list[bool] = []
    painted: list[float] = []
    stamp_type = QEvent.Type(QEvent.registerEventType())

    def finish() -> None:
        import json

        from benchmarks.one import peak_rss_mib

        print(json.dumps({"painted": painted[0], "peak_rss_mib": peak_rss_mib(), "rows": window.model.rowCount(),
                          "area": window.doc.area.code if window.doc.area else ""}))
        app.quit()

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if obj is viewport and event.type() == QEvent.Type.Paint and not seen:
                seen.append(True)  # the paint is handled right after this returns; the next loop turn sees it done
                QCoreApplication.postEvent(self, QEvent(stamp_type), Qt.EventPriority.HighEventPriority.value)
            return False

        def event(self, event: QEvent) -> bool:
            if event.type() == stamp_type:
                painted.append(time.time())
                QTimer.singleShot(0, finish)
                return True
            return super().event(event)

    spy = FirstPaint()
    viewport.installEventFilter(spy)
    window.show()
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
