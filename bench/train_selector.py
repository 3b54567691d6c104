#!/usr/bin/env python3
"""Retrain the sentence scorer (digest/summarizing/scoring.py) and report its cross-validated ROUGE.

usage: python bench/train_selector.py [--data DIR] [--nested] [--write [--target FILE]]

What it trains: WEIGHTS (the linear scorer for documents with paragraphs) and the set
parameters COVERAGE and LENGTH_PENALTY. FLAT_WEIGHTS (one-block documents such as CNN/DM) are
hand-set and left alone.

Data: DIR/cnncorpus_dev.jsonl only (600 CNN Corpus dev articles; DIR defaults to
../shared/bench). These are the dev files; the held-out test splits are never read.

Recipe:
1. Scorer: listwise softmax regression over the 37 scoring.FEATURE_NAMES (standardised),
   towards the greedy 3-sentence R1+R2 ROUGE oracle, L2 1e-2, Adam 400 steps, fit on all 600
   articles. `junk` is then clamped to <= -3: junk lines are too rare in the dev data to learn
   a penalty, and a brief must never show one.
2. Set parameters: a grid of COVERAGE x LENGTH_PENALTY is scored by R1 on 5-fold out-of-fold
   weights (each fold scored by a fit without it); the pick maximises the mean over each grid
   point's 3x3 neighbourhood, i.e. the middle of the plateau rather than a lucky peak.
3. Prints 5-fold (fold seeds 13 and 7) and 10-fold CV R1/R2/RLsum of the recipe (rouge-score,
   stemming), next to the same scores with the plain greedy selection (COVERAGE 0). With
   --nested, also a nested 5-fold CV in which the set parameters are chosen inside each fold.

--write rewrites digest/summarizing/selector_weights.json (or --target FILE): the weights, the
set parameters, and what made them (this script, the data file's name, size and SHA-256, the
recipe), so the shipped file says where it came from.
Takes about 30 s on 2 cores, about 1.5 min with --nested. Needs numpy and rouge-score:
`pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np

# A sibling module, importable because Python puts this script's folder (bench/) on sys.path.
from selector_training import Doc, fit, folds, load_docs, picks, r1, rank, rouge_corpus

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "bench"
DEV_FILE = "cnncorpus_dev.jsonl"
DEFAULT_TARGET = REPO / "digest" / "summarizing" / "selector_weights.json"
L2 = 1e-2
COVERAGES = (0.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0, 32.0)
LENGTH_PENALTIES = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
CV_RUNS = ((5, 13), (5, 7), (10, 13))  # (folds, seed): two fold draws show the split noise
NESTED_RUNS = ((5, 13), (5, 7))
JUNK_MAX = -3.0


def rounded(weights: dict[str, float]) -> dict[str, float]:
    """4 decimals, without the bias (a softmax cannot learn it) and without zero weights."""
    return {n: float(round(v, 4)) for n, v in weights.items() if n != "bias" and abs(v) > 1e-6}


def train(docs: list[Doc]) -> dict[str, float]:
    """The recipe's weights, rounded as they are shipped (junk not yet clamped)."""
    return rounded(fit(docs, l2=L2))


def oof_weights(docs: list[Doc], k: int = 5, seed: int = 13) -> list[dict[str, float]]:
    """For each document, the weights fit on the folds that do not contain it."""
    parts = folds(len(docs), k, seed)
    out: list[dict[str, float]] = [{} for _ in docs]
    for f, held_out in enumerate(parts):
        w = train([docs[i] for g, part in enumerate(parts) if g != f for i in part])
        for i in held_out:
            out[i] = w
    return out


def r1_grid(docs: list[Doc], weights: list[dict[str, float]]) -> np.ndarray:
    """Mean R1 for every (coverage, length penalty); rows are coverages."""
    rankings = [rank(d, w) for d, w in zip(docs, weights, strict=True)]
    grid = np.zeros((len(COVERAGES), len(LENGTH_PENALTIES)))
    for a, lam in enumerate(COVERAGES):
        for b, mu in enumerate(LENGTH_PENALTIES):
            total = sum(r1(d, picks(d, r, lam, mu)) for d, r in zip(docs, rankings, strict=True))
            grid[a, b] = total / len(docs)
    return grid


def plateau(grid: np.ndarray) -> np.ndarray:
    """Mean over each interior point's 3x3 neighbourhood; edge points get -1 (never chosen)."""
    smooth = np.full_like(grid, -1.0)
    for a in range(1, grid.shape[0] - 1):
        for b in range(1, grid.shape[1] - 1):
            smooth[a, b] = grid[a - 1 : a + 2, b - 1 : b + 2].mean()
    return smooth


def choose(
    docs: list[Doc], weights: list[dict[str, float]], verbose: bool = False
) -> tuple[float, float, float, float]:
    """(coverage, length penalty, its R1, its neighbourhood mean) at the plateau's centre."""
    grid = r1_grid(docs, weights)
    if verbose:
        print_grid(grid)
    smooth = plateau(grid)
    a, b = np.unravel_index(np.argmax(smooth), smooth.shape)
    return COVERAGES[a], LENGTH_PENALTIES[b], float(grid[a, b]), float(smooth[a, b])


