"""The open area in memory after each edit: only the edited item is re-validated (unless the edit
can change other items' problems), and the result is always what validating the whole list gives."""

from __future__ import annotations

import pytest

from gongkai_desktop import reference
from gongkai_desktop.ui.document import AreaDocument
from gongkai_desktop.unit import catalogs
from gongkai_desktop.validation import validate_items

AREA = "04"


@pytest.fixture
def doc(qapp, ws) -> AreaDocument:
    cat = catalogs.start_catalog(ws, AREA).catalog
    for n in range(3):
        catalogs.add_item(ws, cat.id, "sanding", "本单位事项", f"自有事项{n}",
                          fields={"content": "内容", "basis": "依据", "time_limit": "20个工作日内", "publisher": "市公安局",
                                  "channels": ["政府网站"], "levels": ["县级"]})
    d = AreaDocument(ws)
    d.load_area(reference.get_area(ws, AREA))
    return d


def assert_consistent(doc: AreaDocument) -> None:
    want = validate_items(doc.items, doc.required)
    assert doc.problems == want
    by_item: dict[str, list] = {}
    for p in want:
        by_item.setdefault(p.item_id or "", []).append(p)
    assert doc.problems_by_item == by_item
    assert doc.items == catalogs.load_items(doc.ws, doc.catalog.id)
    assert doc.row_of == {i.id: n for n, i in enumerate(doc.items)}
    assert doc.progress() == (catalogs.catalog_info(doc.ws, doc.catalog.id).complete_count, len(doc.items), len(want))


def test_each_edit_leaves_the_problems_of_a_full_validation(doc) -> None:
    own = [i for i in doc.items if i.template_code is None]
    first, second, third = own
    template_item = next(i for i in doc.items if i.template_code and doc.required.get(i.template_code))
    steps = [
        (first.id, {"publisher": ""}),                      # own rule only
        (first.id, {"time_limit": "及时"}),                  # no period
        (second.id, {"level2": first.level2}),              # now a duplicate of the first (cross-item)
        (second.id, {"remarks": "备注"}),                    # an unrelated field of the duplicate: still one
        (second.id, {"content": ""}),                       # its own problem next to the duplicate one
        (first.id, {"applicability": "not_applicable", "applicability_reason": ""}),  # the duplicate goes away
        (first.id, {"applicability_reason": "本单位不涉及"}),
        (third.id, {"level1": "本单位事项", "channels": []}),  # unchanged level1 and a channel rule
        (template_item.id, {"channels": ["其他"]}),          # required template channel missing, 其他 empty
        (template_item.id, {"channel_other": "公告栏"}),
        (first.id, {"applicability": "adopted"}),           # back: the second is a duplicate again
        (second.id, {"level2": "改名"}),
    ]
    seen: set[str] = set()
    for item_id, changes in steps:
        doc.apply(catalogs.edit_item(doc.ws, item_id, changes))
        assert_consistent(doc)
        seen |= {p.code for p in doc.problems}
    assert {"missing_publisher", "time_limit_no_period", "duplicate_name", "missing_content", "na_without_reason",
            "missing_channels", "required_channel_missing", "other_channel_empty"} <= seen


def test_an_edit_of_a_handed_in_catalog_shows_its_next_version(doc) -> None:
    from gongkai_desktop.models import Catalog

    with doc.ws.session() as s:
        s.get(Catalog, doc.catalog.id).status = "submitted"
    doc.load_area(doc.area)
    assert doc.catalog.status == "submitted"
    doc.apply(catalogs.start_revision(doc.ws, doc.catalog.id))
    doc.apply(catalogs.edit_item(doc.ws, doc.items[0].id, {"remarks": "改了"}))
    info = catalogs.catalog_info(doc.ws, doc.catalog.id, with_progress=False)
    assert (doc.catalog.status, doc.catalog.version) == (info.status, info.version) == ("draft", 2)
