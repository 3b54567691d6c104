"""`digest serve` with real HTTP requests: types, validators, gzip, traversal, feedparser."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(
    built_sample: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, Path]]:
    site = tmp_path_factory.mktemp("site")
    out = site / "out"
    subprocess.run(["cp", "-a", str(built_sample), str(out)], check=True)
    (site / "secret.txt").write_text("SENTINEL-OUTSIDE\n", encoding="utf-8")
    os.symlink(site / "secret.txt", out / "link-out.txt")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "digest", "serve", "--out", str(out), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, out
    process.terminate()
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert b"GET /briefs.atom" in stderr  # one access-log line per request


def get(port: int, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def raw(port: int, target: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode("latin-1")
        )
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/briefs.atom", "application/atom+xml; charset=utf-8"),
        ("/briefs.rss", "application/rss+xml; charset=utf-8"),
        ("/briefs.json", "application/feed+json; charset=utf-8"),
        ("/daily.atom", "application/atom+xml; charset=utf-8"),
        ("/briefs/000_6b2e10c6dedfae58.html", "text/html; charset=utf-8"),
    ],
)
def test_content_types_and_bodies(server: tuple[int, Path], path: str, content_type: str) -> None:
    port, out = server
    status, headers, body = get(port, path)
    assert status == 200 and headers["content-type"] == content_type
    assert body == (out / (path.lstrip("/") or "index.html")).read_bytes()


def test_digest_text_and_mail_types(server: tuple[int, Path]) -> None:
    port, out = server
    day = next((out / "digests").glob("*.eml")).stem
    assert get(port, f"/digests/{day}.txt")[1]["content-type"] == "text/plain; charset=utf-8"
    assert get(port, f"/digests/{day}.eml")[1]["content-type"] == "message/rfc822"


def test_conditional_requests_get_304(server: tuple[int, Path]) -> None:
    port, _ = server
    _, headers, _ = get(port, "/briefs.atom")
    status, _, body = get(port, "/briefs.atom", {"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""
    status, _, body = get(port, "/briefs.atom", {"If-Modified-Since": headers["last-modified"]})
    assert status == 304 and body == b""
    assert get(port, "/briefs.atom", {"If-None-Match": '"other"'})[0] == 200


def test_feedparser_gets_304_on_second_poll(server: tuple[int, Path]) -> None:
    port, _ = server
    url = f"http://127.0.0.1:{port}/briefs.atom"
    first = feedparser.parse(url)
    assert first.status == 200 and len(first.entries) == 2
    second = feedparser.parse(url, etag=first.etag, modified=first.modified)
    assert second.status == 304


def test_gzip_and_head(server: tuple[int, Path]) -> None:
    port, out = server
    status, headers, body = get(port, "/briefs.atom", {"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == (out / "briefs.atom").read_bytes()
    status, headers, body = get(port, "/briefs.atom", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/briefs/../../secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/link-out.txt",
        "/%00index.html",
        "/.digest-state.sqlite",
        "/%c0%ae%c0%ae/secret.txt",
        "/no-such-page.html",
    ],
)
def test_nothing_outside_out_is_served(server: tuple[int, Path], target: str) -> None:
    port, _ = server
    response = raw(port, target)
    assert response.split(b" ", 2)[1] in (b"404", b"400")
    assert b"SENTINEL-OUTSIDE" not in response and b"root:" not in response
    assert b"SQLite" not in response


def test_slow_client_does_not_block_others(server: tuple[int, Path]) -> None:
    port, _ = server
    with socket.create_connection(("127.0.0.1", port)) as slow:
        slow.sendall(b"GET /briefs.atom HTTP/1.1\r\n")  # and never finishes the request
        started = time.monotonic()
        assert get(port, "/index.html")[0] == 200
        assert time.monotonic() - started < 2


@pytest.mark.skipif(shutil.which("newsboat") is None, reason="newsboat is not installed")
@pytest.mark.parametrize("feed", ["briefs.atom", "briefs.rss", "stories.atom"])
def test_newsboat_shows_every_entry(server: tuple[int, Path], tmp_path: Path, feed: str) -> None:
    port, out = server
    url = f"http://127.0.0.1:{port}/{feed}"
    (tmp_path / "urls").write_text(url + "\n", encoding="utf-8")
    (tmp_path / "config").write_text("download-timeout 15\nreload-threads 1\n", encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "TERM": "dumb",
    }
    subprocess.run(
        [
            "newsboat",
            "-u",
            str(tmp_path / "urls"),
            "-c",
            str(tmp_path / "cache.db"),
            "-C",
            str(tmp_path / "config"),
            "-x",
            "reload",
        ],
        env=env,
        timeout=60,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    with sqlite3.connect(tmp_path / "cache.db") as db:
        rows = db.execute(
            "SELECT title, guid, pubDate FROM rss_item WHERE feedurl = ?", (url,)
        ).fetchall()
    expected = len(feedparser.parse(str(out / feed)).entries)
    assert len(rows) == expected > 0
    assert all(title and guid and date for title, guid, date in rows)


@pytest.mark.parametrize(
    ("accept", "gzipped"),
    [
        ("gzip;q=0.5", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("*", True),
        ("br, gzip", True),
    ],
)
def test_gzip_follows_the_quality_value(
    server: tuple[int, Path], accept: str, gzipped: bool
) -> None:
    port, _ = server
    _, headers, _ = get(port, "/briefs.atom", {"Accept-Encoding": accept})
    assert (headers.get("content-encoding") == "gzip") is gzipped


def test_a_file_is_not_a_folder(server: tuple[int, Path]) -> None:
    port, _ = server
    assert get(port, "/briefs/000_6b2e10c6dedfae58.html/")[0] == 404


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_serve_on_ipv6_answers_ipv6_and_ipv4(built_sample: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "digest", "serve", "--out", str(built_sample)]
    process = subprocess.Popen(
        [*command, "--host", "::", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("::1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        for host in ("::1", "127.0.0.1"):
            connection = http.client.HTTPConnection(host, port, timeout=10)
            connection.request("GET", "/briefs.atom")
            response = connection.getresponse()
            assert response.status == 200 and b"<feed" in response.read()
            connection.close()
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert f"http://[::]:{port}/".encode() in stderr
