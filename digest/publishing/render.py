"""The one Jinja2 environment: templates are files in templates/, HTML is autoescaped."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2

from digest.text.textutil import safe_url


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
    env.filters["long_date"] = _long_date
    env.filters["iso"] = lambda value: value.isoformat()
    return env


def render(template: str, **context: object) -> str:
    """Render a template file; untrusted text is escaped by the template engine."""
    return environment().get_template(template).render(**context)


def _long_date(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{value:%A}, {value.day} {value:%B %Y}"
