"""Key facts beyond sentences: quotes with speakers, numbers, named entities, keywords.

Heuristics on plain text (no model): patterns and small word lists kept as data.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from digest.models import Quote
from digest.summarizing.scoring import STOPWORDS, tokens

_QUOTE = re.compile(r"[“\"]([^”\"]{25,400}?)[”\"]")
_NAME = r"((?:[A-Z][\w’'-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'-]+|[A-Z]\.|de|van|von|al|bin)){0,3})"
_SPEAKER_PATTERNS = (
    re.compile(
        r"[”\"],?\s+(?:said|says|told|added|continued|wrote|asked|stressed|warned)\s+" + _NAME
    ),
    re.compile(_NAME + r",?\s+(?:said|says|told|added|continued|wrote|warned|stressed)\b"),
    re.compile(r"according to\s+" + _NAME),
)
_NOT_SPEAKERS = frozenset(
    {
        "The",
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "This",
        "That",
        "But",
        "And",
        "In",
        "On",
        "A",
        "An",
        "As",
        "His",
        "Her",
        "Their",
    }
)
QUOTE_LIMIT = 3

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
    "(?=[" + "".join(sorted({w[0] for w in _APPROXIMATELY})) + r"$€£¥\d])"
    r"(?<![\w.])((?:" + "|".join(_APPROXIMATELY) + r")\s+)?"
    r"([$€£¥]\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s?%|\s+(?:per ?cent|percent))?"
    r"(\s+(?:million|billion|trillion|thousand|hundred))?"
    r"((?:\s+[a-z][a-z-]+){1,2})?"
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_HAS_DIGIT = re.compile(r"\d")
NUMBER_LIMIT = 5
# Words that end the noun after a number ("7,000 people were killed" -> "7,000 people").
_NOT_UNITS = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been has have "
    "had that which who whom said says told than this these those it its their his her".split()
)

# A run of capitalized words, "Vladimir Putin", "Bank of England", "U.N.". Each word is
# "Word", "WORD" or "U.S."; the first is written as [A-Z] then a look back at the character
# before it, which lets the regex engine jump to capital letters (twice as fast as a
# pattern that starts with the look-behind).
_CAPITALIZED_WORD = r"(?:[A-Z][a-z’'-]+|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+)"
_CAPITALIZED_RUN = re.compile(
    r"([A-Z](?<![\w’'].)(?:[a-z’'-]+|[A-Z]+|\.(?:[A-Z]\.)+)"
    r"(?:\s+(?:of\s+the\s+|of\s+|for\s+|de\s+)?" + _CAPITALIZED_WORD + r")*)"
)
PERSON_TITLES = frozenset(
    "president prime minister mr mrs ms dr sen gov rep gen king queen pope "
    "chancellor secretary spokesman spokeswoman leader mayor judge".split()
)
ORG_WORDS = frozenset(
    "council court department ministry agency office party union bank university company corp "
    "inc group committee commission parliament congress senate house army military police "
    "nations organization association federation institute service times post news reuters "
    "kremlin pentagon hamas nato cis fbi cia un eu who imf security fund board authority "
    "commonwealth administration government foundation network agency".split()
)
KNOWN_PLACES = frozenset(
    """
    gaza israel russia ukraine moscow washington kyrgyzstan bishkek syria iran iraq china beijing
    japan tokyo india pakistan france paris germany berlin britain london uk england scotland
    america europe asia africa lebanon egypt turkey jordan palestine jerusalem tel aviv kyiv
    kiev brussels canada mexico brazil australia korea taiwan afghanistan yemen saudi arabia
    middle east united states united kingdom
    qatar dubai spain italy rome poland sweden norway finland latvia riga estonia lithuania
    new york california texas florida chicago boston
    """.split()
)
PLACE_WORDS = frozenset(
    "east west north south states kingdom republic island islands strip bank "
    "sea ocean river county province region valley city".split()
)
ENTITY_LIMIT = 6


def find_quotes(sentences: list[str]) -> tuple[Quote, ...]:
    """Direct quotes of some length, with the speaker when the sentence names one."""
    quotes: list[Quote] = []
    seen: set[str] = set()
    for sentence in sentences:
        if '"' not in sentence and "“" not in sentence:
            continue  # (most sentences quote no one: no regex for them)
        for match in _QUOTE.finditer(sentence):
            text = match.group(1).strip(" ,")
            if text.lower() in seen or len(text.split()) < 5:
                continue
            seen.add(text.lower())
            quotes.append(Quote(text, _speaker(sentence)))
    named = [q for q in quotes if q.speaker]
    return tuple((named + [q for q in quotes if not q.speaker])[:QUOTE_LIMIT])


def _speaker(sentence: str) -> str:
    for pattern in _SPEAKER_PATTERNS:
        for match in pattern.finditer(sentence):
            name = match.group(1).strip()
            if name.split()[0] not in _NOT_SPEAKERS:
                return name
    return ""


def find_numbers(sentences: list[str]) -> tuple[str, ...]:
    """Numbers with their unit or noun ("7,000 people", "$5 million", "24 hours")."""
    found: list[str] = []
    for sentence in sentences:
        if not _HAS_DIGIT.search(sentence):
            continue
        for match in _NUMBER.finditer(sentence):
            digits = match.group(3)
            unit = (match.group(4) or "") + (match.group(5) or "")
            noun = _first_content_words(match.group(6) or "")
            if _YEAR.match(digits) and not unit or not (unit or noun):
                continue
            phrase = " ".join(
                x
                for x in (
                    (match.group(1) or "").strip(),
                    (match.group(2) or "") + digits + unit,
                    noun,
                )
                if x
            )
            if phrase not in found:
                found.append(phrase)
                if len(found) == NUMBER_LIMIT:
                    return tuple(found)
    return tuple(found)


def _first_content_words(tail: str) -> str:
    kept: list[str] = []
    for word in tail.split():
        if word in _NOT_UNITS or kept and word.endswith(("ing", "ed")):
            break  # "1 million people living in" -> "1 million people"
        kept.append(word)
    return " ".join(kept)


def find_entities(sentences: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """People, places and organisations named in the text (a heuristic)."""
    # where each (name, at the start of a sentence or not) occurs
    occurrences: dict[tuple[str, bool], list[int]] = {}
    single_words: list[str] = []  # capitalized words on their own, to confirm surnames
    # One pass over all sentences, each after a NUL, which no name pattern crosses (so a
    # name always has a character before it).
    text = "\x00" + "\x00".join(sentences)
    for match in _CAPITALIZED_RUN.finditer(text):
        start, name = match.start(), match.group()
        if " " in name:
            name = _strip_leading_titles(name)
        else:
            single_words.append(name)
        before = text[start - 1]
        at_start = before == "\x00" or (before in '“"' and text[start - 2] == "\x00")
        found = occurrences.get((name, at_start))
        if found is None:
            occurrences[(name, at_start)] = [start]
        else:
            found.append(start)
    alone = Counter(single_words)
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for (name, at_start), starts in occurrences.items():
        kind = _entity_kind(name, at_start, alone)
        if kind == _TITLED_PERSON:  # look at the word before each occurrence
            times = sum(1 for start in starts if _word_before(text, start) in PERSON_TITLES)
            kind = "person" if times else ""
        else:
            times = len(starts)
        if kind:
            counts[name] += times
            kinds[name] = kind
    ranked = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    # "Putin" is dropped when "Vladimir Putin" is there too
    parts_of_longer = {part for name in ranked if " " in name for part in name.split()}
    ranked = [n for n in ranked if " " in n or n not in parts_of_longer]
    pick = lambda kind: tuple(n for n in ranked if kinds[n] == kind)[:ENTITY_LIMIT]  # noqa: E731
    return pick("person"), pick("place"), pick("organization")


def _word_before(text: str, position: int) -> str:
    end = position - 1
    if end <= 0 or text[end] == "\x00":
        return ""
    start = max(text.rfind(" ", 0, end), text.rfind("\x00", 0, end)) + 1
    return text[start:end].lower().strip(".,;:“”\"'(")


def _strip_leading_titles(name: str) -> str:
    parts = name.split()
    while len(parts) > 1 and (
        parts[0] in _NOT_SPEAKERS
        or parts[0].lower() in PERSON_TITLES
        or parts[0].endswith(("ian", "ese", "ish"))
    ):
        parts = parts[1:]
    return " ".join(parts)


_TITLED_PERSON = "person where a title comes before"


def _entity_kind(name: str, at_start: bool, alone: Counter[str]) -> str:
    """'organization', 'place', 'person', '' (none), or _TITLED_PERSON: a person only
    where a title ("President", "Mr") comes before the name."""
    parts = name.split()
    lower = [p.lower().strip(".") for p in parts]
    if any(p in ORG_WORDS for p in lower) or (
        len(parts) == 1 and parts[0].isupper() and len(parts[0]) > 1
    ):
        return "organization"
    if " ".join(lower) in KNOWN_PLACES or lower[-1] in KNOWN_PLACES or lower[-1] in PLACE_WORDS:
        return "place"
    if at_start and len(parts) == 1 or parts[0] in _NOT_SPEAKERS:
        return ""
    # "Vladimir Putin" is a person when "Putin" also appears on its own
    if 2 <= len(parts) <= 4 and alone[parts[-1]] > 0 and all(p[:1].isupper() for p in parts):
        return "person"
    return _TITLED_PERSON


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
