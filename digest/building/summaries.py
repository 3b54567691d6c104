"""Summaries: a file's content and the engine in, its parsed article's brief out. Pure.

Each file is summarized behind one error boundary: whatever goes wrong while parsing,
cleaning or summarizing it becomes a reason naming the stage, never an exception that
stops the build. Many files are summarized in worker processes.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import multiprocessing.context
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from digest import __version__
from digest.models import EPOCH, Article, Brief, Entry, Skipped, Source, Summary
from digest.reading.formats import kind_of, parse_source
from digest.summarizing.brief import Identity, make_brief
from digest.summarizing.grouping import story_profile
from digest.summarizing.names import load_model as load_names_model
from digest.summarizing.selector import make_document
from digest.text.textutil import one_line

log = logging.getLogger(__name__)

PARALLEL_MIN_FILES = 48  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 8
REASON_MAX_CHARS = 200

# What decides a summary: every file of these stages, code and data (the scorer's weights
# file, the noise patterns, the cleaning rules). A change to any of them is a new engine,
# so stored summaries are remade: nobody has to remember to bump a version.
_PACKAGE = Path(__file__).resolve().parents[1]
ENGINE_SOURCES = ("reading", "text", "summarizing", "building/summaries.py")


@dataclass(frozen=True)
class SummaryOptions:
    """The settings that change a brief."""

    timezone: str = "UTC"  # for dates the file states without a zone
    key_facts: int = 4
    words_per_minute: int = 230

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def engine_key(options: SummaryOptions) -> str:
    """Stored summaries are reused only if made by this code with these options."""
    return f"{_code_hash()}:{options.timezone}:facts={options.key_facts}:wpm={options.words_per_minute}"


@lru_cache(maxsize=1)
def _code_hash() -> str:
    digest_of = hashlib.sha256(__version__.encode())
    for name in ENGINE_SOURCES:
        place = _PACKAGE / name
        files = sorted(engine_files(place)) if place.is_dir() else [place]
        for path in files:
            digest_of.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest_of.update(path.read_bytes())
    return digest_of.hexdigest()[:16]


ENGINE_SUFFIXES = (".py", ".json")  # code and the models' data; not an editor's stray file


def engine_files(folder: Path) -> list[Path]:
    """The files of a stage's folder that decide a summary: its code and data files."""
    return [
        p
        for p in folder.rglob("*")
        if p.suffix in ENGINE_SUFFIXES and p.is_file() and "__pycache__" not in p.parts
    ]


def summarize_source(source: Source, options: SummaryOptions, engine: str) -> Summary | Skipped:
    """Parse, clean and summarize one decoded file; a Skipped naming the stage that failed."""
    stage = "parsing"
    try:
        kind = kind_of(source.relpath)
        article = parse_source(source, "." + kind, options.tz)
        if isinstance(article, Skipped):
            return article
        stage = "summarizing"
        identity = Identity(id="", slug="", published=EPOCH, updated=EPOCH, content_hash="")
        document = make_document(article.title, article.paragraphs, article.language)
        brief = make_brief(
            article, identity, options.key_facts, options.words_per_minute, document=document
        )
        names = (*brief.people, *brief.places, *brief.organizations)
        profile = story_profile(article.title, document.sentences, names, article.language)
    except Exception as exc:  # one bad file must never stop the build: say which and why
        log.debug("%s: %s failed", source.relpath, stage, exc_info=True)
        return Skipped(source.relpath, failure_reason(stage, exc))
    brief = replace(brief, relpath="", profile=profile)
    return Summary(
        source.content_hash, kind, engine, article.date, brief, article.notes, article.updated
    )


def parse_file(path: Path, timezone: str) -> tuple[Source, Article] | Skipped:
    """One article file named on the command line (`digest brief`, `digest read`), read
    and parsed as a build reads and parses it, behind the same boundary."""
    from digest.config import MAX_ARTICLE_BYTES
    from digest.reading.scan import read_file

    source = read_file(path, MAX_ARTICLE_BYTES)
    if isinstance(source, Skipped):
        return source
    try:
        article = parse_source(source, "." + kind_of(source.relpath), ZoneInfo(timezone))
    except Exception as exc:  # the file's fault, not the command's: say which stage
        return Skipped(str(path), failure_reason("parsing", exc), notes=source.notes)
    if isinstance(article, Skipped):
        return Skipped(str(path), article.reason, notes=(*source.notes, *article.notes))
    return source, article


