"""Reading a news page: its body as ordered blocks, and the metadata a reader needs. Pure.

trafilatura finds the main content; this module reads its XML tree instead of its text, so
that a heading is known as a heading, each paragraph stays one block (its text output
puts paragraphs one per line, and a line without a full stop, such as the headline, would
be joined to the next), and a table keeps its text: a layout table of article text gives
its paragraphs, a table of data gives one line per row.

Dates come from the page's own metadata first (JSON-LD datePublished/dateModified,
article:published_time and its kin, <time datetime>), with the time and offset the page
states; trafilatura's date, a day, is the last resort.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urljoin

from digest.text.clean import COMMENTS_AFTER_BLOCKS, HEADING_MARK, LINKS_MARK, ROW_MARK
from digest.text.noise import COMMENTS_START
from digest.text.textutil import one_line

MIN_WORDS = 60  # a precise extraction shorter than this is tried again for recall
_WS = re.compile(r"\s+")
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "cxenseparse:recs:publishtime",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)


@dataclass(frozen=True)
class PageDates:
    published: str = ""  # as the page states it: ISO text, with its offset when it has one
    modified: str = ""
    source: str = ""  # where `published` was found


@dataclass(frozen=True)
class Page:
    text: str  # blocks separated by blank lines, headings marked with HEADING_MARK
    title: str
    author: str
    outlet: str
    url: str
    language: str
    tags: Any
    dates: PageDates
    fallback_date: str  # trafilatura's (a day), when the page states no date of its own
    # article:section, else trafilatura's categories (a list or "a, b"): the reader takes
    # the first, as it takes a front matter's
    section: Any = None
    image: str = ""  # og:image (the page's share picture), as the page gives it
    image_alt: str = ""


def read_page(html: str) -> Page | None:
    """The page's article, or None when no article text is found."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    html = close_title(html)
    document = _extract(trafilatura, html, favor_precision=True)
    blocks = _document_blocks(document)
    words = _article_words(blocks)
    if words < MIN_WORDS:
        # too little kept (or mostly readers' comments): try again keeping more, and take
        # it when it holds more article text
        recall = _extract(trafilatura, html, favor_recall=True)
        recall_blocks = _document_blocks(recall)
        if _article_words(recall_blocks) > words:
            document, blocks = recall, recall_blocks
    text = "\n\n".join(blocks) or _got(document, "text")
    if not text.strip():
        # no article found: trafilatura's baseline (the page's paragraphs and article
        # elements) is the last try before the file is skipped
        document, text = None, trafilatura.baseline(html)[1]
        if word_count(text) < MIN_WORDS:
            return None
    return _page(html, text, document)


def _page(html: str, text: str, document: Any) -> Page:
    """The page's metadata around its text; `document` is trafilatura's, None when the
    baseline gave the text."""
    tree = _parse(html)
    meta = _meta(tree) if tree is not None else {}
    linked = _json_ld(tree) if tree is not None else []
    extracted_title = (
        _got(document, "title")
        or meta.get("og:title")
        or (tree.findtext(".//title") if tree is not None else "")
    )
    return Page(
        text=text,
        # the article's own headline when the page states one (JSON-LD): the <title> and
        # og:title often carry the site's name or a teaser instead
        title=_LEADING_SEPARATOR.sub(
            "", one_line(_headline(linked) or best_title(tree, extracted_title or "", text, meta))
        ),
        author=one_line(_got(document, "author") or "; ".join(_ld_authors(linked))),
        outlet=_outlet(
            meta.get("og:site_name") or "", _publisher(linked), _got(document, "sitename")
        ),
        url=meta.get("og:url") or _canonical(tree) or _got(document, "url"),
        language=_language(tree, meta) or _got(document, "language"),
        tags=(document.tags or document.categories) if document is not None else None,
        section=meta.get("article:section") or (document.categories if document else None),
        dates=_dates(tree, meta, linked) if tree is not None else PageDates(),
        fallback_date=_got(document, "date"),
        image=_image(meta, tree),
        image_alt=one_line(meta.get("og:image:alt") or meta.get("twitter:image:alt") or ""),
    )


