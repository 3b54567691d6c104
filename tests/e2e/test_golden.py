"""Golden output: the out folder built from tests/fixtures/golden/seeds, byte for byte.

The stored tree is tests/fixtures/golden/out. A change to any output shows as a failing
test and, once refreshed on purpose, as a diff in review:

    DIGEST_UPDATE_GOLDEN=1 python -m pytest -q tests/e2e/test_golden.py

The same folder built over a state file written by the release before schema 3
(tests/fixtures/golden/state-v2.sqlite) must give the same tree and keep its records.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_digest

GOLDEN = FIXTURES / "golden"
STORED = GOLDEN / "out"
EPOCH = "1796299200"  # 2026-12-03 12:00 UTC: the clock the stored tree and state were made at
PRIVATE = (".digest-state.sqlite", ".digest.lock")


def golden_build(tmp_path: Path, state: Path | None = None) -> tuple[Path, str]:
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    shutil.copytree(GOLDEN / "seeds", seeds)
    if state is not None:
        out.mkdir()
        shutil.copyfile(state, out / ".digest-state.sqlite")
    result = run_digest(
        *("build", "--seeds", "seeds", "--out", "out", "--timezone", "UTC"),
        *("--date", "2026-12-03", "--base-url", "https://news.example.org/digest/"),
        cwd=tmp_path,
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in PRIVATE and not p.name.endswith(("-wal", "-shm"))
    }


def test_build_matches_the_stored_tree(tmp_path: Path) -> None:
    out, _ = golden_build(tmp_path)
    built = tree(out)
    if os.environ.get("DIGEST_UPDATE_GOLDEN") == "1":
        shutil.rmtree(STORED, ignore_errors=True)
        for name, data in built.items():
            (STORED / name).parent.mkdir(parents=True, exist_ok=True)
            (STORED / name).write_bytes(data)
        pytest.skip("stored tree refreshed: review the diff and commit it")
    stored = tree(STORED)
    assert sorted(built) == sorted(stored), "files added or removed"
    changed = [name for name in built if built[name] != stored[name]]
    assert changed == [], "outputs differ; refresh with DIGEST_UPDATE_GOLDEN=1 if intended"


def test_upgrade_from_schema_2_keeps_every_record(tmp_path: Path) -> None:
    old = sqlite3.connect(GOLDEN / "state-v2.sqlite")
    old_articles = {r[0]: r[1] for r in old.execute("SELECT relpath, first_seen FROM articles")}
    old.close()
    out, log = golden_build(tmp_path, GOLDEN / "state-v2.sqlite")
    # nothing is announced again, no digest is published again
    assert ": new;" not in log and "published with" not in log
    assert tree(out) == tree(STORED)
    db = sqlite3.connect(out / ".digest-state.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    entries = {r[0]: r[1] for r in db.execute("SELECT relpath, first_seen FROM entries")}
    assert entries == old_articles
    assert db.execute("SELECT date, recipient FROM sent").fetchall() == [
        ("2026-12-03", "reader@example.org")
    ]
    days = {r[0] for r in db.execute("SELECT digest_date FROM entries")}
    assert days == {"2026-12-03"}
    assert [r[0] for r in db.execute("SELECT date FROM digests")] == ["2026-12-03"]
