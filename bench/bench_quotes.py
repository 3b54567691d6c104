#!/usr/bin/env python3
"""Direct quotes and their speakers on PolNeAR's DEV articles (../shared/bench/quotes/).

usage: python bench/bench_quotes.py [GOLD.jsonl] [--out PRED.jsonl] [--errors OUT.jsonl]

GOLD defaults to ../shared/bench/quotes/polnear_dev.jsonl; the scorer is the
score_facts.py one folder above it.

Each article's `text` is split into paragraphs on blank lines and cleaned as the product
cleans a body (digest.text.clean.clean_body), then digest.summarizing.quotes.find_quotes
lists every quote; ../shared/bench/score_facts.py scores them (all quotes, no cap) and
its quotes table is printed with the quotes found per second. The data stay in shared/:
their terms forbid committing or shipping them or any text from them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from digest.summarizing.quotes import find_quotes  # noqa: E402
from digest.text.clean import clean_body  # noqa: E402

SHARED = REPO.parent / "shared" / "bench"
GOLD = SHARED / "quotes" / "polnear_dev.jsonl"
SCORER = SHARED / "score_facts.py"
ROUNDS = 7  # the timing is the best of several passes: one is a few tens of milliseconds


def paragraphs_of(record: dict) -> tuple[str, ...]:
    text = "\n\n".join(p for p in record["text"].split("\n\n") if p.strip())
    return clean_body(text, record.get("title") or "").paragraphs


def predict(records: list[dict]) -> tuple[list[dict], float, int]:
    articles = [(r["id"], paragraphs_of(r)) for r in records]
    seconds = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        found = [(i, find_quotes(paragraphs)) for i, paragraphs in articles]
        seconds = min(seconds, time.perf_counter() - started)
    rows = [
        {
            "id": i,
            "quotes": [{"quote": q.text, "speaker": q.speaker} for q in quotes],
            "persons": [],
            "places": [],
            "organizations": [],
        }
        for i, quotes in found
    ]
    return rows, seconds, sum(len(q) for _, q in found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", default=str(GOLD))
    parser.add_argument("--out", default="/tmp/bench_quotes_pred.jsonl")
    parser.add_argument("--errors", help="the scorer's per-article misses (JSONL) here")
    args = parser.parse_args()
    gold = Path(args.gold)
    scorer = gold.resolve().parent.parent / SCORER.name
    if not gold.is_file() or not scorer.is_file():
        print(f"skipped: {gold} or {scorer} is not there (../shared/ holds the DEV data)")
        return 0
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    rows, seconds, count = predict(records)
    Path(args.out).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    command = [sys.executable, str(scorer), str(gold), args.out]
    if args.errors:
        command += ["--errors", args.errors]
    print(subprocess.run(command, check=True, capture_output=True, text=True).stdout, end="")
    print(
        f"{len(records)} articles, {count} quotes in {1000 * seconds:.1f} ms (best of {ROUNDS}): "
        f"{1000 * seconds / len(records):.3f} ms an article, {count / seconds:,.0f} quotes a second"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
