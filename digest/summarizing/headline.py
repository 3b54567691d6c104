"""A headline made from a sentence, for an article whose file names none.

Extractive like the rest of the brief: the headline is words of the topline, in order.
A sentence reads as a headline once what only frames it is gone (an opening "On the
same day that ..., " and a closing ", officials said"), and it is cut where a clause
begins, never after a word that asks for more ("the", "of", "and").
"""

from __future__ import annotations

import re

HEADLINE_MAX_WORDS = 12
_MIN_WORDS = 4  # a shorter main clause is not a headline; the framing is kept instead

# words that open a framing clause at the start of a sentence ("After the vote, ...")
_FRAMING_OPENERS = frozenset(
    "after amid as at although because before by despite during following for if in "
    "on over since though throughout under until when whenever where while with within".split()
)
# words before which a clause or a phrase of its own begins: a cut there leaves a whole one
_CLAUSE_STARTS = frozenset(
    "after amid according although and as because before but despite following if "
    "including since that though unless until when where whereas which while who whom "
    "whose with without".split()
)
# a weaker place to cut: before a phrase ("... casualties | from an Israeli assault")
_PHRASE_STARTS = frozenset(
    "about across against at between by during for from in into of on over to under".split()
)
# a headline never ends on one of these: each asks for the words that were cut
_DANGLING = frozenset(
    "a an and are as at be been being but by for from had has have he her his in into is "
    "it its less more most nor not of on or our over she than that the their them they "
    "this those to under up upon was we were what which who whom whose will with would "
    "could should can may might must very so".split()
)
_SPEECH = re.compile(
    r"^(?P<who>(?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’.-]+)\s+"
    r"(?:on\s+[A-Z]\w+\s+)?"  # "on Friday"
    r"(?:said|says|warned|warns|told\s+\w+|announced|announces|claimed|claims|argued|"
    r"argues|insisted|insists|stressed|declared|declares)\s+"
    r"(?:(?:on|in|at)\s+(?:a|an|the)?\s*\w+\s+)?"
    r"(?:that\s+)?(?P<what>.+)$"
)
# ", officials said." / ", according to Reuters." at the end of a sentence
_TRAILING_ATTRIBUTION = re.compile(
    r",?\s+(?:according\s+to\s+.+|(?:\w+\s+){0,4}(?:said|says|reported|reports|added|told\s+\w+)"
    r"(?:\s+on\s+\w+)?)\s*[.!]?$"
)
_TITLE_WORDS = frozenset("mr mrs ms dr president prime minister sen rep gov gen".split())
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("«", "»"))


def headline_from(sentence: str, max_words: int = HEADLINE_MAX_WORDS) -> str:
    """Words of `sentence` that read as a headline: at most about `max_words`, whole words,
    ending where a clause or phrase ends."""
    text = " ".join(sentence.split()).rstrip(" .!;:")
    if not text:
        return ""
    text = _without_framing(text)
    text = _TRAILING_ATTRIBUTION.sub("", text).rstrip(" ,;:") or text
    spoken = _SPEECH.match(text)
    who = _short_name(spoken["who"]) if spoken else ""
    if spoken and who:
        # "Putin: Civilian casualties ... would be unacceptable", as news headlines put it
        said = spoken["what"].split()
        said = said if len(said) <= max_words + 1 else _cut(said, max_words)
        if len(said) >= _MIN_WORDS + 1:
            return _finish(f"{who}: {_capitalized(' '.join(said))}")
    words = text.split()
    if len(words) <= max_words:
        return _finish(text)
    return _finish(" ".join(_cut(words, max_words)))


def _without_framing(text: str) -> str:
    """Drop an opening framing clause ("On the same day that ..., ") when what follows it is
    a clause of its own."""
    first = text.split(" ", 1)[0].lower()
    if first not in _FRAMING_OPENERS:
        return text
    comma = text.find(", ")
    if comma < 0:
        return text
    rest = text[comma + 2 :]
    return _capitalized(rest) if len(rest.split()) >= _MIN_WORDS else text


def _cut(words: list[str], max_words: int) -> list[str]:
    """The longest start of `words` of at most max_words that ends at a clause boundary
    (after a comma or dash, before a word that begins a clause), else at a phrase boundary
    (before a preposition), else the first max_words."""
    clause = phrase = 0
    for end in range(_MIN_WORDS, min(len(words), max_words) + 1):
        following = words[end].lower().strip("“‘\"'(") if end < len(words) else ""
        if not _trimmed(words[:end]):
            continue
        if (
            following in _CLAUSE_STARTS
            or following in ("--", "—", "–")
            or words[end - 1].endswith((",", ";", ":", "—", "–"))
        ):
            clause = end
        elif following in _PHRASE_STARTS:
            phrase = end
    kept = words[: clause or phrase or max_words]
    return _trimmed(kept) or kept


def _trimmed(words: list[str]) -> list[str]:
    """Without the words at the end that ask for more ("... the", "... of")."""
    words = list(words)
    while words and words[-1].lower().strip(",;:—–\"'“”‘’") in _DANGLING:
        words.pop()
    return words if len(words) >= _MIN_WORDS - 1 else []


def _short_name(who: str) -> str:
    """ "President Vladimir Putin" -> "Putin"; a pronoun or a plain noun -> "" (no name)."""
    words = [w.strip(".,") for w in who.split()]
    names = [w for w in words if w[:1].isupper() and w.lower() not in _TITLE_WORDS]
    if not names or words[0].lower() in ("he", "she", "they", "it", "we", "the", "a", "an"):
        return ""
    return names[-1]


def _finish(text: str) -> str:
    text = text.rstrip(" ,;:—–-")
    for opening, closing in _QUOTE_PAIRS:
        # a cut inside a quotation leaves its opening mark alone: close it
        if text.count(opening) > text.count(closing) or (
            opening == closing and text.count(opening) % 2
        ):
            text += closing
    return _capitalized(text)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
