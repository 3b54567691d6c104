"""Incremental state in one SQLite file (I/O): the two records of each article, and the
digests and mail sent.

An *entry* is an article file's publication record (id, page name, when it was seen,
published, changed and announced); a *summary* is what a content says, keyed by
(content hash, kind, engine) and shared by identical files. A build reads every entry
and only the summaries it renders, and writes all its changes in one transaction.
secure_delete makes a deleted article's text leave the file, not only the feeds.
An older schema is moved to this one in place: no entry, digest or sent record is lost.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path

from digest.building.identity import article_id
from digest.errors import DigestError
from digest.models import Brief, Entry, Quote, StoryProfile, Summary
from digest.reading.formats import kind_of

log = logging.getLogger(__name__)
SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    relpath TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    slug TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    engine TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    changed_at TEXT,
    published TEXT NOT NULL,
    updated TEXT NOT NULL,
    digest_date TEXT
);
-- the summary an entry points at: keeps the cleanup of unreferenced summaries an index lookup
CREATE INDEX IF NOT EXISTS entries_by_summary ON entries (content_hash, kind, engine);
CREATE TABLE IF NOT EXISTS summaries (
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    engine TEXT NOT NULL,
    date TEXT,
    brief TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '[]',  -- what parsing worked around, said when the file is read
    modified TEXT,  -- the modified date the article states
    PRIMARY KEY (content_hash, kind, engine)
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
_ENTRY_COLUMNS = (
    "relpath, id, slug, size, mtime_ns, content_hash, kind, engine, first_seen, changed_at, "
    "published, updated, digest_date"
)
SummaryKey = tuple[str, str, str]


@dataclass(frozen=True)
class DigestRow:
    date: str
    published: datetime
    updated: datetime
    signature: str


@dataclass(frozen=True)
class Previous:
    """What the state held when a build began."""

    entries: dict[str, Entry] = field(default_factory=dict)
    digests: dict[str, DigestRow] = field(default_factory=dict)
    summary_keys: frozenset[SummaryKey] = frozenset()
    render_key: str | None = None


@dataclass(frozen=True)
class StateChanges:
    """Everything one build changes in the state, written in one transaction."""

    entries: tuple[Entry, ...] = ()  # new or changed
    retired: tuple[str, ...] = ()  # relpaths of files that are gone
    summaries: tuple[Summary, ...] = ()  # made by this build
    digests: tuple[DigestRow, ...] = ()  # new or changed
    digests_removed: tuple[str, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()


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

    def previous(self) -> Previous:
        cursor = self.db.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries ORDER BY relpath")
        entries = {row["relpath"]: _entry(row) for row in cursor}
        keys = frozenset(
            (h, k, e)
            for h, k, e in self.db.execute("SELECT content_hash, kind, engine FROM summaries")
        )
        return Previous(entries, self.digests(), keys, self.get_meta("render_key"))

    def summaries(self, keys: Iterable[SummaryKey]) -> dict[SummaryKey, Summary]:
        """The stored summaries of these keys (those that exist)."""
        wanted = sorted(set(keys))
        found: dict[SummaryKey, Summary] = {}
        for start in range(0, len(wanted), 300):
            chunk = wanted[start : start + 300]
            marks = " OR ".join(["(content_hash=? AND kind=? AND engine=?)"] * len(chunk))
            query = (
                "SELECT content_hash, kind, engine, date, brief, notes, modified FROM summaries "
                f"WHERE {marks}"
            )
            for row in self.db.execute(query, [part for key in chunk for part in key]):
                summary = Summary(
                    row["content_hash"],
                    row["kind"],
                    row["engine"],
                    datetime.fromisoformat(row["date"]) if row["date"] else None,
                    brief_from_json(row["brief"]),
                    tuple(json.loads(row["notes"])),
                    datetime.fromisoformat(row["modified"]) if row["modified"] else None,
                )
                found[summary.key] = summary
        return found

    def apply(self, changes: StateChanges) -> None:
        """Write one build's changes and commit them together; summaries no entry shows
        any more are deleted (their text leaves the file)."""
        db = self.db
        db.executemany(
            f"INSERT OR REPLACE INTO entries ({_ENTRY_COLUMNS}) VALUES ({','.join('?' * 13)})",
            [_entry_values(e) for e in changes.entries],
        )
        db.executemany("DELETE FROM entries WHERE relpath = ?", [(r,) for r in changes.retired])
        db.executemany(
            "INSERT OR REPLACE INTO summaries VALUES (?,?,?,?,?,?,?)",
            [
                (
                    s.content_hash,
                    s.kind,
                    s.engine,
                    s.date.isoformat() if s.date else None,
                    brief_to_json(s.brief),
                    json.dumps(list(s.notes), ensure_ascii=False),
                    s.modified.isoformat() if s.modified else None,
                )
                for s in changes.summaries
            ],
        )
        if changes.entries or changes.retired or changes.summaries:
            db.execute(
                "DELETE FROM summaries WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE "
                "e.content_hash = summaries.content_hash AND e.kind = summaries.kind "
                "AND e.engine = summaries.engine)"
            )
        for row in changes.digests:
            self.save_digest(row)
        db.executemany(
            "DELETE FROM digests WHERE date = ?", [(d,) for d in changes.digests_removed]
        )
        for key, value in changes.meta:
            self.set_meta(key, value)
        db.commit()

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
    except sqlite3.DatabaseError as exc:  # corrupt, not a database, or a schema from the future
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
        if tables and version == 2:
            _upgrade_from_2(db, path)
        elif tables and version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"it has schema version {version}, not {SCHEMA_VERSION}")
        db.executescript(_SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(summaries)")}
        if "notes" not in columns:  # schema 3 as first written had no notes
            db.execute("ALTER TABLE summaries ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'")
        if "modified" not in columns:
            db.execute("ALTER TABLE summaries ADD COLUMN modified TEXT")
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("SELECT count(*) FROM entries").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _upgrade_from_2(db: sqlite3.Connection, path: Path) -> None:
    """Schema 2 kept one row per article (publication and brief together): split each into
    its entry and its summary, in place and in one transaction, keeping the digests, the
    sent records and every first-seen, publication and digest day."""
    db.execute("BEGIN IMMEDIATE")
    try:
        rows = db.execute("SELECT * FROM articles ORDER BY relpath").fetchall()
        for statement in _SCHEMA.split(";"):  # not executescript: it would commit first
            if statement.strip():
                db.execute(statement)
        _copy_articles(db, rows)
        db.execute("DROP TABLE articles")
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.commit()
    except BaseException:
        db.rollback()
        raise
    log.info(
        "state database %s upgraded from schema 2 to %d: %d entries kept",
        path,
        SCHEMA_VERSION,
        len(rows),
    )


def _copy_articles(db: sqlite3.Connection, rows: list[sqlite3.Row]) -> None:
    for row in rows:
        brief = json.loads(row["brief"])
        kind = kind_of(row["relpath"])
        db.execute(
            f"INSERT OR REPLACE INTO entries ({_ENTRY_COLUMNS}) VALUES ({','.join('?' * 13)})",
            (
                row["relpath"],
                article_id(row["relpath"]),
                row["slug"],
                row["size"],
                row["mtime_ns"],
                row["content_hash"],
                kind,
                row["engine"],
                row["first_seen"],
                row["changed_at"],
                row["published"],
                brief["updated"],
                row["digest_date"],
            ),
        )
        # the row did not keep the date the article states apart from first_seen
        stated = row["published"] if row["published"] != row["first_seen"] else None
        db.execute(
            "INSERT OR REPLACE INTO summaries VALUES (?,?,?,?,?,'[]',NULL)",
            (row["content_hash"], kind, row["engine"], stated, row["brief"]),
        )


def _entry_values(entry: Entry) -> tuple[object, ...]:
    return (
        entry.relpath,
        entry.id,
        entry.slug,
        entry.size,
        entry.mtime_ns,
        entry.content_hash,
        entry.kind,
        entry.engine,
        entry.first_seen.isoformat(),
        entry.changed_at.isoformat() if entry.changed_at else None,
        entry.published.isoformat(),
        entry.updated.isoformat(),
        entry.digest_date,
    )


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        relpath=row["relpath"],
        id=row["id"],
        slug=row["slug"],
        size=row["size"],
        mtime_ns=row["mtime_ns"],
        content_hash=row["content_hash"],
        kind=row["kind"],
        engine=row["engine"],
        first_seen=datetime.fromisoformat(row["first_seen"]),
        changed_at=datetime.fromisoformat(row["changed_at"]) if row["changed_at"] else None,
        published=datetime.fromisoformat(row["published"]),
        updated=datetime.fromisoformat(row["updated"]),
        digest_date=row["digest_date"],
    )


_BRIEF_FIELDS = tuple(f.name for f in fields(Brief))


def brief_to_json(brief: Brief) -> str:
    """The brief as JSON. By hand, not dataclasses.asdict: asdict deep-copies every string
    of every tuple, and with the story profile that was a third of a cold build's own work
    in the parent; the JSON is the same (tuples are arrays either way)."""
    data: dict[str, object] = {name: getattr(brief, name) for name in _BRIEF_FIELDS}
    data["published"] = brief.published.isoformat()
    data["updated"] = brief.updated.isoformat()
    data["quotes"] = [{"text": q.text, "speaker": q.speaker} for q in brief.quotes]
    profile = brief.profile
    if profile is not None:
        data["profile"] = {
            "terms": profile.terms,
            "names": profile.names,
            "years": profile.years,
            "sentences": profile.sentences,
        }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def brief_from_json(text: str) -> Brief:
    data = json.loads(text)
    data["published"] = datetime.fromisoformat(data["published"])
    data["updated"] = datetime.fromisoformat(data["updated"])
    data["quotes"] = tuple(Quote(**q) for q in data["quotes"])
    for key in ("key_facts", "numbers", "people", "places", "organizations", "tags"):
        data[key] = tuple(data[key])
    if data.get("profile"):  # a summary stored before profiles has none
        profile = data["profile"]
        data["profile"] = StoryProfile(
            tuple((term, count) for term, count in profile["terms"]),
            tuple(profile["names"]),
            tuple(profile["years"]),
            tuple(profile["sentences"]),
        )
    return Brief(**data)
