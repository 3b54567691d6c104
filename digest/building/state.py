"""Incremental state in one SQLite file (I/O): what was seen, when, and its brief.

A build reads the light columns of every article (path, size, mtime, hash, dates,
page name) and decodes the stored brief JSON only of the articles it renders, so
an unchanged folder costs little and memory does not grow with the briefs.
secure_delete makes a deleted article's text leave the file, not only the feeds.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from digest.errors import DigestError
from digest.models import Brief, Quote

log = logging.getLogger(__name__)
SCHEMA_VERSION = 2

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
    slug TEXT NOT NULL,
    published TEXT NOT NULL,
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
_ROW_COLUMNS = (
    "relpath, size, mtime_ns, content_hash, first_seen, changed_at, digest_date, "
    "engine, slug, published"
)


@dataclass(frozen=True)
class ArticleRow:
    """What the state knows of one article, without its brief."""

    relpath: str
    size: int
    mtime_ns: int
    content_hash: str
    first_seen: datetime
    changed_at: datetime | None
    digest_date: str | None
    engine: str
    slug: str
    published: datetime


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
        self.db = _open(path)

    def close(self) -> None:
        """Close; an unfinished transaction is rolled back, the WAL folded into the file."""
        try:
            if self.db.in_transaction:
                self.db.rollback()
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.close()

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def rows(self) -> dict[str, ArticleRow]:
        cursor = self.db.execute(f"SELECT {_ROW_COLUMNS} FROM articles ORDER BY relpath")
        return {row["relpath"]: _article_row(row) for row in cursor}

    def save_article(self, row: ArticleRow, brief: Brief) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO articles ({_ROW_COLUMNS}, brief) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (*_row_values(row), brief_to_json(brief)),
        )

    def update_row(self, row: ArticleRow) -> None:
        """Store a row's changed columns (size, mtime, page name, digest) and keep its brief."""
        self.db.execute(
            "UPDATE articles SET size=?, mtime_ns=?, content_hash=?, first_seen=?, changed_at=?, "
            "digest_date=?, engine=?, slug=?, published=? WHERE relpath=?",
            (*_row_values(row)[1:], row.relpath),
        )

    def briefs(self, relpaths: Iterable[str]) -> dict[str, Brief]:
        """The stored briefs of these articles, with their current page names."""
        wanted = list(relpaths)
        found: dict[str, Brief] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT relpath, slug, brief FROM articles WHERE relpath IN ({marks})"
            for relpath, slug, text in self.db.execute(query, chunk):
                found[relpath] = replace(brief_from_json(text), slug=slug)
        return found

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

    def commit(self) -> None:
        self.db.commit()


def _open(path: Path) -> sqlite3.Connection:
    if path.exists() and not path.is_file():
        raise DigestError(f"the state path {path} is not a file; set state_path to a file name")
    try:
        return _connect(path)
    except sqlite3.OperationalError as exc:  # locked, unreadable, no permission: not corrupt
        raise DigestError(
            f"cannot use the state database {path}: {exc}; is another digest "
            "process using it? try again when it has finished"
        ) from None
    except sqlite3.DatabaseError as exc:  # corrupt, not a database, or an older schema
        old = path.with_name(path.name + ".old")
        log.warning(
            "state database %s cannot be used (%s); moved to %s and rebuilt from the "
            "seeds (articles are summarized again)",
            path,
            exc,
            old,
        )
        os.replace(path, old)
        for suffix in ("-wal", "-shm"):
            try:
                os.unlink(str(path) + suffix)
            except FileNotFoundError:
                pass
        return _connect(path)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level="DEFERRED")
    try:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA secure_delete=ON")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables and version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"it has schema version {version}, not {SCHEMA_VERSION}")
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("SELECT count(*) FROM articles").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _row_values(row: ArticleRow) -> tuple[object, ...]:
    return (
        row.relpath,
        row.size,
        row.mtime_ns,
        row.content_hash,
        row.first_seen.isoformat(),
        row.changed_at.isoformat() if row.changed_at else None,
        row.digest_date,
        row.engine,
        row.slug,
        row.published.isoformat(),
    )


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
        slug=row["slug"],
        published=datetime.fromisoformat(row["published"]),
    )
