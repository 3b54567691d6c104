import codecs

import pytest

from digest.reading.decode import BinaryContent, UndecodableText, decode_bytes


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Café".encode(), "Café", "utf-8"),
        (codecs.BOM_UTF8 + "Café".encode(), "Café", "utf-8 (BOM)"),
        ("Café naïve".encode("utf-16"), "Café naïve", "utf-16 (BOM)"),
        ("“no new taxes” €5".encode("cp1252"), "“no new taxes” €5", "windows-1252"),
        ("Zürich".encode("latin-1"), "Zürich", "windows-1252"),
        (b"a\r\nb\rc", "a\nb\nc", "utf-8"),
        (
            b"Body with NUL \x00, bell \x07 and \x1b[31mred\x1b[0m text.",
            "Body with NUL , bell  and red text.",
            "utf-8",
        ),
    ],
)
def test_decode(data: bytes, text: str, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_fallback_is_reported() -> None:
    assert "windows-1252" in decode_bytes("Zürich".encode("latin-1")).warning
    assert decode_bytes(b"plain").warning == ""


def test_broken_utf8_keeps_good_characters() -> None:
    decoded = decode_bytes("café ".encode() + b"\xff\xfe" + " Zürich".encode())
    assert "café" in decoded.text and "Zürich" in decoded.text and decoded.warning


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + bytes(100), b"\x1f\x8b\x08" + bytes(50), bytes(range(32)) * 20]
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryContent):
        decode_bytes(data)


def test_xml_forbidden_characters_removed() -> None:
    text = decode_bytes("a\ufffeb\uffffc".encode() + b"\xed\xa0\x80d").text
    assert all(ch not in text for ch in "\ufffe\uffff\ud800")


def test_central_european_text_is_not_read_as_western() -> None:
    polish = "Zażółć gęślą jaźń w Łodzi, powiedział burmistrz. Ślązacy też."
    decoded = decode_bytes(polish.encode("cp1250"))
    assert decoded.text == polish and decoded.encoding == "cp1250" and decoded.warning


def test_utf8_with_a_pasted_windows_1252_quote_reads_both() -> None:
    data = "Prix: 5 € et café, ".encode() + "“a quote”".encode("cp1252") + b" \xff."
    decoded = decode_bytes(data)
    assert decoded.text == "Prix: 5 € et café, “a quote” \ufffd."
    assert "windows-1252" in decoded.warning


def test_bytes_no_encoding_reads_cleanly_are_refused_with_what_to_do() -> None:
    garbled = bytes(range(0xA1, 0x100)) * 4  # signs between letters in every reading
    with pytest.raises(UndecodableText, match="save it as UTF-8"):
        decode_bytes(b"News " + garbled + b" today")
