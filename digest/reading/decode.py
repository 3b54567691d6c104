"""Bytes to text: BOMs, UTF-8, UTF-16/32 without a BOM, a page's declared charset, legacy
encodings of other scripts, a logged windows-1252 fallback, and binary detection."""

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
    _refuse_signatures(data)
    wide = _utf16_or_32(data)
    if wide is not None:
        return wide
    _refuse_binary(data)
    try:
        return Decoded(sanitize(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared(data)  # before the UTF-8 guess: «ТАСС» in cp1251 holds a UTF-8 pair
    if declared is not None:
        return declared
    if _UTF8_MULTIBYTE.search(data):
        # UTF-8 with pieces in windows-1252 (a quote pasted from a word processor): those
        # bytes read as windows-1252 where that gives a letter or a typographic mark
        mixed = data.decode("utf-8", errors=_MIXED_ERRORS)
        return Decoded(
            sanitize(mixed),
            "utf-8",
            "not valid UTF-8 throughout: bytes that are not were read as windows-1252 "
            "(or replaced with U+FFFD)",
        )
    legacy = _detected(data)
    if legacy is not None:
        return legacy
    return _western(data)


def _mixed_bytes(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    data, out = error.object, []
    start = error.start
    following = data[start + 1] if start + 1 < len(data) else 0
    if data[start] >= 0xC0 and 0x80 <= following <= 0xBF:
        # a broken UTF-8 sequence (a lone surrogate, an overlong form): one replacement
        end = start + 1
        while end < len(data) and 0x80 <= data[end] <= 0xBF:
            end += 1
        return "\ufffd", end
    for at in range(error.start, error.end):
        char = data[at : at + 1].decode("cp1252", errors="replace")
        # a letter only inside a word ("caf\xe9"): a lone 0xFF is a broken byte, not "ÿ"
        in_word = data[at - 1 : at].isalpha() or data[at + 1 : at + 2].isalpha()
        out.append(char if char in _TYPOGRAPHIC or (char.isalpha() and in_word) else "\ufffd")
    return "".join(out), error.end


_TYPOGRAPHIC = frozenset("‘’‚“”„–—…€•°«»§©®™£")
_MIXED_ERRORS = "digest-utf8-then-cp1252"
codecs.register_error(_MIXED_ERRORS, _mixed_bytes)

# Western readings that are garbled: a sign between two letters ("za¿ó³æ" is Polish
# "zażółć" in windows-1250 read as windows-1252). Apostrophes and dashes are not signs.
_CENTRAL_EUROPEAN = ("cp1250", "iso8859_2", "cp1257", "iso8859_13")
GARBLED_MAX = 2  # signs inside words that a real Western text may hold (a stray ¹ or ³)


def _signs_in_words(text: str) -> int:
    """Signs between two letters that are neither letters nor a word's own marks: "za¿ó³æ"
    is Polish "zażółć" in windows-1250 read as windows-1252."""
    return sum(
        1
        for i in range(1, len(text) - 1)
        if not text[i].isascii()
        and not text[i].isalpha()
        and text[i] not in _WORD_MARKS
        and text[i - 1].isalpha()
        and text[i + 1].isalpha()
    )


_WORD_MARKS = frozenset("’‘‐‑–—·")


class UndecodableText(ValueError):
    """The bytes are text, but no encoding reads them without garbling them."""


def _western(data: bytes) -> Decoded:
    """windows-1252, unless it garbles the words and a Central European encoding does
    not; a file no encoding reads cleanly is refused rather than published as mojibake."""
    western = data.decode("cp1252", errors="replace")
    if _signs_in_words(western) <= GARBLED_MAX and "\ufffd" not in western:
        return Decoded(
            sanitize(western), "windows-1252", "not valid UTF-8: decoded as windows-1252"
        )
    for codec in _CENTRAL_EUROPEAN:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _signs_in_words(text) <= GARBLED_MAX:
            return Decoded(sanitize(text), codec, f"not valid UTF-8: decoded as {codec} (detected)")
    raise UndecodableText(
        "its encoding cannot be told (not UTF-8, and windows-1252 and the Central European "
        "encodings garble its words): save it as UTF-8"
    )


_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})|<\?xml[^>]{0,100}encoding=["']([A-Za-z0-9_.-]{2,40})""",
    re.IGNORECASE,
)
# What a detector may pick for text that windows-1252 misreads: the legacy encodings of
# other scripts. On short Western text detectors guess wildly (cp852, UTF-16), so they are
# asked only when windows-1252 gives mostly accented letters, as Cyrillic bytes do.
_LEGACY = frozenset(
    "cp1250 cp1251 cp1253 cp1254 cp1255 cp1256 cp1257 koi8_r koi8_u cp866 mac_cyrillic "
    "iso8859_2 iso8859_5 iso8859_7 iso8859_8 iso8859_9 iso8859_13 big5 gb2312 gb18030 "
    "shift_jis cp932 euc_jp euc_kr cp949 tis_620 cp874".split()
)
MOJIBAKE_SHARE = 0.3  # of letters outside ASCII, in a windows-1252 reading


# What browsers read a declared label as (WHATWG Encoding): Latin-1 and ASCII pages are
# windows-1252 in practice, curly quotes in 0x80-0x9F and all.
_BROWSER_CODECS = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
}


