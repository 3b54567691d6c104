"""Limits: a 20 MB article, a 10,000-character title, thousands of files."""

from __future__ import annotations

import time
from pathlib import Path

import feedparser

from tests.conftest import run_digest

PARAGRAPH = (
    "Regional output rose by two percent in the third quarter, the statistics office "
    "said. Analysts expect slower growth next year as exports weaken.\n\n"
)


def test_20_mb_article_is_summarized_from_its_first_part(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with (seeds / "big.txt").open("w", encoding="utf-8") as fh:
        fh.write("BIG-MARKER A very large report on regional statistics\n\n")
        fh.write(PARAGRAPH * (20 * 1024 * 1024 // len(PARAGRAPH)))
    (seeds / "small.txt").write_text(
        "Small news\n\nA small article. It has facts.\n", encoding="utf-8"
    )
    started = time.monotonic()
    result = run_digest("build", "--seeds", "seeds", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0
    assert time.monotonic() - started < 20
    assert "big.txt: larger than max_article_bytes" in result.stderr
    titles = [e.title for e in feedparser.parse(str(tmp_path / "out" / "briefs.atom")).entries]
    assert sorted(titles) == ["BIG-MARKER A very large report on regional statistics", "Small news"]
    digest = next((tmp_path / "out" / "digests").glob("*.html"))
    assert digest.stat().st_size < 102 * 1024


def test_huge_title_and_tiny_articles(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "long-title.md").write_text(
        "---\ntitle: " + "Word " * 2000 + "\n---\n\nBody text.\n", encoding="utf-8"
    )
    (seeds / "one.txt").write_text("Only one sentence here.", encoding="utf-8")
    (seeds / "none.txt").write_text("no punctuation and no title line at all", encoding="utf-8")
    result = run_digest("build", "--seeds", "seeds", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entries = feedparser.parse(str(tmp_path / "out" / "briefs.atom")).entries
    assert len(entries) == 3
    assert all(len(e.title) <= 200 for e in entries)


def test_thousands_of_files(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(2000):
        (seeds / f"a{i:05d}.txt").write_text(
            f"Story {i}\n\nThe story number {i} has one fact. It has another fact too.\n",
            encoding="utf-8",
        )
    result = run_digest("build", "--seeds", "seeds", "--out", "out", cwd=tmp_path, timeout=300)
    assert result.returncode == 0
    assert len(list((tmp_path / "out" / "briefs").glob("*.html"))) == 2000
    assert len(feedparser.parse(str(tmp_path / "out" / "briefs.atom")).entries) == 50
    digest = next((tmp_path / "out" / "digests").glob("*.html")).read_text(encoding="utf-8")
    assert len(digest.encode()) < 102 * 1024  # Gmail clips larger mails
    assert "1970 more articles on the site" in digest  # 30 stories shown
