#!/usr/bin/env python3
"""Story grouping and story briefs on a multi-document news set.

usage: python bench/bench_stories.py FILE.jsonl [...]

Each line: {"id", "text", "title"?, "date"?, "group"?, "reference"?}. Articles with the same
`group` report the same event; `reference` (a list of sentences, on any article of the
group) is the group's reference summary. Reports pairwise precision, recall and F1 of the
grouping against the true groups, and, where references exist, ROUGE-1/2 (rouge-score,
stemming, F1 x 100) of each story brief (topline + facts) against the reference, next to
the same number of lead sentences of the group's longest article. Without `group`, every
article is its own group: only false merges can be measured (the dev files of
../shared/bench are such a set; their `date` fields spread them over years).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dateutil import parser as dateparser  # noqa: E402

from digest.models import Article, Brief  # noqa: E402
from digest.summarizing.brief import Identity, make_brief  # noqa: E402
from digest.summarizing.selector import make_document  # noqa: E402
from digest.summarizing.stories import group_briefs, make_stories  # noqa: E402
from digest.text.clean import clean_body  # noqa: E402

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def load(paths: list[Path]) -> list[dict]:
    records = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


def to_brief(record: dict) -> Brief:
    title = record.get("title") or ""
    cleaned = clean_body(record["text"], title)
    when = dateparser.parse(record["date"]) if record.get("date") else EPOCH
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    article = Article(str(record["id"]), title, cleaned.paragraphs)
    return make_brief(article, Identity(str(record["id"]), "", when, when, ""))


def pairwise(found: list[set[str]], truth: dict[str, str]) -> tuple[float, float, float]:
    predicted = {frozenset(p) for group in found for p in combinations(sorted(group), 2)}
    by_group = defaultdict(set)
    for article, group in truth.items():
        by_group[group].add(article)
    actual = {frozenset(p) for group in by_group.values() for p in combinations(sorted(group), 2)}
    hits = len(predicted & actual)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(actual) if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    records = load(args.files)
    briefs = [to_brief(r) for r in records]
    truth = {str(r["id"]): str(r.get("group", r["id"])) for r in records}
    groups, _ = group_briefs(briefs)
    found = [{b.id for b in group} for group in groups]
    precision, recall, f1 = pairwise(found, truth)
    merged = sum(len(g) for g in found if len(g) > 1)
    print(
        f"{len(briefs)} articles, {len(set(truth.values()))} true groups -> {len(found)} "
        f"stories ({merged} articles in stories of 2 or more)"
    )
    print(f"pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    references = defaultdict(list)
    for r in records:
        if r.get("reference") and r.get("group") is not None:
            references[str(r["group"])] = r["reference"]
    if not references:
        return
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    text_of = {str(r["id"]): r for r in records}
    ours, leads = [0.0, 0.0], [0.0, 0.0]
    for story in make_stories(briefs):
        group = truth[story.lead.id]
        if group not in references:
            continue
        summary = [story.topline, *(f.text for f in story.facts)]
        longest = max(story.briefs, key=lambda b: b.word_count)
        record = text_of[longest.id]
        document = make_document(
            record.get("title") or "",
            clean_body(record["text"], record.get("title") or "").paragraphs,
        )
        lead = document.sentences[: len(summary)]
        reference = "\n".join(references[group])
        for totals, text in ((ours, summary), (leads, lead)):
            result = scorer.score(reference, "\n".join(text))
            totals[0] += result["rouge1"].fmeasure * 100
            totals[1] += result["rouge2"].fmeasure * 100
    n = len(references)
    print(f"story briefs  R1 {ours[0] / n:.2f}  R2 {ours[1] / n:.2f}")
    print(f"lead of the longest article  R1 {leads[0] / n:.2f}  R2 {leads[1] / n:.2f}")


if __name__ == "__main__":
    main()