def _image(meta: dict[str, str], tree: Any) -> str:
    """The page's share picture; a relative address is resolved against the page's URL
    (and no picture is no picture: urljoin of nothing gives the page itself)."""
    image = meta.get("og:image") or meta.get("twitter:image") or ""
    return urljoin(meta.get("og:url") or _canonical(tree) or "", image) if image else ""


def _got(document: Any, name: str) -> str:
    value = getattr(document, name, None) if document is not None else None
    return value if isinstance(value, str) else ""


def _document_blocks(document: Any) -> list[str]:
    if document is None or document.body is None:
        return []
    return list(_blocks(document.body))


_OPEN_TITLE = re.compile(r"<title\b[^>\n]{0,500}>[^\n<]{0,1000}", re.IGNORECASE)


def close_title(html: str) -> str:
    """A <title> never closed makes an HTML parser read the whole page as its text (old
    pages have `<title>BBC SPORTi library-->`): close it at the end of its line."""
    lower = html.lower()
    start = lower.find("<title")
    if start < 0 or "</title" in lower:
        return html
    match = _OPEN_TITLE.match(html, start)  # one place tried, never every "<title"
    if match is None:
        return html
    return html[: match.end()] + "</title>" + html[match.end() :]


def _article_words(blocks: list[str]) -> int:
    """Words of the extracted text before readers' comments begin."""
    words = 0
    for index, block in enumerate(blocks):
        if index >= COMMENTS_AFTER_BLOCKS and COMMENTS_START.match(block):
            break
        words += word_count(block)
    return words


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words, counting two CJK characters as one: Chinese and Japanese put no spaces
    between words, so a long article would count as a few 'words'."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk // 2


def _extract(trafilatura: Any, html: str, **mode: bool) -> Any:
    return trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        include_links=True,  # to tell a menu or a teaser list by its share of link text
        with_metadata=True,
        **mode,
    )


def _blocks(body: Any) -> Iterator[str]:
    """The article's blocks in order: headings marked, tables as text. Text can also sit
    between elements (a paragraph right after a heading is often the heading's tail)."""
    if body.text and body.text.strip():
        yield _WS.sub(" ", body.text).strip()
    for element in body:
        yield from _element_blocks(element)
        if element.tail and element.tail.strip():
            yield _WS.sub(" ", element.tail).strip()


def _element_blocks(element: Any) -> Iterator[str]:
    tag = element.tag
    if tag == "head":
        if text := _text(element):
            yield HEADING_MARK + text
    elif tag == "table":
        yield from _table(element)
    elif tag == "list":
        for item in element.findall("item"):  # a nested list stays inside its item
            if text := _text(item):
                yield text
    elif tag in ("p", "quote", "div", "item"):
        if text := _text(element):
            yield LINKS_MARK + text if _mostly_links(element, text) else text
    elif len(element):
        yield from _blocks(element)
    elif text := _text(element):  # an inline element standing alone (<hi>, <ref>)
        yield text


LINK_SHARE = 0.75  # of a block's letters in link text: a menu, a teaser list


def _mostly_links(element: Any, text: str, min_words: int = 3) -> bool:
    linked = sum(len("".join(ref.itertext())) for ref in element.iter("ref"))
    return len(text.split()) >= min_words and linked >= LINK_SHARE * len(text)


def _table(table: Any) -> Iterator[str]:
    for row in table.iter("row", "tr"):
        cells = [
            # (a cell that is one link is a menu's, however short: "Bulls", "Golf")
            LINKS_MARK + text if _mostly_links(cell, text, min_words=1) else text
            for cell in row
            if cell.tag in ("cell", "td", "th") and (text := _text(cell))
        ]
        if not cells:
            continue
        plain = [c.removeprefix(LINKS_MARK) for c in cells]
        longest = max(len(c.split()) for c in plain)
        if longest >= 25 or len(cells) == 1:
            yield from cells  # a layout table: each cell is article text (or links)
            continue
        row = " | ".join(c.replace("\n", " ") for c in plain)  # a row of data, one line
        linked = sum(c.startswith(LINKS_MARK) for c in cells)
        yield (LINKS_MARK if 2 * linked >= len(cells) else ROW_MARK) + row


