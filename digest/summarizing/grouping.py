"""Story grouping: which articles report the same event. Pure functions, no I/O.

Each article is compared by its StoryProfile, made from its text when it was summarized
(never from its brief, which changes with the key_facts setting): the content words of its
title and opening, crudely stemmed, and the names it states, weighted by TF-IDF over all the
articles grouped together. Two articles whose openings state different years are most
likely two events of one kind (two earthquakes), so their similarity is cut.

Pairs are found through an inverted index of the terms few articles hold (the dot products
are summed term by term from it), never by comparing all pairs. Stories are then made by average link (UPGMA) over that sparse graph: two groups
merge while the mean similarity of all their cross pairs (a missing pair counts 0) is at
least SAME_STORY. Unlike single link, one article that resembles two events cannot chain
them together. The result depends only on the set of articles, never on the order they
came in: a folder built at once and built day by day gives the same stories.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from digest.models import Brief, StoryProfile
from digest.summarizing.scoring import content_words

OPENING_WORDS = 100  # content words of the opening compared (the rest drifts to background)
PROFILE_SENTENCES = 12  # opening sentences kept as candidates for story facts
SENTENCE_MAX_CHARS = 600  # a giant "sentence" (a paragraph without stops) is not kept whole
MAX_POSTING = 40  # a term more articles hold than this is too common to tell events apart
PSEUDO_DOCUMENTS = 20  # unrelated articles assumed, so a few articles still get sane IDF
STEM_CHARS = 6  # (the scorer's stems are 6 characters too)
SAME_STORY = 0.08  # mean cross-pair cosine for two groups to be one story (see README)
OTHER_YEAR = 0.3  # similarity kept when two openings state only different years
MIN_SHARED = 4  # terms in common (of those few hold): two reports sharing a word or two
# ("storm") are not one event
LINK_FLOOR = 0.05  # weaker pairs are not links: many of them would chain two events
STORY_WINDOW = timedelta(days=92)  # coverage of one event spans weeks, not seasons
_YEAR = re.compile(r"(?:19|20)\d\d")
_TF = [0.0] + [1 + math.log(n) for n in range(1, OPENING_WORDS + 50)]  # sublinear counts
# Each shared term adds this to a pair's sum besides its product, so one sum carries both
# the cosine (below 1) and the number of terms in common (a second dict would cost as much
# again in the loop that takes most of the time).
_ONE_TERM = 1024.0


# The commonest function words of the languages besides English that news in this folder
# is most often in: the scorer's stopwords are English ones, and "und", "der", "ist" shared
# by two German articles say nothing of their events.
FUNCTION_WORDS = {
    "de": "aber als am an auch auf aus bei bis das dass dem den der des die doch durch ein "
    "eine einem einen einer eines er es für hat haben ich im in ist kann man mit nach nicht "
    "noch nur oder sein sich sie sind so um und uns von vor war wie wir wird wurde zu zum zur "
    "über",
    "fr": "au aux avec ce ces cette dans de des du elle en est et il ils la le les leur mais "
    "ne nous on ont ou par pas pour qu que qui sa se ses son sont sur un une été être",
    "es": "al como con de del el en es esta este han la las lo los más no para pero por que "
    "se su sus un una y ya fue ha",
    "it": "al alla che con da del della di e gli ha il in la le lo nel non per più si sono su "
    "un una è",
    "nl": "aan als bij dat de den der die een en er het in is met na niet om ook op te van "
    "voor was wordt zijn",
    "pt": "ao as com como da das de do dos e em foi mais na nas no nos o os para por que se "
    "sua seu um uma é",
    "pl": "do i jak jest na nie o od po się to w z za że",
    "sv": "att av de den det en ett för har i med och om på som till var är",
    "no": "av de den det en er et for har i med og om på som til var",
    "da": "af at de den det en er et for har i med og om på som til var",
}
_FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in FUNCTION_WORDS.items()}


def story_profile(
    title: str, sentences: Sequence[str], names: Sequence[str], language: str = ""
) -> StoryProfile:
    """The profile of an article from its title, its sentences and the names it states."""
    function_words = _FUNCTION_WORDS.get(language, frozenset())
    words: list[str] = []
    for sentence in sentences:
        words += [w for w in content_words(sentence) if w not in function_words]
        if len(words) >= OPENING_WORDS:
            break
    opening = words[:OPENING_WORDS]
    title_words = [w for w in content_words(title) if w not in function_words]
    terms = Counter(map(stem, opening + title_words))
    years = sorted({w for w in opening if _YEAR.fullmatch(w)})
    return StoryProfile(
        terms=tuple(sorted(terms.items())),
        names=tuple(dict.fromkeys(n.lower() for n in names)),
        years=tuple(years),
        sentences=tuple(s[:SENTENCE_MAX_CHARS] for s in sentences[:PROFILE_SENTENCES]),
    )


def profile_of(brief: Brief) -> StoryProfile:
    """The brief's profile; a brief made outside a build is profiled from its own text."""
    if brief.profile is not None:
        return brief.profile
    sentences = [s for s in (brief.topline, *brief.key_facts) if s]
    return story_profile(
        brief.title, sentences, (*brief.people, *brief.places, *brief.organizations)
    )


