"""The people an article names, and where: to make a speaker phrase a full name.

"Trump" becomes "Donald Trump" when the article names him in full; "he" becomes the last
sentence subject before the quote (else the last person named) whose given name or title
("Mr.", "Mrs.") does not say otherwise. Quoted text is left out: "“Hillary lied,” he
said" is not about Hillary. "they", "it", "I" and a pronoun nobody fits stay as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import NamedTuple

from digest.summarizing.attribution_words import TITLES

# Common given names (US and UK usage), to know a person's run of capitals and whether
# "he" or "she" can be them. A name on neither list fits both.
MALE_NAMES = frozenset(
    """
    aaron adam alan albert alex alexander andrew anthony antonio arthur barack ben benjamin
    bernie bill billy bob bobby brad brandon brian bruce carl carlos charles charlie chris
    christopher chuck craig dan daniel danny dave david dennis derek dick don donald doug
    douglas ed eddie edward eric frank fred gary george gerald greg gregory harold harry
    henry howard ian jack jacob jake james jared jason jeb jeff jeffrey jeremy jerry jim
    jimmy joe joel john johnny jon jonathan jose joseph josh joshua juan justin keith ken
    kenneth kevin kyle larry lawrence lee leon louis luis marco mark martin matt matthew
    michael mike mitch mitt nathan newt nicholas nick noah patrick paul pete peter phil
    philip ralph randy ray raymond reince richard rick rob robert robby roger ron ronald
    rudy russell ryan sam samuel scott sean stephen steve steven ted terry thomas tim
    timothy todd tom tony travis vladimir walter wayne william willie xi
    """.split()
)
FEMALE_NAMES = frozenset(
    """
    abigail alice alicia amanda amy andrea angela ann anna anne ashley barbara betty
    beverly brenda carly carol caroline catherine cheryl chelsea christina christine
    cindy claire debbie deborah denise diana diane donna doris dorothy elizabeth ellen
    emily emma evelyn frances gloria grace hannah heather helen hillary huma ivanka jane
    janet janice jean jennifer jessica jill joan joyce judith judy julia julie karen kate
    katherine kathleen kathy kelly kellyanne kim kimberly laura lauren linda lisa loretta
    lori louise madeleine margaret maria marie marilyn martha mary megan megyn melania
    melissa michelle monica nancy natalie nicole nikki olivia pam pamela patricia paula
    rachel rebecca rose ruth sandra sara sarah sharon shirley sophia stephanie susan
    teresa theresa tiffany virginia wendy
    """.split()
)
MALE_TITLES = frozenset("mr sir lord king prince".split())
FEMALE_TITLES = frozenset("mrs ms miss dame queen princess".split())
# Titles that say the next name is a person's ("Sen. Brook", "Mr. Baker").
PERSON_TITLES = TITLES - frozenset(
    "the former democratic republican gop u.s democrat rival".split()
)
# Capitalised words at a sentence's start that are no part of a name ("But Trump said").
NOT_NAMES = frozenset(
    """
    the a an but and so yet or as when while if after before since in on at of for from
    with by to this that these those his her their its our my then now also even still
    meanwhile however instead asked speaking following like unlike during
    """.split()
)
# A run of two or more capitalised words, maybe with initials and titles: "Sen. Ada
# Brook", "Donald J. Trump", "O’Neill" (a possessive ’s is left out: "Trump’s" is Trump).
# Single words are looked up later, only those that are a known person's surname.
_RUN = re.compile(
    r"[A-Z](?<![\w’'].)[\w-]*(?:['’](?!s\b)[\w-]+)*\.?"
    r"(?:\s+(?:[A-Z]\.\s+|(?:de|van|von)\s+)*[A-Z][\w-]*(?:['’](?!s\b)[\w-]+)*)+"
)
# What a period after these does not end: "Mr. Baker", "Donald J. Trump".
_NOT_ENDS = frozenset("mr mrs ms dr jr sr st sen rep gov gen lt col rev".split())
_GOES_ON = _NOT_ENDS | TITLES  # a period after these ends no sentence ("Sen. Brook")
# Where a sentence ends: not after an initial or one of _NOT_ENDS ("Donald J. Trump",
# "Mr. Baker"), nor before a small word ("R-Wis., despite"). Look-behinds, one for each
# length of word: they cost less than a test of each match, and this reads every article.
_SENTENCE_END = re.compile(
    r"[.!?](?<![\s(]\w\.)"
    + "".join(
        r"(?<![\s(](?:"
        + "|".join(f"{w}|{w.capitalize()}" for w in sorted(_NOT_ENDS) if len(w) == size)
        + r")\.)"
        for size in (2, 3)
    )
    + r"\s(?!\s*[a-z])"
)
_SAYS = re.compile(
    r"(?:\s+\([^()]*\))?,?\s+(?:\w+ly\s+|also\s+)?(?:said|says|told|tells|added|wrote)\b"
)
_CAPITALISED = re.compile(r"[A-Z][\w’'-]*")
FIND_FORMS = 40  # up to this many one-word names, each is looked for with str.find
PRONOUN_GENDERS = {"he": "m", "she": "f"}
PRONOUN_WORDS = frozenset("he she they it we i you".split())
ORGANISATION_WORDS = frozenset(
    """
    news post times journal press house party campaign committee department office
    agency court university college institute foundation association council board
    network group inc corp company bank center centre state states county city
    """.split()
)


class _Run(NamedTuple):
    at: int
    end: int
    words: tuple[str, ...]  # titles and sentence-opening words dropped
    title: str  # the title before the name, lower case without its period ("sen")


class Mentions:
    """Who the article names and where, in its text outside quotes."""

    def __init__(
        self,
        text: str,
        people: Sequence[str],
        speakers: Iterable[str],
        paragraphs: Sequence[int] = (),
    ):
        """`paragraphs`: where each paragraph of `text` starts (each ends a sentence)."""
        runs = list(_runs(text))
        genders = _genders(runs, people, speakers)
        self.full = _full_names(genders, people, runs)
        self.genders: dict[str, str] = {}
        for name, gender in genders.items():  # "Trump" says less than "Donald Trump"
            full = self.full.get(name, name)
            self.genders[full] = self.genders.get(full) or gender
        self._text, self._runs, self._paragraphs = text, runs, paragraphs

    @cached_property
    def _timelines(self) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        return _timelines(self._text, self._runs, self.full, self._paragraphs)  # for pronouns

    def resolve(self, phrase: str, position: int) -> str:
        """The speaker as a full name when the article gives one, else the phrase."""
        gender = PRONOUN_GENDERS.get(phrase.lower())
        if gender is not None:
            return self._last_before(position, gender) or phrase
        return self.full.get(phrase, phrase)

    def _last_before(self, position: int, gender: str) -> str:
        """The last sentence subject who fits, else the last person named who fits."""
        for timeline in self._timelines:
            for i in range(bisect_left(timeline, (position,)) - 1, -1, -1):
                name = timeline[i][1]
                if self.genders.get(name, "") in ("", gender):
                    return name
        return ""


def _runs(text: str) -> Iterable[_Run]:
    for match in _RUN.finditer(text):
        group = match.group()
        words = group.split()
        at = match.start()
        if words[0][-1] == "." and words[0][:-1].lower() not in _GOES_ON:
            del words[0]  # a sentence's last word: "said Tuesday. House Speaker Paul Ryan"
            at += group.index(words[0], 1)
        title = ""
        while words:
            first = words[0].lower().rstrip(".")
            if first not in NOT_NAMES and first not in TITLES:
                break
            title = first
            del words[0]
        # "Trade Minister Mary Weber": the name starts at its given name
        for i, word in enumerate(words[:-1]):
            if i and (word.lower() in MALE_NAMES or word.lower() in FEMALE_NAMES):
                title, words = words[i - 1].lower().rstrip("."), words[i:]
                break
        if words and not (len(words) > 1 and all(w.isupper() for w in words)):  # a headline
            yield _Run(at, match.end(), tuple(words), title)


def _genders(runs: list[_Run], people: Sequence[str], speakers: Iterable[str]) -> dict[str, str]:
    """The article's people, each with "m", "f" or "" (not known)."""
    genders = {name: _gender(name) for name in people}
    for run in runs:
        name = " ".join(run.words)
        gender = _gender(name) if len(run.words) > 1 else ""
        if gender:
            genders.setdefault(name, gender)
        elif (
            run.title in PERSON_TITLES
            and len(run.words) < 4
            and not any(w.lower() in ORGANISATION_WORDS for w in run.words)  # "Justice Department"
        ):
            title = run.title
            gender = "m" if title in MALE_TITLES else "f" if title in FEMALE_TITLES else ""
            genders[name] = genders.get(name) or gender
    for speaker in dict.fromkeys(speakers):  # in order: ties between names stay repeatable
        if speaker not in genders and _person_like(speaker):
            genders.setdefault(speaker, _gender(speaker))
    return genders


