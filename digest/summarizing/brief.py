"""An Article and a summarizer make a key-facts Brief."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from digest.models import Article, Brief
from digest.summarizing.facts import (
    ENTITY_LIMIT,
    NUMBER_LIMIT,
    QUOTE_LIMIT,
    find_facts,
    find_keywords,
)
from digest.summarizing.headline import headline_from
from digest.summarizing.quotes import telling_quotes
from digest.summarizing.selector import Document, KeyFactSelector, Summarizer, make_document
from digest.text.textutil import shorten

SENTENCE_MAX_CHARS = 600  # a "sentence" longer than this is cut (giant paragraphs)


@dataclass(frozen=True)
class Identity:
    """What the pipeline knows of an article beyond its text: id, page name, dates."""

    id: str
    slug: str
    published: datetime
    updated: datetime
    content_hash: str


def make_brief(
    article: Article,
    identity: Identity,
    key_facts: int = 4,
    words_per_minute: int = 230,
    summarizer: Summarizer | None = None,
    document: Document | None = None,
) -> Brief:
    """Summarize one article into its key-facts brief (`document`: its split sentences,
    when the caller has them already)."""
    summarizer = summarizer or KeyFactSelector()
    document = document or make_document(article.title, article.paragraphs, article.language)
    sentences = document.sentences
    picks = [shorten(sentences[i], SENTENCE_MAX_CHARS) for i in summarizer(document, key_facts + 1)]
    topline = picks[0] if picks else ""
    blocks = [text for _, text in article.blocks] if article.blocks else article.paragraphs
    facts = find_facts(article.title, blocks, sentences, article.language, all_numbers=False)
    quotes = telling_quotes(facts.quotes, QUOTE_LIMIT)
    word_count = sum(len(p.split()) for p in article.paragraphs)  # as `wc -w` counts
    return Brief(
        id=identity.id,
        slug=identity.slug,
        relpath=article.relpath,
        title=brief_headline(article, topline),
        topline=topline,
        key_facts=tuple(picks[1:]),
        quotes=tuple(quotes),
        numbers=tuple(text for text, _ in facts.numbers[:NUMBER_LIMIT]),
        people=_top(facts.names.people),
        places=_top(facts.names.places),
        organizations=_top(facts.names.organizations),
        tags=article.tags
        or find_keywords(article.title, sentences, sentence_tokens=document.tokens),
        word_count=word_count,
        reading_minutes=max(1, math.ceil(word_count / words_per_minute)),
        published=identity.published,
        updated=identity.updated,
        source=article.source,
        url=article.url,
        author=article.author,
        language=article.language,
        content_hash=identity.content_hash,
        section=article.section,
        image=article.image,
        image_alt=article.image_alt,
    )


def brief_headline(article: Article, topline: str) -> str:
    """The file's title; for a file that names none, or whose title is cut, words of the
    topline that read as a headline (a cut first sentence is not one)."""
    # "…": cut to length; ":": a kicker left alone ("New Socialist:")
    cut = article.title.endswith(("…", ":")) and not article.title_from_text
    if not (article.title_from_text or cut) or not topline:
        return article.title
    return headline_from(topline) or article.title


def _top(names: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    return tuple(name for name, _ in names[:ENTITY_LIMIT])
