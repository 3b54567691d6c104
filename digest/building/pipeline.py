"""`digest build`: scan (I/O: read what looks new or changed) -> summarize what has no
stored summary (pure, in workers) -> plan (pure: entries, pages, digests, removals) ->
render (pure: path -> bytes) -> apply (I/O: atomic writes, then one state transaction).

The state's entries are read once at the start and every change is written once at the
end; in between it is only read from: the stored summaries of the files read and of the
pages being rendered.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from digest.building.plan import (
    Plan,
    Scan,
    needs_reading,
    newest_first,
    plan_build,
    summary_key,
    to_summarize,
)
from digest.building.state import Previous, State, SummaryKey
from digest.building.summaries import (
    SummaryOptions,
    engine_key,
    failure_reason,
    published_brief,
    summarize_all,
)
from digest.config import Settings
from digest.models import Brief, BuildReport, Digest, Skipped, Source, Summary
from digest.publishing import site
from digest.publishing.output import (
    brief_path,
    out_lock,
    remove_stale,
    remove_stale_temp_files,
    write_files,
)
from digest.reading.scan import Candidate, display_path, read_source
from digest.reading.scan import scan as scan_folder
from digest.summarizing.stories import make_stories
from digest.text.textutil import counted

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 120.0
PROGRESS_EVERY_SECONDS = 2.0
RENDER_CHUNK = 500  # brief pages rendered and written per batch
STORY_POOL_FACTOR = 3  # the stories feed groups this many times max_feed_items newest briefs

Ready = Callable[[Candidate], bool]


def summary_options(settings: Settings) -> SummaryOptions:
    return SummaryOptions(settings.timezone, settings.key_facts, settings.words_per_minute)


def build(
    settings: Settings,
    now: datetime | None = None,
    publish: bool = True,
    ready: Ready | None = None,
    publish_date: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build every output for the seeds folder; return what happened.

    publish: add the articles no digest holds yet to the digest of `publish_date`
    (default: settings.digest_date, else today). `digest watch` scans with
    publish=False and publishes once a day. ready: tells files still being written;
    they wait for a later build (an older brief of theirs stays meanwhile).
    """
    now = (now or settings.now()).astimezone(settings.tz).replace(microsecond=0)
    day = (publish_date or settings.digest_date or now.date().isoformat()) if publish else None
    window_start = (
        now - timedelta(hours=settings.digest_window_hours)
        if settings.digest_window_hours
        else None
    )
    options = summary_options(settings)
    engine = engine_key(options)
    with out_lock(settings.out_dir, LOCK_WAIT_SECONDS):
        remove_stale_temp_files(settings.out_dir)
        with State(settings.state_file) as state:
            previous = state.previous()
            scanned = scan(settings, previous, engine, ready)
            pending = to_summarize(scanned, previous.summary_keys, engine)
            made = _summarize(pending, options, engine, progress)
            summaries: dict[SummaryKey, Summary | Skipped] = dict(made)
            stored_keys = {summary_key(s, engine) for s in scanned.sources.values()} - made.keys()
            summaries.update(state.summaries(stored_keys))
            plan = plan_build(
                scanned,
                summaries,
                frozenset(made),
                previous,
                engine,
                now,
                day,
                window_start,
                site.render_key(settings),
            )
            for line in file_warnings(scanned, summaries, plan.skipped, engine):
                log.warning("%s", line)
            for level, message in plan.events:
                log.log(level, message)
            fresh = {k: s for k, s in made.items() if isinstance(s, Summary)}
            written, unchanged, removed = _render_and_write(settings, state, plan, fresh)
            new_summaries = tuple(
                fresh[e.summary_key] for e in plan.entries if e.summary_key in fresh
            )
            state.apply(replace(plan.changes, summaries=tuple(dict.fromkeys(new_summaries))))
    level = logging.INFO if written or removed else logging.DEBUG
    log.log(
        level,
        "wrote %s, %d unchanged, %d removed in %s",
        counted(written, "file"),
        unchanged,
        removed,
        settings.out_dir,
    )
    return BuildReport(
        briefs=len(plan.entries),
        summarized=plan.summarized,
        reused=plan.reused,
        skipped=plan.skipped,
        written=written,
        unchanged=unchanged,
        removed=removed + plan.removed,
        deferred=plan.deferred,
        published=plan.published,
    )


def scan(settings: Settings, previous: Previous, engine: str, ready: Ready | None) -> Scan:
    """Find the article files, and read those that are new or changed (I/O)."""
    found: list[Candidate] = []
    sources: dict[str, Source] = {}
    unreadable: dict[str, Skipped] = {}
    unlisted: list[str] = []
    deferred: set[str] = set()
    for item in scan_folder(settings.seeds_dir, exclude=settings.out_dir):
        if isinstance(item, Skipped):
            if item.folder:
                unlisted.append(item.path)
            unreadable[item.path] = item
            continue
        found.append(item)
        if ready is not None and not ready(item):
            deferred.add(item.relpath)
        elif needs_reading(item, previous.entries.get(item.relpath), engine):
            source = _read(item, settings.max_article_bytes)
            if isinstance(source, Skipped):
                unreadable[item.relpath] = source
            else:
                sources[item.relpath] = source
    log.debug("found %d article files in %s, read %d", len(found), settings.seeds_dir, len(sources))
    return Scan(
        found=tuple(c for c in found if c.relpath not in unreadable),
        sources=sources,
        unreadable=unreadable,
        unlisted=tuple(unlisted),
        deferred=frozenset(deferred),
        pages_present=_listing(settings.out_dir, "briefs"),
        digests_present=frozenset(
            name[: -len(".eml")]
            for name in _listing(settings.out_dir, "digests", prefix="")
            if name.endswith(".eml")
        ),
    )


