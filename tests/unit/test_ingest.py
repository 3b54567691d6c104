"""Reading the seeds folder: what is listed, what is refused, what may vanish."""

from __future__ import annotations

import os
from pathlib import Path

from digest.models import Skipped, Source
from digest.reading.scan import VANISHED, Candidate, read_source, scan


def test_scan_lists_articles_and_skips_noise(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nText.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt~").write_text("x", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text("<html></html>", encoding="utf-8")
    os.symlink("/etc/passwd", tmp_path / "link.txt")
    found = list(scan(tmp_path, exclude=tmp_path / "out"))
    assert [c.relpath for c in found if isinstance(c, Candidate)] == ["a.txt"]
    assert [(s.path, "outside" in s.reason) for s in found if isinstance(s, Skipped)] == [
        ("link.txt", True)
    ]


def test_a_file_that_vanishes_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_text("Gone\n\nSoon.", encoding="utf-8")
    candidate = next(c for c in scan(tmp_path) if isinstance(c, Candidate))
    path.unlink()
    result = read_source(candidate, 1_000_000)
    assert isinstance(result, Skipped) and result.reason == VANISHED


def test_read_source_decodes_and_hashes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Café\n\nText.".encode("latin-1"))
    candidate = next(c for c in scan(tmp_path) if isinstance(c, Candidate))
    source = read_source(candidate, 1_000_000)
    assert isinstance(source, Source)
    assert source.text.startswith("Café") and len(source.content_hash) == 64
