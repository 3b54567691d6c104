"""The terminal progress bar of `digest build`."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from digest.cli import TerminalProgress
from tests.conftest import REPO


def test_the_bar_shows_after_a_moment_and_clears_its_line() -> None:
    stream = io.StringIO()
    bar = TerminalProgress(stream)
    bar.update(1, 10)
    assert stream.getvalue() == ""  # a quick build shows no bar
    bar.started -= 2
    bar.update(5, 10)
    assert "5 of 10 articles (50%)" in stream.getvalue()
    assert "[" + "#" * 15 + "-" * 15 + "]" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_no_bar_unless_stderr_is_a_terminal(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(3):
        (seeds / f"a{n}.txt").write_text(f"Title {n}\n\nA sentence {n} here. And more.\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "digest", "build", "--seeds", "seeds", "--out", "out"]
    piped = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert piped.returncode == 0 and "\r" not in piped.stderr and "[" not in piped.stderr
    # on a terminal (a pseudo-terminal here) the build runs the same and ends with its line
    leader, follower = pty.openpty()
    try:
        run = subprocess.run(command, cwd=tmp_path, env=env, stderr=follower, stdout=follower)
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(leader)
    assert run.returncode == 0
    assert b"digest: built 3 briefs" in output


def test_one_of_each_is_said_in_the_singular(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(
        "Bridge opens\n\nThe new bridge opened on Monday. Traffic is light.\n"
    )
    (seeds / "empty.txt").write_text("")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "digest", "build", "--seeds", "seeds", "--out", "out"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "built 1 brief (1 summarized, 0 unchanged, 1 file skipped)" in result.stderr
    assert "published with 1 brief" in result.stderr


def test_counted_says_the_noun_in_the_right_number() -> None:
    from digest.text.textutil import counted

    assert counted(1, "story", "stories") == "1 story"
    assert counted(2, "story", "stories") == "2 stories"
    assert counted(0, "file") == "0 files"
    assert counted(10_000, "article") == "10,000 articles"
