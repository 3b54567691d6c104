"""`digest build`: a straight list of steps.

scan the seeds -> read, clean and summarize what is new or changed (state) ->
add new briefs to the day's digest -> render what changed -> write atomically.
Only the light state of each article is held for the whole folder; briefs are
decoded from the state for the pages being rendered, a chunk at a time.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from digest.building.identity import article_id, assign_slugs
from digest.building.state import ArticleRow, DigestRow, State
from digest.config import Settings
from digest.models import Brief, BuildReport, Digest, Skipped
from digest.publishing import site
from digest.publishing.output import (
    brief_path,
    digest_path,
    out_lock,
    remove_stale,
    remove_stale_temp_files,
    write_files,
)
from digest.reading.formats import parse_source
from digest.reading.scan import VANISHED, Candidate, display_path, read_source, scan
from digest.summarizing.brief import Identity, make_brief

log = logging.getLogger(__name__)

# Stored briefs made by another engine version are summarized again.
ENGINE = "keyfacts-5"
LOCK_WAIT_SECONDS = 120.0
PROGRESS_EVERY_SECONDS = 2.0
RENDER_CHUNK = 500  # brief pages rendered and written per batch
STORY_POOL_FACTOR = 3  # the stories feed groups this many times max_feed_items newest briefs

Ready = Callable[[Candidate], bool]


@dataclass
class _Tally:
    summarized: int = 0
    reused: int = 0
    removed: int = 0
    deferred: int = 0
    written: int = 0
    unchanged: int = 0
    changed: set[str] = field(default_factory=set)  # relpaths whose brief or page name changed
    fresh: dict[str, Brief] = field(default_factory=dict)  # briefs made by this build


@dataclass(frozen=True)
class _DigestPlan:
    digest: DigestRow
    members: tuple[ArticleRow, ...]  # newest first


def build(
    settings: Settings,
    now: datetime | None = None,
    publish: bool = True,
    ready: Ready | None = None,
    publish_date: str | None = None,
) -> BuildReport:
    """Build every output for the seeds folder; return what happened.

    publish: add the articles no digest holds yet to the digest of `publish_date`
    (default: settings.digest_date, else today). `digest watch` scans with
    publish=False and publishes once a day. ready: tells files still being written;
    they wait for a later build (an older brief of theirs stays meanwhile).
    """
    now = (now or settings.now()).astimezone(settings.tz).replace(microsecond=0)
    day = (publish_date or settings.digest_date or now.date().isoformat()) if publish else None
    with out_lock(settings.out_dir, LOCK_WAIT_SECONDS):
        remove_stale_temp_files(settings.out_dir)
        state = State(settings.state_file)
        try:
            tally = _Tally()
            rows, skipped = _update_articles(settings, state, now, tally, ready)
            window_start = (
                now - timedelta(hours=settings.digest_window_hours)
                if settings.digest_window_hours
                else None
            )
            digests, published = _update_digests(state, rows, now, day, window_start)
            removed = _render(settings, state, rows, digests, published, tally)
            state.commit()
        finally:
            state.close()
    level = logging.INFO if tally.written or removed else logging.DEBUG
    log.log(
        level,
        "wrote %d files, %d unchanged, %d removed in %s",
        tally.written,
        tally.unchanged,
        removed,
        settings.out_dir,
    )
    return BuildReport(
        briefs=len(rows),
        summarized=tally.summarized,
        reused=tally.reused,
        skipped=tuple(skipped),
        written=tally.written,
        unchanged=tally.unchanged,
        removed=removed + tally.removed,
        deferred=tally.deferred,
        published=tuple(published),
    )


def _update_articles(
    settings: Settings, state: State, now: datetime, tally: _Tally, ready: Ready | None
) -> tuple[list[ArticleRow], list[Skipped]]:
    """The state row of every article in the folder, summarizing what is new or changed."""
    rows = state.rows()
    found = list(scan(settings.seeds_dir, exclude=settings.out_dir))
    candidates = [c for c in found if isinstance(c, Candidate)]
    skipped = [s for s in found if isinstance(s, Skipped)]
    for item in skipped:
        _warn_skipped(item)
    log.debug("found %d article files in %s", len(candidates), settings.seeds_dir)
    kept: list[ArticleRow] = []
    progress = _Progress(len(candidates))
    for candidate in candidates:
        progress.step()
        row = rows.get(candidate.relpath)
        result: ArticleRow | Skipped
        if ready is not None and not ready(candidate):
            tally.deferred += 1
            log.debug("%s: still being written; read later", display_path(candidate.relpath))
            if row is None:
                continue
            result = row
        else:
            result = _row_for(candidate, row, settings, state, now, tally)
        if isinstance(result, Skipped):
            if result.reason == VANISHED:
                log.debug("%s: %s", display_path(result.path), VANISHED)
                continue
            _warn_skipped(result)
            skipped.append(result)
            continue
        kept.append(result)
    kept = _without_duplicates(kept, rows, skipped)
    present = {r.relpath for r in kept}
    candidate_paths = {c.relpath for c in candidates}
    for relpath in sorted((rows.keys() | tally.fresh.keys()) - present):
        state.delete_article(relpath)
        tally.fresh.pop(relpath, None)
        if relpath in rows and relpath not in candidate_paths:
            log.info(
                "%s: gone from the seeds folder; removed from the feeds", display_path(relpath)
            )
        tally.removed += relpath in rows
    return _name_pages(state, kept, tally), skipped


def _without_duplicates(
    found: list[ArticleRow], known: dict[str, ArticleRow], skipped: list[Skipped]
) -> list[ArticleRow]:
    """One article per content: the copy the state already had (the earliest seen), else the
    first path, so a new copy never takes the place, id and page of an existing article."""
    keeper: dict[str, ArticleRow] = {}
    for row in found:
        best = keeper.get(row.content_hash)
        if best is None or _keep_rank(row, known) < _keep_rank(best, known):
            keeper[row.content_hash] = row
    kept = []
    for row in found:
        original = keeper[row.content_hash]
        if original is row:
            kept.append(row)
            continue
        duplicate = Skipped(row.relpath, f"exact duplicate of {display_path(original.relpath)}")
        _warn_skipped(duplicate)
        skipped.append(duplicate)
    return kept


def _keep_rank(row: ArticleRow, known: dict[str, ArticleRow]) -> tuple[bool, datetime, str]:
    stored = known.get(row.relpath)
    return (stored is None, stored.first_seen if stored else row.first_seen, row.relpath)


def _name_pages(state: State, rows: list[ArticleRow], tally: _Tally) -> list[ArticleRow]:
    slugs = assign_slugs([r.relpath for r in rows], {r.relpath: r.slug for r in rows if r.slug})
    named = []
    for row in rows:
        slug = slugs[row.relpath]
        if row.slug != slug:
            row = replace(row, slug=slug)
            state.update_row(row)
            tally.changed.add(row.relpath)
        fresh = tally.fresh.get(row.relpath)
        if fresh is not None and fresh.slug != slug:  # made before its page was named
            tally.fresh[row.relpath] = replace(fresh, slug=slug)
        named.append(row)
    return named


def _row_for(
    candidate: Candidate,
    row: ArticleRow | None,
    settings: Settings,
    state: State,
    now: datetime,
    tally: _Tally,
) -> ArticleRow | Skipped:
    current = row is not None and row.engine == engine_key(settings)
    if row and current and (row.size, row.mtime_ns) == (candidate.size, candidate.mtime_ns):
        tally.reused += 1
        return row
    source = read_source(candidate, settings.max_article_bytes)
    if isinstance(source, Skipped):
        return source
    if row and current and row.content_hash == source.content_hash:
        row = replace(row, size=candidate.size, mtime_ns=candidate.mtime_ns)
        state.update_row(row)
        tally.reused += 1
        return row
    suffix = "." + candidate.relpath.rsplit(".", 1)[-1].lower()
    article = parse_source(source, suffix, settings.tz)
    if isinstance(article, Skipped):
        return article
    first_seen = row.first_seen if row else now
    if row and row.content_hash != source.content_hash:
        changed_at: datetime | None = now
        log.info("%s: changed; summarized again", display_path(candidate.relpath))
    else:
        changed_at = row.changed_at if row else None
        log.info("%s: new; summarized", display_path(candidate.relpath))
    published = article.date or first_seen
    slug = row.slug if row else ""
    identity = Identity(
        id=article_id(candidate.relpath),
        slug=slug,
        published=published,
        updated=max(published, changed_at) if changed_at else published,
        content_hash=source.content_hash,
    )
    brief = make_brief(article, identity, settings.key_facts, settings.words_per_minute)
    new_row = ArticleRow(
        relpath=candidate.relpath,
        size=candidate.size,
        mtime_ns=candidate.mtime_ns,
        content_hash=source.content_hash,
        first_seen=first_seen,
        changed_at=changed_at,
        digest_date=row.digest_date if row else None,
        engine=engine_key(settings),
        slug=slug,
        published=published,
    )
    state.save_article(new_row, brief)
    tally.summarized += 1
    tally.changed.add(candidate.relpath)
    tally.fresh[candidate.relpath] = brief
    return new_row


def engine_key(settings: Settings) -> str:
    """Stored briefs are reused only if made by this engine with these settings."""
    return (
        f"{ENGINE}:facts={settings.key_facts}:wpm={settings.words_per_minute}"
        f":max={settings.max_article_bytes}"
    )


def _update_digests(
    state: State,
    rows: list[ArticleRow],
    now: datetime,
    publish_day: str | None,
    window_start: datetime | None,
) -> tuple[list[_DigestPlan], list[str]]:
    """Each article is announced in at most one digest: the first one published after it was
    first seen, if that was within the window (None: since the previous digest). Returns
    every digest and the days this build published or updated."""
    members: dict[str, list[ArticleRow]] = {}
    for row in rows:
        in_window = window_start is None or row.first_seen > window_start
        if row.digest_date is None and publish_day is not None and in_window:
            row = replace(row, digest_date=publish_day)
            state.update_row(row)
        if row.digest_date is not None:
            members.setdefault(row.digest_date, []).append(row)
    stored = state.digests()
    plans, changed = [], []
    for date in sorted(members):
        group = sorted(members[date], key=_newest_first)
        signature = "|".join(sorted(f"{r.relpath}:{r.content_hash}:{r.slug}" for r in group))
        digest_row = stored.get(date)
        if digest_row is None:
            digest_row = DigestRow(date, now, now, signature)
            log.info("digest %s published with %d briefs", date, len(group))
        elif digest_row.signature != signature:
            digest_row = DigestRow(
                date, digest_row.published, max(now, digest_row.published), signature
            )
            log.info("digest %s updated: now %d briefs", date, len(group))
        if stored.get(date) != digest_row:
            state.save_digest(digest_row)
            changed.append(date)
        plans.append(_DigestPlan(digest_row, tuple(group)))
    for date in sorted(stored.keys() - members.keys()):
        state.delete_digest(date)
        log.info("digest %s removed: none of its articles is left", date)
    return plans, changed


def _render(
    settings: Settings,
    state: State,
    rows: list[ArticleRow],
    digests: list[_DigestPlan],
    published: list[str],
    tally: _Tally,
) -> int:
    """Render and write what changed (everything when templates or settings changed)."""
    out = settings.out_dir
    key = site.render_key(settings)
    everything = state.get_meta("render_key") != key
    try:
        present = {f"briefs/{name}" for name in os.listdir(out / "briefs")}  # not a stat each
    except OSError:
        present = set()
    pages = [
        r.relpath
        for r in rows
        if everything or r.relpath in tally.changed or brief_path(r.slug) not in present
    ]
    for chunk in _chunks(pages, RENDER_CHUNK):
        chunk_briefs = _briefs(state, tally, chunk)
        _write(settings, tally, site.brief_pages(settings, list(chunk_briefs.values())))
    days = frozenset(
        plan.digest.date
        for plan in digests
        if everything
        or plan.digest.date in published
        or not (out / digest_path(plan.digest.date, ".eml")).exists()
    )
    shown = max(settings.max_digest_briefs, settings.max_feed_items)
    newest = sorted(rows, key=_newest_first)
    feed_rows = newest[: settings.max_feed_items]
    story_rows = newest[: settings.max_feed_items * STORY_POOL_FACTOR]
    latest = digests[-1].digest.date if digests else None
    wanted = {r.relpath for r in story_rows}
    for plan in digests:
        if plan.digest.date in days or plan.digest.date == latest:
            wanted.update(r.relpath for r in plan.members[:shown])
    briefs = _briefs(state, tally, sorted(wanted))
    digest_objects = [
        Digest(
            plan.digest.date,
            plan.digest.published,
            plan.digest.updated,
            tuple(briefs[r.relpath] for r in plan.members[:shown] if r.relpath in briefs),
            len(plan.members),
        )
        for plan in digests
    ]
    feed_briefs = [briefs[r.relpath] for r in feed_rows]
    story_briefs = [briefs[r.relpath] for r in story_rows]
    _write(
        settings, tally, site.site_files(settings, feed_briefs, digest_objects, days, story_briefs)
    )
    expected = {brief_path(r.slug) for r in rows}
    expected.update(name for plan in digests for name in site.digest_files(plan.digest.date))
    removed = remove_stale(out, expected)
    if everything:
        state.set_meta("render_key", key)
    return removed


def _briefs(state: State, tally: _Tally, relpaths: list[str]) -> dict[str, Brief]:
    """Briefs made by this build, else decoded from the state (both with their page names)."""
    stored = state.briefs(r for r in relpaths if r not in tally.fresh)
    result = {}
    for relpath in relpaths:
        brief = tally.fresh.get(relpath) or stored.get(relpath)
        if brief is not None:
            result[relpath] = brief
    return result


def _write(settings: Settings, tally: _Tally, files: dict[str, bytes]) -> None:
    written, unchanged = write_files(settings.out_dir, files)
    tally.written += written
    tally.unchanged += unchanged


def _newest_first(row: ArticleRow) -> tuple[float, str]:
    return (-row.published.timestamp(), article_id(row.relpath))


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _warn_skipped(item: Skipped) -> None:
    log.warning("%s: skipped: %s", display_path(item.path), item.reason)


class _Progress:
    """One log line every few seconds during long builds."""

    def __init__(self, total: int):
        self.total, self.done, self.last = total, 0, time.monotonic()

    def step(self) -> None:
        self.done += 1
        if time.monotonic() - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = time.monotonic()
            log.info("progress: %d/%d articles", self.done, self.total)
