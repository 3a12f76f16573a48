"""A second opinion on intents: a TF-IDF linear classifier trained on the phrasings.

The matcher (bot.match) compares a question with the phrasings one by one and keeps the
best; this model weighs each word of it against every intent at once: multinomial
logistic regression over the TF-IDF vector of the question's words, trained on all the
phrasings. The two make different mistakes, so the intent reader lets the classifier
weigh in on the matcher's best readings (bot.intent_reader, CLASSIFIER_SHARE).

The words are the matcher's canonical words (Snowball stems, a misspelt word mapped to
the known word closest to it), so a typo reaches its word here as it does there.
Character n-grams (3-5) of the words were tried and left out: the model alone read 72.8%
of tests/eval's single questions right with them as nearest-centroid weights, 83.7% as
logistic regression (3.9 s to train), and 86.6% on the canonical words alone (0.6 s);
blended, the n-gram centroid model lost 3 points of tests/eval.

Pure Python, no scikit-learn (its per-call overhead was 3 ms a question) and no numpy:
a question has a handful of words, so its scores are a handful of sums of a few weights
of each word. Training is two passes of stochastic gradient descent in an order hashed
from each phrasing's words, so the same phrasings always give the same weights and one
phrasing more leaves the others' order, and nearly their readings, as they were; the
model is built with the engine and pickled with it (bot.cache).
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import itemgetter

# Passes over the phrasings, and the step size of the first (the n-th's is RATE / n).
# Alone on tests/eval's single questions, 2 x 4.0 read 87.7% right (0.2 s to train the
# real base), 5 x 2.0 86.4% (0.5 s), 10 x 4.0 87.9% (0.9 s); blended, all gave the same
# answers on tests/eval and tests/facts/dev, so the cheapest keeps the cold start short.
EPOCHS = 2
RATE = 4.0
# The phrasings are visited in an order hashed with this seed: training is deterministic.
SEED = 3
# An intent this unlikely for a phrasing moves no weight in training (it would move it
# by less than this): after the first pass, most intents. A quarter off training's time.
NEGLIGIBLE = 1e-3
# A weight row per word for every intent grows with the number of intents, and so does
# training: above this many intents the classifier is not built and the matcher reads
# alone (the synthetic bases of 10,000 and 100,000 phrasings have 1,000 and 10,000
# intents; the real base has some 70).
MAX_INTENTS = 500


class IntentClassifier:
    """Intent probabilities for a question's words, from a model of the phrasings."""

    def __init__(self, examples: Iterable[tuple[Sequence[str], str]]) -> None:
        """Train on (words of a phrasing, intent) pairs."""
        data: list[tuple[Counter[str], int]] = []
        self.label: dict[str, int] = {}  # intent -> its column in the weight rows
        for words, intent in examples:
            data.append((Counter(words), self.label.setdefault(intent, len(self.label))))
        # Inverse document frequency over the phrasings (smoothed, as scikit-learn's).
        document_frequency: Counter[str] = Counter()
        for counts, _ in data:
            document_frequency.update(counts.keys())
        total = len(data)
        self.idf = {w: math.log((1 + total) / (1 + df)) + 1 for w, df in sorted(document_frequency.items())}
        vectors = [(self._vector(counts), label) for counts, label in data]
        weights = _train(vectors, len(self.label), sorted(self.idf))
        # Each word's weights times its idf: a question's scores are then the sums of its
        # words' rows (a word said twice, twice) over the norm of its TF-IDF vector.
        self.rows = {w: array("d", (self.idf[w] * x for x in row)) for w, row in weights.items()}

    def _vector(self, counts: Counter[str]) -> list[tuple[str, float]]:
        """The unit TF-IDF vector of counted words (words unknown to the model dropped)."""
        weighted = [(w, c * self.idf[w]) for w, c in counts.items() if w in self.idf]
        norm = math.sqrt(sum(v * v for _, v in weighted)) or 1.0
        return [(w, v / norm) for w, v in weighted]

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(self.label)

    def probabilities(self, words: Sequence[str], intents: Sequence[str]) -> list[float]:
        """The probability of each of these intents for a question's canonical words,
        given that it is one of them: a softmax over these intents only (the intent reader
        asks about the matcher's few best readings, and a few columns cost less than all).
        0 for an intent the model does not know; all 0 when it knows none of the words."""
        rows, label = self.rows, self.label
        known = [w for w in words if w in rows]
        columns = [label[i] for i in intents if i in label]
        if not known or not columns:
            return [0.0] * len(intents)
        idf = self.idf
        if len(set(known)) == len(known):
            norm = math.sqrt(sum(idf[w] ** 2 for w in known))
        else:  # a word said twice counts twice
            norm = math.sqrt(sum((c * idf[w]) ** 2 for w, c in Counter(known).items()))
        pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
        scores = list(map(sum, zip(*map(pick, map(rows.__getitem__, known)), strict=True)))
        top = max(scores)
        exps = [math.exp((s - top) / norm) for s in scores]
        total = sum(exps)
        if len(exps) == len(intents):
            return [e / total for e in exps]
        ordered = iter(exps)
        return [next(ordered) / total if i in label else 0.0 for i in intents]


def _train(vectors: Sequence[tuple[list[tuple[str, float]], int]], classes: int,
           features: Sequence[str]) -> dict[str, list[float]]:
    """Multinomial logistic regression by stochastic gradient descent: a row of weights
    (one per intent) for each word."""
    rows = {f: [0.0] * classes for f in features}
    for epoch in range(EPOCHS):
        order = sorted(range(len(vectors)), key=lambda k: _place(vectors[k], epoch))
        rate = RATE / (epoch + 1)
        for k in order:
            vector, label = vectors[k]
            scores = [0.0] * classes
            for word, value in vector:
                scores = [s + value * w for s, w in zip(scores, rows[word], strict=True)]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            # The gradient: the softmax minus the one-hot label, negligible intents left out.
            cut = total * NEGLIGIBLE
            gradient = [(c, e / total) for c, e in enumerate(exps) if e > cut and c != label]
            gradient.append((label, exps[label] / total - 1.0))
            for word, value in vector:
                row, step = rows[word], rate * value
                for c, g in gradient:
                    row[c] -= step * g
    return rows


def _place(vector: tuple[list[tuple[str, float]], int], epoch: int) -> int:
    """Where a phrasing comes in a pass: a hash of its words, so that the order looks
    shuffled and yet one phrasing more or less leaves the others' order as it was (a
    shuffled list's order changes whole, and knife-edge questions flipped with it)."""
    words, label = vector
    return zlib.crc32(f"{SEED}|{epoch}|{label}|{' '.join(w for w, _ in words)}".encode())


def train(examples: Sequence[tuple[Sequence[str], str]]) -> IntentClassifier | None:
    """The classifier of these phrasings, or None when there are none or too many intents."""
    if not examples or len({intent for _, intent in examples}) > MAX_INTENTS:
        return None
    return IntentClassifier(examples)