def print_grid(grid: np.ndarray) -> None:
    print("OOF R1 grid (rows lambda, columns mu):")
    print("lambda\\mu " + " ".join(f"{mu:6.2f}" for mu in LENGTH_PENALTIES))
    for lam, row in zip(COVERAGES, grid, strict=True):
        print(f"{lam:8.1f}  " + " ".join(f"{x:6.2f}" for x in row))


def cv_rouge(
    docs: list[Doc], lam: float, mu: float, k: int, seed: int
) -> tuple[list[float], list[float]]:
    """k-fold CV (R1, R2, RLsum) with the set objective, and with plain greedy selection."""
    rankings = [rank(d, w) for d, w in zip(docs, oof_weights(docs, k, seed), strict=True)]

    def summaries(lam: float, mu: float) -> list[tuple[list[str], list[str]]]:
        return [
            ([d.flat[i][2] for i in sorted(picks(d, r, lam, mu))], d.reference)
            for d, r in zip(docs, rankings, strict=True)
        ]

    return rouge_corpus(summaries(lam, mu)), rouge_corpus(summaries(0.0, 0.0))


def nested(docs: list[Doc], k: int = 5, seed: int = 13) -> tuple[float, list[tuple[float, float]]]:
    """Outer k-fold R1 when the set parameters are also chosen (by inner 5-fold) per fold."""
    parts = folds(len(docs), k, seed)
    total, chosen = 0.0, []
    for f, held_out in enumerate(parts):
        train_docs = [docs[i] for g, part in enumerate(parts) if g != f for i in part]
        lam, mu, _, _ = choose(train_docs, oof_weights(train_docs, 5, seed + 1))
        chosen.append((lam, mu))
        w = train(train_docs)
        total += sum(r1(docs[i], picks(docs[i], rank(docs[i], w), lam, mu)) for i in held_out)
    return total / len(docs), chosen


def shipped(weights: dict[str, float]) -> dict[str, float]:
    """The weights as written: junk lines are too rare in dev to learn their penalty."""
    return dict(weights, junk=min(weights.get("junk", 0.0), JUNK_MAX))


def weights_file(
    weights: dict[str, float], lam: float, mu: float, data: Path, articles: int
) -> dict[str, object]:
    """The shipped weights file: the numbers and what made them."""
    return {
        "what": "the sentence scorer's weights for documents with paragraphs "
        "(digest/summarizing/scoring.py reads them)",
        "made_by": "python bench/train_selector.py --write",
        "data": {
            "file": data.name,
            "articles": articles,
            "sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
            "split": "DEV only; the held-out splits are never read",
        },
        "recipe": {
            "model": "listwise softmax regression over the standardised scoring.FEATURE_NAMES "
            "towards the greedy 3-sentence R1+R2 ROUGE oracle",
            "l2": L2,
            "optimizer": "Adam",
            "steps": 400,
            "junk_max": JUNK_MAX,
            "set_parameters": "COVERAGE x LENGTH_PENALTY grid, scored by R1 on 5-fold "
            "out-of-fold weights, the middle of the plateau (mean over each point's 3x3 "
            "neighbourhood)",
        },
        "coverage": lam,
        "length_penalty": mu,
        "weights": weights,
    }


def write(target: Path, content: dict[str, object]) -> None:
    text = json.dumps(content, indent=2, ensure_ascii=False) + "\n"
    target.write_text(text, encoding="utf-8")


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"folder with {DEV_FILE}")
    ap.add_argument("--nested", action="store_true", help="also run the nested CV")
    ap.add_argument("--write", action="store_true", help="rewrite the weights file")
    ap.add_argument("--target", type=Path, default=DEFAULT_TARGET, help="file for --write")
    args = ap.parse_args()
    if not (args.data / DEV_FILE).is_file():
        ap.error(f"{args.data / DEV_FILE} not found (see --data)")
    return args


def report_cv(docs: list[Doc], lam: float, mu: float) -> None:
    for k, seed in CV_RUNS:
        new, old = cv_rouge(docs, lam, mu, k, seed)
        print(
            f"[{k}-fold CV seed {seed}] selector R1/R2/RLsum {new[0]:.2f}/{new[1]:.2f}/{new[2]:.2f}"
            f"   same scores, greedy selection {old[0]:.2f}/{old[1]:.2f}/{old[2]:.2f}",
            flush=True,
        )


def report_nested(docs: list[Doc]) -> None:
    for k, seed in NESTED_RUNS:
        score, chosen = nested(docs, k, seed)
        print(f"[nested {k}-fold seed {seed}] R1 {score:.2f}; (lambda, mu) per fold: {chosen}")


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    docs = load_docs(args.data / DEV_FILE)
    lam, mu, raw, smooth = choose(docs, oof_weights(docs), verbose=True)
    print(
        f"chosen COVERAGE={lam} LENGTH_PENALTY={mu} (OOF R1 {raw:.2f}, plateau mean {smooth:.2f})"
    )
    report_cv(docs, lam, mu)
    if args.nested:
        report_nested(docs)
    weights = shipped(train(docs))
    print("final weights:", json.dumps(weights))
    if args.write:
        write(args.target, weights_file(weights, lam, mu, args.data / DEV_FILE, len(docs)))
        print("written into", args.target)
    print(f"done in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
