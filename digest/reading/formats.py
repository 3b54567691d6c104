"""Parsing decoded article files (.txt, .md, .html) into Articles. Pure, no file I/O."""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from dateutil import parser as dateparser

from digest.models import Article, Skipped, Source
from digest.text.clean import (
    HEADING_MARK,
    LINKS_MARK,
    ROW_MARK,
    CleanText,
    clean_body,
    split_dateline,
)
from digest.text.language import detect_language
from digest.text.sentences import split_sentences
from digest.text.textutil import one_line, safe_url, shorten

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
# Dates outside these bounds are wrong (a typo, a zero date, an epoch of 0), not history.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
MAX_UTC_OFFSET = timedelta(hours=24)


def kind_of(relpath: str) -> str:
    """The format a file is read as, from its name: "txt", "md" or "html"."""
    suffix = "." + relpath.rsplit(".", 1)[-1].lower() if "." in relpath else ""
    if suffix in HTML_SUFFIXES:
        return "html"
    return "md" if suffix in MARKDOWN_SUFFIXES else "txt"


TITLE_MAX_CHARS = 200
_NO_YEAR = datetime(1, 1, 1)
HEADLINE_MAX_WORDS = 25
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)?")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_BLOCK = re.compile(
    r"<(script|style|iframe|object|svg|template)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>?|<!--.*?-->", re.DOTALL)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_FRONT_MATTER_LINE = re.compile(r"^(\w+)\s*:\s*(.*)$")


def parse_source(source: Source, suffix: str, tz: ZoneInfo) -> Article | Skipped:
    """Turn a decoded file into an Article, or say why it cannot be one."""
    if suffix in HTML_SUFFIXES:
        return _parse_html(source, tz)
    if suffix in MARKDOWN_SUFFIXES:
        meta, text, notes = split_front_matter(source)
        return _article(source.relpath, markdown_to_text(text), meta, tz, list(notes))
    return _article(source.relpath, source.text, {}, tz, [])


def split_front_matter(source: Source) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """YAML front matter (a safe load; a lenient line reader when the YAML is broken), the
    body, and what was wrong with the front matter, for the file's one warning."""
    text = source.text
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n"):
            return {}, text[4:], ("front matter opened with --- but never closed; read as text",)
        return {}, text, ()
    notes: list[str] = []
    block, body = match.group(1), text[match.end() :]
    try:
        data = yaml.safe_load(block)
    except (ValueError, OverflowError):
        # YAML reads "2026-02-30" or an offset of +25:00 as a timestamp and the datetime
        # it builds refuses it: the line reader keeps every key, and parse_date gives the
        # one warning about the date
        data = _lenient_front_matter(block)
    except yaml.YAMLError as exc:
        reason = one_line(str(exc).split("\n")[0])
        notes.append(f"front matter is not valid YAML ({reason}); reading it line by line")
        data = _lenient_front_matter(block)
    if not isinstance(data, dict):
        notes.append("front matter is not a mapping of keys to values; ignored")
        data = {}
    return data, body, tuple(notes)


def _lenient_front_matter(block: str) -> dict[str, str]:
    pairs = (_FRONT_MATTER_LINE.match(line) for line in block.split("\n"))
    return {m.group(1): m.group(2).strip().strip("\"'") for m in pairs if m}


def markdown_to_text(text: str) -> str:
    """Plain text from Markdown: headings marked, links to their text, raw HTML removed."""
    text = _HTML_BLOCK.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _MD_IMAGE.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    lines = []
    for line in text.split("\n"):
        heading = _MD_HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            line = ("\x00H1 " if level == 1 else "") + heading.group(2)
        lines.append(_MD_EMPHASIS.sub(r"\2", line))
    return "\n".join(lines)


def _article(
    relpath: str,
    text: str,
    meta: dict[str, Any],
    tz: ZoneInfo,
    notes: list[str],
    page: bool = False,  # read from an HTML page: its tags are keywords, not sections
) -> Article | Skipped:
    title, body = _title_and_body(text, _meta_str(meta, "title"))
    cleaned = clean_body(body, title)
    if not title and not cleaned.paragraphs:
        reason = "no text: the file is empty or holds only whitespace"
        return Skipped(relpath, reason, notes=tuple(notes))
    cleaned, credit = _without_dateline(cleaned)
    tags = _meta_tags(
        next((meta[k] for k in ("tags", "categories", "category") if meta.get(k)), None)
    )
    title_from_text = not title
    if title_from_text:
        title = _title_from(cleaned.paragraphs[0])
    date = parse_date(meta.get("date"), tz, notes)
    return Article(
        relpath=relpath,
        title=title,
        paragraphs=cleaned.paragraphs,
        headings=cleaned.headings,
        date=date,
        source=_meta_str(meta, "source") or credit,
        url=safe_url(_meta_str(meta, "url")),
        author=_meta_str(meta, "author"),
        tags=tags,
        section=_section(meta, () if page else tags),
        notes=tuple(notes),
        blocks=cleaned.blocks,
        removed=cleaned.removed,
        date_source=(meta.get("date_source") or "front matter") if date else "",
        updated=parse_date(meta.get("updated"), tz, notes),
        language=_language_tag(_meta_str(meta, "language") or _meta_str(meta, "lang"))
        or detect_language("\n".join(cleaned.paragraphs)),
        title_from_text=title_from_text,
        image=safe_url(_meta_str(meta, "image")),
        image_alt=_meta_str(meta, "image_alt"),
    )


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _without_dateline(cleaned: CleanText) -> tuple[CleanText, str]:
    """The text without the dateline that opens it ("MIAMI (CNN) -- "), and its credit: the
    agency or outlet that wrote the story, for a file that names none."""
    found = split_dateline(cleaned.paragraphs[0]) if cleaned.paragraphs else None
    if found is None:
        return cleaned, ""
    credit, rest = found
    first = cleaned.paragraphs[0]
    blocks = list(cleaned.blocks)
    at = next((i for i, (kind, text) in enumerate(blocks) if text == first), None)
    if at is not None:
        blocks[at] = (blocks[at][0], rest)
    removed = (*cleaned.removed, (first[: len(first) - len(rest)].strip(), "dateline"))
    return (
        replace(
            cleaned,
            paragraphs=(rest, *cleaned.paragraphs[1:]),
            blocks=tuple(blocks),
            removed=removed,
        ),
        credit,
    )


