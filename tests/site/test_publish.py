"""发布到网站 on the review office: refusals, replacing an earlier site, cancel and failure, the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.office import aggregate
from gongkai_desktop.office.publish import publish_county
from tests.site.county_site import AREA


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_writes_the_site_and_counts(county_office, tmp_path: Path) -> None:
    office, second = county_office
    steps: list[tuple[float, str]] = []
    result = publish_county(office, tmp_path / "site", lambda f, m: steps.append((f, m)))
    rows = {c: len(aggregate.aggregate_area(office, c).rows) for c in (AREA, second)}
    assert (result.areas, result.items) == (2, sum(rows.values()))
    assert result.negative == len(aggregate.negative_list(office)) == 1
    assert result.index == tmp_path / "site" / "index.html" and result.index.is_file()
    assert "2 个领域" in result.message() and "index.html" in result.message()
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(m for _, m in steps[:-1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left beside it


def test_unit_workspace_and_nothing_approved_are_refused(ws, office_ws, tmp_path: Path) -> None:
    for workspace, code in ((ws, "role_conflict"), (office_ws, "nothing_to_publish")):
        with pytest.raises(DomainError) as err:
            publish_county(workspace, tmp_path / "web" / "site")
        assert err.value.code == code and "发布" in err.value.message
        assert not (tmp_path / "web").exists() or list((tmp_path / "web").iterdir()) == []


def test_republishing_replaces_the_site_and_a_cancel_or_failure_keeps_the_old_one(county_office, tmp_path: Path) -> None:
    office = county_office[0]
    target = tmp_path / "site"
    publish_county(office, target, day=_day(1))
    before = digest(target)
    (target / "stale.html").write_text("from an older release", encoding="utf-8")
    before["stale.html"] = hashlib.sha256(b"from an older release").hexdigest()

    messages: list[str] = []

    def cancel_after_pages() -> bool:
        return any("网页" in m for m in messages)

    with pytest.raises(DomainError) as err:
        publish_county(office, target, lambda f, m: messages.append(m), cancel_after_pages, day=_day(2))
    assert err.value.code == "cancelled" and "保持原样" in err.value.message
    assert digest(target) == before and sorted(p.name for p in tmp_path.iterdir()) == ["site"]

    def broken_disk(_f: float, message: str) -> None:  # the disk fills up while the search index is written
        if "搜索索引" in message:
            raise OSError(28, "No space left on device")

    with pytest.raises(DomainError) as err:
        publish_county(office, target, broken_disk, day=_day(2))
    assert err.value.code == "write_failed" and "无法写入" in err.value.message
    assert digest(target) == before and sorted(p.name for p in tmp_path.iterdir()) == ["site"]

    publish_county(office, target, day=_day(2))  # a complete run replaces the whole folder
    after = digest(target)
    assert "stale.html" not in after and after.keys() == before.keys() - {"stale.html"}
    assert "2026年1月2日" in (target / "index.html").read_text(encoding="utf-8")


def _day(n: int):  # noqa: ANN202
    from datetime import date

    return date(2026, 1, n)


def test_command_line_publishes_and_refuses_in_chinese(county_office, ws, tmp_path: Path, capsys) -> None:
    office = county_office[0]
    out = tmp_path / "web"
    assert main(["--data-dir", str(office.data_dir), "publish", "-o", str(out), "--channels", "checklist"]) == 0
    printed = capsys.readouterr()
    assert "已发布 2 个领域" in printed.out and str(out) in printed.out
    assert "正在生成" in printed.err
    assert "□政府公报" in (out / f"area-{AREA}.html").read_text(encoding="utf-8")  # --channels reached the tables
    assert main(["--data-dir", str(ws.data_dir), "publish", "-o", str(tmp_path / "unit-web")]) == 2
    assert "只有审核端" in capsys.readouterr().err
    assert not (tmp_path / "unit-web").exists()


def test_the_excel_written_by_the_worker_process_is_the_one_written_in_process(county_office, tmp_path: Path,
                                                                                 monkeypatch) -> None:
    import openpyxl

    from gongkai_desktop.documents.site import xlsx_job
    from gongkai_desktop.office import publish

    office = county_office[0]
    for module in (xlsx_job, publish):  # the county's size would use the worker anyway
        monkeypatch.setattr(module, "PARALLEL_FROM_ROWS", 1)
    started: list[tuple[xlsx_job.XlsxWorker, object]] = []
    real_spawn = xlsx_job.XlsxWorker._spawn

    def spawn(self: xlsx_job.XlsxWorker) -> None:
        real_spawn(self)
        started.append((self, self.process))

    monkeypatch.setattr(xlsx_job.XlsxWorker, "_spawn", spawn)
    publish_county(office, tmp_path / "worker")
    worker, process = started[0]
    assert worker.submitted and process is not None and not process.is_alive() and process.exitcode == 0
    monkeypatch.setenv("GONGKAI_NO_WORKER_PROCESS", "1")
    publish_county(office, tmp_path / "here")
    assert len(started) == 1

    def cells(site: Path) -> list[list[list[object]]]:
        wb = openpyxl.load_workbook(site / "downloads" / "catalog.xlsx")
        return [[[c.value for c in row] for row in ws.iter_rows()] + [sorted(map(str, ws.merged_cells.ranges))]
                for ws in wb.worksheets]

    assert cells(tmp_path / "worker") == cells(tmp_path / "here")
    sheet = cells(tmp_path / "here")[0]
    assert "责任单位" in sheet[1] and any("双塔街道、虎山街道" in row for row in sheet[3:-1])

    # a cancel while the worker writes ends it, and nothing is left behind
    monkeypatch.delenv("GONGKAI_NO_WORKER_PROCESS")
    with pytest.raises(DomainError) as err:
        publish_county(office, tmp_path / "cancelled", None, lambda: len(started) > 1 and started[-1][0].submitted)
    assert err.value.code == "cancelled" and len(started) == 2
    assert not started[1][1].is_alive()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here", "worker"]
    # a refusal after the worker was launched ends it too
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DomainError):
        publish_county(office, tmp_path / "foreign")
    assert all(not p.is_alive() for _w, p in started)