def _gender(name: str) -> str:
    first = name.split()[0].lower()
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    return ""


def _person_like(speaker: str) -> bool:
    words = speaker.split()
    return (
        bool(words)
        and speaker.lower() not in NOT_NAMES
        and speaker.lower() not in PRONOUN_WORDS
        and len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.lower() in ORGANISATION_WORDS for w in words)
    )


def _full_names(genders: dict[str, str], people: Sequence[str], runs: list[_Run]) -> dict[str, str]:
    """Each surname (and short form) -> the full name it stands for: the article's most
    mentioned full name that ends with it, the `people` given first."""
    counts = Counter(" ".join(run.words) for run in runs)
    full: dict[str, str] = {}
    ranked = list(people) + sorted(
        (n for n in genders if " " in n and n not in people), key=lambda n: -counts[n]
    )
    for name in ranked:
        words = name.split()
        for short in (words[-1], " ".join(words[-2:]), words[0] + " " + words[-1]):
            if short != name:
                full.setdefault(short, name)
    for name in genders:
        if " " not in name and name not in full:  # a speaker's surname: "Yuri Volkonsky"
            longer = _ending_with(name, runs, counts)
            if longer:
                full[name] = longer
        full.setdefault(name, name)
    return full


def _ending_with(surname: str, runs: list[_Run], counts: Counter[str]) -> str:
    """The article's commonest two- or three-word name that ends with the surname."""
    names = [
        " ".join(run.words)
        for run in runs
        if run.words[-1] == surname and 1 < len(run.words) < 4 and _person_like(" ".join(run.words))
    ]
    return max(names, key=lambda n: counts[n]) if names else ""


