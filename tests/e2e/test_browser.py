"""The email digest and the pages in a real browser (Debian's headless Chromium):
no horizontal scrolling at 600 px and 375 px, nothing loaded from the network."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

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
