"""`digest build`: a straight list of steps.

scan the seeds -> read, clean and summarize what is new or changed (state) ->
add new briefs to the day's digest -> render every output -> write atomically.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from digest import site
from digest.brief import Identity, make_brief
from digest.config import Settings
from digest.formats import parse_source
from digest.identity import article_id, assign_slugs
from digest.ingest import Candidate, display_path, read_source, scan
from digest.models import Brief, BuildReport, Digest, Skipped
from digest.output import out_lock, remove_stale_temp_files, write_site
from digest.state import ArticleRow, DigestRow, State

log = logging.getLogger(__name__)

# Stored briefs made by another engine version are summarized again.
ENGINE = "keyfacts-1"
LOCK_WAIT_SECONDS = 120.0
PROGRESS_EVERY_SECONDS = 2.0

Ready = Callable[[Candidate], bool]


@dataclass
class _Tally:
    summarized: int = 0
    reused: int = 0
    removed: int = 0
    deferred: int = 0
    changed: set[str] = field(default_factory=set)  # relpaths whose brief or page name changed


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
            briefs, skipped = _update_articles(settings, state, now, tally, ready)
            digests, published = _update_digests(state, briefs, now, day)
            plan = _render_plan(settings, state, briefs, digests, tally.changed, published)
            rendered = site.render_site(settings, briefs, digests, plan)
            written, unchanged, removed = write_site(
                settings.out_dir, rendered.files, rendered.expected
            )
            state.commit()
        finally:
            state.close()
    return BuildReport(
        briefs=len(briefs),
        summarized=tally.summarized,
        reused=tally.reused,
        skipped=tuple(skipped),
        written=written,
        unchanged=unchanged,
        removed=removed + tally.removed,
        deferred=tally.deferred,
        published=tuple(published),
    )


def _update_articles(
    settings: Settings, state: State, now: datetime, tally: _Tally, ready: Ready | None
) -> tuple[list[Brief], list[Skipped]]:
    rows = state.articles()
    found = list(scan(settings.seeds_dir))
    candidates = [c for c in found if isinstance(c, Candidate)]
    skipped = [s for s in found if isinstance(s, Skipped)]
    for item in skipped:
        _warn_skipped(item)
    log.debug("found %d article files in %s", len(candidates), settings.seeds_dir)
    briefs: list[Brief] = []
    kept_by_hash: dict[str, str] = {}
    progress = _Progress(len(candidates))
    for candidate in candidates:
        progress.step()
        row = rows.get(candidate.relpath)
        result: Brief | Skipped
        if ready is not None and not ready(candidate):
            tally.deferred += 1
            log.debug("%s: still being written; read later", display_path(candidate.relpath))
            if row is None:
                continue
            result = row.brief
        else:
            result = _brief_for(candidate, row, settings, state, now, tally)
        if isinstance(result, Skipped):
            _warn_skipped(result)
            skipped.append(result)
            continue
        original = kept_by_hash.setdefault(result.content_hash, candidate.relpath)
        if original != candidate.relpath:
            duplicate = Skipped(candidate.relpath, f"exact duplicate of {display_path(original)}")
            _warn_skipped(duplicate)
            skipped.append(duplicate)
            continue
        briefs.append(result)
    present = {b.relpath for b in briefs}
    candidate_paths = {c.relpath for c in candidates}
    for relpath in sorted(rows.keys() - present):
        state.delete_article(relpath)
        if relpath not in candidate_paths:
            log.info(
                "%s: gone from the seeds folder; removed from the feeds", display_path(relpath)
            )
        tally.removed += 1
    named = assign_slugs(briefs)
    for brief in named:
        stored = rows.get(brief.relpath)
        if brief.relpath in tally.changed or stored is None or stored.brief.slug != brief.slug:
            state.update_brief(brief.relpath, brief)
            tally.changed.add(brief.relpath)
    return named, skipped


def _render_plan(
    settings: Settings,
    state: State,
    briefs: list[Brief],
    digests: list[Digest],
    changed: set[str],
    published: list[str],
) -> site.RenderPlan:
    """Render only what changed, unless templates or settings changed since the last build."""
    key = site.render_key(settings)
    if state.get_meta("render_key") != key:
        state.set_meta("render_key", key)
        return site.RenderPlan()
    out = settings.out_dir
    missing_pages = {b.relpath for b in briefs if not (out / "briefs" / f"{b.slug}.html").exists()}
    missing_days = {d.date for d in digests if not (out / "digests" / f"{d.date}.eml").exists()}
    return site.RenderPlan(
        everything=False,
        briefs=frozenset(changed | missing_pages),
        digests=frozenset(set(published) | missing_days),
    )


def _brief_for(
    candidate: Candidate,
    row: ArticleRow | None,
    settings: Settings,
    state: State,
    now: datetime,
    tally: _Tally,
) -> Brief | Skipped:
    if (
        row
        and row.engine == ENGINE
        and (row.size, row.mtime_ns)
        == (
            candidate.size,
            candidate.mtime_ns,
        )
    ):
        tally.reused += 1
        return row.brief
    source = read_source(candidate, settings.max_article_bytes)
    if isinstance(source, Skipped):
        return source
    if row and row.engine == ENGINE and row.content_hash == source.content_hash:
        state.save_article(replace(row, size=candidate.size, mtime_ns=candidate.mtime_ns))
        tally.reused += 1
        return row.brief
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
    identity = Identity(
        id=article_id(candidate.relpath),
        slug="",
        published=published,
        updated=max(published, changed_at) if changed_at else published,
        content_hash=source.content_hash,
    )
    brief = make_brief(article, identity, settings.key_facts, settings.words_per_minute)
    state.save_article(
        ArticleRow(
            candidate.relpath,
            candidate.size,
            candidate.mtime_ns,
            source.content_hash,
            first_seen,
            changed_at,
            row.digest_date if row else None,
            ENGINE,
            brief,
        )
    )
    tally.summarized += 1
    tally.changed.add(candidate.relpath)
    return brief


def _update_digests(
    state: State, briefs: list[Brief], now: datetime, publish_day: str | None
) -> tuple[list[Digest], list[str]]:
    """Each article is announced in exactly one digest: the first one published after it was
    seen. Returns every digest and the days this build published or updated."""
    assigned = state.digest_dates()
    members: dict[str, list[Brief]] = {}
    for brief in briefs:
        date = assigned.get(brief.relpath)
        if date is None and publish_day is not None:
            date = publish_day
            state.set_digest_date(brief.relpath, date)
        if date is not None:
            members.setdefault(date, []).append(brief)
    stored = state.digests()
    digests, changed = [], []
    for date in sorted(members):
        group = sorted(members[date], key=lambda b: (-b.published.timestamp(), b.id))
        signature = "|".join(sorted(f"{b.id}:{b.content_hash}:{b.slug}" for b in group))
        row = stored.get(date)
        if row is None:
            row = DigestRow(date, now, now, signature)
            log.info("digest %s published with %d briefs", date, len(group))
        elif row.signature != signature:
            row = DigestRow(date, row.published, max(now, row.published), signature)
            log.info("digest %s updated: now %d briefs", date, len(group))
        if stored.get(date) != row:
            state.save_digest(row)
            changed.append(date)
        digests.append(Digest(date, row.published, row.updated, tuple(group)))
    for date in sorted(stored.keys() - members.keys()):
        state.delete_digest(date)
        log.info("digest %s removed: none of its articles is left", date)
    return digests, changed


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
