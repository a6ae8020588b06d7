"""Property tests for the schema: random values in every field of every package kind never crash the
reader (only `PackageError`), whatever passes satisfies every invariant the database and the exports
rely on, nothing unchecked reaches the database, and the writer's output always passes the reader."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_desktop import keys, vocab
from gongkai_desktop.identity import choose_review_office, choose_unit
from gongkai_desktop.office import importing, submissions
from gongkai_desktop.package import PackageError, schema
from gongkai_desktop.package.read import read_package
from gongkai_desktop.package.rules import MAX_INT, MAX_TEXT
from gongkai_desktop.package.textclean import STRIP, clean_text
from gongkai_desktop.records import ITEM_DATA_FIELDS
from gongkai_desktop.unit import catalogs
from gongkai_desktop.unit.submit import export_submission
from gongkai_desktop.workspace import Workspace
from tests.conftest import copy_workspace
from tests.crafted import catalog, submission
from tests.pkg_helpers import enrol_and_confirm

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text with what hostile files carry: bidi controls, non-characters, decomposed accents, CJK, emoji.
NASTY = st.sampled_from(["\u202e", "\u2066", "\u200f", "\ufffe", "\uffff", "e\u0301", "\x07", "公开", "😀", "=cmd|' /C calc'!A0"])
TEXT = st.lists(st.one_of(st.text(max_size=20), NASTY), max_size=6).map("".join)
JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False, allow_infinity=False)
                    | TEXT, lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c, max_size=3), max_leaves=8)
VALID = {
    "id": st.uuids().map(str), "position": st.integers(0, 1000), "revision": st.integers(1, 1000),
    "template_code": st.none(), "source": st.sampled_from(tuple(vocab.SOURCES)),
    "mode": st.sampled_from(("", *vocab.MODES)), "attribute": st.sampled_from(("", *vocab.ATTRIBUTES)),
    "applicability": st.sampled_from(tuple(vocab.APPLICABILITY)),
    **{f: TEXT for f in vocab.TEXT_FIELDS},
    **{f: st.lists(st.sampled_from(v), unique=True) for f, v in
       (("channels", vocab.CHANNELS), ("audience", vocab.AUDIENCES), ("levels", vocab.LEVELS),
        ("five_disclosures", vocab.FIVE_DISCLOSURES))},
}
assert set(VALID) == set(ITEM_DATA_FIELDS)


@st.composite
def items(draw, size: int = 3) -> list[dict]:
    """Items whose fields are mostly valid, some random JSON, now and then a field missing or added."""
    out = []
    for _ in range(draw(st.integers(0, size))):
        it = {f: draw(st.one_of(s, JSON) if draw(st.integers(0, 9)) == 0 else s) for f, s in VALID.items()}
        if draw(st.integers(0, 30)) == 0:
            it.pop(draw(st.sampled_from(sorted(it))))
        if draw(st.integers(0, 30)) == 0:
            it[draw(TEXT)] = draw(JSON)
        out.append(it)
    return out


def assert_storable(it: dict) -> None:
    """What the database columns and the exports need of an accepted item."""
    assert set(it) == set(ITEM_DATA_FIELDS)
    for f in vocab.TEXT_FIELDS:
        value = it[f]
        assert type(value) is str and len(value) <= MAX_TEXT and not STRIP.search(value)
        assert unicodedata.is_normalized("NFC", value)
    assert type(it["position"]) is int and 0 <= it["position"] <= MAX_INT
    assert type(it["revision"]) is int and 1 <= it["revision"] <= MAX_INT
    assert it["mode"] in ("", *vocab.MODES) and it["attribute"] in ("", *vocab.ATTRIBUTES)
    assert it["source"] in vocab.SOURCES and it["applicability"] in vocab.APPLICABILITY
    for f, allowed in (("channels", vocab.CHANNELS), ("audience", vocab.AUDIENCES), ("levels", vocab.LEVELS),
                       ("five_disclosures", vocab.FIVE_DISCLOSURES)):
        assert type(it[f]) is list and set(it[f]) <= set(allowed) and len(set(it[f])) == len(it[f])
    assert type(it["id"]) is str and 1 <= len(it["id"]) <= 36


AREA = {"code": "04", "name": "户籍管理", "catalog_version": 1, "template_version": "", "item_count": 0}


@FAST
@given(items())
def test_random_items_are_refused_or_storable(its) -> None:
    cat = catalog(items=its)
    try:
        out = schema.check_catalog(cat, dict(AREA, item_count=len(its)), "D06")
    except PackageError as exc:
        assert exc.code and not exc.message.isascii()
        return
    for it in out["items"]:
        assert_storable(it)


ROLES = ("responses", "result", "registry", "office_key", "deadlines", "template", "areas", "laws", "provenance",
         "negative_list")


@FAST
@given(st.sampled_from(ROLES), JSON)
def test_random_json_for_every_other_payload_never_crashes(role, value) -> None:
    try:
        schema.check_payload(role, "payload/x.json", value)
    except PackageError as exc:
        assert exc.code and exc.message


@FAST
@given(st.sampled_from(tuple(schema.KINDS)), st.dictionaries(TEXT, JSON, max_size=6), st.data())
def test_random_manifests_never_crash(kind, fields, data) -> None:
    m = {"format": "gkpkg", "format_version": 1, "kind": kind, **fields}
    for key in data.draw(st.lists(st.sampled_from(["package_id", "unit", "sequence", "files", "areas", "created_at"]),
                                  max_size=3)):
        m[key] = data.draw(JSON)
    try:
        schema.check_manifest(m)
    except PackageError as exc:
        assert exc.code and exc.message


# With the database ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pair(base_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("schema-prop")
    unit = Workspace.open(copy_workspace(base_workspace, root / "unit"))
    office = Workspace.open(copy_workspace(base_workspace, root / "office"))
    choose_unit(unit, "市公安局")
    choose_review_office(office)
    enrol_and_confirm(unit, office)
    yield unit, office, root, itertools.count(1)
    unit.close()
    office.close()


@SLOW
@given(items(size=4))
def test_nothing_unchecked_reaches_the_database(pair, its) -> None:
    unit, office, root, counter = pair
    n = next(counter)
    path = root / f"p{n}.gkpkg"
    path.write_bytes(submission(keys.load_signer(unit), catalogs=[catalog(items=its)], sequence=n))
    before = {s.id for s in submissions.list_submissions(office, current_only=False)}
    verdicts, summary = importing.import_files(office, [path])  # never raises: a verdict per file
    new = [s for s in submissions.list_submissions(office, current_only=False) if s.id not in before]
    if verdicts[0].verdict == "refused":
        assert not new and not summary.imported
        return
    for sub in new:
        stored = submissions.submission_items(office, sub.id)
        assert len(stored) == len(its)
        for record in stored:
            assert_storable({f: getattr(record, f) for f in ITEM_DATA_FIELDS} | {"position": 0})


@SLOW
@given(st.lists(st.tuples(TEXT, TEXT, st.sampled_from(tuple(vocab.MODES)), st.lists(st.sampled_from(vocab.CHANNELS),
                                                                                      unique=True, max_size=4)),
                min_size=1, max_size=4))
def test_the_writers_output_always_passes_the_reader(pair, rows) -> None:
    """Whatever a unit can type in the window, its package reads back item for item."""
    unit, _office, root, counter = pair
    cat = catalogs.find_catalog(unit, "08") or catalogs.catalog_info(unit, _start(unit))
    if cat.status in ("submitted", "approved"):  # handed in by the previous example: revise it
        catalogs.start_revision(unit, cat.id)
    for level2, remarks, mode, channels in rows:
        catalogs.add_item(unit, cat.id, "power_list", "部门预决算", level2 or "事项",
                          fields={"remarks": remarks, "mode": mode, "channels": channels})
    path = export_submission(unit, ["08"], root / f"w{next(counter)}.gkpkg").path
    pkg = read_package(path.read_bytes())  # the reader's whole schema, as the receiver runs it
    stored = catalogs.load_items(unit, cat.id)
    (received,) = pkg.catalogs
    assert len(received["items"]) == len(stored)
    for mine, theirs in zip(stored, received["items"]):
        assert_storable(theirs)
        assert theirs["id"] == mine.id and theirs["channels"] == mine.channels
        assert theirs["remarks"] == clean_text(mine.remarks) and theirs["level2"] == clean_text(mine.level2)


def _start(unit) -> int:
    from gongkai_desktop.models import Catalog

    with unit.session() as s:
        cat = Catalog(unit_code="D06", area_code="08", status="draft", version=1, template_version="")
        s.add(cat)
        s.flush()
        return cat.id
