"""Small pure helpers on text: make any string safe for XML and HTML, and shorten it."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse, urlsplit

# Characters XML 1.0 forbids, plus C1 controls, DEL and the BOM used as a character.
_XML_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]"
)
_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
_LINE_BREAKS = re.compile("\r\n|\r|\x85|\u2028|\u2029")
_ANY_WHITESPACE = re.compile(r"\s+")


def sanitize(text: str) -> str:
    """Normalize newlines and Unicode (NFC), drop what XML 1.0 and terminals must not see."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _ANSI_ESCAPE.sub("", text)
    text = _XML_FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines included) to single spaces: titles, headers."""
    return _ANY_WHITESPACE.sub(" ", sanitize(text)).strip()


def counted(count: int, one: str, many: str = "") -> str:
    """ "1 brief", "2 briefs", "3 stories": the count with its noun in the right number."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def squeeze_spaces(line: str) -> str:
    """One space between words (tabs, NBSP and other Unicode spaces included)."""
    return " ".join(line.split())


def shorten(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters at a sentence or word boundary, never
    inside a grapheme cluster (combining marks, ZWJ emoji sequences)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    for boundary in ("。", "! ", "? ", ". "):
        pos = cut.rfind(boundary)
        if pos > limit // 2:
            return cut[: pos + 1].strip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    cut = _trim_partial_cluster(cut)
    return cut.rstrip(" ,;:-–—") + "…"


def _trim_partial_cluster(text: str) -> str:
    # Drop a trailing ZWJ, variation selector, skin tone or combining mark together
    # with the base character they attach to, so no cluster is left half.
    joiners = ("\u200d", "\ufe0f", "\ufe0e")
    while text and (
        text[-1] in joiners
        or unicodedata.combining(text[-1])
        or "\U0001f3fb" <= text[-1] <= "\U0001f3ff"
    ):
        text = text[:-1]
        if text and text[-1] in joiners:
            continue
        text = text[:-1] if text else text
    if text and "\U0001f1e6" <= text[-1] <= "\U0001f1ff":
        # a regional-indicator flag is a pair: drop an unpaired one
        run = len(text) - len(text.rstrip("".join(chr(c) for c in range(0x1F1E6, 0x1F200))))
        if run % 2:
            text = text[:-1]
    return text


def outlet_from_url(url: str) -> str:
    """The host an article's address names, as a last name for its outlet ("reuters.com")."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def safe_url(url: str) -> str:
    """Only absolute http(s) URLs may become links; javascript:, data: and the rest may not."""
    parsed = urlparse(url)
    return url if parsed.scheme in ("http", "https") and parsed.netloc and '"' not in url else ""
