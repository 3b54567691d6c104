#!/usr/bin/env python3
"""How well digest reads real news pages, next to trafilatura on the same pages.

usage: python bench/bench_html.py [CORPUS_DIR] [--sets fundus,l3s-gn1] [--no-baselines]

CORPUS_DIR defaults to ../shared/bench/html (446 DEV pages with human-made truth; its
README says what they may be used for: measuring and tuning only, never shipped or
committed). The pages are un-gzipped into a temporary folder, `digest read --json` reads
them all in one process, and the corpus's own scorer (score_html.py) scores the result
next to trafilatura with its default options and with favor_precision. The time per page
is measured in this process, file by file: digest's whole reading of a page (decode,
extract, clean) against one trafilatura favor_precision pass (bare_extraction).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sets", help="only these source sets (comma-separated)")
    parser.add_argument("--no-baselines", action="store_true", help="skip trafilatura's runs")
    parser.add_argument("--save-pred", type=Path, help="keep digest's predictions (JSONL)")
    args = parser.parse_args()
    truth_file = args.corpus / "truth.jsonl"
    if not truth_file.is_file():
        sys.exit(f"{truth_file} not found: the DEV pages live in ../shared/bench/html/")
    truth = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines()]
    if args.sets:
        wanted = set(args.sets.split(","))
        truth = [t for t in truth if t["source_set"] in wanted]
    scorer = args.corpus / "score_html.py"
    with tempfile.TemporaryDirectory() as work:
        pages = Path(work) / "pages"
        pages.mkdir()
        files = []
        for record in truth:
            path = pages / f"{record['id']}.html"
            path.write_bytes(gzip.decompress((args.corpus / record["file"]).read_bytes()))
            files.append(path)
        preds = Path(work) / "digest.jsonl"
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "digest", "-q", "read", "--json", *map(str, files)],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        wall = time.perf_counter() - started
        results = json.loads(run.stdout)
        with preds.open("w", encoding="utf-8") as out:
            for path, result in zip(files, results, strict=True):
                out.write(json.dumps(_prediction(path.stem, result), ensure_ascii=False) + "\n")
        if args.save_pred:
            args.save_pred.write_text(preds.read_text(encoding="utf-8"), encoding="utf-8")
        sets = ["--sets", args.sets] if args.sets else []
        rows = [("digest", _score(scorer, args.corpus, ["--pred", str(preds), *sets]))]
        if not args.no_baselines:
            rows.append(("trafilatura default", _score(scorer, args.corpus, sets)))
            rows.append(
                (
                    "trafilatura favor_precision",
                    _score(scorer, args.corpus, ["--favor-precision", *sets]),
                )
            )
        ours, theirs = _times(files)
    _print_table(rows)
    print(
        f"\n`digest read --json` on {len(files)} pages: {wall:.1f} s as one process. Per page "
        f"(in this process): digest median {ours[0] * 1000:.1f} ms, p95 {ours[1] * 1000:.1f} ms; "
        f"one trafilatura favor_precision pass median {theirs[0] * 1000:.1f} ms, "
        f"p95 {theirs[1] * 1000:.1f} ms; ratio of medians {ours[0] / theirs[0]:.2f}"
    )


def _prediction(page_id: str, result: dict) -> dict:
    if "skipped" in result:
        return {"id": page_id, "title": None, "body": "", "date": None, "author": None}
    return {
        "id": page_id,
        "title": result["title"],
        "body": result["body"],
        "date": result["date"],
        "author": "; ".join(result["authors"]) or None,
    }


def _score(scorer: Path, corpus: Path, extra: list[str]) -> dict:
    run = subprocess.run(
        [sys.executable, str(scorer), str(corpus), "--json", *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)["summary"]


def _times(files: list[Path]) -> tuple[tuple[float, float], tuple[float, float]]:
    sys.path.insert(0, str(REPO))
    import trafilatura

    from digest.commands.read import read_file_json

    ours, theirs = [], []
    for path in files:
        started = time.perf_counter()
        read_file_json(path, "UTC")
        ours.append(time.perf_counter() - started)
        raw = path.read_bytes()
        started = time.perf_counter()
        trafilatura.bare_extraction(raw, with_metadata=True, favor_precision=True)
        theirs.append(time.perf_counter() - started)
    return _median_p95(ours), _median_p95(theirs)


def _median_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _print_table(rows: list[tuple[str, dict]]) -> None:
    print(
        "| set | extractor | body P | body R | body F1 | empty | leak_tok% "
        "| title exact / near | date day; with its time | author any |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|---|---|")
    for name in rows[0][1]:
        for label, summary in rows:
            s = summary[name]
            title = (
                f"{s['title_exact']} / {s['title_near']} of {s['title_n']}" if s["title_n"] else "-"
            )
            date = (
                f"{s['date_day']} of {s['date_n']}; {s['date_time']} of {s['date_timed']}"
                if s["date_n"]
                else "-"
            )
            author = f"{s['author_any']} of {s['author_n']}" if s["author_n"] else "-"
            print(
                f"| {name} ({s['pages']}) | {label} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} "
                f"| {s['empty_pred']} | {s['leak_tok%']:.2f} | {title} | {date} | {author} |"
            )


if __name__ == "__main__":
    main()