def _declared(data: bytes) -> Decoded | None:
    """The charset a page declares, when the bytes decode in it; never a UTF one here (the
    bytes are not valid UTF-8, and a UTF-16 label on single bytes is a wrong label)."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    if not declared:
        return None
    name = (declared.group(1) or declared.group(2)).decode("ascii", "replace")
    try:
        codec = codecs.lookup(name).name
        codec = _BROWSER_CODECS.get(codec, codec)
        if codec.startswith("utf"):
            return None
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None  # a wrong declaration: the bytes decide
    return Decoded(sanitize(text), codec)  # as the page says: nothing to warn about


def _detected(data: bytes) -> Decoded | None:
    """A legacy encoding of another script: what charset-normalizer finds when
    windows-1252 would read the bytes as mostly accented letters (Cyrillic bytes do)."""
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = ""
    letters = [c for c in western[:20_000] if c.isalpha()]
    if western and sum(not c.isascii() for c in letters) < MOJIBAKE_SHARE * len(letters):
        return None  # reads as Western text
    from charset_normalizer import from_bytes

    top = from_bytes(data[:200_000]).best()
    if top is not None and top.encoding in _LEGACY:
        try:
            text = data.decode(top.encoding)
            note = f"not valid UTF-8: decoded as {top.encoding} (detected)"
            return Decoded(sanitize(text), top.encoding, note)
        except (LookupError, UnicodeDecodeError):
            pass
    # the detector misses on short text: windows-1251 or KOI8-R, whichever reads with more
    # lowercase letters (KOI8-R read as windows-1251 comes out in inverted case)
    best: tuple[float, str, str] | None = None
    for codec in ("cp1251", "koi8_r"):
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        letters = [c for c in text[:20_000] if c.isalpha()]
        lower = sum(c.islower() for c in letters) / max(len(letters), 1)
        if lower >= 0.6 and (best is None or lower > best[0]):
            best = (lower, codec, text)
    if best is None:
        return None
    _, codec, text = best
    return Decoded(sanitize(text), codec, f"not valid UTF-8: decoded as {codec} (detected)")


def _utf16_or_32(data: bytes) -> Decoded | None:
    """UTF-16 or UTF-32 without a byte order mark: NUL bytes, which no single-byte text
    holds, on one side of each code unit only, and a strict decode into printable text."""
    head = data[:4096]
    if len(head) < 8 or head.count(0) < len(head) // 20:
        return None
    zeros = [head[i::4].count(0) / max(len(head[i::4]), 1) for i in range(4)]
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if min(zeros[1:]) > 0.5 or min(zeros[:3]) > 0.5:
        candidates: tuple[str, ...] = ("utf-32-le", "utf-32-be")
    elif odd > 0.1 and even < 0.02:
        candidates = ("utf-16-le",)
    elif even > 0.1 and odd < 0.02:
        candidates = ("utf-16-be",)
    else:
        return None
    best: tuple[float, str, str] | None = None
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:2000]
        printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t") / max(len(sample), 1)
        if printable >= 0.97 and (best is None or printable > best[0]):
            best = (printable, codec, text)
    if best is None:
        return None
    return Decoded(sanitize(best[2]), best[1], f"no byte order mark: read as {best[1]}")


def _refuse_signatures(data: bytes) -> None:
    for signature in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise BinaryContent(f"binary data (file signature {signature[:4]!r}), not text")


def _refuse_binary(data: bytes) -> None:
    head = data[:8192]
    _refuse_signatures(head)
    controls = len(head.translate(None, _NOT_BINARY_CONTROLS))
    if head and controls / len(head) > 0.1:
        raise BinaryContent(f"binary data ({controls} control bytes in the first {len(head)})")