_BREAKS = frozenset({"lb", "p", "head", "item", "quote", "list", "row", "cell", "div"})


def _text(element: Any) -> str:
    """The element's text; a line break (<lb/>) or a nested block starts a new line, which
    clean_body rejoins when it was broken in the middle of a sentence."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in _BREAKS:
                parts.append("\n")
            walk(child)
            if child.tag in _BREAKS:
                parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (_WS.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>", re.IGNORECASE)


def _parse(html: str) -> Any:
    from lxml import html as lxml_html

    # lxml refuses a str that carries its own encoding declaration (XHTML pages)
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        return lxml_html.document_fromstring(html)
    except (ValueError, TypeError, RecursionError, Exception):  # lxml's ParserError and kin
        return None


def _meta(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).strip()
        value = (element.get("content") or "").strip()
        if key and value:
            found.setdefault(key.lower(), value)
    for element in tree.iter():  # itemprop on other elements (<span itemprop=datePublished>)
        prop = element.get("itemprop") if isinstance(element.tag, str) else None
        if prop and prop.lower() in ("datepublished", "datemodified") and element.tag != "meta":
            value = element.get("datetime") or element.get("content") or ""
            if value.strip():
                found.setdefault(prop.lower(), value.strip())
    return found


# Some sites wrap their JSON-LD in a commented CDATA section, as for old XHTML parsers.
_CDATA = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?|(?://|/\*)?\s*\]\]>(?:\s*\*/)?\s*$")


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            objects.extend(_walk(json.loads(_CDATA.sub("", script.text), strict=False)))
        except (ValueError, RecursionError):  # broken, or nested beyond reason
            continue
    return objects


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in data:
                yield from _walk(data[key])


def _dates(tree: Any, meta: dict[str, str], linked: list[dict[str, Any]]) -> PageDates:
    """The page's publication date, and its last change, as the page states them.

    Pages often state the date several times, and not always alike: one tag without a
    zone, one in UTC, one a few seconds off, now and then one plainly wrong. A date with
    a time and an offset beats one without; among those, the instant most of the page's
    statements agree on wins, and of its statements, the first in the order of trust
    (article:published_time, JSON-LD, the other meta tags, <time datetime>)."""
    published: list[tuple[str, str]] = [
        (meta[key], f"<meta {key}>") for key in _PUBLISHED_META[:2] if meta.get(key)
    ]
    published += [
        (o["datePublished"], "JSON-LD datePublished")
        for o in linked
        if isinstance(o.get("datePublished"), str)
    ]
    published += [(meta[key], f"<meta {key}>") for key in _PUBLISHED_META[2:] if meta.get(key)]
    published += [
        (e.get("datetime"), "<time datetime>") for e in tree.iter("time") if e.get("datetime")
    ]
    modified = [o["dateModified"] for o in linked if isinstance(o.get("dateModified"), str)]
    modified += [meta[key] for key in _MODIFIED_META if meta.get(key)]
    value, source = _agreed([(v.strip(), s) for v, s in published])
    changed, _ = _agreed([(v.strip(), "") for v in modified])
    return PageDates(value, changed, source)


def _agreed(stated: list[tuple[str, str]]) -> tuple[str, str]:
    readable = [(v, s, moment) for v, s in stated if (moment := _as_date(v)) is not None]
    if not readable:
        return "", ""
    zoned = [r for r in readable if r[2].tzinfo is not None and _has_time(r[0])]
    if not zoned:
        return readable[0][0], readable[0][1]
    votes = Counter(moment for _, _, moment in zoned)
    top = max(votes.values())
    value, source, _ = next(r for r in zoned if votes[r[2]] == top)
    return value, source


def _has_time(value: str) -> bool:
    return bool(re.search(r"\d:\d\d", value))


def _as_date(value: str) -> Any:
    """A first look (a template's "{{date}}" is not a date); the reader checks it fully."""
    from digest.reading.formats import to_datetime

    try:
        return to_datetime(value)
    except (ValueError, OverflowError, TypeError):
        return None


_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»>]\s+|\s*[|_]\s*|\s+::\s+")
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


