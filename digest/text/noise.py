"""What is not article text, kept as data (named patterns), apart from the code using it."""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Whole lines that are photo or image credits.
PHOTO_CREDIT = re.compile(
    r"""^(?:
        (?:getty|afp|ap|reuters|epa|shutterstock|alamy|bloomberg|sopa)(?:\s+images)?(?:\s+via\s+getty\s+images)?
      | (?:photo|image|picture|video|graphic|illustration)s?\s*(?:credit)?\s*(?:by|:|/|courtesy).{0,120}
      | (?:credit|source)\s*:.{0,120}
      | \(?(?:photo|image)\s+by\s+.{0,120}\)?
      | .{0,80}/\s*(?:getty\s+images|afp|ap|reuters|epa|shutterstock)(?:\s+via\s+getty\s+images)?\)?
    )\.?$""",
    _I | re.VERBOSE,
)

# Social calls to action and newsletter prompts.
CALL_TO_ACTION = re.compile(
    r"""^(?:
        follow\s+(?:me|us|him|her|the\s+author)\s+on\b.*
      | send\s+(?:me|us)\s+a\s+(?:secure\s+)?tip.*
      | (?:sign\s+up|subscribe)\b.{0,120}
      | (?:share|tweet|email|print)\s+(?:this|on)\b.{0,60}
      | click\s+here\b.{0,80}
      | (?:like|find)\s+us\s+on\s+facebook.*
      | get\s+(?:our|the)\s+(?:newsletter|app)\b.*
      | (?:download|install)\s+our\s+app.*
      | (?:e-?mail|send)\s+(?:it\s+|this\s+(?:story|article|page)?\s*)?to\s+a\s+friend\b.*
      | printable\s+version\b.{0,60}
      | post\s+this\s+(?:story|article)\s+to\b.{0,60}
      | search\s+for\s+more\s+stories\b.{0,100}
      | posted\s+by\s+[^.!?]{1,60}\s+(?:on|at)\s+[^.!?]{0,30}\d{4}[^.!?]{0,30}
      | talkbacks?\s+(?:for|on)\s+this\s+(?:article|story)\s*:?\s*\d*
      | (?:previous|next)\s+(?:story|article|post)\s*:.{0,160}
      | this\s+(?:article|story)\s+appeared\s+(?:on\s+page|in\s+print)\b.{0,100}
      | (?:write|send\s+(?:comments|tips|letters)|e-?mail|contact)\b.{0,120}@[\w-]+\.[\w.]+\b.{0,120}
    )$""",
    _I | re.VERBOSE,
)

# "Read More", "Read more: ...", "Continue reading", "Related:", "Advertisement".
READ_MORE = re.compile(
    r"^(?:read\s+(?:more|next|also)|continue\s+reading|see\s+also|related(?:\s+(?:articles|stories|coverage))?"
    r"|more\s+from\s+.{1,40}|recommended(?:\s+for\s+you)?|watch|listen)"
    r"\s*(?:[:»>…|-].{0,100})?$",
    _I,
)

# Advertisement labels in many languages; a line that short and containing one is an ad.
AD_WORDS = re.compile(
    r"\b(?:advertisement|advertising|sponsored(?:\s+content)?|promoted|anzeige|werbung|publicité"
    r"|publicidad|pubblicità|reklāma|reklama|reklaam|reklam|реклама|mainos|annonse|annons"
    r"|advertentie|publicidade|reklamı|διαφήμιση|広告|广告|광고)\b",
    _I,
)
AD_LINE_MAX_CHARS = 80

# The attribution line of an embedded tweet: "— Name (@handle) October 27, 2023".
TWEET_ATTRIBUTION = re.compile(r"^[—–-]\s*.{0,120}\(@\w{1,30}\)\s*.{0,40}\d{4}\s*$")
TWEET_LINK = re.compile(r"pic\.twitter\.com/\w+|https?://t\.co/\w+", _I)

# "Via Reuters |" and similar source fragments left by embeds.
VIA_FRAGMENT = re.compile(r"^(?:via|source|h/t|hat\s+tip)\s*:?\s*[\w .&'-]{1,40}\s*[|:]?\s*$", _I)

# Lines that are only a URL, a byline or a dateline stamp.
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", _I)
# "By Jane Doe", "BY JANE DOE, Associated Press", "By Jane Doe, Washington D.C."; not
# "By Monday, the storm had passed." nor "By Monday, President Biden had signed it."
BYLINE = re.compile(
    r"^(?:by|By|BY)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
    r"(?:\s*,\s*[A-Z][^!?]{0,60})?(?<![a-z]\.)$"
)

