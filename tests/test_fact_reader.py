"""The fact reader: questions answered from the fact records themselves, and declined
when no fact of what they name answers them. Questions written from the knowledge texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.engine import Engine
from bot.fact_reader import FactReader, FactReading
from bot.knowledge import FactRef, KnowledgeBase
from bot.loader import load
from bot.normalize import normalize
from bot.validate import check

ANSWER = 0.5


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    result = load(PROJECT_ROOT)
    assert result.kb is not None and not result.problems
    return result.kb


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase, engine: Engine) -> FactReader:
    return FactReader(kb, engine.glossary, engine.recognizer)


def read(engine: Engine, reader: FactReader, question: str) -> list[FactReading]:
    words = engine.glossary.apply(normalize(question).split())
    return reader.read(words, engine.recognizer.find(words))


def text_of(kb: KnowledgeBase, reading: FactReading) -> str:
    records = kb.entities[reading.ref.entity].facts[reading.ref.fact]
    return " ".join(records[i].text for i in reading.ref.records)


@pytest.mark.parametrize(("question", "entity", "fact", "says"), [
    ("which NATO operation did Concordia take over from?", "concordia", "predecessor", "Allied Harmony"),
    ("how many police agencies did EUPM coordinate?", "eupm", "mandate", "15 police agencies"),
    ("which countries sent EUFOR reserve companies in 2022?", "althea", "reserves", "Austria, Bulgaria"),
    ("who was the operation commander of concordia", "concordia", "head", "Rainer Feist"),
    ("where were the eupm headquarters", "eupm", "headquarters", "Sarajevo"),
    ("what did proxima cost in its first year", "proxima", "budget", "€15 million"),
    ("which joint action created eupat", "eupat", "legal_basis", "2005/826/CFSP"),
    ("when did albania apply for eu membership", "albania", "applied", "2009"),
    ("how much did the first european peace facility measure for albania give", "albania", "epf", "€13 million"),
    ("how many polish police officers are in the eulex formed police unit", "eulex", "formed_police_unit",
     "105 Polish"),
    ("wich nato operaton did concordia replace", "concordia", "predecessor", "Allied Harmony"),  # typos
    ("kada je počela misija EUPM", "eupm", "launched", "January 2003"),  # Serbian
    ("Na kojem italijanskom brodu su služili crnogorski mornari 2010. godine?", "montenegro", "navy", "Libeccio"),
    ("what was serbia's alignment in the first half of 2024 according to isac", "serbia", "isac_figures", "47%"),
    ("until what date did the ECMM operate?", "ecmm", "ended", "31 December 2007"),  # not its renaming "until" 2000
])
def test_a_sourced_detail_is_answered_from_its_fact(kb: KnowledgeBase, engine: Engine, reader: FactReader,
                                                    question: str, entity: str, fact: str, says: str) -> None:
    best = read(engine, reader, question)[0]
    assert (best.ref.entity, best.ref.fact) == (entity, fact)
    assert best.score >= ANSWER
    assert says in text_of(kb, best)


def test_records_of_a_small_fact_come_together_best_first(kb: KnowledgeBase, engine: Engine,
                                                          reader: FactReader) -> None:
    best = read(engine, reader, "how many troops took part in operation concordia")[0]
    assert (best.ref.entity, best.ref.fact) == ("concordia", "size")
    figures = kb.entities["concordia"].facts["size"]
    assert len(figures) >= 2 and sorted(best.ref.records) == list(range(len(figures)))  # every figure given
    assert len(set(best.ref.records)) == len(best.ref.records)


@pytest.mark.parametrize("question", [
    "when did EUPM start", "who was the operation commander of EUPM", "what was the EUPM budget",
    "how many troops did EUPM have", "which NATO operation did EUPM take over from",
])
def test_a_question_naming_eupm_never_gets_a_concordia_fact(engine: Engine, reader: FactReader,
                                                           question: str) -> None:
    readings = read(engine, reader, question)
    assert all(r.ref.entity != "concordia" for r in readings)
    assert all(r.ref.entity == "eupm" for r in readings if r.score >= ANSWER)


@pytest.mark.parametrize("question", [
    "who was the head of EUPAT",  # EUPAT has no sourced head
    "what was the budget of EUPM",  # nor EUPM a budget
    "who led EUPM",
])
def test_an_entity_without_the_fact_is_declined_not_answered_from_another(
        engine: Engine, reader: FactReader, question: str) -> None:
    readings = read(engine, reader, question)
    assert not readings or readings[0].score < ANSWER


@pytest.mark.parametrize("question", [
    "how is the weather in Skopje",
    "what is the capital of france",
    "who won the world cup in 2018",
    "how do vaccines work",
    "what year did the berlin wall fall",
    "best restaurants in sarajevo",
    "tell me about EUBAM Rafah",
])
def test_other_subjects_score_below_the_answer_threshold(engine: Engine, reader: FactReader,
                                                         question: str) -> None:
    readings = read(engine, reader, question)
    assert not readings or readings[0].score < ANSWER


@pytest.mark.parametrize("question", [
    "when did EUFOR Libya end",  # EUFOR is Althea here; the one in Libya is not in the base
    "what was the mandate of EUPOL Iraq",
    "who heads the EU monitoring mission in Georgia",
])
def test_a_mission_name_the_base_does_not_know_is_not_answered_from_a_namesake(
        engine: Engine, reader: FactReader, question: str) -> None:
    readings = read(engine, reader, question)
    assert not readings or readings[0].score < ANSWER


def test_an_inflected_place_after_a_mission_is_not_taken_for_an_unknown_mission(
        kb: KnowledgeBase, engine: Engine, reader: FactReader) -> None:
    best = read(engine, reader, "how many advisors did EUPAT have in Skoplju")[0]
    assert (best.ref.entity, best.ref.fact) == ("eupat", "size")
    assert best.score >= ANSWER


def test_scores_are_between_zero_and_one_and_best_first(engine: Engine, reader: FactReader) -> None:
    readings = read(engine, reader, "when was eulex launched")
    assert len(readings) == 3
    scores = [r.score for r in readings]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert len({(r.ref.entity, r.ref.fact) for r in readings}) == 3


def test_empty_and_odd_questions_do_not_fail(engine: Engine, reader: FactReader) -> None:
    assert read(engine, reader, "") == [] or read(engine, reader, "")[0].score < ANSWER
    for question in ("?!", "zzzzzzzz qqqqqq", "2003", "eulex " * 300):
        for reading in read(engine, reader, question):
            assert 0.0 <= reading.score <= 1.0
    words = engine.glossary.apply(normalize("when did eulex start").split())
    assert reader.read(words, engine.recognizer.find(words), limit=0) == []
    assert len(reader.read(words, engine.recognizer.find(words), limit=1)) == 1


@pytest.mark.parametrize("question", ["2012", "what percentage?", "signed?"])
def test_a_question_naming_nothing_with_one_word_to_weigh_gets_no_fact(engine: Engine, reader: FactReader,
                                                                       question: str) -> None:
    assert read(engine, reader, question) == []
    assert not engine.answer(question).matched  # never a guessed fact


def test_fact_words_are_data_and_a_fact_word_finds_its_fact(kb: KnowledgeBase) -> None:
    assert "troops" in kb.fact_words["size"]
    assert "commander" in kb.fact_words["head"]


# -- fact_words in the YAML: validated like the rest ---------------------------------------


def problems(root: Path) -> list[str]:
    return [str(p) for p in check(root)[1]]


def test_fact_words_for_an_unknown_fact_or_defined_twice_are_reported_with_their_place(root: Path) -> None:
    (root / "knowledge" / "more_words.yaml").write_text(
        "fact_words:\n  budgett: [money]\n  size: [troops]\n", encoding="utf-8")
    assert problems(root) == [
        "knowledge/more_words.yaml:2:3: fact_words: no entity has a fact named 'budgett' (did you mean 'budget'?)",
        "knowledge/more_words.yaml:3:3: fact_words for 'size' are defined twice (first at "
        "knowledge/fact_words.yaml:17); keep one"]


def test_fact_words_of_the_wrong_shape(root: Path) -> None:
    (root / "knowledge" / "fact_words.yaml").write_text(
        "fact_words:\n  head:\n    - \n  budget: {money: 1}\n  size: []\n", encoding="utf-8")
    (root / "knowledge" / "more_words.yaml").write_text("fact_words:\n  size: [troops]\n", encoding="utf-8")
    found = problems(root)
    assert any(p.startswith("knowledge/fact_words.yaml:3:6: item 1 of 'head'") for p in found), found
    assert any(p.startswith("knowledge/fact_words.yaml:4:11: 'budget' of fact_words 'budget' must be a list")
               for p in found), found
    assert "knowledge/fact_words.yaml:5:9: fact_words 'size' must be a non-empty list of words" in found, found
    assert len(found) == 3, found  # size in more_words.yaml is its first good definition


def test_fact_words_section_must_be_a_mapping(root: Path) -> None:
    (root / "knowledge" / "more_words.yaml").write_text("fact_words:\n  - size\n", encoding="utf-8")
    assert problems(root) == [
        "knowledge/more_words.yaml:2:3: 'fact_words' must be a block of 'fact name: [words]' entries"]


def test_a_person_named_beside_a_topic_is_read_with_the_office_he_held() -> None:
    from bot.validate import load_engine
    engine = load_engine(Path(__file__).resolve().parent.parent)
    # "EUSR" names the topic of all EU Special Representatives; Sattler, BiH's EUSR, the record.
    reply = engine.answer("Johann Sattler, when was he first appointed EUSR?")
    assert reply.kind == "answer" and "8 August 2019" in reply.text, reply.text


def test_which_entities_a_fact_names(reader: FactReader) -> None:
    # Serbia's records of its missions name EUTM Somalia, not EUTM Mali; with no records
    # given, all of the fact's are read.
    assert reader.names_each(FactRef("serbia", "contributions", ()), ["serbia", "eutm_somalia"])
    assert not reader.names_each(FactRef("serbia", "contributions", ()), ["eutm_mali"])


@pytest.mark.parametrize(("word", "read"), [
    ("apart", "apart"), ("allocated", "alloc"),  # letters before a word make another word, no typo
    ("comander", "command"), ("batalionin", "battalion"),  # misspelt or inflected: the word
])
def test_a_word_is_misspelt_only_for_one_it_is_all_but(reader: FactReader, word: str, read: str) -> None:
    assert reader._canonical(word) == read
