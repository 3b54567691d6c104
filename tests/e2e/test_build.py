"""`digest build` end to end, in a subprocess, read back with real parsers."""

from __future__ import annotations

import email
import email.policy
import html
import json
import os
import re
import shutil
from pathlib import Path

import feedparser
import html5lib
from lxml import etree

from tests.conftest import run_digest

ATOM = "{http://www.w3.org/2005/Atom}"
NOISE = (
    "Getty Images",
    "Follow me on Twitter",
    "Send me a secure tip",
    "Read More",
    "Reklāma",
    "pic.twitter.com",
    "Via Reuters",
    "(@ivan_8848)",
    "Further Reading",
)
DAY1, DAY2 = "1700000000", "1700090000"  # SOURCE_DATE_EPOCH values a day apart


def build(seeds: Path, out: Path, *extra: str, epoch: str = DAY1, **env: str):
    result = run_digest(
        "build",
        "--seeds",
        str(seeds),
        "--out",
        str(out),
        *extra,
        cwd=seeds.parent,
        env={"SOURCE_DATE_EPOCH": epoch, **env},
    )
    return result


def tree(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def atom_entries(out: Path) -> dict[str, etree._Element]:
    root = etree.fromstring((out / "briefs.atom").read_bytes())
    return {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}


def test_sample_build_outputs(built_sample: Path) -> None:
    out = built_sample
    for name in ("briefs.atom", "briefs.rss", "daily.atom", "daily.rss"):
        parsed = feedparser.parse(str(out / name))
        assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if name.endswith("atom") else "rss20")
        expected = 2 if name.startswith("briefs") else 1
        assert len(parsed.entries) == expected
        for entry in parsed.entries:
            assert entry.link.startswith("http://localhost:8000/")
            assert entry.id and entry.title
    atom = feedparser.parse(str(out / "briefs.atom"))
    for entry in atom.entries:
        assert "<li>" in entry.content[0].value
        assert entry.summary and "updated" in entry
        page = out / "briefs" / Path(entry.link).name
        assert page.is_file()
    feed = json.loads((out / "briefs.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["id"] for i in feed["items"]] == [e.id for e in atom.entries]


def test_sample_briefs_have_no_noise_and_title_once(built_sample: Path) -> None:
    for entry in atom_entries(built_sample).values():
        body = etree.tostring(entry, encoding="unicode")
        for noise in NOISE:
            assert noise not in body, noise
    page = (built_sample / "briefs" / "000_6b2e10c6dedfae58.html").read_text(encoding="utf-8")
    title = "Putin Says Civilian Casualties From Israeli Ground Assault In Gaza Would Be"
    assert page.count(title) == 2  # the <title> element and the <h1>, never in the brief text


def test_email_digest(built_sample: Path) -> None:
    digests = sorted((built_sample / "digests").glob("*.eml"))
    assert len(digests) == 1
    message = email.message_from_bytes(digests[0].read_bytes(), policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    for header in ("Subject", "From", "To", "Date", "Message-ID"):
        assert message[header], header
    # MIME text travels with CRLF line ends; the files on disk use LF
    parts = {
        p.get_content_type(): p.get_content().replace("\r\n", "\n") for p in message.iter_parts()
    }
    html_file = digests[0].with_suffix(".html").read_text(encoding="utf-8")
    assert parts["text/html"] == html_file
    assert parts["text/plain"] == digests[0].with_suffix(".txt").read_text(encoding="utf-8")
    assert len(html_file.encode()) < 102 * 1024
    assert "<script" not in html_file and 'style="' in html_file
    html5lib.HTMLParser(strict=True).parse(html_file)


def top_level_rules(css: str) -> list[str]:
    """The selectors or at-rules of a style sheet's outermost blocks."""
    rules, depth, start = [], 0, 0
    for position, char in enumerate(css):
        if char == "{":
            if depth == 0:
                rules.append(" ".join(css[start:position].split()))
            depth += 1
        elif char == "}":
            depth -= 1
            start = position + 1
    return rules


def test_email_digest_reads_well_in_mail_clients(built_sample: Path) -> None:
    page = next((built_sample / "digests").glob("*.html")).read_text(encoding="utf-8")
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    assert tree.get("lang") == "en"
    styles = " ".join(s.text or "" for s in tree.iter("style"))
    # the <style> block keeps only what cannot be inlined: media queries, dark mode
    assert "@media (prefers-color-scheme: dark)" in styles
    assert top_level_rules(styles) == ["@media only screen and (max-width: 620px)",
                                       "@media (prefers-color-scheme: dark)"]  # fmt: skip
    preheader = [d for d in tree.iter("div") if d.get("class") == "preheader"]
    assert preheader and "display: none" in preheader[0].get("style", "")
    assert (preheader[0].text or "").strip()  # the line mail clients show after the subject
    assert [h.tag for h in tree.iter() if h.tag in ("h1", "h2")][:2] == ["h1", "h2"]
    assert all(img.get("alt") is not None for img in tree.iter("img"))


def test_feeds_newest_first_with_the_topline_as_summary(built_sample: Path) -> None:
    atom = feedparser.parse(str(built_sample / "briefs.atom"))
    published = [e.published_parsed for e in atom.entries]
    assert published == sorted(published, reverse=True)
    for entry in atom.entries:
        page = (built_sample / "briefs" / Path(entry.link).name).read_text(encoding="utf-8")
        found = re.search(r'class="topline"><strong>Topline:</strong> (.*?)</p>', page, re.S)
        assert found and entry.summary == html.unescape(found.group(1))
        content = html.unescape(entry.content[0].value)  # topline, then the key facts
        assert -1 < content.index(entry.summary) < content.index("<li>")


def test_index_autodiscovery(built_sample: Path) -> None:
    index = (built_sample / "index.html").read_text(encoding="utf-8")
    for kind in ("application/atom+xml", "application/rss+xml", "application/feed+json"):
        assert f'type="{kind}"' in index
    assert "briefs/000_6b2e10c6dedfae58.html" in index


def test_rebuild_is_byte_identical_and_writes_nothing(sample_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(sample_seeds, out).returncode == 0
    first = tree(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second_run = build(sample_seeds, out, epoch=DAY2)
    assert second_run.returncode == 0
    assert tree(out) == first
    assert all(p.stat().st_mtime_ns == m for p, m in mtimes.items() if not p.name.startswith("."))


def test_fresh_builds_identical_across_hash_seeds_and_zones(
    sample_seeds: Path, tmp_path: Path
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    # the configured zone decides, not the machine's
    zone = ("--timezone", "Europe/Riga")
    assert build(sample_seeds, one, *zone, PYTHONHASHSEED="1", TZ="Asia/Tokyo").returncode == 0
    assert (
        build(sample_seeds, two, *zone, PYTHONHASHSEED="2", TZ="America/New_York").returncode == 0
    )
    assert tree(one) == tree(two)


def test_edit_keeps_id_and_moves_updated_delete_removes(sample_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample_seeds, out)
    before = {
        e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated") for e in atom_entries(out).values()
    }
    article = sample_seeds / "003_1a7beac0dd8a92b8.txt"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nOfficials added a correction.\n", encoding="utf-8"
    )
    assert build(sample_seeds, out, epoch=DAY2).returncode == 0
    after = {
        e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated") for e in atom_entries(out).values()
    }
    assert before.keys() == after.keys()
    changed = [i for i in before if before[i] != after[i]]
    assert len(changed) == 1 and after[changed[0]] > before[changed[0]]
    article.unlink()
    assert build(sample_seeds, out, epoch=DAY2).returncode == 0
    assert len(atom_entries(out)) == 1
    assert not (out / "briefs" / "003_1a7beac0dd8a92b8.html").exists()
    assert "003_1a7beac0dd8a92b8" not in (out / "index.html").read_text(encoding="utf-8")


def test_new_article_joins_the_next_days_digest(sample_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample_seeds, out)
    (sample_seeds / "late.txt").write_text(
        "Late news arrives\n\nThe late story has facts. It has two sentences at least.\n",
        encoding="utf-8",
    )
    assert build(sample_seeds, out, epoch=DAY2).returncode == 0
    days = sorted(p.stem for p in (out / "digests").glob("*.html"))
    assert days == ["2023-11-14", "2023-11-15"]
    second = (out / "digests" / "2023-11-15.html").read_text(encoding="utf-8")
    assert "Late news arrives" in second and "Putin" not in second
    assert len(feedparser.parse(str(out / "daily.atom")).entries) == 2


def test_bad_file_is_skipped_with_one_line(sample_seeds: Path, tmp_path: Path) -> None:
    (sample_seeds / "empty.txt").write_bytes(b"")
    (sample_seeds / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = build(sample_seeds, tmp_path / "out")
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "skipped" in line and "WARNING" in line]
    assert len(lines) == 2
    assert any("empty.txt" in line for line in lines) and any(
        "picture.txt" in line for line in lines
    )
    assert len(atom_entries(tmp_path / "out")) == 2
    strict = build(sample_seeds, tmp_path / "out2", "--strict")
    assert strict.returncode == 4


def test_missing_seeds_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_digest("build", "--seeds", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert "seeds folder nowhere does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_names_the_key(sample_seeds: Path) -> None:
    (sample_seeds.parent / "digest.toml").write_text(
        'timezone = "Nowhere/City"\n', encoding="utf-8"
    )
    result = run_digest("build", "--seeds", "seeds", cwd=sample_seeds.parent)
    assert result.returncode == 2
    assert "timezone" in result.stderr and "IANA" in result.stderr


def test_base_url_makes_absolute_links(sample_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample_seeds, out, "--base-url", "https://news.example.org/daily")
    for entry in feedparser.parse(str(out / "briefs.rss")).entries:
        assert entry.link.startswith("https://news.example.org/daily/briefs/")


def test_python_m_and_help(tmp_path: Path) -> None:
    result = run_digest("build", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in (
        "--seeds",
        "--out",
        "--date",
        "--config",
        "--base-url",
        "--timezone",
        "--strict",
    ):
        assert option in result.stdout


def test_stories_feed_groups_the_sample_and_keeps_its_id(
    sample_seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build(sample_seeds, out).returncode == 0
    stories = feedparser.parse(str(out / "stories.atom"))
    assert stories.bozo == 0 and len(stories.entries) == 1
    story = stories.entries[0]
    assert "2 sources" in story.content[0].value and "<li>" in story.content[0].value
    feed = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    explained = feed["items"][0]["_digest"]
    assert len(explained["sources"]) == 2 and explained["grouped"][0]["similarity"] > 0
    assert all("position_score" in f and "redundant_with" in f for f in explained["facts"])
    digest = next((out / "digests").glob("*.html")).read_text(encoding="utf-8")
    # the email names both reports as the story's sources, each linked
    sources = digest.split("Sources:", 1)[1].split("</ul>", 1)[0]
    assert sources.count("<a ") == 2 and "1 story from 2 articles" in digest
    (sample_seeds / "more.txt").write_text(
        "Putin warns Israel over civilian casualties in Gaza\n\nRussian President Vladimir Putin "
        "said on Monday that civilian casualties in Gaza are unacceptable. Putin spoke in Moscow "
        "and said Russia and Israel must talk. Moscow has urged a ceasefire in the Middle East.\n",
        encoding="utf-8",
    )
    assert build(sample_seeds, out, epoch=DAY2).returncode == 0
    again = feedparser.parse(str(out / "stories.atom")).entries
    assert [e.id for e in again] == [story.id]
    assert again[0].updated > story.updated
    assert "3 sources" in again[0].content[0].value


def test_page_names_and_ids_stay_when_files_join(sample_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    article = sample_seeds / "003_1a7beac0dd8a92b8.txt"
    build(sample_seeds, out)
    page = (out / "briefs" / "003_1a7beac0dd8a92b8.html").read_bytes()
    ids = {e.findtext(f"{ATOM}id") for e in atom_entries(out).values()}
    # a file with the same name stem, and an exact copy that sorts first
    (sample_seeds / "003_1a7beac0dd8a92b8.md").write_text(
        "# Another story\n\nOther text here. It is different.\n", encoding="utf-8"
    )
    shutil.copy(article, sample_seeds / "001-copy.txt")
    result = build(sample_seeds, out, epoch=DAY2)
    assert "001-copy.txt: skipped: exact duplicate of 003_1a7beac0dd8a92b8.txt" in result.stderr
    assert (out / "briefs" / "003_1a7beac0dd8a92b8.html").read_bytes() == page
    after = {e.findtext(f"{ATOM}id") for e in atom_entries(out).values()}
    assert ids < after and len(after) == 3


def test_changed_brief_settings_summarize_again(sample_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample_seeds, out)
    (tmp_path / "digest.toml").write_text(
        "key_facts = 3\nwords_per_minute = 50\n", encoding="utf-8"
    )
    result = build(sample_seeds, out, epoch=DAY2)
    assert "summarized again" in result.stderr or "new; summarized" in result.stderr
    page = (out / "briefs" / "000_6b2e10c6dedfae58.html").read_text(encoding="utf-8")
    assert "13 min read" in page
    assert page.count("<li>") == 3


def test_out_folder_inside_the_seeds_is_not_read_back(sample_seeds: Path) -> None:
    for _ in range(2):
        result = build(sample_seeds, sample_seeds / "out")
        assert result.returncode == 0
    assert len(atom_entries(sample_seeds / "out")) == 2


def test_renamed_article_leaves_no_ghost(sample_seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample_seeds, out)
    (sample_seeds / "003_1a7beac0dd8a92b8.txt").rename(sample_seeds / "renamed.txt")
    assert build(sample_seeds, out, epoch=DAY2).returncode == 0
    assert sorted(p.name for p in (out / "briefs").glob("*.html")) == [
        "000_6b2e10c6dedfae58.html",
        "renamed.html",
    ]
    assert len(atom_entries(out)) == 2


def test_nothing_is_fetched_from_the_network(sample_seeds: Path, tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('NETWORK-USED')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n",
        encoding="utf-8",
    )
    (sample_seeds / "page.html").write_text(
        "<html><head><title>Tram line extended</title><link rel=stylesheet href=http://x.test/a.css>"
        "</head><body><article><h1>Tram line extended</h1><p>The tram line will be extended by "
        "three stops, the city said. <img src=http://x.test/i.png> Work starts in spring.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result = build(
        sample_seeds,
        tmp_path / "out",
        PYTHONPATH=f"{hook}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    )
    assert result.returncode == 0 and "NETWORK-USED" not in result.stderr
    assert len(atom_entries(tmp_path / "out")) == 3
