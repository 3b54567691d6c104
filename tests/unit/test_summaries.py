"""The summary stage: a pure function of content and engine, behind one error boundary."""

from __future__ import annotations

import pytest

from digest.building import summaries
from digest.building.summaries import SummaryOptions, engine_key, summarize_all, summarize_source
from digest.models import Skipped, Source, Summary

TEXT = (
    "Council approves bridge\n\n"
    "The city council approved a new bridge on Tuesday, Mayor Anna Berg said. "
    "It will cost 4 million euros and open in May 2027. "
    '"We have waited long enough," Berg said.'
)


def test_a_summary_is_a_pure_function_of_content_and_options() -> None:
    source = Source("a.txt", TEXT, "h1")
    first = summarize_source(source, SummaryOptions(), "e")
    again = summarize_source(Source("other/name.txt", TEXT, "h1"), SummaryOptions(), "e")
    assert isinstance(first, Summary) and first == again
    assert first.brief.title == "Council approves bridge"
    assert "4 million euros" in " ".join(first.brief.numbers)
    assert first.key == ("h1", "txt", "e")


@pytest.mark.parametrize(
    "target, stage",
    [
        ("digest.building.summaries.parse_source", "parsing"),
        ("digest.building.summaries.make_brief", "summarizing"),
    ],
)
def test_any_exception_becomes_a_skip_naming_the_stage(
    monkeypatch: pytest.MonkeyPatch, target: str, stage: str
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr(target, broken)
    result = summarize_source(Source("a.txt", TEXT, "h"), SummaryOptions(), "e")
    assert isinstance(result, Skipped) and result.path == "a.txt"
    assert result.reason.startswith(f"{stage} failed (ZeroDivisionError: division by zero")
    assert "\n" not in result.reason


def test_one_failing_file_among_many_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    real = summaries.make_brief

    def fails_on_seven(article, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "Seven" in article.title:
            raise ValueError("bad seven")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(summaries, "make_brief", fails_on_seven)
    names = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight"] * 8
    sources = [
        Source(f"{i}.txt", f"{name} title\n\n{TEXT.split(chr(10), 2)[2]} {i}.", str(i))
        for i, name in enumerate(names)
    ]
    results = list(summarize_all(sources, SummaryOptions(), "e", workers=2))
    assert len(results) == len(sources)
    failed = [r.path for r in results if isinstance(r, Skipped)]
    assert failed == [s.relpath for s in sources if s.text.startswith("Seven")]
    assert sum(isinstance(r, Summary) for r in results) == len(sources) - len(failed) == 56


def test_the_engine_key_follows_the_code_and_the_settings_that_change_a_brief() -> None:
    base = engine_key(SummaryOptions())
    assert engine_key(SummaryOptions()) == base
    assert engine_key(SummaryOptions(key_facts=3)) != base
    assert engine_key(SummaryOptions(timezone="Europe/Riga")) != base
    assert engine_key(SummaryOptions(words_per_minute=200)) != base
    summaries._code_hash.cache_clear()
    try:
        sources = [p.relative_to(summaries._PACKAGE).as_posix() for p in _engine_files()]
        assert "summarizing/scoring.py" in sources and "text/noise.py" in sources
        assert "reading/formats.py" in sources and "publishing/site.py" not in sources
        assert "summarizing/selector_weights.json" in sources
    finally:
        summaries._code_hash.cache_clear()


def _engine_files() -> list:
    files = []
    for name in summaries.ENGINE_SOURCES:
        place = summaries._PACKAGE / name
        files += summaries.engine_files(place) if place.is_dir() else [place]
    return files


def test_a_file_that_kills_its_worker_is_skipped_and_the_rest_summarized(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    real = summaries.make_brief

    def dies_on_one(article, *args, **kwargs):  # type: ignore[no-untyped-def]
        if article.title.startswith("Fatal"):
            os._exit(9)  # as a segfault in a C extension or the OOM killer would
        return real(article, *args, **kwargs)

    monkeypatch.setattr(summaries, "make_brief", dies_on_one)
    body = TEXT.split("\n", 2)[2]
    sources = [
        Source(f"{i}.txt", f"{'Fatal' if i == 21 else 'Fine'} {i}\n\n{body} {i}.", str(i))
        for i in range(60)
    ]
    results = list(summarize_all(sources, SummaryOptions(), "e", workers=2))
    assert len(results) == 60
    skipped = [(i, r) for i, r in enumerate(results) if isinstance(r, Skipped)]
    assert [i for i, _ in skipped] == [21]
    assert skipped[0][1].path == "21.txt" and "process summarizing it died" in skipped[0][1].reason
    assert all(r.brief.title == f"Fine {i}" for i, r in enumerate(results) if i != 21)
