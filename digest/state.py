"""Incremental state in one SQLite file (I/O): what was seen, when, and its brief.

Briefs are stored as JSON so unchanged articles are not read or summarized again.
secure_delete makes a deleted article's text leave the file, not only the feeds.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from digest.models import Brief, Quote

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    relpath TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    changed_at TEXT,
    digest_date TEXT,
    engine TEXT NOT NULL,
    brief TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sent (
    date TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message_id TEXT NOT NULL,
    PRIMARY KEY (date, recipient)
);
CREATE TABLE IF NOT EXISTS digests (
    date TEXT PRIMARY KEY,
    published TEXT NOT NULL,
    updated TEXT NOT NULL,
    signature TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class ArticleRow:
    relpath: str
    size: int
    mtime_ns: int
    content_hash: str
    first_seen: datetime
    changed_at: datetime | None
    digest_date: str | None
    engine: str
    brief: Brief


@dataclass(frozen=True)
class DigestRow:
    date: str
    published: datetime
    updated: datetime
    signature: str


class State:
    """The state database of one out folder."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = _open(path)

    def close(self) -> None:
        """Close; an unfinished transaction is rolled back, the WAL folded into the file."""
        try:
            if self.db.in_transaction:
                self.db.rollback()
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.close()

    def articles(self) -> dict[str, ArticleRow]:
        rows = self.db.execute("SELECT * FROM articles ORDER BY relpath").fetchall()
        return {row["relpath"]: _article_row(row) for row in rows}

    def save_article(self, row: ArticleRow) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
            (
                row.relpath,
                row.size,
                row.mtime_ns,
                row.content_hash,
                row.first_seen.isoformat(),
                row.changed_at.isoformat() if row.changed_at else None,
                row.digest_date,
                row.engine,
                brief_to_json(row.brief),
            ),
        )

    def digest_dates(self) -> dict[str, str | None]:
        rows = self.db.execute("SELECT relpath, digest_date FROM articles").fetchall()
        return {relpath: date for relpath, date in rows}

    def set_digest_date(self, relpath: str, date: str) -> None:
        self.db.execute("UPDATE articles SET digest_date = ? WHERE relpath = ?", (date, relpath))

    def update_brief(self, relpath: str, brief: Brief) -> None:
        self.db.execute(
            "UPDATE articles SET brief = ? WHERE relpath = ?", (brief_to_json(brief), relpath)
        )

    def delete_article(self, relpath: str) -> None:
        self.db.execute("DELETE FROM articles WHERE relpath = ?", (relpath,))

    def digests(self) -> dict[str, DigestRow]:
        rows = self.db.execute("SELECT * FROM digests ORDER BY date").fetchall()
        return {
            r["date"]: DigestRow(
                r["date"],
                datetime.fromisoformat(r["published"]),
                datetime.fromisoformat(r["updated"]),
                r["signature"],
            )
            for r in rows
        }

    def save_digest(self, row: DigestRow) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO digests VALUES (?,?,?,?)",
            (row.date, row.published.isoformat(), row.updated.isoformat(), row.signature),
        )

    def delete_digest(self, date: str) -> None:
        self.db.execute("DELETE FROM digests WHERE date = ?", (date,))

    def sent_to(self, date: str) -> set[str]:
        rows = self.db.execute("SELECT recipient FROM sent WHERE date = ?", (date,)).fetchall()
        return {recipient for (recipient,) in rows}

    def record_sent(self, date: str, recipient: str, message_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO sent VALUES (?,?,?)", (date, recipient, message_id))

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def commit(self) -> None:
        self.db.commit()


def _open(path: Path) -> sqlite3.Connection:
    try:
        return _connect(path)
    except sqlite3.DatabaseError as exc:
        broken = path.with_name(path.name + ".broken")
        log.warning(
            "state database %s is unreadable (%s); moved to %s and rebuilt from the seeds",
            path,
            exc,
            broken,
        )
        os.replace(path, broken)
        return _connect(path)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level="DEFERRED")
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA secure_delete=ON")
    db.executescript(_SCHEMA)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version not in (0, SCHEMA_VERSION):
        raise sqlite3.DatabaseError(f"schema version {version} is not {SCHEMA_VERSION}")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.execute("SELECT count(*) FROM articles").fetchone()
    return db


def brief_to_json(brief: Brief) -> str:
    data = asdict(brief)
    data["published"] = brief.published.isoformat()
    data["updated"] = brief.updated.isoformat()
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def brief_from_json(text: str) -> Brief:
    data = json.loads(text)
    data["published"] = datetime.fromisoformat(data["published"])
    data["updated"] = datetime.fromisoformat(data["updated"])
    data["quotes"] = tuple(Quote(**q) for q in data["quotes"])
    for key in ("key_facts", "numbers", "people", "places", "organizations", "tags"):
        data[key] = tuple(data[key])
    return Brief(**data)


def _article_row(row: sqlite3.Row) -> ArticleRow:
    return ArticleRow(
        relpath=row["relpath"],
        size=row["size"],
        mtime_ns=row["mtime_ns"],
        content_hash=row["content_hash"],
        first_seen=datetime.fromisoformat(row["first_seen"]),
        changed_at=datetime.fromisoformat(row["changed_at"]) if row["changed_at"] else None,
        digest_date=row["digest_date"],
        engine=row["engine"],
        brief=brief_from_json(row["brief"]),
    )
