"""Property tests: arbitrary text and bytes through every pure stage never crash and never
produce invalid XML, broken HTML, or live markup from the input."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import html5lib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from digest.config import Settings
from digest.models import Article, Digest, Source
from digest.publishing.feeds import FeedEntry, FeedInfo, atom_feed, rss_feed
from digest.publishing.render import render
from digest.publishing.site import brief_pages, site_files
from digest.reading.decode import BinaryContent, decode_bytes
from digest.reading.formats import parse_source
from digest.summarizing.brief import Identity, make_brief
from digest.summarizing.stories import make_stories
from digest.text.clean import clean_body
from digest.text.sentences import split_sentences

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
# text with the characters that break things: markup, entities, controls, surrogates, RTL
pieces = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(
        [
            "<",
            ">",
            "&",
            '"',
            "'",
            "\x00",
            "\x0b",
            "\x1b[31m",
            "\ufeff",
            "\ufffe",
            "\u2028",
            "\r\n",
            "\n\n",
            ". ",
            "! ",
            "“",
            "”",
            "]]>",
            "<script>",
            "&#0;",
            "{{ 7*7 }}",
            "U.S. ",
            "Mr. ",
            "— A (@b) May 1, 2023",
            "Read More",
        ]
    ),
)
nasty = st.lists(pieces, max_size=40).map("".join)
LIVE_TAGS = {"script", "img", "iframe", "svg", "b", "object", "style"}


@FAST
@given(st.binary(max_size=2000))
def test_decode_any_bytes(data: bytes) -> None:
    try:
        text = decode_bytes(data).text
    except BinaryContent:
        return
    assert "\x00" not in text and "\ufffe" not in text and "\r" not in text


@FAST
@given(nasty)
def test_clean_and_split_any_text(text: str) -> None:
    for paragraph in clean_body(text).paragraphs:
        sentences = split_sentences(paragraph)
        assert "".join("".join(sentences).split()) == "".join(paragraph.split())


def brief_from(text: str, suffix: str = ".txt"):
    try:
        clean = decode_bytes(text.encode("utf-8", "surrogatepass")).text
    except BinaryContent:
        return None
    article = parse_source(Source("x" + suffix, clean, "h"), suffix, ZoneInfo("UTC"))
    if not isinstance(article, Article):
        return None
    return make_brief(article, Identity("urn:uuid:1", "x", NOW, NOW, "h"))


def assert_no_live_markup(document: str) -> None:
    tree = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        if isinstance(element.tag, str):
            assert element.tag not in LIVE_TAGS - {"style"}
            assert not any(name.startswith("on") for name in element.attrib)


@FAST
@given(nasty, st.sampled_from([".txt", ".md"]))
def test_feeds_from_any_article_are_well_formed(text: str, suffix: str) -> None:
    brief = brief_from("<b>Title</b> " + text, suffix)
    if brief is None:
        return
    content = render("feed_entry.html", brief=brief)
    entry = FeedEntry(brief.id, brief.title, "http://x/y", NOW, NOW, content, brief.topline)
    info = FeedInfo("t", "s", "http://x/", "http://x/f", "en", "http://x/f")
    parser = etree.XMLParser(recover=False)
    for feed in (atom_feed(info, [entry]), rss_feed(info, [entry])):
        etree.fromstring(feed, parser)
    assert_no_live_markup(content)


@FAST
@given(nasty)
def test_pages_from_any_article_parse_and_escape(text: str) -> None:
    brief = brief_from("<script>alert(1)</script> " + text)
    if brief is None:
        return
    stories = tuple(make_stories([brief]))
    digest = Digest("2026-01-02", NOW, NOW, (brief,), 1, stories)
    settings = Settings()
    rendered = brief_pages(settings, [brief]) | site_files(
        settings, [brief], [digest], frozenset([digest.date]), list(stories)
    )
    for name, data in rendered.items():
        if name.endswith(".html"):
            document = data.decode("utf-8")
            html5lib.HTMLParser(strict=True).parse(document)
            tree = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
            assert not [e for e in tree.iter() if e.tag == "script"]
        elif name.endswith((".atom", ".rss")):
            etree.fromstring(data, etree.XMLParser(recover=False))