def best_title(tree: Any, extracted: str, body: str, meta: dict[str, str]) -> str:
    """The headline among what the page offers (the extractor's title, each part of the
    <title> between separators such as " - " or " | ", og:title, the first headings):
    the one whose words the article's opening says most, so a site name ("World News",
    "SFGate: World Views") or a section path loses to the story's own headline."""
    opening = body.replace(HEADING_MARK, " ").replace(ROW_MARK, " ")[:1500]
    lead = {w.lower() for w in _CONTENT_WORD.findall(opening)}
    if not lead:
        return extracted
    outlet = (meta.get("og:site_name") or "").lower()

    def said(text: str) -> float:
        words = [w.lower() for w in _CONTENT_WORD.findall(text)]
        return sum(w in lead for w in words) / len(words) if words else 0.0

    trimmed = _without_site_parts(extracted, outlet)
    # the page's title and its og:title agreeing is the page naming its story, even when
    # the lead does not repeat it (an interview, a feature)
    agreed = trimmed == _without_site_parts(one_line(meta.get("og:title") or ""), outlet)
    whole = len(_TITLE_SEPARATORS.split(trimmed)) == 1  # else its parts compete below
    threshold = 0.2 if agreed and len(trimmed.split()) >= 3 else 0.5
    if trimmed and (whole or agreed) and said(trimmed) >= threshold:
        return trimmed  # the extractor's title, less a site or section name, is the story's
    candidates = [extracted, meta.get("og:title") or ""]
    page_title = (tree.findtext(".//title") if tree is not None else "") or ""
    candidates += [page_title, *_TITLE_SEPARATORS.split(page_title)]
    candidates += _TITLE_SEPARATORS.split(extracted)
    if tree is not None:
        for tag in ("h1", "h2", "h3"):
            candidates += [_text(e).replace("\n", " ") for e in tree.iter(tag)][:3]
        candidates += _headline_elements(tree)
    best, best_score = extracted, -1.0
    for candidate in dict.fromkeys(one_line(c) for c in candidates if c and c.strip()):
        words = [w.lower() for w in _CONTENT_WORD.findall(candidate)]
        if not 2 <= len(candidate.split()) <= 30 or not words or candidate.lower() == outlet:
            continue
        if all(w in _SITE_WORDS for w in words):  # "Breaking News", "Other News Video"
            continue
        # a longer headline the lead says wins; what the lead says counts twice, so a
        # part that it says whole beats the <title> it came from, site name and all
        score = said(candidate) ** 2 * min(len(words), 8)
        if score > best_score + 1e-9:
            best, best_score = candidate, score
    return best if best_score > 0 else extracted


# Words of site and section names: a title made of nothing else names no story.
_SITE_WORDS = frozenset(
    """news breaking latest top stories story home page online world local national
    international business sport sports teams entertainment video videos other navigation
    bookmark with the and all more section today daily views blog blogs network""".split()
)
_HEADLINE_CLASS = re.compile(r"headline|title|heading|hed\b", re.IGNORECASE)
_LARGE_OR_BOLD = re.compile(
    r"font-size\s*:\s*(?:1[4-9]|[2-4]\d)(?:\.\d+)?\s*(?:px|pt)|font-weight\s*:\s*(?:bold|[6-9]00)",
    re.IGNORECASE,
)
_SHARE_TITLE = re.compile(r"[?&](?:title|text)=([^&]{8,300})")
HEADLINE_ELEMENTS_LOOKED_AT = 16


