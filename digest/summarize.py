"""Extractive sentence selection behind a small interface.

A summarizer is any callable `(document, count) -> indices` returning the indices
of the chosen sentences in document order (as in sumy). `KeyFactSelector` uses the
learned scorer in digest.scoring; `lead` is the Lead-N baseline. A better selector
can replace them without touching the rest of the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from digest import scoring
from digest.sentences import split_sentences


@dataclass(frozen=True)
class Document:
    """What a summarizer sees: a title and the sentences of each paragraph."""

    title: str
    paragraphs: tuple[tuple[str, ...], ...]

    @cached_property
    def sentences(self) -> list[str]:
        return [s for paragraph in self.paragraphs for s in paragraph]

    @cached_property
    def tokens(self) -> list[list[str]]:
        """Each sentence's lower-case word tokens, found once for the scorer and the tags."""
        return list(map(scoring.tokens, self.sentences))


class Summarizer(Protocol):
    def __call__(self, document: Document, count: int) -> list[int]: ...


def make_document(title: str, paragraphs: tuple[str, ...] | list[str]) -> Document:
    return Document(title, tuple(tuple(split_sentences(p)) for p in paragraphs))


class KeyFactSelector:
    """The learned scorer of digest.scoring, picking in document order without repeats.

    The last few documents' rankings are kept, so asking for 3 and then 5 sentences of
    the same document (the benchmark's picks, then the brief's) scores it once.
    """

    def __init__(self) -> None:
        self._rankings: dict[int, tuple[Document, scoring.Ranking, list[int], int]] = {}

    def __call__(self, document: Document, count: int) -> list[int]:
        sentences = document.sentences
        want = count
        for _ in range(4):  # ask for more when some picks are fragments
            ranking, offsets = self._ranking(document, want + scoring.COVER_EXTRA)
            picks = sorted(offsets[p] + j for p, j in ranking.pick(want))
            fit = [i for i in picks if is_fit_fact(sentences[i])]
            if len(fit) >= count or len(picks) < want:
                break
            want += count - len(fit)
        if len(fit) < count:  # a short article: fragments are better than nothing
            fit = sorted(fit + [i for i in picks if i not in fit][: count - len(fit)])
        return fit[:count]

    def _ranking(self, document: Document, needed: int) -> tuple[scoring.Ranking, list[int]]:
        """The document's ranking, of at least `needed` candidates (more than the usual
        MAX_CANDIDATES only when that many picks are asked for)."""
        cached = self._rankings.get(id(document))
        if cached is None or cached[0] is not document or cached[3] < needed:
            paragraphs = [p for p in document.paragraphs if p]
            offsets, total = [], 0
            for paragraph in paragraphs:
                offsets.append(total)
                total += len(paragraph)
            candidates = max(needed, scoring.MAX_CANDIDATES)
            ranking = scoring.rank(
                paragraphs,
                document.title or None,
                sentence_tokens=document.tokens,
                candidates=candidates,
            )
            if len(self._rankings) > 8:
                self._rankings.clear()
            cached = self._rankings[id(document)] = (document, ranking, offsets, candidates)
        return cached[1], cached[2]


def is_fit_fact(sentence: str) -> bool:
    """Not a fragment that introduces something left out ("According to his words:")."""
    return not sentence.rstrip().endswith(":") and len(sentence.split()) >= 4


def lead(document: Document, count: int) -> list[int]:
    """Lead-N: the first `count` sentences, the baseline every selector must beat."""
    return list(range(min(count, len(document.sentences))))
