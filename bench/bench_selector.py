#!/usr/bin/env python3
"""Summary quality and speed on a JSONL file of articles with reference highlights.

usage: python bench/bench_selector.py [FILE.jsonl ...] [--sentences 3] [--no-sumy] [--repeat 3]

For each file, whole processes run on the same articles, one after the other:
  digest     `python -m digest brief --jsonl FILE --sentences N` (the product, start-up included)
  lead-N     the first N sentences, with the same cleaning and sentence splitter
  lexrank    sumy's LexRank (when sumy is installed), with our cleaning and sentence splitter
  lexrank-nupunkt
             sumy's LexRank on the raw text split by nupunkt: the peer as the bench README
             measured it ("one shared sentence splitter (nupunkt)"); NLTK's punkt, sumy's
             default, cannot be downloaded on these machines
and the table reports ROUGE-1/2/Lsum (rouge-score, stemming, F1 x 100; sentences joined by
newlines, references likewise), mean words per summary, articles per second of the whole
process, wall time (the median of --repeat runs) and peak RSS of that process. The
package's bytecode is compiled first, as `pip install` does. Needs `pip install -e '.[bench]'`.
Default files: ../shared/bench/*.jsonl (the dev files; they are never copied here).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILES = sorted((REPO.parent / "shared" / "bench").glob("*.jsonl"))


def worker(method: str, path: str, count: int) -> None:
    """Runs in its own process: one JSON line of picks per article on stdout."""
    sys.path.insert(0, str(REPO))
    from digest.summarizing.selector import lead, make_document
    from digest.text.clean import clean_body

    if method == "lexrank-nupunkt":
        _lexrank_nupunkt(path, count)
        return
    summarize = lead if method == "lead" else _lexrank()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            title = record.get("title") or ""
            document = make_document(title, clean_body(record["text"], title).paragraphs)
            picks = [document.sentences[i] for i in summarize(document, count)]
            print(json.dumps({"id": record["id"], "sentences": picks}))


def _lexrank():  # type: ignore[no-untyped-def]
    import re

    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from digest.text.sentences import split_sentences

    class Tokenizer:  # sumy's own needs NLTK data that cannot be downloaded here
        language = "english"

        def to_sentences(self, paragraph: str) -> list[str]:
            return split_sentences(paragraph)

        def to_words(self, sentence: str) -> list[str]:
            return re.findall(r"\w+", sentence)

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def summarize(document, count):  # type: ignore[no-untyped-def]
        text = "\n\n".join(" ".join(p) for p in document.paragraphs)
        parsed = PlaintextParser.from_string(text, Tokenizer()).document
        chosen = {str(s) for s in summarizer(parsed, count)}
        return [i for i, s in enumerate(document.sentences) if s in chosen][:count]

    return summarize


def _lexrank_nupunkt(path: str, count: int) -> None:
    """sumy's LexRank on each record's raw text, sentences split by nupunkt."""
    import re

    import nupunkt
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Tokenizer:
        language = "english"

        def to_sentences(self, paragraph: str) -> list[str]:
            return nupunkt.sent_tokenize(paragraph)

        def to_words(self, sentence: str) -> list[str]:
            return re.findall(r"\w+", sentence)

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            parsed = PlaintextParser.from_string(record["text"], Tokenizer()).document
            picks = [str(s) for s in summarizer(parsed, count)]
            print(json.dumps({"id": record["id"], "sentences": picks}))


def run(command: list[str]) -> tuple[list[dict], float, float]:
    """(output lines, wall seconds, peak RSS MB) of one whole process.

    The peak comes from GNU time when it is there: a child's own ru_maxrss also counts
    this (large) process's memory from before the child's exec."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapper = (
            ["/usr/bin/time", "-f", "%M", "-o", rss.name] if os.path.exists("/usr/bin/time") else []
        )
        started = time.perf_counter()
        process = subprocess.Popen(wrapper + command, stdout=subprocess.PIPE, env=env)
        output = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(command)}")
        reported = rss.read().strip().splitlines()
        peak_kb = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
    lines = [json.loads(line) for line in output.decode("utf-8").splitlines() if line.strip()]
    return lines, wall, peak_kb / 1024


def scores(picks: list[dict], references: dict[str, list[str]]) -> tuple[float, ...]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    totals = [0.0, 0.0, 0.0, 0.0]
    for item in picks:
        result = scorer.score("\n".join(references[item["id"]]), "\n".join(item["sentences"]))
        for k, name in enumerate(("rouge1", "rouge2", "rougeLsum")):
            totals[k] += result[name].fmeasure * 100
        totals[3] += sum(len(s.split()) for s in item["sentences"])
    return tuple(t / len(picks) for t in totals)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--no-sumy", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each process; the median wall is shown"
    )
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.sentences)
        return
    try:
        import sumy  # noqa: F401

        have_sumy = not args.no_sumy
    except ImportError:
        have_sumy = False
    try:
        import nupunkt  # noqa: F401

        have_nupunkt = have_sumy
    except ImportError:
        have_nupunkt = False
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "digest")], check=True)
    for path in args.files:
        records = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        references = {r["id"]: r["reference"] for r in records}
        methods = [
            (
                "digest",
                [
                    sys.executable,
                    "-m",
                    "digest",
                    "brief",
                    "--jsonl",
                    str(path),
                    "--sentences",
                    str(args.sentences),
                ],
            )
        ]
        methods.append(
            (
                f"lead-{args.sentences}",
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    "lead",
                    str(path),
                    "--sentences",
                    str(args.sentences),
                ],
            )
        )
        peers = [("sumy lexrank", "lexrank")] if have_sumy else []
        if have_nupunkt:
            peers.append(("sumy lexrank, nupunkt", "lexrank-nupunkt"))
        for name, method in peers:
            methods.append(
                (
                    name,
                    [
                        sys.executable,
                        __file__,
                        "--worker",
                        method,
                        str(path),
                        "--sentences",
                        str(args.sentences),
                    ],
                )
            )
        print(f"\n{path.name}: {len(records)} articles, {args.sentences} sentences")
        print("| method | R1 | R2 | RLsum | words | articles/s | wall s | peak RSS MB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        walls = {}
        for name, command in methods:
            # machines like these vary by ~30% from run to run: the median of a few runs
            runs = [run(command) for _ in range(args.repeat)]
            picks = runs[0][0]
            wall = statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            r1, r2, rl, words = scores(picks, references)
            walls[name] = wall
            print(
                f"| {name} | {r1:.2f} | {r2:.2f} | {rl:.2f} | {words:.1f} | "
                f"{len(records) / wall:,.0f} | {wall:.2f} | {peak:.0f} |",
                flush=True,
            )
        for name, _ in peers:
            print(
                f"digest is {walls[name] / walls['digest']:.1f}x faster than {name} (whole processes)"
            )


if __name__ == "__main__":
    main()
