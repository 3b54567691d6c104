"""Stories first, everywhere: the index, the email and the daily feed entry show the day as
its stories, with an "In this digest" list, sections by the articles' own tags, and each
source named by its outlet, linking to the original when its address is known."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from tests.conftest import run_digest

EPOCH = "1796299200"  # 2026-12-03 12:00 UTC

TRAM = """---
title: Tram line to the airport opens
tags: [Transport, City]
source: Example Times
url: https://example.com/tram
date: 2026-12-02T08:00:00Z
---
The new tram line to the airport opened on Wednesday after four years of construction.
The line has nine stops and carries up to 12,000 passengers a day, the city said.
Tickets cost the same as on the rest of the network.
"""
BRIDGE = """---
title: Old bridge closed for repairs
tags: [Transport]
date: 2026-12-02T09:00:00.860000Z
---
The old stone bridge over the river was closed on Wednesday for repairs that will take a year.
Engineers found cracks in two of its arches during an inspection in October.
Drivers are asked to use the ring road while the work goes on.
"""
# no title, no date, no outlet: the outlet comes from its folder, the headline from its topline
CHOIR = (
    "On a cold evening at the end of a long week of rehearsals, the city's youth choir won "
    "the national championship in Riga with a programme of Latvian folk songs.\n"
    "The choir of 42 singers beat eleven other choirs from across the country.\n"
    "Its conductor said the win was the result of two years of work.\n"
)
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after the storm #Ostseeküstensturmflutwarnungsdienstmeldungsübersicht2026 | Coast News</title>
<meta property="og:site_name" content="Coast News">
<meta property="og:url" content="https://coast.example.net/harbour">
<meta property="og:image" content="/img/harbour.jpg">
<meta property="og:image:alt" content="Ships waiting outside the harbour">
<meta property="article:published_time" content="2026-12-02T10:00:00Z">
</head><body><article><h1>Harbour reopens after the storm #Ostseeküstensturmflutwarnungsdienstmeldungsübersicht2026</h1>
<p>The harbour reopened on Thursday after a storm had shut it for three days, the port
authority said in a statement.</p>
<p>About 40 ships waited outside the port during the closure, and some of them had to
anchor in open water while the wind was at its strongest.</p>
<p>The storm brought winds of 110 km/h and left 12,000 homes in the region without power for
a night.</p>
<p>Mending the breakwater will cost about two million euros and last until the spring,
officials said.</p>
</article></body></html>
"""
CONFIG = """site_title = "Morning Brief"
site_description = "The news of the day, briefly"
base_url = "https://news.example.org/"
feed_icon = "https://news.example.org/icon.png"
timezone = "UTC"
{extra}
[outlets]
"wires/culture" = "Culture Wire"
"""


