"""The site's .xlsx download, written in a second process while the first writes the pages.

The aggregate's Excel writer takes most of a publication's time (about 3 s for 60,000 rows) and is
pure Python, so a thread would only take turns with the page writer; a process of its own uses the
machine's second core. It is launched before the county is aggregated (so its start-up overlaps
that), then gets the rows as plain tuples of the fields the table prints and writes the same
workbook `write_xlsx` writes in-process. Where no process can be started (a locked-down machine),
or for a small county, the workbook is written in this process (``GONGKAI_NO_WORKER_PROCESS=1``
forces that).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...errors import DomainError
from ...records import ItemRecord
from ..layout import Cancelled, ExportOptions, SheetData
from .data import SiteCatalog
from .table import site_options

FIELDS = ("level1", "level2", "content", "basis", "time_limit", "publisher", "channels", "channel_other", "audience",
          "mode", "levels", "attribute")
PARALLEL_FROM_ROWS = 5000  # below this the workbook takes less than starting a process
POLL_S = 0.05


def sheets_of(catalog: SiteCatalog) -> list[SheetData]:
    return [SheetData(f"{catalog.county}{a.name}领域政务公开事项标准目录", a.name, catalog.county,
                      [r.item for r in a.rows], a.code) for a in catalog.shown_areas]


def write_in_process(catalog: SiteCatalog, path: Path, options: ExportOptions,
                     progress: Callable[[float, str], None] | None, cancelled: Cancelled | None) -> None:
    from ..xlsx_export import write_xlsx

    write_xlsx(sheets_of(catalog), path, options, progress, cancelled, hidden_fields=False)


def _payload(catalog: SiteCatalog) -> list[tuple[str, str, str, str, list[tuple[Any, ...]]]]:
    """(title, area name, county, area code, rows) per sheet; a row is `FIELDS` + the units text."""
    out = []
    for sheet, area in zip(sheets_of(catalog), catalog.shown_areas):
        rows = [(*(getattr(r.item, f) for f in FIELDS), "、".join(r.units)) for r in area.rows]
        out.append((sheet.title, sheet.area_name, sheet.unit_name, sheet.area_code, rows))
    return out


def _worker(conn: Any) -> None:
    """In the second process: wait for the rows, write the workbook, say how it went on ``conn``."""
    gc.disable()  # as in the first process (office.publish.gc_paused): many objects, no cycles
    try:
        from ..xlsx_export import write_xlsx  # imported while the first process still aggregates

        job = conn.recv()
        if job is None:  # not needed after all (a small county)
            return
        payload, path, options = job
        units: dict[int, str] = {}
        sheets = []
        for title, area_name, county, code, rows in payload:
            items = []
            for n, row in enumerate(rows):
                item = ItemRecord("", 0, n, **dict(zip(FIELDS, row[:-1])))
                units[id(item)] = row[-1]
                items.append(item)
            sheets.append(SheetData(title, area_name, county, items, code))
        opts = site_options(replace(options, extra_columns=()), lambda i: units.get(id(i), ""))
        write_xlsx(sheets, path, opts, None, None, hidden_fields=False)
        conn.send(("ok", "", ""))
    except DomainError as exc:
        conn.send(("error", exc.code, exc.message))
    except EOFError:
        return  # the first process went away
    except BaseException as exc:  # noqa: BLE001 - said to the first process, which raises it as a DomainError
        conn.send(("error", "unexpected", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class XlsxWorker:
    """The second process, launched before the county is aggregated so that it has booted and
    imported the writer by the time the rows are ready (`launch`); then `submit`, `wait`, `stop`.

    Starting a spawned process blocks until the child has booted, so a helper thread starts it
    while this thread aggregates (that wait releases the interpreter).
    """

    def __init__(self) -> None:
        self.process: Any = None
        self.conn: Any = None
        self.starter: threading.Thread | None = None
        self.submitted = False
        self.finished = False

    @classmethod
    def launch(cls) -> XlsxWorker | None:
        """A worker starting up, or None where workers are turned off."""
        if not _can_spawn():
            return None
        worker = cls()
        worker.starter = threading.Thread(target=worker._spawn, name="gongkai-site-xlsx-start", daemon=True)
        worker.starter.start()
        return worker

    def _spawn(self) -> None:
        try:
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe(duplex=True)
            process = ctx.Process(target=_worker, args=(child,), name="gongkai-site-xlsx", daemon=True)
            process.start()
            child.close()
            self.process, self.conn = process, parent
        except BaseException:  # noqa: BLE001 - no second process here: the workbook is written in the first
            self.process = None

    def submit(self, catalog: SiteCatalog, path: Path, options: ExportOptions) -> bool:
        """Hand the rows over; False when the worker could not start (write the workbook here then)."""
        if self.starter is not None:
            self.starter.join()
            self.starter = None
        if self.process is None or not self.process.is_alive():
            return False
        try:
            self.conn.send((_payload(catalog), str(path), options))
        except OSError:
            return False
        self.submitted = True
        return True

    def wait(self, cancelled: Cancelled | None) -> None:
        """Until the workbook is written; a cancel stops the worker, its failure is raised here."""
        try:
            while not self.conn.poll(POLL_S):
                if cancelled and cancelled():
                    raise DomainError("cancelled", "已取消发布，网站文件夹保持原样。")
                if not self.process.is_alive() and not self.conn.poll(0):
                    raise DomainError("write_failed", "写入 Excel 下载文件的进程意外退出，网站未发布。请重试。")
            status, code, message = self.conn.recv()
            self.finished = True
            if status != "ok":
                raise DomainError(code, message)
        finally:
            self.stop()

    def stop(self) -> None:
        """End the worker (not needed, done, or after a cancel or failure: nothing half written is kept)."""
        if self.starter is not None:
            self.starter.join()
            self.starter = None
        if self.process is None:
            return
        if self.process.is_alive() and not self.submitted:
            with contextlib.suppress(OSError):
                self.conn.send(None)  # not needed: let it end by itself
            self.process.join(5)
        elif self.finished:  # it has said how it went and is ending
            self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)
        self.conn.close()
        self.process = None


class XlsxJob:
    """The download being written: by the worker, or (small county, no worker) already here."""

    def __init__(self, worker: XlsxWorker | None) -> None:
        self.worker = worker

    @classmethod
    def start(cls, catalog: SiteCatalog, path: Path, options: ExportOptions, worker: XlsxWorker | None,
              progress: Callable[[float, str], None] | None, cancelled: Cancelled | None) -> XlsxJob:
        rows = sum(len(a.rows) for a in catalog.shown_areas)
        if worker is not None and rows >= PARALLEL_FROM_ROWS and worker.submit(catalog, path, options):
            return cls(worker)
        if worker is not None:
            worker.stop()
        write_in_process(catalog, path, site_options(options, _units_lookup(catalog)), progress, cancelled)
        return cls(None)

    def wait(self, cancelled: Cancelled | None) -> None:
        if self.worker is not None:
            self.worker.wait(cancelled)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()


def _units_lookup(catalog: SiteCatalog) -> Callable[[ItemRecord], str]:
    units = {id(r.item): "、".join(r.units) for a in catalog.shown_areas for r in a.rows}
    return lambda i: units.get(id(i), "")


def _can_spawn() -> bool:
    """``GONGKAI_NO_WORKER_PROCESS=1`` keeps everything in one process (the frozen builds' entry
    points call `multiprocessing.freeze_support`, so a worker starts there too)."""
    return not os.environ.get("GONGKAI_NO_WORKER_PROCESS")
