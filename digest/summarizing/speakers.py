"""Who said a quote: the attribution around it, read as a noun phrase next to a speech verb.

"X said" and "said X", "according to X", "X: “…”", titles and descriptions ("union
chairman Bob Crow", "a spokeswoman for the ministry"), then the phrase made a name: a
surname becomes the article's full name, a pronoun the last person named before it.
"""

from __future__ import annotations

import re

from digest.summarizing.attribution_words import (
    BETWEEN_WORDS,
    CLAUSE_OPENERS,
    COURTESY_TITLES,
    DETERMINERS,
    INVERTIBLE_CUES,
    OTHER_CUES,
    PHRASE_CUES,
    PREPOSITIONS,
    PRONOUNS,
    SPEAKER_NOUNS,
    STOP_WORDS,
    TITLES,
)
from digest.text.sentences import ABBREVIATIONS_NEVER_FINAL

_CUE_WORDS = "|".join(
    sorted(set(INVERTIBLE_CUES + OTHER_CUES + PHRASE_CUES), key=lambda w: (-len(w), w))
)
# Not inside a word ("so-called"), nor a noun after a determiner or a possessive
# ("dismissed those reports as", "Trump’s comments"; but "he’s said" is a verb).
_NOUN_BEFORE = "".join(
    rf"(?<!\b{w} )"
    for w in "the The his His her Her its their Their my our your these These those this".split()
)
_CUE = re.compile(  # (the look-behinds only where a cue word starts: they cost)
    rf"(?<![\w-])(?=(?:{_CUE_WORDS})\b){_NOUN_BEFORE}(?<![^e]['’]s )(?<![^hH]e['’]s )"
    rf"({_CUE_WORDS})\b"
)
# A cue in a relative clause: "told a woman who suggested that …" is the telling's.
_RELATIVE = re.compile(r",?\s*\b(?:who|which|that)\s+(?:\w+ly\s+)?$")
_INVERTIBLE = frozenset(INVERTIBLE_CUES)
# "Hidalgo mocked the plan, saying ...": the clause's subject, not the nearest noun.
_PARTICIPLE = re.compile(r"\b(?:\w+ing)$")
_COORDINATED = re.compile(r"\b(?:and|but|then|or)\s+$")
_PARTY = re.compile(r"\d|[RDI]-[A-Z]")  # an age or "R-Ohio"
_DASH = re.compile(r"\s*[―—–-]+\s*")
_TRAILING_BETWEEN = re.compile(r"(?:\s+(?:" + "|".join(BETWEEN_WORDS) + r"))+\s*$", re.IGNORECASE)
# "Putin on Friday said": the day between the speaker and the verb.
_TRAILING_DAY = re.compile(
    r"\s+(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*$"
)
_TRAILING_ADVERBS = re.compile(r"(?:\s+[a-z]+ly)+\s*$")  # "a caller frantically said"
_ACCORDING_TO = re.compile(r"\b(?:according to|laut|selon|según|secondo)\s+", re.IGNORECASE)
# Who passed a quote on, not who said it, when the text before names a speaker.
_REPORTED = re.compile(
    r"(?:according to|laut|selon|según|secondo)\s|[\w. ’'&-]{1,40}\s(?:reported|reports)\b",
    re.IGNORECASE,
)
TRANSCRIPT = re.compile(r"^\s*([A-Z][A-Z.'’ -]{1,40}):")
_PAREN = re.compile(r"\s*\([^()]*\)")
# Where a sentence may end: the word before the mark decides ("Rep. Jim Jordan" goes on).
_SENTENCE_END = re.compile(r"[.!?…]['’”\"»)]*\s+(?=[\"“‘«(]?[A-Z])")
_WORD = re.compile(r"[\w’'.&/-]+|[^\w\s]")

_NOT_SUBJECTS = STOP_WORDS | PREPOSITIONS | frozenset(BETWEEN_WORDS) | frozenset(["once"])
MAX_PHRASE_WORDS = 10
CONTEXT_CHARS = 400


def speaker_in(before: str, after: str, quote: str) -> str:
    """The speaker phrase of the attribution around a quote ("" when there is none)."""
    return attribution(before, after, quote)[0]


