"""A real `digest watch` process on a temp folder, with a short interval."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser

from tests.conftest import REPO


class Watch:
    """A running `digest watch` whose log lines are collected as they come."""

    def __init__(self, process: subprocess.Popen[str]):
        self.process = process
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def stop(self, timeout: float = 10) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout)
        self.reader.join(5)
        assert self.process.stderr is not None
        self.process.stderr.close()
        return code


@contextmanager
def watching(root: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[Watch]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "digest",
            "watch",
            "--seeds",
            "seeds",
            "--out",
            "out",
            "--interval",
            "1",
            "--timezone",
            "UTC",
            *extra,
        ],
        cwd=root,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    watch = Watch(process)
    try:
        assert wait_for(lambda: "watching" in watch.log or process.poll() is not None)
        yield watch
    finally:
        watch.stop()


def wait_for(condition: Callable[[], bool], timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def entries(root: Path) -> dict[str, feedparser.FeedParserDict]:
    feed = root / "out" / "briefs.atom"
    return {e.title: e for e in feedparser.parse(str(feed)).entries} if feed.exists() else {}


def test_new_changed_and_deleted_files(sample_seeds: Path) -> None:
    root = sample_seeds.parent
    with watching(root) as watch:
        assert wait_for(lambda: len(entries(root)) == 2)
        (sample_seeds / "ferry.txt").write_text(
            "Ferry timetable changes on Monday\n\nThe harbor ferry will run every 20 minutes "
            "from Monday. Fares are unchanged.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: "Ferry timetable changes on Monday" in entries(root))
        before = entries(root)["Ferry timetable changes on Monday"]
        time.sleep(1.1)
        with (sample_seeds / "ferry.txt").open("a", encoding="utf-8") as fh:
            fh.write("The last ferry leaves at 23:40.\n")
        assert wait_for(
            lambda: entries(root)["Ferry timetable changes on Monday"].updated != before.updated
        )
        after = entries(root)["Ferry timetable changes on Monday"]
        assert after.id == before.id and after.updated > before.updated
        (sample_seeds / "ferry.txt").unlink()
        assert wait_for(lambda: "Ferry timetable changes on Monday" not in entries(root))
        started = time.monotonic()
        assert watch.stop() == 0
        assert time.monotonic() - started < 5
    assert "ferry.txt: new; summarized" in watch.log and "ferry.txt: changed" in watch.log
    assert "Traceback" not in watch.log


def test_first_build_has_the_files_just_copied_in(sample_seeds: Path) -> None:
    # files younger than the settle time at start are waited for, not left to a later scan
    root = sample_seeds.parent
    for path in sample_seeds.iterdir():
        os.utime(path)  # just written
    feed = root / "out" / "briefs.atom"
    with watching(root) as watch:
        deadline = time.monotonic() + 20
        while not feed.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        first = feedparser.parse(feed.read_bytes()).entries  # the first version written
    assert len(first) == 2, watch.log


def test_file_written_slowly_is_never_read_half(sample_seeds: Path) -> None:
    root = sample_seeds.parent
    with watching(root):
        assert wait_for(lambda: len(entries(root)) == 2)
        path = sample_seeds / "slow.txt"
        with path.open("w", encoding="utf-8") as fh:
            fh.write("Slow article arrives in pieces\n\n")
            for piece in range(8):
                fh.write(f"Piece number {piece} of the slow article adds one more fact. ")
                fh.flush()
                assert "Slow article arrives in pieces" not in entries(root), (
                    f"read at piece {piece}"
                )
                time.sleep(0.5)
            fh.write("The final sentence says the article is complete now.\n")
        assert wait_for(lambda: "Slow article arrives in pieces" in entries(root))
    page = next((root / "out" / "briefs").glob("slow*.html")).read_text(encoding="utf-8")
    assert "97 words" in page  # the whole body, not a part of it


def test_second_watch_refuses(sample_seeds: Path) -> None:
    root = sample_seeds.parent
    with watching(root):
        assert wait_for(lambda: len(entries(root)) == 2)
        with watching(root) as second:
            assert second.process.wait(20) == 3
        assert "another digest watch is already running" in second.log


def test_digest_published_at_the_configured_time(sample_seeds: Path) -> None:
    root = sample_seeds.parent
    fire = datetime.now(UTC) + timedelta(seconds=8)
    with watching(root, "--digest-time", fire.strftime("%H:%M:%S")) as watch:
        assert wait_for(lambda: len(entries(root)) == 2)
        if datetime.now(UTC) < fire - timedelta(seconds=1):
            assert not list((root / "out" / "digests").glob("*.html"))  # not before its time
        assert wait_for(lambda: bool(list((root / "out" / "digests").glob("*.eml"))), 25)
        assert watch.stop() == 0
    assert f"digest {fire.date().isoformat()} published with 2 briefs" in watch.log


def test_missed_digest_published_once_after_restart(sample_seeds: Path) -> None:
    root = sample_seeds.parent
    day1 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # the first start: nothing is due yet
    day2 = day1 + timedelta(days=1, hours=-1)  # 09:00 next day: the 07:00 digest was missed
    logs = []
    for moment, expected_days in ((day1, 0), (day2, 1), (day2, 1)):
        env = {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}
        with watching(root, env=env) as watch:
            assert wait_for(lambda: len(entries(root)) == 2)
            assert watch.stop() == 0
        logs.append(watch.log)
        digests = sorted(p.stem for p in (root / "out" / "digests").glob("*.html"))
        assert len(digests) == expected_days, watch.log
    assert digests == ["2026-05-05"]
    assert "missed while stopped" in logs[1] and "missed while stopped" not in logs[2]


def test_watch_serves_and_mails_the_published_digest(sample_seeds: Path) -> None:
    import http.client
    import socket

    from aiosmtpd.controller import Controller

    from tests.e2e.test_send import Inbox

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    root = sample_seeds.parent
    smtp_port, http_port = free_port(), free_port()
    (root / "digest.toml").write_text(
        f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\n'
        'recipients = ["reader@example.org"]\n',
        encoding="utf-8",
    )
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        fire = datetime.now(UTC) + timedelta(seconds=4)
        with watching(
            root, "--digest-time", fire.strftime("%H:%M:%S"), "--serve", str(http_port)
        ) as watch:
            assert wait_for(lambda: len(entries(root)) == 2)
            connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
            connection.request("GET", "/briefs.atom")
            response = connection.getresponse()
            assert response.status == 200 and b"Putin" in response.read()
            connection.close()
            assert wait_for(lambda: len(inbox.messages) == 1, 20), watch.log
            assert watch.stop() == 0
    finally:
        controller.stop()
    assert inbox.messages[0][1] == ["reader@example.org"]
    assert "sent to reader@example.org" in watch.log