# Section headings of news sites (Forbes' "Topline", "Key Facts"...).
KNOWN_HEADINGS = frozenset(
    heading.strip()
    for heading in """
    topline|key facts|key background|further reading|news peg|crucial quote|big number
    |tangent|what to watch for|surprising fact|contra|chief critic|what we don't know
    |what we don’t know|background|context|what's next|what’s next|what happened
    |why it matters|the big picture|the bottom line|by the numbers|key takeaways|highlights
    |related|related articles|related stories|more on this story|editor's note|editor’s note
    |correction|update|timeline|analysis|reaction|forbes valuation|big picture|quick read
    """.split("|")
    if heading.strip()  # (each entry stripped: the line ends carry the indentation)
)

# After these headings come lists of links to other stories, not article text.
LINK_LIST_HEADINGS = frozenset(
    {
        "further reading",
        "related",
        "related articles",
        "related stories",
        "more on this story",
        "read more",
        "see also",
        "more from forbes",
        "recommended",
    }
)

# A page's legal footer: a copyright line, or terms and privacy policy named together.
COPYRIGHT = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d|\ball\s+rights\s+reserved\b|\bcopyright\s+(?:\(c\)\s*)?(?:19|20)\d\d",
    _I,
)
# Syndication and site disclaimers, in the words sites use for them.
DISCLAIMER = re.compile(
    r"may\s+not\s+be\s+(?:re)?published,\s+broadcast,\s+rewritten,?\s+or\s+redistributed"
    r"|^disclaimer\s*:|\bthe\s+views\s+expressed\s+(?:in|on)\b.{0,80}\bnot\s+necessarily\b"
    r"|^submit\s+a\s+story\b|\bif\s+you\s+have\s+(?:any\s+)?news\s+tips\b"
    r"|^subscribe\s+to\s+.{0,60}\brss\b"
    r"|\breproduction\s+in\s+whole\s+or\s+in\s+part\b"
    r"|^[\w.-]{2,40}(?:™|®)?\s+is\s+a\s+(?:registered\s+)?trade\s?mark\s+of\b"
    r"|^copyright\s+(?:and|&)\s+trade\s?marks?\s+notice$"
    r"|\bis\s+not\s+responsible\s+for\s+the\s+content\s+of\s+(?:any\s+)?(?:external|third-party)",
    _I,
)
LEGAL_LINE_MAX_CHARS = 800  # a legal footer runs longer than other boilerplate
# A line of navigation: three or more short parts between bars ("About || Contact | Jobs").
NAV_SEPARATOR = re.compile(r"\s*\|{1,2}\s*")
TERMS = re.compile(r"\bterms\s+(?:of\s+(?:use|service)|and\s+conditions)\b", _I)
PRIVACY = re.compile(r"\bprivacy\s+(?:policy|statement|notice)\b", _I)

# Where readers' comments begin: what follows is not the article.
# (a prompt on a line of its own, never a sentence that starts with the same words:
# "Have your say on the plans at a public meeting" is news)
COMMENTS_START = re.compile(
    r"""^(?:
        report\s+this\s+comment\b.*
      | (?:\d+\s+)?(?:reader\s+|readers'\s+)?comments?\s*(?:\(\d+\))?
      | have\s+your\s+say
      | (?:post|add|leave|write)\s+(?:a|your)\s+(?:comment|reply)
      | comments\s+are\s+(?:closed|moderated)
      | (?:print\s+)?(?:email\s+this\s+)?comment\s+posted\s+by\b.*
      | join\s+the\s+(?:discussion|conversation)
      | (?:submit|send|post)\s+your\s+comments?\b.{0,40}
      | we\s+welcome\s+your\s+comments\b.*
      | (?:log\s*in|sign\s*in|register)\s+to\s+(?:comment|post\s+a\s+comment|have\s+your\s+say)\b.{0,40}
      | have\s+your\s+say\s+(?:about|on)\s+this\s+(?:article|story)
      | posted\s+by\s*:.{0,80}
    )\s*[:.!]?$""",
    _I | re.VERBOSE,
)

# A line that is only a date or a time stamp, labelled or not: "Posted at 6:47am on 14
# Jan 2008", "UPDATED: 8:49 am EST January 23, 2008", "20:00, Dec 31 2007".
_STAMP_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_STAMP_WORDS = frozenset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december mon tue tues wed thu thur thurs fri sat
    sun monday tuesday wednesday thursday friday saturday sunday am pm a m p gmt utc est edt
    pst pdt cst cdt mst mdt bst cet cest et pt aest aedt ist on at posted updated published
    modified last of th st nd rd h""".split()
)
_STAMP_MONTH_OR_TIME = re.compile(
    r"\d:\d\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", _I
)
DATE_STAMP_MAX_CHARS = 90


_STAMP_PARTS = re.compile(r"\s+[-–|]\s+|\s*\|\s*")
STAMP_SOURCE_MAX_WORDS = 5


def is_date_stamp(line: str) -> bool:
    """Also with a source or a label beside it: "Associated Press - January 2, 2008 7:33
    AM ET", "MalaysiaSun.com | Thursday 17th January 2008 | Issue 1365"."""
    if len(line) > DATE_STAMP_MAX_CHARS or not _STAMP_MONTH_OR_TIME.search(line):
        return False
    parts = [p for p in _STAMP_PARTS.split(line) if p]
    if len(parts) > 1:
        dates = [_only_date(p) for p in parts]
        return any(dates) and all(
            is_date or len(p.split()) <= STAMP_SOURCE_MAX_WORDS
            for p, is_date in zip(parts, dates, strict=True)
        )
    return _only_date(line)


