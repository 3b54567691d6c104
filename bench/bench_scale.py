#!/usr/bin/env python3
"""How build cost grows with the seeds folder: cold build, rebuild with no change, rebuild
after one new file, for N articles (default 1,000 and 10,000).

usage: python bench/bench_scale.py [--sizes 1000 10000] [--source JSONL ...] [--workdir DIR]

Articles come from JSONL files with `title` and `text` (default: ../shared/bench/*.jsonl),
reused round-robin with a numbered last sentence so that no two files are identical. Each
build runs `python -m digest build` as its own process; the figures are wall time and peak
RSS of that process (os.wait4), plus the build time the digest process reports itself
(without interpreter start-up).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = sorted((REPO.parent / "shared" / "bench").glob("*.jsonl"))


def load_articles(sources: list[Path]) -> list[tuple[str, str]]:
    articles = []
    for source in sources:
        for line in source.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            title = record.get("title") or record["text"].split(". ")[0][:90]
            articles.append((title, record["text"]))
    if not articles:
        sys.exit("no articles: pass --source FILE.jsonl")
    return articles


def write_seeds(seeds: Path, articles: list[tuple[str, str]], count: int) -> None:
    seeds.mkdir(parents=True)
    for i in range(count):
        title, text = articles[i % len(articles)]
        body = f"{text}\n\nThis copy is number {i} of the benchmark set."
        (seeds / f"article-{i:06d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def run_build(seeds: Path, out: Path) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB of this build process, seconds the build itself reported)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "digest",
            "-q",
            "build",
            "--seeds",
            str(seeds),
            "--out",
            str(out),
            "--timezone",
            "UTC",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(stderr)
    reported = re.search(r"in ([\d.]+) s", stderr)
    return wall, usage.ru_maxrss / 1024, float(reported.group(1)) if reported else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--source", type=Path, nargs="+", default=DEFAULT_SOURCES)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    articles = load_articles(args.source)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="digest-bench-"))
    print(f"{'N':>6} | {'step':<22} | {'wall s':>7} | {'build s':>7} | {'peak RSS MB':>11}")
    for count in args.sizes:
        seeds, out = work / f"seeds-{count}", work / f"out-{count}"
        shutil.rmtree(seeds, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        write_seeds(seeds, articles, count)
        steps = [
            ("cold build", None),
            ("rebuild, no change", None),
            ("rebuild, one new file", "new"),
        ]
        for name, action in steps:
            if action == "new":
                title, text = articles[0]
                (seeds / "zz-new.txt").write_text(
                    f"A new article arrives\n\n{text}\n", encoding="utf-8"
                )
            wall, peak, reported = run_build(seeds, out)
            print(
                f"{count:>6} | {name:<22} | {wall:7.2f} | {reported:7.2f} | {peak:11.0f}",
                flush=True,
            )
        shutil.rmtree(seeds, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
