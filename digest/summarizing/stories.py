"""Stories: reports of the same event grouped, with one brief written across them.

Pure functions over briefs (no I/O). The grouping is digest.summarizing.grouping's, from
each article's text profile. A story's lead is its earliest report (the longest on a tie):
its id is derived from the lead, so it stays when reports join, and the story's topline is
the lead's. Its facts are chosen across the opening sentences of all its reports, greedily:
each adds the most words that several sources state and the brief does not say yet, per
word of its length (a centroid of agreement, as in SumBasic), until about 100 words. A
sentence that states a chosen fact again is not repeated but credits its source; one that
leans on the sentence before it ("He also said...") is never a fact; facts are shown in
the order their reports came in.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field

from digest.models import Brief, Story, StoryFact
from digest.summarizing.grouping import (
    Grouping,
    group_profiles,
    profile_of,
    shared_terms,
    stem,
)
from digest.summarizing.scoring import content_words

MAX_FACTS, MIN_FACTS = 6, 3
FACT_WORDS = 100  # facts are added (3 at least) until the brief says about this many words
FACT_SENTENCES = 8  # the opening sentences of each member that may become facts
FACT_MIN_WORDS, FACT_MAX_WORDS = 6, 60
SAME_FACT_OVERLAP = 0.6  # a candidate this close to what is chosen says the same thing
LENGTH_POWER = 0.7  # a long sentence must add more to be worth its words
POSITION_DECAY = 0.1  # later sentences of an article are a little less central
# A sentence opening like this leans on the one before it: it cannot stand alone as a fact.
_LEANS_BACK = re.compile(
    r"[\"“'‘(]?(?:he|she|they|it|its|his|her|their|this|that|these|those|there|but|and|"
    r"also|however|otherwise|meanwhile|still|yet|so|then|instead|later|such|both|"
    r"the two|the other|another)\b",
    re.IGNORECASE,
)


def story_id(lead: Brief) -> str:
    digest = hashlib.sha1(b"digest-story:" + lead.id.encode()).digest()
    return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}"


def make_stories(briefs: list[Brief]) -> list[Story]:
    """Group briefs into stories, largest first, then newest."""
    ordered = sorted(briefs, key=lambda b: (b.published, b.id))
    grouping = group_profiles([profile_of(b) for b in ordered], [b.published for b in ordered])
    stories = [_story([ordered[i] for i in group], group, grouping) for group in grouping.groups]
    return sorted(stories, key=lambda s: (-len(s.briefs), -s.updated.timestamp(), s.id))


def _story(group: list[Brief], indices: list[int], grouping: Grouping) -> Story:
    lead = min(group, key=lambda b: (b.published, -b.word_count, b.id))
    others = sorted((b for b in group if b is not lead), key=lambda b: (b.published, b.id))
    members = (lead, *others)
    index = {b.id: i for b, i in zip(group, indices, strict=True)}
    links, why = [], []
    for member in members:
        partner, score = _closest(member, members, index, grouping)
        if partner is None:
            why.append("the earliest report: the story's lead" if len(members) > 1 else "alone")
            continue
        if member is not lead:
            links.append((partner.id, member.id, round(score, 3)))
        shared = _words_of(
            member,
            shared_terms(grouping.vectors[index[member.id]], grouping.vectors[index[partner.id]]),
        )
        lead_note = "the earliest report, the story's lead; " if member is lead else ""
        why.append(
            f"{lead_note}similarity {score:.2f} with {partner.relpath or partner.title!r}; "
            f"in common: {', '.join(shared)}"
        )
    return Story(
        story_id(lead),
        lead.title,
        lead.topline,
        choose_facts(members),
        members,
        tuple(links),
        tuple(why),
    )


def _words_of(member: Brief, terms: list[str]) -> list[str]:
    """The terms as the member writes them: a stem ("cabine") as its first word ("cabinet")."""
    written: dict[str, str] = {}
    for sentence in (member.title, *profile_of(member).sentences):
        for word in content_words(sentence):
            written.setdefault(stem(word), word)
    return list(dict.fromkeys(written.get(t, t) for t in terms))


def _closest(
    member: Brief, members: tuple[Brief, ...], index: dict[str, int], grouping: Grouping
) -> tuple[Brief | None, float]:
    """The other member most similar to this one, and the similarity."""
    i = index[member.id]
    best: tuple[Brief | None, float] = (None, 0.0)
    for other in members:
        if other is member:
            continue
        j = index[other.id]
        score = grouping.links.get((min(i, j), max(i, j)), 0.0)
        if score > best[1]:
            best = (other, score)
    return best


@dataclass(frozen=True)
class _Candidate:
    """An opening sentence of one member that may become a story fact."""

    member: int  # index in the story's members
    position: int  # in its article
    text: str
    stems: frozenset[str]
    words: int


@dataclass
class _Chosen:
    candidate: _Candidate
    value: float
    sources: list[str]
    redundant: list[str] = field(default_factory=list)


def choose_facts(members: tuple[Brief, ...]) -> tuple[StoryFact, ...]:
    """3-6 facts across the members' openings, each once, credited to every source
    stating it, in time order; a single article's story keeps its brief's key facts."""
    if len(members) == 1:
        brief = members[0]
        return tuple(
            StoryFact(text, (brief.id,), k + 1, round(1 / (k + 2), 3), 0.0)
            for k, text in enumerate(brief.key_facts)
        )
    candidates = _candidates(members)
    weight = _support(members)
    covered = _stems(members[0].topline)
    chosen: list[_Chosen] = []
    words = len(members[0].topline.split())
    while len(chosen) < MAX_FACTS and (len(chosen) < MIN_FACTS or words < FACT_WORDS):
        # past the fewest facts, only what fits the words left: shown in time order, a
        # long last fact would push a better one out of the part that is read
        room = FACT_WORDS - words if len(chosen) >= MIN_FACTS else FACT_MAX_WORDS
        taken = {c.candidate for c in chosen}
        best = _best([c for c in candidates if c.words <= room], weight, covered, taken)
        if best is None:
            break
        chosen.append(_Chosen(best[0], best[1], [members[best[0].member].id]))
        covered |= best[0].stems
        words += best[0].words
    _fill(chosen, candidates, members, covered)
    _credit_sources(chosen, candidates, members)
    # in time order: by the day a fact was first reported, the more telling first that day
    day = {b.id: b.published.date() for b in members}
    chosen.sort(key=lambda c: min(day[s] for s in c.sources))
    return tuple(
        StoryFact(
            c.candidate.text,
            tuple(c.sources),
            c.candidate.position,
            round(_position_prior(c.candidate.position), 3),
            round(c.value, 3),
            tuple(c.redundant),
        )
        for c in chosen
    )


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def _candidates(members: tuple[Brief, ...]) -> list[_Candidate]:
    """Each member's opening sentences that can stand alone as a fact."""
    found = []
    for k, brief in enumerate(members):
        for position, text in enumerate(profile_of(brief).sentences[:FACT_SENTENCES]):
            words = len(text.split())
            if FACT_MIN_WORDS <= words <= FACT_MAX_WORDS and not needs_previous(text, position):
                found.append(_Candidate(k, position, text, frozenset(_stems(text)), words))
    return found


