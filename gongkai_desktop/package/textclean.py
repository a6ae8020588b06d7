"""Text that came from a package, made safe for the database and every export.

A signed package may still carry text that breaks what is done with it later: U+FFFE / U+FFFF and
C0 control characters make the sheet XML of an Excel export invalid (Excel calls the file corrupt),
bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and friends) make a name read differently
from what it is, and the same word in decomposed Unicode looks equal but compares unequal. Writer
and reader share `clean_text`: free text is normalised (NFC) and stripped of those characters;
names that must match the registry are refused instead when cleaning would change them.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls other than tab, newline and carriage return; the bidi embedding, override and isolate
# controls and the directional marks; the two non-characters XML 1.0 forbids; lone surrogates.
STRIP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
# The same characters as they appear in UTF-8 bytes (UTF-8 is self-synchronising, so a match in
# valid UTF-8 is always one of these characters); C0 controls cannot occur raw in JSON strings.
_STRIP_UTF8 = re.compile(rb"\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c|\xef\xbf[\xbe\xbf]")


def clean_text(value: str) -> str:
    """NFC, without bidi controls, XML-invalid characters or stray control characters."""
    if STRIP.search(value):
        value = STRIP.sub("", value)
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def is_clean(value: str) -> bool:
    return clean_text(value) == value


def json_needs_cleaning(data: bytes) -> bool:
    """Could any string of this (valid UTF-8, strictly parsed) JSON change under `clean_text`?

    One pass over the whole file instead of one call per string: a file without ``\\u``, ``\\b`` or
    ``\\f`` escapes (the JSON escapes that can make a control character), without
    the stripped characters and in NFC as a whole has every string in NFC too (strings are delimited
    by ``"``, which composes with nothing), so the per-string cleaning can be skipped.
    """
    if b"\\u" in data or b"\\b" in data or b"\\f" in data or _STRIP_UTF8.search(data):
        return True
    return not data.isascii() and not unicodedata.is_normalized("NFC", data.decode("utf-8"))
