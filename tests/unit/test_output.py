"""Writing into the out folder: atomic always, flushed to the disk where a reader needs it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.errors import DigestError
from digest.publishing import output


def test_durable_writes_are_fsynced_and_pages_only_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(output.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    pages = {f"briefs/p{n}.html": f"page {n}".encode() for n in range(3)}
    assert output.write_files(tmp_path, pages, durable=False) == (3, 0)
    assert synced == []
    assert output.write_files(tmp_path, {"briefs.atom": b"<feed/>"}) == (1, 0)
    assert len(synced) == 1
    # either way the file is whole and no temporary file is left
    assert (tmp_path / "briefs" / "p2.html").read_bytes() == b"page 2"
    assert not list(tmp_path.rglob("*.tmp"))
    # the same bytes again: nothing is written
    assert output.write_files(tmp_path, pages, durable=False) == (0, 3)


def test_no_write_outside_the_out_folder(tmp_path: Path) -> None:
    with pytest.raises(DigestError, match="outside the out folder"):
        output.write_files(tmp_path / "out", {"../escape.html": b"x"})
    assert not (tmp_path / "escape.html").exists()
