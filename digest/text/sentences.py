"""Sentence splitting that survives abbreviations, initials, decimals and quotes.

A single regular expression finds candidate boundaries (terminal punctuation,
optional closing quotes or brackets, whitespace, then something that can start
a sentence); the word before the punctuation decides whether the candidate is a
real boundary. Knowledge about abbreviations is data, kept in the constants
below. Pure and fast: no model, no download.
"""

from __future__ import annotations

import re

# Titles and other abbreviations that are (almost) never the end of a sentence.
ABBREVIATIONS_NEVER_FINAL = frozenset(
    """
    mr mrs ms dr drs prof sr jr st mt ft rev gen gens lt lts col cols maj capt cpt sgt sgts cmdr
    adm brig pfc spc cpl cpls pvt gov govs sen sens rep reps pres supt insp det hon messrs mme
    mlle jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf vs dept univ assn
    """.split()
)

# Abbreviations only when a number follows ("No. 1", "Vol. 3", "p. 12"); else ordinary words.
ABBREVIATIONS_BEFORE_NUMBER = frozenset("no nos vol vols fig figs p pp ch sec para art".split())

# Abbreviations that often end a sentence too ("...in the U.S. The next day...").
# They end one only when the next word is a common sentence opener.
ABBREVIATIONS_MAYBE_FINAL = frozenset(
    """
    u.s u.k u.n e.u u.s.a d.c a.m p.m etc inc corp co ltd llc plc jr sr bros
    """.split()
)

# Other languages' abbreviations, for an article in that language (its Brief.language).
ABBREVIATIONS_BY_LANGUAGE = {
    "de": frozenset(
        "z.b bzw ca nr vgl usw evtl inkl str dr prof hr fr mio mrd sog u.a d.h o.ä bspw "
        "jh abs".split()
    ),
    "fr": frozenset("mme mlle mm dr st ste av bd env cf p.ex".split()),
    "es": frozenset("sr sra srta dr dra ud uds av avda núm pág".split()),
    "it": frozenset("sig sigg dott ing avv prof pag".split()),
    "pt": frozenset("sr sra dr dra av pág".split()),
    "nl": frozenset("dhr mevr mw drs ir ing nr blz".split()),
}
# Languages that write ordinal numbers with a period ("am 3. Oktober", "den 5. maj"): a
# small number then a period is not a sentence's end when a month name follows.
MONTHS_AFTER_ORDINAL = {
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "no": "januar februar mars april mai juni juli august september oktober november desember",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "fi": "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października",
}
_MONTHS_AFTER_ORDINAL = {k: frozenset(v.split()) for k, v in MONTHS_AFTER_ORDINAL.items()}

SENTENCE_OPENERS = frozenset(
    """
    the a an he she it they we i you his her its their our this that these those there
    but and so yet or nor in on at as after before when while if since though although
    some many most more few all both each one two three it's that's there's
    meanwhile however still also then now later earlier according officials police
    """.split()
)

_CANDIDATE = re.compile(
    r"""
    (?=[.!?…。！？])                     # lets the regex engine skip to punctuation (2x faster)
    (?P<end>[.!?…]+|[。！？]+)           # terminal punctuation
    (?P<close>["'”’»)\]]*)               # closing quotes or brackets stay with the sentence
    (?P<space>\s+|(?<=[。！？])(?=\S))    # whitespace (CJK needs none)
    (?=["'“‘«(\[]?[^\s])                 # something follows
    """,
    re.VERBOSE,
)

_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]?(\S+)")
_INITIAL = re.compile(r"^(?:[A-Z]\.)*[A-Z]$")
_HAS_WORD = re.compile(r"\w")
_LOWER_START = re.compile(r"[\"'“‘«(\[]?[a-z]")


def split_sentences(text: str, language: str = "") -> list[str]:
    """Split one paragraph of text into sentences, keeping every character but outer spaces
    (`language`: the text's ISO 639-1 code, when known, for its abbreviations)."""
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, start, match, language):
            piece = text[start : match.end("close")].strip()
            if piece and sentences and not _HAS_WORD.search(piece):
                sentences[-1] = f"{sentences[-1]} {piece}"  # a stray '".' joins its sentence
            elif piece:
                sentences.append(piece)
            start = match.end("space")
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_boundary(text: str, start: int, match: re.Match[str], language: str = "") -> bool:
    punct = match.group("end")
    after = match.end("space")  # where the next sentence would start
    if _inside_quote(text[start : match.end("close")], text[after : after + QUOTE_SPAN_MAX]):
        return False
    if punct in "。！？" or punct[0] in "。！？":
        return True
    if _LOWER_START.match(text, after):
        return False  # "he said." followed by lowercase is a quote or an abbreviation
    if punct != ".":
        return True
    before = _WORD_BEFORE.search(text, start, match.start("end"))
    if not before:
        return True
    word = before.group(1).lstrip("\"'“‘«([").rstrip(".")
    key = word.lower().rsplit("-", 1)[-1]  # "Then-U.S." is "U.S."
    if key in ABBREVIATIONS_MAYBE_FINAL:
        nxt = _NEXT_WORD.match(text, after)
        return nxt is not None and nxt.group(1).lower().strip(",;:") in SENTENCE_OPENERS
    if key in ABBREVIATIONS_BEFORE_NUMBER:
        return not text[after : after + 1].isdigit()
    if _INITIAL.match(word) and word != "I":
        return False  # "George W. Bush", "J.K. Rowling" (but "World War I." ends one)
    if language and key in ABBREVIATIONS_BY_LANGUAGE.get(language, ()):
        return False
    if language in _MONTHS_AFTER_ORDINAL and word.isdigit() and len(word) <= 2:
        nxt = _NEXT_WORD.match(text, after)
        if nxt is not None and nxt.group(1).lower().strip(",;:") in _MONTHS_AFTER_ORDINAL[language]:
            return False
    return key not in ABBREVIATIONS_NEVER_FINAL


QUOTE_SPAN_MAX = 300


def _inside_quote(sentence_so_far: str, following: str) -> bool:
    """A quotation of several sentences stays one sentence, if it closes soon
    (`following`: the next QUOTE_SPAN_MAX characters)."""
    curly_open = sentence_so_far.count("“") > sentence_so_far.count("”")
    straight_open = sentence_so_far.count('"') % 2 == 1
    if curly_open:
        return "”" in following
    if straight_open:
        return '"' in following
    return False
