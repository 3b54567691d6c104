"""The people, places and organisations an article names: a small learned classifier over
runs of capitalised words, fast enough to run on every article.

How it works, in three steps that are all pure functions:
1. `paragraph_spans`: runs of capitalised tokens in each paragraph (joined by "of", "de",
   "van"... inside a name), split where a capitalised word is almost never part of a name
   ("The" at a sentence's start, "Monday", "President"); in a line written in capitals (a
   headline, a dateline) a word is a candidate only when it is not a common lowercase word.
2. `_features` and the weights in `names_weights.json` (learned from the CoNLL-2003
   training set by `bench/train_names.py`, with a gazetteer of places from GeoNames): the
   words of the span, its shape, the words around it ("said", "Mr.", "in", "Inc."), its
   place in the sentence, the gazetteer.
3. `find_names`: the whole article decides what a short form is: "Obama" after "Barack
   Obama" is that person, and a name the article spells the same way gets one type.

English is what it was trained on; `find_names` returns nothing for an article in another
language, rather than junk.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from digest.text.noise import KNOWN_HEADINGS

CLASSES = ("PER", "LOC", "ORG", "MISC", "O")
KEPT = {"PER": "people", "LOC": "places", "ORG": "organizations"}

# A token: an acronym with periods ("U.S."), a word with inner apostrophes, hyphens or
# ampersands ("O'Neill", "al-Assad", "AT&T"), a number, or one other character.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_](?:[\w'’&-]*\w)?|\d[\d.,:/-]*|\S")
# Lowercase words that join the parts of one name.
CONNECTORS = frozenset("of de du da van von der den la le al bin el y".split())
SENTENCE_ENDS = frozenset(".!?:;\"“”‘’'()[]-–—|")
MAX_SPAN_TOKENS = 6
REPEATS_CLASSIFIED = 2  # an article's third "Putin" is what its first two were
# Capital letters of the Latin, Greek and Cyrillic scripts, for a regex class (Python's
# re has no \p{Lu}).
_UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper())
# A run of capitalised words, each an acronym with periods ("U.S."), an initial ("W."),
# or a word (apostrophes, hyphens and ampersands inside: "O'Neill", "al-Assad", "AT&T"),
# joined by spaces or a connector. The first capital is matched before the look back at
# the character before it, which lets the regex engine jump from capital to capital
# (three times as fast as a pattern that opens with the look-behind).
_CAP_WORD = rf"[{_UPPER}](?:(?:\.[{_UPPER}])+\.?|\.(?=\s)|[\w'’&-]*\w|)"
_RUN = re.compile(
    rf"[{_UPPER}](?<![\w'’&.-][{_UPPER}])(?:(?:\.[{_UPPER}])+\.?|\.(?=\s)|[\w'’&-]*\w|)"
    rf"(?:(?:\s+(?:{'|'.join(sorted(CONNECTORS))}))?[ \t]+{_CAP_WORD})*"
)
_POSSESSIVE = re.compile(r"['’]s$")
# (lower() never shortens a text, so a longer paragraph is no heading and is not lowered)
_HEADING_MAX_CHARS = max(map(len, KNOWN_HEADINGS))


@dataclass(frozen=True)
class Names:
    people: tuple[tuple[str, int], ...] = ()  # (name, mentions), most mentioned first
    places: tuple[tuple[str, int], ...] = ()
    organizations: tuple[tuple[str, int], ...] = ()


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _join(tokens: Sequence[str]) -> str:
    out = ""
    for token in tokens:
        out += token if not out or token in ".,&'’-" or out[-1] in "&-'’" else " " + token
    return out


@dataclass(frozen=True, eq=False)
class Model:
    weights: dict[str, list[float]]  # feature -> its weight for each class
    stop_capitals: frozenset[str]  # capitalised, these are almost never part of a name
    common_lower: frozenset[str]  # in a line of capitals, these are ordinary words
    places: frozenset[str]  # the gazetteer (lowercase)


# (a path, as scoring's weights: importlib.resources alone costs 3 ms of every start-up)
WEIGHTS_FILE = Path(__file__).with_name("names_weights.json")


@cache
def load_model() -> Model:
    return model_from(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))


def model_from(data: dict[str, Any]) -> Model:
    if data.get("classes", list(CLASSES)) != list(CLASSES):  # classify_all sums these five
        raise ValueError(f"the weights are for the classes {data['classes']}, not {CLASSES}")
    # The weights as JSON gave them: no numpy array to build (importing numpy alone took
    # longer than loading the file, in every `digest brief`).
    return Model(
        weights=data["weights"],
        stop_capitals=frozenset(data["stop_capitals"]),
        common_lower=frozenset(data["common_lower"]),
        places=frozenset(data["places"]),
    )


TITLE_CASE_MAX_WORDS = 25


TITLE_CASE_MAX_CHARS = 250


def is_caps_line(paragraph: str) -> bool:
    """A headline or a dateline written in capitals ("JAPAN GET LUCKY WIN"), or a short
    line in title case ("Bridge Opens In Paris"): case says nothing there."""
    if paragraph.isupper():
        return True
    if len(paragraph) > TITLE_CASE_MAX_CHARS:
        return False
    words = paragraph.split()
    if not 3 <= len(words) <= TITLE_CASE_MAX_WORDS:
        return False
    capitalised = sum(map(str.isupper, map(itemgetter(0), words)))
    return capitalised >= 0.8 * len(words)


def paragraph_spans(
    text: str,
    caps_line: bool,
    model: Model,
    with_offsets: bool = False,
    seen: Counter[str] | None = None,
) -> list[tuple[int, int, str, list[str] | None]]:
    """(start, end, name, features) of each candidate name in one paragraph; the name's
    character offsets in `text` only `with_offsets` (training needs them), else 0, 0.

    Candidates are runs of capitalised words, joined by a connector ("of", "de"), split
    where a capitalised word is almost never part of a name ("The" opening a sentence,
    "Monday", "President"). One regular expression finds the runs, so the rest of the
    paragraph costs nothing in Python: that is what keeps this cheap enough for every
    article. A line in capitals goes token by token instead."""
    if caps_line:
        return _caps_line_spans(text, model)
    stop, places, common = model.stop_capitals, model.places, model.common_lower
    found: list[tuple[int, int, str, list[str] | None]] = []
    seen = Counter() if seen is None else seen  # names met so far in the article
    # (seen.get, not seen[...]: a Counter's missing key costs a call in Python)
    for run in _RUN.finditer(text):
        run_text = run.group()
        lower = run_text.lower().split()
        if len(lower) == 1:  # most runs: one word, the whole name (no split, no join)
            low = lower[0]
            if low in stop:
                continue  # "He", "The", "Monday": many one-word runs are these
            if not with_offsets and seen.get(run_text, 0) >= REPEATS_CLASSIFIED:
                found.append((0, 0, run_text, None))  # "Putin" again: what it was before
                continue
            start_at = run.start()
            before2, before = _before(text, start_at)
            opener = before in _OPENERS
            if opener and low in common:
                continue  # "Critics said": a sentence's first word, an ordinary one
            after = _after(text, run.end())
            b1 = before.lower()
            features = [
                "w=" + low,
                "shape=" + _shape(run_text),
                "before=" + b1,
                "before2=" + before2.lower() + " " + b1,
                "after=" + after.lower(),
                "bias",
            ]
            if opener:
                features.append("start,len=1")
            if low in places:
                features.append("gazetteer:place")
            if with_offsets:
                found.append((start_at, run.end(), "", features))
            else:
                seen[run_text] = seen.get(run_text, 0) + 1
                found.append((0, 0, run_text, features))
            continue
        start_at = run.start()
        before2, before = _before(text, start_at)
        opener = before in _OPENERS
        words = run_text.split()
        after = _after(text, run.end())
        count = len(words)
        i = 1 if opener and lower[0] in common else 0
        if i == 0 and stop.isdisjoint(lower) and CONNECTORS.isdisjoint(lower):
            spans: list[tuple[int, int]] = [(0, count)]  # the usual case: the run is the name
        else:
            spans = _split_run(lower, i, stop)
        offsets = _offsets(run_text, words, start_at) if with_offsets else None
        for first, end in spans:
            if offsets is None:
                name = " ".join(words[first:end])
                seen[name] = times = seen.get(name, 0) + 1
                if times > REPEATS_CLASSIFIED:
                    found.append((0, 0, name, None))
                    continue
            inner = lower[first:end]
            whole = " ".join(inner)
            b1 = lower[first - 1] if first > 0 else before.lower()
            b2 = (
                lower[first - 2] if first > 1 else before.lower() if first == 1 else before2.lower()
            )
            a1 = lower[end] if end < count else after.lower()
            features = [
                "w=" + whole,
                "shape=" + " ".join(map(_shape, words[first : min(end, first + 3)])),
                "before=" + b1,
                "before2=" + b2 + " " + b1,
                "after=" + a1,
                "bias",
            ]
            if end - first > 1:
                features.append("first=" + inner[0])
                features.append("last=" + inner[-1])
            if first == 0 and opener:
                features.append("start,len=" + str(min(end - first, 4)))
            if whole in places:
                features.append("gazetteer:place")
            elif end - first > 1 and inner[-1] in places:
                features.append("gazetteer:place_last")
            if offsets is not None:
                found.append((offsets[first][0], offsets[end - 1][1], "", features))
            else:
                found.append((0, 0, name, features))
    return found


def _split_run(lower: Sequence[str], i: int, stop: frozenset[str]) -> list[tuple[int, int]]:
    """The names in a run that holds stop capitals or connectors, as (first, end)."""
    spans, count = [], len(lower)
    while i < count:
        if lower[i] in stop or lower[i] in CONNECTORS:
            i += 1
            continue
        end = i + 1
        while end < count and end - i < MAX_SPAN_TOKENS:
            if lower[end] not in stop and lower[end] not in CONNECTORS:
                end += 1
            elif (
                lower[end] in CONNECTORS
                and end + 1 < count
                and lower[end + 1] not in stop
                and lower[end + 1] not in CONNECTORS
            ):
                end += 2
            else:
                break
        spans.append((i, end))
        i = end
    return spans


_OPENERS = frozenset(["<s>", ".", "!", "?", '"', "“", ":", ";", "(", "-", "–", "—"])
_PUNCTUATION = frozenset(",.;:!?\"“”‘’'()[]-–—|")


def _before(text: str, at: int) -> tuple[str, str]:
    """The two tokens before `at`, as the tokenizer would split them ("said, " -> said ,)."""
    chunks = text[max(0, at - 40) : at].rsplit(None, 2)  # (from the right: only two needed)
    if not chunks:
        return "<s>", "<s>"
    last = chunks[-1]
    if len(last) > 1 and last[-1] in _PUNCTUATION:
        return last[:-1], last[-1]
    return (chunks[-2] if len(chunks) > 1 else "<s>"), last


def _after(text: str, at: int) -> str:
    """The token after `at`, as the tokenizer would split it ("Obama, who" -> ,)."""
    rest = text[at : at + 40]
    if not rest:
        return "</s>"
    if rest[0] in _PUNCTUATION:
        return rest[0]
    chunks = rest.split(None, 1)
    if not chunks:
        return "</s>"
    first = chunks[0]
    return first[:-1] if len(first) > 1 and first[-1] in _PUNCTUATION else first


def _offsets(run: str, words: Sequence[str], base: int) -> list[tuple[int, int]]:
    offsets, at = [], 0
    for word in words:
        at = run.index(word, at)
        offsets.append((base + at, base + at + len(word)))
        at += len(word)
    return offsets


def _caps_line_spans(text: str, model: Model) -> list[tuple[int, int, str, list[str] | None]]:
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    lower = [t.lower() for t in tokens]
    common, stop = model.common_lower, model.stop_capitals
    found: list[tuple[int, int, str, list[str] | None]] = []
    i = 0
    while i < len(tokens):
        if not (
            tokens[i][:1].isupper()
            and len(tokens[i]) > 1
            and lower[i] not in common
            and lower[i] not in stop
        ):
            i += 1
            continue
        end = i + 1
        while (
            end < len(tokens)
            and end - i < MAX_SPAN_TOKENS
            and tokens[end][:1].isupper()
            and len(tokens[end]) > 1
            and lower[end] not in common
            and lower[end] not in stop
        ):
            end += 1
        features = _features(tokens, lower, i, end, True, model.places)
        start_char, end_char = matches[i].start(), matches[end - 1].end()
        found.append((start_char, end_char, text[start_char:end_char], features))
        i = end
    return found


def _features(
    tokens: Sequence[str],
    lower: Sequence[str],
    first: int,
    end: int,
    caps_line: bool,
    places: frozenset[str],
) -> list[str]:
    """What the classifier looks at: the span's words and shape, the words around it, its
    place in the sentence, the gazetteer."""
    n = len(tokens)
    inner = lower[first:end]
    whole = " ".join(inner)
    last = inner[-1]
    before = lower[first - 1] if first > 0 else "<s>"
    before2 = lower[first - 2] if first > 1 else "<s>"
    after = lower[end] if end < n else "</s>"
    size = str(min(end - first, 4))
    features = [
        "w=" + whole,
        "shape=" + " ".join(map(_shape, tokens[first : min(end, first + 3)])),
        "before=" + before,
        "before2=" + before2 + " " + before,
        "after=" + after,
        "bias",
    ]
    if end - first > 1:
        features.append("first=" + inner[0])
        features.append("last=" + last)
    if first == 0 or tokens[first - 1] in SENTENCE_ENDS:
        features.append("start,len=" + size)
    if caps_line:
        features.append("caps_line,after=" + after)
    if whole in places:
        features.append("gazetteer:place")
    elif end - first > 1 and last in places:
        features.append("gazetteer:place_last")
    return features


@lru_cache(maxsize=1 << 14)  # a few thousand words make most of an article's names
def _shape(token: str) -> str:
    if token.isupper():
        return "X." if "." in token else ("A" if len(token) > 1 else "I")
    if token[:1].isupper():
        return "Xx" if token[1:].islower() or len(token) == 1 else "XxX"
    return "x"


def classify_all(spans_features: Sequence[Sequence[str]], model: Model) -> list[int]:
    """The best class of each span: the sum of its features' weights, class by class (a
    feature the training never saw weighs nothing)."""
    weight = model.weights.get
    best: list[int] = []
    for features in spans_features:
        # the five classes' sums spelled out: twice as fast as summing zip(*rows)
        per, loc, org, misc, other = 0.0, 0.0, 0.0, 0.0, 0.0
        for row in map(weight, features):
            if row is not None:
                per += row[0]
                loc += row[1]
                org += row[2]
                misc += row[3]
                other += row[4]
        scores = [per, loc, org, misc, other]
        best.append(scores.index(max(scores)))
    return best


def label_spans(paragraphs: Sequence[str], model: Model) -> list[tuple[str, str]]:
    """(name, class) for every candidate in the paragraphs, in text order."""
    names, features = [], []
    repeated: list[str] = []  # mentions past the second: their name's class will do
    seen: Counter[str] = Counter()
    raw: Counter[str] = Counter()  # the same, as the runs spell them (paragraph_spans')
    headline_only: set[str] = set()  # names read in lines of capitals, not yet in the text
    in_text: set[str] = set()
    for number, paragraph in enumerate(paragraphs):
        heading = paragraph.rstrip(":")
        if len(heading) <= _HEADING_MAX_CHARS and heading.lower() in KNOWN_HEADINGS:
            continue  # "Topline", "Key Facts": a section's heading names no one
        caps_line = is_caps_line(paragraph)
        # a headline in title case is not what the training read (its were in capitals)
        title_case = number == 0 and caps_line and not paragraph.isupper()
        for _, _, name, span_features in paragraph_spans(paragraph, caps_line, model, seen=raw):
            if "'" in name or "’" in name:
                name = _POSSESSIVE.sub("", name)
            if name.startswith("The ") and " " in name[4:]:
                name = name[4:]  # "The U.N. Security Council" is listed as its name
            if caps_line and name.isupper() and len(name) > 4:
                name = name.title()  # "JAPAN" in a headline is "Japan"
            (headline_only if title_case else in_text).add(name.casefold())
            seen[name] = times = seen.get(name, 0) + 1
            if span_features is None or times > REPEATS_CLASSIFIED:
                repeated.append(name)
            else:
                names.append(name)
                features.append(span_features)
    labels = [CLASSES[k] for k in classify_all(features, model)]
    labelled = list(zip(names, labels, strict=True))
    if repeated:
        first_label = dict(reversed(labelled))
        labelled += [(name, first_label.get(name, "O")) for name in repeated]
    # In a headline in title case every word looks like a name ("Would Be 'Unacceptable'"):
    # such a word counts when the article's text names it too, or it is a known place.
    doubtful = headline_only - in_text - model.places
    if doubtful:
        labelled = [(n, label) for n, label in labelled if n.casefold() not in doubtful]
    return labelled


def find_names(paragraphs: Sequence[str], language: str = "", model: Model | None = None) -> Names:
    """Every person, place and organisation the article names, with its mentions."""
    if language and language != "en":
        return Names()
    model = model or load_model()
    return Names(**_merged(label_spans(paragraphs, model)))


def _merged(labelled: list[tuple[str, str]]) -> dict[str, tuple[tuple[str, int], ...]]:
    """One type per name (its most frequent), and a short form counted with its full name:
    "Obama" with "Barack Obama", "Clinton" with "Hillary Clinton" when one full name ends so."""
    votes: dict[str, dict[str, int]] = {}  # (plain dicts: Counters cost twice as much)
    spelled: dict[str, str] = {}
    for name, label in labelled:
        if label not in KEPT:
            continue
        key = name.casefold()
        counts = votes.get(key)
        if counts is None:
            counts = votes[key] = {}
            spelled[key] = name
        elif spelled[key].isupper() and not name.isupper():
            spelled[key] = name  # a mixed-case spelling beats a headline's capitals
        counts[label] = counts.get(label, 0) + 1
    # the most frequent label, the first one met of those tied (as Counter.most_common)
    kind = {key: max(counts, key=counts.__getitem__) for key, counts in votes.items()}
    mentions = {key: sum(counts.values()) for key, counts in votes.items()}
    last_words: dict[str, list[str]] = {}
    for key, label in kind.items():
        if label == "PER" and " " in key:
            last_words.setdefault(key.rsplit(" ", 1)[1], []).append(key)
    for key in [k for k, label in kind.items() if label == "PER" and " " not in k]:
        longer = last_words.get(key, [])
        if len(longer) == 1:  # only when one full name ends so: two Clintons stay apart
            mentions[longer[0]] += mentions.pop(key)
            del kind[key]
    order = {key: i for i, key in enumerate(kind)}
    grouped: dict[str, list[tuple[str, int]]] = {field: [] for field in KEPT.values()}
    for key in sorted(kind, key=lambda k: (-mentions[k], order[k])):
        grouped[KEPT[kind[key]]].append((spelled[key], mentions[key]))
    return {field: tuple(names) for field, names in grouped.items()}