def attribution(before: str, after: str, quote: str) -> tuple[str, int, bool]:
    """The speaker phrase; where in `before` it stands (-1 when the quote itself or the
    text after it names it): a pronoun means someone named before it ("He said Putin has
    “…”" is not Putin); and whether it is the subject of a clause that may begin further
    back than `before` ("… and said “…”", "…, saying “…”")."""
    transcript = TRANSCRIPT.match(quote)  # a transcript quoted whole: "“BAKER: Well, ..."
    if transcript and transcript.group(1).strip() not in ("Q", "A"):
        return transcript.group(1).strip().title(), -1, False
    # an attribution is a clause next to the quote: the rest of a long paragraph is not read
    phrase = _after_quote(after[:CONTEXT_CHARS], quote)
    if phrase and not _REPORTED.match(after.lstrip(" ,")):
        return phrase, -1, False
    sentence = _last_sentence(before[-CONTEXT_CHARS:])
    said, at, clause = _before_quote(sentence)
    if phrase and not said:
        return phrase, -1, False
    # "Putin said casualties would be “unacceptable,” according to Reuters": Putin's
    return said, len(before) - len(sentence) + at, clause


def sentence_ends_in(text: str) -> bool:
    """Whether a sentence ends somewhere inside `text` (its last one starts after 0)."""
    return _SENTENCE_END.search(text) is not None and len(_last_sentence(text)) < len(text)


def _after_quote(after: str, quote: str) -> str:
    if not after.strip():
        return ""
    dash = _DASH.match(after)  # a sign-off: "“...” ― Ada Brook"
    if dash:
        return _name_only(_phrase_after(after[dash.end() :]))
    ended = quote.rstrip().endswith(".")
    sentence = _first_sentence(after.lstrip(" ,—–-―"))
    # "“We lost.” The party then..." is a new sentence; "“We lost.” Trump said." is not
    if ended and len(sentence.split()) > 6:
        return ""
    according = _ACCORDING_TO.match(sentence.lstrip(" ,"))
    if according:
        return _phrase_after(sentence.lstrip(" ,")[according.end() :])
    cue = _CUE.search(sentence)
    if cue is None:
        return ""
    lead = _drop_apposition(_PAREN.sub("", sentence[: cue.start()]).rstrip())
    if len(lead.split()) > MAX_PHRASE_WORDS:
        return ""  # the cue is some later verb's, not this quote's
    opener = lead.split(maxsplit=1)
    if opener and opener[0].lower() in CLAUSE_OPENERS:
        return ""  # "“…” but he said that …": the next quote's
    if ended and _leads_on(sentence, cue.end()):
        return ""
    subject = _phrase_before(sentence[: cue.start()])
    if subject:
        return subject
    if cue.group(1) in _INVERTIBLE and not _TRAILING_BETWEEN.sub("", " " + lead).strip(" ,"):
        return _phrase_after(sentence[cue.end() :])
    return ""


def _before_quote(sentence: str) -> tuple[str, int, bool]:
    """The speaker phrase; where the speaker stands in the sentence: at its start but for
    a pronoun right before the verb ("Ortiz said Baker was right when he said “…”"); and
    whether it is the clause subject of a verb far from it."""
    if not sentence.strip():
        return "", 0, False
    transcript = TRANSCRIPT.match(sentence)
    if transcript and transcript.group(1).strip() not in ("Q", "A"):
        return transcript.group(1).strip().title(), 0, False
    according = list(_ACCORDING_TO.finditer(sentence))
    if according:
        return _phrase_after(sentence[according[-1].end() :]), 0, False
    cues = list(_CUE.finditer(sentence))
    if not cues:
        if sentence.rstrip().endswith(":"):  # "Trump on Twitter: “…”"
            return _name_only(_phrase_before(sentence.rstrip()[:-1])), 0, False
        return "", 0, False
    cue = cues[-1]
    relative = _RELATIVE.search(sentence, 0, cue.start())
    if relative and len(cues) > 1 and len(sentence[cue.end() :].split()) > 2:
        cue, relative = cues[-2], None  # the relative clause says what it said, not the quote
    lead = sentence[: cue.start()]
    if relative:  # "Ortiz, who said “…”"
        return _phrase_before(lead[: relative.start()]), 0, False
    # "footage of Lena Ortiz asking" is hers; "Reyes attacked Baker, saying" and
    # "Ortiz said she ... but said “…”" are the clause subject's
    participle = _PARTICIPLE.search(cue.group(1))
    if participle and not lead.rstrip().endswith(","):
        nearest = _phrase_before(lead)
        if nearest[:1].isupper() and nearest.lower() not in PRONOUNS:
            return nearest, 0, False
    if participle or _COORDINATED.search(lead):
        return _clause_subject(lead), 0, True
    subject = _phrase_before(lead)
    if subject:
        return subject, cue.start() if subject.lower() in PRONOUNS else 0, False
    if cue.group(1) in _INVERTIBLE:
        return _phrase_after(sentence[cue.end() :]), 0, False
    return "", 0, False


