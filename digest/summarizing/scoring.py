"""The learned sentence scorer behind the key-facts selector. Pure standard library.

    rank(paragraphs, title).pick(n) -> [(paragraph_index, sentence_index), ...]  (document order)
    features(paragraphs, title)     -> a feature vector per sentence (training, explain)

`paragraphs` is a list of paragraphs, each a list of sentences. Each sentence gets cheap
features (position, length, overlap with the title and the lead, centrality, numbers,
names, quotes, junk patterns); its score is a linear model whose WEIGHTS, in
selector_weights.json, were fitted by bench/train_selector.py on the CNN Corpus dev file
(a listwise softmax towards the greedy ROUGE oracle, cross-validated). The n picks are then chosen as a set among the n+5 best
scored: greedily maximizing the summed scores, minus a length penalty, plus the coverage
of the document's recurring words (a submodular objective, after Lin & Bilmes 2011);
the coverage keeps the picks from saying the same thing, the length term keeps them short.
A document that is one block of text (no paragraph breaks, as in wire copy) uses hand-set
FLAT_WEIGHTS instead: Lead-3 that skips junk, questions, fragments and over-long caption
run-ins. A sentence most of whose content words are already picked is never picked.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from operator import mul as _mul
from pathlib import Path

# One word tokenizer for scoring, tags and stories. Possessive (++, *+): the same matches,
# without the regex engine keeping backtracking points (20% faster).
_WORD = re.compile(r"\w++(?:['’]\w++)*+")
_RTOK = re.compile(r"[A-Za-z0-9]+")  # ROUGE-style tokens, for the length term
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours s t said says say told says mr mrs ms one two
    new year years last first time like get got us people would could may might
    """.split()
)
_JUNK_START = re.compile(
    r"\s*(?:read more|read:|photos?:|video:|watch:|click here|scroll down|related:|see also|"
    r"follow (?:us|@|\w+ on twitter)|join us|share this|sign up|copyright|all rights reserved|"
    r"editor'?s note|more:|also:)"
)
_JUNK_ANYWHERE = (
    "contributed to this report",
    "contributed to this story",
    "getty images",
    "ap photo",
    "photo credit",
    "on twitter",
    "click here",
    "scroll down",
    "follow @",
)
_CAPTION_START = re.compile(r"[A-Z][A-Za-z'’\- ]{1,30}:\s")
_CAPTION_PAREN = (
    "(pictured",
    "(left",
    "(right",
    "(centre",
    "(center",
    "(above",
    "(below",
    "(file photo",
    "(file picture",
    "(file image",
    "(inset",
)
_QUOTE_CHARS = "\"“”‘’'"
_OPEN_QUOTES = "\"“‘'"
_DIGIT = re.compile("[0-9]")
_ATTRIB = frozenset(("said", "says", "told", "added", "explained"))
_FIRST_PERSON = frozenset(("I", "I'm", "I've", "we", "We", "my", "My", "our", "Our"))


def tokens(text: str) -> list[str]:
    """Lower-case word tokens: the one tokenizer of the scorer, the tags and the stories."""
    return _WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """Lower-case words that carry content (no stopwords, no single letters)."""
    return [w for w in tokens(text) if len(w) > 1 and w not in STOPWORDS]


class _StemTable(dict[str, str]):
    """token -> crude stem (no possessive 's, first 6 characters), "" for a stopword or a
    single letter. A dict, so that looking up known tokens runs at C speed; it starts
    afresh when full, which bounds its memory (a few MB) and keeps it warm."""

    MAX = 50_000

    def __missing__(self, token: str) -> str:
        if token in STOPWORDS or len(token) < 2:
            stem = ""
        else:
            stem = token.removesuffix("'s").removesuffix("’s")[:6]
        if len(self) >= self.MAX:
            self.clear()
        self[token] = stem
        return stem


_STEMS = _StemTable()


def _stem_set(sentence_tokens: list[str]) -> set[str]:
    """The stems of a sentence's content words."""
    stems = set(map(_STEMS.__getitem__, sentence_tokens))
    stems.discard("")
    return stems


FEATURE_NAMES = (
    "bias",
    "pos0",
    "pos1",
    "pos2",
    "pos_inv",
    "pos_rel",
    "pos_log",
    "para_inv",
    "para0",
    "first_in_para",
    "len_log",
    "len_short",
    "len_long",
    "len_vlong",
    "title_ov",
    "lead_ov",
    "centroid",
    "tfmean",
    "has_num",
    "caps",
    "quote_start",
    "has_quote",
    "attrib",
    "first_person",
    "question",
    "junk",
    "caption",
    "lower_start",
    "no_end",
    "p3_5",
    "p6_9",
    "p10_19",
    "para1_3",
    "title_pos",
    "cen_pos",
    "len_mid",
    "dateline",
)


