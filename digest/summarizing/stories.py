"""Stories: reports of the same event grouped, with one brief written across them.

Pure functions over briefs (no I/O). Two briefs belong to one story when their text is
nearly the same (the same wire copy: shingle Jaccard), or when they say much the same
thing about the same named people, places and organisations within a few days (cosine of
their words plus named entities in common). Groups are the connected components. A
story's brief takes its topline from the lead article (the earliest; the longest on a
tie) and chooses its facts across all articles with maximal marginal relevance: a fact
that another source also states is kept once and credited to both.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from digest.models import Brief, Story, StoryFact
from digest.summarizing.scoring import content_words

NEAR_DUPLICATE_JACCARD = 0.6
SAME_EVENT_COSINE = 0.45
RELATED_COSINE = 0.2  # enough when the reports also name the same person and places
SHARED_ENTITIES = 4
STORY_WINDOW = timedelta(days=14)
MAX_FACTS, MIN_FACTS = 6, 3
SAME_FACT_OVERLAP = 0.6  # a candidate this close to a chosen fact is the same fact
MMR_LAMBDA = 0.7
_SHINGLE = 3


def story_id(lead: Brief) -> str:
    digest = hashlib.sha1(b"digest-story:" + lead.id.encode()).digest()
    return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}"


def make_stories(briefs: list[Brief]) -> list[Story]:
    """Group briefs into stories, largest first, then newest."""
    groups, reasons = group_briefs(briefs)
    stories = [_story(group, reasons) for group in groups]
    return sorted(stories, key=lambda s: (-len(s.briefs), -s.updated.timestamp(), s.id))


def group_briefs(briefs: list[Brief]) -> tuple[list[list[Brief]], dict[tuple[str, str], float]]:
    """Stories as lists of briefs, and the similarity that put each brief in its story.

    Briefs are taken oldest first; each joins the story whose lead it matches best, or
    starts a new one. Matching the lead, not any member, keeps a story from drifting
    along a chain of merely related reports."""
    ordered = sorted(briefs, key=lambda b: (b.published, b.id))
    profiles = [_Profile.of(b) for b in ordered]
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in _candidate_pairs(profiles):
        neighbours[j].add(i)
    lead_of: dict[int, int] = {}
    members: dict[int, list[Brief]] = {}
    reasons: dict[tuple[str, str], float] = {}
    for j, profile in enumerate(profiles):
        best, best_score = None, 0.0
        for i in neighbours[j]:
            lead = lead_of[i]
            if profile.brief.published - profiles[lead].brief.published > STORY_WINDOW:
                continue
            score = _same_story(profiles[lead], profile)
            if score > best_score:
                best, best_score = lead, score
        if best is None:
            lead_of[j] = j
            members[j] = [profile.brief]
        else:
            lead_of[j] = best
            members[best].append(profile.brief)
            reasons[(profiles[best].brief.id, profile.brief.id)] = round(best_score, 3)
    return list(members.values()), reasons


@dataclass(frozen=True)
class _Profile:
    brief: Brief
    words: Counter[str]
    norm: float
    shingles: frozenset[tuple[str, ...]]
    entities: frozenset[str]
    people: frozenset[str]

    @staticmethod
    def of(brief: Brief) -> _Profile:
        text = " ".join((brief.title, brief.topline, *brief.key_facts))
        tokens = content_words(text)
        # the quotes, keywords and names weigh in too: two outlets quote the same speaker and
        # name the same people even when they pick different sentences as key facts
        extra = content_words(" ".join((*(q.text for q in brief.quotes), *brief.tags)))
        words = Counter(tokens + extra)
        shingles = frozenset(tuple(tokens[k : k + _SHINGLE]) for k in range(len(tokens) - 2))
        entities = frozenset(
            e.lower() for e in (*brief.people, *brief.places, *brief.organizations)
        )
        norm = math.sqrt(sum(v * v for v in words.values())) or 1.0
        people = frozenset(p.lower() for p in brief.people)
        return _Profile(brief, words, norm, shingles, entities, people)


def _candidate_pairs(profiles: list[_Profile]) -> list[tuple[int, int]]:
    """Pairs sharing an entity or a rare word (an inverted index, not all pairs)."""
    document_frequency = Counter(w for p in profiles for w in p.words)
    limit = max(2, len(profiles) // 10)
    index: dict[str, list[int]] = defaultdict(list)
    for i, profile in enumerate(profiles):
        keys = {f"e:{e}" for e in profile.entities}
        keys |= {f"w:{w}" for w in profile.words if document_frequency[w] <= limit}
        for key in keys:
            index[key].append(i)
    pairs = {
        (i, j)
        for posting in index.values()
        if len(posting) <= 200
        for n, i in enumerate(posting)
        for j in posting[n + 1 :]
    }
    return sorted(pairs)


def _same_story(a: _Profile, b: _Profile) -> float:
    """A similarity when a and b report the same event, else 0."""
    if a.shingles and b.shingles:
        both = len(a.shingles & b.shingles)
        jaccard = both / (len(a.shingles) + len(b.shingles) - both)  # (no union set made)
        if jaccard >= NEAR_DUPLICATE_JACCARD:
            return jaccard
    shared_words = a.words.keys() & b.words.keys()  # (a Counter's missing keys are slow)
    cosine = sum(a.words[w] * b.words[w] for w in shared_words) / (a.norm * b.norm)
    if cosine >= SAME_EVENT_COSINE:
        return cosine
    shared = a.entities & b.entities
    if cosine >= RELATED_COSINE and len(shared) >= SHARED_ENTITIES and shared & a.people:
        return cosine
    return 0.0


def _story(group: list[Brief], reasons: dict[tuple[str, str], float]) -> Story:
    lead = min(group, key=lambda b: (b.published, -b.word_count, b.id))
    others = sorted((b for b in group if b is not lead), key=lambda b: (b.published, b.id))
    members = (lead, *others)
    ids = {b.id for b in members}
    why = tuple((a, b, s) for (a, b), s in sorted(reasons.items()) if a in ids and b in ids)
    return Story(story_id(lead), lead.title, lead.topline, choose_facts(members), members, why)


@dataclass
class _Candidate:
    """A sentence of one member's brief that may become a story fact."""

    brief: Brief
    position: int  # 0 = the member's topline
    text: str
    words: set[str]
    parts: tuple[float, float] = (0.0, 0.0)  # (position part, support part)


