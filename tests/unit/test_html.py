"""Reading news pages: blocks, headings, tables, the headline, dates with their offset."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from click.testing import CliRunner

from digest.cli import cli
from digest.models import Article, Source
from digest.reading.decode import decode_bytes
from digest.reading.formats import parse_source

SENTENCES = " ".join(
    f"The council met for the {n}th time on Tuesday and approved {n} new projects."
    for n in range(4, 16)
)


def page(body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html lang='de'><head><title>Bridge opens | Example News</title>{head}"
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article>{body}</article><footer>© 2026 Example News. All rights reserved.</footer>"
        "</body></html>"
    )


def read(html: str) -> Article:
    article = parse_source(Source("a.html", html, "h"), ".html", UTC)
    assert isinstance(article, Article), article
    return article


def test_the_headline_is_the_title_never_the_first_sentence() -> None:
    # trafilatura's text output puts the headline on a line of its own without a full
    # stop, and line rejoining glued it to the first sentence
    html = page(f"<p>Harbour bridge opens to traffic</p><p>{SENTENCES}</p>").replace(
        "Bridge opens | Example News", "Harbour bridge opens to traffic | Example News"
    )
    article = read(html)
    assert article.title == "Harbour bridge opens to traffic"
    assert article.paragraphs[0].startswith("The council met")
    assert not any("traffic The council" in p for p in article.paragraphs)


def test_section_headings_stay_marked_in_the_body() -> None:
    html = page(f"<h1>Bridge</h1><p>{SENTENCES}</p><h2>What happens next?</h2><p>{SENTENCES}</p>")
    article = read(html)
    assert ("heading", "What happens next?") in article.blocks
    kinds = [kind for kind, _ in article.blocks]
    assert kinds.index("heading") > 0 and kinds[-1] == "paragraph"


def test_a_layout_table_keeps_the_article_and_a_data_table_its_rows() -> None:
    html = page(
        f"<table><tr><td><p>{SENTENCES}</p></td></tr></table>"
        "<table><tr><th>Year</th><th>Projects</th></tr><tr><td>2025</td><td>12</td></tr></table>"
        f"<p>{SENTENCES}</p>"
    )
    body = "\n".join(read(html).paragraphs)
    assert "approved 9 new projects" in body
    assert "2025 | 12" in body


def test_dates_keep_the_time_and_offset_the_page_states() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Bridge opens &amp; traffic flows",
        "datePublished": "2025-06-05T14:46:12+02:00",
        "dateModified": "2025-06-06T09:00:00+02:00",
        "author": [{"@type": "Person", "name": "Jane Doe"}],
        "publisher": {"@type": "Organization", "name": "Example News"},
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    article = read(page(f"<p>{SENTENCES}</p>", head))
    assert article.date is not None and article.date.isoformat() == "2025-06-05T14:46:12+02:00"
    assert (
        article.updated is not None and article.updated.isoformat() == "2025-06-06T09:00:00+02:00"
    )
    assert article.date_source == "JSON-LD datePublished"
    assert article.title == "Bridge opens & traffic flows"
    assert article.author == "Jane Doe" and article.source == "Example News"
    assert article.language == "de"


def test_meta_published_time_and_a_page_with_its_title_never_closed() -> None:
    head = "<meta property='article:published_time' content='2024-01-07T01:20:00+00:00'>"
    html = page(f"<p>{SENTENCES}</p>", head).replace("</title>", "")
    article = read(html)
    assert article.date is not None and article.date.isoformat() == "2024-01-07T01:20:00+00:00"
    assert "approved 9 new projects" in " ".join(article.paragraphs)


def test_readers_comments_and_legal_footers_are_not_the_article() -> None:
    html = page(
        f"<p>{SENTENCES}</p><p>Two more bridges are planned for the years after that.</p>"
        "<p>Report this comment</p>"
        "<p>What a silly decision, says a reader who wrote at length about bridges.</p>"
    )
    article = read(html)
    assert not any("silly" in p for p in article.paragraphs)
    assert any(rule == "readers' comments" for _, rule in article.removed)


def test_legacy_and_wide_encodings_are_read_right() -> None:
    text = "Президент России заявил в пятницу, что жертвы среди мирного населения недопустимы."
    assert decode_bytes(text.encode("cp1251")).text == text
    assert decode_bytes(text.encode("koi8_r")).text == text
    assert decode_bytes(text.encode("utf-16-le")).text == text  # no byte order mark
    declared = f"<html><head><meta charset='windows-1251'></head><body>{text}</body></html>"
    assert text in decode_bytes(declared.encode("cp1251")).text
    western = "Café in Zürich: “no new taxes”, €5 a cup."
    assert decode_bytes(western.encode("cp1252")).text == western


def test_digest_read_json_shows_what_was_read(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        page(f"<h1>Bridge opens</h1><p>{SENTENCES}</p><h2>Next</h2><p>{SENTENCES}</p>"),
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_bytes(b"")
    result = CliRunner().invoke(
        cli, ["read", "--json", str(tmp_path / "a.html"), str(tmp_path / "b.txt")]
    )
    assert result.exit_code == 1  # one file was skipped
    first, second = json.loads(result.stdout)
    assert set(first) >= {
        "file",
        "title",
        "date",
        "date_source",
        "updated",
        "authors",
        "outlet",
        "url",
        "language",
        "encoding",
        "body",
        "paragraphs",
        "headings",
        "removed",
    }
    assert first["headings"] == ["Next"] and first["encoding"] == "utf-8"
    assert "\n\nNext\n\n" in first["body"]
    assert second == {"file": str(tmp_path / "b.txt"), "skipped": "empty file"}


def test_a_title_loses_the_site_parts_and_a_generic_one_gives_way_to_the_headline() -> None:
    lead = "<p>Covic turned up the heat on Schwarzer on Sunday, saying the keeper must improve.</p>"
    suffixed = page(lead + f"<p>{SENTENCES}</p>").replace(
        "Bridge opens | Example News", "Covic turns up heat on Schwarzer - Football - Sport"
    )
    assert read(suffixed).title == "Covic turns up heat on Schwarzer"
    generic = page(f"<h1>Schwarzer feels the heat from Covic</h1>{lead}<p>{SENTENCES}</p>").replace(
        "Bridge opens | Example News", "World News"
    )
    assert read(generic).title == "Schwarzer feels the heat from Covic"


def test_the_articles_language_reaches_its_page_and_the_json_feed(tmp_path: Path) -> None:
    from tests.conftest import run_digest

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "de.md").write_text(
        "---\ntitle: Brücke eröffnet\nlang: de-DE\n---\n\n"
        "Die neue Brücke wurde am Dienstag eröffnet. Sie kostete 4 Millionen Euro.\n",
        encoding="utf-8",
    )
    (seeds / "bad.md").write_text(
        "---\ntitle: Odd\nlang: '\"><script>'\n---\n\nA plain sentence here. And one more.\n",
        encoding="utf-8",
    )
    (seeds / "fr.md").write_text(  # states no language: it is detected
        "# Le pont ouvre\n\nLe nouveau pont a été ouvert mardi par le maire de la ville. "
        "Il a coûté quatre millions d'euros et relie les deux rives du fleuve.\n",
        encoding="utf-8",
    )
    result = run_digest("build", "--seeds", "seeds", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "briefs" / "de.html").read_text(encoding="utf-8")
    assert '<article dir="auto" lang="de">' in page
    items = json.loads((tmp_path / "out" / "briefs.json").read_text(encoding="utf-8"))["items"]
    assert {i["title"]: i.get("language") for i in items} == {
        "Brücke eröffnet": "de",
        "Le pont ouvre": "fr",
        "Odd": None,  # an invalid tag is dropped, and two sentences are too few to tell
    }
    import feedparser

    atom = feedparser.parse((tmp_path / "out" / "briefs.atom").read_bytes())
    assert not atom.bozo
    assert {e.title: e.title_detail.language for e in atom.entries} == {
        "Brücke eröffnet": "de",
        "Le pont ouvre": "fr",
        "Odd": "en",  # the feed's own language
    }
    assert "<script>" not in (tmp_path / "out" / "briefs" / "bad.html").read_text(encoding="utf-8")


def test_news_sentences_that_look_like_boilerplate_stay() -> None:
    from digest.text import noise

    news = [
        "Have your say on the plans at a public meeting next week, the council said.",
        "Join the conversation about climate change, the minister urged students.",
        "Meta updated its terms of service and privacy policy on Tuesday, giving users a week.",
        "The photo, which is copyrighted by Getty, was shared widely.",
        "| Arsenal | 24 | 20 |",
    ]
    assert [line for line in news if noise.is_noise_line(line)] == []
    assert [line for line in news if noise.COMMENTS_START.match(line)] == []
    footers = ["© 2008 Example News. All rights reserved.", "About || Contact || Advertise"]
    assert all(noise.is_noise_line(line) for line in footers)


def test_declared_charsets_are_read_as_browsers_read_them() -> None:
    latin = b'<meta charset="iso-8859-1"><p>it\x92s \x93Caf\xe9\x94</p>'
    assert "it’s “Café”" in decode_bytes(latin).text
    cyrillic = '<meta charset="windows-1251"><p>«ТАСС» сообщает новости</p>'
    assert "«ТАСС» сообщает" in decode_bytes(cyrillic.encode("cp1251")).text
    assert decode_bytes(b"Hello world, text.\x00" * 200).encoding == "utf-8"  # not UTF-16


def test_a_title_with_a_score_or_a_leading_name_is_kept_whole() -> None:
    from digest.reading.html import _without_site_parts

    assert _without_site_parts("Liverpool 2 - 1 Chelsea") == "Liverpool 2 - 1 Chelsea"
    assert _without_site_parts("Biden - Putin summit ends without deal") == (
        "Biden - Putin summit ends without deal"
    )
    assert _without_site_parts("Covic turns up heat - Football - Sport") == "Covic turns up heat"


def test_link_share_tells_a_teaser_list_from_a_paragraph_with_a_link() -> None:
    from lxml import etree

    from digest.reading.html import _element_blocks
    from digest.text.clean import LINKS_MARK, clean_body

    teasers = etree.fromstring(
        "<p><ref target='/a'>Another top group may withdraw their new album</ref> | "
        "<ref target='/b'>Our pick of the best hotels in Zermatt</ref></p>"
    )
    prose = etree.fromstring(
        "<p>The council, <ref target='/c'>which met on Tuesday</ref>, approved the bridge "
        "after a long debate about its cost and the traffic it would bring.</p>"
    )
    (teaser_block,) = _element_blocks(teasers)
    (prose_block,) = _element_blocks(prose)
    assert teaser_block.startswith(LINKS_MARK) and not prose_block.startswith(LINKS_MARK)
    cleaned = clean_body(f"{prose_block}\n\n{teaser_block}")
    assert cleaned.paragraphs == (prose_block,)
    assert [rule for _, rule in cleaned.removed] == ["mostly links"]


def test_no_reader_mark_ever_reaches_a_title_or_the_text() -> None:
    from digest.reading.formats import _article
    from digest.text.clean import HEADING_MARK, LINKS_MARK, ROW_MARK

    for opening in (LINKS_MARK + "One-Minute World News", ROW_MARK + "Year | Projects"):
        text = f"{opening}\n\n{HEADING_MARK}Gulf states urge peace\n\n{SENTENCES}"
        article = _article("a.html", text, {}, UTC, [])
        assert isinstance(article, Article)
        everything = [article.title, *article.paragraphs, *article.headings]
        assert not any("\x00" in t or t.startswith(("LINKS", "HEAD", "ROW")) for t in everything)
    headed = _article("a.html", f"{HEADING_MARK}Gulf states urge peace\n\n{SENTENCES}", {}, UTC, [])
    assert isinstance(headed, Article) and headed.title == "Gulf states urge peace"


def test_a_table_row_of_links_is_a_menu_and_no_mark_stays_inside_text() -> None:
    from lxml import etree

    from digest.reading.html import _table
    from digest.text.clean import LINKS_MARK, ROW_MARK, clean_body

    table = etree.fromstring(
        "<table><row><cell><ref>Home page of the site</ref></cell><cell><ref>World news "
        "and more</ref></cell><cell>Jan 15</cell></row>"
        "<row><cell>2025</cell><cell>12 projects</cell></row>"
        "<row><cell><ref>Bulls</ref></cell><cell><ref>Golf</ref></cell><cell><ref>Cheetahs</ref>"
        "</cell></row></table>"
    )
    menu, data, short_links = list(_table(table))
    assert short_links.startswith(LINKS_MARK)
    assert menu.startswith(LINKS_MARK) and "\x00" not in menu.removeprefix(LINKS_MARK)
    assert data == ROW_MARK + "2025 | 12 projects"
    cleaned = clean_body(f"A first paragraph of the story.\n\n{data} {LINKS_MARK}stray")
    assert not any("\x00" in p for p in cleaned.paragraphs)


def test_a_date_with_a_zone_name_dateutil_does_not_know_reads_without_a_warning() -> None:
    # pytest turns warnings into errors here: dateutil warns about "EST", which would reach
    # the terminal as a second line
    head = "<meta name='date' content='Jan 2, 2008 10:00 EST'>"
    article = read(page(f"<p>{SENTENCES}</p>", head))
    assert article.date is not None and article.date.date().isoformat() == "2008-01-02"


def test_where_a_page_states_its_date_several_ways_the_agreed_instant_wins() -> None:
    # One tag a plain error (20:00 UTC), JSON-LD and <time> agree on 18:00 UTC: theirs wins.
    head = (
        "<meta property='article:published_time' content='2025-05-29T20:00:27Z'>"
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "datePublished": "2025-05-29T20:00:27+0200"}</script>'
    )
    body = f"<time datetime='2025-05-29T20:00:27+02:00'>29 May</time><p>{SENTENCES}</p>"
    article = read(page(body, head))
    assert article.date is not None and article.date.isoformat() == "2025-05-29T20:00:27+02:00"
    # A tag without a zone gives way to one with it; JSON-LD wrapped in CDATA is read.
    head = (
        "<meta property='article:published_time' content='2024-11-22 16:55:35'>"
        "<script type='application/ld+json'>//<![CDATA[\n"
        '{"@type": "NewsArticle", "datePublished": "2024-11-22T16:55:35+08:00"}\n//]]></script>'
    )
    article = read(page(f"<p>{SENTENCES}</p>", head))
    assert article.date is not None and article.date.isoformat() == "2024-11-22T16:55:35+08:00"
    assert article.date_source == "JSON-LD datePublished"
    # The same instant in two forms: the Open Graph tag's form is kept.
    head = (
        "<meta property='article:published_time' content='2023-08-30T12:52:08+00:00'>"
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "datePublished": "2023-08-30T14:52:08+02:00"}</script>'
    )
    article = read(page(f"<p>{SENTENCES}</p>", head))
    assert article.date is not None and article.date.isoformat() == "2023-08-30T12:52:08+00:00"


def test_an_older_page_names_its_headline_by_its_look_or_its_share_links() -> None:
    lead = (
        "<p>Gulf states urged peace with Iran on Monday, as their leaders met in Doha for "
        "talks on the region's security and trade.</p>"
    )
    body = f"{lead}<p>{SENTENCES}</p>"
    styled = (
        "<html><head><title>Breaking News</title></head><body><table><tr><td>"
        "<span id='lblTitle' style='font-size:14pt;font-weight:bold'>Gulf states urge peace "
        f"with Iran</span></td></tr><tr><td>{body}</td></tr></table></body></html>"
    )
    assert read(styled).title == "Gulf states urge peace with Iran"
    shared = (
        "<html><head><title>Other News Video</title></head><body>"
        "<a href='http://del.icio.us/post?url=x&amp;title=Gulf%20states%20urge%20peace%20"
        f"with%20Iran'>Delicious</a><div>{body}</div></body></html>"
    )
    assert read(shared).title == "Gulf states urge peace with Iran"
    # a site name before the headline in <title> is cut, when the lead says the headline
    sited = page(body).replace(
        "Bridge opens | Example News",
        "San Bernardino County Sun - Gulf states urge peace with Iran",
    )
    assert read(sited).title == "Gulf states urge peace with Iran"


def test_digest_read_reads_a_date_without_a_zone_in_the_configured_zone(tmp_path: Path) -> None:
    head = "<meta property='article:published_time' content='2025-06-05 14:46'>"
    (tmp_path / "a.html").write_text(page(f"<p>{SENTENCES}</p>", head), encoding="utf-8")
    (tmp_path / "digest.toml").write_text('timezone = "Europe/Riga"\n', encoding="utf-8")
    config = ["--config", str(tmp_path / "digest.toml")]
    result = CliRunner().invoke(cli, ["read", "--json", *config, str(tmp_path / "a.html")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["date"] == "2025-06-05T14:46:00+03:00"
    flag = ["--timezone", "UTC", *config]
    result = CliRunner().invoke(cli, ["read", "--json", *flag, str(tmp_path / "a.html")])
    assert json.loads(result.stdout)[0]["date"] == "2025-06-05T14:46:00+00:00"


def test_an_outlet_slug_gives_way_to_the_publishers_name() -> None:
    from digest.reading.html import _outlet

    assert _outlet("nationalpost", "National Post", "") == "National Post"
    assert _outlet("KGK_News", "", "KGK News") == "KGK News"
    assert _outlet("canada", "", "") == "canada"  # nothing better: kept
    assert _outlet("BBC News", "BBC", "") == "BBC News"


def test_a_title_left_with_a_leading_separator_loses_it(tmp_path: Path) -> None:
    from digest.reading.html import read_page

    html = page(f"<h1>| Bridge opens</h1><p>{SENTENCES}</p>").replace(
        "<title>Bridge opens | Example News</title>", "<title>| Bridge opens</title>"
    )
    found = read_page(html)
    assert found is not None and found.title == "Bridge opens"
    # a dash opening a headline is a quote's, as Scandinavian papers write them
    quoted = page(f"<h1>- Angsten vil øke</h1><p>{SENTENCES}</p>").replace(
        "<title>Bridge opens | Example News</title>", "<title>- Angsten vil øke</title>"
    )
    found = read_page(quoted)
    assert found is not None and found.title == "- Angsten vil øke"
