"""Story grouping and the story brief, on the sample articles and small built ones."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.building.identity import article_id
from digest.building.state import brief_from_json, brief_to_json
from digest.building.summaries import SummaryOptions, summarize_source
from digest.commands.brief import brief_file
from digest.models import Article, Brief, Source, StoryProfile, Summary
from digest.summarizing.brief import Identity, make_brief
from digest.summarizing.grouping import OTHER_YEAR, SAME_STORY, STORY_WINDOW, group_profiles
from digest.summarizing.scoring import content_words
from digest.summarizing.stories import SAME_FACT_OVERLAP, make_stories, needs_previous

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
STORIES = REPO / "tests" / "fixtures" / "stories"  # synthetic reports of three events
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


# --- grouping from the articles' text, the way a build sees them


def built(path: Path, key_facts: int = 4) -> Brief:
    """A brief with its story profile, as a build makes it (dates from the file)."""
    text = path.read_text(encoding="utf-8")
    source = Source(path.name, text, path.name)
    summary = summarize_source(source, SummaryOptions("UTC", key_facts), "test")
    assert isinstance(summary, Summary)
    when = summary.date or NOW
    return replace(
        summary.brief, id=article_id(path.name), relpath=path.name, published=when, updated=when
    )


def fixture_briefs(prefix: str = "", key_facts: int = 4) -> list[Brief]:
    return [built(p, key_facts) for p in sorted(STORIES.glob(f"{prefix}*.md"))]


def test_the_profile_is_the_same_whatever_the_key_facts_setting() -> None:
    path = sorted((REPO / "seeds").glob("*.txt"))[0]
    three, five = built(path, 3), built(path, 5)
    assert len(three.key_facts) == 3 and len(five.key_facts) == 5
    assert three.profile is not None and three.profile == five.profile
    assert "putin" in dict(three.profile.terms) and "vladimir putin" in three.profile.names


def test_a_stored_brief_keeps_its_profile() -> None:
    brief = built(STORIES / "council-1.md")
    assert brief_from_json(brief_to_json(brief)) == brief
    assert brief.profile is not None and brief.profile.years == ("2016",)


def profile(words: str, years: tuple[str, ...] = ()) -> StoryProfile:
    terms = sorted(Counter(words.split()).items())
    return StoryProfile(tuple(terms), (), years, ())


def test_one_article_like_two_events_does_not_chain_them() -> None:
    a = "quake qeshm iran hormoz abbas villag killed ten injured fifty dubai tremor"
    b = "quake chile valpar tsunam warnin navy bachel shore residen hurt walls power"
    unrelated = [profile(f"filler{k} other{k} words{k} more{k} text{k}") for k in range(12)]
    extra = ("ferry", "tents", "aid", "toll", "night")
    events = [profile(f"{a} {w}") for w in extra] + [profile(f"{b} {w}") for w in extra]
    middle = profile(" ".join(a.split()[:8] + b.split()[:6]))  # mostly the first event
    profiles = [*events, middle, *unrelated]
    grouping = group_profiles(profiles, [NOW] * len(profiles))
    m, first, second = 10, {0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}
    # single link would chain the two events: the middle article is close to both
    assert grouping.links[(0, m)] >= SAME_STORY and grouping.links[(5, m)] >= SAME_STORY
    groups = [set(g) for g in grouping.groups]
    assert first | {m} in groups and second in groups


def test_openings_that_state_other_years_are_less_alike() -> None:
    words = "quake island villag killed ten injured fifty tremor rescue teams ferry"
    same = group_profiles([profile(words, ("2005",)), profile(words, ("2005",))], [NOW, NOW])
    other = group_profiles([profile(words, ("2005",)), profile(words, ("2008",))], [NOW, NOW])
    assert other.links[(0, 1)] == pytest.approx(same.links[(0, 1)] * OTHER_YEAR)


def test_reports_months_apart_are_not_compared() -> None:
    words = "quake island villag killed ten injured fifty tremor rescue teams ferry"
    later = NOW + STORY_WINDOW + timedelta(days=1)
    grouping = group_profiles([profile(words), profile(words)], [NOW, later])
    assert grouping.links == {} and len(grouping.groups) == 2


def test_the_order_articles_come_in_changes_no_story() -> None:
    briefs = fixture_briefs()
    stories = make_stories(briefs)
    again = make_stories(list(reversed(briefs)))
    assert [(s.id, [b.id for b in s.briefs]) for s in stories] == [
        (s.id, [b.id for b in s.briefs]) for s in again
    ]
    assert sorted(len(s.briefs) for s in stories) == [2, 3, 3]


# --- the story brief


@pytest.mark.parametrize(
    ("text", "position", "leans"),
    [
        ("He also said the talks would go on.", 3, True),
        ("That's when the Russian president emphasized the risk.", 2, True),
        ("Otherwise, further escalation of the crisis is fraught with danger.", 4, True),
        ("“And not only for the Middle East region,” he said.", 5, True),
        ("But the council voted against it on Monday.", 1, True),
        ("The council voted against it on Monday.", 1, False),
        ("Putin said the use of heavy weapons is unacceptable.", 2, False),
        ("He was elected in 2004.", 0, False),  # an opening leans on nothing
    ],
)
def test_a_sentence_that_leans_on_the_one_before(text: str, position: int, leans: bool) -> None:
    assert needs_previous(text, position) is leans


def test_facts_come_from_several_reports_in_the_order_reported() -> None:
    for prefix in ("quake-a", "quake-b"):
        (story,) = make_stories(fixture_briefs(prefix))
        assert 3 <= len(story.facts) <= 6
        assert len({f.sources[0] for f in story.facts}) >= 2  # not one article's brief
        day = {b.id: b.published.date() for b in story.briefs}
        first_days = [min(day[s] for s in f.sources) for f in story.facts]
        assert first_days == sorted(first_days)
        assert len({day[b.id] for b in story.briefs}) == 2  # the story spans two days
        texts = [story.topline, *(f.text for f in story.facts)]
        stems = [set(content_words(t)) for t in texts]
        for i, a in enumerate(stems):
            assert not needs_previous(texts[i], 1) or i == 0
            for b in stems[i + 1 :]:
                assert len(a & b) / min(len(a), len(b)) < SAME_FACT_OVERLAP


def test_a_fact_two_reports_state_credits_both_and_names_the_dropped_sentence() -> None:
    (story,) = make_stories(fixture_briefs("quake-b"))
    shared = [f for f in story.facts if len(f.sources) > 1]
    assert shared, [f.text for f in story.facts]
    assert all(len(f.redundant) == len(f.sources) - 1 for f in shared)
    assert all(r not in [g.text for g in story.facts] for f in shared for r in f.redundant)


def test_a_story_tells_what_joined_each_member() -> None:
    (story,) = make_stories(fixture_briefs("council"))
    assert story.why[0].startswith("the earliest report, the story's lead")
    assert "similarity" in story.why[1] and "riga" in story.why[1]
    assert story.similarity[0][:2] == (story.briefs[0].id, story.briefs[1].id)


def test_two_german_articles_do_not_meet_on_their_function_words() -> None:
    from digest.summarizing.grouping import story_profile

    opening = (
        "Die Regierung hat am Montag in der Hauptstadt {} und es ist nicht klar, "
        "ob das von der Opposition unterstützt wird, sagte ein Sprecher der Partei."
    )
    a = story_profile("Neue Brücke", [opening.format("eine neue Brücke eröffnet")], (), "de")
    b = story_profile("Steuerreform", [opening.format("die Steuerreform vorgestellt")], (), "de")
    terms = {t for t, _ in a.terms} & {t for t, _ in b.terms}
    assert not terms & {"und", "der", "ist", "das", "von", "nicht"}
    english = story_profile("Bridge", ["The bridge opened and the mayor spoke."], (), "en")
    assert {"bridge", "opened", "mayor", "spoke"} <= {t for t, _ in english.terms}
