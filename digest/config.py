"""All configuration in one place.

Settings come from defaults, then `digest.toml`, then `DIGEST_*` environment
variables, then command-line flags. Every value is checked once; all problems are
reported together in one ConfigError naming each key and what it allows.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.errors import ConfigError

CONFIG_FILE_NAME = "digest.toml"
STATE_FILE_NAME = ".digest-state.sqlite"
SMTP_SECURITY = ("auto", "starttls", "tls", "none")


MAX_ARTICLE_BYTES = 5_000_000  # larger files are summarized from their first part


@dataclass(frozen=True)
class EmailSettings:
    sender: str = "digest@localhost"
    recipients: tuple[str, ...] = ("reader@localhost",)
    subject_prefix: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_security: str = "auto"  # auto (STARTTLS when offered) | starttls | tls | none
    unsubscribe: str = ""  # a mailto: or https: URL
    # "each": one message per recipient, To: that recipient alone (no one sees the others);
    # "bcc": one message To: list_address, every recipient in the envelope only
    recipients_mode: str = "each"
    list_address: str = ""  # the To of "bcc" mode (default: the sender)
    smtp_password: str = field(default="", repr=False)  # only ever from the environment


@dataclass(frozen=True)
class Settings:
    seeds_dir: Path = Path("seeds")
    out_dir: Path = Path("out")
    state_path: Path | None = None  # default: <out_dir>/.digest-state.sqlite
    site_title: str = "Daily Digest"
    site_description: str = "Key-facts briefs of the day's news"
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    timezone: str = "UTC"
    digest_time: str = "07:00"
    digest_window_hours: int = (
        24  # a digest holds articles first seen this long before it; 0: since the previous digest
    )
    digest_date: str | None = None  # YYYY-MM-DD; None means today in `timezone`
    max_feed_items: int = 50
    max_digest_briefs: int = 30
    key_facts: int = 4
    max_article_bytes: int = MAX_ARTICLE_BYTES
    words_per_minute: int = 230
    scan_interval: int = 30
    # SOURCE_DATE_EPOCH (reproducible-builds.org) pins "now" for repeatable builds and tests
    source_date_epoch: int | None = None
    # the outlet named for an article that names none, by the seeds sub-folder it is in
    # ("wires/reuters" = "Reuters"; the deepest folder that is listed wins; "" = top level)
    outlets: tuple[tuple[str, str], ...] = ()
    feed_icon: str = ""  # an absolute http(s) URL of a square image for the feeds
    # a story's lead image in the email, when its page names one: off by default, since a
    # remote image tells its host who opened the mail and when
    lead_images: bool = False
    email: EmailSettings = field(default_factory=EmailSettings)

    def outlet_for(self, relpath: str) -> str:
        """The configured outlet of the seeds sub-folder that holds `relpath`, or ""."""
        folder = relpath.rpartition("/")[0]
        best, name = -1, ""
        for prefix, outlet in self.outlets:
            if (not prefix or folder == prefix or folder.startswith(prefix + "/")) and len(
                prefix
            ) > best:
                best, name = len(prefix), outlet
        return name

    @property
    def state_file(self) -> Path:
        return self.state_path or self.out_dir / STATE_FILE_NAME

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def now(self) -> datetime:
        """The current time in the configured zone (SOURCE_DATE_EPOCH when set), whole seconds."""
        if self.source_date_epoch is not None:
            moment = datetime.fromtimestamp(self.source_date_epoch, UTC)
        else:
            moment = datetime.now(UTC)
        return moment.astimezone(self.tz).replace(microsecond=0)


def machine_timezone() -> str:
    """The machine's IANA zone name (TZ, /etc/timezone, /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    except (OSError, IndexError):
        pass
    for name in candidates:
        if name and _zone_exists(name):
            return name
    return "UTC"