def _timelines(
    text: str, runs: list[_Run], full: dict[str, str], paragraphs: Sequence[int]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(offset, full name) of the first person each sentence names, which is most often
    the one a later "he" or "she" means ("Baker said he doubted Reyes ... “…,” he said"
    is Baker), and of every person named, both in text order."""
    named = [
        (run.at, run.end, full.get(" ".join(run.words)) or full.get(run.words[-1])) for run in runs
    ]
    named += _single_words(text, runs, full)
    named.sort()
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    ends += paragraphs  # a paragraph ends a sentence, with a period or not
    ends.sort()
    subjects: list[tuple[int, str]] = []
    mentions: list[tuple[int, str]] = []
    last_sentence = -1
    for at, end, name in named:
        if name is None:
            continue
        mentions.append((at, name))
        sentence = bisect_left(ends, at + 1)
        if sentence != last_sentence:
            subjects.append((at, name))
            last_sentence = sentence
        elif _SAYS.match(text, end):  # "Hidalgo aide Lena Ortiz said": Ortiz
            subjects[-1] = (at, name)
    return subjects, mentions


def _single_words(
    text: str, runs: list[_Run], full: dict[str, str]
) -> list[tuple[int, int, str | None]]:
    """Where a known person's one-word form ("Trump") stands alone, outside longer runs."""
    forms = {form: name for form, name in full.items() if " " not in form}
    if len(forms) > FIND_FORMS:  # many names: one pass over the capitalised words instead
        spots = ((m.start(), m.end()) for m in _CAPITALISED.finditer(text) if m.group() in forms)
    else:  # a few names: str.find runs in C, far faster than a regex over every word
        spots = (spot for form in forms for spot in _occurrences(text, form))
    starts = [run.at for run in runs]
    return [
        (at, end, forms[text[at:end]])
        for at, end in spots
        if _alone(text, at, end) and not _inside(runs, starts, at)
    ]


def _occurrences(text: str, form: str) -> Iterable[tuple[int, int]]:
    at = text.find(form)
    while at >= 0:
        yield at, at + len(form)
        at = text.find(form, at + len(form))


def _alone(text: str, at: int, end: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "’'-") and not (after.isalnum() or after == "-")


def _inside(runs: list[_Run], starts: list[int], at: int) -> bool:
    i = bisect_left(starts, at + 1) - 1
    return i >= 0 and runs[i].end > at
