from zoneinfo import ZoneInfo

import pytest

from digest.models import Article, Skipped, Source
from digest.reading.formats import markdown_to_text, parse_source, reads_as_headline
from digest.text.textutil import safe_url

UTC = ZoneInfo("UTC")


def parse(text: str, suffix: str = ".txt") -> Article | Skipped:
    return parse_source(Source("a" + suffix, text, "h"), suffix, UTC)


def test_txt_first_line_headline_is_title() -> None:
    article = parse("Council approves budget\n\nThe council approved it on Tuesday. It was close.")
    assert isinstance(article, Article)
    assert article.title == "Council approves budget"
    assert article.paragraphs == ("The council approved it on Tuesday. It was close.",)


def test_txt_first_line_sentence_is_not_title() -> None:
    first = (
        "On the same day that a delegation made a rare visit to Moscow to discuss the crisis, "
        "the president warned in a speech that the conflict could spread."
    )
    article = parse(first + "\nMore text follows here today.")
    assert isinstance(article, Article)
    assert article.paragraphs[0] == first
    assert len(article.title) <= 121 and article.title.startswith("On the same day")


def test_markdown_front_matter() -> None:
    article = parse(
        '---\ntitle: "Storm\\r\\nBcc: x@y"\ndate: 2024-05-01\nurl: javascript:alert(1)\n'
        "tags: [weather, rain]\n---\n\nHeavy rain is expected on Saturday.",
        ".md",
    )
    assert isinstance(article, Article)
    assert article.title == "Storm Bcc: x@y"
    assert article.date is not None and article.date.isoformat() == "2024-05-01T00:00:00+00:00"
    assert article.url == ""
    assert article.tags == ("weather", "rain")


def test_markdown_bad_front_matter_falls_back() -> None:
    article = parse(
        "---\ntitle: Bad date\ndate: 2024-13-45\ntags: [a, b\n---\n\nBody text here.", ".md"
    )
    assert isinstance(article, Article) and article.title == "Bad date" and article.date is None
    # both problems are kept for the file's one warning line
    assert len(article.notes) == 2
    assert "not valid YAML" in article.notes[0] and "not a valid date" in article.notes[1]


def test_markdown_heading_is_title_and_html_removed() -> None:
    article = parse("# Big News\n\n<script>alert(1)</script>\n[click](javascript:x) Text.", ".md")
    assert isinstance(article, Article)
    assert article.title == "Big News"
    assert "alert" not in " ".join(article.paragraphs)
    assert markdown_to_text("**bold** and [a link](http://x)") == "bold and a link"


def test_html_main_text_only() -> None:
    html = (
        "<html><head><title>Tram line extended</title></head><body><nav>NAVNOISE menu</nav>"
        "<article><h1>Tram line extended</h1><p>The tram line will be extended by three stops "
        "next year, the city said on Monday. Work starts in spring and lasts a year.</p></article>"
        "<footer>FOOTERNOISE all rights reserved</footer></body></html>"
    )
    article = parse(html, ".html")
    assert isinstance(article, Article)
    assert article.title == "Tram line extended"
    text = " ".join(article.paragraphs)
    assert "three stops" in text and "NAVNOISE" not in text and "FOOTERNOISE" not in text


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_empty_is_skipped(text: str) -> None:
    assert isinstance(parse(text), Skipped)


def test_headline_rule() -> None:
    assert reads_as_headline("Putin Says Casualties Would Be ‘Unacceptable’")
    assert not reads_as_headline("x " * 40)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil", "ftp://x/y"])
def test_unsafe_urls_dropped(url: str) -> None:
    assert safe_url(url) == ""


def test_safe_url_kept() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01", "2024-05-01T00:00:00+00:00"),
        ("2024", "2024-01-01T00:00:00+00:00"),
        ("May 1, 2023 10:30", "2023-05-01T10:30:00+00:00"),
        ("March 5", None),  # no year: never filled in from today's date
        ("10:30", None),
    ],
)
def test_dates_never_depend_on_today(value: str, expected: str | None) -> None:
    from digest.reading.formats import parse_date

    parsed = parse_date(value, UTC)
    assert (parsed.isoformat() if parsed else None) == expected


def test_the_dateline_credit_names_the_outlet_of_a_file_that_names_none() -> None:
    text = "Storm hits coast\n\nMIAMI (CNN) -- A storm hit the coast on Monday, officials said.\n"
    article = parse_source(Source("a.txt", text, "h"), ".txt", ZoneInfo("UTC"))
    assert isinstance(article, Article)
    assert article.source == "CNN"
    assert article.paragraphs[0] == "A storm hit the coast on Monday, officials said."
    assert ("MIAMI (CNN) --", "dateline") in article.removed
    stated = parse_source(
        Source("b.md", "---\nsource: Miami Herald\n---\n" + text, "h"), ".md", ZoneInfo("UTC")
    )
    assert isinstance(stated, Article) and stated.source == "Miami Herald"