def features(
    paragraphs: list[list[str]], title: str | None, sentence_tokens: list[list[str]] | None = None
) -> list[tuple[int, int, list[float]]]:
    """(paragraph index, sentence index, feature vector) for every sentence in document order.

    `sentence_tokens`: each sentence's tokens(), when the caller has them already."""
    return _features(paragraphs, title, sentence_tokens)[0]


def _features(paragraphs, title, sentence_tokens=None, limit=None):
    """features(), and the stem sets and document frequencies; only the first `limit`
    sentences get a vector, though all count towards frequencies and centrality."""
    flat: list[tuple[int, int, str]] = []
    for p, para in enumerate(paragraphs):
        for j, s in enumerate(para):
            flat.append((p, j, s))
    n = len(flat)
    if n == 0:
        return [], [], {}
    one_block = len(paragraphs) == 1
    if sentence_tokens is None:
        sentence_tokens = [tokens(s) for _, _, s in flat]
    word_sets = list(map(_stem_set, sentence_tokens))
    doc_tf = Counter(chain.from_iterable(word_sets))  # in how many sentences each word is
    tf_of = doc_tf.__getitem__
    title_set = _stem_set(tokens(title)) if title else set()
    lead_set = word_sets[0] | (word_sets[1] if n > 1 else set())
    norm_c = math.sqrt(sum(v * v for v in doc_tf.values())) or 1.0
    # phrases few documents contain are looked for in a sentence only when the document has them
    document_lower = "\n".join(s for _, _, s in flat[:limit]).lower()
    junk_phrases = [k for k in _JUNK_ANYWHERE if k in document_lower]
    out = []
    for i, (p, j, s) in enumerate(flat[:limit]):
        ts = word_sets[i]
        words = s.split()
        nw = len(words)
        if one_block:
            p_eff, first = i, 1.0
        else:
            p_eff, first = p, 1.0 if j == 0 else 0.0
        # centrality: cosine with document-frequency centroid, leaving the sentence out
        if ts:
            dot = sum(map(tf_of, ts)) - len(ts)
            cen = dot / (norm_c * math.sqrt(len(ts)))
            tfm = dot / len(ts)
        else:
            cen = tfm = 0.0
        title_ov = len(ts & title_set) / len(title_set) if title_set and ts else 0.0
        if i >= 2 and ts:
            lead_ov = len(ts & lead_set) / len(ts)
        else:
            lead_ov = 0.0
        caps = sum(map(str.isupper, map(_first_char, words[1:])))
        low = s.lower()
        junk = _JUNK_START.match(low) is not None or (
            bool(junk_phrases) and any(map(low.__contains__, junk_phrases))
        )
        caption = (":" in s[:32] and _CAPTION_START.match(s) is not None) or (
            "(" in s and any(k in low for k in _CAPTION_PAREN)
        )
        attrib = not _ATTRIB.isdisjoint(words) or "according to" in low
        st = s.strip()
        first_ch = st[:1]
        last = st.rstrip(_QUOTE_CHARS + ")] ")[-1:] if st else ""
        out.append(
            (
                p,
                j,
                [
                    1.0,
                    1.0 if i == 0 else 0.0,
                    1.0 if i == 1 else 0.0,
                    1.0 if i == 2 else 0.0,
                    1.0 / (i + 1),
                    i / n,
                    math.log1p(i),
                    1.0 / (p_eff + 1),
                    1.0 if p_eff == 0 else 0.0,
                    first,
                    math.log1p(nw),
                    1.0 if nw < 8 else 0.0,
                    1.0 if nw > 40 else 0.0,
                    1.0 if nw > 60 else 0.0,
                    title_ov,
                    lead_ov,
                    cen,
                    math.log1p(tfm),
                    0.0 if _DIGIT.search(s) is None else 1.0,
                    caps / nw if nw else 0.0,
                    1.0 if first_ch and first_ch in _OPEN_QUOTES else 0.0,
                    1.0 if '"' in s or "“" in s or "”" in s or " '" in s or " ‘" in s else 0.0,
                    1.0 if attrib else 0.0,
                    0.0 if _FIRST_PERSON.isdisjoint(words) else 1.0,
                    1.0 if last == "?" else 0.0,
                    1.0 if junk else 0.0,
                    1.0 if caption else 0.0,
                    1.0 if first_ch.islower() else 0.0,
                    1.0 if last not in ".!?" else 0.0,
                    1.0 if 3 <= i <= 5 else 0.0,
                    1.0 if 6 <= i <= 9 else 0.0,
                    1.0 if 10 <= i <= 19 else 0.0,
                    1.0 if 1 <= p_eff <= 3 else 0.0,
                    title_ov / (i + 1),
                    cen / (i + 1),
                    1.0 if 12 <= nw <= 30 else 0.0,
                    1.0 if i == 0 and s.startswith("(CNN)") else 0.0,
                ],
            )
        )
    return out, word_sets, doc_tf