def build(tmp_path: Path, extra: str = "") -> Path:
    seeds = tmp_path / "seeds"
    (seeds / "wires" / "culture").mkdir(parents=True)
    (seeds / "tram.md").write_text(TRAM, encoding="utf-8")
    (seeds / "bridge.md").write_text(BRIDGE, encoding="utf-8")
    (seeds / "wires" / "culture" / "choir.txt").write_text(CHOIR, encoding="utf-8")
    (seeds / "harbour.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "digest.toml").write_text(CONFIG.format(extra=extra), encoding="utf-8")
    result = run_digest(
        "build", "--date", "2026-12-03", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("day"))


def test_index_lists_the_stories_of_the_day_with_in_this_digest(out: Path) -> None:
    page = (out / "index.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//h1")[0].text_content() == "Thursday, 3 December 2026"
    assert "Morning Brief" in tree.xpath("//header")[0].text_content()
    assert page.count("Morning Brief") <= 2  # the <title> and the header, no more
    toc = tree.xpath("//nav[@class='toc']//a")
    stories = tree.xpath("//article[@class='story']")
    assert len(toc) == len(stories) == 4
    # every entry links to its story on the page, in the order they stand
    assert [a.get("href") for a in toc] == ["#" + s.get("id") for s in stories]
    assert [a.text_content() for a in toc] == [s.xpath(".//h3")[0].text_content() for s in stories]


def test_sections_come_from_the_articles_own_tags(out: Path) -> None:
    tree = lxml_html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    headings = tree.xpath("//h2[@class='section'] | //article[@class='story']//h3")
    sections: dict[str, list[str]] = {}
    for heading in headings:
        if heading.tag == "h2":
            current = sections.setdefault(heading.text_content(), [])
        else:
            current.append(heading.text_content())
    assert set(sections["Transport"]) == {
        "Tram line to the airport opens",
        "Old bridge closed for repairs",
    }
    assert len(sections["Other news"]) == 2 and list(sections) in (
        ["Transport", "Other news"],
        ["Other news", "Transport"],
    )
    # the section of the day's first story comes first
    first_story = tree.xpath("//nav[@class='toc']//a")[0].text_content()
    assert first_story in next(iter(sections.values()))


def test_sources_are_outlets_with_dates_linking_to_the_original(out: Path) -> None:
    page = (out / "index.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    sources = {
        a.text_content(): (a.get("href"), a.tail or "")
        for a in tree.xpath("//article[@class='story']/p[@class='meta']/a")
    }
    assert sources["Example Times"] == ("https://example.com/tram", ", 2 Dec 2026")
    assert sources["Coast News"] == ("https://coast.example.net/harbour", ", 2 Dec 2026")
    # an outlet configured for the folder; no date, since the file states none
    href, after = sources["Culture Wire"]
    assert href.startswith("briefs/") and not after.startswith(",")
    # no outlet, no address: the brief page, named by the article's own headline
    assert sources["Old bridge closed for repairs"][0].startswith("briefs/")


def test_a_date_with_a_fraction_of_a_second_is_valid_html(out: Path) -> None:
    page = lxml_html.parse(str(out / "briefs" / "bridge.html")).getroot()
    assert page.xpath("//time/@datetime") == ["2026-12-02T09:00:00+00:00"]


def test_a_file_without_a_title_gets_a_headline_from_its_topline(out: Path) -> None:
    briefs = json.loads((out / "briefs.json").read_text(encoding="utf-8"))["items"]
    choir = next(i for i in briefs if "choir" in i["url"])
    title = choir["title"]
    assert not title.endswith("…") and not title.startswith("On a cold evening")
    assert 4 <= len(title.split()) <= 13
    assert all(word.lower() in CHOIR.lower() for word in title.split())


def test_the_email_is_the_same_day_stories_first(out: Path) -> None:
    page = next((out / "digests").glob("*.html")).read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    toc = tree.xpath("//td[@class='toc']//a")
    assert len(toc) == 4
    ids = {e.get("id") for e in tree.xpath("//td[@class='story']")}
    assert {a.get("href")[1:] for a in toc} == ids
    assert "Culture Wire" in page and "Example Times" in page
    text = next((out / "digests").glob("*.txt")).read_text(encoding="utf-8")
    assert "In this digest:" in text and "  4. " in text and "Culture Wire" in text
    assert "<img" not in page  # lead images are off by default


def test_the_daily_entry_carries_the_whole_day(out: Path) -> None:
    feed = feedparser.parse((out / "daily.atom").read_bytes())
    assert feed.bozo == 0
    assert feed.feed.title == "Morning Brief"
    assert feed.feed.subtitle == "The news of the day, briefly"
    assert feed.feed.icon == "https://news.example.org/icon.png"
    entry = feed.entries[0]
    assert entry.title == "Morning Brief: Thursday, 3 December 2026"
    content = entry.content[0].value
    assert "In this digest" in content
    for toplines in (
        "four years of construction",
        "closed on Wednesday for repairs",
        "youth choir",
    ):
        assert toplines in content
    assert entry.summary.startswith("4 stories from 4 articles: ")
    # "In this digest" links into the digest page: a bare "#story-..." would be resolved
    # against the feed by a reader
    links = re.findall(r'href="([^"]*#story-[0-9a-f]+)"', content)
    assert len(links) == 4
    assert all(link.startswith(entry.link + "#story-") for link in links)
    rss = feedparser.parse((out / "daily.rss").read_bytes())
    assert "youth choir" in rss.entries[0].description and rss.feed.image.href.endswith("icon.png")
    briefs_json = json.loads((out / "briefs.json").read_text(encoding="utf-8"))
    assert briefs_json["icon"] == "https://news.example.org/icon.png"


def test_lead_images_when_asked_for(tmp_path: Path) -> None:
    out = build(tmp_path, extra="lead_images = true")
    page = next((out / "digests").glob("*.html")).read_text(encoding="utf-8")
    images = lxml_html.fromstring(page).xpath("//img[@class='lead']")
    assert len(images) == 1
    image = images[0]
    assert image.get("src") == "https://coast.example.net/img/harbour.jpg"
    assert image.get("alt") == "Ships waiting outside the harbour"
    assert int(image.get("width")) <= 600 and "max-width" in image.get("style")
    assert re.search(r"<img[^>]+harbour\.jpg", (out / "index.html").read_text(encoding="utf-8"))
