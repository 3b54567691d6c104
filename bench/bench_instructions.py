#!/usr/bin/env python3
"""CPU instructions of `digest brief --jsonl`'s work on N articles, counted by callgrind.

usage: python bench/bench_instructions.py [FILE.jsonl] [--articles 120]

Wall time on these machines varies by 10-15% from run to run, too much to see a change of
1-3%. The instructions executed (callgrind's Ir, with a fixed hash seed) are the same on every run, so comparing
two commits this way shows small gains and losses exactly: run it at each and compare.
Prints the instructions of the work (the brief of each article, start-up subtracted).
Needs valgrind (Debian: `apt install valgrind`). Default file: the CNN Corpus dev file.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILE = REPO.parent / "shared" / "bench" / "cnncorpus_dev.jsonl"

PROGRAM = """
import sys
sys.path.insert(0, {repo!r})
from digest.commands.brief import _jsonl_line
lines = open({path!r}, encoding="utf-8").read().splitlines()[:{count}]
if {work}:
    for number, line in enumerate(lines, start=1):
        _jsonl_line(number, line, 3)
"""


def instructions(path: Path, count: int, work: bool) -> int:
    program = PROGRAM.format(repo=str(REPO), path=str(path), count=count, work=work)
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
        + [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # set orders, and so the count, repeat
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if not found:
        sys.exit(f"no instruction count in callgrind's output:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--articles", type=int, default=120)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    total = instructions(args.file, args.articles, work=True)
    start_up = instructions(args.file, args.articles, work=False)
    work = total - start_up
    print(
        f"{args.articles} articles of {args.file.name}: {work / 1e9:.3f} G instructions "
        f"({work / args.articles / 1e6:.2f} M per article; start-up {start_up / 1e9:.3f} G)"
    )


if __name__ == "__main__":
    main()
