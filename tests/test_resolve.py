"""resolve: a question read against the conversation it continues."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import resolve
from bot.context import Conversation
from bot.engine import Engine
from bot.fact_reader import FactReading
from bot.knowledge import FactRef
from bot.validate import load_engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(ROOT)


def after(engine: Engine, *questions: str) -> Conversation:
    conversation = Conversation()
    for question in questions:
        engine.answer(question, conversation)
    return conversation


def test_and_x_is_a_new_entity_and_nothing_else(engine: Engine) -> None:
    for text, named in (("and althea?", "althea"), ("a Crna Gora?", "montenegro"), ("althea budget", None),
                        # a place word and a year may come with it: "and Albania's in 2024?"
                        ("po Shqipërisë në 2024?", "albania"), ("and Albania in 2024?", "albania"),
                        ("Albania budget 2024", None),
                        # "for": "a za Crnu Goru?", "dhe për Shqipërinë?"
                        ("а за Црну Гору?", "montenegro"), ("dhe për Shqipërinë?", "albania"),
                        ("Po Mali i Zi, sa mori?", "montenegro")):  # "and Montenegro, how much did it get?"
        understanding = engine.understand(text)
        new = resolve.only_a_new_entity(understanding.words, understanding.mentions, engine.kb.language)
        assert (new.entity_id if new else None) == named, text


@pytest.mark.parametrize(("follow_up", "partner"), [("and from Serbia?", "serbia"), ("a iz Srbije?", "serbia"),
                                                    ("а од Северна Македонија?", "north_macedonia"),
                                                    ("po nga Mali i Zi?", "montenegro")])
def test_and_from_x_after_who_sent_troops_asks_it_of_x(engine: Engine, follow_up: str, partner: str) -> None:
    conversation = after(engine, "Does Albania have soldiers in EUFOR Althea?")
    reply = engine.answer(follow_up, conversation)
    assert reply.intent == "partner.contributes_to_mission" and partner in reply.entities, reply.text


def test_and_x_in_a_year_asks_the_last_question_of_x(engine: Engine) -> None:
    conversation = after(engine, "Sa para i dha BE Malit të Zi përmes EPF?")
    reply = engine.answer("po Shqipërisë në 2024?", conversation)
    assert reply.intent == "partner.epf" and "albania" in reply.entities and "€13 million" in reply.text


def test_the_place_of_the_mission_it_names_is_no_partner_asked_about(engine: Engine) -> None:
    conversation = after(engine, "What was EULEX's budget for June 2023 to June 2025?")
    understanding = engine.understand("How much of it was for the mission in Kosovo itself?", conversation)
    assert "kosovo" not in [m.entity_id for m in understanding.mentions]  # a place, not a partner
    reply = engine.answer("How much of it was for the mission in Kosovo itself?", conversation)
    assert reply.kind == "answer" and "58.5" in reply.text


def test_and_the_second_asks_the_last_question_again(engine: Engine) -> None:
    conversation = after(engine, "How much was the first EPF measure for the Armed Forces of BiH?")
    reply = engine.answer("a druga?", conversation)  # "and the second?"
    assert reply.intent == "partner.epf" and "bih" in reply.entities and "Tactical Support Brigade" in reply.text


@pytest.mark.parametrize("follow_up", ["Koje godine?", "which year?", "on what date?"])
def test_which_year_after_a_dated_answer_asks_it_again(engine: Engine, follow_up: str) -> None:
    conversation = after(engine, "Who signed BiH's framework participation agreement?")
    reply = engine.answer(follow_up, conversation)
    assert reply.intent == "partner.fpa" and "15 September 2015" in reply.text


def test_who_signed_naming_the_partner_just_answered_is_said_already(engine: Engine) -> None:
    conversation = after(engine, "When did North Macedonia sign its Security and Defence Partnership with the EU?",
                         "and Albania?")
    reply = engine.answer("who signed for Albania?", conversation)
    assert reply.intent == "partner.defence_partnership" and "Hasani" in reply.text
    # Named by its adjective too ("on the Montenegrin side").
    montenegro = after(engine, "When did Montenegro sign its framework participation agreement with the EU?")
    signed = engine.answer("who signed on the Montenegrin side?", montenegro)
    assert signed.intent == "partner.fpa" and "Pejović" in signed.text
    # Naming another partner, it is that partner's question.
    assert "albania" not in engine.answer("who signed for Serbia?", after(engine, "and Albania?")).entities


def test_a_pronoun_after_an_office_holder_asks_about_the_office(engine: Engine) -> None:
    conversation = after(engine, "who commands eufor althea?")
    assert resolve.office_talked_about(conversation, engine.kb) == ("althea", "head")
    understanding = engine.understand("who did he replace?", conversation)
    readings = resolve.fact_readings_in_context([], understanding, conversation, engine.kb)
    assert readings and (readings[0].ref.entity, readings[0].ref.fact) == ("althea", "head")


def test_before_that_asks_for_the_records_not_given(engine: Engine) -> None:
    records = engine.kb.entities["althea"].facts["head"]
    assert len(records) >= 2
    conversation = Conversation()
    conversation.remember(None, {"mission": "althea"}, 0.0, focus="mission", fact=FactRef("althea", "head", (0,)))
    understanding = engine.understand("and before that?", conversation)
    given = [FactReading(FactRef("althea", "head", (0,)), 0.8)]
    readings = resolve.fact_readings_in_context(given, understanding, conversation, engine.kb)
    assert 0 not in readings[0].ref.records and readings[0].ref.records


def test_a_pronoun_for_the_fact_owner_continues_that_fact_and_its_records(engine: Engine) -> None:
    conversation = Conversation()
    conversation.remember(None, {"mission": "eusr_bih"}, 0.0, focus="mission", fact=FactRef("eusr_bih", "head", (2,)))
    understanding = engine.understand("when was that one appointed?", conversation)
    assert resolve.names_only_the_fact_owner(understanding, FactRef("eusr_bih", "head", (2,)))
    given = [FactReading(FactRef("eusr_bih", "launched", (0,)), 0.66),
             FactReading(FactRef("eusr_bih", "head", (0,)), 0.55)]
    readings = resolve.fact_readings_in_context(given, understanding, conversation, engine.kb)
    assert readings[0].ref == FactRef("eusr_bih", "head", (2,))
    assert readings[0].score == pytest.approx(0.55 + resolve.PRONOUN_SAME_FACT_BONUS)
    # "it" standing for another entity than the fact's is not a continuation of the fact
    conversation.remember(None, {"mission": "althea"}, 0.0, focus="mission", fact=FactRef("eusr_bih", "head", (2,)))
    understanding = engine.understand("when was it launched?", conversation)
    assert not resolve.names_only_the_fact_owner(understanding, FactRef("eusr_bih", "head", (2,)))


def test_a_new_partner_asked_nothing_else_is_asked_the_same_fact(engine: Engine) -> None:
    conversation = Conversation()
    conversation.remember(None, {"partner": "albania"}, 0.0, focus="partner", fact=FactRef("albania", "epf", (0,)))
    for text, named in (("and Montenegro's package?", "montenegro"),
                        ("and when was Bosnia's first one adopted?", "bih"),
                        ("and when did Montenegro open chapter 31?", None),  # asks another fact
                        ("and what about Montenegro's army size?", None),  # words no EPF record uses
                        ("and Albania's?", None)):  # not a new entity
        understanding = engine.understand(text, conversation)
        new = resolve.same_fact_of_new_entity(understanding, conversation, engine.kb)
        assert (new.entity_id if new else None) == named, text


def test_a_word_marking_another_fact_of_the_entity_asks_for_that_fact(engine: Engine) -> None:
    conversation = Conversation()
    conversation.remember("mission.overview", {"mission": "eulex"}, 0.0, focus="mission",
                          fact=FactRef("eulex", "overview", ()))
    for text, same in (("and who commands Althea?", False), ("and when was Althea launched?", False),
                       ("and Althea?", True)):
        understanding = engine.understand(text, conversation)
        althea = next(m for m in understanding.mentions if m.entity_id == "althea")
        assert resolve.asks_only_of(understanding, althea, "overview", engine.kb) is same, text


def test_a_mission_placed_by_in_after_a_partner_fact_asks_for_its_records(engine: Engine) -> None:
    records = engine.kb.entities["serbia"].facts["contributions"]
    conversation = Conversation()
    conversation.remember(None, {"partner": "serbia"}, 0.0, focus="partner",
                          fact=FactRef("serbia", "contributions", ()))
    understanding = engine.understand("since when in EUTM Somalia?", conversation)
    ref = resolve.records_naming(understanding, conversation, engine.kb)
    assert ref is not None and (ref.entity, ref.fact) == ("serbia", "contributions")
    assert ref.records and all("EUTM Somalia" in records[i].text for i in ref.records)
    assert len(ref.records) < len(records)
    for text in ("what is EUTM Somalia?", "when was EUTM Somalia launched in Mogadishu?"):
        assert resolve.records_naming(engine.understand(text, conversation), conversation, engine.kb) is None, text


def test_a_follow_up_naming_nothing_weighs_facts_of_other_entities_less(engine: Engine) -> None:
    conversation = Conversation()
    conversation.remember("partner.eu_status", {"partner": "albania"}, 0.0, focus="partner")
    given = [FactReading(FactRef("ecmm", "launched", (0,)), 0.88),
             FactReading(FactRef("albania", "candidate", (0,)), 0.8)]
    readings = resolve.fact_readings_in_context(given, engine.understand("since when?", conversation),
                                                conversation, engine.kb)
    assert [r.ref.entity for r in readings] == ["albania", "ecmm"]
    assert readings[1].score == pytest.approx(0.88 - resolve.ELSEWHERE_PENALTY)
    # a question with nothing to go on from the conversation reads as it is
    fresh = resolve.fact_readings_in_context(given, engine.understand("since when?", Conversation()),
                                             Conversation(), engine.kb)
    assert fresh == given


def test_before_and_after_that_choose_the_records_dated_earlier_and_later(engine: Engine) -> None:
    records = engine.kb.entities["serbia"].facts["isac_figures"]
    given = next(i for i, r in enumerate(records) if r.as_of == "2022")
    last = FactRef("serbia", "isac_figures", (given,))
    earlier, dated = resolve.other_records(last, {"and", "before", "that"}, engine.kb)
    assert dated and earlier and all((records[i].as_of or "") < "2022" for i in earlier)
    later, dated = resolve.other_records(last, {"and", "after", "that"}, engine.kb)
    assert dated and later and all((records[i].as_of or "") > "2022" for i in later)
    assert [records[i].as_of for i in later] == sorted(records[i].as_of or "" for i in later)  # nearest first
    others, dated = resolve.other_records(last, {"and", "another", "one"}, engine.kb)
    assert not dated and set(others) == set(range(len(records))) - {given}
    # a question naming nothing else, whose own words read as no fact, still gets them
    conversation = Conversation()
    conversation.remember(None, {"partner": "serbia"}, 0.0, focus="partner", fact=last)
    understanding = engine.understand("and two years before that?", conversation)
    readings = resolve.fact_readings_in_context([], understanding, conversation, engine.kb)
    assert readings[0].ref == FactRef("serbia", "isac_figures", earlier)


def test_years_before_or_after_a_dated_answer_ask_that_year(engine: Engine) -> None:
    records = engine.kb.entities["serbia"].facts["isac_figures"]
    given = next(i for i, r in enumerate(records) if r.as_of == "2022")
    conversation = Conversation()
    conversation.remember(None, {"partner": "serbia"}, 0.0, focus="partner",
                          fact=FactRef("serbia", "isac_figures", (given,)))
    for text, year in (("and the year before?", "2021"), ("and two years before that?", "2020"),
                       ("and the year after?", "2023"), ("and before that?", None), ("and in 2019?", None)):
        assert resolve.year_shifted(engine.understand(text).words, conversation, engine.kb) == year, text
    assert "2020" in engine.understand("and two years before that?", conversation).asked.years
    conversation.years = ("2021",)  # the year the last question asked counts first
    assert resolve.year_shifted(engine.understand("and the following year?").words, conversation, engine.kb) == "2022"
    assert resolve.year_shifted(engine.understand("and 3000 years before?").words, conversation, engine.kb) is None
    # with no dated answer before it, no year is asked
    assert resolve.year_shifted(engine.understand("and the year before?").words, Conversation(), engine.kb) is None


def test_the_year_before_a_figure_the_sources_lack_is_declined(engine: Engine) -> None:
    conversation = after(engine, "What alignment rate did the NGO ISAC give Serbia for 2019?")
    reply = engine.answer("and the year before?", conversation)
    assert reply.kind == "out_of_scope" and "2018" in reply.text, reply.text


def test_a_question_naming_something_new_does_not_continue_a_fact(engine: Engine) -> None:
    conversation = Conversation()
    conversation.remember(None, {"mission": "eulex"}, 0.0, focus="mission", fact=FactRef("eulex", "budget", ()))
    assert resolve.continues_a_fact(engine.understand("for how long?", conversation), conversation)
    assert not resolve.continues_a_fact(engine.understand("when did althea start?", conversation), conversation)


@pytest.mark.parametrize("module", ["bot.resolve", "bot.understand", "bot.fact_reader", "bot.decide",
                                    "bot.context", "bot.entities", "bot.suggest", "bot.engine"])
def test_every_step_imports_on_its_own(module: str) -> None:
    # The steps import each other one way; a cycle shows only when a module is imported first.
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-500:]


def test_a_person_named_in_an_office_record_stands_for_that_office(engine: Engine) -> None:
    def named(*words: str) -> list[str]:
        return resolve.people_named(words, engine.people, engine.surnames_by_start)

    assert named("when", "is", "aivo", "orav", "appointed") == ["eusr_kosovo"]
    assert named("who", "is", "soreca") == ["eusr_bih"]
    assert named("who", "is", "the", "european", "union") == []
    reply = engine.answer("when was Aivo Orav appointed?", Conversation())
    assert reply.matched and "eusr_kosovo" in reply.entities and "2024" in reply.text


def test_a_number_only_one_thing_has_names_it(engine: Engine) -> None:
    # "Resolution 1575" is EUFOR Althea's; a year or a common figure names nothing.
    assert resolve.identifiers_named(("when", "is", "resolution", "1575", "adopted"), engine.identifiers) == ["althea"]
    assert resolve.identifiers_named(("what", "happened", "in", "2004"), engine.identifiers) == []
    reply = engine.answer("when was resolution 1575 adopted")
    assert reply.kind == "answer" and "22 November 2004" in reply.text


def test_a_surname_is_read_as_written_or_inflected(engine: Engine) -> None:
    surnames = engine.surnames_by_start
    assert resolve.surnames_named(("who", "is", "before", "soreke"), surnames) == ("soreca",)
    assert resolve.surnames_named(("what", "nationality", "is", "peter", "sorensen"), surnames) == ("sorensen",)
    assert resolve.surnames_named(("who", "commands", "eufor"), surnames) == ()


def test_a_question_naming_only_what_the_conversation_is_about_is_also_read_with_the_rest(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("does albania contribute to althea", conversation)
    assert conversation.entities.get("partner") == "albania" and conversation.entities.get("mission") == "althea"
    forms = engine.understand("and how many albanian troops?", conversation).forms
    assert any("{mission}" in form for form in forms)  # "in Althea", as the conversation is
    # A question naming something new is read as it is.
    forms = engine.understand("how many troops does serbia have in eutm somalia?", conversation).forms
    assert forms == ("how many troops does {partner} has in {mission}",)


def test_the_topic_of_the_conversation_stays_its_subject(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("what is the european peace facility?", conversation)
    reply = engine.answer("how much did bosnia get?", conversation)
    assert reply.intent == "partner.epf" and "€20 million" in reply.text


def test_a_new_partner_asked_a_word_of_the_answer_just_given_is_asked_the_same_fact(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("How much EPF money has North Macedonia received in total?", conversation)
    engine.answer("what was the first package?", conversation)
    reply = engine.answer("and Albania's first?", conversation)  # "its first bilateral EPF package"
    assert reply.fact is not None and (reply.fact.entity, reply.fact.fact) == ("albania", "epf")
    assert "€13 million" in reply.text


def test_who_was_before_after_an_office_holder_asks_for_the_one_before(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("who commands eufor?", conversation)
    assert "Barbu" in engine.answer("who was before?", conversation).text
    # The sources name no Head of EULEX before the current one: no one is made up, nor is he repeated.
    conversation = Conversation()
    engine.answer("who commands eulex?", conversation)
    reply = engine.answer("who was before?", conversation)
    assert reply.kind != "answer" and "Barbano" not in reply.text


def test_and_another_partner_after_a_topic_fact_gets_the_records_naming_it(engine: Engine) -> None:
    conversation = Conversation()
    first = engine.answer("What were Serbia's CFSP alignment figures according to ISAC in 2019?", conversation)
    assert first.fact is not None and "57%" in first.text
    # Albania has no ISAC figures of its own: the ISAC records that name Albania.
    reply = engine.answer("and Albania?", conversation)
    assert reply.fact is not None and reply.fact.fact == "isac_figures" and "Albania 100%" in reply.text


def test_and_at_the_start_asks_the_same_question(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("Which UN resolution was Concordia based on?", conversation)
    reply = engine.answer("and Althea at the start?", conversation)  # the same question, for Althea
    assert reply.intent == "mission.legal_basis" and "1575" in reply.text
    conversation = Conversation()
    engine.answer("how many officers did EUPM have at its peak?", conversation)
    reply = engine.answer("and at the end?", conversation)  # the same question again: its answer says it
    assert reply.intent == "mission.size" and "80" in reply.text


def test_and_end_asks_when_it_ended(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("When did Concordia start?", conversation)
    reply = engine.answer("And end?", conversation)  # "end" with no "the": when it ended, not the start again
    assert reply.intent == "mission.ended" and "15 December 2003" in reply.text, reply.text


def test_for_how_long_after_a_dated_answer_asks_it_again(engine: Engine) -> None:
    conversation = Conversation()
    first = engine.answer("how many Albanian troops joined EUFOR in February 2025?", conversation)
    assert first.intent == "partner.contributes_to_mission"
    reply = engine.answer("for how long?", conversation)  # not how long Althea has run
    assert reply.intent == "partner.contributes_to_mission" and "six months" in reply.text


@pytest.mark.parametrize(("first", "then", "says"), [
    ("Who commands EUFOR Althea?", "since when?", "21 January 2026"),
    ("Ko komanduje EUFOR-om?", "od kada?", "21 January 2026"),
    ("Who is the EU Special Representative in Kosovo?", "since when?", "1 September 2024"),
])
def test_since_when_after_an_office_holder_asks_since_when_he_has_held_it(engine: Engine, first: str, then: str,
                                                                         says: str) -> None:
    conversation = after(engine, first)
    assert conversation.intent == "mission.head"
    reply = engine.answer(then, conversation)  # not when the mission began
    assert reply.intent == "mission.head" and says in reply.text


def test_since_when_after_another_answer_asks_another_question(engine: Engine) -> None:
    conversation = after(engine, "Is Serbia a candidate?")
    assert engine.answer("since when?", conversation).intent == "partner.candidate"


def test_who_signed_it_is_answered_by_the_answer_that_names_the_signatories(engine: Engine) -> None:
    language = engine.kb.language
    said = engine.understander.words("Albania signed it in Brussels, by HR/VP Kaja Kallas.")
    assert resolve.said_in(engine.understander.words("who signed it?"), said, language)
    assert not resolve.said_in(engine.understander.words("who signed?"), said, language)  # no pronoun: a question
    assert not resolve.said_in(engine.understander.words("who financed it?"), said, language)
    conversation = after(engine, "When did Albania sign its Security and Defence Partnership?")
    reply = engine.answer("who signed it?", conversation)  # not who signed Albania's FPA
    assert reply.intent == "partner.defence_partnership" and "Kallas" in reply.text
    # "and X, who signed theirs?": the same question of X
    conversation = after(engine, "When did Montenegro sign its framework participation agreement?")
    reply = engine.answer("what about Albania, who signed theirs?", conversation)
    assert reply.intent == "partner.fpa" and "albania" in reply.entities


def test_a_bare_when_after_a_dated_answer_asks_it_again(engine: Engine) -> None:
    conversation = after(engine, "Which partner drafted the UN resolution renewing EUFOR in 2025?")
    assert conversation.intent == "mission.legal_basis"
    assert engine.answer("when?", conversation).intent == "mission.legal_basis"  # not when EUFOR began
    # "when did it end?" is no bare "when?"
    conversation = after(engine, "when did EUPAT start?")
    assert engine.answer("and when did it end?", conversation).intent == "mission.ended"
    # "when was that?": grammar around "when", the same question
    conversation = after(engine, "Who signed the EU–Albania Security and Defence Partnership for the EU?")
    reply = engine.answer("when was that?", conversation)
    assert reply.intent == "partner.defence_partnership" and "18 December 2024" in reply.text


def test_a_name_after_a_rank_is_read_without_it(engine: Engine) -> None:
    # "Major General László Sticz", "German Admiral Rainer Feist": the surname is the last word.
    surnames = {name[0] for name in engine.people if len(name) == 1}
    assert {"sticz", "feist", "pinon", "barbu"} <= surnames
    assert not {"laszlo", "rainer", "florin", "maurizio", "ludovic", "general", "admiral"} & surnames


def test_a_follow_up_reading_no_record_still_reads_as_the_fact_just_given(engine: Engine) -> None:
    # "total" and "pay" are in no record: the answer just given is what the question is about
    conversation = after(engine, "How much EPF support did North Macedonia get in April 2025?")
    reply = engine.answer("what does that bring the total to?", conversation)
    assert reply.kind == "answer" and "€38 million" in reply.text
    conversation = after(engine, "How much was Albania's first EPF measure?")
    assert "armoured" in engine.answer("What does it pay for?", conversation).text


def test_a_follow_up_on_another_subject_is_not_read_as_the_fact_just_given(engine: Engine) -> None:
    conversation = after(engine, "When was EULEX launched?")
    reply = engine.answer("what is the weather in skopje?", conversation)
    assert reply.kind == "out_of_scope" and "EULEX" not in reply.text


def test_whom_did_he_replace_asks_the_office_not_the_mission_before(engine: Engine) -> None:
    conversation = after(engine, "Who commands EUFOR Althea?")
    reply = engine.answer("whom did he replace?", conversation)
    assert "Barbu" in reply.text and "SFOR" not in reply.text
    assert engine.understand("Koga je zamijenio?").words[0] == "whom"  # Serbian; Macedonian "koga e" is "when"


def test_since_when_with_no_answer_of_its_own_is_the_last_answer_that_says_since_when(engine: Engine) -> None:
    conversation = after(engine, "What does Serbia contribute to the EU training mission in Somalia?")
    reply = engine.answer("since when?", conversation)
    assert reply.intent == "partner.contributes_to_mission" and "since 2012" in reply.text
    # With an answer of its own, "since when?" asks it: since when Serbia has been a candidate.
    conversation = after(engine, "Is Serbia a candidate?")
    assert engine.answer("since when?", conversation).intent == "partner.candidate"


def test_whom_he_replaced_is_in_the_record_just_given_when_it_says_so(engine: Engine) -> None:
    conversation = after(engine, "Ko je sada komandant EUFOR-a u BiH?", "Kada je preuzeo dužnost?")
    reply = engine.answer("Koga je zamijenio?", conversation)  # whom did he replace? (no pronoun)
    assert "Barbu" in reply.text, reply.text


def test_which_country_of_someone_just_named_is_the_answer_that_names_it(engine: Engine) -> None:
    conversation = after(engine, "Ko je sada komandant EUFOR-a u BiH?")
    assert "Ital" in engine.answer("Iz koje je zemlje?", conversation).text  # Fronda, of the Italian Armed Forces
    conversation = after(engine, "How many police officers does EULEX's Formed Police Unit have?")
    assert "Polish" in engine.answer("which country are they from?", conversation).text
    # A question with words of its own asks anew: which countries contribute to EUFOR.
    conversation = after(engine, "Ko je sada komandant EUFOR-a u BiH?")
    assert engine.answer("which countries contribute to it?", conversation).intent != "mission.head"


def test_it_after_an_answer_writing_one_document_number_is_that_document(engine: Engine) -> None:
    # The answer names Resolution 2795 alone; "it" is that resolution, drafted by Greece.
    conversation = after(engine, "Which resolution last renewed EUFOR Althea?", "until when?")
    assert resolve.antecedent_number(engine.understand("who drafted it?", conversation), conversation,
                                     engine.kb) == "2795"
    reply = engine.answer("who drafted it?", conversation)
    assert reply.kind == "answer" and "Greece" in reply.text


def test_it_is_no_document_when_the_follow_up_names_a_number_or_a_person(engine: Engine) -> None:
    conversation = after(engine, "Which resolution last renewed EUFOR Althea?", "until when?")
    for follow_up in ("was it resolution 2757?", "what does he do?"):
        understanding = engine.understand(follow_up, conversation)
        assert resolve.antecedent_number(understanding, conversation, engine.kb) is None, follow_up


def test_there_is_the_mission_the_conversation_is_about(engine: Engine) -> None:
    conversation = after(engine, "Koliko zemalja daje vojnike za EUFOR?", "is Albania one of them?")
    reply = engine.answer("Šta oni tamo rade?", conversation)  # what do they do there?
    assert "althea" in reply.entities and "crowd control" in reply.text, reply.text
    # "there is" is no place: "how many are there?" names no mission
    understanding = engine.understand("how many are there?", conversation)
    assert resolve.mission_there(understanding.words, (), conversation, engine.kb) is None
    understanding = engine.understand("what do they do there?", conversation)
    there = resolve.mission_there(understanding.words, (), conversation, engine.kb)
    assert there is not None and there.entity_id == "althea"


def test_for_how_long_after_a_fact_answer_is_that_answer_again(engine: Engine) -> None:
    # Albania's troops in EUFOR answered from its record, "for about six months": "për sa
    # kohë?" (for how long?) asks that again, not when EUFOR itself ends.
    conversation = after(engine, "Sa ushtarë shqiptarë shkuan në EUFOR në shkurt 2025?")
    reply = engine.answer("për sa kohë?", conversation)
    assert reply.intent != "mission.ended" and "six months" in reply.text, reply.text
    assert "10 Albanian soldiers" in engine.answer("po në 2010?", conversation).text  # and in 2010?


@pytest.mark.parametrize("follow_up", ["and on the EU side?", "a u ime EU?"])
def test_and_for_the_other_side_asks_the_last_question_again(engine: Engine, follow_up: str) -> None:
    # who signed for North Macedonia; the same answer names who signed for the EU
    conversation = after(engine, "Who signed the FPA for North Macedonia?")
    reply = engine.answer(follow_up, conversation)
    assert reply.intent == "partner.fpa" and "Vimont" in reply.text, reply.text
    assert "29 October 2012" in engine.answer("and when?", conversation).text


def test_how_long_they_stay_and_how_many_ask_the_last_question_again(engine: Engine) -> None:
    conversation = after(engine, "Does Albania take part in EUFOR Althea?")
    reply = engine.answer("how long do they stay?", conversation)
    assert reply.intent == "partner.contributes_to_mission" and "six months" in reply.text, reply.text
    conversation = after(engine, "When did North Macedonia send officers to EUTM RCA?")
    reply = engine.answer("Колку?", conversation)  # how many?
    assert reply.intent == "partner.contributes_to_mission" and "two staff officers" in reply.text, reply.text


def test_after_what_came_next_it_is_the_mission_named(engine: Engine) -> None:
    conversation = after(engine, "What came after Concordia?")  # EUPOL Proxima
    reply = engine.answer("how much did it cost in its first year?", conversation)
    assert "proxima" in reply.entities and "€15 million" in reply.text, reply.text
    # the mission before is background: "it" stays the mission asked about
    conversation = after(engine, "what was the eupat mission in macedonia", "what did it follow on from")
    assert "eupat" in engine.answer("when did it finish", conversation).entities


def test_when_with_a_word_of_the_answers_first_sentence_asks_that_answer_again(engine: Engine) -> None:
    # "adopted unanimously on 22 November 2004" opens the answer: "when was it adopted?" is that
    conversation = after(engine, "Which UN resolution first authorised EUFOR as SFOR's legal successor?")
    reply = engine.answer("a kada je usvojena?", conversation)
    assert reply.intent == "mission.legal_basis" and "22 November 2004" in reply.text, reply.text


def test_when_with_a_word_the_answer_does_not_open_with_asks_another_question(engine: Engine) -> None:
    conversation = after(engine, "Which UN resolution first authorised EUFOR as SFOR's legal successor?")
    assert engine.answer("when was it launched?", conversation).intent == "mission.launched"


@pytest.mark.parametrize(("question", "mission"), [
    ("Did Albania send troops to the EU operation in the Central African Republic?", "eufor_tchad_rca"),  # its one
    ("Does Serbia have soldiers in the Central African Republic?", "eutm_rca"),
    ("Did Serbian soldiers go to the EU mission in Mali?", "eutm_mali"),  # none of Serbia's: the one there
    ("What did the EU do in the Central African Republic?", "eutm_rca"),  # no partner: the one exactly there
])
def test_a_place_outside_the_region_is_the_mission_there(engine: Engine, question: str, mission: str) -> None:
    assert mission in [m.entity_id for m in engine.understand(question).mentions if m.type == "mission"]


def test_since_when_in_another_mission_asks_the_last_question_of_it(engine: Engine) -> None:
    conversation = after(engine, "Does Serbia take part in EUTM Somalia?")
    reply = engine.answer("and in the Central African Republic, since when?", conversation)
    assert "EUTM RCA since 2016" in reply.text, reply.text


@pytest.mark.parametrize("follow_up", ["and to buy what?", "za šta?"])
def test_what_for_after_a_sum_is_the_answer_that_says_what_for(engine: Engine, follow_up: str) -> None:
    conversation = after(engine, "How much was Albania's first European Peace Facility measure?")
    reply = engine.answer(follow_up, conversation)
    assert "armoured" in reply.text, reply.text


def test_for_which_unit_asks_more_than_what_for(engine: Engine) -> None:
    assert not resolve.asks_only_what_for(engine.understand("za koju jedinicu je namijenjena?"), engine.kb.language)


def test_what_a_declined_question_named_is_what_it_is_next(engine: Engine) -> None:
    conversation = Conversation()
    declined = engine.answer("how many troops does EUFOR have these days?", conversation)
    assert declined.kind == "missing_fact", declined.text  # none current found: the latest, dated
    reply = engine.answer("which Balkan countries send soldiers to it?", conversation)
    assert reply.intent == "mission.contributors" and "althea" in reply.entities, reply.text


@pytest.mark.parametrize(("follow_up", "post"), [
    ("Take the Dialogue one: who holds it now?", "eusr_dialogue"),  # the one listed whose name has "Dialogue"
    ("Who holds the Kosovo post?", "eusr_kosovo"),  # the one listed in Kosovo
])
def test_one_of_a_list_is_named_by_a_word_of_its_name_or_its_place(engine: Engine, follow_up: str,
                                                                  post: str) -> None:
    conversation = Conversation()
    engine.answer("Who are the EU Special Representatives in the region?", conversation)
    reply = engine.answer(follow_up, conversation)
    assert reply.intent == "mission.head" and reply.entities == (post,), reply.text


def test_the_one_in_a_place_outside_the_region_is_the_mission_there(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("Which Balkan countries have people in the EU training mission in Somalia?", conversation)
    reply = engine.answer("and the one in the Central African Republic?", conversation)
    assert reply.intent == "mission.contributors" and reply.entities == ("eutm_rca",), reply.text


def test_the_kosovo_one_after_a_list_with_none_there_is_the_mission_there(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("which missions have ended?", conversation)  # none in Kosovo
    reply = engine.answer("tell me about the Kosovo one", conversation)
    assert reply.intent == "mission.overview" and reply.entities == ("eulex",), reply.text


def test_it_beside_a_new_mission_is_another_entity_not_the_same_fact_of_it(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("Which partner took part in EUFOR Tchad/RCA?", conversation)  # Albania
    engine.answer("When was its participation agreement for that operation published?", conversation)
    reply = engine.answer("Has it also served in Althea?", conversation)  # "it": Albania, not Althea's overview
    assert reply.intent == "partner.contributes_to_mission" and "albania" in reply.entities, reply.text


def test_the_one_in_a_place_in_albanian_after_a_list(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("Cilat janë misionet aktive të BE-së në rajon?", conversation)
    reply = engine.answer("Po ai në Bosnjë, kush e drejton?", conversation)  # and the one in Bosnia, who leads it?
    assert reply.intent == "mission.head" and reply.entities == ("althea",), reply.text


def test_in_that_one_is_the_mission_talked_about(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("In which EU missions does Serbia take part?", conversation)
    engine.answer("what about its part in EUTM RCA?", conversation)
    reply = engine.answer("does anyone else from the region serve in that one?", conversation)
    assert reply.intent == "mission.contributors" and reply.entities == ("eutm_rca",), reply.text


@pytest.mark.parametrize(("before", "question", "intent", "mission"), [
    # the other mission the answer on what came before or after named
    (("what was EUPAT?", "which mission came before it?"), "when was that earlier mission launched?",
     "mission.launched", "proxima"),
    (("what came after Concordia?",), "when did that follow-up operation end?", "mission.ended", "proxima"),
    (("tell me about EUPAT", "what did it follow on from?"), "kada je ta prethodna misija završila?",
     "mission.ended", "proxima"),
    # else the one before or after the mission talked about
    (("tell me about EUPOL Proxima",), "when did that next mission start?", "mission.launched", "eupat"),
    (("tell me about EUPOL Proxima",), "when did that previous operation end?", "mission.ended", "concordia"),
])
def test_that_mission_before_or_after_is_the_one_named_or_recorded(engine: Engine, before: tuple[str, ...],
                                                                   question: str, intent: str, mission: str) -> None:
    conversation = after(engine, *before)
    reply = engine.answer(question, conversation)
    assert (reply.intent, reply.entities) == (intent, (mission,)), reply.text


def test_to_it_after_a_partner_in_a_mission_is_the_mission(engine: Engine) -> None:
    conversation = after(engine, "does Serbia take part in EUTM Somalia?")
    reply = engine.answer("which other Balkan countries send people to it?", conversation)
    assert (reply.intent, reply.entities) == ("mission.contributors", ("eutm_somalia",)), reply.text


@pytest.mark.parametrize(("question", "partner"), [
    ("when did the second one open accession negotiations?", "serbia"),
    ("when did the first of them start negotiating?", "montenegro"),
    ("and the last one, when did it start negotiating?", "serbia"),
])
def test_one_of_a_list_is_picked_by_its_place_in_it(engine: Engine, question: str, partner: str) -> None:
    conversation = after(engine, "Which partners must align with the CFSP?")
    assert conversation.listed[:2] == ("montenegro", "serbia")
    reply = engine.answer(question, conversation)
    assert (reply.intent, reply.entities) == ("partner.negotiations", (partner,)), reply.text


def test_an_ordinal_that_is_no_place_in_a_list_picks_nothing(engine: Engine) -> None:
    conversation = after(engine, "Which partners must align with the CFSP?")
    understanding = engine.understand("when did EULEX first start?", conversation)
    assert [m.entity_id for m in understanding.mentions] == ["eulex"]
    assert engine.kb.language.ordinals_in_order[:3] == ("first", "second", "third")  # kept in order


def test_the_one_for_a_name_is_the_mission_of_that_kind_so_named(engine: Engine) -> None:
    # "the one for the dialogue ..." after the EUSR in Bosnia: the EUSR whose name has those words
    conversation = after(engine, "Who is the EU Special Representative in Bosnia?")
    reply = engine.answer("and the one for the dialogue between Belgrade and Pristina?", conversation)
    assert (reply.intent, reply.entities) == ("mission.head", ("eusr_dialogue",)), reply.text
    assert "Sørensen" in reply.text
    # what "that" or "which" begins only says which: "the advisory team which came next"
    conversation = after(engine, "What was Proxima's legal basis?")
    understanding = engine.understand("and the one for the advisory team which came next?", conversation)
    assert [m.entity_id for m in understanding.mentions] == ["eupat"]
    # words that two EUSRs' names have ("Kosovo": the EUSR in Kosovo and the dialogue's) name neither
    conversation = after(engine, "Who is the EU Special Representative in Bosnia?")
    understanding = engine.understand("and the one for Kosovo?", conversation)
    assert "eusr_dialogue" not in {m.entity_id for m in understanding.mentions}


def test_a_word_saying_a_mission_is_past_is_part_of_its_name(engine: Engine) -> None:
    # "old" before the ECMM's description: no "how old", nor the record of its "old name"
    reply = engine.answer("so when was the old monitoring mission in Yugoslavia closed?")
    assert (reply.intent, reply.entities) == ("mission.ended", ("ecmm",)), reply.text
    assert "31 December 2007" in reply.text
    understanding = engine.understand("when did the former EU police mission in Macedonia end")
    assert [(m.entity_id, m.start) for m in understanding.mentions] == [("proxima", 3)]


def test_he_is_the_person_the_last_answer_led_with(engine: Engine) -> None:
    # the first EUSR in Skopje (Léotard), not the latest in the post (Fouéré)
    conversation = after(engine, "Who was the very first EU Special Representative in Skopje?")
    reply = engine.answer("and when was he appointed?", conversation)
    assert "Léotard" in reply.text.split(".")[0], reply.text
    # the dialogue envoy named (Sørensen), not the record of his predecessor
    conversation = after(engine, "Who is the EUSR for the Belgrade-Pristina dialogue?")
    reply = engine.answer("when did his term begin?", conversation)
    assert "Sørensen" in reply.text.split(".")[0] and "predecessor" not in reply.text.split(".")[0], reply.text


def test_it_after_a_fact_answer_naming_the_mission_that_came_next_is_that_mission(engine: Engine) -> None:
    # the question asked the name of the one after Concordia: "it" is Proxima now
    conversation = after(engine, "The EU police mission that followed Concordia in Macedonia - what was it called?")
    reply = engine.answer("and how many police officers did it deploy?", conversation)
    assert reply.entities == ("proxima",) and "200" in reply.text, reply.text
    # after "what did it follow on from?" (an intent's answer) "it" stays the mission asked about
    conversation = after(engine, "what was EUPAT?", "what did it follow on from?")
    assert engine.answer("when did it finish?", conversation).entities == ("eupat",)
