"""`digest serve` (I/O): an HTTP server for the out folder, and nothing outside it.

Threads serve many feed readers at once; ETag and Last-Modified let them poll
cheaply (304); gzip when the client takes it. Paths are decoded once, refused if
they hold NUL, backslashes, dot segments or hidden names, and resolved (symlinks
too) before the file is opened: anything that lands outside the folder is a 404.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import os
import socket
import threading
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from digest.publishing.render import render

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".atom": "application/atom+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".eml": "message/rfc822",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
}
COMPRESSIBLE = (".atom", ".rss", ".json", ".html", ".txt", ".css", ".xml")
GZIP_MIN_BYTES = 512


def resolve_request_path(root: Path, target: str) -> Path | None:
    """The file a request target names inside root, or None if it names nothing safe."""
    path = unquote(urlsplit(target).path, errors="strict")
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    try:
        real = Path(os.path.realpath(candidate, strict=True))
    except (OSError, ValueError):
        return None
    if real != root and root not in real.parents:
        return None
    if real.is_dir():
        real = real / "index.html"
    elif path.endswith("/"):
        return None  # "/briefs/a.html/" is not a page: its relative links would break
    return real if real.is_file() else None


class DigestRequestHandler(BaseHTTPRequestHandler):
    server_version = "digest"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    root: Path  # set on the subclass made by make_server

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        try:
            path = resolve_request_path(self.root, self.path)
            info = path.stat() if path is not None else None
        except (UnicodeDecodeError, FileNotFoundError):  # bad bytes, or removed meanwhile
            path, info = None, None
        if path is None or info is None:
            self._error(HTTPStatus.NOT_FOUND, "There is no such page in this digest.", send_body)
            return
        compress = (
            path.suffix in COMPRESSIBLE
            and info.st_size >= GZIP_MIN_BYTES
            and (self._accepts_gzip())
        )
        etag = f'"{info.st_mtime_ns:x}-{info.st_size:x}{"-gz" if compress else ""}"'
        last_modified = formatdate(info.st_mtime, usegmt=True)
        if self._not_modified(etag, info.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(etag, last_modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = path.read_bytes()
        if compress:
            data = gzip.compress(data, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self._validators(etag, last_modified)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _validators(self, etag: str, last_modified: str) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("X-Content-Type-Options", "nosniff")

    def _accepts_gzip(self) -> bool:
        for part in self.headers.get("Accept-Encoding", "").split(","):
            coding, _, params = part.partition(";")
            if coding.strip().lower() not in ("gzip", "*"):
                continue
            params = params.strip().lower()
            try:
                return float(params[2:]) > 0 if params.startswith("q=") else True
            except ValueError:
                return False
        return False

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            return etag in tags or "*" in tags
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError, IndexError):
                return False
        return False

    def _error(self, status: HTTPStatus, message: str, send_body: bool) -> None:
        body = render(
            "error.html", status=status.value, reason=status.phrase, message=message
        ).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # malformed requests (bad request line, URI too long) get the same short page
        self.close_connection = True
        self._error(HTTPStatus(code), message or HTTPStatus(code).description, True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        log.info("%s %s", self.address_string(), format % args)


def make_server(out_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A threaded server for out_dir (not yet serving)."""
    root = Path(os.path.realpath(out_dir))
    handler = type("Handler", (DigestRequestHandler,), {"root": root})
    server = _server_class(host)((host, port), handler)
    server.daemon_threads = True
    return server


class _DualStackServer(ThreadingHTTPServer):
    """IPv6, and IPv4 too on "::" (as `python -m http.server` does)."""

    address_family = socket.AF_INET6

    def server_bind(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def _server_class(host: str) -> type[ThreadingHTTPServer]:
    """The server for `host`: IPv6 for an IPv6 address ("::", "::1") or a name that has
    only an IPv6 address; else IPv4, as before ("localhost" stays 127.0.0.1)."""
    if ":" in host:
        return _DualStackServer
    try:
        socket.getaddrinfo(host or None, None, socket.AF_INET, socket.SOCK_STREAM)
    except socket.gaierror:
        try:
            socket.getaddrinfo(host, None, socket.AF_INET6, socket.SOCK_STREAM)
        except socket.gaierror:
            return ThreadingHTTPServer  # binding says what is wrong with the name
        return _DualStackServer
    return ThreadingHTTPServer


def server_url(server: ThreadingHTTPServer) -> str:
    """Where the server answers, as a URL (an IPv6 address in brackets)."""
    host, port = server.server_address[:2]
    shown = host.decode() if isinstance(host, bytes) else str(host)
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def serve_forever(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve in a background thread (for `watch --serve` and tests)."""
    thread = threading.Thread(target=server.serve_forever, name="digest-serve", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    root = getattr(server.RequestHandlerClass, "root", "")
    log.info("serving %s at %s", root, server_url(server))
    return thread
