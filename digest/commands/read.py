"""`digest read`: what the product read from each file, and why, without a build.

It is how a user sees why a source went wrong (the title and date it found, and where
the date came from; what cleaning removed, and by which rule), and what the extraction
benchmark calls.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from digest.models import Article, Skipped

_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|\band\b|&|\|)\s*")


def read_file_json(path: Path, timezone: str) -> dict[str, Any]:
    """One file as `digest read --json` shows it."""
    from digest.building.summaries import failure_reason
    from digest.config import MAX_ARTICLE_BYTES
    from digest.reading.formats import kind_of, parse_source
    from digest.reading.scan import read_file

    source = read_file(path, MAX_ARTICLE_BYTES)
    if isinstance(source, Skipped):
        return {"file": str(path), "skipped": source.reason}
    try:
        article = parse_source(source, "." + kind_of(source.relpath), ZoneInfo(timezone))
    except Exception as exc:  # the file's fault: say which stage, as a build would
        return {"file": str(path), "skipped": failure_reason("parsing", exc)}
    if isinstance(article, Skipped):
        return {"file": str(path), "skipped": article.reason}
    return article_json(str(path), article, source.encoding, (*source.notes, *article.notes))


def article_json(
    file: str, article: Article, encoding: str, notes: tuple[str, ...] = ()
) -> dict[str, Any]:
    blocks = article.blocks or tuple(("paragraph", p) for p in article.paragraphs)
    return {
        "file": file,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "date_source": article.date_source or None,
        "updated": article.updated.isoformat() if article.updated else None,
        "authors": authors(article.author),
        "outlet": article.source or None,
        "url": article.url or None,
        "language": article.language or None,
        "encoding": encoding,
        "body": "\n\n".join(text for _, text in blocks),
        "paragraphs": list(article.paragraphs),
        "headings": [text for kind, text in blocks if kind == "heading"],
        "removed": [{"text": text, "rule": rule} for text, rule in article.removed],
        "notes": list(notes),
    }


def authors(author: str) -> list[str]:
    """ "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"]."""
    text = re.sub(r"^\s*by\s+", "", author, flags=re.IGNORECASE)
    names = (n.strip() for n in _AUTHOR_SEPARATORS.split(text))
    return list(dict.fromkeys(n for n in names if n))