@dataclass(frozen=True)
class Grouping:
    """Groups of article indices (each sorted), and the similarity of every linked pair."""

    groups: list[list[int]]
    links: dict[tuple[int, int], float]  # (i, j) with i < j
    vectors: list[dict[str, float]]


def group_profiles(
    profiles: Sequence[StoryProfile], dates: Sequence[datetime], threshold: float = SAME_STORY
) -> Grouping:
    """Stories over articles given in (date, id) order: the indices of each group."""
    collecting = gc.isenabled()
    gc.disable()  # it makes no reference cycles, and a collection per million new floats costs
    try:
        return _group(profiles, dates, threshold)
    finally:
        if collecting:
            gc.enable()


def _group(
    profiles: Sequence[StoryProfile], dates: Sequence[datetime], threshold: float
) -> Grouping:
    vectors, frequency = weighted_vectors(profiles)
    links = similarities(vectors, frequency, [set(p.years) for p in profiles], dates)
    return Grouping(average_link(len(profiles), links, threshold), links, vectors)


def stem(word: str) -> str:
    """A crude stem, so "killed" meets "killing" and "Iran's" meets "Iran"."""
    return word.removesuffix("'s").removesuffix("’s")[:STEM_CHARS]


def _terms(profile: StoryProfile) -> dict[str, int]:
    counts = dict(profile.terms)
    for name in profile.names:
        counts["=" + name] = 1  # a name is a term of its own, rarer than its words
    return counts


def weighted_vectors(
    profiles: Sequence[StoryProfile],
) -> tuple[list[dict[str, float]], Counter[str]]:
    """Unit TF-IDF vectors of the profiles (IDF over these profiles), and how many
    profiles hold each term."""
    counts = [_terms(p) for p in profiles]
    frequency = Counter(t for c in counts for t in c)
    total = len(profiles) + PSEUDO_DOCUMENTS
    idf = {t: math.log(total / n) for t, n in frequency.items()}
    vectors = []
    for c in counts:
        weights = {t: (_TF[n] if n < len(_TF) else 1 + math.log(n)) * idf[t] for t, n in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors, frequency


def similarities(
    vectors: list[dict[str, float]],
    frequency: Counter[str],
    years: list[set[str]],
    dates: Sequence[datetime],
) -> dict[tuple[int, int], float]:
    """Cosine of the pairs that reach LINK_FLOOR, cut for different years.

    The dot products are summed from an inverted index, term by term, so only pairs that
    share a term are ever looked at; a term held by more than MAX_POSTING articles names
    no one event and is left out (its IDF is low anyway), which bounds the work."""
    useful = {t for t, n in frequency.items() if 1 < n <= MAX_POSTING}
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term in vector.keys() & useful:
            postings[term].append((i, vector[term]))
    count = len(vectors)
    seconds = [d.timestamp() for d in dates]  # (compared far faster than datetimes)
    window = STORY_WINDOW.total_seconds()
    dots: dict[int, float] = {}  # i * count + j, for i < j
    get = dots.get
    for term in sorted(postings):  # (a set's order varies with PYTHONHASHSEED; the sums must not)
        posting = postings[term]
        for n, (i, a) in enumerate(posting):  # in date order: stop at the window
            row, last = i * count, seconds[i] + window
            for j, b in posting[n + 1 :]:
                if seconds[j] > last:
                    break
                key = row + j
                dots[key] = get(key, 0.0) + a * b + _ONE_TERM
    links: dict[tuple[int, int], float] = {}
    for key, total in dots.items():
        shared = total // _ONE_TERM
        cosine = total - shared * _ONE_TERM
        i, j = divmod(key, count)
        if years[i] and years[j] and not years[i] & years[j]:
            cosine *= OTHER_YEAR
        if cosine >= LINK_FLOOR and shared >= MIN_SHARED:
            links[(i, j)] = cosine
    return links


def average_link(
    count: int, links: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """UPGMA over a sparse graph: merge the two groups of highest mean cross-pair
    similarity while it is at least `threshold`; ties go to the lower indices."""
    sums: list[dict[int, float]] = [{} for _ in range(count)]
    for (i, j), s in links.items():
        sums[i][j] = sums[j][i] = s
    members = [[i] for i in range(count)]
    alive = [True] * count
    heap = [(-s, i, j) for (i, j), s in links.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]):
            continue
        mean = sums[i].get(j, 0.0) / (len(members[i]) * len(members[j]))
        if mean != -negative:
            continue  # a stale entry: one of the groups has grown since
        alive[j] = False
        for other, s in sums[j].items():
            if other != i:
                sums[i][other] = sums[other][i] = sums[i].get(other, 0.0) + s
                del sums[other][j]
        sums[i].pop(j, None)
        members[i] += members[j]
        for other, s in sums[i].items():
            mean = s / (len(members[i]) * len(members[other]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(i, other), max(i, other)))
    return [sorted(members[i]) for i in range(count) if alive[i]]


def shared_terms(a: dict[str, float], b: dict[str, float], limit: int = 5) -> list[str]:
    """The terms that weigh most in the similarity of a and b (names first)."""
    both = sorted(a.keys() & b.keys(), key=lambda t: (not t.startswith("="), -a[t] * b[t], t))
    return [t.removeprefix("=") for t in both[:limit]]
