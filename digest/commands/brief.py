"""`digest brief`: key-facts briefs for single files or JSONL records, without a build.

The JSONL interface is what our own evaluation uses: one object per line with `id`,
`text` and optionally `title`; one output line per input line, in order, with the
N selected sentences (verbatim, in document order) and the brief. A bad line gets
{"id": ..., "error": ...}, never a crash.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from digest.models import EPOCH, Article, Brief, Skipped
from digest.summarizing.brief import Identity, brief_headline, make_brief
from digest.summarizing.names import load_model as load_names_model
from digest.summarizing.selector import KeyFactSelector, make_document
from digest.text.clean import clean_body

log = logging.getLogger(__name__)
_SELECTOR = KeyFactSelector()


def brief_record(
    record_id: str, text: str, title: str, sentences: int, key_facts: int = 4
) -> dict[str, Any]:
    """The JSONL answer for one record: the selected sentences and the brief."""
    cleaned = clean_body(text, title)
    article = Article(
        relpath=record_id, title=title, paragraphs=cleaned.paragraphs, headings=cleaned.headings
    )
    document = make_document(title, cleaned.paragraphs)
    picked = [document.sentences[i] for i in _SELECTOR(document, sentences)]
    brief = make_brief(
        article,
        Identity(record_id, "", EPOCH, EPOCH, ""),
        key_facts,
        summarizer=_SELECTOR,
        document=document,
    )
    return {"id": record_id, "sentences": picked, "brief": brief_json(brief)}


def brief_json(brief: Brief) -> dict[str, Any]:
    """The parts of a brief a reader (or a benchmark) wants, as plain JSON."""
    return {
        "title": brief.title,
        "topline": brief.topline,
        "key_facts": list(brief.key_facts),
        "quotes": [{"text": q.text, "speaker": q.speaker} for q in brief.quotes],
        "numbers": list(brief.numbers),
        "people": list(brief.people),
        "places": list(brief.places),
        "organizations": list(brief.organizations),
        "tags": list(brief.tags),
        "word_count": brief.word_count,
        "reading_minutes": brief.reading_minutes,
    }


PARALLEL_MIN_LINES = 64  # below this, starting worker processes costs more than it saves
CHUNK_LINES = 8
# A worker's input lines, set when the pool forks it: it gets only (start, end) ranges to
# work on, so the parent does not copy every article through a pipe.
_worker_input: list[tuple[int, str | bytes]] = []


def jsonl_briefs(
    lines: Iterable[str | bytes], sentences: int, workers: int | None = None
) -> Iterator[bytes]:
    """The JSONL answer to JSONL input, in UTF-8 blocks of whole lines: one line out for
    each line in, in order; errors are reported in the line."""
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    workers = workers or min(_usable_cpus(), 4)
    if workers < 2 or len(numbered) < PARALLEL_MIN_LINES:
        for number, line in numbered:
            yield _jsonl_line(number, line, sentences) + b"\n"
        return
    ranges = [
        (start, start + CHUNK_LINES, sentences) for start in range(0, len(numbered), CHUNK_LINES)
    ]
    # Forked, the workers get `numbered` as it is in memory (fork pickles no initargs), and
    # the name finder's model too, loaded once here rather than once in each worker.
    load_names_model()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(numbered,)) as pool:
        yield from pool.imap(_jsonl_block, ranges)


def _start_worker(numbered: list[tuple[int, str | bytes]]) -> None:
    global _worker_input
    _worker_input = numbered
    # A worker lives for one batch and makes no reference cycles worth collecting: without
    # the cyclic garbage collector it does 1% less work.
    gc.disable()


def _jsonl_block(job: tuple[int, int, int]) -> bytes:
    """Runs in a worker: the answer lines for a range of the input, encoded there, so the
    parent (which shares the CPUs) only copies bytes to its output."""
    start, end, sentences = job
    lines = [_jsonl_line(number, line, sentences) for number, line in _worker_input[start:end]]
    return b"\n".join(lines) + b"\n"


def _usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, which a cpuset limits)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _jsonl_line(number: int, line: str | bytes, sentences: int) -> bytes:
    """One answer line, UTF-8 encoded, without its newline."""
    record_id: Any = f"line-{number}"
    try:
        if isinstance(line, bytes):
            line = line.decode("utf-8")  # a line that is not UTF-8 gets its error line
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("a line must be a JSON object")
        record_id = record.get("id", record_id)
        text, title = record.get("text"), record.get("title") or ""
        if not isinstance(text, str) or not isinstance(title, str):
            raise ValueError("`text` (and `title`, when given) must be strings")
        result = brief_record(str(record_id), text, title, sentences)
        result["id"] = record_id
    except (ValueError, RecursionError) as exc:
        result = {"id": record_id, "error": f"line {number}: {exc}"}
    try:
        return json.dumps(result, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the input) stays escaped
        return json.dumps(result).encode("ascii")


_LOOKS_LIKE_HTML = re.compile(rb"<(?:!doctype|html|head|body|article|p)\b", re.IGNORECASE)


def stdin_copy(data: bytes, folder: Path) -> Path:
    """Standard input as a file in `folder`, named for the kind of article it holds
    (front matter: Markdown; tags: HTML; else text), so it is read as a build reads files."""
    head = data[:2048].lstrip()
    if head.startswith(b"---"):
        suffix = ".md"
    elif _LOOKS_LIKE_HTML.search(head):
        suffix = ".html"
    else:
        suffix = ".txt"
    path = folder / f"stdin{suffix}"
    path.write_bytes(data)
    return path


def brief_file(path: Path, timezone: str, key_facts: int = 4) -> Brief | Skipped:
    """The brief of one article file, read, cleaned and summarized as a build would."""
    from digest.building.identity import article_id, base_slug
    from digest.building.summaries import SummaryOptions, summarize_source
    from digest.config import MAX_ARTICLE_BYTES
    from digest.reading.scan import read_file

    source = read_file(path, MAX_ARTICLE_BYTES)
    if isinstance(source, Skipped):
        return source
    summary = summarize_source(source, SummaryOptions(timezone, key_facts), engine="")
    if isinstance(summary, Skipped):
        return Skipped(str(path), summary.reason, notes=(*source.notes, *summary.notes))
    if source.notes or summary.notes:
        log.warning("%s: %s", path, "; ".join((*source.notes, *summary.notes)))
    published = summary.date or datetime.now(ZoneInfo(timezone)).replace(microsecond=0)
    return replace(
        summary.brief,
        id=article_id(source.relpath),
        slug=base_slug(source.relpath),
        relpath=source.relpath,
        published=published,
        updated=published,
    )


def explain_file(path: Path, timezone: str, key_facts: int = 4) -> dict[str, Any]:
    """The sentences of a file's brief (topline, then key facts) and why each was chosen."""
    from digest.summarizing import scoring

    article = _read_article(path, timezone)
    if isinstance(article, Skipped):
        return {"file": str(path), "error": article.reason}
    document = make_document(article.title, article.paragraphs, article.language)
    paragraphs = [list(p) for p in document.paragraphs if p]
    places = [(p, j) for p, para in enumerate(paragraphs) for j in range(len(para))]
    # the same picks make_brief makes: the topline and the key facts
    picks = KeyFactSelector()(document, key_facts + 1)
    chosen = [places[i] for i in picks]
    topline = document.sentences[picks[0]] if picks else ""
    return {
        "file": str(path),
        "title": brief_headline(article, topline),  # the brief's, as `digest brief` shows it
        "sentences": scoring.explain(paragraphs, article.title or None, chosen),
    }


def _read_article(path: Path, timezone: str) -> Article | Skipped:
    # imported here: `--jsonl` needs none of it, and it is timed from start-up
    from digest.building.summaries import parse_file

    parsed = parse_file(path, timezone)
    if isinstance(parsed, Skipped):
        return Skipped(parsed.path, "; ".join((*parsed.notes, parsed.reason)))
    source, article = parsed
    if source.notes or article.notes:
        log.warning("%s: %s", path, "; ".join((*source.notes, *article.notes)))
    return article