def _headline_elements(tree: Any) -> list[str]:
    """Older pages mark their headline by its look or a class, not a heading tag:
    <td class="headline">, <span id="lblTitle" style="font-size:14pt">, <font size=4><b>;
    and their share links carry it (del.icio.us/post?url=...&title=...)."""
    found: list[str] = []
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in ("title", "meta", "body", "html", "head"):
            continue
        if tag == "a":
            match = _SHARE_TITLE.search(element.get("href") or "")
            if match:
                found.append(unquote_plus(match.group(1)))
            continue
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        looks = (
            _HEADLINE_CLASS.search(marker)
            or _LARGE_OR_BOLD.search(element.get("style") or "")
            or (
                tag == "font" and (element.get("size") or "").strip() in ("4", "5", "6", "+1", "+2")
            )
        )
        if looks:
            text = one_line(_text(element))
            if 2 <= len(text.split()) <= 30:
                found.append(text)
        if len(found) >= HEADLINE_ELEMENTS_LOOKED_AT:
            break
    return found


def _without_site_parts(title: str, outlet: str = "") -> str:
    """ "Covic turns up heat - Football - Sport" -> "Covic turns up heat": short parts at
    the end, without digits ("Liverpool 2 - 1 Chelsea" stays whole), are the site's and its
    sections; a part at the start only when it is the outlet's name."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) == 1:
        return title
    site = {w.lower() for w in _CONTENT_WORD.findall(outlet)}
    start, end = 0, len(parts)
    while (
        end - start > 1 and _site_part(parts[end - 1], site) and _words(parts[start : end - 1]) >= 4
    ):
        end -= 1
    while (
        end - start > 1
        and site
        and {w.lower() for w in _CONTENT_WORD.findall(parts[start])} <= site
    ):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    first, last = parts[start], parts[end - 1]
    return title[title.index(first) : title.rindex(last) + len(last)]


def _site_part(part: str, site: set[str]) -> bool:
    words = {w.lower() for w in _CONTENT_WORD.findall(part)}
    return bool(words) and (
        words <= site or (len(part.split()) <= 4 and not any(c.isdigit() for c in part))
    )


def _words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def _headline(linked: list[dict[str, Any]]) -> str:
    import html as html_entities

    for item in linked:
        headline = item.get("headline")
        if isinstance(headline, str) and headline.strip():
            return html_entities.unescape(headline)
    return ""


def _ld_authors(linked: list[dict[str, Any]]) -> list[str]:
    for item in linked:
        author = item.get("author")
        if isinstance(author, dict | str):
            author = [author]
        if isinstance(author, list):
            names = [a.get("name") if isinstance(a, dict) else a for a in author]
            found = [n.strip() for n in names if isinstance(n, str) and n.strip()]
            if found:
                return found
    return []


# "| Headline": what is left of a "Site | Headline" title split at its separator. Not a
# dash: "- Angsten vil øke" is how Scandinavian papers headline a quote
_LEADING_SEPARATOR = re.compile(r"^[|:·•]+\s+")


def _outlet(*names: str) -> str:
    """The first name that reads as an outlet's name: "nationalpost" or "KGK_News" is a
    site's slug, and a publisher's name ("National Post") is better, when there is one."""
    names = tuple(n for n in (one_line(name) for name in names) if n)
    for name in names:
        if not (name.islower() and " " not in name or "_" in name):
            return name
    return names[0] if names else ""


def _publisher(linked: list[dict[str, Any]]) -> str:
    for item in linked:
        publisher = item.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return publisher["name"]
    return ""


def _canonical(tree: Any) -> str:
    if tree is None:
        return ""
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href")
    return ""


def _language(tree: Any, meta: dict[str, str]) -> str:
    if tree is None:
        return ""
    lang = tree.get("lang") or tree.get("xml:lang") or meta.get("og:locale") or ""
    lang = lang.replace("_", "-").strip()
    return lang.split("-")[0].lower() if lang else ""
