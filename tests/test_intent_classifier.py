"""The intent classifier: a second opinion on the matcher's readings, never a reader alone."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from bot import intent_classifier, intent_reader
from bot.context import Conversation
from bot.engine import Engine
from bot.intent_classifier import IntentClassifier, train
from bot.match import Candidate
from bot.reply import OUT_OF_SCOPE
from bot.validate import load_engine

ROOT = Path(__file__).resolve().parent.parent

# A tiny base: each intent's phrasings, already canonical words.
TINY = [
    (["when", "did", "{mission}", "start"], "mission.launched"),
    (["when", "was", "{mission}", "launch"], "mission.launched"),
    (["start", "date", "of", "{mission}"], "mission.launched"),
    (["who", "lead", "{mission}"], "mission.head"),
    (["who", "is", "the", "head", "of", "{mission}"], "mission.head"),
    (["{mission}", "command"], "mission.head"),
    (["how", "much", "doe", "{mission}", "cost"], "mission.budget"),
    (["{mission}", "budget"], "mission.budget"),
    (["annual", "budget", "of", "{mission}"], "mission.budget"),
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(ROOT)


def favourite(classifier: IntentClassifier, words: list[str]) -> tuple[str, float]:
    probabilities = classifier.probabilities(words, classifier.intents)
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return classifier.intents[best], probabilities[best]


@pytest.mark.parametrize(("words", "expected"), [
    (["{mission}", "start", "date"], "mission.launched"),  # words of two phrasings, put together anew
    (["who", "command", "{mission}"], "mission.head"),
    (["how", "much", "is", "the", "{mission}", "budget"], "mission.budget"),
])
def test_a_question_worded_like_the_phrasings_gets_their_intent(words: list[str], expected: str) -> None:
    classifier = IntentClassifier(TINY)
    intent, probability = favourite(classifier, words)
    assert intent == expected
    assert probability > 0.5


def test_words_the_model_never_saw_make_no_intent_likely() -> None:
    classifier = IntentClassifier(TINY)
    assert classifier.probabilities(["weather", "tomorrow"], classifier.intents) == [0.0, 0.0, 0.0]
    assert classifier.probabilities(["budget"], ["mission.unknown"]) == [0.0]


def test_probabilities_are_over_the_intents_asked_about() -> None:
    classifier = IntentClassifier(TINY)
    both = classifier.probabilities(["{mission}", "budget"], ["mission.budget", "mission.head"])
    assert sum(both) == pytest.approx(1.0)
    assert both[0] > both[1]
    assert classifier.probabilities(["{mission}", "budget"], ["mission.head"]) == [pytest.approx(1.0)]


def test_training_is_deterministic(engine: Engine) -> None:
    reader = engine.intent_reader
    examples = [(reader._features(p.text), p.intent) for p in reader.phrasings]
    first, second = train(examples), train(examples)
    assert first is not None and second is not None
    assert first.rows == second.rows


def test_one_phrasing_more_barely_moves_the_others(engine: Engine) -> None:
    """An editor adding "see you around" to the goodbyes must not shift what the model makes
    of the rest: training visits the phrasings in an order one more leaves as it was. (With
    a shuffled order, 7 phrasings changed their likeliest intent and the mean change was 0.025.)"""
    reader = engine.intent_reader
    examples = [(reader._features(p.text), p.intent) for p in reader.phrasings]
    before, after = train(examples), train([*examples, (reader._features("see you around"), "smalltalk.bye")])
    assert before is not None and after is not None
    intents = list(before.intents)
    moved, changed = 0.0, 0
    for words, _ in examples:
        old, new = before.probabilities(words, intents), after.probabilities(words, intents)
        moved += sum(abs(x - y) for x, y in zip(old, new, strict=True)) / len(examples)
        changed += old.index(max(old)) != new.index(max(new))
    assert changed == 0 and moved < 0.005, (changed, moved)


def test_no_classifier_for_a_base_with_too_many_intents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intent_classifier, "MAX_INTENTS", 2)
    assert train(TINY) is None
    assert train([]) is None


def test_the_engine_cache_keeps_the_model(engine: Engine) -> None:
    classifier = engine.intent_reader.classifier
    assert classifier is not None
    copy = pickle.loads(pickle.dumps(classifier))
    words = engine.intent_reader._features("when did {mission} start")
    assert copy.probabilities(words, copy.intents) == classifier.probabilities(words, classifier.intents)


@pytest.mark.parametrize(("question", "expected"), [
    ("when was eulex launched", "mission.launched"),
    ("who commands eufor althea", "mission.head"),
    ("how much does eulex cost", "mission.budget"),
])
def test_the_real_model_reads_plain_questions(engine: Engine, question: str, expected: str) -> None:
    reader = engine.intent_reader
    assert reader.classifier is not None
    words = reader._features(engine.understand(question).forms[0])
    assert favourite(reader.classifier, words)[0] == expected


def test_close_readings_are_reordered_by_the_likelier_intent(engine: Engine) -> None:
    reader = engine.intent_reader
    forms = engine.understand("how much does eulex cost").forms
    close = [Candidate("mission.head", 0.70, ""), Candidate("mission.budget", 0.69, "")]
    weighed = reader._second_opinion(forms, close)
    assert [c.intent for c in weighed] == ["mission.budget", "mission.head"]
    assert weighed[0].score == 0.69  # the likeliest loses nothing
    assert 0.70 - intent_reader.CLASSIFIER_SHARE <= weighed[1].score < 0.69


def test_a_clear_best_reading_keeps_its_score(engine: Engine) -> None:
    reader = engine.intent_reader
    forms = engine.understand("how much does eulex cost").forms
    clear = [Candidate("mission.head", 0.85, ""), Candidate("mission.budget", 0.70, "")]
    assert reader._second_opinion(forms, clear) == clear
    close = [Candidate("mission.budget", 0.75, ""), Candidate("mission.head", 0.74, "")]
    weighed = reader._second_opinion(forms, close)
    assert weighed[0] == close[0]  # still the best: as sure as the matcher was
    assert weighed[1].score < 0.74


@pytest.mark.parametrize("question", [
    "when was eulex launched",
    "what does the eu do in bosnia",
    "what is the weather in paris tomorrow",
    "best pizza recipe",
    "how do vaccines work",
    "who won the world cup",
    "when did the first nasa mission launch",
])
def test_the_second_opinion_never_raises_a_reading(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                   question: str) -> None:
    reader = engine.intent_reader
    understanding = engine.understand(question)
    with_it = {c.intent: c.score for c in reader.rank(understanding, None)}
    monkeypatch.setattr(reader, "classifier", None)
    without = {c.intent: c.score for c in reader.rank(understanding, None)}
    assert with_it.keys() == without.keys()
    assert all(with_it[i] <= without[i] for i in without)


@pytest.mark.parametrize("question", [
    "what is the weather in paris tomorrow",
    "best pizza recipe",
    "who won the world cup",
    "how do vaccines work?",
])
def test_an_unrelated_question_stays_out_of_scope(engine: Engine, question: str) -> None:
    assert engine.answer(question, Conversation()).kind == OUT_OF_SCOPE
