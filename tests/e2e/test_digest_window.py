"""The digest window: a digest holds the articles first seen in the hours before it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from digest.building.pipeline import build
from digest.config import Settings
from tests.conftest import REPO

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def settings_for(tmp_path: Path, hours: int) -> Settings:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    return replace(
        Settings(),
        seeds_dir=seeds,
        out_dir=tmp_path / "out",
        timezone="UTC",
        digest_window_hours=hours,
    )


def test_articles_older_than_the_window_are_not_announced(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, 24)
    assert build(settings, now=T0, publish=False).published == ()
    (settings.seeds_dir / "fresh.txt").write_text(
        "Fresh news today\n\nA fresh story. It has two sentences.\n", encoding="utf-8"
    )
    report = build(settings, now=T0 + timedelta(hours=30), publish=True)
    assert report.published == ("2026-03-02",)
    digest = (settings.out_dir / "digests" / "2026-03-02.txt").read_text(encoding="utf-8")
    assert "Fresh news today" in digest and "Putin" not in digest


def test_window_zero_means_since_the_previous_digest(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, 0)
    build(settings, now=T0, publish=False)
    report = build(settings, now=T0 + timedelta(hours=30), publish=True)
    assert report.published == ("2026-03-02",)
    digest = (settings.out_dir / "digests" / "2026-03-02.txt").read_text(encoding="utf-8")
    assert "Putin" in digest
    again = build(settings, now=T0 + timedelta(hours=31), publish=True)
    assert again.published == ()  # nothing new: no second, empty digest
