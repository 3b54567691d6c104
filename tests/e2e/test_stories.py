"""`digest stories` end to end: the grouping of a real build, at once and day by day.

The articles in tests/fixtures/stories are synthetic (written for these tests): two
earthquakes of one kind in other places and years (quake-a-*, quake-b-*), which must stay
two stories, and a council vote (council-*), over four days.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, REPO, run_digest

STORIES = FIXTURES / "stories"


def build(seeds: Path, out: Path, *extra: str) -> None:
    result = run_digest("build", "--seeds", str(seeds), "--out", str(out), *extra, cwd=out.parent)
    assert result.returncode == 0, result.stderr


def stories(out: Path) -> list[dict]:
    result = run_digest("stories", "--out", str(out), "--json", cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def membership(found: list[dict]) -> set[tuple[str, frozenset[str]]]:
    return {(s["id"], frozenset(m["file"] for m in s["members"])) for s in found}


def test_each_event_is_one_story_and_two_quakes_stay_apart(tmp_path: Path) -> None:
    build(STORIES, tmp_path / "out", "--timezone", "UTC")
    found = stories(tmp_path / "out")
    groups = {frozenset(m["file"].rsplit("-", 1)[0] for m in s["members"]) for s in found}
    assert sorted(len(s["members"]) for s in found) == [2, 3, 3]
    assert groups == {frozenset({"quake-a"}), frozenset({"quake-b"}), frozenset({"council"})}
    story = next(s for s in found if s["members"][0]["file"] == "quake-a-1.md")
    assert set(story) == {"id", "title", "topline", "facts", "members", "first_seen", "updated"}
    assert story["title"] == "Earthquake shakes Qeshm island in southern Iran"
    assert 3 <= len(story["facts"]) <= 6
    files = {m["file"] for m in story["members"]}
    assert all(f["source"] in files and set(f["sources"]) <= files for f in story["facts"])
    assert all(len(f["dropped"]) == len(f["sources"]) - 1 for f in story["facts"])
    member = story["members"][1]
    assert member["outlet"] == "Daily Courier" and member["date"].startswith("2005-11-27")
    assert "similarity" in member["why"] and "qeshm" in member["why"]
    assert story["first_seen"] and story["updated"].startswith("2005-11-28")


def test_day_by_day_builds_give_the_stories_of_one_build(tmp_path: Path) -> None:
    build(STORIES, tmp_path / "at-once", "--timezone", "UTC")
    seeds, out = tmp_path / "seeds", tmp_path / "daily"
    seeds.mkdir()
    days: dict[str, list[Path]] = {}
    for path in sorted(STORIES.glob("*.md")):
        day = path.read_text(encoding="utf-8").split("date: ", 1)[1][:10]
        days.setdefault(day, []).append(path)
    seen_ids: set[str] = set()
    for day in sorted(days):
        for path in days[day]:
            shutil.copy(path, seeds / path.name)
        build(seeds, out, "--timezone", "UTC", "--date", day)
        ids = {s["id"] for s in stories(out) if len(s["members"]) > 1}
        assert seen_ids <= {s["id"] for s in stories(out)}  # a story's id stays as it grows
        seen_ids |= ids
    assert len(days) == 4
    assert membership(stories(out)) == membership(stories(tmp_path / "at-once"))


def test_key_facts_setting_changes_no_story(tmp_path: Path) -> None:
    found = []
    for facts in (3, 5):
        work = tmp_path / f"facts{facts}"
        work.mkdir()
        (work / "digest.toml").write_text(f"key_facts = {facts}\ntimezone = 'UTC'\n")
        result = run_digest("build", "--seeds", str(STORIES), cwd=work)
        assert result.returncode == 0, result.stderr
        found.append(stories(work / "out"))
    assert membership(found[0]) == membership(found[1])


def test_the_sample_articles_are_one_story(tmp_path: Path) -> None:
    build(REPO / "seeds", tmp_path / "out")
    found = stories(tmp_path / "out")
    assert len(found) == 1 and len(found[0]["members"]) == 2
    result = run_digest("stories", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0 and "the earliest report" in result.stdout


def test_without_a_build_it_says_what_to_do(tmp_path: Path) -> None:
    result = run_digest("stories", "--out", str(tmp_path / "nothing"), cwd=tmp_path)
    assert result.returncode == 1
    assert "run `digest build` first" in result.stderr
    assert not (tmp_path / "nothing").exists()
