"""The hostile-archive reader: every malformed or malicious ZIP is refused with its own code."""

from __future__ import annotations

import io
import stat
import struct
import warnings
import zipfile
import zlib

import pytest

from gongkai_desktop.package import PackageError
from gongkai_desktop.package.read import read_package
from gongkai_desktop.package.zipsafe import Limits, check_name, read_entries
from tests.pkg_helpers import make_zip

GOOD = [("mimetype", b"x"), ("manifest.json", b"{}"), ("payload/catalog-04.json", b"[]" * 100)]


def patch(data: bytes, name: str, *, local: dict[int, tuple[str, int]] | None = None,
          central: dict[int, tuple[str, int]] | None = None) -> bytes:
    """Overwrite header fields (offset → (struct format, value)) of entry ``name``."""
    buf = bytearray(data)
    end = len(buf) - 22
    count, _, cd_offset = struct.unpack_from("<HII", buf, end + 10)
    pos = cd_offset
    for _ in range(count):
        nlen, xlen, clen = struct.unpack_from("<HHH", buf, pos + 28)
        entry = bytes(buf[pos + 46:pos + 46 + nlen]).decode()
        local_off = struct.unpack_from("<I", buf, pos + 42)[0]
        if entry == name:
            for off, (fmt, value) in (central or {}).items():
                struct.pack_into(fmt, buf, pos + off, value)
            for off, (fmt, value) in (local or {}).items():
                struct.pack_into(fmt, buf, local_off + off, value)
        pos += 46 + nlen + xlen + clen
    return bytes(buf)


def refused(data: bytes, code: str, limits: Limits | None = None) -> PackageError:
    with pytest.raises(PackageError) as exc:
        read_entries(data, limits or Limits())
    assert exc.value.code == code, exc.value.message
    assert exc.value.message and not exc.value.message.isascii()  # a Chinese sentence for the user
    return exc.value


def test_a_good_archive_is_read_into_memory_in_order() -> None:
    out = read_entries(make_zip(GOOD))
    assert list(out) == [n for n, _ in GOOD]
    assert out["payload/catalog-04.json"] == b"[]" * 100


def test_empty_file() -> None:
    refused(b"", "empty_file")


@pytest.mark.parametrize("data", [b"hello, this is not a zip", b"%PDF-1.7\n" + b"0" * 100, b"\x00" * 30])
def test_not_a_zip(data: bytes) -> None:
    refused(data, "not_zip")


def test_truncated_file() -> None:
    data = make_zip(GOOD)
    for cut in (len(data) - 1, len(data) // 2, 10):
        refused(data[:cut], "truncated")


def test_bit_flipped_deflate_stream_gives_zlib_error_in_zipfile_but_a_package_error_here() -> None:
    data = bytearray(make_zip([("payload/a.json", b'{"a": "' + "公开事项".encode() * 500 + b'"}')]))
    start = 30 + len("payload/a.json")
    data[start:start + 4] = b"\xff\xff\xff\xff"  # deflate block type 3: invalid
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf, pytest.raises(zlib.error):
        zf.read("payload/a.json")  # what a naive reader would let escape
    refused(bytes(data), "corrupt")


def test_bit_flip_anywhere_in_stored_data_is_caught_by_crc() -> None:
    data = bytearray(make_zip([("payload/a.json", b"0123456789" * 20)], compress=False))
    data[40] ^= 0x01
    refused(bytes(data), "corrupt")


def test_data_before_the_archive_is_refused_though_zipfile_accepts_it() -> None:
    data = b"MZ\x90\x00 an executable stub or junk " + make_zip(GOOD)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("manifest.json") == b"{}"
    refused(data, "data_before_archive")


def test_data_before_the_archive_with_fixed_offsets_is_refused() -> None:
    buf = io.BytesIO()
    buf.write(b"PK\x03\x04 junk that even starts like a zip entry " * 3)
    with zipfile.ZipFile(buf, "a") as zf:  # appends an archive whose offsets count the junk
        zf.writestr("mimetype", b"x")
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("mimetype") == b"x"
    refused(data, "data_before_archive")


def test_trailing_data_and_comments_are_refused() -> None:
    data = make_zip(GOOD)
    refused(data + b"trailing", "trailing_data")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", b"x")
        zf.comment = b"hello"
    refused(buf.getvalue(), "trailing_data")


@pytest.mark.parametrize("name", [
    "../evil.json", "payload/../../etc/passwd", "/etc/passwd", "C:/Windows/x.json", "c:evil", "payload\\x.json",
    "payload/CON", "payload/con.json", "payload/aux.txt", "payload/NUL", "payload/com1.json", "payload/LPT9",
    "payload/./a.json", "payload//a.json", "payload/.hidden", "payload/a b.json",
])
def test_unsafe_entry_names(name: str) -> None:
    refused(make_zip([("mimetype", b"x"), (name, b"{}")]), "bad_entry_name")


def test_non_ascii_entry_names_are_refused() -> None:
    refused(make_zip([("payload/试点工作总体报告.docx", b"x")]), "bad_entry_name")


def test_check_name_accepts_generated_names() -> None:
    for name in ("mimetype", "manifest.json", "payload/catalog-04.json", "payload/attachment-1.docx"):
        check_name(name)


def test_duplicate_entry_names_zipfile_returns_the_last_we_refuse() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = make_zip([("mimetype", b"x"), ("manifest.json", b'{"a":1}'), ("manifest.json", b'{"a":2}')])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("manifest.json") == b'{"a":2}'  # the silent last-one-wins
    refused(data, "duplicate_entry")


def test_duplicate_names_differing_only_in_case_are_refused() -> None:
    refused(make_zip([("payload/A.json", b"1"), ("payload/a.json", b"2")]), "duplicate_entry")


@pytest.mark.parametrize("mode", [stat.S_IFLNK | 0o777, stat.S_IFIFO | 0o644, stat.S_IFCHR | 0o644,
                                  stat.S_IFBLK | 0o644, stat.S_IFDIR | 0o755, stat.S_IFSOCK | 0o644])
def test_links_and_special_files_are_refused(mode: int) -> None:
    data = make_zip([("mimetype", b"x"), ("payload/link.json", b"/etc/passwd")])
    data = patch(data, "payload/link.json", central={38: ("<I", mode << 16)})
    refused(data, "special_entry")


def test_directory_entries_are_unexpected() -> None:
    refused(make_zip([("mimetype", b"x"), ("payload/", b"")]), "unexpected_entry")


def test_encrypted_entries_are_refused() -> None:
    data = make_zip([("mimetype", b"x"), ("payload/a.json", b"{}")])
    data = patch(data, "payload/a.json", local={6: ("<H", 1)}, central={8: ("<H", 1)})
    refused(data, "encrypted_entry")


def test_unsupported_compression_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_BZIP2) as zf:
        zf.writestr("payload/a.json", b"{}" * 100)
    refused(buf.getvalue(), "unsupported_compression")