def _language_tag(value: str) -> str:
    """ "de-DE" -> "de"; anything that is not a language tag -> "" (it goes into lang="")."""
    value = value.strip()
    return value.split("-")[0].split("_")[0].lower() if _LANGUAGE_TAG.match(value) else ""


def _title_and_body(text: str, meta_title: str) -> tuple[str, str]:
    if meta_title:
        return shorten(meta_title, TITLE_MAX_CHARS), text.replace("\x00H1 ", "", 1)
    lines = text.strip().split("\n")
    first = lines[0] if lines else ""
    if first.startswith((LINKS_MARK, ROW_MARK)):
        return "", text  # a menu or a table row is never the headline
    if first.startswith(HEADING_MARK):  # a page's heading: the headline when it opens the text
        return shorten(one_line(first.removeprefix(HEADING_MARK)), TITLE_MAX_CHARS), "\n".join(
            lines[1:]
        )
    if first.startswith("\x00H1 "):
        return shorten(one_line(first[4:]), TITLE_MAX_CHARS), "\n".join(lines[1:])
    text = text.replace("\x00H1 ", "")
    first = one_line(first.replace("\x00H1 ", ""))
    if first and reads_as_headline(first) and len(lines) > 1:
        return first, "\n".join(lines[1:])
    return "", text


def reads_as_headline(line: str) -> bool:
    """Short, one line, and not a finished sentence (headlines carry no final full stop)."""
    if len(line) > TITLE_MAX_CHARS or len(line.split()) > HEADLINE_MAX_WORDS:
        return False
    return not line.endswith(".") or len(split_sentences(line)) == 1 and len(line.split()) <= 12


def _title_from(paragraph: str) -> str:
    first_sentence = (split_sentences(paragraph) or [paragraph])[0]
    return shorten(one_line(first_sentence), 120)


def _meta_str(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is None or isinstance(value, dict | list):
        return ""
    return one_line(str(value))


def _meta_tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    # "a, b, c" as one item (a page's keywords) is three tags
    parts = (part for tag in value if tag is not None for part in str(tag).split(","))
    tags = (shorten(one_line(part), 40) for part in parts)
    return tuple(dict.fromkeys(tag for tag in tags if tag))[:10]


def _section(meta: dict[str, Any], tags: tuple[str, ...]) -> str:
    """The section an article belongs to: a category or section it states; in front matter
    (written by people) its first tag too. A page's keywords are not sections."""
    for key in ("section", "category", "categories"):
        named = _meta_tags(meta.get(key))
        if named:
            return named[0]
    return tags[0] if tags else ""


def parse_date(value: Any, tz: ZoneInfo, notes: list[str] | None = None) -> datetime | None:
    """A timezone-aware datetime from front matter or metadata; None (saying why in
    notes) when it is not a real date, or lies outside 1900-2100, or has an offset
    beyond 24 hours: the caller then uses its next date source."""
    if value is None or value == "":
        return None
    try:
        parsed = to_datetime(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=tz)
        offset = parsed.utcoffset()
        if offset is not None and abs(offset) >= MAX_UTC_OFFSET:
            raise ValueError("its UTC offset is beyond 24 hours")
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            raise ValueError(f"the year is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
        parsed.astimezone(tz)  # an instant that cannot be shown in the zone fails here
    except (ValueError, OverflowError, TypeError) as exc:
        if notes is not None:
            shown, why = one_line(str(value))[:40], one_line(str(exc))[:80]
            notes.append(f"date {shown!r} is not a valid date ({why}); using the next date source")
        return None
    return parsed


def to_datetime(value: Any) -> datetime:
    """A date or datetime from front matter or a page; ValueError when it is not one."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    # fields the text lacks come from this fixed default, never from today's date, so
    # that a build is repeatable; a text without a year is refused
    with warnings.catch_warnings():  # "EST": dateutil warns, and the zone is read as none
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(one_line(str(value))[:64], default=_NO_YEAR)
    if parsed.year == _NO_YEAR.year:
        raise ValueError("it has no year")
    return parsed


def _parse_html(source: Source, tz: ZoneInfo) -> Article | Skipped:
    from digest.reading.html import read_page

    page = read_page(source.text)
    if page is None:
        return Skipped(source.relpath, "HTML page with no article text found in it")
    stated = page.dates.published
    meta: dict[str, Any] = {
        "title": page.title,
        "date": stated or page.fallback_date,
        "date_source": page.dates.source if stated else "trafilatura (the day only)",
        "updated": page.dates.modified,
        "author": page.author,
        "url": page.url,
        "source": page.outlet,
        "tags": page.tags,
        "section": page.section,
        "image": page.image,
        "image_alt": page.image_alt,
        "language": page.language,
    }
    return _article(source.relpath, page.text, meta, tz, [], page=True)
