"""Everything a build writes, as {path in out/: bytes}. Pure: templates and data in, bytes out."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import css_inline

from digest import __version__
from digest.config import Settings
from digest.models import Brief, Digest, Story
from digest.publishing.feeds import FeedEntry, FeedInfo, atom_feed, json_feed, rss_feed
from digest.publishing.mail import compose_digest_message, message_bytes
from digest.publishing.output import DIGEST_SUFFIXES, brief_path, digest_path
from digest.publishing.render import long_date, render, templates_dir
from digest.summarizing.stories import MAX_FACTS
from digest.text.textutil import counted

EMAIL_HTML_MAX_BYTES = 100_000  # Gmail clips messages over 102 KB
FEEDS = (
    ("application/atom+xml", "Briefs (Atom)", "briefs.atom"),
    ("application/rss+xml", "Briefs (RSS)", "briefs.rss"),
    ("application/feed+json", "Briefs (JSON Feed)", "briefs.json"),
    ("application/atom+xml", "Daily digest (Atom)", "daily.atom"),
    ("application/rss+xml", "Daily digest (RSS)", "daily.rss"),
    ("application/atom+xml", "Stories (Atom)", "stories.atom"),
    ("application/rss+xml", "Stories (RSS)", "stories.rss"),
    ("application/feed+json", "Stories (JSON Feed)", "stories.json"),
)


DAILY_FEED_DAYS = 14  # each daily entry holds its whole day, so the feed keeps two weeks
OTHER_SECTION = "Other news"
MAX_SECTIONS_ALWAYS = 3  # up to this many sections are shown even of one story each


@dataclass(frozen=True)
class SiteInfo:
    title: str
    language: str
    feeds: tuple[dict[str, str], ...]
    lead_images: bool = False


@dataclass(frozen=True)
class Section:
    """Stories under one tag or category ("" when the day's articles carry none)."""

    name: str
    stories: tuple[Story, ...]


def day_sections(stories: Sequence[Story]) -> tuple[Section, ...]:
    """The stories by the section their lead article gives (its first tag or category; the
    rest under "Other news"), the section of the biggest story first, biggest stories first
    within each. One unnamed section when no article gives one."""
    if not any(story.lead.section for story in stories):
        return (Section("", tuple(stories)),) if stories else ()
    count = Counter(story.lead.section for story in stories)
    # many sections of one story each (a folder of many outlets) only scatter the day:
    # then a section needs two stories, and the others are other news
    scattered = len(count) > max(MAX_SECTIONS_ALWAYS, len(stories) // 3)
    named: dict[str, list[Story]] = {}
    for story in stories:  # biggest first: a section stands where its biggest story would
        section = story.lead.section
        if not section or scattered and count[section] < 2:
            section = OTHER_SECTION
        named.setdefault(section, []).append(story)
    if list(named) == [OTHER_SECTION]:
        return (Section("", tuple(stories)),)
    return tuple(Section(name, tuple(members)) for name, members in named.items())


def brief_pages(settings: Settings, briefs: list[Brief]) -> dict[str, bytes]:
    """briefs/<slug>.html for each brief."""
    site = _site_info(settings)
    return {
        brief_path(brief.slug): _utf8(render("brief.html", site=site, brief=brief, root="../"))
        for brief in briefs
    }


def site_files(
    settings: Settings,
    feed_briefs: list[Brief],
    digests: list[Digest],
    digest_days: frozenset[str],
    stories: list[Story],
) -> dict[str, bytes]:
    """index.html, the feeds, and the files of the digests of `digest_days`.

    feed_briefs: the newest briefs, newest first; digests: each with its newest briefs
    (and their stories, for those of digest_days); stories: the stories feed's."""
    site = _site_info(settings)
    newest_first = sorted(digests, key=lambda d: d.date, reverse=True)
    latest = newest_first[0] if newest_first else None
    day = _day_view(settings, latest) if latest else {}
    files = {
        "index.html": _utf8(
            render("index.html", site=site, root="", latest=latest, archive=newest_first, **day)
        )
    }
    for digest in digests:
        if digest.date in digest_days:
            files.update(_digest_files(settings, site, digest))
    files.update(_brief_feeds(settings, feed_briefs))
    files.update(_story_feeds(settings, stories))
    files.update(_daily_feeds(settings, newest_first))
    return files


def digest_files(date: str) -> tuple[str, ...]:
    return tuple(digest_path(date, suffix) for suffix in DIGEST_SUFFIXES)


def _site_info(settings: Settings) -> SiteInfo:
    return SiteInfo(
        settings.site_title,
        settings.language,
        tuple({"type": t, "title": n, "path": p} for t, n, p in FEEDS),
        settings.lead_images,
    )


def render_key(settings: Settings) -> str:
    """Changes whenever pages made earlier may be out of date: templates, version, settings."""
    digest_of = hashlib.sha256(__version__.encode())
    for path in sorted(templates_dir().rglob("*")):
        if path.is_file():
            digest_of.update(path.name.encode() + path.read_bytes())
    shown = (
        settings.site_title,
        settings.site_description,
        settings.language,
        settings.base_url,
        settings.key_facts,
        settings.max_digest_briefs,
        settings.max_feed_items,
        settings.email.sender,
        settings.email.recipients,
        settings.email.subject_prefix,
        settings.email.unsubscribe,
        settings.outlets,
        settings.feed_icon,
        settings.lead_images,
    )
    digest_of.update(repr(shown).encode())
    return digest_of.hexdigest()


def _brief_feeds(settings: Settings, newest: list[Brief]) -> dict[str, bytes]:
    entries = [
        FeedEntry(
            id=b.id,
            title=b.title,
            link=settings.base_url + brief_path(b.slug),
            published=b.published,
            updated=b.updated,
            content_html=render("feed_entry.html", brief=b).strip(),
            summary=b.topline or b.title,
            tags=b.tags,
            author=b.author,
            language=b.language,
        )
        for b in newest[: settings.max_feed_items]
    ]
    return _three_feeds(
        settings, "briefs", f"{settings.site_title}: every brief", entries, json=True
    )


def _story_feeds(settings: Settings, stories: list[Story]) -> dict[str, bytes]:
    newest = sorted(stories, key=lambda s: (-s.updated.timestamp(), s.id))
    entries = [
        FeedEntry(
            id=story.id,
            title=story.title,
            link=settings.base_url + brief_path(story.lead.slug),
            published=story.published,
            updated=story.updated,
            content_html=render(
                "story_entry.html", story=story, base_url=settings.base_url
            ).strip(),
            summary=story.topline or story.title,
            tags=story.lead.tags,
            explain=_explain_story(settings, story),
        )
        for story in newest[: settings.max_feed_items]
    ]
    return _three_feeds(settings, "stories", f"{settings.site_title}: stories", entries, json=True)


def _explain_story(settings: Settings, story: Story) -> dict[str, object]:
    """Why these articles are one story and why each fact was chosen (JSON Feed extension)."""
    link = {b.id: settings.base_url + brief_path(b.slug) for b in story.briefs}
    return {
        "sources": [
            {
                "id": b.id,
                "title": b.title,
                "url": link[b.id],
                "date_published": b.published.isoformat(timespec="seconds"),
            }
            for b in story.briefs
        ],
        "grouped": [{"lead": a, "member": b, "similarity": s} for a, b, s in story.similarity],
        "facts": [
            {
                "text": f.text,
                "sources": [link[i] for i in f.sources],
                "sentence": f.sentence,
                "position_score": f.position_score,
                "support_score": f.support_score,
                "redundant_with": list(f.redundant),
            }
            for f in story.facts
        ],
    }


def _daily_feeds(settings: Settings, digests: list[Digest]) -> dict[str, bytes]:
    """One entry a day holding the whole day's digest, stories first, so a feed reader
    shows the day's news itself (the digests without stories are those too old to show)."""
    entries = []
    for d in digests[: daily_feed_days(settings)]:
        day = _day_view(settings, d)
        entries.append(
            FeedEntry(
                id=settings.base_url + digest_path(d.date),
                title=f"{settings.site_title}: {long_date(d.date)}",
                link=settings.base_url + digest_path(d.date),
                published=d.published,
                updated=d.updated,
                content_html=render(
                    "daily_entry.html", digest=d, base_url=settings.base_url, **day
                ).strip(),
                summary=_day_summary(d, d.stories[: settings.max_digest_briefs]),
            )
        )
    return _three_feeds(settings, "daily", settings.site_title, entries, json=False)


def daily_feed_days(settings: Settings) -> int:
    """How many days the daily feed holds (each entry the whole of one)."""
    return min(settings.max_feed_items, DAILY_FEED_DAYS)


def _day_view(settings: Settings, digest: Digest) -> dict[str, object]:
    """What the index and a daily entry show of a day: its stories, in sections."""
    shown = digest.stories[: settings.max_digest_briefs]
    return {
        "sections": day_sections(shown),
        "story_count": len(shown),
        "hidden": digest.size - sum(len(story.briefs) for story in shown),  # articles
        "facts_per_story": max(settings.key_facts, MAX_FACTS),
    }


def _day_summary(digest: Digest, shown: Sequence[Story]) -> str:
    """ "3 stories from 5 articles: A · B · C" """
    count = counted(len(shown), "story", "stories")
    articles = counted(digest.size, "article")
    headlines = " · ".join(story.title for story in shown[:5])
    return f"{count} from {articles}: {headlines}" if headlines else articles


def _three_feeds(
    settings: Settings, name: str, title: str, entries: list[FeedEntry], json: bool
) -> dict[str, bytes]:
    def info(suffix: str) -> FeedInfo:
        url = f"{settings.base_url}{name}.{suffix}"
        return FeedInfo(
            title,
            settings.site_description,
            settings.base_url,
            url,
            settings.language,
            url,
            settings.feed_icon,
        )

    files = {
        f"{name}.atom": atom_feed(info("atom"), entries),
        f"{name}.rss": rss_feed(info("rss"), entries),
    }
    if json:
        files[f"{name}.json"] = json_feed(info("json"), entries)
    return files


def _digest_files(settings: Settings, site: SiteInfo, digest: Digest) -> dict[str, bytes]:
    prefix = settings.email.subject_prefix.strip()
    # "[News]" and the title are two words, however the prefix was written
    subject = f"{prefix} {settings.site_title}: {digest.date}".strip()
    html, text = _email_bodies(settings, site, digest, subject)
    message = compose_digest_message(
        subject=subject,
        html=html,
        text=text,
        email=settings.email,
        date=digest.published,
        base_url=settings.base_url,
        digest_date=digest.date,
    )
    return {
        digest_path(digest.date, ".html"): _utf8(html),
        digest_path(digest.date, ".txt"): _utf8(text),
        digest_path(digest.date, ".eml"): message_bytes(message),
    }


def _email_bodies(
    settings: Settings, site: SiteInfo, digest: Digest, subject: str
) -> tuple[str, str]:
    """Render the mail; show fewer stories, then fewer facts, until it fits under Gmail's clip."""
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    stories = digest.stories
    count = min(len(stories), settings.max_digest_briefs)
    facts, quotes = max(settings.key_facts, MAX_FACTS), 1
    while True:
        context = _email_context(settings, site, digest, stories, subject, count, facts, quotes)
        html = inliner.inline(render("email/digest.html", **context)).rstrip("\n") + "\n"
        if len(html.encode()) <= EMAIL_HTML_MAX_BYTES or count <= 1 and facts == 0:
            return html, render("email/digest.txt", **context)
        if quotes:
            quotes = 0
        elif facts > 2:
            facts -= 1
        elif count > 1:
            count = max(1, count * 3 // 4)
        else:
            facts = 0


def _email_context(
    settings: Settings,
    site: SiteInfo,
    digest: Digest,
    stories: Sequence[Story],
    subject: str,
    count: int,
    facts: int,
    quotes: int,
) -> dict[str, object]:
    shown = stories[:count]
    preheader = " · ".join(s.title for s in shown[:3])
    return {
        "site": site,
        "digest": digest,
        "subject": subject,
        "shown": shown,
        "sections": day_sections(shown),
        "hidden": digest.size - sum(len(story.briefs) for story in shown),  # articles
        "facts_per_brief": facts,
        "quotes_per_brief": quotes,
        "preheader": preheader[:150],
        "base_url": settings.base_url,
        "unsubscribe": settings.email.unsubscribe,
    }


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
