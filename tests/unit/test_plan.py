"""The build plan on in-memory inputs: no disk, no state file, no summarizer.

Each test runs a few builds in a row: `build` makes the Scan a folder of files would
give, plans it against the previous state, and `advance` applies the plan's changes to
that state as State.apply would.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from digest.building.plan import Plan, Scan, plan_build, summary_key, to_summarize
from digest.building.state import Previous
from digest.models import EPOCH, Brief, Skipped, Source, Summary
from digest.reading.scan import VANISHED, Candidate

ENGINE = "engine-1"
DAY1 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
UNREADABLE = "cannot be opened: Permission denied"


def _brief(text: str) -> Brief:
    return Brief(
        id="",
        slug="",
        relpath="",
        title=text.split(".")[0],
        topline=text,
        key_facts=(),
        quotes=(),
        numbers=(),
        people=(),
        places=(),
        organizations=(),
        tags=(),
        word_count=len(text.split()),
        reading_minutes=1,
        published=EPOCH,
        updated=EPOCH,
    )


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build(
    files: dict[str, str | None],
    previous: Previous,
    now: datetime,
    *,
    failing: frozenset[str] = frozenset(),
    unlisted: tuple[str, ...] = (),
    day: str | None = None,
    stated: dict[str, tuple[datetime | None, datetime | None]] | None = None,
) -> Plan:
    """files: relpath -> its text, or None when it cannot be read this time; `failing`:
    texts whose summarizing fails. Every file's size and mtime change with its text."""
    found, sources, unreadable = [], {}, {}
    for relpath, text in sorted(files.items()):
        if text is None:
            unreadable[relpath] = Skipped(relpath, UNREADABLE)
            continue
        found.append(Candidate(relpath, "/seeds/" + relpath, len(text), len(text) * 1000))
        sources[relpath] = Source(relpath, text, _hash(text))
    scan = Scan(found=tuple(found), sources=sources, unreadable=unreadable, unlisted=unlisted)
    made = {summary_key(s, ENGINE) for s in to_summarize(scan, previous.summary_keys, ENGINE)}
    summaries: dict[tuple[str, str, str], Summary | Skipped] = {}
    for source in sources.values():
        # made now, or stored by an earlier build: the same pure function of the text
        if source.text in failing:
            summary: Summary | Skipped = Skipped(source.relpath, "summarizing failed (ValueError)")
        else:
            date, modified = (stated or {}).get(source.text, (None, None))
            summary = Summary(
                source.content_hash, "txt", ENGINE, date, _brief(source.text), modified=modified
            )
        summaries[summary_key(source, ENGINE)] = summary
    return plan_build(
        scan,
        summaries,
        frozenset(made),
        previous,
        ENGINE,
        now,
        day or now.date().isoformat(),
        None,
        "render-1",
    )


def advance(previous: Previous, plan: Plan) -> Previous:
    changes = plan.changes
    entries = {**previous.entries, **{e.relpath: e for e in changes.entries}}
    for relpath in changes.retired:
        entries.pop(relpath, None)
    digests = {**previous.digests, **{d.date: d for d in changes.digests}}
    for date in changes.digests_removed:
        digests.pop(date, None)
    keys = previous.summary_keys | {e.summary_key for e in entries.values()}
    return Previous(entries, digests, frozenset(keys), "render-1")


def _members(plan: Plan, date: str) -> list[str]:
    return [e.relpath for p in plan.digests if p.digest.date == date for e in p.members]


def test_a_new_file_is_published_in_todays_digest() -> None:
    plan = build({"a.txt": "Alpha news."}, Previous(), DAY1)
    assert [e.relpath for e in plan.entries] == ["a.txt"]
    assert plan.entries[0].digest_date == "2026-12-01"
    assert plan.published == ("2026-12-01",)
    assert plan.pages == ("a.txt",)
    assert plan.summarized == 1 and plan.skipped == ()