def _leads_on(sentence: str, verb_end: int) -> bool:
    """After a quote that ended its sentence, a clause that goes on past its verb to the
    next quote introduces that one: "“…” Russia insisted that Pyongyang “…”"."""
    return not sentence.rstrip().endswith((".", "!", "?")) and any(
        c.isalpha() for c in sentence[verb_end:]
    )


def _first_sentence(text: str) -> str:
    for end in _SENTENCE_END.finditer(text):
        if not _abbreviation(_word_before(text, end.start())):
            return text[: end.start() + 1]
    return text


def _last_sentence(text: str) -> str:
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if not _abbreviation(_word_before(text, end.start())):
            start = end.end()
    return text[start:]


def _word_before(text: str, mark: int) -> str:
    """The word that ends at `mark` with the mark: "Rep." in "said Rep. Jim"."""
    return text[text.rfind(" ", 0, mark) + 1 : mark + 1]


def _clause_subject(text: str) -> str:
    """The first name, pronoun or "the ..." of a clause ("Rival Ada Brook had mocked
    it,", "The party's nominee also set out ... and vowed")."""
    words = _WORD.findall(_PAREN.sub("", text))
    # an opening phrase is no subject: "At a rally in Ohio on Monday, Reyes ..."
    while words and words[0].lower() in _NOT_SUBJECTS and "," in words:
        words = words[words.index(",") + 1 :]
    headline = 0  # the end of a run of capitals ("CONGRESS HAS INVESTIGATED HIM —")
    for i, word in enumerate(words):
        if i < headline:
            continue
        lower = word.lower()
        if lower in PRONOUNS and lower != "it":
            return word
        if lower in DETERMINERS and lower not in ("his", "her", "its", "their", "my", "our"):
            return _speaker_from(_noun_group(words[i:]))
        if word[:1].isupper() and lower not in _NOT_SUBJECTS:
            run = [word]
            for following in words[i + 1 :]:
                if not following[:1].isupper():
                    break
                run.append(following)
            if len(run) > 1 and all(w.isupper() for w in run):
                headline = i + len(run)
                continue  # a headline in capitals
            return " ".join(_drop_titles(run))
    return ""


def _noun_group(words: list[str]) -> list[str]:
    """'The party's nominee' out of 'The party's nominee also set out ...'."""
    kept = words[:1]
    for word in words[1:5]:
        lower = word.lower()
        if (
            lower in BETWEEN_WORDS
            or lower in STOP_WORDS
            or not word[0].isalnum()
            or lower.endswith("ed")
        ):
            break
        kept.append(word)
    return kept


def _name_only(phrase: str) -> str:
    return phrase if phrase[:1].isupper() and phrase.lower() not in PRONOUNS else ""


def _phrase_before(text: str) -> str:
    """The noun phrase that ends `text` ("... union chairman Bob Crow")."""
    text = _PAREN.sub("", text)
    if "day" in text[-20:]:
        text = _TRAILING_DAY.sub("", text)
    text = _TRAILING_ADVERBS.sub("", _TRAILING_BETWEEN.sub("", " " + text)).rstrip()
    text = _drop_apposition(text)
    words = _WORD.findall(text)
    kept: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if len(kept) == MAX_PHRASE_WORDS or _ends_phrase(word) and not _joins_name(words, i):
            break
        if word.endswith(".") and kept and not _abbreviation(word):
            break  # "... a statement. Trump" : the period ended a sentence
        kept.insert(0, word)
        if word.lower() in PRONOUNS and len(kept) == 1:
            return word
    return _speaker_from(kept)


