"""Hard stops and concurrency: SIGKILL mid-build never leaves a half-written file."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import REPO

BODY = (
    "Residents gathered at the square on Sunday to discuss the plan. The mayor promised a "
    "decision within a month. Shop owners asked for parking to be kept. "
) * 6


@pytest.fixture
def many_seeds(sample_seeds: Path) -> Path:
    for i in range(120):
        (sample_seeds / f"filler-{i:04d}.txt").write_text(
            f"Local story {i}\n\n{BODY}\n", encoding="utf-8"
        )
    return sample_seeds


def start(seeds: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "digest", "build", "--seeds", str(seeds), "--out", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


# Loaded by the build process: SIGKILL itself just before its Nth rename of a written file
# into the out folder, i.e. in the middle of writing the outputs.
KILL_HOOK = """
import os, signal
_replace, _count = os.replace, [0]
def replace(*args, **kwargs):
    _count[0] += 1
    if _count[0] == int(os.environ["KILL_AT_RENAME"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return _replace(*args, **kwargs)
os.replace = replace
"""


def problems(out: Path) -> list[str]:
    """Every output present must be complete."""
    found = []
    for path in out.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue
        data = path.read_bytes()
        if not data:
            found.append(f"{path.name}: empty")
        elif path.suffix in (".atom", ".rss"):
            try:
                etree.fromstring(data)
            except etree.XMLSyntaxError as exc:
                found.append(f"{path.name}: {exc}")
        elif path.suffix == ".html" and not data.rstrip().endswith(b"</html>"):
            found.append(f"{path.name}: truncated")
        elif path.suffix == ".eml":
            boundary = email.message_from_bytes(data).get_boundary()
            if f"--{boundary}--".encode() not in data:
                found.append(f"{path.name}: truncated MIME")
    return found


def test_sigkill_never_leaves_partial_files(many_seeds: Path, tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILL_HOOK, encoding="utf-8")
    out = tmp_path / "out"
    # a cold build killed early and late in its writes, then an edit killed at its first write
    for round_number, rename in enumerate((3, 60, 1)):
        if round_number == 2:
            with (many_seeds / "filler-0000.txt").open("a", encoding="utf-8") as fh:
                fh.write("Correction.\n")
        env = {"PYTHONPATH": f"{hook}{os.pathsep}{REPO}", "KILL_AT_RENAME": str(rename)}
        killed = start(many_seeds, out, env)
        killed.communicate(timeout=60)
        assert killed.returncode == -signal.SIGKILL, f"not killed at rename {rename}"
        assert problems(out) == [], f"after a kill at rename {rename}"
    final = start(many_seeds, out)
    _, stderr = final.communicate(timeout=60)
    assert final.returncode == 0, stderr
    assert problems(out) == []
    assert not list(out.rglob(".*.tmp"))
    clean = start(many_seeds, tmp_path / "clean")  # what the same input builds from nothing
    clean.communicate(timeout=60)
    assert tree(out) == tree(tmp_path / "clean")


def tree(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix != ".sqlite"
    }


def test_two_builds_at_once_both_succeed_with_complete_output(
    many_seeds: Path, tmp_path: Path
) -> None:
    # (that the second one waits for the lock is shown by the test after this one)
    out = tmp_path / "out"
    first, second = start(many_seeds, out), start(many_seeds, out)
    for process in (first, second):
        process.communicate(timeout=120)
    assert [first.returncode, second.returncode] == [0, 0]
    assert problems(out) == []
    assert len(list((out / "briefs").glob("*.html"))) == 122


def test_a_build_waits_while_another_holds_the_out_folder(
    sample_seeds: Path, tmp_path: Path
) -> None:
    from digest.publishing.output import out_lock

    out = tmp_path / "out"
    with out_lock(out, 0):
        build = start(sample_seeds, out)
        time.sleep(1.5)
        assert build.poll() is None  # still waiting
        assert not (out / "index.html").exists()
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 0
    assert b"waiting for another digest process to finish" in stderr
    assert problems(out) == []
