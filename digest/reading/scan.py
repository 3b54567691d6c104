"""Reading the seeds folder (I/O): the only code that opens input files.

Every path is resolved and checked to lie inside the seeds folder before it is
opened; hidden, temporary and editor files are ignored; anything unreadable
becomes a Skipped record with a reason instead of an exception.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from digest.models import Skipped, Source
from digest.reading.decode import BinaryContent, UndecodableText, decode_bytes
from digest.reading.formats import ARTICLE_SUFFIXES
from digest.text.textutil import one_line

log = logging.getLogger(__name__)

# Names that editors, sync tools and downloads leave behind while they work.
IGNORED_PREFIXES = (".", "~$", "#", "._")
IGNORED_SUFFIXES = (
    "~",
    "#",
    ".tmp",
    ".temp",
    ".part",
    ".partial",
    ".crdownload",
    ".download",
    ".swp",
    ".swo",
    ".swx",
    ".bak",
    ".orig",
    ".rej",
    ".lock",
)


# The reason given for a file that was deleted or renamed between the scan and the read:
# not a problem with the file, so not worth a warning.
VANISHED = "gone before it could be read (deleted or renamed meanwhile)"


@dataclass(frozen=True)
class Candidate:
    """An article file found in the seeds folder, not yet read."""

    relpath: str
    real_path: str
    size: int
    mtime_ns: int


def display_path(relpath: str) -> str:
    """A file name safe for one log line (control characters and bad bytes escaped)."""
    return relpath if relpath.isprintable() else repr(relpath)[1:-1]


def is_ignored_name(name: str) -> bool:
    return name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)


def scan(seeds_dir: Path, exclude: Path | None = None) -> Iterator[Candidate | Skipped]:
    """Article files under seeds_dir in a stable order; never leaves the folder, and never
    enters `exclude` (an out folder inside the seeds folder must not be read back)."""
    root = os.path.realpath(seeds_dir)
    skip = os.path.realpath(exclude) if exclude is not None else None
    yield from _scan_dir(root, root, "", skip)


def _scan_dir(
    root: str, directory: str, prefix: str, skip: str | None
) -> Iterator[Candidate | Skipped]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(
            prefix.rstrip("/") or ".", f"folder cannot be listed: {exc.strerror}", folder=True
        )
        return
    for entry in entries:
        # a name that is not UTF-8 keeps its bad bytes visible as \xNN in the identity
        relpath = (
            (prefix + entry.name)
            .encode("utf-8", "surrogateescape")
            .decode("utf-8", "backslashreplace")
        )
        if is_ignored_name(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.path != skip:
                    yield from _scan_dir(root, entry.path, relpath + "/", skip)
                continue
        except OSError:
            continue
        if os.path.splitext(entry.name)[1].lower() not in ARTICLE_SUFFIXES:
            continue
        yield _candidate(root, entry, relpath)


def _candidate(root: str, entry: os.DirEntry[str], relpath: str) -> Candidate | Skipped:
    try:
        # The folders were entered from the real root without following links, so only a
        # link itself needs resolving (realpath on every file was most of a rescan).
        real = os.path.realpath(entry.path, strict=True) if entry.is_symlink() else entry.path
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(relpath, "symbolic link loop")
        reason = "broken symbolic link" if entry.is_symlink() else exc.strerror or str(exc)
        return Skipped(relpath, reason)
    if not (real == root or real.startswith(root + os.sep)):
        return Skipped(relpath, "symbolic link points outside the seeds folder; not followed")
    try:
        info = os.stat(real)
    except OSError as exc:
        return Skipped(relpath, f"cannot be read: {exc.strerror}")
    if stat.S_ISDIR(info.st_mode):
        return Skipped(relpath, "symbolic link to a folder; not followed")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(relpath, "not a regular file (a pipe, socket or device)")
    return Candidate(relpath, real, info.st_size, info.st_mtime_ns)


def read_file(path: Path, max_bytes: int) -> Source | Skipped:
    """One article file named on the command line, read and decoded as a build reads it
    (its name, not its folder, is its identity)."""
    try:
        real = os.path.realpath(path, strict=True)
        info = os.stat(real)
    except OSError as exc:
        return Skipped(str(path), f"cannot be read: {exc.strerror}")
    if stat.S_ISDIR(info.st_mode):
        return Skipped(str(path), "is a folder, not an article file")
    name = os.fsencode(path.name).decode("utf-8", "backslashreplace")
    try:
        source = read_source(Candidate(name, real, info.st_size, info.st_mtime_ns), max_bytes)
    except Exception as exc:  # as in a build: one file's failure is that file's skip
        log.debug("%s: reading failed", path, exc_info=True)
        detail = one_line(str(exc))[:200] or "no detail"
        return Skipped(str(path), f"reading failed ({type(exc).__name__}: {detail})")
    return replace(source, path=str(path)) if isinstance(source, Skipped) else source


def read_source(candidate: Candidate, max_bytes: int) -> Source | Skipped:
    """Read and decode one article file; a Skipped with the reason if that fails."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(candidate.real_path, flags)
    except FileNotFoundError:
        return Skipped(candidate.relpath, VANISHED)
    except OSError as exc:
        return Skipped(candidate.relpath, f"cannot be opened: {exc.strerror}")
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return Skipped(candidate.relpath, "not a regular file")
        data = fh.read(max_bytes + 1)
    notes = []
    if len(data) > max_bytes:
        cut = data.rfind(b"\n", 0, max_bytes)
        data = data[: cut if cut > max_bytes // 2 else max_bytes]
        notes.append(
            f"larger than max_article_bytes ({max_bytes} bytes); only the first part is summarized"
        )
    if not data.strip():
        return Skipped(candidate.relpath, "empty file")
    try:
        decoded = decode_bytes(data)
    except (BinaryContent, UndecodableText) as exc:
        return Skipped(candidate.relpath, str(exc))
    if decoded.warning:
        notes.append(decoded.warning)
    return Source(
        relpath=candidate.relpath,
        text=decoded.text,
        content_hash=hashlib.sha256(data).hexdigest(),
        notes=tuple(notes),
        encoding=decoded.encoding,
    )
