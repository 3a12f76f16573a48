"""The word lists of knowledge/language.yaml: loaded as `kb.language`, checked with their
place, and used by the scorer and the entity finder instead of lists in code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kbfactory import LOCATED

from bot.config import PROJECT_ROOT
from bot.entities import EntityRecognizer, Glossary
from bot.knowledge import LANGUAGE_LISTS, Entity
from bot.loader import load
from bot.score import PADDING_WEIGHT, UNKNOWN_WEIGHT, WordWeights
from bot.validate import check

LANGUAGE_FILE = PROJECT_ROOT / "knowledge" / "language.yaml"




def problems_after(root: Path, language_yaml: str, *, extra: str | None = None) -> list[str]:
    (root / "knowledge" / "language.yaml").write_text(language_yaml, encoding="utf-8")
    if extra is not None:
        (root / "knowledge" / "more_language.yaml").write_text(extra, encoding="utf-8")
    _, problems = check(root)
    lines = [str(p) for p in problems]
    assert all(LOCATED.match(line) for line in lines), lines
    return lines


def real_language_with(old: str, new: str) -> str:
    text = LANGUAGE_FILE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_the_real_lists_are_loaded_as_sets_of_words() -> None:
    result = load(PROJECT_ROOT)
    assert result.problems == [] and result.kb is not None
    language = result.kb.language
    for name in LANGUAGE_LISTS:
        assert getattr(language, name), f"{name} is empty"
    assert {"a", "i", "dhe", "edhe", "and"} <= language.follow_up_filler  # "and" in four languages
    assert {"in", "u", "na", "ne", "vo"} <= language.location_words
    assert "it" in language.pronouns and "please" in language.padding
    assert language.kinds >= {"mission", "missions"} and language.mission_nouns == {"mission", "operation"}


def test_words_are_normalised_like_questions(root: Path) -> None:
    text = real_language_with("pronouns: [it,", "pronouns: [Ono, ОНА, Ajo, it,")
    (root / "knowledge" / "language.yaml").write_text(text, encoding="utf-8")
    result = load(root)
    assert result.problems == [] and result.kb is not None
    assert {"ono", "ona", "ajo"} <= result.kb.language.pronouns


def test_an_unknown_list_is_named_with_its_place_and_a_hint(root: Path) -> None:
    text = real_language_with("  pronouns: [", "  pronoun: [")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  pronoun: ["))
    lines = problems_after(root, text)
    assert f"knowledge/language.yaml:{line}:3: unknown word list 'pronoun' in 'language' " \
           "(did you mean 'pronouns'?)" in lines
    assert any(re.match(r"knowledge/language\.yaml:\d+:3: the 'language' section is missing the word "
                        r"list\(s\) pronouns$", row) for row in lines), lines


def test_a_word_that_is_not_text_or_not_one_word_is_refused(root: Path) -> None:
    text = real_language_with("demonstratives: [this, that, same]", "demonstratives: [this, yes, 42, the same]")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "demonstratives:" in row)
    column = text.splitlines()[line - 1].index("yes") + 1
    lines = problems_after(root, text)
    assert f"knowledge/language.yaml:{line}:{column}: item 2 of word list 'demonstratives' must be a word, " \
           "not True (put it in quotes)" in lines
    assert any(f"knowledge/language.yaml:{line}:" in row and "item 3 of word list 'demonstratives' must be a word"
               in row for row in lines), lines
    assert any(f"knowledge/language.yaml:{line}:" in row and "item 4 of word list 'demonstratives' must be one word"
               in row for row in lines), lines


def test_a_list_defined_in_two_files_is_refused(root: Path) -> None:
    lines = problems_after(root, LANGUAGE_FILE.read_text(encoding="utf-8"),
                           extra="language:\n  pronouns: [ono]\n")
    assert any(row.startswith("knowledge/more_language.yaml:2:3: word list 'pronouns' is defined twice "
                              "(first at knowledge/language.yaml:") for row in lines), lines


def test_a_list_that_is_not_a_list_is_refused(root: Path) -> None:
    lines = problems_after(root, real_language_with("pronouns: [it,", "pronouns: it\n  unused: [it,"))
    assert any("word list 'pronouns' must be a list of words" in row for row in lines), lines


def test_a_base_without_word_lists_is_refused(root: Path) -> None:
    (root / "knowledge" / "language.yaml").unlink()
    _, problems = check(root)
    assert [str(p) for p in problems] == [
        "knowledge:1:1: no 'language' section found in knowledge/ (the word lists of knowledge/language.yaml)"]


# -- the lists at work -----------------------------------------------------------------------
PHRASINGS = [("when was {mission} launched", "mission.launched"), ("who leads {mission}", "mission.head")]


@pytest.mark.parametrize(("padding", "weight"), [(frozenset({"hey"}), PADDING_WEIGHT),
                                                  (frozenset(), UNKNOWN_WEIGHT)])
def test_padding_weighs_what_the_list_says(padding: frozenset[str], weight: float) -> None:
    weights = WordWeights(PHRASINGS, padding=padding)
    assert weights.of(weights.canonical("hey")) == weight
    assert weights.is_unknown("hey") is not bool(padding)


EULEX = Entity("eulex", "mission", "EULEX", ("eulex",), "src", {}, {})


@pytest.mark.parametrize(("nouns", "question", "span"), [
    (frozenset({"mission", "operation"}), "when did the eulex mission start", (3, 5)),
    (frozenset({"mission", "operation"}), "when did operation eulex start", (2, 4)),
    (frozenset({"misija"}), "kada je misija eulex", (2, 4)),
    (frozenset({"misija"}), "when did the eulex mission start", (3, 4)),
])
def test_mission_nouns_join_the_name_as_the_list_says(nouns: frozenset[str], question: str,
                                                      span: tuple[int, int]) -> None:
    recognizer = EntityRecognizer([EULEX], Glossary([]), mission_nouns=nouns)
    [mention] = recognizer.find(question.split())
    assert (mention.entity_id, mention.start, mention.end) == ("eulex", *span)


def test_the_grammar_words_of_the_regions_languages_weigh_as_padding() -> None:
    # "të", "një", "që", "ги" say nothing of what is asked: no unknown words to penalise
    kb = load(PROJECT_ROOT).kb
    assert kb is not None
    padding = kb.language.padding
    weights = WordWeights([("which missions has {partner} joined", "x")], padding=padding)
    for word in ("te", "nje", "qe", "dhe", "gi", "vo"):
        assert not weights.is_unknown(word) and weights.of(word) == PADDING_WEIGHT, word
