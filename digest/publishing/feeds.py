"""Atom and RSS 2.0 through feedgen, JSON Feed 1.1 as plain JSON. Every date set explicitly.

feedgen's sharp edges, handled here: feed and entry `updated` default to now (we
always set them), `add_entry` prepends (we add oldest first, or pass order=append),
and the generator element would carry feedgen's version (we set our own).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from feedgen.feed import FeedGenerator

from digest import __version__
from digest.models import EPOCH


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    content_html: str
    summary: str
    tags: tuple[str, ...] = ()
    author: str = ""
    language: str = ""
    explain: dict[str, object] | None = field(
        default=None, compare=False
    )  # JSON Feed only, as the "_digest" extension


@dataclass(frozen=True)
class FeedInfo:
    title: str
    subtitle: str
    home_url: str
    feed_url: str
    language: str
    id: str
    icon: str = ""  # an absolute URL of a square image, "" for none


def atom_feed(info: FeedInfo, entries: list[FeedEntry]) -> bytes:
    xml = _generator(info, entries, "atom").atom_str(pretty=True)
    return _with_entry_languages(xml, entries, info.language)


_ATOM = "{http://www.w3.org/2005/Atom}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _with_entry_languages(xml: bytes, entries: list[FeedEntry], feed_language: str) -> bytes:
    """xml:lang on each Atom entry whose language is not the feed's (feedgen sets it on
    the feed only), so a reader hyphenates and speaks a German brief as German."""
    languages = {e.id: e.language for e in entries if e.language and e.language != feed_language}
    if not languages:
        return xml
    from lxml import etree

    root = etree.fromstring(xml)
    for element in root.iter(f"{_ATOM}entry"):
        language = languages.get(element.findtext(f"{_ATOM}id") or "")
        if language:
            element.set(_XML_LANG, language)
    return bytes(etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8"))


def rss_feed(info: FeedInfo, entries: list[FeedEntry]) -> bytes:
    return _generator(info, entries, "rss").rss_str(pretty=True)


def json_feed(info: FeedInfo, entries: list[FeedEntry]) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with a stable key order."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": info.feed_url,
        "description": info.subtitle,
        "language": info.language,
        **({"icon": info.icon, "favicon": info.icon} if info.icon else {}),
        "items": [_json_item(e) for e in entries],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(entry: FeedEntry) -> dict[str, object]:
    item: dict[str, object] = {
        "id": entry.id,
        "url": entry.link,
        "title": entry.title,
        "content_html": entry.content_html,
        "summary": entry.summary,
        "date_published": _rfc3339(entry.published),
        "date_modified": _rfc3339(entry.updated),
    }
    if entry.tags:
        item["tags"] = list(entry.tags)
    if entry.author:
        item["authors"] = [{"name": entry.author}]
    if entry.language:
        item["language"] = entry.language
    if entry.explain is not None:
        item["_digest"] = {"about": "https://jsonfeed.org/version/1.1#extensions", **entry.explain}
    return item


def _generator(info: FeedInfo, entries: list[FeedEntry], kind: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(info.id)
    fg.title(info.title or "digest")
    fg.subtitle(info.subtitle or info.title or "digest")
    fg.language(info.language)
    fg.author(name=info.title or "digest")  # Atom needs an author for entries without one
    fg.generator("digest", __version__)
    fg.link(href=info.feed_url, rel="self")
    fg.link(href=info.home_url, rel="alternate")
    if info.icon:
        if kind == "rss":
            fg.image(url=info.icon, title=info.title or "digest", link=info.home_url)
        else:
            fg.icon(info.icon)
            fg.logo(info.icon)
    fg.updated(max((e.updated for e in entries), default=EPOCH))
    if kind == "rss":
        fg.lastBuildDate(max((e.updated for e in entries), default=EPOCH))
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.guid(entry.id, permalink=False)
        fe.title(entry.title or "(untitled)")
        fe.link(href=entry.link)
        fe.published(entry.published)
        fe.updated(entry.updated)
        if kind == "rss":
            fe.description(entry.content_html)  # readers show the description as HTML
        else:
            fe.content(entry.content_html, type="html")
            fe.summary(entry.summary or entry.title)
        for tag in entry.tags:
            fe.category(term=tag)
        if entry.author and kind == "atom":
            fe.author(name=entry.author)
    return fg


def _rfc3339(value: datetime) -> str:
    return value.isoformat(timespec="seconds")
