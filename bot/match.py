"""Score a question against every intent's phrasings with rapidfuzz.

Two stages: a candidate index (whole words, and character trigrams for words the
index has never seen) picks the phrasings that share something with the question;
rapidfuzz then scores only those. `FullScanMatcher` scores every phrasing and is the
reference the indexed matcher must agree with (see tests and `bot bench`).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.score import WordWeights, blended

SLOT_PATTERN = re.compile(r"\{(mission|partner|topic)\}")

# How many phrasings the index hands to rapidfuzz. 200 keeps the indexed matcher's
# answers identical to the full scan's on the evaluation set while scoring a small
# fraction of a large knowledge base.
CANDIDATE_LIMIT = 200
# Words found in more than this share of phrasings ("what", "is", "the") do not pick
# candidates on their own: they would hand rapidfuzz most of the knowledge base.
COMMON_WORD_SHARE = 0.08
TRIGRAM_MIN_SHARED = 0.5


@dataclass(frozen=True)
class Phrasing:
    """One example of an intent, normalised and with entity mentions abstracted."""

    text: str
    intent: str


@dataclass(frozen=True)
class Candidate:
    """The best phrasing of one intent for a question, and its similarity in [0, 1]."""

    intent: str
    score: float
    phrasing: str


def similarity(question: str, phrasing: str, weights: WordWeights | None = None) -> float:
    """Similarity in [0, 1]: weighted word overlap blended with rapidfuzz's
    token_sort_ratio (see `bot.score`). Without weights, words count equally."""
    weights = weights or WordWeights([(phrasing, "")])
    return blended(question, weights.words(question), phrasing, weights.words(phrasing), weights)


def _trigrams(word: str) -> set[str]:
    padded = f" {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class FullScanMatcher:
    """Scores every phrasing: simple, exact, and slow on large knowledge bases."""

    def __init__(self, phrasings: Sequence[Phrasing]) -> None:
        self.phrasings = list(phrasings)
        self.exact: dict[str, list[int]] = defaultdict(list)
        for index, phrasing in enumerate(self.phrasings):
            self.exact[phrasing.text].append(index)
        self.weights = WordWeights((p.text, p.intent) for p in self.phrasings)
        self.words = [self.weights.words(p.text) for p in self.phrasings]

    def candidate_ids(self, forms: Sequence[str]) -> Iterable[int]:
        return range(len(self.phrasings))

    def rank(self, forms: Sequence[str]) -> list[Candidate]:
        """Best candidate per intent, best first. Exact matches score 1.0."""
        best: dict[str, Candidate] = {}
        for form in forms:
            for index in self.exact.get(form, ()):
                phrasing = self.phrasings[index]
                best[phrasing.intent] = Candidate(phrasing.intent, 1.0, phrasing.text)
        if best:
            return sorted(best.values(), key=lambda c: -c.score)
        readings = [(form, self.weights.words(form)) for form in forms]
        for index in self.candidate_ids(forms):
            phrasing = self.phrasings[index]
            score = max(blended(text, words, phrasing.text, self.words[index], self.weights)
                        for text, words in readings)
            current = best.get(phrasing.intent)
            if current is None or score > current.score:
                best[phrasing.intent] = Candidate(phrasing.intent, score, phrasing.text)
        return sorted(best.values(), key=lambda c: (-c.score, c.intent))


class IndexedMatcher(FullScanMatcher):
    """Narrows the field with an inverted index before rapidfuzz scores anything."""

    def __init__(self, phrasings: Sequence[Phrasing], *, limit: int = CANDIDATE_LIMIT) -> None:
        super().__init__(phrasings)
        self.limit = limit
        postings: dict[str, list[int]] = defaultdict(list)
        for index, phrasing in enumerate(self.phrasings):
            for word in set(phrasing.text.split()):
                postings[word].append(index)
        total = max(1, len(self.phrasings))
        self.postings = dict(postings)
        self.weight = {w: math.log(1 + total / len(ids)) for w, ids in postings.items()}
        common_cut = max(50, int(total * COMMON_WORD_SHARE))
        self.common = {w for w, ids in postings.items() if len(ids) > common_cut}
        by_trigram: dict[str, list[str]] = defaultdict(list)
        for word in self.postings:
            if not SLOT_PATTERN.fullmatch(word):
                for gram in _trigrams(word):
                    by_trigram[gram].append(word)
        self.by_trigram = dict(by_trigram)

    def _similar_words(self, word: str) -> list[str]:
        """Known words sharing most trigrams with an unknown (probably misspelt) word."""
        grams = _trigrams(word)
        counts: dict[str, int] = defaultdict(int)
        for gram in grams:
            for known in self.by_trigram.get(gram, ()):
                counts[known] += 1
        needed = TRIGRAM_MIN_SHARED * len(grams)
        return [w for w, n in counts.items() if n >= needed]

    def _accumulate(self, words: Iterable[str], scores: dict[int, float]) -> None:
        for word in words:
            matches = [word] if word in self.postings else self._similar_words(word)
            for known in matches:
                weight = self.weight[known]
                for index in self.postings[known]:
                    scores[index] += weight

    def candidate_ids(self, forms: Sequence[str]) -> Iterable[int]:
        scores: dict[int, float] = defaultdict(float)
        words = {w for form in forms for w in form.split()}
        informative = [w for w in words if w not in self.common]
        self._accumulate(informative, scores)
        if len(scores) < self.limit:
            # Too little to go on (a question of common words and one unseen word):
            # let the common words pick candidates too.
            self._accumulate([w for w in words if w in self.common], scores)
        if len(scores) <= self.limit:
            return scores.keys()
        return sorted(scores, key=scores.__getitem__, reverse=True)[: self.limit]
