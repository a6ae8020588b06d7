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


def clean_text(value: str) -> str:
    """NFC, without bidi controls, XML-invalid characters or stray control characters."""
    if STRIP.search(value):
        value = STRIP.sub("", value)
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def is_clean(value: str) -> bool:
    return clean_text(value) == value
