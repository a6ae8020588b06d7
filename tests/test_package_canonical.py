"""Canonical archives only: a real, correctly signed package with unsigned bytes or fields around the
signed content (what the issue found tolerated) is refused with a specific message, by verify and by
the import, and the workspace is unchanged. The writer's own output is exactly canonical."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from gongkai_desktop.office import importing
from gongkai_desktop.package import PackageError
from gongkai_desktop.package.read import read_package
from gongkai_desktop.package.verify import verify_package
from gongkai_desktop.package.zipsafe import CANONICAL_ATTR
from gongkai_desktop.unit.submit import export_submission
from tests.crafted import patch_zip, snapshot, unchanged

CAT = "payload/catalog-04.json"
# Offsets in the local header (LH) and central directory record (CD), from APPNOTE 4.3.7 / 4.3.12.
LH_VERSION, LH_FLAGS, LH_TIME, LH_XLEN = 4, 6, 10, 28
CD_MADE_BY, CD_VERSION, CD_FLAGS, CD_XLEN, CD_CLEN, CD_INTERNAL, CD_EXTERNAL = 4, 6, 8, 30, 32, 36, 38


@pytest.fixture
def real(county, tmp_path) -> bytes:
    _office, units = county
    return export_submission(units["市公安局"], ["04"], tmp_path).path.read_bytes()


def refused(county, tmp_path, data: bytes, code: str) -> str:
    office, _ = county
    path = tmp_path / "deviant.gkpkg"
    path.write_bytes(data)
    before = snapshot(office)
    with pytest.raises(PackageError) as exc:
        verify_package(office, path)
    assert exc.value.code == code, exc.value.message
    assert not exc.value.message.isascii()
    verdicts, summary = importing.import_files(office, [path])
    assert verdicts[0].verdict == "refused" and verdicts[0].message == exc.value.message and not summary.imported
    assert unchanged(office, before)
    return exc.value.message


def rebuild(data: bytes, *, extra: dict[str, bytes] | None = None, local_extra: dict[str, bytes] | None = None,
            comment: bytes = b"", entry_comment: dict[str, bytes] | None = None, deflate: tuple[str, ...] = (),
            trailing_in_stream: dict[str, bytes] | None = None) -> bytes:
    """The same entries rewritten with zipfile, with extra fields, comments or compression changed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED if info.filename in deflate else info.compress_type
            new.create_system, new.external_attr = info.create_system, info.external_attr
            new.extra = (extra or {}).get(info.filename, b"")
            new.comment = (entry_comment or {}).get(info.filename, b"")
            zf.writestr(new, src.read(info))
        zf.comment = comment
    out = buf.getvalue()
    for name, x in (local_extra or {}).items():
        out = _local_extra(out, name, x)
    for name, junk in (trailing_in_stream or {}).items():
        out = _junk_after_stream(out, name, junk)
    return out


def _entries(data: bytes) -> list[tuple[str, int, int]]:
    """(name, local header offset, central record offset) of each entry."""
    end = len(data) - 22
    count, _, cd = struct.unpack_from("<HII", data, end + 10)
    out, pos = [], cd
    for _ in range(count):
        nlen, xlen, clen = struct.unpack_from("<HHH", data, pos + 28)
        out.append((data[pos + 46:pos + 46 + nlen].decode(), struct.unpack_from("<I", data, pos + 42)[0], pos))
        pos += 46 + nlen + xlen + clen
    return out


def _splice(data: bytes, name: str, at_data: bytes, grow_local_x: int = 0, grow_csize: int = 0) -> bytes:
    """Insert bytes in one entry (after its name, or after its data) and fix every offset after it."""
    entries = _entries(data)
    (_n, lh, _cd) = next(e for e in entries if e[0] == name)
    nlen, xlen = struct.unpack_from("<HH", data, lh + 26)
    csize = struct.unpack_from("<I", data, lh + 18)[0]
    insert_at = lh + 30 + nlen + (xlen if grow_csize else 0) + (csize if grow_csize else 0)
    out = bytearray(data[:insert_at] + at_data + data[insert_at:])
    delta = len(at_data)
    struct.pack_into("<H", out, lh + 28, xlen + grow_local_x)
    if grow_csize:
        struct.pack_into("<I", out, lh + 18, csize + grow_csize)
    end = len(out) - 22
    count, cd_size, cd = struct.unpack_from("<HII", out, end + 10)
    struct.pack_into("<I", out, end + 16, cd + delta)
    pos = cd + delta
    for _ in range(count):
        nl, xl, cl = struct.unpack_from("<HHH", out, pos + 28)
        off = struct.unpack_from("<I", out, pos + 42)[0]
        if off > lh:
            struct.pack_into("<I", out, pos + 42, off + delta)
        if off == lh and grow_csize:
            struct.pack_into("<I", out, pos + 20, csize + grow_csize)
        pos += 46 + nl + xl + cl
    return bytes(out)


def _local_extra(data: bytes, name: str, x: bytes) -> bytes:
    return _splice(data, name, x, grow_local_x=len(x))


def _junk_after_stream(data: bytes, name: str, junk: bytes) -> bytes:
    return _splice(data, name, junk, grow_csize=len(junk))


