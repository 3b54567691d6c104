"""Cleaning: article body text in, clean paragraphs and section headings out.

Drops boilerplate lines (see noise.py), a repeated title, captions before photo
credits, embedded tweets, and link lists under "Further Reading"; rejoins lines
that were broken in the middle of a sentence. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.text import noise
from digest.text.textutil import squeeze_spaces

_BULLET = re.compile(r"^(?:[-*•‣◦–]|\d{1,3}[.)])\s+")
_TERMINAL_CHARACTERS = frozenset('.!?…。！？:;"”’»)]')
_HEADING_WORD = re.compile(r"^[A-Z0-9][\w'’&-]*$")
_FUNCTION_WORDS = frozenset("a an the of and or to in on at for with by from as is".split())
CAPTION_MAX_WORDS = 30
COMMENTS_AFTER_BLOCKS = 2  # a comments section never opens a page's text
TWEET_BODY_MAX_WORDS = 70


HEADING, PARAGRAPH = "heading", "paragraph"
HEADING_MARK = "\x00HEAD "  # starts a block the reader knows is a heading (an HTML <h2>)
ROW_MARK = "\x00ROW "  # starts a block the reader knows is a row of a data table
LINKS_MARK = "\x00LINKS "  # starts a block that is mostly link text (a menu, teasers)


@dataclass(frozen=True)
class CleanText:
    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]
    # the body in order, headings marked: (HEADING or PARAGRAPH, text)
    blocks: tuple[tuple[str, str], ...] = ()
    removed: tuple[tuple[str, str], ...] = ()  # (text, the rule that removed it)


# "LONDON, England (CNN) -- ", "WASHINGTON (Reuters) - ", "(AP) — ": a dateline with the
# credit of the agency or outlet that wrote the story
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"  # the city, in capitals
    r"(?:,\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?\s+)?"  # ", England"
    r"\((?P<credit>[A-Z][\w&.'’ -]{0,30}?)\)\s*(?:--|[-—–])\s*(?=\S)"
)


def split_dateline(paragraph: str) -> tuple[str, str] | None:
    """(credit, the rest) when the paragraph opens with a dateline ("MIAMI (CNN) -- A storm
    hit..." -> ("CNN", "A storm hit...")); None otherwise."""
    found = _DATELINE.match(paragraph)
    if found is None or len(paragraph) - found.end() < 20:
        return None
    return found["credit"].strip(), paragraph[found.end() :]


def clean_body(text: str, title: str = "") -> CleanText:
    """Turn raw body text into clean paragraphs (boilerplate removed, lines rejoined)."""
    removed: list[tuple[str, str]] = []
    blocks = _drop_repeated_title(_blocks(text), title, removed)
    kept: list[tuple[str, str]] = []
    headings: list[str] = []
    skipping_links = in_comments = False
    for block in blocks:
        if block.startswith(LINKS_MARK):
            removed.append((block.removeprefix(LINKS_MARK), "mostly links"))
            continue
        marked = block.startswith(HEADING_MARK)
        row = block.startswith(ROW_MARK)
        block = block.removeprefix(HEADING_MARK).removeprefix(ROW_MARK)
        # readers' comments come after the article: once they start, nothing is article
        in_comments = in_comments or (
            len(kept) >= COMMENTS_AFTER_BLOCKS and bool(noise.COMMENTS_START.match(block))
        )
        if in_comments:
            removed.append((block, "readers' comments"))
            continue
        if row:  # a table's row: its cells may look like a menu, but they are data
            if skipping_links:
                removed.append((block, "link list"))
            else:
                kept.append((PARAGRAPH, block))
            continue
        # A link-list heading ("Related Stories", "Read More:") is also a noise line; it is
        # looked at first, or the links under it would be kept as paragraphs.
        if block.lower().rstrip(":").strip() in noise.LINK_LIST_HEADINGS:
            removed.append((block, "link-list heading"))
            headings.append(block)
            skipping_links = True
            continue
        if noise.is_noise_line(block):
            removed.append((block, "boilerplate line"))
            _drop_attached_block(kept, block, removed)
            continue
        if marked or is_heading(block):
            headings.append(block)
            kept.append((HEADING, block))
            skipping_links = False
            continue
        if skipping_links:
            removed.append((block, "link list"))
        else:
            kept.append((PARAGRAPH, block))
    _drop_teaser_tail(kept, removed)
    # headings with no paragraph after them are kept out of the ordered body
    while kept and kept[-1][0] == HEADING:
        kept.pop()
    kept = [(kind, _unmarked(text)) for kind, text in kept]
    return CleanText(
        paragraphs=tuple(t for kind, t in kept if kind == PARAGRAPH),
        headings=tuple(_unmarked(h) for h in headings),
        blocks=tuple(kept),
        removed=tuple((_unmarked(text), rule) for text, rule in removed),
    )


_MARKS = re.compile("\x00(?:HEAD|ROW|LINKS|H1) ?")


def _unmarked(text: str) -> str:
    """A reader's mark is never text (one inside a block would show in a page)."""
    return _MARKS.sub("", text) if "\x00" in text else text


def is_heading(line: str) -> bool:
    """A known section heading, or a short Title Case line with no final punctuation."""
    key = line.lower().rstrip(":").strip()
    if key in noise.KNOWN_HEADINGS or key in noise.LINK_LIST_HEADINGS:
        return True
    words = line.split(None, 4)  # five parts are enough to tell a paragraph
    if not 1 <= len(words) <= 4 or _ends_finished(line) or words[-1].lower() in _FUNCTION_WORDS:
        return False
    return all(_HEADING_WORD.match(w) or w.lower() in _FUNCTION_WORDS for w in words)


def _ends_finished(line: str) -> bool:
    """Ends with terminal punctuation, a closing quote or bracket (a final newline aside).
    (A look at the last character: a regex anchored at the end tries every position.)"""
    return line.removesuffix("\n")[-1:] in _TERMINAL_CHARACTERS


def _blocks(text: str) -> list[str]:
    """Lines joined into blocks: a blank line or a finished sentence ends a block."""
    blocks: list[str] = []
    current = ""
    for raw in text.split("\n"):
        line = squeeze_spaces(raw)
        if not line:
            current = _flush(blocks, current)
            continue
        if _BULLET.match(line):
            current = _flush(blocks, current)
            line = _BULLET.sub("", line)
            if line:
                blocks.append(line)
            continue
        if current and _continues(current, line):
            current = f"{current} {line}"
        else:
            current = _flush(blocks, current)
            current = line
    _flush(blocks, current)
    return blocks


def _flush(blocks: list[str], current: str) -> str:
    if current:
        blocks.append(current)
    return ""


def _continues(previous: str, line: str) -> bool:
    """Was `line` broken off `previous` in the middle of a sentence?"""
    if _ends_finished(previous) or is_heading(previous):
        return False
    first = line[0]
    return first.islower() or previous[-1].islower() or previous[-1] in ",-–—("


def _drop_repeated_title(
    blocks: list[str], title: str, removed: list[tuple[str, str]]
) -> list[str]:
    key = _compare_key(title)
    if not key:
        return blocks
    kept = []
    for i, block in enumerate(blocks):
        text = block.removeprefix(HEADING_MARK)
        if i < 3 and _is_title_copy(_compare_key(text), key):
            removed.append((text, "repeated title"))
            continue
        rest = _after_title(text, key) if i < 3 else None
        if rest is None:
            kept.append(block)
        elif not rest or _is_stamp(rest):
            removed.append((text, "headline with its byline or date"))
        else:  # the headline glued onto the first sentence: the sentence stays
            removed.append((text[: len(text) - len(rest)].strip(), "repeated title"))
            kept.append(rest)
    return kept


HEADLINE_STAMP_MAX_WORDS = 25
_WORD_RUN = re.compile(r"\w+")
_STAMP_HINT = re.compile(r"\d{4}|\d:\d\d|\b(?:by|posted|updated|published)\b", re.IGNORECASE)


def _after_title(text: str, title_key: str) -> str | None:
    """What follows the headline (once or more) at the start of `text`, or None when the
    block does not start with it."""
    title_words = title_key.split()
    if len(title_words) < 3:
        return None
    rest, found = text, False
    while _compare_key(rest).startswith(title_key + " "):
        words = list(_WORD_RUN.finditer(rest))
        if len(words) <= len(title_words):
            return None
        rest = rest[words[len(title_words)].start() :]
        found = True
    return rest.strip() if found else None


def _is_stamp(rest: str) -> bool:
    """A byline, a date or both: "By William Langley Last Updated: 12:01am GMT 06/01/2008",
    "Staff and agencies 01 January, 2008"."""
    return len(rest.split()) <= HEADLINE_STAMP_MAX_WORDS and bool(_STAMP_HINT.search(rest))


def _is_title_copy(block_key: str, title_key: str) -> bool:
    """The headline again, or a near copy of it (a site name added or cut, a word changed):
    never a first paragraph that merely starts like it."""
    if block_key == title_key:
        return True
    block_words, title_words = block_key.split(), title_key.split()
    if len(title_words) < 3 or not block_words or len(block_words) > len(title_words) + 4:
        return False
    common = len(set(block_words) & set(title_words))
    precision, recall = common / len(set(block_words)), common / len(set(title_words))
    return precision >= 0.8 and recall >= 0.8


def _compare_key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


TEASER_HEADLINE_MAX_WORDS = 16
TEASER_TEXT_MAX_WORDS = 45
TEASER_RUN_MIN_HEADLINES = 3


def _drop_teaser_tail(kept: list[tuple[str, str]], removed: list[tuple[str, str]]) -> None:
    """Other stories' headlines (each perhaps with a line of teaser) after the article:
    from the first of three or more unfinished, capitalised short lines at its end, where
    nothing between them is longer than a teaser, the rest is not this article."""
    start, headlines = len(kept), 0
    for i in range(len(kept) - 1, 0, -1):
        kind, text = kept[i]
        words = len(text.split())
        if kind == PARAGRAPH and _teaser_headline(text, words):
            headlines += 1
            if headlines >= TEASER_RUN_MIN_HEADLINES:
                start = i
        elif kind == HEADING or words > TEASER_TEXT_MAX_WORDS:
            break
    # the article itself keeps at least as many words as the run holds
    run_words = sum(len(t.split()) for _, t in kept[start:])
    if start == len(kept) or sum(len(t.split()) for _, t in kept[:start]) < run_words:
        return
    removed.extend((text, "other stories' headlines") for _, text in kept[start:])
    del kept[start:]


def _teaser_headline(text: str, words: int) -> bool:
    """Not a list of the article's own (tour dates, "Spain (Group F): 11th appearance"),
    nor a line broken off before its link ("you can sign up for a")."""
    return (
        2 <= words <= TEASER_HEADLINE_MAX_WORDS
        and text[:1].isupper()
        and not _ends_finished(text)
        and text.rsplit(None, 1)[-1].lower() not in _FUNCTION_WORDS
        and not any(mark in text for mark in (":", " -- ", " – ", "\x00"))
    )


def _drop_attached_block(
    kept: list[tuple[str, str]], noise_line: str, removed: list[tuple[str, str]]
) -> None:
    """A photo credit follows its caption; a tweet attribution follows the tweet text."""
    last = next((i for i in range(len(kept) - 1, -1, -1) if kept[i][0] == PARAGRAPH), None)
    if last is None:
        return
    previous = kept[last][1]
    previous_words = len(previous.split())
    if noise.PHOTO_CREDIT.match(noise_line) and previous_words <= CAPTION_MAX_WORDS:
        if previous.count(". ") == 0:  # a caption is one sentence
            removed.append((kept.pop(last)[1], "photo caption"))
    elif noise.TWEET_ATTRIBUTION.match(noise_line) and previous_words <= TWEET_BODY_MAX_WORDS:
        removed.append((kept.pop(last)[1], "embedded tweet"))
