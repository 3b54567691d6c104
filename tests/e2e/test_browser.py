"""The email digest and the pages in a real browser (Debian's headless Chromium):
no horizontal scrolling at 600 px and 375 px, nothing loaded from the network; and the
index, a brief and the email looked at, not only validated: at 1000 px and 375 px, light and
dark, no horizontal scrolling, body text at a WCAG AA contrast of at least 4.5:1 (3:1 for
large text), headings in order, and a full-page PNG of each written to the test's temporary
folder and, with ``--screenshots DIR`` or ``DIGEST_SCREENSHOTS=DIR``, to DIR for a reviewer."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="digest-chromium-"),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
        )
        requested: list[str] = []

        def only_local(route):  # type: ignore[no-untyped-def]
            requested.append(route.request.url)
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", only_local)
        yield context, requested
        context.close()


def pages(out: Path) -> list[Path]:
    return [
        next((out / "digests").glob("*.html")),
        out / "index.html",
        next((out / "briefs").glob("*.html")),
    ]


@pytest.mark.parametrize("width", [600, 375])
def test_no_horizontal_scrolling(browser, built_sample: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    context, requested = browser
    for path in pages(built_sample):
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path.as_uri(), wait_until="load")
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= width, f"{path.name} is {scroll_width}px wide at {width}px"
        assert page.evaluate("document.body.innerText").strip()
        page.close()
    assert all(url.startswith(("file:", "data:")) for url in requested)


def test_email_content_is_at_most_600px_wide(browser, built_sample: Path) -> None:  # type: ignore[no-untyped-def]
    context, _ = browser
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(pages(built_sample)[0].as_uri(), wait_until="load")
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('h1,h2,p,li')].map("
        "e => e.getBoundingClientRect().width))"
    )
    assert 0 < widest <= 600
    page.close()


# Everything the look checks read from a loaded page, in one round trip. For each visible
# element with a direct text node: its text colour and the colour under it, which is every
# ancestor's background-color composited from the canvas up (the canvas is white, or
# Chromium's dark canvas rgb(18, 18, 18) when the scheme is dark and the page opts in with
# color-scheme). Colours come back as [r, g, b] in 0..255, already composited.
LOOK = """
(scheme) => {
  const parse = (text) => {
    const m = text.match(/^rgba?\\(([^)]+)\\)$/);
    if (!m) throw new Error("unparsed colour " + text);
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const root = document.documentElement;
  const meta = document.querySelector('meta[name="color-scheme"]');
  const optsIn = /dark/.test(getComputedStyle(root).colorScheme)
    || (meta !== null && /dark/.test(meta.content));
  const canvas = scheme === "dark" && optsIn ? [18, 18, 18, 1] : [255, 255, 255, 1];
  const texts = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
      .map(n => n.textContent).join("").trim();
    if (!own) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const chain = [];
    let opacity = 1;
    for (let node = el; node; node = node.parentElement) {
      chain.unshift(node);
      opacity *= Number(getComputedStyle(node).opacity);
    }
    let background = canvas;
    for (const node of chain) background = over(parse(getComputedStyle(node).backgroundColor), background);
    const style = getComputedStyle(el);
    const colour = parse(style.color);
    colour[3] *= opacity;
    const name = el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "");
    texts.push({
      element: name,
      text: own.replace(/\\s+/g, " ").slice(0, 60),
      colour: over(colour, background).slice(0, 3).map(Math.round),
      background: background.slice(0, 3).map(Math.round),
      size: parseFloat(style.fontSize),
      weight: Number(style.fontWeight) || (style.fontWeight === "bold" ? 700 : 400),
    });
  }
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => ({
    level: Number(h.tagName[1]), text: h.textContent.replace(/\\s+/g, " ").trim().slice(0, 60),
  }));
  return {scrollWidth: document.scrollingElement.scrollWidth, texts, headings};
}
"""

WIDTHS = (1000, 375)
SCHEMES = ("light", "dark")


def luminance(rgb: list[float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given in 0..255."""
    linear = [
        c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: list[float], b: list[float]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hex_colour(rgb: list[int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def look_problems(look: dict[str, Any], width: int) -> list[str]:
    """What a reviewer would object to: sideways scrolling, faint text, headings out of order."""
    problems = []
    if look["scrollWidth"] > width:
        problems.append(f"scrolls sideways: {look['scrollWidth']}px wide at {width}px")
    for t in look["texts"]:
        large = t["size"] >= 24 or (t["size"] >= 18.66 and t["weight"] >= 700)
        needed = 3.0 if large else 4.5
        ratio = contrast(t["colour"], t["background"])
        if ratio < needed:
            problems.append(
                f"contrast {ratio:.2f}:1 < {needed}:1 for <{t['element']}> {t['text']!r}: "
                f"{hex_colour(t['colour'])} on {hex_colour(t['background'])}"
            )
    levels = [(h["level"], h["text"]) for h in look["headings"]]
    if not levels or levels[0][0] != 1:
        problems.append(f"the first heading is not an h1: {levels[:1]}")
    if sum(level == 1 for level, _ in levels) != 1:
        problems.append(f"{sum(level == 1 for level, _ in levels)} h1 headings, not one")
    for (before, _), (level, text) in zip(levels, levels[1:], strict=False):
        if level > before + 1:
            problems.append(f"h{level} {text!r} follows an h{before}: a level skipped")
    return problems


def sample_page(out: Path, kind: str) -> Path:
    if kind == "index":
        return out / "index.html"
    if kind == "brief":
        return sorted((out / "briefs").glob("*.html"))[0]
    return sorted((out / "digests").glob("*.html"))[0]


def open_page(context: Any, width: int, scheme: str) -> Any:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    return page


@pytest.fixture(scope="module")
def built_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A day of four stories in two sections, with outlets: the layout's harder case."""
    from tests.e2e.test_day_layout import build

    return build(tmp_path_factory.mktemp("day"))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["index", "brief", "email"])
@pytest.mark.parametrize("build", ["sample", "day"])
def test_looked_at(  # type: ignore[no-untyped-def]
    browser,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    screenshots_dir: Path | None,
    build: str,
    kind: str,
    width: int,
    scheme: str,
) -> None:
    context, requested = browser
    out = request.getfixturevalue("built_sample" if build == "sample" else "built_day")
    page = open_page(context, width, scheme)
    try:
        page.goto(sample_page(out, kind).as_uri(), wait_until="load")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark"
        )
        shot = tmp_path / f"{build}-{kind}-{width}-{scheme}.png"
        page.screenshot(path=str(shot), full_page=True)
        if screenshots_dir is not None:
            shutil.copyfile(shot, screenshots_dir / shot.name)
        look = page.evaluate(LOOK, scheme)
    finally:
        page.close()
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert len(look["texts"]) > 5, "no text was read from the page"
    problems = look_problems(look, width)
    assert problems == [], f"{kind} at {width}px, {scheme}:\n" + "\n".join(problems)
    assert all(url.startswith(("file:", "data:")) for url in requested)


BAD_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>:root { color-scheme: light dark; } .faint { color: #777; } .wide { width: 1400px; }
.veil { color: rgba(0, 0, 0, 0.4); } .dim { color: #222; }</style></head>
<body><h2>Not first</h2><h1>One</h1><h1>Two</h1><h4>Skipped</h4>
<p class="faint">faint grey text</p><p class="veil">half-transparent text</p>
<p class="dim">dark text that is fine on white</p>
<p style="display:none; color:#fff">hidden</p><div class="wide">wide</div>
<p>a</p><p>b</p></body></html>"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_look_checks_catch_a_bad_page(browser, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context, _ = browser
    page = open_page(context, 375, scheme)
    try:
        page.set_content(BAD_PAGE)
        problems = "\n".join(look_problems(page.evaluate(LOOK, scheme), 375))
    finally:
        page.close()
    assert "scrolls sideways" in problems
    assert "the first heading is not an h1" in problems
    assert "2 h1 headings" in problems
    assert "h4 'Skipped' follows an h1" in problems
    assert "'faint grey text': #777777 on " in problems
    assert "'half-transparent text'" in problems
    assert "'hidden'" not in problems
    # no background set: #222 is fine on the white canvas, 1.1:1 on the dark one
    assert ("'dark text that is fine on white': #222222 on #121212" in problems) == (
        scheme == "dark"
    )


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21.0)
    assert contrast([255, 255, 255], [255, 255, 255]) == pytest.approx(1.0)
    assert contrast([0x76, 0x76, 0x76], [255, 255, 255]) == pytest.approx(4.54, abs=0.01)