def test_the_writers_output_is_exactly_canonical(real) -> None:
    with zipfile.ZipFile(io.BytesIO(real)) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos][:3] == ["mimetype", "manifest.json", "manifest.sig"]
    for i in infos:
        assert (i.flag_bits, i.create_version, i.extract_version, i.create_system) == (0, 20, 20, 3)
        assert (i.external_attr, i.internal_attr, i.extra, i.comment) == (CANONICAL_ATTR, 0, b"", b"")
        assert i.compress_type == (zipfile.ZIP_STORED if i.filename in ("mimetype", "manifest.sig") else zipfile.ZIP_DEFLATED)
    assert read_package(real).kind == "submission"


def test_a_64_kb_local_extra_field(county, tmp_path, real) -> None:
    assert "附加字段" in refused(county, tmp_path, rebuild(real, local_extra={CAT: b"\x99\x99" + struct.pack("<H", 65531)
                                                                             + b"x" * 65531}), "not_canonical")


def test_extra_fields_in_the_signature_file(county, tmp_path, real) -> None:
    refused(county, tmp_path, rebuild(real, extra={"manifest.sig": b"\x99\x99\x04\x00abcd"}), "not_canonical")


def test_a_60_kb_archive_comment(county, tmp_path, real) -> None:
    refused(county, tmp_path, rebuild(real, comment=b"c" * 60_000), "trailing_data")


def test_an_entry_comment(county, tmp_path, real) -> None:
    assert "注释" in refused(county, tmp_path, rebuild(real, entry_comment={CAT: b"hello"}), "not_canonical")


def test_a_deflated_mimetype(county, tmp_path, real) -> None:
    assert "未压缩" in refused(county, tmp_path, rebuild(real, deflate=("mimetype",)), "not_canonical")


@pytest.mark.parametrize("flags", [0x2, 0x4, 0x6, 0x40, 0x1000, 0x2000])
def test_masked_flag_bits(county, tmp_path, real, flags) -> None:
    data = patch_zip(real, CAT, local={LH_FLAGS: ("<H", flags)}, central={CD_FLAGS: ("<H", flags)})
    assert "标志位" in refused(county, tmp_path, data, "not_canonical")


def test_a_lying_data_descriptor(county, tmp_path, real) -> None:
    data = patch_zip(real, CAT, local={LH_FLAGS: ("<H", 0x8), 14: ("<I", 0), 18: ("<I", 0), 22: ("<I", 0)},
                     central={CD_FLAGS: ("<H", 0x8)})
    assert "数据描述符" in refused(county, tmp_path, data, "not_canonical")


@pytest.mark.parametrize("where", ["local", "central", "made_by"])
def test_a_wrong_version(county, tmp_path, real, where) -> None:
    patch = {"local": {"local": {LH_VERSION: ("<H", 45)}}, "central": {"central": {CD_VERSION: ("<H", 63)}},
             "made_by": {"central": {CD_MADE_BY: ("<H", 0x031E)}}}[where]
    assert "版本" in refused(county, tmp_path, patch_zip(real, CAT, **patch), "not_canonical")


def test_a_version_zipfile_does_not_know_is_a_refusal_not_a_crash(county, tmp_path, real) -> None:
    """A damaged byte claiming "version needed 6.4" makes zipfile raise NotImplementedError (found by
    the hypothesis tests): it must be a Chinese refusal like any other damage."""
    refused(county, tmp_path, patch_zip(real, CAT, central={CD_VERSION: ("<H", 64)}), "corrupt")


@pytest.mark.parametrize("attr", [(0o104755 << 16), (0o100755 << 16), (0o100644 << 16) | 0x10, (0o100644 << 16) | 0x01,
                                  (0o106644 << 16)])
def test_setuid_executable_and_dos_attributes(county, tmp_path, real, attr) -> None:
    assert "属性" in refused(county, tmp_path, patch_zip(real, CAT, central={CD_EXTERNAL: ("<I", attr)}), "not_canonical")


def test_an_internal_attribute(county, tmp_path, real) -> None:
    refused(county, tmp_path, patch_zip(real, CAT, central={CD_INTERNAL: ("<H", 1)}), "not_canonical")


def test_a_local_time_that_differs_from_the_directory(county, tmp_path, real) -> None:
    refused(county, tmp_path, patch_zip(real, CAT, local={LH_TIME: ("<H", 0x1234)}), "not_canonical")


def test_bytes_hidden_after_a_deflate_stream(county, tmp_path, real) -> None:
    data = rebuild(real, trailing_in_stream={CAT: b"hidden, unsigned bytes"})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # zipfile itself reads the entry happily
        assert zf.read(CAT) == zipfile.ZipFile(io.BytesIO(real)).read(CAT)
    assert "多余的字节" in refused(county, tmp_path, data, "not_canonical")


@pytest.mark.parametrize("name", ["payload/catalog-04.json.", "payload/catalog-04.json ", "payload/catalog-04."])
def test_a_trailing_dot_or_space_in_a_name(county, tmp_path, real, name) -> None:
    src = zipfile.ZipFile(io.BytesIO(real))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            new = zipfile.ZipInfo(name if info.filename == CAT else info.filename, info.date_time)
            new.compress_type, new.create_system, new.external_attr = info.compress_type, 3, CANONICAL_ATTR
            zf.writestr(new, src.read(info))
    refused(county, tmp_path, buf.getvalue(), "bad_entry_name")


def test_a_crc_that_does_not_match(county, tmp_path, real) -> None:
    refused(county, tmp_path, patch_zip(real, CAT, local={14: ("<I", 0)}, central={16: ("<I", 0)}), "corrupt")
