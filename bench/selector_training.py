"""Helpers for train_selector.py: dev data, ROUGE, the greedy oracle and the listwise fit.

Training-time only (numpy and rouge-score, from `pip install -e '.[bench]'`); the scorer in
digest/summarizing/scoring.py stays pure standard library.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer, tokenizers

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from digest.summarizing import scoring  # noqa: E402
from digest.text.sentences import split_sentences  # noqa: E402

# The same tokenizer (Porter-stemmed) that rouge-score's scorer builds for itself, so the fast
# exact R1 used in the grid search agrees with the rouge-score figures printed at the end.
_TOKENIZER = tokenizers.DefaultTokenizer(use_stemmer=True)
_SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
ORACLE_SIZE = 3  # the brief's default number of sentences


@dataclass
class Doc:
    """One dev article, with everything the fit and the R1 evaluation need precomputed."""

    title: str | None  # as in the record: the features treat a missing title themselves
    paragraphs: list[list[str]]
    flat: list[tuple[int, int, str]]  # (paragraph, sentence, text) in document order
    reference: list[str]
    features: np.ndarray  # one row of scoring.FEATURE_NAMES per flat sentence
    unigrams: list[Counter]  # ROUGE unigram counts per flat sentence
    ref_unigrams: Counter
    oracle: np.ndarray  # 1.0 on the greedy R1+R2 oracle's sentences


def load_docs(path: Path) -> list[Doc]:
    """Read a dev JSONL file and precompute features, ROUGE counts and oracle labels."""
    with path.open(encoding="utf-8") as lines:
        return [_make_doc(json.loads(line)) for line in lines if line.strip()]


def _make_doc(record: dict) -> Doc:
    title = record.get("title")
    paragraphs = to_paragraphs(record["text"])
    flat = [(p, j, s) for p, para in enumerate(paragraphs) for j, s in enumerate(para)]
    sent_tokens = [tokens(s) for _, _, s in flat]
    ref_tokens = tokens("\n".join(record["reference"]))
    return Doc(
        title=title,
        paragraphs=paragraphs,
        flat=flat,
        reference=record["reference"],
        features=np.array([v for _, _, v in scoring.features(paragraphs, title)], dtype=float),
        unigrams=[ngrams(t, 1) for t in sent_tokens],
        ref_unigrams=ngrams(ref_tokens, 1),
        oracle=greedy_oracle(sent_tokens, ref_tokens),
    )


def to_paragraphs(text: str) -> list[list[str]]:
    """Blank-line paragraphs, each split into sentences by the product's splitter."""
    paragraphs = []
    for block in text.split("\n\n"):
        sentences = split_sentences(block.strip())
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def tokens(text: str) -> list[str]:
    return _TOKENIZER.tokenize(text)


def ngrams(toks: list[str], k: int) -> Counter:
    return Counter(tuple(toks[i : i + k]) for i in range(len(toks) - k + 1))


def fscore(system: Counter, reference: Counter) -> float:
    """ROUGE-N F1 of two n-gram counters (0 when either is empty)."""
    overlap = sum((system & reference).values())
    n_sys, n_ref = sum(system.values()), sum(reference.values())
    if not overlap or not n_sys or not n_ref:
        return 0.0
    p, r = overlap / n_sys, overlap / n_ref
    return 2 * p * r / (p + r)


def greedy_oracle(sent_tokens: list[list[str]], ref_tokens: list[str]) -> np.ndarray:
    """0/1 labels: up to 3 sentences added greedily while R1+R2 F1 of the set rises."""
    ref1, ref2 = ngrams(ref_tokens, 1), ngrams(ref_tokens, 2)
    chosen: list[int] = []
    best = 0.0
    for _ in range(ORACLE_SIZE):
        candidate = None
        for i in range(len(sent_tokens)):
            if i in chosen:
                continue
            # Joined in document order, as rouge-score sees a summary (bigrams cross sentences).
            joined = [w for k in sorted([*chosen, i]) for w in sent_tokens[k]]
            value = fscore(ngrams(joined, 1), ref1) + fscore(ngrams(joined, 2), ref2)
            if value > best:
                best, candidate = value, i
        if candidate is None:
            break
        chosen.append(candidate)
    labels = np.zeros(len(sent_tokens))
    labels[chosen] = 1.0
    return labels


