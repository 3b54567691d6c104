"""The state database: one build's changes in one transaction, and upgrades in place."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from digest.building.state import DigestRow, State, StateChanges
from digest.models import EPOCH, Brief, Entry, Quote, Summary
from tests.conftest import FIXTURES

WHEN = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def _summary(content_hash: str) -> Summary:
    brief = Brief(
        id="",
        slug="",
        relpath="",
        title="Bridge & <tunnel>",
        topline="The council approved the bridge.",
        key_facts=("It costs 4 million euros.",),
        quotes=(Quote("We waited long enough", "Anna Berg"),),
        numbers=("4 million euros",),
        people=("Anna Berg",),
        places=("Riga",),
        organizations=(),
        tags=("city",),
        word_count=120,
        reading_minutes=1,
        published=EPOCH,
        updated=EPOCH,
    )
    return Summary(content_hash, "md", "engine-1", WHEN, brief)


def _entry(relpath: str, content_hash: str) -> Entry:
    return Entry(
        relpath=relpath,
        id=f"urn:uuid:{relpath}",
        slug=relpath.split(".")[0],
        size=10,
        mtime_ns=1,
        content_hash=content_hash,
        kind="md",
        engine="engine-1",
        first_seen=WHEN,
        changed_at=None,
        published=WHEN,
        updated=WHEN,
        digest_date="2026-12-03",
    )


def test_apply_then_previous_gives_back_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with State(path) as state:
        state.apply(
            StateChanges(
                entries=(_entry("a.md", "h1"), _entry("b.md", "h2")),
                summaries=(_summary("h1"), _summary("h2")),
                digests=(DigestRow("2026-12-03", WHEN, WHEN, "sig"),),
                meta=(("render_key", "r1"),),
            )
        )
    with State(path) as state:
        previous = state.previous()
        assert previous.entries == {"a.md": _entry("a.md", "h1"), "b.md": _entry("b.md", "h2")}
        assert previous.digests["2026-12-03"].signature == "sig"
        assert previous.render_key == "r1"
        stored = state.summaries([("h1", "md", "engine-1"), ("nope", "md", "engine-1")])
        assert stored == {("h1", "md", "engine-1"): _summary("h1")}


def test_a_summary_no_entry_points_at_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with State(path) as state:
        state.apply(
            StateChanges(
                entries=(_entry("a.md", "h1"), _entry("b.md", "h2")),
                summaries=(_summary("h1"), _summary("h2")),
            )
        )
        state.apply(StateChanges(retired=("b.md",)))
        previous = state.previous()
    assert list(previous.entries) == ["a.md"]
    assert previous.summary_keys == {("h1", "md", "engine-1")}


def test_schema_2_is_upgraded_in_place_keeping_every_record(tmp_path: Path) -> None:
    path = tmp_path / ".digest-state.sqlite"
    shutil.copyfile(FIXTURES / "golden" / "state-v2.sqlite", path)
    old = sqlite3.connect(path)
    articles = old.execute("SELECT relpath, first_seen, slug FROM articles").fetchall()
    old.close()
    with State(path) as state:
        previous = state.previous()
        assert state.sent_to("2026-12-03") == {"reader@example.org"}
    assert len(articles) == 10
    for relpath, first_seen, slug in articles:
        entry = previous.entries[relpath]
        assert entry.first_seen == datetime.fromisoformat(first_seen)
        assert entry.slug == slug and entry.digest_date == "2026-12-03"
    assert list(previous.digests) == ["2026-12-03"]
    assert not list(tmp_path.glob("*.old*")) and not list(tmp_path.glob("*.bak*"))


def test_a_brief_is_stored_as_asdict_would_store_it_and_read_back_whole() -> None:
    import json
    from dataclasses import asdict, replace

    from digest.building.state import brief_from_json, brief_to_json
    from digest.commands.brief import brief_file
    from digest.models import StoryProfile
    from tests.conftest import REPO

    brief = brief_file(REPO / "seeds" / "003_1a7beac0dd8a92b8.txt", "UTC")
    assert isinstance(brief, Brief) and brief.quotes and brief.people
    if brief.profile is None:
        brief = replace(brief, profile=StoryProfile((("putin", 3),), ("putin",), (), ("A.",)))
    expected = asdict(brief)
    expected["published"] = brief.published.isoformat()
    expected["updated"] = brief.updated.isoformat()
    stored = brief_to_json(brief)
    assert stored == json.dumps(expected, ensure_ascii=False, sort_keys=True)
    assert brief_from_json(stored) == brief