def test_a_file_truncated_to_empty_keeps_its_entry_and_past_digest() -> None:
    state = advance(
        Previous(), plan := build({"a.txt": "Alpha.", "b.txt": "Beta."}, Previous(), DAY1)
    )
    published = {e.relpath: e for e in plan.entries}
    # next day, a.txt cannot be summarized (an editor left it empty for a moment)
    later = build(
        {"a.txt": "", "b.txt": "Beta."}, state, DAY1 + timedelta(days=1), failing=frozenset({""})
    )
    assert [s.path for s in later.skipped] == ["a.txt"]
    assert {e.relpath: e for e in later.entries}["a.txt"] == published["a.txt"]
    assert _members(later, "2026-12-01") == _members(plan, "2026-12-01")
    assert later.changes.retired == () and later.changes.digests == ()
    assert later.published == ()  # no digest is rewritten or announced again
    state = advance(state, later)
    # restored: the same content as published, so nothing is new or announced
    restored = build({"a.txt": "Alpha.", "b.txt": "Beta."}, state, DAY1 + timedelta(days=2))
    assert restored.skipped == () and restored.published == ()
    assert {e.relpath: e.first_seen for e in restored.entries}["a.txt"] == DAY1
    assert not any("new" in message for _, message in restored.events)


def test_an_unreadable_file_keeps_its_entry_and_a_gone_file_retires() -> None:
    state = advance(Previous(), build({"a.txt": "Alpha.", "b.txt": "Beta."}, Previous(), DAY1))
    unreadable = build({"a.txt": None, "b.txt": "Beta."}, state, DAY1 + timedelta(hours=1))
    assert [(s.path, s.reason) for s in unreadable.skipped] == [("a.txt", UNREADABLE)]
    assert [e.relpath for e in unreadable.entries] == ["a.txt", "b.txt"]
    gone = build({"b.txt": "Beta."}, state, DAY1 + timedelta(hours=2))
    assert gone.changes.retired == ("a.txt",) and gone.skipped == ()
    assert [e.relpath for e in gone.entries] == ["b.txt"]
    assert gone.published == ("2026-12-01",)  # that day's digest now holds b.txt only
    assert _members(gone, "2026-12-01") == ["b.txt"]


def test_a_vanished_file_is_gone_without_a_warning() -> None:
    state = advance(Previous(), build({"a.txt": "Alpha."}, Previous(), DAY1))
    scan = Scan(unreadable={"a.txt": Skipped("a.txt", VANISHED)})
    plan = plan_build(scan, {}, frozenset(), state, ENGINE, DAY1, None, None, "render-1")
    assert plan.skipped == ()
    assert [e.relpath for e in plan.entries] == ["a.txt"]  # gone for good only when not found


def test_a_folder_that_cannot_be_listed_keeps_its_entries() -> None:
    files = {"world/a.txt": "Alpha.", "b.txt": "Beta."}
    state = advance(Previous(), build(files, Previous(), DAY1))
    plan = build({"b.txt": "Beta."}, state, DAY1 + timedelta(hours=1), unlisted=("world",))
    assert [e.relpath for e in plan.entries] == ["b.txt", "world/a.txt"]
    assert plan.changes.retired == ()


def test_a_new_copy_of_a_published_file_is_the_duplicate() -> None:
    state = advance(Previous(), build({"z.txt": "Same text."}, Previous(), DAY1))
    plan = build({"a.txt": "Same text.", "z.txt": "Same text."}, state, DAY1 + timedelta(hours=1))
    assert [e.relpath for e in plan.entries] == ["z.txt"]  # it keeps its id and page
    assert [(s.path, s.reason) for s in plan.skipped] == [("a.txt", "exact duplicate of z.txt")]


def test_a_changed_file_keeps_first_seen_and_updates_its_digest() -> None:
    state = advance(Previous(), build({"a.txt": "Alpha."}, Previous(), DAY1))
    then = DAY1 + timedelta(hours=3)
    plan = build({"a.txt": "Alpha, corrected."}, state, then)
    (entry,) = plan.entries
    assert entry.first_seen == DAY1 and entry.updated == then
    assert entry.digest_date == "2026-12-01"
    assert plan.published == ("2026-12-01",) and plan.pages == ("a.txt",)
    assert any("changed; summarized again" in message for _, message in plan.events)


