"""`digest read`: what the product read from each file, and why, without a build.

It is how a user sees why a source went wrong (the title and date it found, and where
the date came from; what cleaning removed, and by which rule), and what the extraction
benchmark calls.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from digest.models import Article, Skipped

_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|\band\b|&|\|)\s*")


def read_file_json(path: Path, timezone: str) -> dict[str, Any]:
    """One file as `digest read --json` shows it."""
    from digest.building.summaries import parse_file

    parsed = parse_file(path, timezone)
    if isinstance(parsed, Skipped):
        return {"file": str(path), "skipped": parsed.reason}
    source, article = parsed
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
        **facts_json(article),
    }


def facts_json(article: Article) -> dict[str, Any]:
    """Every name, quote and number found, as `digest read --json` lists them."""
    from digest.summarizing.facts import find_facts
    from digest.summarizing.selector import make_document

    sentences = make_document(article.title, article.paragraphs, article.language).sentences
    blocks = [text for _, text in article.blocks] if article.blocks else article.paragraphs
    facts = find_facts(article.title, blocks, sentences, article.language)

    def listed(names: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
        return [{"name": name, "mentions": mentions} for name, mentions in names]

    return {
        "people": listed(facts.names.people),
        "places": listed(facts.names.places),
        "organizations": listed(facts.names.organizations),
        "quotes": [{"quote": q.text, "speaker": q.speaker} for q in facts.quotes],
        "numbers": [{"text": text, "counts": counts} for text, counts in facts.numbers],
    }


def authors(author: str) -> list[str]:
    """ "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"]."""
    text = re.sub(r"^\s*by\s+", "", author, flags=re.IGNORECASE)
    names = (n.strip() for n in _AUTHOR_SEPARATORS.split(text))
    return list(dict.fromkeys(n for n in names if n))
