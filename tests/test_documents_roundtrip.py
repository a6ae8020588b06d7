"""Export then import gives back every field of every item, in every layout setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gongkai_desktop import vocab
from gongkai_desktop.documents.layout import ExportOptions, SheetData
from gongkai_desktop.documents.xlsx_export import write_xlsx
from gongkai_desktop.documents.xlsx_import import read_xlsx
from gongkai_desktop.identity import choose_unit
from gongkai_desktop.models import Catalog, ChangeLog
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.exports import export_catalogs
from gongkai_desktop.unit.imports import apply_import, read_catalog_xlsx
from tests.documents_helpers import fields_of, make_item, varied_catalog


@pytest.mark.parametrize("channels", ["checklist", "chosen_only", "tick_columns"])
@pytest.mark.parametrize("levels", ["standard", "zhejiang"])
def test_export_then_import_gives_back_every_field(ws, new_workspace, tmp_path: Path, channels: str,
                                                    levels: str) -> None:
    cid = varied_catalog(ws)
    original = catalogs.load_items(ws, cid)
    out = tmp_path / "catalog.xlsx"
    export_catalogs(ws, "xlsx", ["04"], out, ExportOptions(channels=channels, levels=levels, national_only=True))

    other = new_workspace("other")
    choose_unit(other, "市公安局")
    preview = read_catalog_xlsx(other, out)
    assert preview.ok, preview.lines()
    summary = apply_import(other, preview)
    assert summary.catalogs_created == ["户籍管理"] and summary.items_created == len(original)

    imported = catalogs.load_items(other, summary.catalog_ids[0])
    assert [fields_of(i) for i in imported] == [fields_of(i) for i in original]


def test_reimporting_the_same_file_changes_nothing(ws, tmp_path: Path) -> None:
    cid = varied_catalog(ws)
    out = tmp_path / "c.xlsx"
    export_catalogs(ws, "xlsx", None, out)
    with ws.session() as s:
        logs_before = len(s.scalars(select(ChangeLog.id)).all())
        version_before = s.get(Catalog, cid).version

    summary = apply_import(ws, read_catalog_xlsx(ws, out))

    assert summary.items_created == 0 and summary.items_updated == 0
    assert summary.items_unchanged == len(catalogs.load_items(ws, cid))
    with ws.session() as s:
        assert len(s.scalars(select(ChangeLog.id)).all()) == logs_before
        assert s.get(Catalog, cid).version == version_before


text = st.text(alphabet=st.sampled_from(list("政务公开事项内容依据=+-@'；、，。 ()（）0123456789abc\n_x")), max_size=40)


@st.composite
def items(draw: st.DrawFn) -> list:
    n = draw(st.integers(1, 6))
    out = []
    for k in range(n):
        channels = draw(st.lists(st.sampled_from(vocab.CHANNELS), unique=True))
        has_other = "其他" in channels or draw(st.booleans())
        out.append(make_item(
            k, level1=draw(st.sampled_from(["甲", "乙"])), level2=draw(text).strip() or f"二级{k}",
            content=draw(text).strip(), basis=draw(text).strip(), remarks=draw(text).strip(),
            channels=[c for c in vocab.CHANNELS if c in channels],
            channel_other=draw(st.sampled_from(["", "办税服务厅", "平台（网上）"])) if has_other else "",
            audience=[a for a in vocab.AUDIENCES if a in draw(st.lists(st.sampled_from(vocab.AUDIENCES)))],
            mode=draw(st.sampled_from(["", *vocab.MODES])), levels=draw(st.sampled_from([[], ["县级"], ["乡级"], ["县级", "乡级"]])),
            attribute=draw(st.sampled_from(vocab.ATTRIBUTES)), legal_ground=draw(text).strip(),
            applicability=draw(st.sampled_from(list(vocab.APPLICABILITY))), applicability_reason=draw(text).strip(),
            source=draw(st.sampled_from(list(vocab.SOURCES))), template_code=draw(st.sampled_from([None, "04-01-01"])),
            five_disclosures=[f for f in vocab.FIVE_DISCLOSURES if draw(st.booleans())],
        ))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=items(), channels=st.sampled_from(["checklist", "chosen_only", "tick_columns"]))
def test_round_trip_of_arbitrary_items_through_the_file(tmp_path: Path, data: list, channels: str) -> None:
    out = tmp_path / "h.xlsx"
    write_xlsx([SheetData("户籍管理领域目录", "户籍管理", "某局", data)], out, ExportOptions(channels=channels))
    preview = read_xlsx(out)
    rows = preview.sheets[0].rows
    assert preview.refused == []
    expected = []
    for i in data:
        f = fields_of(i)
        if not f["attribute"]:
            f["attribute"] = "主动公开"
        expected.append(f)
    assert [fields_of(r) for r in rows] == expected
