"""Every direct quotation in an article, in text order, with the person who said it.

Pure functions on the article's cleaned paragraphs: quotation marks paired within a
paragraph, then the attribution around each quote ("X said", "said X", "according to X",
"X: ...", a pronoun) read with regexes and word lists kept as data (no model).

    quotes = find_quotes(article.paragraphs, people)  # all of them, for `digest read --json`
    shown = telling_quotes(quotes, 3)                  # the few a brief shows

`people` are full person names found in the article by the name finder, if any ("Donald
Trump"): they name a surname's owner and the people a pronoun can mean first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from digest.models import Quote
from digest.summarizing.attribution_words import PRONOUNS
from digest.summarizing.mentions import Mentions
from digest.summarizing.speakers import (
    CONTEXT_CHARS,
    TRANSCRIPT,
    attribution,
    sentence_ends_in,
)

# Each opening mark and the marks that close it. The straight " both opens and closes;
# “ closes the German „; the German »…« runs the other way from the French «…».
CLOSERS = {
    "“": '”"',
    '"': '"”',
    "„": '“”"',
    "«": "»",
    "»": "«",
    "「": "」",
    "『": "』",
    "‘": "’",
    "‚": "‘’",
}
_OPENING = re.compile("[" + "".join(CLOSERS) + "]")
# A single mark opens only before a letter and after a space or bracket, and closes only
# when no letter follows: otherwise it is an apostrophe ("don’t", "’90s").
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–“\"]))[‘‚](?=[\w“\"])")
_SINGLE_CLOSE = re.compile(r"(?<=\S)’(?![\w])")
SINGLE_MARKS = "‘‚"
# Space that French typography puts inside guillemets, and a quote's trailing comma.
_EDGE = " \u00a0\u202f\t,"
# A quote this short with no attribution next to it is a scare quote or a title
# ("so-called “experts”", the film “Selma”), not something a person said; even with one, a
# single word is a word someone used ("called it a “masterpiece”"), not what they said.
SHORT_WORDS = 4
TOLD_WORDS = 2
UNSPACED = "[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"  # kana, CJK, hangul
# The length of a quote the brief shows: a full thought, not a speech.
TELLING_WORDS = (8, 60)
TELLING_MIN = 5  # fewer words are a fragment ("absolutely unacceptable"), not a statement


class Span(NamedTuple):  # (a tuple: made for every quote, four times as fast as a dataclass)
    """One quotation: where it is and what stands before and after it in its paragraph."""

    paragraph: int
    start: int  # offset of the text inside the marks, in the paragraph
    end: int
    text: str
    before: str  # the paragraph from the previous quote's end to this one's opening mark
    after: str  # from the closing mark to the next quote's opening mark
    closed: bool


def find_quotes(paragraphs: Sequence[str], people: Sequence[str] = ()) -> tuple[Quote, ...]:
    """Every direct quotation in the article, in text order, with its speaker."""
    spans = [span for n, p in enumerate(paragraphs) for span in _spans(n, p)]
    if not spans:
        return ()
    found = [_attribution(i, spans, paragraphs) for i in range(len(spans))]
    found = _shared_speakers(spans, found, paragraphs)
    text, starts = _unquoted(paragraphs, spans)
    mentions = Mentions(text, people, [phrase for phrase, _, _ in found], starts)
    return tuple(
        Quote(s.text, mentions.resolve(phrase, starts[at[0]] + at[1]) if phrase else "")
        for s, (phrase, *at) in zip(spans, found, strict=True)
        if _words(s.text) >= (TOLD_WORDS if phrase else SHORT_WORDS)
    )


# A speaker phrase, and the paragraph and offset a pronoun in it is resolved from.
Found = tuple[str, int, int]


def _words(text: str) -> int:
    """Words, or for text written without spaces (Chinese, Japanese) two characters each."""
    spaced = text.count(" ") + 1
    return spaced if spaced > 1 or not _unspaced().search(text) else len(text) // 2


@cache
def _unspaced() -> re.Pattern[str]:
    """Compiled when a one-word quote needs it: its 40,000 characters cost 2 ms to compile,
    which every start-up paid."""
    return re.compile(UNSPACED)


def telling_quotes(quotes: Sequence[Quote], limit: int = 3) -> tuple[Quote, ...]:
    """The few quotes a brief shows, in text order: a sentence or more (TELLING_MIN
    words) said by someone named before any fragment (“absolutely unacceptable”), long
    enough to say something and short enough to read, one per named speaker before any
    second."""
    ranked = sorted(range(len(quotes)), key=lambda i: (-_worth(quotes[i]), i))
    chosen: list[int] = []
    for i in ranked:  # first each named speaker's best, if it says something
        quote = quotes[i]
        if (
            _named(quote)
            and _words(quote.text) >= TELLING_MIN
            and all(quotes[c].speaker != quote.speaker for c in chosen)
        ):
            chosen.append(i)
    chosen = chosen[:limit]
    chosen += [i for i in ranked if i not in chosen][: limit - len(chosen)]
    return tuple(quotes[i] for i in sorted(chosen))


def _worth(quote: Quote) -> int:
    words = _words(quote.text)
    readable = TELLING_WORDS[0] <= words <= TELLING_WORDS[1]
    named = _named(quote)
    return 4 * (named and words >= TELLING_MIN) + 2 * named + bool(quote.speaker) + readable


def _named(quote: Quote) -> bool:
    return quote.speaker[:1].isupper() and quote.speaker.lower() not in PRONOUNS


def _attribution(i: int, spans: list[Span], paragraphs: Sequence[str]) -> Found:
    span = spans[i]
    lead, paragraph, start = _lead_in(span, paragraphs)
    phrase, sentence, clause = attribution(lead, span.after, span.text)
    if sentence < 0:
        return phrase, span.paragraph, span.start
    if clause and paragraph == span.paragraph:
        # "Clinton praised the “forum” and said: “…”": her clause starts before the forum
        whole = _sentence_over_quotes(i, spans)
        if whole is not None:
            lead, pieces = whole
            phrase, sentence, _ = attribution(lead, span.after, span.text)
            # the piece of the paragraph the sentence starts in (quotes are left out)
            at, start = pieces[0]
            for piece in pieces:
                if piece[0] <= sentence:
                    at, start = piece
            return phrase, paragraph, start + sentence - at
    return phrase, paragraph, start + sentence


def _lead_in(span: Span, paragraphs: Sequence[str]) -> tuple[str, int, int]:
    """What introduces the quote, with its paragraph and where it starts there: the text
    before it, or the paragraph before when that ends with a colon ("Reyes continued:")."""
    if not span.before.strip() and span.paragraph:
        previous = paragraphs[span.paragraph - 1].rstrip()
        if previous.endswith(":"):
            return previous, span.paragraph - 1, 0
    return span.before, span.paragraph, span.start - 1 - len(span.before)


def _sentence_over_quotes(i: int, spans: list[Span]) -> tuple[str, list[tuple[int, int]]] | None:
    """The text before a quote from its sentence's start when earlier quotes of the
    paragraph stand in that sentence, those quotes left out (None when none do); with
    (offset in it, offset in the paragraph) where each of its pieces starts."""
    span, first, reach = spans[i], i, 0
    while (
        first
        and reach < CONTEXT_CHARS
        and spans[first - 1].paragraph == span.paragraph
        and spans[first - 1].text[-1:] not in ".!?"
        and not sentence_ends_in(spans[first].before + "“" + spans[first].text[:1])
    ):
        first -= 1
        reach += len(spans[first].before)
    if first == i:
        return None
    lead, pieces = "", []
    for inner in spans[first : i + 1]:
        pieces.append((len(lead), inner.start - 1 - len(inner.before)))
        lead += inner.before + "“…” "
    return lead[: -len("“…” ")], pieces


def _unquoted(paragraphs: Sequence[str], spans: list[Span]) -> tuple[str, list[int]]:
    """The article's text with each quote blanked out, and where each paragraph starts."""
    pieces: list[str] = []
    starts, at, n = [], 0, 0
    for number, paragraph in enumerate(paragraphs):
        starts.append(at)
        copied = 0
        while n < len(spans) and spans[n].paragraph == number:
            span = spans[n]
            blank = " " * (span.end - span.start)
            if span.text[-1:] in ".!?" and len(blank) > 1:  # it ends a sentence: a period says so
                blank = blank[:-2] + ". "
            pieces += (paragraph[copied : span.start], blank)
            copied, n = span.end, n + 1
        pieces += (paragraph[copied:], "\n\n")
        at += len(paragraph) + 2
    return "".join(pieces), starts


