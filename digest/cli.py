"""The `digest` command: parse options, load settings, make one call, report.

Exit status: 0 on success (skipped input files are warnings, not failures, unless
--strict), 1 on an error, 2 on a configuration error, 3 when another digest
process holds the out folder, 4 with --strict when any input file was skipped.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import click

from digest import __version__
from digest.errors import DigestError
from digest.text.textutil import counted

EXIT_SKIPPED = 4


class _OneLineFormatter(logging.Formatter):
    """One line per event; characters a terminal or log file cannot take are escaped."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record).replace("\n", " | ")
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _setup_logging(verbose: int, quiet: int) -> None:
    level = logging.INFO - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("digest: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(logging.DEBUG, min(level, logging.ERROR)))
    # the page readers' own messages are internal: what they mean for a file is ours to say
    for reader in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(reader).setLevel(logging.CRITICAL + 1)
    for noisy in ("apscheduler", "watchdog"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


class _DigestGroup(click.Group):
    """Every command runs inside one error wrapper: a user error is one line that says
    what to do, with its exit status; anything else is a bug, said in one line too."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click reports its own usage errors
        except DigestError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; outputs written so far are complete, run the command again", 130)
        except Exception as exc:  # a bug: one line; -vv shows the traceback
            logging.getLogger(__name__).debug("internal error", exc_info=True)
            _fail(
                f"internal error: {type(exc).__name__}: {exc}; run again with -vv for the "
                "traceback, and please report it",
                1,
            )


@click.group(cls=_DigestGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digest")
@click.option("-v", "--verbose", count=True, help="More log lines (-vv for debug).")
@click.option("-q", "--quiet", count=True, help="Fewer log lines (-q: warnings only).")
def cli(verbose: int, quiet: int) -> None:
    """digest: key-facts briefs, feeds and an email-ready daily digest from a folder of articles."""
    _setup_logging(verbose, quiet)


_config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: ./digest.toml when it exists).",
)


def _out_option(help_text: str) -> Any:
    return click.option(
        "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help=help_text
    )


def _common_options(func: Any) -> Any:
    options = [
        _config_option,
        click.option(
            "--seeds",
            "seeds_dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder of articles to read (default: seeds).",
        ),
        _out_option("Folder to write the outputs to (default: out)."),
        click.option(
            "--base-url",
            help="Absolute URL the out folder is served at; "
            "feed links start with it (default: http://localhost:8000/).",
        ),
        click.option(
            "--timezone",
            help="IANA time zone for dates and the digest day "
            "(default: from digest.toml, else the machine's).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command()
@_common_options
@click.option(
    "--date",
    "digest_date",
    metavar="YYYY-MM-DD",
    help="Day of the digest that new articles join (default: today).",
)
@click.option(
    "--strict",
    is_flag=True,
    help=f"Exit with status {EXIT_SKIPPED} when any input file was skipped.",
)
def build(strict: bool, config_file: Path | None, **overrides: Any) -> None:
    """Read the seeds folder and write briefs, feeds and the daily digest to the out folder."""
    from digest.building.pipeline import build as run_build

    settings = _settings(config_file, overrides)
    if not settings.seeds_dir.is_dir():
        _fail(
            f"seeds folder {settings.seeds_dir} does not exist; create it and put articles "
            "(.txt, .md, .html) in it, or pass --seeds DIR",
            1,
        )
    started = time.perf_counter()
    bar = TerminalProgress.for_stderr(_quiet_level())
    try:
        report = run_build(settings, progress=bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    elapsed = time.perf_counter() - started
    click.echo(
        f"digest: built {counted(report.briefs, 'brief')} ({report.summarized} summarized, "
        f"{report.reused} unchanged, {counted(len(report.skipped), 'file')} skipped) into "
        f"{settings.out_dir} in {elapsed:.2f} s; open {settings.out_dir / 'index.html'}",
        err=True,
    )
    if strict and report.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command()
@_config_option
@_out_option("The built folder to serve (default: out).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 serves other machines too.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
def serve(config_file: Path | None, out_dir: Path | None, host: str, port: int) -> None:
    """Serve the out folder over HTTP for feed readers and browsers (index, feeds, digests)."""
    from digest.commands.serve import make_server, server_url

    settings = _settings(config_file, {"out_dir": out_dir})
    if not settings.out_dir.is_dir():
        _fail(f"out folder {settings.out_dir} does not exist; run `digest build` first", 1)
    try:
        server = make_server(settings.out_dir, host, port)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror}; pick another --port", 1)
    logging.getLogger("digest.commands.serve").info(
        "serving %s at %s (Ctrl-C to stop)", settings.out_dir, server_url(server)
    )
    _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@_config_option
@_out_option("The built folder holding digests/<date>.eml (default: out).")
@click.option(
    "--date",
    "date",
    metavar="YYYY-MM-DD",
    help="Day of the digest to send (default: today in the configured timezone).",
)
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="ADDRESS",
    help="Recipient; repeat for several (default: email.recipients in digest.toml).",
)
@click.option(
    "--smtp",
    metavar="HOST[:PORT]",
    help="SMTP server (default: email.smtp_host and email.smtp_port in digest.toml).",
)
@click.option(
    "--security",
    type=click.Choice(["auto", "starttls", "tls", "none"]),
    help="Connection security (default: email.smtp_security, else auto: STARTTLS "
    "when the server offers it).",
)
@click.option("--force", is_flag=True, help="Send again to recipients who already had this digest.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send nothing.")
def send(
    config_file: Path | None,
    out_dir: Path | None,
    date: str | None,
    recipients: tuple[str, ...],
    smtp: str | None,
    security: str | None,
    force: bool,
    dry_run: bool,
) -> None:
    """Mail a day's digest (text and HTML) through SMTP; never twice to the same recipient."""
    from dataclasses import replace

    from digest.commands.send import send_digest

    settings = _settings(config_file, {"out_dir": out_dir, "digest_date": date})
    email = settings.email
    if smtp:
        host, _, port = smtp.rpartition(":") if ":" in smtp else (smtp, "", "")
        if port and not port.isdigit():
            _fail(f"--smtp {smtp!r}: expected HOST or HOST:PORT", 2)
        email = replace(email, smtp_host=host, smtp_port=int(port) if port else email.smtp_port)
    if security:
        email = replace(email, smtp_security=security)
    settings = replace(settings, email=email)
    day = settings.digest_date or settings.now().date().isoformat()
    result = send_digest(settings, day, recipients or email.recipients, force, dry_run)
    if result.sent:
        click.echo(
            f"digest: sent the digest of {day} to {counted(len(result.sent), 'recipient')}: "
            f"{', '.join(result.sent)}",
            err=True,
        )


@cli.command()
@_common_options
@click.option(
    "--interval",
    "scan_interval",
    type=click.IntRange(1, 86_400),
    help="Seconds between rescans of the seeds folder (default: scan_interval, 30).",
)
@click.option(
    "--digest-time",
    "digest_time",
    metavar="HH:MM",
    help="Local time of the daily digest (default: digest_time, 07:00).",
)
@click.option(
    "--serve",
    "serve_port",
    is_flag=False,
    flag_value=8000,
    type=int,
    default=None,
    metavar="[PORT]",
    help="Also serve the out folder over HTTP (port 8000 unless given).",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address for --serve to listen on."
)
def watch(config_file: Path | None, serve_port: int | None, host: str, **overrides: Any) -> None:
    """Run until stopped: rebuild when articles change, publish the digest every day."""
    from digest.commands.watch import run_watch

    settings = _settings(config_file, overrides)
    if not settings.seeds_dir.is_dir():
        _fail(f"seeds folder {settings.seeds_dir} does not exist; create it or pass --seeds DIR", 1)
    run_watch(settings, serve_port, host)


@cli.command("brief")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the briefs as JSON.")
@click.option(
    "--explain",
    is_flag=True,
    help="Print, as JSON, why each sentence of the brief "
    "was chosen: its score parts, position, rank and what it was judged redundant with.",
)
@click.option(
    "--jsonl",
    "jsonl",
    type=click.File("rb"),
    help="Read JSON lines ({id, text, title}) from this file ('-' for stdin) and "
    "write one JSON line per input line to stdout.",
)
@click.option(
    "--sentences",
    default=3,
    show_default=True,
    type=click.IntRange(1, 50),
    help="With --jsonl: how many sentences to select per article.",
)
@click.option(
    "--timezone", default="UTC", show_default=True, help="Time zone for dates found in the files."
)
def brief_command(
    files: tuple[Path, ...],
    as_json: bool,
    explain: bool,
    jsonl: Any,
    sentences: int,
    timezone: str,
) -> None:
    """Print the key-facts brief of article files, or of JSON lines with --jsonl."""
    from digest.commands import brief as briefing

    if jsonl is not None:
        out: BinaryIO = sys.stdout.buffer  # JSON lines are UTF-8, whatever the locale
        for block in briefing.jsonl_briefs(jsonl, sentences):
            out.write(block)
        out.flush()
        return
    if not files:
        _fail("give one or more article files ('-' for standard input), or --jsonl FILE", 2)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        _fail(f"--timezone {timezone!r}: expected an IANA time zone name such as Europe/Riga", 2)
    if Path("-") in files:
        import tempfile

        # standard input is read once, as a file of the kind it looks like, named "-"
        folder = tempfile.TemporaryDirectory(prefix="digest-stdin-")
        stdin = briefing.stdin_copy(sys.stdin.buffer.read(), Path(folder.name))
        files = tuple(stdin if f == Path("-") else f for f in files)
    if explain:
        import json

        explained = [briefing.explain_file(path, timezone) for path in files]
        click.echo(json.dumps(explained, ensure_ascii=False, indent=2))
        sys.exit(1 if any("error" in e for e in explained) else 0)
    from digest.models import Brief

    results = [(path, briefing.brief_file(path, timezone)) for path in files]
    briefs = [(path, r) for path, r in results if isinstance(r, Brief)]
    failed = [r for _, r in results if not isinstance(r, Brief)]
    for item in failed:
        click.echo(f"digest: warning: {item.path}: {item.warning}", err=True)
    if as_json:
        import json

        data = [briefing.brief_json(b) | {"file": str(p)} for p, b in briefs]
        click.echo(
            json.dumps(
                data if len(files) > 1 else (data[0] if data else None),
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        from digest.publishing.render import render

        click.echo("\n".join(render("brief.txt", brief=b) for _, b in briefs), nl=False)
    if failed:
        sys.exit(1)


@cli.command("stories")
@_config_option
@_out_option("The built folder whose state holds the stories (default: out).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, an object per story.")
def stories_command(config_file: Path | None, out_dir: Path | None, as_json: bool) -> None:
    """Show every story in the state with its members and what joined each one."""
    from digest.commands.stories import load_stories, story_json, story_text

    settings = _settings(config_file, {"out_dir": out_dir})
    stories, entries = load_stories(settings)
    if as_json:
        import json

        data = [story_json(s, entries) for s in stories]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(story_text(s) for s in stories), nl=False)


@cli.command("read")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, an object per file.")
@click.option(
    "--timezone",
    help="IANA time zone for dates without one (default: from digest.toml, else the machine's).",
)
@_config_option
def read_command(
    files: tuple[Path, ...], as_json: bool, timezone: str | None, config_file: Path | None
) -> None:
    """Show what was read from each file: title, date and its source, authors, outlet,
    language, encoding, the body with its headings, and what cleaning removed and why."""
    import json

    from digest.commands.read import read_file_json

    # the zone a build would read these files in: the same configuration, the same errors
    settings = _settings(config_file, {"timezone": timezone})
    results = [read_file_json(path, settings.timezone) for path in files]
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo(_read_text(result))
    if any("skipped" in r for r in results):
        sys.exit(1)


def _read_text(result: dict[str, Any]) -> str:
    if "skipped" in result:
        return f"{result['file']}: skipped: {result['skipped']}\n"
    lines = [f"{result['file']}"]
    for key in ("title", "date", "date_source", "updated", "outlet", "url", "language", "encoding"):
        if result[key]:
            lines.append(f"  {key}: {result[key]}")
    if result["authors"]:
        lines.append(f"  authors: {'; '.join(result['authors'])}")
    lines.append(
        f"  body: {len(result['paragraphs'])} paragraphs, {len(result['headings'])} headings"
    )
    for key in ("people", "places", "organizations"):
        if result[key]:
            named = ", ".join(f"{n['name']} ({n['mentions']})" for n in result[key][:12])
            lines.append(f"  {key}: {named}")
    for quote in result["quotes"]:
        lines.append(f"  quote: “{quote['quote'][:100]}” ({quote['speaker'] or 'no speaker'})")
    if result["numbers"]:
        lines.append(f"  numbers: {'; '.join(n['text'] for n in result['numbers'][:12])}")
    for item in result["removed"]:
        lines.append(f"  removed ({item['rule']}): {item['text'][:100]}")
    for note in result["notes"]:
        lines.append(f"  note: {note}")
    return "\n".join(lines) + "\n"


def _stop_on_sigterm() -> None:
    """SIGTERM stops like Ctrl-C, so `finally` blocks run and the exit status is 0."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _settings(config_file: Path | None, overrides: dict[str, Any]) -> Any:
    from digest.config import load_settings  # here: `digest brief` starts faster without it

    try:
        return load_settings(config_file, overrides)
    except DigestError as exc:
        _fail(str(exc), exc.exit_code)


class TerminalProgress:
    """A progress bar on one terminal line for a build that takes more than a moment:
    shown after PROGRESS_AFTER_SECONDS, redrawn at most ten times a second, cleared at
    the end. Never when stderr is not a terminal (a log, a pipe, cron): log lines then."""

    PROGRESS_AFTER_SECONDS = 1.0
    WIDTH = 30

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    @classmethod
    def for_stderr(cls, quiet: int) -> TerminalProgress | None:
        stream = sys.stderr
        return cls(stream) if not quiet and stream.isatty() else None

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.PROGRESS_AFTER_SECONDS or now - self.drawn_at < 0.1:
            return
        self.drawn_at, self.shown = now, True
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(
            f"\rsummarizing [{bar}] {done:,} of {counted(total, 'article')} "
            f"({100 * done // max(total, 1)}%)"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")  # the line is cleared: the summary line follows
            self.stream.flush()


def _quiet_level() -> int:
    return click.get_current_context().find_root().params.get("quiet", 0)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"digest: error: {message}", err=True)
    sys.exit(code)


def main() -> None:
    cli(prog_name="digest")