@dataclass
class _Chosen:
    text: str
    sources: list[str]
    position: int
    parts: tuple[float, float]
    words: set[str]
    redundant: list[str] = field(default_factory=list)


def choose_facts(members: tuple[Brief, ...]) -> tuple[StoryFact, ...]:
    """3-6 facts across the members' briefs, each once, credited to every source stating it."""
    candidates: list[_Candidate] = []
    centroid: Counter[str] = Counter()
    for brief in members:
        for position, text in enumerate((brief.topline, *brief.key_facts)):
            if text:
                words = set(content_words(text))
                centroid.update(words)
                candidates.append(_Candidate(brief, position, text, words))
    for candidate in candidates:
        words = candidate.words
        support = sum(centroid[w] - 1 for w in words) / (len(words) or 1) / len(members)
        candidate.parts = (1.0 / (1 + candidate.position), support)
    lead_topline = set(content_words(members[0].topline))
    chosen: list[_Chosen] = []
    for candidate in sorted(candidates, key=lambda c: -sum(c.parts)):
        brief, words = candidate.brief, candidate.words
        if brief is members[0] and candidate.position == 0:
            continue  # the lead's topline is the story's topline
        same = next((c for c in chosen if _overlap(words, c.words) >= SAME_FACT_OVERLAP), None)
        if same is not None:
            if brief.id not in same.sources:
                same.sources.append(brief.id)
                same.redundant.append(candidate.text)
            continue
        if _overlap(words, lead_topline) >= SAME_FACT_OVERLAP or len(chosen) >= MAX_FACTS:
            continue  # it restates the topline, or there are enough facts
        penalty = max((_overlap(words, c.words) for c in chosen), default=0.0)
        score = MMR_LAMBDA * sum(candidate.parts) - (1 - MMR_LAMBDA) * penalty
        if len(chosen) >= MIN_FACTS and score < 0.2:
            continue
        chosen.append(
            _Chosen(candidate.text, [brief.id], candidate.position, candidate.parts, words)
        )
    order = {b.id: k for k, b in enumerate(members)}
    chosen.sort(key=lambda c: (order[c.sources[0]], c.position))
    return tuple(
        StoryFact(
            c.text,
            tuple(c.sources),
            c.position,
            round(c.parts[0], 3),
            round(c.parts[1], 3),
            tuple(c.redundant),
        )
        for c in chosen
    )


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