_first_char = itemgetter(0)


# Documents with paragraphs (web pages, feeds): weights learned on CNN Corpus dev. The file
# says which script, data and recipe made it; bench/train_selector.py --write rewrites it.
WEIGHTS_FILE = Path(__file__).with_name("selector_weights.json")
_LEARNED = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
WEIGHTS: dict[str, float] = _LEARNED["weights"]
if not WEIGHTS.keys() <= set(FEATURE_NAMES):  # a name the scorer does not compute: a bad file
    raise RuntimeError(
        f"{WEIGHTS_FILE}: unknown features {sorted(WEIGHTS.keys() - set(FEATURE_NAMES))}"
    )
REDUNDANCY = 0.6  # skip a sentence if more than this share of its content words is already picked
# Set objective for documents with paragraphs (chosen by cross-validation, in the same file).
COVERAGE: float = _LEARNED["coverage"]
LENGTH_PENALTY: float = _LEARNED["length_penalty"]
COVER_EXTRA = 5  # candidates considered: the n + COVER_EXTRA best-scored sentences

# Documents given as one block (no paragraph breaks, e.g. CNN/DM): the lead is very strong there,
# so this is Lead-3 that skips junk, questions, fragments and over-long caption run-ins.
# Hand-set, not learned (a model fit on 75 such articles did not beat Lead-3 in CV).
FLAT_WEIGHTS: dict[str, float] = {
    "pos_inv": 1.0,
    "lower_start": -5.0,
    "question": -2.0,
    "len_short": -1.0,
    "junk": -3.0,
    "caption": -1.0,
    "len_long": -0.3,
    "len_vlong": -1.0,
}


def _wvec(weights: dict[str, float]) -> list[float]:
    return [weights.get(name, 0.0) for name in FEATURE_NAMES]


# Key facts come from the first 40 sentences. In news the later ones are background: on
# CNN Corpus dev 0.2% of the picks came from further down, and the cap costs 0.02 ROUGE-1.
# Scoring them would be a tenth of the work, and unbounded on a very long document.
MAX_CANDIDATES = 40


@dataclass(frozen=True)
class Ranking:
    """One scoring of a document, from which any number of sentences can be picked."""

    paragraphs: tuple[tuple[str, ...], ...]
    ranked: tuple[tuple[float, int, int, int], ...]  # (score, flat index, paragraph, sentence)
    words: tuple[set[str], ...]  # content word stems by flat index (never changed)
    document_frequency: dict[str, int]
    flat: bool
    # flat index -> (ROUGE token count, content words, those of them in more than one
    # sentence), filled as picks need them
    _candidates: dict[int, tuple[int, set[str], set[str]]] = field(
        default_factory=dict, compare=False
    )

    def pick(
        self, n: int, coverage: float | None = None, length_penalty: float | None = None
    ) -> list[tuple[int, int]]:
        """The n best sentences as (paragraph index, sentence index), in document order.

        `coverage` and `length_penalty` default to COVERAGE and LENGTH_PENALTY (training
        tries others); a one-block document, or coverage 0, is picked by score alone."""
        if n <= 0:
            return []
        coverage = 0.0 if self.flat else (COVERAGE if coverage is None else coverage)
        if coverage:
            penalty = LENGTH_PENALTY if length_penalty is None else length_penalty
            top = [
                (sc, *self._candidate(k, p, j), p, j)
                for sc, k, p, j in self.ranked[: n + COVER_EXTRA]
            ]
        else:  # by score alone, down the whole ranking: no lengths or coverage needed
            penalty = 0.0
            top = [(sc, 0, self.words[k], set(), p, j) for sc, k, p, j in self.ranked]
        return _select(top, self.document_frequency, n, REDUNDANCY, coverage, penalty)

    def _candidate(self, k: int, p: int, j: int) -> tuple[int, set[str], set[str]]:
        found = self._candidates.get(k)
        if found is None:
            words, frequency = self.words[k], self.document_frequency
            found = self._candidates[k] = (
                len(_RTOK.findall(self.paragraphs[p][j])),
                words,
                {w for w in words if frequency[w] > 1},
            )
        return found