def test_zip_bomb_by_compression_ratio() -> None:
    data = make_zip([("payload/zeros.json", b"0" * (20 * 1024 * 1024))])
    assert len(data) < 100_000
    refused(data, "zip_bomb")


def test_zip_bomb_by_entry_size_total_size_and_count() -> None:
    data = make_zip([("payload/a.json", b"a" * 5000), ("payload/b.json", b"b" * 5000)])
    refused(data, "zip_bomb", Limits(max_entry=4000))
    refused(data, "zip_bomb", Limits(max_total=8000))
    refused(data, "zip_bomb", Limits(max_entries=1))
    refused(data, "too_large", Limits(max_archive=100))


def test_zip_bomb_that_lies_about_its_size_stops_at_the_declared_size() -> None:
    data = make_zip([("payload/a.json", b"a" * 100_000)])
    data = patch(data, "payload/a.json", local={22: ("<I", 1000)}, central={24: ("<I", 1000)})
    # zipfile inflates no more than the declared 1,000 bytes; the CRC of those then fails.
    refused(data, "corrupt")


def test_stored_entry_whose_sizes_disagree_is_corrupt() -> None:
    data = make_zip([("mimetype", b"x" * 10)], compress=False)
    data = patch(data, "mimetype", local={22: ("<I", 5)}, central={24: ("<I", 5)})
    refused(data, "corrupt")


def test_central_directory_and_local_header_must_agree() -> None:
    data = make_zip([("mimetype", b"x"), ("payload/a.json", b"{}")])
    refused(patch(data, "payload/a.json", local={14: ("<I", 12345)}), "corrupt")


def test_overlapping_entries_are_refused() -> None:
    data = make_zip([("payload/a.json", b"a" * 100), ("payload/b.json", b"b" * 100)])
    # point the second entry's directory record at the first entry's local header
    refused(patch(data, "payload/b.json", central={42: ("<I", 0)}), "corrupt")


@pytest.mark.parametrize("extra", ["evil.txt", "META-INF/x.xml", "manifest2.json"])
def test_unexpected_entries_are_refused(extra: str) -> None:
    data = make_zip([("mimetype", b"x"), ("manifest.json", b"{}"), ("manifest.sig", b"{}"), (extra, b"x")])
    with pytest.raises(PackageError) as exc:
        read_package(data)
    assert exc.value.code == "unexpected_entry"


def test_a_plain_zip_without_our_mimetype_is_not_a_package() -> None:
    with pytest.raises(PackageError) as exc:
        read_package(make_zip([("payload/a.json", b"{}")]))
    # told apart by content (gongkai_desktop/userfiles.py): a plain ZIP is said to be one, in Chinese
    assert exc.value.code == "not_a_package" and exc.value.details["kind"] == "zip"
    assert "ZIP" in exc.value.message or "压缩" in exc.value.message
