"""The hostile corpus through `digest build`: what the manifest expects of each file."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import html5lib
import pytest
from lxml import etree

from tests.conftest import hostile_manifest, make_hostile_seeds, run_digest

MANIFEST = hostile_manifest()
JS_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile")
    seeds = make_hostile_seeds(root)
    result = run_digest("build", "--seeds", str(seeds), "--out", str(root / "out"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "out", result.stderr


def outputs_text(out: Path) -> str:
    parts = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            parts.append(html.unescape(path.read_bytes().decode("utf-8", "replace")))
    return unicodedata.normalize("NFC", "\n".join(parts))


def brief_entries(out: Path) -> list[str]:
    root = etree.fromstring((out / "briefs.atom").read_bytes())
    return [" ".join(e.itertext()) for e in root.iter("{http://www.w3.org/2005/Atom}entry")]


def cases(kind: str) -> list[dict]:
    return [e for e in MANIFEST if e["class"] == kind]


def test_every_feed_parses_strictly(hostile_build: tuple[Path, str]) -> None:
    out, _ = hostile_build
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    for feed in list(out.glob("*.atom")) + list(out.glob("*.rss")):
        etree.fromstring(feed.read_bytes(), parser)


@pytest.mark.parametrize("case", cases("include"), ids=lambda c: c["file"][:30])
def test_good_article_survives_intact(hostile_build: tuple[Path, str], case: dict) -> None:
    out, _ = hostile_build
    entries = [e for e in brief_entries(out) if case["marker"] in e]
    assert entries, f"{case['file']} is missing from briefs.atom"
    if case.get("dedupe") == "exact":
        assert len(entries) == 1
    text = outputs_text(out)
    for expected in case.get("must_contain", []):
        assert unicodedata.normalize("NFC", expected) in text
    for leaked in case.get("must_not_contain", []):  # boilerplate around a good article
        assert leaked not in text
    if case.get("max_title_len"):
        root = etree.fromstring((out / "briefs.atom").read_bytes())
        titles = [
            e.findtext("{http://www.w3.org/2005/Atom}title") or ""
            for e in root.iter("{http://www.w3.org/2005/Atom}entry")
        ]
        mine = [t for t in titles if case["marker"] in t]
        assert mine and all(len(t) <= case["max_title_len"] for t in mine)


@pytest.mark.parametrize("case", cases("skip"), ids=lambda c: c["file"][:30])
def test_bad_file_skipped_with_a_warning(hostile_build: tuple[Path, str], case: dict) -> None:
    out, log = hostile_build
    name = Path(case["file"]).name
    assert any(name in line and "skipped" in line for line in log.splitlines()), log
    if case.get("marker"):
        assert case["marker"] not in outputs_text(out)


@pytest.mark.parametrize("case", cases("ignore"), ids=lambda c: c["file"][:30])
def test_editor_and_hidden_files_ignored(hostile_build: tuple[Path, str], case: dict) -> None:
    out, log = hostile_build
    if case.get("marker"):
        assert case["marker"] not in outputs_text(out)
    assert f"{Path(case['file']).name}: skipped" not in log


@pytest.mark.parametrize("case", cases("outside"), ids=lambda c: c["file"][:30])
def test_links_out_of_the_folder_not_followed(hostile_build: tuple[Path, str], case: dict) -> None:
    out, log = hostile_build
    assert f"{case['file']}: skipped" in log
    text = outputs_text(out)
    for secret in case.get("must_not_contain", []) + ["CANARY-OUTSIDE-SEEDS"]:
        assert secret not in text


@pytest.mark.parametrize("case", cases("either"), ids=lambda c: c["file"][:30])
def test_either_published_or_warned(hostile_build: tuple[Path, str], case: dict) -> None:
    out, log = hostile_build
    name = Path(case["file"]).name
    published = case.get("marker") and case["marker"] in outputs_text(out)
    warned = any(name in line and "skipped" in line for line in log.splitlines())
    assert published or warned, log  # (every file read is logged: the log line must say why)
    for leaked in case.get("must_not_contain", []):
        assert leaked not in outputs_text(out)


def test_no_markup_from_input_is_live(hostile_build: tuple[Path, str]) -> None:
    out, _ = hostile_build
    pages = list(out.rglob("*.html"))
    root = etree.fromstring((out / "briefs.atom").read_bytes())
    fragments = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}content")]
    for document in [p.read_text(encoding="utf-8") for p in pages] + fragments:
        tree = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("script", "iframe", "svg", "img", "object", "base")
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (element.tag, name)
                assert not JS_URL.match(value or ""), (element.tag, value)
    assert "135795" not in outputs_text(out)  # template syntax in input is never evaluated


def test_html_pages_parse_without_errors(hostile_build: tuple[Path, str]) -> None:
    out, _ = hostile_build
    for page in out.rglob("*.html"):
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())