def file_warnings(
    scanned: Scan,
    summaries: Mapping[SummaryKey, Summary | Skipped],
    skipped: Iterable[Skipped],
    engine: str,
) -> list[str]:
    """One warning line per file read this build, in path order: what reading and parsing
    it worked around (stored with its summary, so said each time the file is read, not only
    when it is summarized), and why it was skipped, if it was."""
    notes: dict[str, list[str]] = {}
    for relpath, source in scanned.sources.items():
        summary = summaries.get(summary_key(source, engine))
        parsed = summary.notes if isinstance(summary, Summary) else ()
        if source.notes or parsed:
            notes[relpath] = [*source.notes, *parsed]
    for item in skipped:
        notes.setdefault(item.path, []).append(item.warning)
    return [f"{display_path(path)}: {'; '.join(notes[path])}" for path in sorted(notes)]


def _read(candidate: Candidate, max_bytes: int) -> Source | Skipped:
    try:
        return read_source(candidate, max_bytes)
    except Exception as exc:  # one file must never stop the build
        log.debug("%s: reading failed", candidate.relpath, exc_info=True)
        return Skipped(candidate.relpath, failure_reason("reading", exc))


def _listing(out_dir: Path, folder: str, prefix: str | None = None) -> frozenset[str]:
    start = f"{folder}/" if prefix is None else prefix
    try:
        return frozenset(start + name for name in os.listdir(out_dir / folder))  # not a stat each
    except OSError:
        return frozenset()


def _summarize(
    sources: list[Source],
    options: SummaryOptions,
    engine: str,
    progress: Callable[[int, int], None] | None = None,
) -> dict[SummaryKey, Summary | Skipped]:
    """progress: told (done, total) as summaries come in (a terminal's progress bar);
    without it, a log line every few seconds."""
    results = summarize_all(sources, options, engine, progress or _Progress().step)
    return {summary_key(s, engine): r for s, r in zip(sources, results, strict=True)}


def _render_and_write(
    settings: Settings, state: State, plan: Plan, fresh: dict[SummaryKey, Summary]
) -> tuple[int, int, int]:
    """Render what the plan says changed and write it atomically; (written, unchanged,
    removed)."""
    out = settings.out_dir
    entries = {e.relpath: e for e in plan.entries}
    written = unchanged = 0

    def write(files: dict[str, bytes], durable: bool = True) -> None:
        nonlocal written, unchanged
        w, u = write_files(out, files, durable)
        written, unchanged = written + w, unchanged + u

    def briefs(relpaths: list[str]) -> dict[str, Brief]:
        wanted = [entries[r] for r in relpaths]
        stored = state.summaries(e.summary_key for e in wanted if e.summary_key not in fresh)
        published = (
            published_brief(fresh.get(e.summary_key) or stored[e.summary_key], e, settings.tz)
            for e in wanted
        )
        return {b.relpath: _with_outlet(b, settings) for b in published}

    for start in range(0, len(plan.pages), RENDER_CHUNK):
        chunk = briefs(list(plan.pages[start : start + RENDER_CHUNK]))
        write(site.brief_pages(settings, list(chunk.values())), durable=False)
    shown = max(settings.max_digest_briefs, settings.max_feed_items)
    newest = sorted(plan.entries, key=newest_first)
    feed_entries = newest[: settings.max_feed_items]
    story_entries = newest[: settings.max_feed_items * STORY_POOL_FACTOR]
    # the days shown whole: the digests rendered now, the index's (the latest) and the
    # daily feed's
    whole_days = (
        set(plan.days)
        | {  # (plan.digests are in date order)
            p.digest.date for p in plan.digests[-site.daily_feed_days(settings) :]
        }
    )
    wanted = {e.relpath for e in story_entries}
    for digest in plan.digests:
        if digest.digest.date in whole_days:
            wanted.update(e.relpath for e in digest.members[:shown])
    loaded = briefs(sorted(wanted))
    digests = []
    for p in plan.digests:
        shown_briefs = tuple(loaded[e.relpath] for e in p.members[:shown] if e.relpath in loaded)
        # stories are grouped once per build: for the story feeds, and for each day shown
        stories = tuple(make_stories(list(shown_briefs))) if p.digest.date in whole_days else ()
        digests.append(
            Digest(
                p.digest.date,
                p.digest.published,
                p.digest.updated,
                shown_briefs,
                len(p.members),
                stories,
            )
        )
    write(
        site.site_files(
            settings,
            [loaded[e.relpath] for e in feed_entries],
            digests,
            plan.days,
            make_stories([loaded[e.relpath] for e in story_entries]),
        )
    )
    expected = {brief_path(e.slug) for e in plan.entries}
    expected.update(name for p in plan.digests for name in site.digest_files(p.digest.date))
    removed = remove_stale(out, expected)
    return written, unchanged, removed


def _with_outlet(brief: Brief, settings: Settings) -> Brief:
    """The outlet configured for the article's folder, when the article names none."""
    outlet = "" if brief.source else settings.outlet_for(brief.relpath)
    return replace(brief, source=outlet) if outlet else brief


class _Progress:
    """One log line every few seconds during long builds."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def step(self, done: int, total: int) -> None:
        if time.monotonic() - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = time.monotonic()
            log.info("progress: %d of %s summarized", done, counted(total, "article"))
