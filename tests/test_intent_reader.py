"""The intent reader: phrasings scored, slots and unknown words weighed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.context import Conversation
from bot.engine import Engine
from bot.intent_reader import CLAUSE_BREAK
from bot.validate import load_engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(ROOT)


def best(engine: Engine, question: str, conversation: Conversation | None = None) -> tuple[str, float]:
    understanding = engine.understand(question, conversation)
    _, ranked = engine.intent_reader.read(question, understanding, conversation)
    return ranked[0].intent, ranked[0].score


@pytest.mark.parametrize(("question", "expected"), [
    ("when was eulex launched", "mission.launched"),
    ("what does EUPAT stand for?", "mission.full_name"),
    ("EU troops in Bosnia", "partner.missions"),
    ("which partners contribute to althea", "mission.contributors"),
    ("is serbia required to align with the cfsp", "partner.alignment_duty"),
    # "in" said of the missions, not of the partner: who takes part, not what is there
    ("A kontribuon Shqipëria në misionet e BE-së?", "partner.contributions"),
    ("north macedonia in eu operations", "partner.contributions"),
    ("albania in eu missions", "partner.contributions"),
    ("is kosovo in any eu missions?", "partner.contributions"),
    ("which EU missions are there in Albania?", "partner.missions"),
    # "to" said of the partner: where the EU sent troops, not what the partner sent
    ("did the eu send soldiers to bosnia", "partner.missions"),
    # "from" said of the mission or not: what came after it, or what it followed
    ("who took over from EUPM?", "mission.successor"),
    ("the eu police mission in bosnia took over from whom?", "mission.predecessor"),
    # "supposed to", "designed to" are "meant to": what it was for, not the "follow on to" it
    ("what was Proxima designed to work on?", "mission.mandate"),
    ("What was the EU police mission in Bosnia supposed to focus on?", "mission.mandate"),
    # "turned into" is "became": what a mission became is what followed it
    ("what was Proxima transformed into?", "mission.successor"),
    ("what has EUPM evolved into?", "mission.successor"),
    # "in" before the mission: who was in it, not where it is ("which country is EUTM Mali in?")
    ("which balkan countries were in eutm somalia", "mission.contributors"),
])
def test_questions_read_as_their_intent(engine: Engine, question: str, expected: str) -> None:
    assert best(engine, question)[0] == expected


@pytest.mark.parametrize(("question", "expected"), [
    ("EUPAT replaced which mission?", "mission.predecessor"),
    ("Proxima succeeded which operation?", "mission.predecessor"),
    ("which mission was EUPAT succeeded by?", "mission.successor"),
    ("what replaced EUPAT?", "mission.successor"),
])
def test_a_word_of_succession_after_the_mission_asks_what_it_followed(engine: Engine, question: str,
                                                                       expected: str) -> None:
    # "what replaced {mission}" is not "{mission} replaced what?": the phrasing reads weaker
    reply = engine.answer(question)
    assert reply.intent == expected, reply.text


def test_a_word_of_succession_after_a_person_is_about_his_post(engine: Engine) -> None:
    # "before Fronda" asks who commanded before him, not what came before EUFOR
    reply = engine.answer("althea commander before Fronda")
    assert reply.text.startswith("Before Fronda"), reply.text


def test_a_missing_slot_weakens_an_intent(engine: Engine) -> None:
    _, named = best(engine, "when was eulex launched")
    _, unnamed = best(engine, "when was the mission launched")
    assert unnamed < named


def test_small_talk_with_an_unknown_word_is_not_small_talk(engine: Engine) -> None:
    intent, score = best(engine, "how do vaccines work?")
    assert not (engine.kb.intents[intent].smalltalk and score >= 0.5)


def test_a_clause_is_read_alone_with_the_entity_lent(engine: Engine) -> None:
    intent, _ = best(engine, "my cousin keeps talking about eulex in pristina, when did it start exactly?")
    assert intent == "mission.launched"


def test_a_clause_may_begin_with_a_preposition(engine: Engine) -> None:
    intent, _ = best(engine, "Sorry to bother you, I am writing a report. On which day did EUPAT end?")
    assert intent == "mission.ended"


def test_a_spaced_dash_parts_clauses(engine: Engine) -> None:
    reply = engine.answer("writing a piece for our newsletter - who is the EU Special Representative in BiH right now?")
    assert reply.intent == "mission.head" and "Soreca" in reply.text, reply.text
    # Not a dash inside a name.
    assert best(engine, "who is the EU envoy for the Belgrade-Pristina dialogue?")[0] == \
        best(engine, "who is the EU envoy for the Belgrade Pristina dialogue?")[0]


def test_the_point_of_a_date_parts_no_clauses(engine: Engine) -> None:
    # "9. oktobra 2019." is a date: "Ko je 9" is no clause ("who is ...?", asked of the bot)
    dated = "Ko je 9. oktobra 2019. potpisao sporazum?"
    assert CLAUSE_BREAK.split(dated) == [dated]
    assert CLAUSE_BREAK.split("my cousin says so. is it?") == ["my cousin says so", "is it?"]
    reply = engine.answer("Ko je 9. oktobra 2019. potpisao aranžmane o sprovođenju sa Albanijom i Makedonijom?")
    assert reply.kind == "answer" and "Avramopoulos" in reply.text, reply.text


def test_a_clause_read_alone_reads_the_facts_of_what_the_whole_names(engine: Engine) -> None:
    # "which council decision?" alone names no mission: it asks of Serbia's agreement.
    reply = engine.answer("Serbia's participation agreement for crisis management - which council decision?")
    assert reply.kind == "answer" and "2011/361/CFSP" in reply.text, reply.text


def test_a_partner_where_the_mission_does_not_work_is_no_place_of_it(engine: Engine) -> None:
    # Montenegro is a contributor to EUTM Mali, not its place: not "since when has EULEX been in Kosovo".
    assert best(engine, "Since when have Montenegrin soldiers been in EUTM Mali?")[0] == \
        "partner.contributes_to_mission"
    assert best(engine, "since when has eulex been in kosovo")[0] == "mission.launched"


def test_the_facts_are_read_in_the_whole_question_when_a_clause_is_read_alone(engine: Engine) -> None:
    # The clause "until when did ..." reads the intents; its year is in the clause before it.
    reply = engine.answer("Back in November 2024, until when did the UN authorise the EU force in Bosnia?")
    assert reply.kind == "answer" and "2 November 2025" in reply.text, reply.text


def test_a_description_names_what_a_reading_lacking_an_entity_asks_for(engine: Engine) -> None:
    # Read literally, some partner's Chapter 31 (which partner?); its description names the chapter.
    reply = engine.answer("Which accession chapter covers foreign, security and defence policy?", Conversation())
    assert reply.kind == "answer" and "Chapter 31" in reply.text, reply.text
    # A description the literal reading answers stays with it: the first EU military operation.
    assert engine.answer("What was the first EU military operation?", Conversation()).intent == \
        "missions.first_military"


def test_a_partner_named_by_its_capital_is_asked_about(engine: Engine) -> None:
    reply = engine.answer("When did Belgrade hand in its application to join the Union?", Conversation())
    assert reply.intent == "partner.applied" and "Serbia applied" in reply.text, reply.text
    reply = engine.answer("Kada je Podgorica potpisala sporazum o učešću?", Conversation())
    assert "Montenegro" in reply.text, reply.text
    # Beside a mission's name, the capitals are part of it, not partners asked about.
    reply = engine.answer("Who is the EU's envoy for the dialogue between Belgrade and Pristina?", Conversation())
    about = (*reply.entities, *((reply.fact.entity,) if reply.fact else ()))
    assert reply.kind == "answer" and "eusr_dialogue" in about, reply.text


def test_what_was_that_after_a_name_asks_what_it_is(engine: Engine) -> None:
    # "what was that?" read alone, naming nothing, had met a phrasing "CFSP alignment, what's
    # that?" better than the whole question; "that" is what the other clause names
    reply = engine.answer("I came across EUPM in an old paper, what was that?")
    assert (reply.intent, reply.entities) == ("mission.overview", ("eupm",)), reply.text
    reply = engine.answer("I came across the ESDP in an old paper, what was that?")
    assert (reply.intent, reply.entities) == ("topic.overview", ("esdp",)), reply.text