def test_an_unchanged_folder_plans_nothing() -> None:
    files = {"a.txt": "Alpha.", "b.txt": "Beta."}
    state = advance(Previous(), build(files, Previous(), DAY1))
    scan = Scan(
        found=tuple(
            Candidate(r, "/seeds/" + r, len(t), len(t) * 1000) for r, t in sorted(files.items())
        ),
        pages_present=frozenset(f"briefs/{e.slug}.html" for e in state.entries.values()),
        digests_present=frozenset({"2026-12-01"}),
    )
    plan = plan_build(scan, {}, frozenset(), state, ENGINE, DAY1, "2026-12-01", None, "render-1")
    assert plan.changes.entries == () and plan.pages == () and plan.days == frozenset()
    assert plan.reused == 2 and plan.summarized == 0


def test_counts_are_of_briefs_once_duplicates_are_gone() -> None:
    plan = build({"a.txt": "Same.", "b.txt": "Same.", "c.txt": "Other."}, Previous(), DAY1)
    assert [e.relpath for e in plan.entries] == ["a.txt", "c.txt"]
    assert (plan.summarized, plan.reused, len(plan.skipped)) == (2, 0, 1)


def test_identical_files_are_summarized_once() -> None:
    scan = Scan(
        sources={
            "a.txt": Source("a.txt", "Same.", _hash("Same.")),
            "b.txt": Source("b.txt", "Same.", _hash("Same.")),
            "c.md": Source("c.md", "Same.", _hash("Same.")),
        }
    )
    wanted = to_summarize(scan, frozenset(), ENGINE)
    assert [s.relpath for s in wanted] == ["a.txt", "c.md"]  # c.md is read as another kind
    cached = frozenset({summary_key(wanted[0], ENGINE)})
    assert [s.relpath for s in to_summarize(scan, cached, ENGINE)] == ["c.md"]


def test_an_article_joins_one_digest_only() -> None:
    state = advance(Previous(), build({"a.txt": "Alpha."}, Previous(), DAY1))
    plan = build(
        {"a.txt": "Alpha.", "b.txt": "Beta."}, state, DAY1 + timedelta(days=1), day="2026-12-02"
    )
    assert _members(plan, "2026-12-01") == ["a.txt"]
    assert _members(plan, "2026-12-02") == ["b.txt"]
    assert plan.published == ("2026-12-02",)
    assert replace(plan.entries[0], size=0) == replace(state.entries["a.txt"], size=0)


def test_a_date_a_few_days_ahead_is_held_until_due_and_further_is_wrong() -> None:
    soon, far = DAY1 + timedelta(days=2), DAY1 + timedelta(days=30)
    dates = {"Embargoed.": (soon, None), "Typo.": (far, None)}
    plan = build({"a.txt": "Embargoed.", "b.txt": "Typo."}, Previous(), DAY1, stated=dates)
    assert [e.relpath for e in plan.entries] == ["b.txt"]
    assert plan.entries[0].published == DAY1  # the wrong date falls back to first seen
    assert any("held until then" in m for _, m in plan.events)
    assert any(
        level == logging.WARNING and "more than 7 days ahead" in m for level, m in plan.events
    )
    state = advance(Previous(), plan)
    due = build({"a.txt": "Embargoed.", "b.txt": "Typo."}, state, soon, stated=dates)
    assert [e.relpath for e in due.entries] == ["a.txt", "b.txt"]
    assert {e.relpath: e.published for e in due.entries}["a.txt"] == soon


def test_the_modified_date_a_file_states_sets_updated() -> None:
    modified = DAY1 - timedelta(hours=1)
    published = DAY1 - timedelta(days=1)
    plan = build({"a.txt": "Alpha."}, Previous(), DAY1, stated={"Alpha.": (published, modified)})
    (entry,) = plan.entries
    assert entry.published == published and entry.updated == modified
