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
        if i < 3 and _is_title_copy(_compare_key(block.removeprefix(HEADING_MARK)), key):
            removed.append((block.removeprefix(HEADING_MARK), "repeated title"))
        else:
            kept.append(block)
    return kept


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
