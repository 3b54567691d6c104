"""Stable identities: feed ids and page names derived from the article's path only."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from functools import lru_cache

SLUG_MAX_CHARS = 60
_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


@lru_cache(maxsize=65536)  # ids are asked for again when pages and feeds are sorted
def article_id(relpath: str) -> str:
    """A URN that stays the same when the article is edited, touched or the folder moves."""
    digest = hashlib.sha1(b"digest-article:" + relpath.encode("utf-8", "surrogatepass")).digest()
    return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}"


def base_slug(relpath: str) -> str:
    """A short ASCII page name from the file name; a hash suffix when the name was altered."""
    stem = relpath.rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_stem.lower()).strip("-_")[:SLUG_MAX_CHARS].strip("-_")
    if slug == stem and _SLUG_OK.match(slug):
        return slug
    short = _short_hash(relpath)
    return f"{slug}-{short}" if slug else f"article-{short}"


def assign_slugs(relpaths: list[str], kept: dict[str, str] | None = None) -> dict[str, str]:
    """A unique page name for every article. Names given before (`kept`) stay, so a link
    never starts to point at another article; a new article whose name is taken gets a
    hash suffix."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for relpath in sorted(relpaths):
        previous = (kept or {}).get(relpath)
        if previous and previous not in taken:
            slugs[relpath] = previous
            taken.add(previous)
    for relpath in sorted(r for r in relpaths if r not in slugs):
        slug = base_slug(relpath)
        if slug in taken:
            slug = f"{slug}-{_short_hash(relpath)}"
        taken.add(slug)
        slugs[relpath] = slug
    return slugs


def _short_hash(relpath: str) -> str:
    return hashlib.sha1(relpath.encode("utf-8", "surrogatepass")).hexdigest()[:8]
