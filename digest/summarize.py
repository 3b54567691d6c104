"""Extractive sentence selection behind a small interface.

A summarizer is any callable `(document, count) -> indices` returning the indices
of the chosen sentences in document order (as in sumy). `KeyFactSelector` scores
each sentence from small, separate features and removes redundancy between its
picks; a better selector can replace it without touching the rest of the pipeline.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from digest.sentences import split_sentences
from digest.textutil import words

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own said same says she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours year years one two new told
    """.split()
)
MIN_WORDS, MAX_WORDS = 6, 70
_QUOTE_ONLY = re.compile(r"""^["“‘'].*["”’']$""")


@dataclass(frozen=True)
class Document:
    """What a summarizer sees: a title and the sentences of each paragraph."""

    title: str
    paragraphs: tuple[tuple[str, ...], ...]

    @property
    def sentences(self) -> list[str]:
        return [s for paragraph in self.paragraphs for s in paragraph]


class Summarizer(Protocol):
    def __call__(self, document: Document, count: int) -> list[int]: ...


def make_document(title: str, paragraphs: tuple[str, ...] | list[str]) -> Document:
    return Document(title, tuple(tuple(split_sentences(p)) for p in paragraphs))


def content_words(text: str) -> list[str]:
    return [w for w in (t.lower() for t in words(text)) if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True)
class SentenceFeatures:
    position: float  # 1 for the first sentence, falling with the index
    paragraph_start: float
    title_overlap: float
    centrality: float
    informativeness: float
    length_fit: float
    unfit: float  # questions, fragments ending with ":", too short


def sentence_features(document: Document) -> list[SentenceFeatures]:
    """Per-sentence features, in document order."""
    title_words = set(content_words(document.title))
    bags = [Counter(content_words(s)) for s in document.sentences]
    frequency = Counter(w for bag in bags for w in bag)
    features = []
    index = 0
    for paragraph in document.paragraphs:
        for offset, sentence in enumerate(paragraph):
            bag = bags[index]
            n_words = len(sentence.split())
            features.append(
                SentenceFeatures(
                    position=1.0 / math.sqrt(1 + index),
                    paragraph_start=1.0 if offset == 0 else 0.0,
                    title_overlap=len(title_words & bag.keys()) / (len(title_words) or 1),
                    centrality=_centrality(bag, frequency),
                    informativeness=_informativeness(sentence),
                    length_fit=1.0 if MIN_WORDS <= n_words <= MAX_WORDS else 0.0,
                    unfit=_unfitness(sentence, n_words),
                )
            )
            index += 1
    return features


WEIGHTS = {
    "position": 1.6,
    "paragraph_start": 0.15,
    "title_overlap": 0.6,
    "centrality": 0.8,
    "informativeness": 0.25,
    "length_fit": 0.4,
    "unfit": -2.0,
}


def score_sentences(document: Document) -> list[float]:
    return [
        sum(WEIGHTS[name] * getattr(f, name) for name in WEIGHTS)
        for f in sentence_features(document)
    ]


@dataclass(frozen=True)
class KeyFactSelector:
    """Score sentences, then pick greedily, skipping ones too similar to a pick (MMR-like)."""

    redundancy_threshold: float = 0.5

    def __call__(self, document: Document, count: int) -> list[int]:
        sentences = document.sentences
        scores = score_sentences(document)
        bags = [set(content_words(s)) for s in sentences]
        ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
        chosen: list[int] = []
        for i in ranked:
            if len(chosen) == count:
                break
            if all(_overlap(bags[i], bags[j]) < self.redundancy_threshold for j in chosen):
                chosen.append(i)
        return sorted(chosen)


def lead(document: Document, count: int) -> list[int]:
    """Lead-N: the first `count` sentences, the baseline every selector must beat."""
    return list(range(min(count, len(document.sentences))))


def _centrality(bag: Counter[str], frequency: Counter[str]) -> float:
    if not bag:
        return 0.0
    shared = sum(frequency[w] - 1 for w in bag)
    return math.log1p(shared / len(bag))


def _informativeness(sentence: str) -> float:
    numbers = len(re.findall(r"\d", sentence)) > 0
    names = len(re.findall(r"(?<=\s)[A-Z][a-z]+", sentence))
    return min(1.0, 0.4 * numbers + 0.15 * names)


def _unfitness(sentence: str, n_words: int) -> float:
    if sentence.endswith("?") or sentence.endswith(":"):
        return 1.0
    if n_words < MIN_WORDS:
        return 0.7
    if _QUOTE_ONLY.match(sentence) and n_words < 12:
        return 0.5
    return 0.0


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
