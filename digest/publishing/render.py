"""The one Jinja2 environment: templates are files in templates/, HTML is autoescaped."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2

from digest.models import Brief, Story
from digest.text.textutil import outlet_from_url, safe_url


def templates_dir() -> Path:
    """templates/ in a source checkout, or the copy installed inside the package."""
    package = Path(__file__).resolve().parents[1]  # digest/
    installed = package / "templates"
    return installed if (installed / "base.html").is_file() else package.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["urlpath"] = lambda value: quote(str(value), safe="/")
    env.filters["safe_url"] = safe_url
    env.filters["long_date"] = long_date
    env.filters["short_date"] = short_date
    env.filters["outlet"] = outlet_name
    env.filters["source_url"] = source_url
    env.filters["anchor"] = anchor
    # whole seconds: HTML allows at most three digits of a fraction in <time datetime>
    env.filters["iso"] = lambda value: value.isoformat(timespec="seconds")
    return env


def render(template: str, **context: object) -> str:
    """Render a template file; untrusted text is escaped by the template engine."""
    return environment().get_template(template).render(**context)


def long_date(value: datetime | str) -> str:
    """ "Friday, 4 December 2026" """
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{value:%A}, {value.day} {value:%B %Y}"


def short_date(value: datetime) -> str:
    """ "4 Dec 2026" """
    return f"{value.day} {value:%b %Y}"


def outlet_name(brief: Brief) -> str:
    """Who published the article: the outlet it (or the configuration) names, else the host
    of its address, else its headline."""
    if brief.source:
        return brief.source
    return outlet_from_url(safe_url(brief.url)) or brief.title


def source_url(brief: Brief, root: str) -> str:
    """The original article when its address is known, else our brief page."""
    return safe_url(brief.url) or f"{root}briefs/{quote(brief.slug, safe='/')}.html"


def anchor(story: Story) -> str:
    """A short fragment id for a story ("story-3f2a9c1b0d4e"), stable as its id is."""
    return "story-" + "".join(c for c in story.id if c.isalnum())[-12:]