def needs_previous(text: str, position: int) -> bool:
    """A sentence that leans on the one before it ("He also said...", "That's when...")."""
    return position > 0 and _LEANS_BACK.match(text) is not None


def _support(members: tuple[Brief, ...]) -> dict[str, int]:
    """How many other members' openings state each stem: what the sources agree on."""
    frequency: Counter[str] = Counter()
    for brief in members:
        opening = profile_of(brief).sentences[:FACT_SENTENCES]
        frequency.update(set().union(*map(_stems, opening)) if opening else set())
    return {w: n - 1 for w, n in frequency.items() if n > 1}


def _position_prior(position: int) -> float:
    return 1 / (1 + POSITION_DECAY * position)


def _best(
    candidates: list[_Candidate], weight: dict[str, int], covered: set[str], taken: set[_Candidate]
) -> tuple[_Candidate, float] | None:
    """The candidate that adds most agreed-on words not yet said, per word of length."""
    best: tuple[_Candidate, float] | None = None
    for candidate in candidates:
        if candidate in taken or not candidate.stems:
            continue
        if len(candidate.stems & covered) / len(candidate.stems) >= SAME_FACT_OVERLAP:
            continue  # it says what the brief says already
        gain = sum(weight.get(w, 0) for w in candidate.stems - covered)
        value = gain / candidate.words**LENGTH_POWER * _position_prior(candidate.position)
        if value > 0 and (best is None or value > best[1]):
            best = (candidate, value)
    return best


def _fill(
    chosen: list[_Chosen],
    candidates: list[_Candidate],
    members: tuple[Brief, ...],
    covered: set[str],
) -> None:
    """Short reports that agree on little still make a story of MIN_FACTS facts: the
    earliest sentences not said yet, in their reports' order."""
    for candidate in sorted(candidates, key=lambda c: (c.position, c.member)):
        if len(chosen) >= MIN_FACTS:
            return
        if (
            candidate.stems
            and len(candidate.stems & covered) / len(candidate.stems) < SAME_FACT_OVERLAP
        ):
            chosen.append(_Chosen(candidate, 0.0, [members[candidate.member].id]))
            covered |= candidate.stems


def _credit_sources(
    chosen: list[_Chosen], candidates: list[_Candidate], members: tuple[Brief, ...]
) -> None:
    """A sentence of another member that states a chosen fact credits that member too,
    and is named as the sentence dropped for it."""
    for candidate in candidates:
        for fact in chosen:
            source = members[candidate.member].id
            if candidate is fact.candidate or source in fact.sources:
                continue
            if _overlap(candidate.stems, fact.candidate.stems) >= SAME_FACT_OVERLAP:
                fact.sources.append(source)
                fact.redundant.append(candidate.text)
                break


def _overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