def _only_date(line: str) -> bool:
    if not _STAMP_MONTH_OR_TIME.search(line):
        return False
    tokens = _STAMP_TOKEN.findall(line.lower())
    return any(t.isdigit() for t in tokens) and all(
        t.isdigit() or t in _STAMP_WORDS for t in tokens
    )


NOISE_LINE_PATTERNS = (
    PHOTO_CREDIT,
    CALL_TO_ACTION,
    READ_MORE,
    TWEET_ATTRIBUTION,
    VIA_FRAGMENT,
    BARE_URL,
    BYLINE,
)


NOISE_LINE_MAX_CHARS = 300  # boilerplate lines are short; longer ones are checked for tweets only


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One regex matching where any of `patterns` matches, each keeping its own flags: one
    call per line instead of one per pattern (twice as fast)."""
    parts = []
    for pattern in patterns:
        if pattern.flags & ~(re.IGNORECASE | re.VERBOSE | re.UNICODE):
            raise ValueError(f"only the i and x flags can be scoped: {pattern.pattern!r}")
        flags = ("i" if pattern.flags & re.IGNORECASE else "") + (
            "x" if pattern.flags & re.VERBOSE else ""
        )
        # (a newline ends a verbose pattern's last comment before the group closes)
        body = pattern.pattern + ("\n" if pattern.flags & re.VERBOSE else "")
        parts.append(f"(?{flags}:{body})" if flags else f"(?:{body})")
    return re.compile("|".join(parts))


_ANY_NOISE_LINE = _any_of(NOISE_LINE_PATTERNS)


# Every legal or disclaimer pattern holds one of these: plain substring tests first keep
# the regexes off the ordinary line (they were most of the cleaning time).
_LEGAL_HINTS = (
    "©",
    "(c)",
    "rights reserved",
    "copyright",
    "terms of",
    "terms and",
    "disclaimer",
    "redistributed",
    "views expressed",
    "submit a story",
    "news tips",
    "rss",
    "reproduction",
    "trade mark",
    "trademark",
    "responsible for the content",
)


def _may_be_legal(line: str) -> bool:
    lower = line.lower()
    return any(map(lower.__contains__, _LEGAL_HINTS))


LEGAL_SENTENCE_MAX_CHARS = 150  # longer, a line naming a copyright or terms is news


def _legal_footer(line: str) -> bool:
    """ "© 2008 Example News", "Use of this site is governed by our Terms of Service and
    Privacy Policy...": not "Meta updated its terms of service and privacy policy on
    Tuesday, ..." nor "The photo, copyright 1998 by ..."."""
    opening = line[:40].lower()
    footer_shape = opening.startswith(
        (
            "©",
            "(c)",
            "copyright",
            "all rights",
            "use of this site",
            "this service is provided",
            "by using this site",
        )
    )
    if not footer_shape and len(line) > LEGAL_SENTENCE_MAX_CHARS:
        return False
    if COPYRIGHT.search(line) and (
        footer_shape or "©" in line or "rights reserved" in line.lower()
    ):
        return True
    return bool(
        TERMS.search(line)
        and PRIVACY.search(line)
        and (footer_shape or re.search(r"\b(?:our|please)\b", line, _I))
    )


def is_noise_line(line: str) -> bool:
    """True when a whole line is boilerplate rather than article text."""
    if ("twitter.com" in line or "t.co/" in line) and TWEET_LINK.search(line):
        return True
    if len(line) <= LEGAL_LINE_MAX_CHARS and _may_be_legal(line):
        if DISCLAIMER.search(line) or _legal_footer(line):
            return True
    if len(line) > NOISE_LINE_MAX_CHARS:
        return False
    if _ANY_NOISE_LINE.match(line) or is_date_stamp(line):
        return True
    if "|" in line and not (line.startswith("|") and line.endswith("|")):  # not a Markdown table
        parts = NAV_SEPARATOR.split(line.strip(" |"))
        dangling = line.rstrip().endswith("|") or line.lstrip().startswith("|")
        if len(parts) >= (1 if dangling else 3) and all(len(p.split()) <= 4 for p in parts):
            return True
    return len(line) <= AD_LINE_MAX_CHARS and bool(AD_WORDS.search(line))
