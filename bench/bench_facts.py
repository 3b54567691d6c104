#!/usr/bin/env python3
"""How well digest finds the names and quotes of an article, next to the baselines.

usage: python bench/bench_facts.py [--entities FILE] [--quotes FILE] [--keep DIR]

Reads the DEV files of ../shared/bench/entities/ (CoNLL-2003 development documents with
their persons, places and organisations) and ../shared/bench/quotes/ (PolNeAR dev articles
with their quotes and speakers), writes each document as a .txt seed (its first line the
headline), runs `digest read --json` over them in one process (every name and quote found,
as a user sees them), scores that with ../shared/bench/score_facts.py, and prints the
scorer's tables next to the capitalised-runs baseline. The time per article is measured
in this process: the name finder alone, on each document's paragraphs.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--entities", type=Path, default=SHARED / "entities" / "conll2003_dev.jsonl"
    )
    parser.add_argument("--quotes", type=Path, default=SHARED / "quotes" / "polnear_dev.jsonl")
    parser.add_argument("--keep", type=Path, help="keep the predictions in this folder")
    args = parser.parse_args()
    scorer = SHARED / "score_facts.py"
    if not scorer.is_file() or not args.entities.is_file():
        sys.exit(f"{scorer} or {args.entities} not found: the DEV files live in ../shared/bench/")
    with tempfile.TemporaryDirectory() as work:
        out = args.keep or Path(work)
        out.mkdir(parents=True, exist_ok=True)
        for gold in (args.entities, args.quotes):
            if not gold.is_file():
                print(f"{gold} not found; skipped")
                continue
            records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
            pred = out / f"{gold.stem}.digest.jsonl"
            seconds = predict(records, Path(work) / gold.stem, pred)
            print(f"\n## {gold.name}: digest read --json, {len(records)} documents")
            print(f"(the whole read, one process: {len(records) / seconds:.0f} documents/s)")
            run_scorer(scorer, gold, pred)
            if gold == args.entities:
                baseline = out / f"{gold.stem}.capitalised.jsonl"
                write_capitalised_runs(records, baseline)
                print("\n## baseline: capitalised runs, untyped")
                run_scorer(scorer, gold, baseline)
                time_name_finder(records)


def predict(records: list[dict], seeds: Path, pred: Path) -> float:
    seeds.mkdir(parents=True, exist_ok=True)
    files = []
    for i, record in enumerate(records):
        path = seeds / f"{i:04d}.txt"
        text = record["text"]
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        files.append(path)
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "digest", "-q", "read", "--json", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    seconds = time.perf_counter() - started
    results = json.loads(run.stdout)
    with pred.open("w", encoding="utf-8") as fh:
        for record, result in zip(records, results, strict=True):
            line = {
                "id": record["id"],
                "persons": [p["name"] for p in result.get("people", [])],
                "places": [p["name"] for p in result.get("places", [])],
                "organizations": [p["name"] for p in result.get("organizations", [])],
                "quotes": [
                    {"quote": q["quote"], "speaker": q["speaker"]} for q in result.get("quotes", [])
                ],
            }
            if "skipped" in result:
                line["error"] = result["skipped"]
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return seconds


def run_scorer(scorer: Path, gold: Path, pred: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True
    )
    print(result.stdout.strip() or result.stderr.strip())


_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*")


def write_capitalised_runs(records: list[dict], pred: Path) -> None:
    """Every run of capitalised words but a sentence's first word alone: the baseline."""
    with pred.open("w", encoding="utf-8") as fh:
        for record in records:
            found = []
            for paragraph in record["text"].split("\n\n")[1:]:
                for match in _CAPITALISED_RUN.finditer(paragraph):
                    if match.start() > 0 and match.group().strip(".") not in found:
                        found.append(match.group().strip("."))
            line = {"id": record["id"], "persons": found, "places": [], "organizations": []}
            fh.write(json.dumps(line) + "\n")


def time_name_finder(records: list[dict]) -> None:
    from digest.summarizing.names import find_names, load_model

    load_model()
    documents = [record["text"].split("\n\n") for record in records]
    per_article = []
    for _ in range(3):
        for paragraphs in documents:
            started = time.process_time()
            find_names(paragraphs)
            per_article.append(time.process_time() - started)
    words = statistics.mean(len(r["text"].split()) for r in records)
    print(
        f"\nname finder, CPU per article ({len(records)} documents of {words:.0f} words on "
        f"average, 3 runs): median {statistics.median(per_article) * 1000:.3f} ms, "
        f"mean {statistics.mean(per_article) * 1000:.3f} ms"
    )


if __name__ == "__main__":
    main()
