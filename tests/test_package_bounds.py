"""Bounded work for every package: each limit refuses a crafted file before the work it would cost
(from the central directory or the manifest, before inflating or parsing), each within seconds."""

from __future__ import annotations

import time

import pytest

from gongkai_desktop import keys
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.read import read_package
from gongkai_desktop.package.schema import MAX_ITEMS
from tests.crafted import catalog, item, patch_zip, submission
from tests.pkg_helpers import make_zip

DOCX = make_zip([("[Content_Types].xml", b"<Types/>")])


@pytest.fixture(scope="module")
def signer():
    from gongkai_desktop.package.signing import generate

    return generate()


def refused_quickly(data: bytes, code: str, seconds: float = 3.0) -> PackageError:
    start = time.perf_counter()
    with pytest.raises(PackageError) as exc:
        read_package(data)
    assert exc.value.code == code, exc.value.message
    assert time.perf_counter() - start < seconds
    return exc.value


def test_a_manifest_bigger_than_its_bound_is_refused_before_inflating(signer) -> None:
    data = submission(signer, mutate=lambda m, p: m["areas"][0].update(name="户" * 600_000))
    assert len(data) < 200_000
    assert "manifest.json" in refused_quickly(data, "too_large").message


def test_an_attachment_declaring_more_than_50_mb(signer) -> None:
    data = submission(signer, attachments=[("payload/attachment-1.docx", "报告.docx", DOCX)])
    huge = 60 * 1024 * 1024
    data = patch_zip(data, "payload/attachment-1.docx", local={18: ("<I", huge), 22: ("<I", huge)},
                     central={20: ("<I", huge), 24: ("<I", huge)})
    refused_quickly(data, "too_large")


def test_too_many_entries(signer) -> None:
    entries = [("mimetype", b"x")] + [(f"payload/attachment-{n}.pdf", b"%PDF-") for n in range(1, 70)]
    refused_quickly(make_zip(entries), "zip_bomb")


def test_more_items_than_a_catalog_may_hold_is_refused_from_the_manifest(signer) -> None:
    data = submission(signer, mutate=lambda m, p: (m["areas"][0].update(item_count=MAX_ITEMS + 1),
                                                   m.update(item_count=MAX_ITEMS + 1)))
    assert "事项数" in refused_quickly(data, "out_of_range").message


def test_a_catalog_at_the_item_bound_still_reads_in_seconds(signer) -> None:
    items = [item(n, content="受理条件、办理流程" * 10) for n in range(MAX_ITEMS)]
    data = submission(signer, catalogs=[catalog(items=items)])
    start = time.perf_counter()
    assert len(read_package(data).catalogs[0]["items"]) == MAX_ITEMS
    assert time.perf_counter() - start < 10


def test_deep_nesting_and_huge_numbers_in_a_payload(signer) -> None:
    refused_quickly(submission(signer, raw={"payload/catalog-04.json": b"[" * 100_000 + b"]" * 100_000}), "bad_json")
    refused_quickly(submission(signer, raw={"payload/catalog-04.json": b'{"n": 1' + b"0" * 100_000 + b"}"}), "bad_json")


def test_a_review_result_with_too_many_comments(signer) -> None:
    from tests.crafted import result_body, review_result

    comments = [{"id": f"c{n}", "item_id": None, "field": None, "text": "意见"} for n in range(5001)]
    refused_quickly(review_result(signer, result_body("ab" * 16, comments=comments)), "out_of_range")


def test_the_office_key_is_loaded_once_and_the_limits_are_the_writers(county) -> None:
    """The bounds refuse nothing a real writer makes: a real county package reads."""
    office, units = county
    from gongkai_desktop.unit.submit import export_submission

    path = export_submission(units["市公安局"], None, office.data_dir).path
    assert read_package(path.read_bytes()).unit_code == "D06"
    assert keys.load_signer(units["市公安局"])