def _spans(n: int, paragraph: str) -> list[Span]:
    marks = _pairs(paragraph)
    spans = []
    for i, (start, end, closed) in enumerate(marks):
        text = " ".join(paragraph[start:end].split()).strip(_EDGE)
        if not text:
            continue
        previous_end = marks[i - 1][1] + 1 if i else 0
        next_start = marks[i + 1][0] - 1 if i + 1 < len(marks) else len(paragraph)
        before = paragraph[previous_end : start - 1]
        after = paragraph[end + 1 : next_start] if closed else ""
        spans.append(Span(n, start, end, text, before, after, closed))
    return spans


def _pairs(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of the text inside each pair of quotation marks; a quote left
    open runs to the end of the paragraph (the next paragraph opens it again)."""
    pairs = []
    at = 0
    singles_close = True  # until a search for a closing single mark finds none
    absent: set[str] = set()  # marks not found after some point, so not after any later
    while (found := _OPENING.search(paragraph, at)) is not None:
        mark, start = found.group(), found.end()
        if mark in SINGLE_MARKS:
            close = None
            if singles_close and _SINGLE_OPEN.match(paragraph, found.start()):
                close = _SINGLE_CLOSE.search(paragraph, start)
                singles_close = close is not None  # nor will a later one (no quadratic scan)
            if close is None:
                at = start
                continue
            end = close.start()
        else:
            end = _closing(paragraph, start, CLOSERS[mark], absent)
        pairs.append((start, end, end < len(paragraph)))
        at = end + 1
    return pairs


def _closing(paragraph: str, start: int, closers: str, absent: set[str]) -> int:
    end = len(paragraph)
    for mark in closers:
        if mark not in absent:
            at = paragraph.find(mark, start)
            if at < 0:
                absent.add(mark)
            elif at < end:
                end = at
    return end


def _shared_speakers(
    spans: list[Span], speakers: list[Found], paragraphs: Sequence[str]
) -> list[Found]:
    """A quote with no attribution of its own takes its neighbour's: the second half of
    "“We will win,” he said. “And soon.”", a paragraph that goes on after "X said:", and
    the paragraphs of a quote that runs over several (the last one says who)."""
    out = list(speakers)
    for i in range(1, len(spans)):
        if not out[i][0] and _goes_on_from(spans[i - 1], spans[i], paragraphs):
            out[i] = out[i - 1]
    for i in range(len(spans) - 2, -1, -1):  # from the end: a long quote's last part names
        if not out[i][0] and _goes_on_in(spans[i], spans[i + 1]):
            out[i] = out[i + 1]
    return out


def _goes_on_in(span: Span, following: Span) -> bool:
    """The next quote is in the same paragraph, or continues this open one (and is not
    the next speaker's turn in a transcript)."""
    if TRANSCRIPT.match(following.text):
        return False
    return following.paragraph == span.paragraph or (
        not span.closed and following.paragraph == span.paragraph + 1
    )


def _goes_on_from(previous: Span, span: Span, paragraphs: Sequence[str]) -> bool:
    """Same paragraph; or a paragraph that opens with a quote after an open quote, or
    after a paragraph ending "Reyes continued:"."""
    if previous.paragraph == span.paragraph:
        return True
    if span.before.strip() or previous.paragraph != span.paragraph - 1:
        return False
    return not previous.closed or paragraphs[span.paragraph - 1].rstrip().endswith(":")
