#!/usr/bin/env python3
"""Story grouping and story briefs on the labelled DEV sets of ../shared/bench/stories/.

usage: python bench/bench_stories.py [--sweep] [--checks] [--keep DIR]

Runs the product as a user would: each record becomes a `.md` seed (front matter `date`,
`source`, `url`; the text as its body, so the title is what a build makes of it), one real
`digest build` per set, then `digest stories --json`. The grouping and the story briefs
(topline then facts, first 100 words) are scored by ../shared/bench/score_stories.py, next
to the baselines: TF-IDF cosine of the first 100 words with single link (at its best
threshold on the file, which flatters it), the earliest article's lead, and sumy's LexRank
over all the sentences of each true cluster (sentences split by nupunkt).

--sweep   also prints pairwise and B-cubed F1 of the product's grouping against its threshold
          (the profiles of the built state, grouped again at each threshold).
--scale N times the grouping of N articles (default 10,000) in one process: the profiles
          of the DEV articles of ../shared/bench (the stories sets and the single-article
          sets), reused with a fifth of their terms dropped at random, --per-day articles a
          day (100 by default: each text's copies are then near-duplicates in one window).
--checks  also builds DUC day by day (the seeds of each date added, then a build) and with
          key_facts 3 and 5, and says whether each gives the same stories as the build at once.

The data stay in ../shared/bench (never copied into the repository); without it the
benchmark says so and exits 0. Exact copies of an article (the product skips them) are
counted in the story of their original, as the data README says.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"
SETS = ("duc2004_dev", "ecbplus_dev")
_TOKEN = re.compile(r"[a-z0-9]+")
LEXRANK_SENTENCES = 5  # wire sentences are 25-30 words: 5 make the 100 words scored


def load(name: str) -> list[dict[str, Any]]:
    path = SHARED / "stories" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def seed_text(record: dict[str, Any]) -> str:
    meta = [f"{k}: {json.dumps(record[k])}" for k in ("date", "source", "url") if record.get(k)]
    front = "---\n" + "\n".join(meta) + "\n---\n\n" if meta else ""
    return front + record["text"] + "\n"


def write_seeds(records: list[dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / f"{record['id']}.md").write_text(seed_text(record), encoding="utf-8")


def digest(work: Path, *args: str) -> str:
    command = [sys.executable, "-m", "digest", "-q", *args]
    done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed in {work}: {done.stderr.strip()}")
    return done.stdout


def configure(work: Path, key_facts: int = 4) -> None:
    work.mkdir(parents=True, exist_ok=True)
    settings = f'timezone = "UTC"\nmax_feed_items = 10000\nkey_facts = {key_facts}\n'
    (work / "digest.toml").write_text(settings, encoding="utf-8")


def build_at_once(records: list[dict[str, Any]], work: Path, key_facts: int = 4) -> list[dict]:
    configure(work, key_facts)
    write_seeds(records, work / "seeds")
    digest(work, "build")
    return json.loads(digest(work, "stories", "--json"))


def build_day_by_day(records: list[dict[str, Any]], work: Path) -> list[dict]:
    configure(work)
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_day[record.get("date") or ""].append(record)
    for day in sorted(by_day):
        write_seeds(by_day[day], work / "seeds")
        digest(work, "build", *(["--date", day] if day else []))
    return json.loads(digest(work, "stories", "--json"))


def originals(records: list[dict[str, Any]]) -> dict[str, str]:
    """id -> the id of the first record with the same text (the product skips copies)."""
    first: dict[str, str] = {}
    return {r["id"]: first.setdefault(r["text"], r["id"]) for r in records}


def predictions(stories: list[dict], records: list[dict[str, Any]]) -> dict[str, str]:
    """Record id -> story id, copies counted in their original's story."""
    story_of = {Path(m["file"]).stem: s["id"] for s in stories for m in s["members"]}
    copy_of = originals(records)
    return {r["id"]: story_of.get(copy_of[r["id"]], "missing:" + r["id"]) for r in records}


def story_briefs(stories: list[dict]) -> dict[str, str]:
    return {s["id"]: " ".join([s["topline"], *(f["text"] for f in s["facts"])]) for s in stories}


# ------------------------------------------------------------------------ baselines
def tfidf_single_link(records: list[dict[str, Any]], threshold: float) -> dict[str, str]:
    """TF-IDF cosine of the first 100 words that are not stopwords; single link (connected
    components)."""
    sys.path.insert(0, str(REPO))
    from digest.summarizing.scoring import STOPWORDS

    words = [
        [w for w in _TOKEN.findall(r["text"].lower()) if w not in STOPWORDS][:100] for r in records
    ]
    df = Counter(w for ws in words for w in set(ws))
    n = len(records)
    vectors = []
    for ws in words:
        v = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in Counter(ws).items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            a, b = vectors[i], vectors[j]
            if sum(a[w] * b[w] for w in a.keys() & b.keys()) >= threshold:
                parent[root(j)] = root(i)
    return {r["id"]: str(root(i)) for i, r in enumerate(records)}


