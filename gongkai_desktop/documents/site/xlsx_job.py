"""The site's .xlsx download, written in a second process while the first writes the pages.

The aggregate's Excel writer takes most of a publication's time (about 3 s for 60,000 rows) and is
pure Python, so a thread would only take turns with the page writer; a process of its own uses the
machine's second core. It gets the rows as plain tuples of the fields the table prints (a pickle
of a few MB) and writes the same workbook `write_xlsx` writes in-process. Where no process can be
started (a locked-down machine), or for a
small county where starting one costs more than it saves, the workbook is written in this process
(``GONGKAI_NO_WORKER_PROCESS=1`` forces that).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import tempfile
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


def _worker(payload_file: str, path: str, options: ExportOptions, conn: Any) -> None:
    """In the second process: rebuild the sheets and write the workbook; report the outcome on ``conn``."""
    gc.disable()  # as in the first process (review.publish.gc_paused): many objects, no cycles
    try:
        from ..xlsx_export import write_xlsx

        with open(payload_file, "rb") as f:
            payload = pickle.load(f)

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
    except BaseException as exc:  # noqa: BLE001 - said to the parent, which raises it as a DomainError
        conn.send(("error", "unexpected", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class XlsxJob:
    """The workbook being written elsewhere (`start`), or already written here (in-process fallback).

    Starting a spawned process blocks until the child has booted and read its arguments, so a helper
    thread starts it while this thread goes on with the pages (the wait releases the interpreter).
    """

    def __init__(self) -> None:
        self.process: Any = None
        self.conn: Any = None
        self.starter: threading.Thread | None = None
        self.start_error: BaseException | None = None
        self.payload_file: Path | None = None

    @classmethod
    def start(cls, catalog: SiteCatalog, path: Path, options: ExportOptions,
              progress: Callable[[float, str], None] | None, cancelled: Cancelled | None) -> XlsxJob:
        job = cls()
        rows = sum(len(a.rows) for a in catalog.shown_areas)
        if rows >= PARALLEL_FROM_ROWS and _can_spawn():
            # the rows go by a file, not the start-up pipe: a big write there would hold this thread
            # back while the child boots (the pipe takes 64 KB at a time)
            fd, name = tempfile.mkstemp(prefix="gongkai-site-xlsx-", suffix=".pickle")
            job.payload_file = Path(name)
            with os.fdopen(fd, "wb") as f:
                pickle.dump(_payload(catalog), f, protocol=pickle.HIGHEST_PROTOCOL)
            job.starter = threading.Thread(target=job._spawn, args=(name, path, options),
                                           name="gongkai-site-xlsx-start", daemon=True)
            job.starter.start()
            return job
        write_in_process(catalog, path, site_options(options, _units_lookup(catalog)), progress, cancelled)
        return job

    def _spawn(self, payload_file: str, path: Path, options: ExportOptions) -> None:
        try:
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_worker, args=(payload_file, str(path), options, child),
                                  name="gongkai-site-xlsx", daemon=True)
            process.start()
            child.close()
            self.process, self.conn = process, parent
        except BaseException as exc:  # noqa: BLE001 - no second process here: written in this one instead
            self.start_error = exc

    def wait(self, catalog: SiteCatalog, path: Path, options: ExportOptions, cancelled: Cancelled | None) -> None:
        """Until the workbook is written; a cancel stops the other process, its failure is raised here."""
        if self.starter is None:
            return
        self.starter.join()
        self.starter = None
        if self.process is None:  # it could not start: write it here
            self.stop()
            write_in_process(catalog, path, site_options(options, _units_lookup(catalog)), None, cancelled)
            return
        try:
            while not self.conn.poll(POLL_S):
                if cancelled and cancelled():
                    raise DomainError("cancelled", "已取消发布，网站文件夹保持原样。")
                if not self.process.is_alive() and not self.conn.poll(0):
                    raise DomainError("write_failed", "写入 Excel 下载文件的进程意外退出，网站未发布。请重试。")
            status, code, message = self.conn.recv()
            if status != "ok":
                raise DomainError(code, message)
        finally:
            self.stop()

    def stop(self) -> None:
        """End the other process (after a cancel or a failure of this one: nothing half written is kept)."""
        if self.starter is not None:
            self.starter.join()
            self.starter = None
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join(10)
            self.conn.close()
            self.process = None
        if self.payload_file is not None:  # after the process: Windows keeps an open file from being removed
            with contextlib.suppress(OSError):
                self.payload_file.unlink(missing_ok=True)
            self.payload_file = None


def _units_lookup(catalog: SiteCatalog) -> Callable[[ItemRecord], str]:
    units = {id(r.item): "、".join(r.units) for a in catalog.shown_areas for r in a.rows}
    return lambda i: units.get(id(i), "")


def _can_spawn() -> bool:
    """``GONGKAI_NO_WORKER_PROCESS=1`` keeps everything in one process (the frozen builds' entry
    points call `multiprocessing.freeze_support`, so a worker starts there too)."""
    return not os.environ.get("GONGKAI_NO_WORKER_PROCESS")
