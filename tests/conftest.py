"""Shared fixtures: sample seeds, the hostile corpus, and running the real `digest` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
SHARED = REPO.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        metavar="DIR",
        default=None,
        help="also write the browser tests' PNG screenshots of the sample build into DIR "
        "(or set DIGEST_SCREENSHOTS); they always go to the test's temporary folder",
    )


@pytest.fixture(scope="session")
def screenshots_dir(request: pytest.FixtureRequest) -> Path | None:
    """The folder named by --screenshots or $DIGEST_SCREENSHOTS, made if missing; else None."""
    named = request.config.getoption("--screenshots") or os.environ.get("DIGEST_SCREENSHOTS")
    if not named:
        return None
    folder = Path(named).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_digest(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python -m digest ...` as a user would, in its own process."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "digest", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def sample_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    return seeds


@pytest.fixture
def hostile_seeds(tmp_path: Path) -> Path:
    return make_hostile_seeds(tmp_path)


def make_hostile_seeds(tmp_path: Path) -> Path:
    """A copy of the hostile corpus with its symbolic links made (as the manifest says)."""
    seeds = tmp_path / "hostile"
    shutil.copytree(
        HOSTILE,
        seeds,
        symlinks=True,
        ignore=shutil.ignore_patterns("manifest.jsonl", "make_links.py", "README.md"),
    )
    for entry in hostile_manifest():
        if "symlink_to" in entry:
            link = seeds / entry["file"]
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(entry["symlink_to"], link)
    canary = tmp_path / "outside-canary" / "secret.txt"
    canary.parent.mkdir()
    canary.write_text("CANARY-OUTSIDE-SEEDS: must never be read\n", encoding="utf-8")
    return seeds


def hostile_manifest() -> list[dict]:
    lines = (HOSTILE / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample seeds built once for the read-only checks; returns the out folder."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "seeds", root / "seeds")
    result = run_digest("build", "--seeds", "seeds", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "out"
