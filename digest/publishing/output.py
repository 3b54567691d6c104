"""Writing into the out folder (I/O): atomic, only when bytes change, never outside it."""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from digest.errors import DigestError, LockedError

log = logging.getLogger(__name__)
LOCK_NAME = ".digest.lock"


def safe_join(out_dir: Path, relpath: str, resolved: Path | None = None) -> Path:
    """out_dir/relpath, refusing any path that would land outside out_dir (`resolved`:
    out_dir already resolved, by a caller joining many paths)."""
    root = resolved or out_dir.resolve()
    target = (root / relpath).resolve()
    if target == root or root not in target.parents:
        raise DigestError(f"refusing to write outside the out folder: {relpath!r}")
    return target


def write_atomic(path: Path, data: bytes, durable: bool = True) -> bool:
    """Write via a temp file and rename; skip (return False) when the bytes are unchanged.
    durable: fsync the data before the rename, so a crash leaves the old file or the new."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with _ignored():
            os.unlink(tmp)
        raise
    return True


def remove_stale_temp_files(out_dir: Path) -> None:
    """Temp files left by a build that was killed mid-write."""
    for tmp in out_dir.rglob(".*.tmp"):
        with _ignored():
            tmp.unlink()


@contextmanager
def exclusive_lock(path: Path, busy_message: str, wait_seconds: float = 0) -> Iterator[None]:
    """Hold an exclusive lock on a lock file; wait up to wait_seconds for another process
    that holds it, then refuse with `busy_message`."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(f"{busy_message} (lock file {path})") from None
                if not announced:
                    log.info("waiting for another digest process to finish (lock %s)", path)
                    announced = True
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def out_lock(out_dir: Path, wait_seconds: float) -> AbstractContextManager[None]:
    """The lock one build (or send) holds on the out folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return exclusive_lock(
        out_dir / LOCK_NAME,
        f"another digest process is already running on {out_dir}; wait for it to finish or stop it",
        wait_seconds,
    )


@contextmanager
def _ignored() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


# Files a build owns: anything else in the out folder is left alone.
DIGEST_SUFFIXES = (".html", ".txt", ".eml")
OWNED_FOLDERS = {"briefs": (".html",), "digests": DIGEST_SUFFIXES}


def brief_path(slug: str) -> str:
    """Where a brief's page is, relative to the out folder (and to the base URL)."""
    return f"briefs/{slug}.html"


def digest_path(date: str, suffix: str = ".html") -> str:
    """Where a day's digest is (.html, .txt or .eml), relative to the out folder."""
    return f"digests/{date}{suffix}"


def write_files(out_dir: Path, files: dict[str, bytes], durable: bool = True) -> tuple[int, int]:
    """Write each file atomically unless its bytes are unchanged; (written, unchanged).

    durable: each file is flushed to the disk before it replaces the old one. Brief pages
    skip that (at 10,000 pages it was most of a cold build's serial time): a reader never
    sees half a page either way, and a page a crash left short differs from what the next
    build renders, so that build writes it again."""
    root = out_dir.resolve()
    written = 0
    for relpath in sorted(files):
        written += write_atomic(safe_join(out_dir, relpath, root), files[relpath], durable)
    return written, len(files) - written


def remove_stale(out_dir: Path, expected: set[str]) -> int:
    """Remove the pages this program made that are not expected any more (deleted articles)."""
    removed = 0
    for folder, suffixes in OWNED_FOLDERS.items():
        directory = out_dir / folder
        if not directory.is_dir():
            continue
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            relpath = f"{folder}/{entry.name}"
            suffix = os.path.splitext(entry.name)[1]
            if relpath not in expected and suffix in suffixes and entry.is_file():
                os.unlink(entry.path)
                log.info("removed %s", relpath)
                removed += 1
    return removed