def folds(n: int, k: int, seed: int = 13) -> list[list[int]]:
    """k disjoint, sorted index lists covering range(n), from a seeded shuffle."""
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return [sorted(idx[f::k]) for f in range(k)]


def fit(docs: list[Doc], l2: float = 1e-2, iters: int = 400, lr: float = 0.5) -> dict[str, float]:
    """Listwise softmax regression towards the oracle; weights in raw feature units."""
    allx = np.vstack([d.features for d in docs])
    mean, sd = allx.mean(0), allx.std(0)
    sd[sd < 1e-9] = 1.0  # constant features: leave them unscaled rather than divide by zero
    # The bias is constant within a document, so a per-document softmax cannot learn it.
    mask = np.ones(allx.shape[1])
    mask[0] = 0.0
    xs = ((allx - mean) / sd) * mask
    target = np.concatenate([_target(d.oracle) for d in docs])
    lens = np.array([len(d.features) for d in docs])
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    group = np.repeat(np.arange(len(docs)), lens)
    w = _adam(lambda w: _listwise_grad(xs, w, target, starts, group) + l2 * w, mask, iters, lr)
    return {name: float(v) for name, v in zip(scoring.FEATURE_NAMES, w / sd, strict=True)}


def _target(labels: np.ndarray) -> np.ndarray:
    """The oracle as a distribution over the document's sentences (uniform if it is empty)."""
    y = labels.astype(float)
    total = y.sum()
    return y / total if total > 0 else np.full(len(y), 1.0 / len(y))


def _listwise_grad(
    xs: np.ndarray, w: np.ndarray, target: np.ndarray, starts: np.ndarray, group: np.ndarray
) -> np.ndarray:
    """Gradient of the mean per-document cross-entropy between softmax(xs @ w) and target."""
    z = xs @ w
    e = np.exp(z - np.maximum.reduceat(z, starts)[group])  # shift per document for stability
    p = e / np.add.reduceat(e, starts)[group]
    return (1.0 / len(starts)) * (xs.T @ (p - target))


def _adam(
    grad: Callable[[np.ndarray], np.ndarray], mask: np.ndarray, iters: int, lr: float
) -> np.ndarray:
    """Adam from zero; masked coordinates never move."""
    w = np.zeros(len(mask))
    mom, vel = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, iters + 1):
        g = grad(w) * mask
        mom = 0.9 * mom + 0.1 * g
        vel = 0.999 * vel + 0.001 * g * g
        w -= lr * 0.1 * (mom / (1 - 0.9**t)) / (np.sqrt(vel / (1 - 0.999**t)) + 1e-8)
    return w


def rank(doc: Doc, weights: dict[str, float]) -> scoring.Ranking:
    """Score the document once; picks for every (coverage, length) pair reuse this ranking."""
    return scoring.rank(doc.paragraphs, doc.title, weights)


def picks(doc: Doc, ranking: scoring.Ranking, coverage: float, length_penalty: float) -> list[int]:
    """Flat indices of the 3 sentences a ranking picks with these set parameters."""
    chosen = ranking.pick(ORACLE_SIZE, coverage, length_penalty)
    index = {(p, j): k for k, (p, j, _) in enumerate(doc.flat)}
    return [index[pj] for pj in chosen]


def r1(doc: Doc, chosen: list[int]) -> float:
    """Exact rouge-score R1 F1 x100 of these sentences (R1 does not depend on how they join)."""
    counts: Counter = Counter()
    for k in chosen:
        counts.update(doc.unigrams[k])
    return fscore(counts, doc.ref_unigrams) * 100


def rouge_corpus(pairs: list[tuple[list[str], list[str]]]) -> list[float]:
    """Mean (R1, R2, RLsum) F1 x100 over (summary, reference) sentence lists."""
    totals = [0.0, 0.0, 0.0]
    for summary, reference in pairs:
        # Newline-joined: RLsum treats each line as a sentence (the CNN/DM convention).
        s = _SCORER.score("\n".join(reference), "\n".join(summary))
        for k, key in enumerate(("rouge1", "rouge2", "rougeLsum")):
            totals[k] += s[key].fmeasure * 100
    return [t / len(pairs) for t in totals]
