"""The people an article names, and where: to make a speaker phrase a full name.

"Trump" becomes "Donald Trump" when the article names him in full; "he" becomes the last
person named before the quote whose given name or title ("Mr.", "Mrs.") does not say
otherwise. Quoted text is left out: "“Hillary lied,” he said" is not about Hillary.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence

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
MALE_TITLES = frozenset("mr mr. sir lord king prince".split())
FEMALE_TITLES = frozenset("mrs mrs. ms ms. miss dame queen princess".split())
_TITLE_WORDS = r"(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|President|Senator|Governor|Secretary)"
_NAME_WORD = r"[A-Z](?:[\w-]|['’](?!s\b))+"  # "O’Neill", not "Trump’s"
# "Donald J. Trump", "Hillary Rodham Clinton": a given name, maybe an initial, surnames.
_FULL_NAME = re.compile(
    r"\b(" + _NAME_WORD + r"(?:\s+[A-Z]\.)?(?:\s+(?:de\s+|van\s+|von\s+)?" + _NAME_WORD + r"){1,2})"
)
_TITLED = re.compile(r"\b(" + _TITLE_WORDS + r")\.?\s+(" + _NAME_WORD + r")\b")
_SENTENCE_START = re.compile(r"(?<![A-Z]\.)(?<!\b(?:Mr|Ms|Dr|Jr|Sr|St))(?<!\bMrs)[.!?]\s+")
PRONOUN_GENDERS = {"he": "m", "she": "f"}
ORGANISATION_WORDS = frozenset(
    """
    news post times journal press house party campaign committee department office
    agency court university college institute foundation association council board
    network group inc corp company bank center centre state states county city
    """.split()
)


class Mentions:
    """Who the article names and where, in text outside its quotes."""

    def __init__(self, paragraphs: Sequence[str], people: Sequence[str], speakers: Iterable[str]):
        genders: dict[str, str] = {}
        for name in people:
            genders[name] = _gender(name)
        for name in _names_in(paragraphs):
            genders.setdefault(name, _gender(name))
        for name, gender in _titled_in(paragraphs):
            if gender:
                genders[name] = gender
        for speaker in speakers:
            if _person_like(speaker):
                genders.setdefault(speaker, _gender(speaker))
        self.full = _full_names(genders, people, paragraphs)
        self.genders: dict[str, str] = {}
        for (
            name,
            gender,
        ) in genders.items():  # "Trump" (no given name) says less than "Donald Trump"
            full = self.full.get(name, name)
            self.genders[full] = self.genders.get(full) or gender
        self.timeline = _timeline(paragraphs, genders, self.full)
        self.places = [(p, o) for p, o, _ in self.timeline]

    def resolve(self, phrase: str, paragraph: int, offset: int) -> str:
        """The speaker as a full name when the article gives one, else the phrase."""
        gender = PRONOUN_GENDERS.get(phrase.lower())
        if gender is not None:
            return self._last_before(paragraph, offset, gender) or phrase
        return self.full.get(phrase, phrase)

    def _last_before(self, paragraph: int, offset: int, gender: str) -> str:
        at = bisect_left(self.places, (paragraph, offset))
        for _, _, name in reversed(self.timeline[:at]):
            if self.genders.get(name, "") in ("", gender):
                return name
        return ""


def _gender(name: str) -> str:
    first = name.split()[0].lower()
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    return ""


def _names_in(paragraphs: Sequence[str]) -> Iterable[str]:
    for paragraph in paragraphs:
        for match in _FULL_NAME.finditer(paragraph):
            name = match.group(1)
            if _gender(name):
                yield name


def _titled_in(paragraphs: Sequence[str]) -> Iterable[tuple[str, str]]:
    for paragraph in paragraphs:
        for match in _TITLED.finditer(paragraph):
            title = match.group(1).lower()
            gender = "m" if title in MALE_TITLES else "f" if title in FEMALE_TITLES else ""
            yield match.group(2), gender


def _person_like(speaker: str) -> bool:
    words = speaker.split()
    return (
        bool(words)
        and len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.lower() in ORGANISATION_WORDS for w in words)
    )


def _full_names(
    genders: dict[str, str], people: Sequence[str], paragraphs: Sequence[str]
) -> dict[str, str]:
    """Each surname (and given name) -> the full name it stands for: the article's most
    mentioned full name that ends with it, the `people` given first."""
    counts = Counter(n for p in paragraphs for n in _FULL_NAME.findall(p))
    full: dict[str, str] = {}
    ranked = list(people) + sorted(
        (n for n in genders if " " in n and n not in people), key=lambda n: -counts[n]
    )
    for name in ranked:
        words = name.split()
        if len(words) < 2:
            continue
        for short in (words[-1], " ".join(words[-2:]), words[0] + " " + words[-1]):
            if short != name:
                full.setdefault(short, name)
    for name in ranked:
        full.setdefault(name, name)
    return full


def _timeline(
    paragraphs: Sequence[str], genders: dict[str, str], full: dict[str, str]
) -> list[tuple[int, int, str]]:
    """(paragraph, offset, full name) of the first person each sentence names, in text
    order: that is most often the one a later "he" or "she" means ("Perdue said he
    doubted Romney ... “…,” he said" is Perdue)."""
    forms = sorted({*genders, *full}, key=len, reverse=True)
    if not forms:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")
    timeline = []
    for n, paragraph in enumerate(paragraphs):
        sentence = -1
        for match in pattern.finditer(paragraph):
            name = full.get(match.group(), match.group())
            starts = _SENTENCE_START.findall(paragraph, 0, match.start())
            if len(starts) == sentence or not (name in genders or full.get(name) == name):
                continue
            sentence = len(starts)
            timeline.append((n, match.start(), name))
    return timeline