def load_settings(
    config_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Defaults -> digest.toml -> DIGEST_* environment -> CLI overrides, validated once."""
    environ = dict(os.environ if environ is None else environ)
    raw: dict[str, Any] = {"timezone": machine_timezone()}
    path = config_file or Path(CONFIG_FILE_NAME)
    if config_file is not None or path.is_file():
        raw.update(_read_toml(path))
    raw.update(_from_environment(environ))
    raw.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return _validate(raw, environ)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc}") from None
    # `[site]` and `[digest]` tables are accepted as well as top-level keys.
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("site", "digest", "build") and isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return flat


_ENV_KEYS = {
    "DIGEST_BASE_URL": "base_url",
    "DIGEST_TIMEZONE": "timezone",
    "DIGEST_SITE_TITLE": "site_title",
}


def _from_environment(environ: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        key: environ[name] for name, key in _ENV_KEYS.items() if environ.get(name)
    }
    if environ.get("SOURCE_DATE_EPOCH"):
        epoch = environ["SOURCE_DATE_EPOCH"]
        values["source_date_epoch"] = int(epoch) if epoch.isdigit() else epoch
    return values


_SIMPLE_FIELDS = {f.name: f for f in fields(Settings) if f.name != "email"}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_LIMITS = {
    "max_feed_items": (1, 10_000),
    "max_digest_briefs": (1, 500),
    "key_facts": (3, 5),
    "max_article_bytes": (1_000, 1_000_000_000),
    "words_per_minute": (50, 2_000),
    "scan_interval": (1, 86_400),
    "digest_window_hours": (0, 24 * 366),
    "source_date_epoch": (0, 253_402_214_400),  # up to the year 9999
}


def _validate(raw: dict[str, Any], environ: dict[str, str]) -> Settings:
    errors: list[str] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "email":
            continue
        if key not in _SIMPLE_FIELDS:
            errors.append(f"{key}: unknown setting (allowed: {', '.join(sorted(_SIMPLE_FIELDS))})")
            continue
        checked = _check_value(key, value, errors)
        if checked is not None:
            values[key] = checked
    email = _validate_email(raw.get("email", {}), environ, errors)
    if errors:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(errors))
    return replace(Settings(), email=email, **values)


def _check_value(key: str, value: Any, errors: list[str]) -> Any:
    if key in ("seeds_dir", "out_dir", "state_path"):
        return (
            Path(value)
            if isinstance(value, str | Path) and str(value)
            else _bad(errors, key, value, "a folder or file path")
        )
    if key == "outlets":
        if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
        ):
            return tuple(sorted((k.strip("/"), v.strip()) for k, v in value.items()))
        return _bad(errors, key, value, 'a table of sub-folder = "Outlet name"')
    if key == "lead_images":
        return value if isinstance(value, bool) else _bad(errors, key, value, "true or false")
    if key == "feed_icon":
        parsed = urlparse(value) if isinstance(value, str) else None
        if value == "" or parsed and parsed.scheme in ("http", "https") and parsed.netloc:
            return value
        return _bad(errors, key, value, "an absolute http:// or https:// URL of an image")
    if key in _INT_LIMITS:
        low, high = _INT_LIMITS[key]
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        return _bad(errors, key, value, f"a whole number from {low} to {high}")
    if not isinstance(value, str):
        return _bad(errors, key, value, "a string")
    if key == "base_url":
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            return _bad(errors, key, value, "an absolute http:// or https:// URL")
        return value if value.endswith("/") else value + "/"
    if key == "timezone" and not _zone_exists(value):
        return _bad(errors, key, value, "an IANA time zone name such as Europe/Riga or UTC")
    if key == "digest_time" and not _TIME.match(value):
        return _bad(errors, key, value, "a 24-hour time HH:MM (or HH:MM:SS) such as 07:00")
    if key == "digest_date" and not _is_date(value):
        return _bad(errors, key, value, "a date YYYY-MM-DD")
    return value


def _validate_email(raw: Any, environ: dict[str, str], errors: list[str]) -> EmailSettings:
    if not isinstance(raw, dict):
        _bad(errors, "email", raw, "a table [email]")
        return EmailSettings()
    if "password" in raw or "smtp_password" in raw:
        errors.append(
            "email.password: never put the SMTP password in a file; "
            "set the environment variable DIGEST_SMTP_PASSWORD"
        )
    known = {f.name for f in fields(EmailSettings)} - {"smtp_password"}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("password", "smtp_password"):
            continue
        if key not in known:
            errors.append(f"email.{key}: unknown setting (allowed: {', '.join(sorted(known))})")
        elif key == "recipients":
            items = [value] if isinstance(value, str) else value
            if isinstance(items, list) and items and all(map(is_address, items)):
                values[key] = tuple(items)
            else:
                wrong = [i for i in items if not is_address(i)] if isinstance(items, list) else []
                _bad(errors, "email.recipients", wrong[0] if wrong else value, EXPECTED_ADDRESSES)
        elif key in ("sender", "list_address"):
            if is_address(value) or key == "list_address" and value == "":
                values[key] = value
            else:
                _bad(errors, f"email.{key}", value, "an e-mail address (name@example.com)")
        elif key == "recipients_mode" and value not in RECIPIENTS_MODES:
            _bad(errors, "email.recipients_mode", value, "one of " + ", ".join(RECIPIENTS_MODES))
        elif key == "smtp_port":
            if isinstance(value, int) and 0 < value < 65536:
                values[key] = value
            else:
                _bad(errors, "email.smtp_port", value, "a port number 1-65535")
        elif key == "smtp_security" and value not in SMTP_SECURITY:
            _bad(errors, "email.smtp_security", value, "one of " + ", ".join(SMTP_SECURITY))
        elif not isinstance(value, str):
            _bad(errors, f"email.{key}", value, "a string")
        else:
            values[key] = value
    values["smtp_password"] = environ.get("DIGEST_SMTP_PASSWORD", "")
    return EmailSettings(**values)


RECIPIENTS_MODES = ("each", "bcc")
EXPECTED_ADDRESSES = "a list of e-mail addresses (name@example.com)"
# name@domain, or "Name <name@domain>": one address, nothing a header could be split at
_ADDRESS = re.compile(r"[^@\s<>,;:\"()\[\]\\]+@[^@\s<>,;:\"()\[\]\\]+")


def is_address(value: Any) -> bool:
    """One e-mail address, bare or with a display name: what a To or From can hold."""
    if not isinstance(value, str) or any(c in value for c in "\r\n\x00"):
        return False
    name, address = parseaddr(value)
    domain = address.rpartition("@")[2]
    return (
        bool(_ADDRESS.fullmatch(address))
        and (value.strip() == address or value.strip().endswith(f"<{address}>"))
        and not domain.startswith(".")
        and ".." not in domain
        and not domain.endswith(".")
    )


def _bad(errors: list[str], key: str, value: Any, allowed: str) -> None:
    errors.append(f"{key}: {value!r} is not allowed; expected {allowed}")
    return None


def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