def rank(
    paragraphs: Sequence[Sequence[str]],
    title: str | None,
    weights: dict[str, float] | None = None,
    sentence_tokens: list[list[str]] | None = None,
    candidates: int = MAX_CANDIDATES,
) -> Ranking:
    """Score the first `candidates` sentences once, best first (`sentence_tokens` as for
    features()); pick(n) needs n + COVER_EXTRA of them."""
    flat = len(paragraphs) == 1
    w = weights if weights is not None else (FLAT_WEIGHTS if flat else WEIGHTS)
    feats, word_sets, doc_tf = _features(paragraphs, title, sentence_tokens, candidates)
    wv = _wvec(w)
    ranked = sorted(
        ((sum(map(_mul, wv, v)), k, p, j) for k, (p, j, v) in enumerate(feats)),
        key=lambda x: (-x[0], x[1]),
    )
    return Ranking(
        tuple(tuple(p) for p in paragraphs), tuple(ranked), tuple(word_sets), doc_tf, flat
    )


def _select(top, doc_tf, n, red, coverage, length_penalty):
    """Greedy on sum(score) - length_penalty*tokens/10 + coverage*covered df mass (see the
    module doc); a sentence with more than `red` of its words already covered is skipped.

    `top`: the best-scored candidates as (score, ROUGE token count, content words, those of
    them in more than one sentence, p, j): only recurring words count towards coverage."""
    scale = coverage / (sum(doc_tf.values()) or 1)
    lp = length_penalty / 10.0
    cands = [(sc - lp * length, cw, p, j) for sc, length, cw, _, p, j in top]
    recurring = [r for _, _, _, r, _, _ in top]
    mass = doc_tf.__getitem__
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < n:
        best, best_val = -1, -1e300
        for c, (base, cw, _, _) in enumerate(cands):
            if c in chosen:
                continue
            if red < 1.0 and cw and len(cw & covered) / len(cw) > red:
                continue
            val = base + scale * sum(map(mass, recurring[c] - covered))
            if val > best_val:
                best, best_val = c, val
        if best < 0:
            break
        chosen.append(best)
        covered |= cands[best][1]
    for c in range(len(cands)):  # too few distinct sentences: fall back to the best-scored rest
        if len(chosen) >= n:
            break
        if c not in chosen:
            chosen.append(c)
    return sorted((cands[c][2], cands[c][3]) for c in chosen)


def explain(
    paragraphs: list[list[str]], title: str | None, chosen: list[tuple[int, int]]
) -> list[dict[str, object]]:
    """Why each chosen sentence was picked: its score and the features that made it, its
    position and rank, and the better-ranked or close sentences judged to say the same."""
    ranking = rank(paragraphs, title)
    weights = FLAT_WEIGHTS if ranking.flat else WEIGHTS
    vectors = {(p, j): v for p, j, v in features(paragraphs, title)}
    position = {(p, j): r for r, (_, _, p, j) in enumerate(ranking.ranked)}
    words = {(p, j): ranking.words[k] for _, k, p, j in ranking.ranked}
    explained = []
    for p, j in chosen:
        vector = vectors[(p, j)]
        parts = [
            (name, weights.get(name, 0.0) * value)
            for name, value in zip(FEATURE_NAMES, vector, strict=True)
        ]
        parts = sorted((x for x in parts if abs(x[1]) > 1e-9), key=lambda x: -abs(x[1]))
        mine = words.get((p, j), set())
        same = [
            paragraphs[q][k]
            for (q, k), other in words.items()
            if (q, k) not in chosen
            and mine
            and other
            and len(other & mine) / len(other) > REDUNDANCY
        ]
        explained.append(
            {
                "sentence": paragraphs[p][j],
                "paragraph": p,
                "index": j,
                "rank": position.get((p, j), len(position)) + 1,
                "score": round(sum(value for _, value in parts), 3),
                "score_parts": {name: round(value, 3) for name, value in parts[:8]},
                "redundant_with": same[:3],
            }
        )
    return explained