def lexrank_briefs(records: list[dict[str, Any]]) -> dict[str, str]:
    """sumy LexRank over all the sentences of each true cluster, in its order, ~100 words."""
    import nupunkt
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Tokenizer:
        language = "english"

        def to_sentences(self, paragraph: str) -> list[str]:
            return list(nupunkt.sent_tokenize(paragraph))

        def to_words(self, sentence: str) -> list[str]:
            return re.findall(r"\w+", sentence)

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    texts: dict[str, list[str]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.get("date") or "", r["id"])):
        texts[record["cluster"]].append(record["text"])
    briefs = {}
    for cluster, parts in texts.items():
        document = PlaintextParser.from_string("\n\n".join(parts), Tokenizer()).document
        # sumy's own order (the document's) over enough sentences for 100 words
        briefs[cluster] = " ".join(str(s) for s in summarizer(document, LEXRANK_SENTENCES))
    return briefs


# ------------------------------------------------------------------------ scale
def scale(count: int, per_day: int) -> None:
    """Seconds to group `count` article profiles, `per_day` a day (median of 3 runs)."""
    import random
    import statistics
    import time
    from datetime import UTC, datetime, timedelta

    sys.path.insert(0, str(REPO))
    from digest.models import EPOCH, Article, StoryProfile
    from digest.summarizing.brief import Identity, make_brief
    from digest.summarizing.grouping import group_profiles, story_profile
    from digest.summarizing.selector import make_document

    texts = []
    for path in sorted([*SHARED.glob("*.jsonl"), *(SHARED / "stories").glob("*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.append((record.get("title") or "", record["text"]))
    base = []
    for title, text in texts:  # as a build profiles them (the names from the brief)
        document = make_document(title, [text])
        brief = make_brief(Article("", title, (text,)), Identity("", "", EPOCH, EPOCH, ""))
        names = (*brief.people, *brief.places, *brief.organizations)
        base.append(story_profile(title, document.sentences, names))
    rng = random.Random(14)
    profiles = []
    for k in range(count):
        profile = base[k % len(base)]
        terms = tuple(t for t in profile.terms if rng.random() >= 0.2)
        profiles.append(StoryProfile(terms, profile.names, profile.years, profile.sentences))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    dates = sorted(start + timedelta(days=k // per_day, seconds=k) for k in range(count))
    times, cpu, groups = [], [], 0
    for _ in range(5):
        began, began_cpu = time.perf_counter(), time.process_time()
        groups = len(group_profiles(profiles, dates).groups)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    print(
        f"grouped {count:,} articles ({len(base)} distinct texts, {per_day} a day) into "
        f"{groups:,} stories in {statistics.median(times):.2f} s wall, "
        f"{statistics.median(cpu):.2f} s CPU (medians of 5; wall {min(times):.2f}-{max(times):.2f})"
    )


# ------------------------------------------------------------------------ scoring
def scorer() -> Any:
    sys.path.insert(0, str(SHARED))
    import score_stories

    return score_stories


def grouping(score: Any, records: list[dict[str, Any]], story_of: dict[str, str]) -> dict:
    gold = {score.label_key(r["id"]): score.label_key(r["cluster"]) for r in records}
    pred = {score.label_key(i): score.label_key(s) for i, s in story_of.items()}
    return score.grouping_scores(gold, pred)


def rouge(
    score: Any, records: list[dict[str, Any]], story_of: dict[str, str], briefs: dict
) -> dict:
    gold = {score.label_key(r["id"]): score.label_key(r["cluster"]) for r in records}
    pred = {score.label_key(i): score.label_key(s) for i, s in story_of.items()}
    keyed = {score.label_key(k): v for k, v in briefs.items()}
    return score.score_briefs(records, gold, pred, keyed)


def grouping_row(name: str, results: list[dict]) -> str:
    cells = [
        f"{g['pairwise']['f1']:.3f} | {g['bcubed']['f1']:.3f} | "
        f"{g['predicted_clusters']} for {g['gold_clusters']}"
        for g in results
    ]
    return f"| {name} | " + " | ".join(cells) + " |"


def sweep(work: Path, records: list[dict[str, Any]], score: Any) -> list[tuple[float, dict]]:
    """The product's grouping of the built state at other thresholds."""
    return sweep_at(work, records, score, [step / 100 for step in range(4, 17)])


def sweep_at(
    work: Path, records: list[dict[str, Any]], score: Any, thresholds: list[float]
) -> list[tuple[float, dict]]:
    sys.path.insert(0, str(REPO))
    from digest.commands.stories import load_stories
    from digest.config import load_settings
    from digest.summarizing.grouping import group_profiles, profile_of

    settings = load_settings(work / "digest.toml", {"out_dir": work / "out"})
    stories, _ = load_stories(settings)
    briefs = sorted((b for s in stories for b in s.briefs), key=lambda b: (b.published, b.id))
    profiles = [profile_of(b) for b in briefs]
    dates = [b.published for b in briefs]
    copy_of = originals(records)
    rows = []
    for threshold in thresholds:
        groups = group_profiles(profiles, dates, threshold).groups
        story_of = {Path(briefs[i].relpath).stem: str(g[0]) for g in groups for i in g}
        pred = {r["id"]: story_of.get(copy_of[r["id"]], "x" + r["id"]) for r in records}
        rows.append((threshold, grouping(score, records, pred)))
    return rows


def same_stories(a: list[dict], b: list[dict]) -> bool:
    def members(stories: list[dict]) -> set[tuple[str, frozenset[str]]]:
        return {(s["id"], frozenset(m["file"] for m in s["members"])) for s in stories}

    return members(a) == members(b)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--checks", action="store_true")
    parser.add_argument("--scale", type=int, nargs="?", const=10_000)
    parser.add_argument("--per-day", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    if not (SHARED / "stories").is_dir():
        print(f"bench_stories: skipped: {SHARED / 'stories'} is not here (the DEV sets)")
        return
    if args.scale:
        scale(args.scale, args.per_day)
        return
    score = scorer()
    work_root = args.keep or Path(tempfile.mkdtemp(prefix="bench-stories-"))
    data = {name: load(name) for name in SETS}
    built = {name: build_at_once(data[name], work_root / name) for name in SETS}
    ours = {name: predictions(built[name], data[name]) for name in SETS}
    header = "| method | " + " | ".join(f"{n} pairwise F1 | B-cubed F1 | stories" for n in SETS)
    print(header + " |\n|---|" + "---:|---:|---|" * len(SETS))
    print(grouping_row("digest", [grouping(score, data[n], ours[n]) for n in SETS]))
    thresholds = [t / 40 for t in range(4, 24)]
    tried = {
        name: [grouping(score, data[name], tfidf_single_link(data[name], t)) for t in thresholds]
        for name in SETS
    }
    best = [max(range(len(thresholds)), key=lambda k: tried[n][k]["pairwise"]["f1"]) for n in SETS]
    label = "TF-IDF, first 100 words, single link, its best threshold on each file (" + ", ".join(
        f"{thresholds[k]:.3f}" for k in best
    )
    print(grouping_row(label + ")", [tried[n][k] for n, k in zip(SETS, best, strict=True)]))
    common = max(
        range(len(thresholds)), key=lambda k: sum(tried[n][k]["pairwise"]["f1"] for n in SETS)
    )
    label = f"the same at one threshold for both files ({thresholds[common]:.3f})"
    print(grouping_row(label, [tried[n][common] for n in SETS]))

    duc = data["duc2004_dev"]
    product = rouge(score, duc, ours["duc2004_dev"], story_briefs(built["duc2004_dev"]))
    lead = score.score_lead_baseline(duc)
    gold_stories = {r["id"]: r["cluster"] for r in duc}
    lexrank = rouge(score, duc, gold_stories, lexrank_briefs(duc))
    print("\n| DUC 2004 dev story briefs (first 100 words) | ROUGE-1 R | ROUGE-1 F | ROUGE-2 R |")
    print("|---|---:|---:|---:|")
    for name, s in (
        ("digest", product),
        ("lead of the earliest article", lead),
        ("sumy LexRank over the cluster", lexrank),
    ):
        print(
            f"| {name} | {s['rouge1_recall']:.3f} | {s['rouge1_f1']:.3f} | "
            f"{s['rouge2_recall']:.3f} |"
        )

    if args.sweep:
        print("\n| threshold | " + " | ".join(f"{n} pairwise F1 | B-cubed F1" for n in SETS) + " |")
        print("|---:|" + "---:|---:|" * len(SETS))
        swept = {name: sweep(work_root / name, data[name], score) for name in SETS}
        for k, (threshold, _) in enumerate(swept[SETS[0]]):
            cells = " | ".join(
                f"{swept[n][k][1]['pairwise']['f1']:.3f} | {swept[n][k][1]['bcubed']['f1']:.3f}"
                for n in SETS
            )
            print(f"| {threshold:.2f} | {cells} |")
    if args.checks:
        daily = build_day_by_day(duc, work_root / "duc-daily")
        three = build_at_once(duc, work_root / "duc-facts3", key_facts=3)
        five = build_at_once(duc, work_root / "duc-facts5", key_facts=5)
        at_once = built["duc2004_dev"]
        print(f"\nDUC day by day, same stories as at once: {same_stories(daily, at_once)}")
        print(f"DUC key_facts 3 and 5, same stories: {same_stories(three, five)}")
    if not args.keep:
        shutil.rmtree(work_root, ignore_errors=True)


if __name__ == "__main__":
    main()
