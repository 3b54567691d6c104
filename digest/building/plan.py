"""The build plan: given what the scan found and what the state held, what changes. Pure.

Two records per article: a Summary (what a content says, cached by its key) and an Entry
(when and where it was published). A file that cannot be read or summarized this time
keeps its entry and the summary it points at, with one warning; only a file that is gone
retires its entry, so a past day's digest is never rewritten because a file was skipped
later, and a file that comes back is not announced again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from digest.building.identity import article_id, assign_slugs
from digest.building.state import DigestRow, Previous, StateChanges, SummaryKey
from digest.models import Entry, Skipped, Source, Summary
from digest.publishing.output import brief_path
from digest.reading.formats import kind_of
from digest.reading.scan import VANISHED, Candidate, display_path
from digest.text.textutil import counted

Event = tuple[int, str]  # a log level and one line


@dataclass(frozen=True)
class Scan:
    """What the scan of the seeds folder (and of the out folder's pages) found."""

    found: tuple[Candidate, ...] = ()  # every article file, in path order
    sources: Mapping[str, Source] = field(default_factory=dict)  # read this build
    unreadable: Mapping[str, Skipped] = field(default_factory=dict)  # found, not readable
    unlisted: tuple[str, ...] = ()  # folders that could not be listed
    deferred: frozenset[str] = frozenset()  # still being written; read later
    pages_present: frozenset[str] = frozenset()  # briefs/*.html in the out folder
    digests_present: frozenset[str] = frozenset()  # days whose .eml is in the out folder


@dataclass(frozen=True)
class DigestPlan:
    digest: DigestRow
    members: tuple[Entry, ...]  # newest first


@dataclass(frozen=True)
class Plan:
    entries: tuple[Entry, ...]  # every published article, in path order
    changes: StateChanges  # without the summaries, which the summarize stage makes
    pages: tuple[str, ...]  # relpaths whose brief page is rendered
    digests: tuple[DigestPlan, ...]  # by date
    days: frozenset[str]  # digests whose files are rendered
    published: tuple[str, ...]  # digest days this build published or updated
    skipped: tuple[Skipped, ...]
    events: tuple[Event, ...]
    summarized: int = 0
    reused: int = 0
    removed: int = 0
    deferred: int = 0


def needs_reading(candidate: Candidate, entry: Entry | None, engine: str) -> bool:
    """A file is read when it is new, looks changed on disk, or was summarized by another
    engine; size and mtime alone say that an unchanged file is unchanged."""
    return (
        entry is None
        or entry.engine != engine
        or (entry.size, entry.mtime_ns) != (candidate.size, candidate.mtime_ns)
    )


def summary_key(source: Source, engine: str) -> SummaryKey:
    return (source.content_hash, kind_of(source.relpath), engine)


def to_summarize(scan: Scan, cached: frozenset[SummaryKey], engine: str) -> list[Source]:
    """The sources whose summary is not stored yet, one per key."""
    wanted: dict[SummaryKey, Source] = {}
    for relpath in sorted(scan.sources):
        source = scan.sources[relpath]
        key = summary_key(source, engine)
        if key not in cached:
            wanted.setdefault(key, source)
    return list(wanted.values())


def plan_build(
    scan: Scan,
    summaries: Mapping[SummaryKey, Summary | Skipped],
    made: frozenset[SummaryKey],
    previous: Previous,
    engine: str,
    now: datetime,
    publish_day: str | None,
    window_start: datetime | None,
    render_key: str,
) -> Plan:
    """summaries: for every key of the sources read, its summary (or why it failed);
    made: the keys summarized by this build. publish_day: the digest day new articles
    join (None: none). window_start: a digest takes articles first seen after it."""
    events: list[Event] = []
    skipped: list[Skipped] = []
    kept: dict[str, Entry] = {}
    fresh: set[str] = set()  # relpaths whose entry points at another summary
    held = 0
    for candidate in scan.found:
        relpath = candidate.relpath
        old = previous.entries.get(relpath)
        source = scan.sources.get(relpath)
        if relpath in scan.deferred:
            events.append(
                (logging.DEBUG, f"{display_path(relpath)}: still being written; read later")
            )
            result: Entry | Skipped | None = old
        elif source is None:
            result = old  # unchanged on disk, same engine
        else:
            summary = summaries[summary_key(source, engine)]
            if isinstance(summary, Skipped):
                result = replace(summary, path=relpath)
            elif _held(summary, now) and (old is None or old.summary_key != summary.key):
                # dated a little ahead (an embargo, a clock off): published when it is due
                due = summary.date.isoformat() if summary.date else ""
                events.append(
                    (logging.INFO, f"{display_path(relpath)}: dated {due}; held until then")
                )
                held += 1
                result = old
            else:
                result = _entry_for(candidate, source, summary, old, now, events)
                if result.summary_key != (old.summary_key if old else None):
                    fresh.add(relpath)
        if isinstance(result, Skipped):
            skipped.append(result)
            result = old  # the last good summary stays published
        if result is not None:
            kept[relpath] = result
    for relpath, reason in scan.unreadable.items():
        if reason.reason == VANISHED:
            events.append((logging.DEBUG, f"{display_path(relpath)}: {VANISHED}"))
        else:
            skipped.append(reason)
        old = previous.entries.get(relpath)
        if old is not None:
            kept[relpath] = old
    _keep_entries_of_unlisted(scan.unlisted, previous, kept)
    for item in _duplicates(kept, previous):
        skipped.append(item)
        del kept[item.path]
        fresh.discard(item.path)
    retired = sorted(previous.entries.keys() - kept.keys())
    for relpath in retired:
        if not any(s.path == relpath for s in skipped):
            events.append(
                (
                    logging.INFO,
                    f"{display_path(relpath)}: gone from the seeds folder; removed from the feeds",
                )
            )
    named = _name_pages(kept)
    # counted once duplicates are gone: a brief whose summary this build made, or not
    summarized = sum(1 for e in named if e.summary_key in made)
    digests, digest_rows, digests_removed, published = _digests(
        named, previous, now, publish_day, window_start, events
    )
    everything = previous.render_key != render_key
    pages = tuple(
        e.relpath
        for e in named
        if everything
        or e.relpath in fresh
        or e.slug != _old_slug(previous, e.relpath)
        or brief_path(e.slug) not in scan.pages_present
    )
    days = frozenset(
        p.digest.date
        for p in digests
        if everything or p.digest.date in published or p.digest.date not in scan.digests_present
    )
    changed = tuple(e for e in named if previous.entries.get(e.relpath) != e)
    changes = StateChanges(
        entries=changed,
        retired=tuple(retired),
        digests=tuple(digest_rows),
        digests_removed=tuple(digests_removed),
        meta=(("render_key", render_key),) if everything else (),
    )
    return Plan(
        entries=tuple(named),
        changes=changes,
        pages=pages,
        digests=tuple(digests),
        days=days,
        published=tuple(published),
        skipped=tuple(skipped),
        events=tuple(events),
        summarized=summarized,
        reused=len(named) - summarized,
        removed=len(retired),
        deferred=len(scan.deferred) + held,
    )


def _entry_for(
    candidate: Candidate,
    source: Source,
    summary: Summary,
    old: Entry | None,
    now: datetime,
    events: list[Event],
) -> Entry:
    """The entry of a file read and summarized this build."""
    name = display_path(candidate.relpath)
    if old is not None and old.summary_key == summary.key:
        return replace(old, size=candidate.size, mtime_ns=candidate.mtime_ns)
    if old is None:
        events.append((logging.INFO, f"{name}: new; summarized"))
        first_seen, changed_at = now, None
    elif old.content_hash != source.content_hash:
        events.append((logging.INFO, f"{name}: changed; summarized again"))
        first_seen, changed_at = old.first_seen, now
    else:  # the same content, summarized by a new engine
        events.append(
            (logging.INFO, f"{name}: summarized again (the engine or its settings changed)")
        )
        first_seen, changed_at = old.first_seen, old.changed_at
    stated = summary.date
    if stated is not None and stated > now + MAX_HOLD:
        events.append(
            (
                logging.WARNING,
                f"{name}: date {stated.isoformat()} is more than {MAX_HOLD.days} days ahead, "
                "so wrong; using the first-seen time",
            )
        )
        stated = None
    published = stated or first_seen
    # the date the file says it was modified, once it is after publication and not ahead
    modified = (
        summary.modified if summary.modified and published < summary.modified <= now else None
    )
    updated = max(d for d in (published, changed_at, modified) if d is not None)
    return Entry(
        relpath=candidate.relpath,
        id=article_id(candidate.relpath),
        slug=old.slug if old else "",
        size=candidate.size,
        mtime_ns=candidate.mtime_ns,
        content_hash=summary.content_hash,
        kind=summary.kind,
        engine=summary.engine,
        first_seen=first_seen,
        changed_at=changed_at,
        published=published,
        updated=updated,
        digest_date=old.digest_date if old else None,
    )


MAX_HOLD = timedelta(days=7)


def _held(summary: Summary, now: datetime) -> bool:
    return summary.date is not None and now < summary.date <= now + MAX_HOLD


def _keep_entries_of_unlisted(
    unlisted: tuple[str, ...], previous: Previous, kept: dict[str, Entry]
) -> None:
    """A folder that could not be listed this time is not gone: its entries stay."""
    for folder in unlisted:
        prefix = "" if folder == "." else folder.rstrip("/") + "/"
        for relpath, entry in previous.entries.items():
            if relpath.startswith(prefix) and relpath not in kept:
                kept[relpath] = entry


def _duplicates(kept: dict[str, Entry], previous: Previous) -> list[Skipped]:
    """One article per content: the copy published first (else the first path) stays, so
    a new copy never takes the place, id and page of an existing article."""
    keeper: dict[str, Entry] = {}
    for entry in kept.values():
        best = keeper.get(entry.content_hash)
        if best is None or _keep_rank(entry, previous) < _keep_rank(best, previous):
            keeper[entry.content_hash] = entry
    return [
        Skipped(e.relpath, f"exact duplicate of {display_path(keeper[e.content_hash].relpath)}")
        for relpath, e in sorted(kept.items())
        if keeper[e.content_hash] is not e
    ]


def _keep_rank(entry: Entry, previous: Previous) -> tuple[bool, datetime, str]:
    stored = previous.entries.get(entry.relpath)
    return (stored is None, stored.first_seen if stored else entry.first_seen, entry.relpath)


def _name_pages(kept: dict[str, Entry]) -> list[Entry]:
    slugs = assign_slugs(list(kept), {r: e.slug for r, e in kept.items() if e.slug})
    return [replace(kept[r], slug=slugs[r]) for r in sorted(kept)]


def _old_slug(previous: Previous, relpath: str) -> str | None:
    old = previous.entries.get(relpath)
    return old.slug if old else None


def newest_first(entry: Entry) -> tuple[float, str]:
    return (-entry.published.timestamp(), entry.id)


def _digests(
    entries: list[Entry],
    previous: Previous,
    now: datetime,
    publish_day: str | None,
    window_start: datetime | None,
    events: list[Event],
) -> tuple[list[DigestPlan], list[DigestRow], list[str], list[str]]:
    """Each article is announced in at most one digest: the first one published after it
    was first seen, if that was within the window (None: since the previous digest).
    The new entries get their digest day in place."""
    members: dict[str, list[Entry]] = {}
    for index, entry in enumerate(entries):
        in_window = window_start is None or entry.first_seen > window_start
        if entry.digest_date is None and publish_day is not None and in_window:
            entry = entries[index] = replace(entry, digest_date=publish_day)
        if entry.digest_date is not None:
            members.setdefault(entry.digest_date, []).append(entry)
    plans, rows, published = [], [], []
    for date in sorted(members):
        group = sorted(members[date], key=newest_first)
        signature = "|".join(sorted(f"{e.relpath}:{e.content_hash}:{e.slug}" for e in group))
        stored = previous.digests.get(date)
        row = stored
        if stored is None:
            row = DigestRow(date, now, now, signature)
            events.append(
                (logging.INFO, f"digest {date} published with {counted(len(group), 'brief')}")
            )
        elif stored.signature != signature:
            row = DigestRow(date, stored.published, max(now, stored.published), signature)
            events.append(
                (logging.INFO, f"digest {date} updated: now {counted(len(group), 'brief')}")
            )
        assert row is not None
        if row != stored:
            rows.append(row)
            published.append(date)
        plans.append(DigestPlan(row, tuple(group)))
    removed = sorted(previous.digests.keys() - members.keys())
    for date in removed:
        events.append((logging.INFO, f"digest {date} removed: none of its articles is left"))
    return plans, rows, removed, published
