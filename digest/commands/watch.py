"""`digest watch` (I/O): APScheduler runs a rescan of the seeds folder and the daily digest.

The rescan (every `scan_interval` seconds, sooner when watchdog reports a change)
rebuilds briefs and feeds; a file is read only once it looks the same twice in a
row, so a file still being written is never summarized half. The daily job
publishes the digest at `digest_time` in `timezone`; a publication missed while the
process was down is made once at start. One watch per out folder (a lock).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time as _time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from digest.building.pipeline import build
from digest.building.state import State
from digest.config import Settings
from digest.errors import DigestError
from digest.publishing.output import exclusive_lock
from digest.reading.scan import Candidate
from digest.reading.scan import scan as scan_seeds
from digest.text.textutil import counted

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

log = logging.getLogger(__name__)

WATCH_LOCK_NAME = ".digest-watch.lock"
SETTLE_SECONDS = 2.0  # a file must rest this long, and look the same twice, before it is read
MISFIRE_GRACE_SECONDS = 6 * 3600  # run late jobs rather than skip them (apscheduler #292)


@dataclass
class Stability:
    """A file is read once it has not changed for SETTLE_SECONDS and looked the same on the
    previous scan (on the first scan of the process the age alone decides)."""

    last_look: dict[str, tuple[int, int]] = field(default_factory=dict)
    first_scan: bool = True
    waiting: bool = False

    def ready(self, candidate: Candidate) -> bool:
        seen = (candidate.size, candidate.mtime_ns)
        before = self.last_look.get(candidate.relpath)
        self.last_look[candidate.relpath] = seen
        settled = _time.time() - candidate.mtime_ns / 1e9 >= SETTLE_SECONDS
        if settled and (self.first_scan or before == seen):
            return True
        self.waiting = True
        return False

    def scan_done(self) -> None:
        self.first_scan = False


class DailyTrigger(BaseTrigger):
    """Fires once a day at a local wall-clock time, DST included.

    APScheduler's CronTrigger fires twice at an hour repeated by the autumn change
    (and then keeps returning the same time); this takes the first occurrence of an
    ambiguous time, and the moment right after the gap for a time that does not exist.
    """

    def __init__(self, hour: int, minute: int, second: int, tz: ZoneInfo):
        self.hour, self.minute, self.second, self.tz = hour, minute, second, tz

    def fire_time(self, day: date) -> datetime:
        wall = datetime.combine(day, time(self.hour, self.minute, self.second), tzinfo=self.tz)
        return wall.astimezone(UTC).astimezone(self.tz)  # folds a nonexistent time forward

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        start = previous_fire_time + timedelta(seconds=1) if previous_fire_time else now
        local_day = start.astimezone(self.tz).date()
        for offset in range(0, 3):
            fire = self.fire_time(local_day + timedelta(days=offset))
            if fire >= start:
                return fire
        return None

    def last_due(self, now: datetime) -> datetime:
        """The latest fire time at or before now."""
        local_day = now.astimezone(self.tz).date()
        for offset in range(0, 3):
            fire = self.fire_time(local_day - timedelta(days=offset))
            if fire <= now:
                return fire
        raise AssertionError("a day always has a fire time")

    def __str__(self) -> str:
        return f"daily at {self.hour:02d}:{self.minute:02d}:{self.second:02d} {self.tz.key}"


def daily_trigger(settings: Settings) -> DailyTrigger:
    hour, minute, second = _clock_time(settings.digest_time)
    return DailyTrigger(hour, minute, second, settings.tz)


def last_due(settings: Settings, now: datetime) -> datetime:
    """The latest scheduled publication time at or before now (DST-aware)."""
    return daily_trigger(settings).last_due(now)


def _clock_time(value: str) -> tuple[int, int, int]:
    parts = [int(p) for p in value.split(":")]
    return parts[0], parts[1], parts[2] if len(parts) > 2 else 0


class Watcher:
    """The jobs of one `digest watch` process."""

    def __init__(self, settings: Settings, send_mail: bool):
        self.settings = settings
        self.send_mail = send_mail
        self.stability = Stability()
        self.scheduler = BackgroundScheduler(timezone=settings.tz)
        self.build_lock = threading.Lock()
        self.rescan_requested = threading.Event()

    def start(self) -> None:
        self.catch_up()
        self.scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_ERROR)
        self.scheduler.add_job(
            self.scan,
            IntervalTrigger(seconds=self.settings.scan_interval, timezone=self.settings.tz),
            id="scan",
            name="rescan seeds",
            next_run_time=datetime.now(self.settings.tz) + timedelta(seconds=self._settle_delay()),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
        )
        self.scheduler.add_job(
            self.publish,
            daily_trigger(self.settings),
            id="digest",
            name="daily digest",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
        )
        self.scheduler.start()
        log.info(
            "watching %s every %d s; next digest at %s",
            self.settings.seeds_dir,
            self.settings.scan_interval,
            self.next_digest(),
        )

    def stop(self) -> None:
        """Let a running build finish its writes, then stop."""
        self.scheduler.shutdown(wait=True)

    def request_scan(self) -> None:
        """Ask for a rescan soon; safe from any thread (jobs, the file-system observer)."""
        self.rescan_requested.set()

    def _settle_delay(self) -> float:
        """Seconds until the files in the seeds folder at start have all rested
        SETTLE_SECONDS: the first build then has them all, instead of publishing feeds
        without the ones just copied in and adding them a scan later."""
        newest = max(
            (
                c.mtime_ns
                for c in scan_seeds(self.settings.seeds_dir, exclude=self.settings.out_dir)
                if isinstance(c, Candidate)
            ),
            default=0,
        )
        age = _time.time() - newest / 1e9
        return min(SETTLE_SECONDS, max(0.0, SETTLE_SECONDS - age))

    def scan_soon(self) -> None:
        """Move the rescan forward. Only the main thread calls this: a job that called the
        scheduler while it shuts down would wait for the lock shutdown holds, forever."""
        if not self.rescan_requested.is_set():
            return
        self.rescan_requested.clear()
        job = self.scheduler.get_job("scan")
        if job is not None:
            job.modify(
                next_run_time=datetime.now(self.settings.tz) + timedelta(seconds=SETTLE_SECONDS)
            )

    def scan(self) -> None:
        with self.build_lock:
            self.stability.waiting = False
            report = build(self.settings, publish=False, ready=self.stability.ready)
            self.stability.scan_done()
        if report.summarized or report.removed:
            log.info(
                "rebuilt: %s (%d summarized, %d removed)",
                counted(report.briefs, "brief"),
                report.summarized,
                report.removed,
            )
        if self.stability.waiting:
            self.request_scan()  # look again shortly at the files still being written

    def publish(self, scheduled: datetime | None = None) -> None:
        due = scheduled or last_due(self.settings, self.settings.now())
        with self.build_lock:
            report = build(
                self.settings,
                publish=True,
                ready=self.stability.ready,
                publish_date=due.date().isoformat(),
            )
            with State(self.settings.state_file) as state:
                state.set_meta("last_publication", due.isoformat())
                state.commit()
        if not report.published:
            log.info(
                "no new articles for the digest of %s; nothing published", due.date().isoformat()
            )
        for day in report.published:
            self._mail(day)
        log.info("next digest at %s", self.next_digest())

    def catch_up(self) -> None:
        """Publish once a digest whose time passed while no watch was running."""
        due = last_due(self.settings, self.settings.now())
        with State(self.settings.state_file) as state:
            last = state.get_meta("last_publication")
            if last is None:
                state.set_meta("last_publication", due.isoformat())
                state.commit()
                return
        if datetime.fromisoformat(last) < due:
            log.info("the digest due at %s was missed while stopped; publishing it now", due)
            self.publish(due)

    def _mail(self, day: str) -> None:
        if not self.send_mail:
            return
        from digest.commands.send import send_digest

        try:
            send_digest(self.settings, day, self.settings.email.recipients)
        except DigestError as exc:
            log.error("digest %s not mailed: %s", day, exc)

    def next_digest(self) -> str:
        """When the next digest is due, from the trigger itself (no scheduler call)."""
        now = datetime.now(self.settings.tz)
        upcoming = daily_trigger(self.settings).get_next_fire_time(None, now + timedelta(seconds=1))
        return upcoming.isoformat() if upcoming else "(not scheduled)"

    def _on_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)
        elif event.exception is not None:
            log.error("job %s failed: %s", event.job_id, event.exception)


def run_watch(settings: Settings, serve_port: int | None = None, host: str = "127.0.0.1") -> None:
    """Run until SIGINT or SIGTERM; the build in progress finishes first."""
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(
        settings.out_dir / WATCH_LOCK_NAME,
        f"another digest watch is already running on {settings.out_dir}; stop it first",
    ):
        watcher = Watcher(settings, send_mail=bool(settings.email.smtp_host))
        watcher.start()
        observer = _start_observer(settings.seeds_dir, settings.out_dir, watcher)
        server = _start_server(settings.out_dir, host, serve_port)
        try:
            while not stopping.wait(0.5):
                watcher.scan_soon()
            log.info("stopping: finishing the work in progress")
        finally:
            if observer is not None:
                observer.stop()
            if server is not None:
                server.shutdown()
            watcher.stop()
    log.info("stopped")


def _start_server(out_dir: Path, host: str, port: int | None) -> ThreadingHTTPServer | None:
    if port is None:
        return None
    from digest.commands.serve import make_server, serve_forever

    server = make_server(out_dir, host, port)
    serve_forever(server)
    return server


def _start_observer(seeds_dir: Path, out_dir: Path, watcher: Watcher) -> Any:
    """File-system notification (watchdog) on top of the periodic rescan, when available."""
    own = os.path.realpath(out_dir) + os.sep  # our own writes must not trigger rescans
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            path = os.path.realpath(os.fsdecode(event.src_path)) + os.sep
            if event.event_type not in ("opened", "closed_no_write") and not path.startswith(own):
                watcher.request_scan()

    observer = Observer()
    observer.schedule(Handler(), str(seeds_dir), recursive=True)
    observer.daemon = True
    observer.start()
    return observer