def failure_reason(stage: str, exc: BaseException) -> str:
    detail = one_line(str(exc))[:REASON_MAX_CHARS] or "no detail"
    return f"{stage} failed ({type(exc).__name__}: {detail}); the file was left out"


def published_brief(summary: Summary, entry: Entry, tz: ZoneInfo) -> Brief:
    """The brief as published: the summary's text with the entry's id, page and dates,
    shown in the configured zone (the entry keeps the offset the article gave)."""
    return replace(
        summary.brief,
        id=entry.id,
        slug=entry.slug,
        relpath=entry.relpath,
        published=entry.published.astimezone(tz),
        updated=entry.updated.astimezone(tz),
        content_hash=entry.content_hash,
        dated=summary.date is not None,
    )


Progress = Callable[[int, int], None]

# A worker's sources, set when the pool forks it: it gets only index ranges to work on.
_Job = tuple[list[Source], SummaryOptions, str]
_worker_job: _Job = ([], SummaryOptions(), "")


def summarize_all(
    sources: list[Source],
    options: SummaryOptions,
    engine: str,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Iterator[Summary | Skipped]:
    """The summary (or the reason it failed) of each source, in order; in worker
    processes when there are many."""
    workers = workers or min(_usable_cpus(), 4)
    if workers < 2 or len(sources) < PARALLEL_MIN_FILES:
        results: Iterable[list[Summary | Skipped]] = (
            [summarize_source(s, options, engine)] for s in sources
        )
        yield from _counted(results, len(sources), progress)
        return
    ranges = [(start, start + CHUNK_FILES) for start in range(0, len(sources), CHUNK_FILES)]
    job = (sources, options, engine)
    yield from _counted(_in_workers(job, ranges, workers), len(sources), progress)


def _in_workers(
    job: _Job, ranges: list[tuple[int, int]], workers: int
) -> Iterator[list[Summary | Skipped]]:
    """The ranges' results, in order, from a pool of forked workers. A file that kills its
    worker (a crash in a C extension, the out-of-memory killer) must not hang or stop the
    build: the range that was waited on is summarized again one file per process, so only
    the file that kills its process is skipped, and a new pool takes the rest."""
    load_names_model()  # once, before the fork: each worker has it then
    context = multiprocessing.get_context("fork")
    remaining = list(ranges)
    while remaining:
        done = 0
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(job,)
        ) as pool:
            futures = [pool.submit(_summarize_range, span) for span in remaining]
            try:
                for future in futures:
                    yield future.result()
                    done += 1
            except BrokenProcessPool:
                pass
        if done < len(remaining):
            yield _each_alone(job, remaining[done], context)
            done += 1
        remaining = remaining[done:]


def _each_alone(
    job: _Job, span: tuple[int, int], context: multiprocessing.context.BaseContext
) -> list[Summary | Skipped]:
    results: list[Summary | Skipped] = []
    for index in range(span[0], min(span[1], len(job[0]))):
        with ProcessPoolExecutor(
            1, mp_context=context, initializer=_start_worker, initargs=(job,)
        ) as pool:
            try:
                results += pool.submit(_summarize_range, (index, index + 1)).result()
            except BrokenProcessPool:
                relpath = job[0][index].relpath
                log.debug("%s: the worker process summarizing it died", relpath)
                results.append(
                    Skipped(
                        relpath,
                        "summarizing failed (the process summarizing it died); "
                        "the file was left out",
                    )
                )
    return results


def _counted(
    blocks: Iterable[list[Summary | Skipped]], total: int, progress: Progress | None
) -> Iterator[Summary | Skipped]:
    done = 0
    for block in blocks:
        for result in block:
            done += 1
            if progress is not None:
                progress(done, total)
            yield result


def _start_worker(job: _Job) -> None:
    global _worker_job
    _worker_job = job
    gc.disable()  # a worker lives for one build and makes no cycles worth collecting


def _summarize_range(span: tuple[int, int]) -> list[Summary | Skipped]:
    sources, options, engine = _worker_job
    return [summarize_source(s, options, engine) for s in sources[span[0] : span[1]]]


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
