"""The data model: frozen dataclasses that flow through the stages.

read (Source) -> parse (Article) -> clean + split + summarize (Summary, holding a Brief)
-> publish (Entry: when and where; Brief with its id, page name and dates) -> render (Digest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a date for what has none


@dataclass(frozen=True)
class Skipped:
    """A file that was not turned into a brief, and why (one log line)."""

    path: str
    reason: str
    folder: bool = False  # a folder that could not be listed: what it held is not gone
    notes: tuple[str, ...] = ()  # what else was wrong, for the same one warning line

    @property
    def warning(self) -> str:
        """What the file's one warning line says after its name."""
        return "; ".join((*self.notes, f"skipped: {self.reason}"))


@dataclass(frozen=True)
class Source:
    """The decoded text of one article file and what the file system says of it."""

    relpath: str  # POSIX path relative to the seeds folder; the article's identity
    text: str
    content_hash: str
    notes: tuple[str, ...] = ()  # what was wrong and worked around, for the file's warning
    encoding: str = ""  # what the bytes were decoded as


@dataclass(frozen=True)
class Article:
    """An article's title, body paragraphs and metadata, before summarizing."""

    relpath: str
    title: str
    paragraphs: tuple[str, ...]  # cleaned body text, one string per paragraph
    headings: tuple[str, ...] = ()
    date: datetime | None = None  # from front matter or HTML metadata, if any
    source: str = ""
    url: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what was wrong and worked around, for the file's warning
    # what `digest read` shows: the body in order with its headings, what cleaning removed
    # and why, and where the date came from
    blocks: tuple[tuple[str, str], ...] = ()  # ("heading" | "paragraph", text)
    removed: tuple[tuple[str, str], ...] = ()  # (text, rule)
    date_source: str = ""
    updated: datetime | None = None  # the modified date the file states, if any
    language: str = ""
    # the file names no headline: `title` is its first sentence, and the brief makes a
    # headline from its topline instead
    title_from_text: bool = False
    image: str = ""  # the lead image the page names (og:image, front matter `image`)
    image_alt: str = ""
    # the section the article says it belongs to (a category, a page's article:section),
    # else its first front-matter tag; "" when it names none (keywords are not sections)
    section: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str  # "" when the text names nobody


@dataclass(frozen=True)
class StoryProfile:
    """What story grouping and the story brief need of an article's text, made when it is
    summarized (a brief's own sentences change with the key_facts setting; this does not)."""

    terms: tuple[tuple[str, int], ...]  # stems of the title and opening words, with counts
    names: tuple[str, ...]  # the people, places and organisations it names
    years: tuple[str, ...]  # the years its opening states ("2005")
    sentences: tuple[str, ...]  # its opening sentences, the candidates for story facts


@dataclass(frozen=True)
class Brief:
    """The key-facts brief of one article."""

    id: str  # stable: derived from the article's path in the seeds folder
    slug: str  # file name of its page under briefs/
    relpath: str
    title: str
    topline: str
    key_facts: tuple[str, ...]
    quotes: tuple[Quote, ...]
    numbers: tuple[str, ...]
    people: tuple[str, ...]
    places: tuple[str, ...]
    organizations: tuple[str, ...]
    tags: tuple[str, ...]
    word_count: int
    reading_minutes: int
    published: datetime
    updated: datetime
    source: str = ""
    url: str = ""
    author: str = ""
    content_hash: str = ""
    language: str = ""  # BCP 47 primary tag the article states ("de"), "" when unknown
    profile: StoryProfile | None = None  # made by a build; None for a brief made alone
    section: str = ""  # the first tag or category the article itself gives, if any
    image: str = ""  # an absolute http(s) URL of its lead image, if it names one
    image_alt: str = ""
    dated: bool = True  # False: the article states no date; `published` is when it was seen


@dataclass(frozen=True)
class Summary:
    """What one file's content says, by one engine: a pure function of the two, so it is
    cached by (content_hash, kind, engine) and shared by identical files."""

    content_hash: str
    kind: str  # the format the bytes were read as: "txt", "md" or "html"
    engine: str
    date: datetime | None  # the date the article states, if any
    brief: Brief  # without a publication's id, page name and dates (Entry has those)
    # what parsing worked around: said whenever the file is read, with its reading notes
    notes: tuple[str, ...] = field(default=(), compare=False)
    modified: datetime | None = None  # the modified date the article states, if any

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.content_hash, self.kind, self.engine)


@dataclass(frozen=True)
class Entry:
    """The publication record of one article file: its id and page, and when it was seen,
    published, changed and announced. It points at the last good Summary of the file, so
    a file that cannot be read or summarized for a while keeps what was published."""

    relpath: str
    id: str
    slug: str  # "" until the build names its page
    size: int  # of the file as last read successfully
    mtime_ns: int
    content_hash: str  # the key of the summary it shows, with kind and engine
    kind: str
    engine: str
    first_seen: datetime
    changed_at: datetime | None  # when its content last changed after it was first seen
    published: datetime
    updated: datetime
    digest_date: str | None  # the day of the one digest that announced it

    @property
    def summary_key(self) -> tuple[str, str, str]:
        return (self.content_hash, self.kind, self.engine)


@dataclass(frozen=True)
class Digest:
    """The briefs first announced in one day's digest."""

    date: str  # YYYY-MM-DD in the configured timezone
    published: datetime
    updated: datetime
    briefs: tuple[Brief, ...]  # newest first, as many as shown
    size: int  # how many briefs the digest holds in all
    stories: tuple[Story, ...]  # its shown briefs grouped, when its files are rendered, else ()


@dataclass(frozen=True)
class StoryFact:
    """One fact of a story: its sentence and every source that states it."""

    text: str
    sources: tuple[str, ...]  # brief ids; the first is the one quoted
    # where it stands in the first source: its article's sentences for a story of several
    # reports, its brief (0 = topline) for a story of one
    sentence: int
    position_score: float  # earlier is a little more central (the first sentence = 1)
    support_score: float  # the words other sources state too that it adds, per word
    redundant: tuple[str, ...] = ()  # sentences judged the same fact, from other sources

    @property
    def score(self) -> float:
        return self.position_score + self.support_score


@dataclass(frozen=True)
class Story:
    id: str  # stays the same when an article joins the story
    title: str
    topline: str
    facts: tuple[StoryFact, ...]
    briefs: tuple[Brief, ...]  # the lead first, then by date
    similarity: tuple[tuple[str, str, float], ...] = ()  # why the members were grouped
    why: tuple[str, ...] = ()  # what joined each member (aligned with briefs), for a reader

    @property
    def lead(self) -> Brief:
        return self.briefs[0]

    @property
    def published(self) -> datetime:
        return min(b.published for b in self.briefs)

    @property
    def updated(self) -> datetime:
        return max(b.updated for b in self.briefs)


@dataclass(frozen=True)
class BuildReport:
    briefs: int
    summarized: int
    reused: int
    skipped: tuple[Skipped, ...]
    written: int
    unchanged: int
    removed: int
    deferred: int = 0  # files still being written, left for a later build
    published: tuple[str, ...] = ()  # digest days published or updated by this build
