"""Extractive sentence selection behind a small interface.

A summarizer is any callable `(document, count) -> indices` returning the indices
of the chosen sentences in document order (as in sumy). `KeyFactSelector` uses the
learned scorer in digest.summarizing.scoring; `lead` is the Lead-N baseline. A better selector
can replace them without touching the rest of the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from digest.summarizing import scoring
from digest.text.sentences import split_sentences


@dataclass(frozen=True)
class Document:
    """What a summarizer sees: a title and the sentences of each paragraph."""

    title: str
    paragraphs: tuple[tuple[str, ...], ...]
    # the latest ranking and how many sentences it scored (see ranking())
    _ranking: dict[str, tuple[int, scoring.Ranking]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @cached_property
    def sentences(self) -> list[str]:
        return [s for paragraph in self.paragraphs for s in paragraph]

    @cached_property
    def tokens(self) -> list[list[str]]:
        """Each sentence's lower-case word tokens, found once for the scorer and the tags."""
        return list(map(scoring.tokens, self.sentences))

    @cached_property
    def offsets(self) -> list[int]:
        """The flat index of each non-empty paragraph's first sentence."""
        offsets, total = [], 0
        for paragraph in self.paragraphs:
            if paragraph:
                offsets.append(total)
                total += len(paragraph)
        return offsets

    def ranking(self, candidates: int = scoring.MAX_CANDIDATES) -> scoring.Ranking:
        """The scorer's ranking of the first `candidates` sentences (or more), made once:
        asking for 3 and then 5 sentences (the benchmark's picks, then the brief's) scores
        the document once."""
        found = self._ranking.get("ranking")
        if found is None or found[0] < candidates:
            ranking = scoring.rank(
                [p for p in self.paragraphs if p],
                self.title or None,
                sentence_tokens=self.tokens,
                candidates=candidates,
            )
            found = self._ranking["ranking"] = (candidates, ranking)
        return found[1]


class Summarizer(Protocol):
    def __call__(self, document: Document, count: int) -> list[int]: ...


def make_document(
    title: str, paragraphs: tuple[str, ...] | list[str], language: str = ""
) -> Document:
    return Document(title, tuple(tuple(split_sentences(p, language)) for p in paragraphs))


class KeyFactSelector:
    """The learned scorer of digest.summarizing.scoring, picking in document order without repeats."""

    def __call__(self, document: Document, count: int) -> list[int]:
        sentences, offsets = document.sentences, document.offsets
        want = count
        for _ in range(4):  # ask for more when some picks are fragments
            needed = max(want + scoring.COVER_EXTRA, scoring.MAX_CANDIDATES)
            picks = sorted(offsets[p] + j for p, j in document.ranking(needed).pick(want))
            fit = [i for i in picks if is_fit_fact(sentences[i])]
            if len(fit) >= count or len(picks) < want:
                break
            want += count - len(fit)
        if len(fit) < count:  # a short article: fragments are better than nothing
            fit = sorted(fit + [i for i in picks if i not in fit][: count - len(fit)])
        return fit[:count]


def is_fit_fact(sentence: str) -> bool:
    """Not a fragment that introduces something left out ("According to his words:")."""
    return not sentence.rstrip().endswith(":") and len(sentence.split()) >= 4


def lead(document: Document, count: int) -> list[int]:
    """Lead-N: the first `count` sentences, the baseline every selector must beat."""
    return list(range(min(count, len(document.sentences))))
