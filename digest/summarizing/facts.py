"""Key facts beyond sentences: names, quotes with speakers, numbers, keywords.

`find_facts` gathers all of them for an article (what `digest read --json` shows); a brief
shows the most important few. Names come from the learned finder in `names`; the rest are
patterns and small word lists kept as data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from digest.models import Quote
from digest.summarizing.names import Names, find_names
from digest.summarizing.quotes import find_quotes
from digest.summarizing.scoring import STOPWORDS, tokens

_APPROXIMATELY = (
    "about",
    "around",
    "nearly",
    "almost",
    "over",
    "more than",
    "less than",
    "at least",
    "up to",
)
_NUMBER = re.compile(
    # first, what a match can start with: the regex engine then skips to those characters
    "(?=["
    + "".join(sorted({c for w in _APPROXIMATELY for c in (w[0], w[0].upper())}))
    + r"$€£¥\d])"
    # not inside a score, a phone number, a date or an identifier ("2-1", "687-1077", "A7")
    r"(?<![\w.\-/:+])((?i:" + "|".join(_APPROXIMATELY) + r")\s+)?"
    r"([$€£¥]\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\-/:]\d|\.\d|\d)"
    r"(\s?%|\s+(?:per ?cent|percent))?"
    r"(\s+(?:million|billion|trillion|thousand|hundred|bn|m)\b)?"
    r"((?:\s+[a-z][a-z-]+){1,2})?"
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_HAS_DIGIT = re.compile(r"\d")
NUMBER_LIMIT = 5
# Words that end the noun after a number ("7,000 people were killed" -> "7,000 people").
_NOT_UNITS = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been has have "
    "had that which who whom said says told than this these those it its their his her "
    "lost won got made took gave came went saw left died fell rose".split()
)
# The first words of two-word units ("square miles", "police officers").
_UNIT_MODIFIERS = frozenset(
    "square cubic metric light police civilian new young old more extra other".split()
)

ENTITY_LIMIT = 6
QUOTE_LIMIT = 3  # the quotes a brief shows (telling_quotes picks them)


@dataclass(frozen=True)
class Facts:
    """Every name, quote and number an article holds, most telling first."""

    names: Names
    quotes: tuple[Quote, ...]
    numbers: tuple[tuple[str, int], ...]  # ("1.2 million people", times said)


def find_facts(
    title: str,
    paragraphs: Sequence[str],
    sentences: list[str],
    language: str = "",
    all_numbers: bool = True,
) -> Facts:
    """`paragraphs`: the article's text blocks, its headings and datelines included
    ("LONDON 1996-08-30" names a place). Without `all_numbers`, the numbers are only the
    first NUMBER_LIMIT, what a brief shows, each counted once: the rest is not read."""
    # (the quotes' speakers are named in full from the article by quotes' own reading of
    # its names: given the name finder's people, speakers came out right less often on
    # the PolNeAR DEV articles, 80.6% against 81.3%)
    return Facts(
        names=find_names([title, *paragraphs] if title else paragraphs, language),
        quotes=find_quotes(paragraphs),
        numbers=count_numbers(sentences)
        if all_numbers
        else tuple((text, 1) for text in find_numbers(sentences)),
    )


def find_numbers(sentences: list[str]) -> tuple[str, ...]:
    """The first numbers with their unit or noun ("7,000 people", "$5 million")."""
    first: dict[str, None] = {}
    for phrase in _number_phrases(sentences):
        first[phrase] = None
        if len(first) == NUMBER_LIMIT:
            break  # the sentences after it are not read
    return tuple(first)


def count_numbers(sentences: list[str]) -> tuple[tuple[str, int], ...]:
    """Every number with its unit or noun, and how many times it is said, in text order."""
    return tuple(Counter(_number_phrases(sentences)).items())


def _number_phrases(sentences: list[str]) -> Iterator[str]:
    """Each number said with its unit or noun, in text order."""
    for sentence in sentences:
        if not _HAS_DIGIT.search(sentence):
            continue
        for match in _NUMBER.finditer(sentence):
            digits = match.group(3)
            unit = (match.group(4) or "") + (match.group(5) or "")
            money = bool(match.group(2))
            # "$5 billion" counts money: no noun after it ("$5 billion last year")
            noun = "" if money and unit else _first_content_words(match.group(6) or "")
            if _YEAR.match(digits) and not (unit or money) or not (unit or noun or money):
                continue
            yield " ".join(
                x
                for x in (
                    (match.group(1) or "").strip(),
                    (match.group(2) or "") + digits + unit,
                    noun,
                )
                if x
            )


def _first_content_words(tail: str) -> str:
    """The noun a number counts: one word, or two when the first modifies the second."""
    kept: list[str] = []
    for word in tail.split():
        if word in _NOT_UNITS or kept and word.endswith(("ing", "ed")):
            break  # "1 million people living in" -> "1 million people"
        kept.append(word)
        if word not in _UNIT_MODIFIERS:
            break
    return " ".join(kept)


def find_keywords(
    title: str, sentences: list[str], limit: int = 5, sentence_tokens: list[list[str]] | None = None
) -> tuple[str, ...]:
    """The most frequent content words, title words counting double (`sentence_tokens`:
    the sentences' scoring.tokens(), when the caller has them already)."""
    if sentence_tokens is None:
        sentence_tokens = [tokens(s) for s in sentences]
    counts = Counter(chain.from_iterable(sentence_tokens))
    for w in tokens(title):
        counts[w] += 2
    ranked = sorted(
        (-n, w)
        for w, n in counts.items()
        if n > 1 and len(w) > 2 and not w.isdigit() and w not in STOPWORDS
    )
    return tuple(w for _, w in ranked[:limit])
