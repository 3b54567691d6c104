"""Sections of the day: by the section an article states, never scattered one by one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from digest.building.identity import article_id
from digest.models import Article, Brief, Source
from digest.publishing.site import OTHER_SECTION, day_sections
from digest.reading.formats import parse_source
from digest.summarizing.brief import Identity, make_brief
from digest.summarizing.stories import make_stories

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
TOPICS = [
    "The council approved the new tram budget after a long debate in the city hall",
    "Heavy snow closed the mountain pass for two days and stranded hundreds of lorries",
    "The national football team won the cup final on penalties in front of a full stadium",
    "A new museum of modern art opened its doors with paintings by young local artists",
    "The central bank raised its interest rate by half a point to slow rising prices",
    "Doctors at the children's hospital began a trial of a new treatment for asthma",
    "Farmers protested against the price of fuel with tractors on the motorway",
    "The orchestra announced a winter tour of twelve cities across the whole country",
]


def story_of(number: int, section: str) -> Brief:
    text = f"{TOPICS[number]}. It was the {number}th such event this year, officials said."
    article = Article(f"a{number}.txt", TOPICS[number][:40], (text,))
    when = NOW - timedelta(hours=number)
    brief = make_brief(article, Identity(article_id(article.relpath), str(number), when, when, ""))
    return replace(brief, section=section)


def test_no_section_named_no_sections() -> None:
    stories = make_stories([story_of(n, "") for n in range(4)])
    assert [s.name for s in day_sections(stories)] == [""]


def test_sections_by_the_stated_section_with_the_rest_as_other_news() -> None:
    named = ["Transport", "Weather", "", ""]
    stories = make_stories([story_of(n, named[n]) for n in range(4)])
    sections = day_sections(stories)
    assert {s.name for s in sections} == {"Transport", "Weather", OTHER_SECTION}
    assert sum(len(s.stories) for s in sections) == 4
    # the section of the day's first story comes first
    assert stories[0] in sections[0].stories


def test_many_sections_of_one_story_each_are_other_news() -> None:
    named = ["Politik", "Politik", "Canada", "Sport", "Kultur", "Wirtschaft", "Gesundheit", "Land"]
    stories = make_stories([story_of(n, named[n]) for n in range(8)])
    sections = day_sections(stories)
    assert [s.name for s in sections if s.name != OTHER_SECTION] == ["Politik"]
    assert sum(len(s.stories) for s in sections) == 8


def test_a_page_keywords_are_not_its_section_but_its_category_is() -> None:
    page = (
        "<html><head><title>Bridge opens</title>"
        '<meta name="keywords" content="bridge, river, traffic">'
        '<meta property="article:section" content="Transport">'
        "</head><body><article><h1>Bridge opens</h1>"
        + "<p>The new bridge over the river opened on Monday after three years of work.</p>" * 8
        + "</article></body></html>"
    )
    article = parse_source(Source("a.html", page, "h"), ".html", ZoneInfo("UTC"))
    assert isinstance(article, Article) and article.section == "Transport"
    without = page.replace('<meta property="article:section" content="Transport">', "")
    article = parse_source(Source("b.html", without, "h"), ".html", ZoneInfo("UTC"))
    assert isinstance(article, Article) and article.section == ""
    front = "---\ncategory: Weather\ntags: [snow, roads]\n---\nSnow fell across the north today.\n"
    article = parse_source(Source("c.md", front, "h"), ".md", ZoneInfo("UTC"))
    assert isinstance(article, Article) and article.section == "Weather"
    assert article.tags == ("snow", "roads")


def test_the_outlet_the_configuration_names_comes_before_the_host() -> None:
    from digest.building.pipeline import _with_outlet
    from digest.config import Settings
    from digest.publishing.render import outlet_name

    text = "---\nurl: https://www.example.com/bridge\n---\nThe new bridge opened on Monday.\n"
    article = parse_source(Source("wires/a.md", text, "h"), ".md", ZoneInfo("UTC"))
    assert isinstance(article, Article) and article.source == ""  # the file names none
    brief = replace(story_of(0, ""), relpath="wires/a.md", url=article.url, source="")
    assert outlet_name(brief) == "example.com"  # the host, the last resort but the headline
    configured = _with_outlet(brief, Settings(outlets=(("wires", "Wire Service"),)))
    assert outlet_name(configured) == "Wire Service"
    assert outlet_name(replace(brief, url="")) == brief.title


def test_a_page_without_a_picture_has_no_lead_image() -> None:
    page = (
        "<html><head><title>Bridge opens</title>"
        '<link rel="canonical" href="https://www.example.com/bridge"></head>'
        "<body><article><h1>Bridge opens</h1>"
        + "<p>The new bridge over the river opened on Monday after three years of work.</p>" * 8
        + "</article></body></html>"
    )
    article = parse_source(Source("a.html", page, "h"), ".html", ZoneInfo("UTC"))
    assert isinstance(article, Article) and article.image == ""
    pictured = page.replace("</head>", '<meta property="og:image" content="/b.jpg"></head>')
    article = parse_source(Source("b.html", pictured, "h"), ".html", ZoneInfo("UTC"))
    assert isinstance(article, Article) and article.image == "https://www.example.com/b.jpg"