def _phrase_after(text: str) -> str:
    """The noun phrase that starts `text` ("said Rep. Jim Jordan (R-Ohio), ...")."""
    words = _WORD.findall(text)
    kept: list[str] = []
    for word in words:
        if _ends_phrase(word) or len(kept) == MAX_PHRASE_WORDS:
            break
        if not kept and word.lower() in PRONOUNS:
            return word
        if kept and kept[-1][:1].isupper() and _function_word(word):
            break  # "wrote Sam Reyes for the Daily Planet", "sagte Weber am Montag"
        kept.append(word)
        if word.endswith(".") and not _abbreviation(word):
            kept[-1] = word[:-1]
            break
    return _speaker_from(kept)


def _function_word(word: str) -> bool:
    """A small word that no name goes on with (but "Hidalgo campaign chief Sam
    Reyes" does go on)."""
    return word in PREPOSITIONS or word in STOP_WORDS or len(word) <= 3 and word.islower()


def _joins_name(words: list[str], i: int) -> bool:
    """'and' inside a name: "Immigration and Customs Enforcement"."""
    return (
        words[i] == "and"
        and 0 < i < len(words) - 1
        and words[i - 1][:1].isupper()
        and words[i + 1][:1].isupper()
    )


def _drop_apposition(text: str) -> str:
    """'Jordan, an oversight panel member,' -> 'Jordan'; 'Trump, 70,' -> 'Trump';
    'Long, R-Ohio,' -> 'McConnell'; several in a row too."""
    first = True
    while text.endswith(","):
        head, _, apposition = text[:-1].rpartition(",")
        apposition, head = apposition.strip(), head.rstrip()
        if not head or not (apposition[:1].islower() or _PARTY.match(apposition)):
            return text[:-1]
        # a second one only after a name: "Crow, head of the union, which ...,"
        if (
            not first
            and not head.rstrip(")")[-1:].isalpha()
            or not first
            and head.split()[-1].islower()
        ):
            return text[:-1]
        text, first = head + ",", False
    return text


def _ends_phrase(word: str) -> bool:
    return (not word[0].isalnum() and word not in ("&",)) or word.lower() in STOP_WORDS


def _abbreviation(word: str) -> bool:
    bare = word[:-1].lower().lstrip('(“"‘')
    return bare in ABBREVIATIONS_NEVER_FINAL or len(bare) == 1 or "." in bare


def _speaker_from(words: list[str]) -> str:
    """A name when the phrase ends in one (titles dropped), else the description."""
    while words and words[0].lower() in ("also", "and", "but"):
        words = words[1:]
    if not words:
        return ""
    run = _trailing_name(words)
    if len(run) > 1 and all(w.isupper() for w in run):
        return ""  # a headline in capitals, not a name
    if run and (len(run) == len(words) or words[-len(run) - 1].lower() not in PREPOSITIONS):
        name = _drop_titles(run)
        if name:
            return " ".join(name)
    if words[-1].lower() in STOP_WORDS:
        return ""
    return _description(words)  # "the President", "officials at Immigration and ..."


def _trailing_name(words: list[str]) -> list[str]:
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (run and word in ("of", "and", "de", "van", "von", "al", "bin")):
            run.insert(0, word)
        else:
            break
    while run and not run[0][:1].isupper():
        run = run[1:]
    return run


def _drop_titles(run: list[str]) -> list[str]:
    """'Sen. Ada Brook' -> 'Ada Brook', 'Italian Prime Minister Matteo Renzi' -> 'Matteo
    Renzi': the name starts after the last title."""
    last = -1
    for i, word in enumerate(run[:-1]):
        if word.lower().rstrip(".") in TITLES:
            last = i
    name = run[last + 1 :]
    courtesy = len(name) < len(run) and run[-2].lower().rstrip(".") in COURTESY_TITLES
    if name[0].lower().rstrip(".") in TITLES and not courtesy:
        return []  # "the President", "Vice President": a description ("Mr. Pope" is a name)
    return name


def _description(words: list[str]) -> str:
    """'a spokeswoman for the ministry': from the determiner that opens it; without one,
    only a plural of people ("officials at the agency") or a known speaker's role."""
    for i in range(len(words) - 1, -1, -1):
        opens = words[i].lower() in DETERMINERS or words[i].endswith(("'s", "’s"))
        if opens and (i == 0 or words[i - 1].lower() not in PREPOSITIONS):
            return " ".join(words[i:])
    head = next((w for w in words if w.lower() in SPEAKER_NOUNS), "")
    return " ".join(words[words.index(head) :]) if head else ""
