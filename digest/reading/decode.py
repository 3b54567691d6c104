"""Bytes to text: BOMs, UTF-8, a logged windows-1252 fallback, and binary detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from digest.text.textutil import sanitize

# Magic numbers of binary formats that turn up with a text name.
BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\x1f\x8b",
    b"%PDF",
    b"PK\x03\x04",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"OggS",
    b"RIFF",
    b"ID3",
    b"b0VIM",
    b"SQLite format 3",
    b"\x00\x00\x01\x00",
    b"II*\x00",
    b"MM\x00*",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\x1b")
# every byte but the control bytes text does not hold: deleting these (bytes.translate, at
# C speed) leaves just the bytes to count
_NOT_BINARY_CONTROLS = bytes(b for b in range(256) if b >= 32 or b in _ALLOWED_CONTROLS)
# A well-formed UTF-8 multibyte sequence: text in a single-byte encoding almost never
# contains one, so its presence means "UTF-8 with some broken bytes".
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class BinaryContent(ValueError):
    """The bytes are not text (an image, an archive...)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: str = ""  # set when a fallback was needed


def decode_bytes(data: bytes) -> Decoded:
    """Decode article bytes; raise BinaryContent for data that is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return Decoded(sanitize(text), encoding.replace("-sig", "") + " (BOM)")
    _refuse_binary(data)
    try:
        return Decoded(sanitize(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        lenient = data.decode("utf-8", errors="replace")
        return Decoded(
            sanitize(lenient),
            "utf-8",
            "not valid UTF-8: undecodable bytes were replaced with U+FFFD",
        )
    try:
        return Decoded(
            sanitize(data.decode("cp1252")),
            "windows-1252",
            "not valid UTF-8: decoded as windows-1252",
        )
    except UnicodeDecodeError:
        return Decoded(
            sanitize(data.decode("latin-1")), "iso-8859-1", "not valid UTF-8: decoded as ISO-8859-1"
        )


def _refuse_binary(data: bytes) -> None:
    head = data[:8192]
    for signature in BINARY_SIGNATURES:
        if head.startswith(signature):
            raise BinaryContent(f"binary data (file signature {signature[:4]!r}), not text")
    controls = len(head.translate(None, _NOT_BINARY_CONTROLS))
    if head and controls / len(head) > 0.1:
        raise BinaryContent(f"binary data ({controls} control bytes in the first {len(head)})")
