"""Story grouping and the story brief, on the sample articles and small built ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from digest.building.identity import article_id
from digest.commands.brief import brief_file
from digest.models import Article, Brief
from digest.summarizing.brief import Identity, make_brief
from digest.summarizing.scoring import content_words
from digest.summarizing.stories import make_stories

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def from_file(path: Path) -> Brief:
    brief = brief_file(path, "UTC")
    assert isinstance(brief, Brief)
    return brief


def brief(name: str, title: str, text: str, when: datetime = NOW) -> Brief:
    article = Article(name, title, tuple(p for p in text.split("\n\n") if p))
    return make_brief(article, Identity(article_id(name), name, when, when, name))


def test_sample_articles_are_one_story_without_repeated_facts() -> None:
    briefs = [from_file(p) for p in sorted((REPO / "seeds").glob("*.txt"))]
    stories = make_stories(briefs)
    assert len(stories) == 1
    story = stories[0]
    assert {b.id for b in story.briefs} == {b.id for b in briefs}
    assert 3 <= len(story.facts) <= 6
    assert "civilian casualties" in story.topline
    words = [set(content_words(f.text)) for f in story.facts]
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            assert len(a & b) / min(len(a), len(b)) < 0.6  # no fact stated twice
    assert {s for f in story.facts for s in f.sources} == {b.id for b in briefs}


def test_near_duplicates_group_and_unrelated_do_not() -> None:
    names = ["near-dup-a.txt", "near-dup-b.txt", "normal-02-weather.md", "rtl-arabic.txt"]
    stories = make_stories([from_file(HOSTILE / n) for n in names])
    sizes = sorted(len(s.briefs) for s in stories)
    assert sizes == [1, 1, 2]
    pair = next(s for s in stories if len(s.briefs) == 2)
    assert all("MK-S038" in b.title for b in pair.briefs)


def test_story_id_stays_when_an_article_joins() -> None:
    text = (
        "The council approved the new transit budget on Tuesday after a long debate. "
        "Mayor Anna Berzina said night buses will run on four routes in Riga.\n\n"
        "Critics said fares should be frozen. The vote was seven to two."
    )
    first = brief("a.txt", "Riga council approves transit budget", text)
    later = brief(
        "b.txt",
        "Riga approves transit budget with night buses",
        text.replace("Tuesday", "Tuesday evening"),
        NOW + timedelta(days=1),
    )
    alone = make_stories([first])[0]
    together = make_stories([first, later])[0]
    assert alone.id == together.id and len(together.briefs) == 2
    assert together.updated > alone.updated


def test_a_fact_from_two_sources_is_kept_once_with_both() -> None:
    shared = "Mayor Anna Berzina said the night buses will start running on four routes in May."
    a = brief(
        "a.txt",
        "Riga council approves transit budget",
        "The Riga council approved the transit budget on Tuesday. "
        + shared
        + "\n\nCritics asked for lower fares. Officials promised new trams by 2027.",
    )
    b = brief(
        "b.txt",
        "Riga transit budget passes",
        "Riga lawmakers passed the transit budget on Tuesday night. "
        + shared
        + "\n\nThe opposition voted against it. Ticket machines will be replaced.",
    )
    story = make_stories([a, b])[0]
    facts = [f for f in story.facts if "night buses" in f.text]
    assert len(facts) == 1 and set(facts[0].sources) == {a.id, b.id}
    assert facts[0].redundant  # the other source's sentence, judged the same fact
