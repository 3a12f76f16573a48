"""specifics: a question asking for a year, a month or a share the answer does not give
is told so, with the nearest answer offered, never answered with a neighbouring fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import specifics
from bot.context import Conversation
from bot.engine import Engine
from bot.reply import ANSWER, MISSING_FACT, OUT_OF_SCOPE
from bot.validate import load_engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(ROOT)


def asked(engine: Engine, question: str) -> specifics.Asked:
    return engine.understand(question).asked


def assert_declined_for(engine: Engine, question: str, what: str) -> None:
    """The bot says its sources don't give what the question asks for, named as `what`."""
    reply = engine.answer(question)
    assert reply.kind == OUT_OF_SCOPE and what in reply.text, reply.text


def test_a_year_outside_a_name_is_asked(engine: Engine) -> None:
    assert asked(engine, "what did the EU say about Serbia in 2019?").years == ("2019",)
    # A year of a name names the thing: "the 2018 strategy", or after it in a local form.
    assert not asked(engine, "what are the goals of the 2018 Western Balkans strategy?")
    assert not asked(engine, "ciljevi Strategije za Zapadni Balkan iz 2018?")


@pytest.mark.parametrize("question", ["in which month did Albania apply?", "on what date did EUPM end?",
                                      "the exact day EUPAT started", "u kom mjesecu je počeo EUPM?",
                                      "në cilin muaj filloi EULEX?"])
def test_a_date_finer_than_a_year_is_asked(engine: Engine, question: str) -> None:
    found = asked(engine, question)
    assert found.month or found.day


@pytest.mark.parametrize("question", ["albania membership application date", "the largest civilian mission to date",
                                      "how many months did EUPAT last?"])
def test_a_date_word_alone_asks_nothing_finer(engine: Engine, question: str) -> None:
    found = asked(engine, question)
    assert not (found.month or found.day or found.years)


def test_an_answer_gives_what_it_names() -> None:
    question = specifics.Asked(years=("2012",), day=True, share=True, money=True)
    assert specifics.gives(question, "Renewed on 9 November 2012, at 45% of the figure, for €5 million.")
    assert specifics.unmet(specifics.Asked(day=True, share=True, money=True),
                           "Adopted in November 2004 (45 percent), EUR 3m.") == specifics.Asked(day=True)
    assert specifics.unmet(question, "In 2004.").describe() == "2012, the exact date, the percentage, the amount"
    # When the source said it is not a date of what is asked.
    assert not specifics.gives(specifics.Asked(day=True), "Parliament approved it. (as of 11 July 2025)")
    # An undated answer ("its headquarters were in Zagreb") answers "where, in 2012?" too.
    assert specifics.gives(specifics.Asked(years=("2012",)), "Its headquarters were in Zagreb.")


def test_a_sum_no_answer_gives_is_declined(engine: Engine) -> None:
    reply = engine.answer("what money was set aside for the 2025 counter-terrorism action plan?")
    assert reply.kind == OUT_OF_SCOPE and "the amount" in reply.text


def test_a_year_no_answer_gives_is_declined_with_the_nearest_offered(engine: Engine) -> None:
    reply = engine.answer("Which Security Council resolution extended Althea's mandate back in 2013?")
    assert reply.kind == OUT_OF_SCOPE
    assert "2013" in reply.text and "won't guess" in reply.text
    assert len(reply.suggestions) == 1  # the nearest answer, offered and not stated
    offered = engine.answer_suggestion(reply.suggestions[0])
    assert offered.kind == ANSWER and "1575" in offered.text


def test_a_month_no_answer_gives_is_declined(engine: Engine) -> None:
    reply = engine.answer("which month did Albania hand in its application to join the EU?")
    assert reply.kind == OUT_OF_SCOPE and "exact date" in reply.text
    # Asked without the month, the same fact is the answer.
    assert engine.answer("when did Albania apply to join the EU?").kind == ANSWER


def test_a_year_the_answer_gives_is_answered(engine: Engine) -> None:
    reply = engine.answer("which resolution authorised Althea in 2004?")
    assert reply.kind == ANSWER and "1575" in reply.text


def test_an_answer_dated_only_by_its_as_of_answers_for_that_year_alone() -> None:
    question = specifics.Asked(years=("2008",))
    assert specifics.unmet(question, "Five EU member states do not recognise it. (as of April 2016)").years
    assert not specifics.unmet(specifics.Asked(years=("2025",)),
                               "The Head of EULEX is Barbano. (as of 18 September 2025)").years
    assert not specifics.unmet(question, "Its headquarters were in Zagreb.").years  # undated: any year


@pytest.mark.parametrize(("question", "flag", "event", "another_events_date", "its_date"), [
    ("On what exact day did Bosnia get candidate status?", "day", "candid",
     "BiH is a candidate country (since December 2022); on 19 March 2025 the EU called for reforms.",
     "BiH became a candidate country on 15 December 2022."),
    ("When did Montenegro close Chapter 31?", "when", "close",
     "Montenegro opened Chapter 31 on 24 June 2014; its closing benchmark concerns Decision 2015/544.",
     "Montenegro closed it in 2020."),
])
def test_the_date_asked_is_of_the_event_asked_not_another(engine: Engine, question: str, flag: str, event: str,
                                                          another_events_date: str, its_date: str) -> None:
    asked_for = asked(engine, question)
    assert getattr(asked_for, flag) and event in asked_for.event
    assert getattr(specifics.unmet(asked_for, another_events_date), flag)
    assert not getattr(specifics.unmet(asked_for, its_date), flag)
    # a paraphrase that names the event in no clause is taken at its word
    assert not getattr(specifics.unmet(asked_for, "It happened on 15 December 2022."), flag)


def test_when_asks_a_date_only_as_a_question(engine: Engine) -> None:
    assert_declined_for(engine, "When did Montenegro close Chapter 31?", "the date")
    # "when" as a condition or a conjunction asks no date
    assert not asked(engine, "When may the EULEX police unit engage?").when
    assert not asked(engine, "When EUPAT ended, who took over?").when


def test_the_date_of_a_document_named_by_its_number_is_the_one_beside_it() -> None:
    question = specifics.Asked(years=("2014",), day=True, figures=("349",))
    listed = "Decision 2012/291/CFSP (to 14 June 2014), Decision 2014/349/CFSP (to 14 June 2016) and others."
    assert specifics.unmet(question, listed).day
    assert not specifics.unmet(question, "It was extended by Council Decision 2014/349/CFSP of 12 June 2014.").day
    # a number named that the answer writes no document's way asks nothing of its dates
    assert not specifics.unmet(specifics.Asked(day=True, figures=("880",)), "880 officers on 1 May 2004.").day


def test_who_did_something_in_a_year_is_named_in_the_record_of_that_year() -> None:
    question = specifics.Asked(years=("2008",), person=True)
    beside = ("An EU-Albania agreement on EUFOR Tchad/RCA was published on 13 August 2008. (as of 2012) "
              "In 2025 Defence Minister Pirro Vengu sent 30 troops. (as of 2025)")
    assert specifics.unmet(question, beside).person
    assert not specifics.unmet(question, "In 2008 Minister Lulzim Basha signed it. (as of 2008)").person


def test_which_eu_member_state_wants_a_state_not_a_source(engine: Engine) -> None:
    question = asked(engine, "Which EU member state led Concordia in autumn 2003?")
    assert "france" in question.countries
    assert specifics.unmet(question, "13 EU states took part, according to the Swedish Armed Forces.").countries
    assert not specifics.unmet(question, "From autumn 2003 France was its framework nation.").countries


def test_a_comparison_asked_wants_one_made(engine: Engine) -> None:
    question = asked(engine, "Was EUFOR Althea more expensive to run than EULEX?")
    assert question.comparison
    assert asked(engine, "Which was more effective, EUPM or EUPOL Proxima?").comparison
    assert not asked(engine, "Which mission was larger?").comparison  # no "than", no choice of two
    assert specifics.unmet(question, "EUFOR had more than 1,100 troops; EULEX had a budget of €165.31 million.") \
        .comparison  # a number, not a comparison
    assert not specifics.unmet(question, "EUFOR cost more than EULEX.").comparison
    assert not specifics.unmet(question, "EULEX is the largest civilian mission.").comparison
    assert_declined_for(engine, "Does Serbia receive more EPF money than Albania?", "a comparison")


def test_a_state_set_aside_asks_for_another(engine: Engine) -> None:
    question = asked(engine, "Which countries other than Poland send officers to EULEX's police unit?")
    assert "germany" in question.besides and not {"poland", "polish", "kosovo"} & question.besides
    assert specifics.unmet(question, "It had 105 Polish police officers, in Kosovo*.").besides
    assert not specifics.unmet(question, "Officers came from Poland and Germany.").besides
    assert_declined_for(engine, "Which EU states besides Lithuania opposed Serbia opening Chapter 31?",
                        "which other country")
    # the partners answer when a partner is set aside
    assert "montenegro" in asked(engine, "which partners besides Albania are fully aligned?").besides
    assert not asked(engine, "which countries sent troops to EUFOR?").besides


def test_a_year_older_than_the_records_answered_is_declined(engine: Engine) -> None:
    assert_declined_for(engine, "Which EU member states recognised Kosovo first in 2008?", "2008")


def test_a_day_must_fall_in_the_month_and_year_asked_about(engine: Engine) -> None:
    assert engine.answer("on which day in March 2003 did Operation Concordia begin?").kind == ANSWER
    # The sources date Bosnia's candidacy to December 2022 only: another date in the answer
    # does not answer "which day".
    reply = engine.answer("which day of December 2022 did Bosnia and Herzegovina become a candidate?")
    assert reply.kind == OUT_OF_SCOPE and "exact date" in reply.text


def test_who_with_an_office_asks_for_a_person(engine: Engine) -> None:
    assert asked(engine, "who was the first commander of EUFOR?").person
    assert not asked(engine, "who was blamed for the cyber-attack?").person  # a state may answer that
    assert specifics.gives(asked(engine, "who heads EULEX?"), "It is led by Giovanni Pietro Barbano.", engine.surnames)
    assert specifics.gives(asked(engine, "who heads it?"), "Orav took office in 2024.", {"orav"})
    assert not specifics.gives(asked(engine, "who heads it?"), "EULEX was launched in 2008.", {"orav"})
    assert engine.answer("who commands EUFOR Althea?").kind == ANSWER


def test_who_was_the_first_holder_is_not_answered_with_the_current_one(engine: Engine) -> None:
    question = asked(engine, "who was the first head of EULEX?")
    assert question.first
    assert not specifics.gives(question, "EULEX is led by Giovanni Pietro Barbano.", engine.surnames)
    assert specifics.gives(question, "Its first Head of Mission was Yves de Kermabon.", {"kermabon"})
    # The sources name EUFOR's current commander, not its first.
    reply = engine.answer("who was EUFOR Althea's first commander?")
    assert reply.kind == OUT_OF_SCOPE and "who held it first" in reply.text


def test_a_share_of_a_year_must_be_in_a_record_of_that_year() -> None:
    question = specifics.Asked(years=("2024",), share=True)
    # A 2022 share beside a 2024 record with none is not the share of 2024.
    assert not specifics.gives(question, "From 64% to 45%. (as of 12 October 2022) No progress in 2024. "
                                         "(as of 30 October 2024)")
    assert specifics.gives(question, "Alignment was 51% in its 2024 report. (as of 30 October 2024)")


@pytest.mark.parametrize("question", ["How many troops does EUFOR Althea currently have in Bosnia?",
                                      "how many staff does eulex have right now?",
                                      "Колико војника тренутно има ЕУФОР Алтеа у БиХ?",
                                      # a number asked in the present tense is today's too
                                      "how many troops does eufor have?", "koliko osoblja ima EULEX?"])
def test_a_figure_of_today_the_sources_lack_is_said_to_be_lacking_before_the_dated_ones(
        engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    # No sourced answer (logged for editors), told as the records tell it: none current was
    # found, then the latest figures, each with its date, none stated as today's.
    assert reply.kind == MISSING_FACT and reply.intent == "mission.size"
    assert reply.text.startswith("No official current") and "(as of" in reply.text and reply.sources


def test_a_figure_of_today_is_answered_where_the_sources_have_one(engine: Engine) -> None:
    assert asked(engine, "who is the current eufor commander?").current
    assert engine.answer("who is the current eufor commander?").kind == ANSWER
    # Asked of a time past, the dated figures are the answer, with their caveat.
    reply = engine.answer("how many troops did eufor have?")
    assert reply.kind == ANSWER and "No official current troop figure" in reply.text


def test_a_figure_of_today_is_not_an_old_one() -> None:
    question = specifics.Asked(current=True)
    recent = specifics.CURRENT_SINCE
    assert not specifics.gives(question, "In 2012 EULEX had ceilings of 1,250 staff. (as of 2012)")
    assert specifics.gives(question, f"Its Formed Police Unit had 105 officers. (as of 18 September {recent})")
    # An undated answer is not judged by its age.
    assert specifics.gives(question, "Its Formed Police Unit is made up of Polish police officers.")


def test_the_signing_is_not_answered_with_the_entry_into_force(engine: Engine) -> None:
    assert not specifics.gives(asked(engine, "when did BiH sign its SAA?"),
                               "The EU–BiH SAA entered into force on 1 June 2015.")
    reply = engine.answer("When did BiH sign its Stabilisation and Association Agreement?")
    assert reply.kind == OUT_OF_SCOPE and "when it was signed" in reply.text
    assert "Framework Participation" not in reply.text  # nor with the signing of another agreement
    assert engine.answer("when did montenegro sign the fpa").kind == ANSWER


def test_a_figure_asked_of_the_commission_is_not_an_ngo_figure(engine: Engine) -> None:
    question = asked(engine, "what percentage did the Commission give Serbia in 2024?")
    assert question.authorities == ("commission",)
    assert not specifics.gives(question, "NGO figures, not the Commission's: ISAC put Serbia at 47% in 2024.")
    assert specifics.gives(question, "The Commission's 2024 report put it at 51%.")
    reply = engine.answer("What percentage of CFSP alignment did the Commission's 2024 report give Serbia?")
    assert reply.kind == OUT_OF_SCOPE and "the percentage" in reply.text
    # Asked of the NGO, its figure is the answer.
    reply = engine.answer("what was Serbia's alignment according to ISAC in the first half of 2024?")
    assert reply.kind == ANSWER and "47%" in reply.text


def test_a_question_asked_of_someone_is_answered_with_their_word(engine: Engine) -> None:
    # Read clause by clause, the question still asks what ISAC said.
    reply = engine.answer("According to ISAC, what was Serbia's alignment in 2022?")
    assert reply.kind == ANSWER and "48%" in reply.text
    reply = engine.answer("According to the Commission, what was Serbia's alignment in 2022?")
    assert reply.kind == ANSWER and "45%" in reply.text and "ISAC" not in reply.text
    assert specifics.unmet(specifics.Asked(authorities=("isac",)), "The Commission said so.").describe() == "by ISAC"


def test_who_pays_asks_who_not_how_much(engine: Engine) -> None:
    assert not asked(engine, "Who pays the common costs of operation Althea?").money
    assert asked(engine, "what are the common costs of operation Althea?").money
    reply = engine.answer("Who pays the common costs of operation Althea?")
    assert reply.kind == ANSWER and "European Peace Facility" in reply.text


@pytest.mark.parametrize("question", ["what pays eufor's common costs",
                                      "Is EUFOR's common cost paid from the EU budget or from something else?",
                                      "Iz čega se plaćaju zajednički troškovi EUFOR-a?"])
def test_what_pays_asks_the_payer_and_gets_it(engine: Engine, question: str) -> None:
    assert not asked(engine, question).money
    reply = engine.answer(question)
    assert reply.kind == ANSWER and "European Peace Facility" in reply.text


def test_how_much_is_paid_still_asks_a_sum(engine: Engine) -> None:
    assert asked(engine, "How much does the EU pay for EUFOR's common costs?").money


@pytest.mark.parametrize("question", ["Who will succeed Luigi Soreca when his mandate ends?",
                                      "Who will replace Aivo Orav as EU Special Representative in Kosovo?",
                                      "Ко ће заменити Аиво Орава на месту специјалног представника ЕУ?"])
def test_who_comes_next_is_not_guessed_when_the_sources_found_no_successor(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    # declined, or the answer saying that no successor was found: no sourced answer either way
    assert (reply.kind == OUT_OF_SCOPE and "who comes next" in reply.text) or (
        reply.kind == MISSING_FACT and "no successor was found" in reply.text), reply.text


def test_who_has_been_named_to_replace_him_asks_who_comes_next(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("who is the EUSR in Kosovo?", conversation)
    # the holder just named is no answer to who follows him
    reply = engine.answer("who has been appointed as his successor?", conversation)
    assert reply.kind in (MISSING_FACT, OUT_OF_SCOPE), reply.text
    # one named by his surname: the records of the post say who came after him
    assert not asked(engine, "who was appointed to replace Sattler?").successor
    assert "Soreca" in engine.answer("who was appointed to replace Sattler?").text


def test_who_came_next_is_answered() -> None:
    past = specifics.Asked(successor=False)  # "who replaced Sattler?" asks nothing of the future
    assert specifics.gives(past, "Before Soreca, Johann Sattler was EU Special Representative in BiH.")
    assert not specifics.gives(specifics.Asked(successor=True), "No decision on an extension or a successor was found.")


def test_a_person_asked_about_is_named_in_the_answer(engine: Engine) -> None:
    question = specifics.Asked(people=("fronda",))
    assert not specifics.gives(question, "EUFOR Althea was launched on 2 December 2004.")
    assert specifics.gives(question, "Major General Maurizio Fronda took command on 21 January 2026.")
    reply = engine.answer("When did Maurizio Fronda take over EUFOR?")
    assert reply.kind == ANSWER and "21 January 2026" in reply.text


def test_what_someone_a_record_names_said_is_asked_of_them(engine: Engine) -> None:
    assert asked(engine, "What did Kaja Kallas say about Serbia's CFSP alignment in 2025?").people == ("kallas",)
    assert_declined_for(engine, "What did Kaja Kallas say about Serbia's CFSP alignment in 2025?", "Kallas")
    reply = engine.answer("What did Borrell say about Albania's alignment in July 2024?")  # "spoke of ..."
    assert reply.kind == ANSWER and "Borrell" in reply.text


def test_who_came_before_someone_is_asked_of_them_in_any_ending(engine: Engine) -> None:
    assert "degert" in asked(engine, "Ko je bio šef Delegacije EU u Srbiji pre Vincenta Degerta?").people
    assert not asked(engine, "who was on standby with HELBROC?").people  # not Stano
    assert not asked(engine, "when is HELBROC on standby?").people  # asked of no one: no "who"


def test_the_first_holder_is_not_another_first() -> None:
    question = specifics.Asked(person=True, first=True, office="representative")
    merged = "In 2005 Erwan Fouéré was appointed both EU Special Representative and head of the delegation, " \
             "the first time the two roles were merged into one post."
    assert not specifics.gives(question, merged, {"fouere"})
    assert specifics.gives(question, "The first EU Special Representative resident in Skopje was François Léotard.",
                           {"leotard"})


@pytest.mark.parametrize("question", ["Who was the first EU Special Representative resident in Skopje?",
                                      "Кој беше првиот специјален претставник на ЕУ во Скопје?"])
def test_the_first_special_representative_in_skopje(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.kind == ANSWER and "Léotard" in reply.text


def test_a_share_the_question_names_is_in_the_answer(engine: Engine) -> None:
    question = asked(engine, "did serbia reach 61% alignment in 2025?")
    assert question.shares_named == ("61",)
    assert not specifics.gives(specifics.Asked(shares_named=("61",)), "Serbia's compliance fell from 64% to 45%.")
    assert specifics.gives(specifics.Asked(shares_named=("45",)), "Serbia's compliance fell from 64% to 45%.")
    reply = engine.answer("Did von der Leyen congratulate Serbia on reaching 61% alignment in October 2025?")
    assert reply.kind == OUT_OF_SCOPE and "61%" in reply.text
    # 100% is full alignment, which answers say in words.
    assert not asked(engine, "who has 100% alignment").shares_named


def test_how_many_wants_a_number_that_is_no_documents_number() -> None:
    question = specifics.Asked(count=True)
    assert specifics.unmet(question, "The agreement was published in OJ L 217 of 13 August 2008.").count
    assert specifics.unmet(question, "The Council adopted Decision (CFSP) 2025/1562 on 25 July 2025.").count
    assert not specifics.unmet(question, "Albania sent 30 troops, under Decision 2025/1562.").count


def test_how_many_wants_a_number_that_is_no_date() -> None:
    question = specifics.Asked(count=True)
    assert not specifics.gives(question, "Albania took part in EUFOR Tchad/RCA by June 2012, under a 2008 agreement.")
    assert specifics.gives(question, "Albania sent 30 troops in February 2025.")
    assert specifics.gives(question, "Four reserve companies were deployed on 24 February 2022.")


def test_how_many_soldiers_wants_a_number_of_people(engine: Engine) -> None:
    question = asked(engine, "How many Montenegrin soldiers will go to EUMAM Ukraine?")
    assert question.count and "troops" in question.counted
    # A vote count is no number of soldiers; personnel and police officers are.
    assert not specifics.gives(question, "Parliament approved sending members of its Armed Forces, by 49 of 81 votes.")
    assert specifics.gives(question, "Montenegro deployed four reserve companies (about 500 personnel).")
    assert specifics.gives(question, "Montenegro's contingent peaked at 880 police officers in late 2004.")
    assert "countries" in asked(engine, "how many EU countries signed the plan?").counted
    # Other things counted are read by their stems, and checked the same way.
    assert not asked(engine, "how many chapters has Serbia closed?").counted
    assert asked(engine, "how many chapters has Serbia closed?").counted_things == {"chapter"}
    reply = engine.answer("How many Montenegrin soldiers will go to EUMAM Ukraine?")
    assert reply.kind == OUT_OF_SCOPE and "the number" in reply.text and "won't guess" in reply.text


def test_how_many_of_a_partners_people_wants_a_number_of_people(engine: Engine) -> None:
    # "Albanians" names the partner and counts people, not the verb after it
    question = asked(engine, "how many Albanians took part in the battalion in 2025?")
    assert "troops" in question.counted and not question.counted_things
    assert specifics.gives(question, "In February 2025 Albania sent 30 troops to EUFOR Althea's battalion.")
    conversation = Conversation()
    engine.answer("Which partners send troops to EUFOR Althea?", conversation)
    reply = engine.answer("how many Albanians took part in the battalion in 2025?", conversation)
    assert reply.kind == ANSWER and "30 troops" in reply.text


def test_how_many_things_wants_a_number_of_those_things(engine: Engine) -> None:
    question = asked(engine, "How many armoured vehicles did Albania receive from the EPF?")
    assert question.counted_things == {"armour", "vehicl"}
    assert not specifics.gives(question, "Albania got €13 million in July 2024 for light armoured vehicles.")
    assert specifics.gives(question, "The measure bought 20 vehicles for Albania.")
    assert specifics.gives(question, "EUPM coordinated 15 police agencies.") is False
    # A time or a sum is not a thing counted; nor is a word the base never uses.
    assert not asked(engine, "how many months did EUPAT last?").counted_things
    assert not asked(engine, "how many euros did Albania get?").counted_things
    assert not asked(engine, "how many zxqwv did Albania get?").counted_things
    # "EU" before the noun is part of it, not where it ends.
    assert asked(engine, "How many EU declarations did Montenegro align with?").counted_things == {"declar"}
    # A misspelt word is read as the word it is all but ("vehicels": vehicles), and the
    # answer must count those.
    assert asked(engine, "How many vehicels did Albania receive?").counted_things == {"vehicl"}
    # "koliko", "колку" also ask "how much": they count no thing.
    assert not asked(engine, "Koliko vozila je Albanija dobila iz EPF?").counted_things
    # No record gives that number, and the record of what the sources lack says so.
    reply = engine.answer("How many armoured vehicles did Albania receive under its first EPF measure?")
    assert reply.kind == MISSING_FACT and "not given in the sources used" in reply.text, reply.text


def test_how_many_of_a_partners_soldiers_wants_that_partners_number(engine: Engine) -> None:
    question = asked(engine, "how many North Macedonian soldiers serve in EUFOR?")
    # The whole force is not North Macedonia's share of it.
    assert not specifics.gives(question, "EUFOR had about 1,500 personnel. (as of March 2025)")
    assert specifics.gives(question, "North Macedonia sent 10 soldiers to EUFOR. (as of 2025)")
    # A partner named as the place counts nothing of its own.
    assert not asked(engine, "how many soldiers did the EU have in Macedonia in 2003?").counted_of


def test_who_is_going_to_succeed_asks_who_comes_next(engine: Engine) -> None:
    assert asked(engine, "Who is going to succeed Aivo Orav in Kosovo?").successor
    assert not asked(engine, "who succeeded Sattler?").successor


@pytest.mark.parametrize(("question", "figures"), [
    ("Did the BBC report 450 lightly armed troops?", ("450",)),
    ("did EUFOR grow from about 1,100 to 1,500?", ("1100", "1500")),
    # Not a year, a day of a date, 100% (full alignment, in words) or a single digit.
    ("what happened on 16 December 2025 and on March 3, 2024?", ()),
    ("who has 100% alignment?", ()),
    ("explain csdp like I'm 5", ()),
])
def test_the_numbers_a_question_names(question: str, figures: tuple[str, ...]) -> None:
    assert specifics.figures_named(question) == figures


def test_a_number_the_question_names_is_in_the_answer(engine: Engine) -> None:
    question = asked(engine, "Did the BBC report 450 troops in Concordia?")
    assert not specifics.gives(question, "Concordia had about 350 troops, according to European Voice.")
    assert specifics.gives(question, "The BBC reported 450 troops.")
    reply = engine.answer("Did the BBC report 450 troops in Concordia?")
    assert reply.kind == OUT_OF_SCOPE and "350" not in reply.text  # no neighbouring figure instead


@pytest.mark.parametrize(("question", "quoted"), [
    ("Did the report call Serbia's alignment 'largely unchanged'?", ("largely unchanged",)),
    ("What did Robertson say, “come of age”?", ("come of age",)),
    ("Serbia's and Albania's reports", ()),  # apostrophes, not quotation marks
    ("the 'QUAD' platform", ()),  # one word: a name, not a quotation
])
def test_the_words_a_question_quotes(question: str, quoted: tuple[str, ...]) -> None:
    assert specifics.quoted_in(question) == quoted


def test_quoted_words_are_in_the_answer() -> None:
    question = specifics.Asked(quoted=specifics.quoted_in("Was it called 'largely unchanged'?"))
    assert not specifics.gives(question, "No progress on foreign and security policy. (as of 2024)")
    assert specifics.gives(question, "Alignment was largely unchanged. (as of 2024)")
    # The quotation's words, not its exact form: "100% alignment with EU CFSP" has them.
    platform = specifics.Asked(quoted=specifics.quoted_in("who launched the '100% alignment with CFSP' platform?"))
    assert specifics.gives(platform, "The Western Balkans QUAD – 100% alignment with EU CFSP was launched in 2023.")


def test_why_wants_a_reason(engine: Engine) -> None:
    question = asked(engine, "Why has Kosovo no framework participation agreement?")
    assert not specifics.gives(question, "No Framework Participation Agreement with Kosovo* was found.")
    assert specifics.gives(question, "It was delayed because Lithuania opposed it.")
    reply = engine.answer("Zašto Kosovo nema okvirni sporazum o učešću?")
    assert reply.kind == OUT_OF_SCOPE and "the reason" in reply.text and "won't guess" in reply.text
    # What makes something important is what it was, not a reason.
    assert not asked(engine, "why is concordia historically important").reason
    assert not asked(engine, "why do people call EUPM a milestone?").reason  # what it was, again
    assert engine.answer("why must serbia align with the cfsp").kind == ANSWER


def test_what_someone_said_wants_a_statement(engine: Engine) -> None:
    question = asked(engine, "What did Edi Rama say after Albania signed the partnership?")
    assert question.statement
    assert not specifics.gives(question, "Albania signed a Security and Defence Partnership on 18 December 2024.")
    assert specifics.gives(question, "Prime Minister Rama said it was a historic day.")
    assert specifics.gives(question, "Rama called it “a historic day”.")
    # a brief that "describes" something reports what its authors say, as "described" does
    assert specifics.gives(question, "Rama describes it as a historic day.")
    # In the region's languages too ("rekao", "tha" are "said" after the glossary).
    assert asked(engine, "Šta je Rama rekao o partnerstvu?").statement
    assert asked(engine, "Çfarë tha Rama për partneritetin?").statement
    # Who said it, or what a text says, is no statement to report.
    assert not asked(engine, "Which EU spokesperson said Montenegro has 100% alignment?").statement
    assert not asked(engine, "What does the Western Balkans strategy say about security and defence?").statement
    assert not asked(engine, "Tell me about EULEX - what Joint Action is it based on?").statement
    assert_declined_for(engine, "What did Timčo Mucunski say at the signing of North Macedonia's security and defence "
                          "partnership?", "what was said")
    # A person named makes it a statement even beside a text's name ("the enlargement package").
    assert asked(engine, "What did Marta Kos say about Montenegro in the 2025 enlargement package?").statement


def test_what_someone_the_base_never_names_said_is_not_answered(engine: Engine) -> None:
    # The words between "what did" and "say" that no record uses name the speaker.
    assert "dodik" in asked(engine, "What did Milorad Dodik say about EUFOR's reinforcement?").people
    assert "dodik" in asked(engine, "Šta je Milorad Dodik rekao o EUFOR-u?").people
    assert_declined_for(engine, "What did Milorad Dodik say about EUFOR's reinforcement in March 2025?", "Dodik")
    # Someone the base does name is asked of as before.
    assert asked(engine, "What did Edi Rama say after Albania signed the partnership?").people == ("rama",)


def test_the_date_of_the_first_one_is_in_a_record_that_says_first(engine: Engine) -> None:
    question = asked(engine, "On what exact day did Albania hold its first intergovernmental conference?")
    assert question.first_of
    assert not specifics.gives(question, "The last cluster was opened at the seventh meeting of the EU–Albania "
                                         "Accession Conference on 17 November 2025. (as of 17 November 2025)")
    assert specifics.gives(question, "The 1st Intergovernmental Conference took place on 21 January 2014. "
                                     "(as of 2014)")
    # the sources lack it: said as such (its "unconfirmed_dates" record), never guessed
    assert not question.of_someone_or_why  # a date, which a record of what is lacking answers
    assert asked(engine, "Why has Kosovo no framework participation agreement?").of_someone_or_why
    reply = engine.answer("Kog tačno datuma je održana prva međuvladina konferencija Albanije i EU?")
    assert reply.kind == MISSING_FACT and "first intergovernmental conference" in reply.text \
        and "not confirmed" in reply.text, reply.text
    # A year is enough for "when": the negotiations opened in 2022.
    assert not asked(engine, "when was the first intergovernmental conference with albania").first_of
    # "first" in a name is no first one asked for.
    assert not asked(engine, "on what day was the first EU military operation launched?").first_of


def test_what_a_sum_was_for_is_said_beside_it(engine: Engine) -> None:
    question = asked(engine, "What equipment did the €13 million EPF package for North Macedonia buy?")
    assert question.purpose
    assert not specifics.gives(question, "North Macedonia received €9 million in March 2023 and €13 million in "
                                         "September 2024. (as of 2025)")
    assert specifics.gives(question, "Albania's first measure, €13 million for light armoured vehicles, was "
                                     "adopted in 2024. (as of 2024)")
    # Whom it went to is not what it was for; the sum of the year asked is the one read.
    of_2026 = asked(engine, "What will the €15 million EPF package for BiH in 2026 pay for?")
    assert not specifics.gives(of_2026, "BiH got €10 million for demining capacity in 2021. A new €15 million "
                                        "package for BiH was reported in 2026. (as of 2026)")
    # In the region's languages ("namijenjena", "kupiti", "për çfarë"), and not checked of an
    # answer that gives no sum ("for what task?" of soldiers).
    assert asked(engine, "Za šta je bila namijenjena prva mjera EPF-a?").purpose
    assert asked(engine, "Šta će se kupiti novim paketom EPF-a?").purpose
    assert specifics.gives(asked(engine, "How many Albanian soldiers joined Althea, and for what?"),
                           "Ten Albanian soldiers joined EUFOR's mine-clearing team. (as of 2010)")


def test_a_part_of_a_year_is_answered_by_a_figure_of_that_part(engine: Engine) -> None:
    isac = ("NGO figures: ISAC counted Serbia's alignment at 47% in January–June 2024 and 54% for 2023. "
            "(as of June 2024)")
    assert asked(engine, "What was ISAC's full-year 2024 figure for Serbia?").year_part == "whole"
    assert not specifics.gives(asked(engine, "What was ISAC's full-year 2024 figure for Serbia?"), isac)
    assert specifics.gives(asked(engine, "ISAC's figure for the whole of 2023?"), isac)
    assert specifics.gives(asked(engine, "a u prvoj polovini 2024?"), isac)
    assert asked(engine, "Sa ishte përputhja në gjysmën e parë të 2024?").year_part == "first"
    second_half = asked(engine, "Koliko je Srbija bila usklađena prema ISAC-u u drugoj polovini 2024.?")
    assert second_half.year_part == "second" and not specifics.gives(second_half, isac)
    # A day of the year is no figure of the whole year.
    assert not specifics.gives(asked(engine, "ISAC's figure for the whole of 2024?"),
                               "Serbia did not join the package adopted on 24 June 2024. (as of 2024)")


def test_a_count_of_one_state_is_not_a_total_of_a_list_of_states(engine: Engine) -> None:
    question = asked(engine, "How many soldiers did Bulgaria send in the February 2022 EUFOR reserve deployment?")
    assert question.count and question.states
    listed = ("EUFOR deployed four reserve companies (about 500 personnel) from Austria, Bulgaria, Romania and "
              "Slovakia. (as of 2022)")
    assert not specifics.gives(question, listed)
    # A figure of its own beside it in the list answers.
    assert specifics.gives(question, "Reserve companies came from Austria (200), Bulgaria (150 soldiers) and "
                                     "Romania. (as of 2022)")


def test_what_someone_did_before_wants_his_earlier_post(engine: Engine) -> None:
    question = asked(engine, "What did Peter Sørensen do before becoming EUSR for the dialogue?")
    assert question.career
    assert not specifics.gives(question, "Peter Sørensen was appointed EUSR from 1 February 2025. (as of 2025)")
    assert specifics.gives(question, "Sørensen had been EU Special Representative in BiH. (as of 2025)")
    # Who held the post before him is another question (who came before).
    assert not asked(engine, "Who was EUSR for the dialogue before Sørensen?").career
    assert_declined_for(engine, "What was Maurizio Fronda's post before he took over EUFOR?", "the earlier post")


def test_which_five_things_wants_them_named_not_counted(engine: Engine) -> None:
    question = asked(engine, "Which five chapters did Montenegro close in December 2025?")
    assert question.which_many == ("5", "chapters")
    assert not specifics.gives(question, "In December 2025 a conference closed five chapters, adding to Chapter 5. "
                                         "(as of 2026)")
    assert specifics.gives(question, "In December 2025 it closed five chapters: 7, 10, 20, 28 and 29. (as of 2026)")
    # "How many chapters?" asks the count, which it gives.
    assert not any(asked(engine, "How many chapters did Montenegro close in December 2025?").which_many)


def test_who_did_something_wants_an_answer_saying_it(engine: Engine) -> None:
    question = asked(engine, "Who drafted the resolution that renewed EUFOR in 2025?")
    assert question.agent == "drafted"
    assert not specifics.gives(question, "The Commander of EUFOR Althea is Major General Fronda. (as of 2026)")
    assert specifics.gives(question, "Resolution 2795, drafted by Greece, renewed EUFOR. (as of 2025)")
    assert_declined_for(engine, "Who wrote the EUISS brief on EU-NATO cooperation against hybrid threats?",
                        "who wrote it")
    # "Which commissioner presented it?" asks who as well.
    assert asked(engine, "Which Commissioner presented the 2018 Western Balkans strategy?").agent == "presented"
    assert not asked(engine, "Which mission presented its report?").agent
    # Of a document named by its number, in the record of that number.
    numbered = asked(engine, "Who drafted UNSC resolution 2757?")
    renewals = ("Resolution 2795, drafted by Greece, renewed EUFOR. (as of 2025) "
                "Resolution 2757 was adopted on 1 November 2024. (as of 2024)")
    assert not specifics.gives(numbered, renewals)
    assert specifics.gives(asked(engine, "Who drafted UNSC resolution 2795?"), renewals)


def test_who_requested_a_mission_is_answered_by_the_record_of_the_request(engine: Engine) -> None:
    # Words asked for (who requested it) are by words: a record with them stands in for the
    # commander's intent more readily than a date of anything would (bot/decide.py).
    assert asked(engine, "Who requested Operation Concordia?").by_words
    assert not asked(engine, "In which month did Albania apply to join the EU?").by_words
    for question in ("Who requested Operation Concordia?", "Кој ја побара операцијата Конкордија?"):
        reply = engine.answer(question)
        assert "request from President Trajkovski" in reply.text, reply.text


def test_a_share_in_a_quoted_name_is_no_figure(engine: Engine) -> None:
    question = asked(engine, "What percentage of CFSP declarations did Kosovo align with in 2023?")
    assert question.share
    assert not specifics.gives(question, "On 29 March 2023 Kosovo* launched the 'Western Balkans QUAD – 100% "
                                         "alignment with EU CFSP' platform. (as of March 2023)")
    # A share quoted from what someone said is one.
    assert specifics.gives(question, "In 2023 Borrell said Kosovo* 'continues 100% alignment'. (as of 2023)")


def test_who_voted_against_wants_that_side_of_the_vote(engine: Engine) -> None:
    question = asked(engine, "How many MPs voted against Montenegro joining EUMAM Ukraine?")
    assert question.dissent == "against"
    assert not specifics.gives(question, "Parliament approved it by 49 of 81 votes. (as of 2023)")
    assert specifics.gives(question, "49 MPs voted in favour and 2 against. (as of 2023)")
    assert asked(engine, "Koje su partije glasale protiv slanja vojnika?").dissent == "against"
    # "against" with no vote is no side of a vote.
    assert not asked(engine, "When did Serbia align with the sanctions against Russia?").dissent


def test_an_acronym_the_base_does_not_know_must_be_in_the_answer(engine: Engine) -> None:
    assert specifics.acronyms_in("Do they take part in PESCO under IPA III?") == ("pesco", "ipa")
    assert_declined_for(engine, "Which Western Balkans countries take part in PESCO projects?", "pesco")
    # Acronyms the base knows, in any of the region's forms, ask nothing more.
    assert not engine.understand("Koje su zemlje uskladjene sa ZSBP?").asked.quoted
    assert not engine.understand("Cili ishte misioni i parë i PPSM-së?").asked.quoted


def test_a_sum_of_a_year_is_stated_with_that_year() -> None:
    question = specifics.Asked(years=("2025",), money=True)
    record = ("Albania has two measures: €13 million adopted on 15 July 2024, its first, and a second one of "
              "25 July 2025, whose amount was not confirmed. (as of 25 July 2025)")
    assert not specifics.gives(question, record)  # the €13 million is of 2024
    assert specifics.gives(specifics.Asked(years=("2024",), money=True), record)


def test_how_many_of_a_list_is_given_by_its_items(engine: Engine) -> None:
    # "How many countries have an FPA?": the partners that have one, one by one.
    reply = engine.answer("how many countries have an FPA?")
    assert reply.kind == ANSWER and reply.intent == "partners.fpa"
    # A list of one partner's dated contributions does not count its soldiers.
    assert engine.answer("How many Montenegrin soldiers will go to EUMAM Ukraine?").kind == OUT_OF_SCOPE


@pytest.mark.parametrize("question", ["Ko vodi misiju OEBS-a na Kosovu?",
                                      "Kush e drejton Misionin e OSBE-së në Kosovë?"])
def test_another_organisation_named_is_not_answered_by_an_eu_record(engine: Engine, question: str) -> None:
    assert asked(engine, question).bodies == ("osce",)
    assert not specifics.gives(asked(engine, question), "The Head of EULEX is Giovanni Pietro Barbano.")
    assert engine.answer(question).kind == OUT_OF_SCOPE  # not EULEX's head
    # A record that names it answers: "the EU took over from NATO's SFOR".
    assert engine.answer("when did the eu take over from nato in macedonia").kind == ANSWER


def test_a_record_that_names_the_person_asked_about_answers_for_him(engine: Engine) -> None:
    # Soreca's term reads "until when ... mandate run" better, but the question is about Sattler.
    reply = engine.answer("until when did Sattler's mandate run?")
    assert reply.kind == ANSWER and "Sattler" in reply.text and "31 August 2024" in reply.text, reply.text


def test_a_figure_asked_of_a_news_agency_must_be_its_own(engine: Engine) -> None:
    question = asked(engine, "How many troops did the BBC say Concordia had?")
    assert question.authorities == ("bbc",)
    assert not specifics.gives(question, "Concordia had about 350 troops, according to European Voice.")
    reply = engine.answer("How many troops did the BBC say Concordia had?")
    assert reply.kind == OUT_OF_SCOPE and "by BBC" in reply.text
    xinhua = asked(engine, "what did Xinhua report about EUFOR's size?")
    assert specifics.unmet(xinhua, "EUFOR has 600 troops.").describe() == "by Xinhua"


def test_a_date_is_asked_of_the_record_that_reads_the_question() -> None:
    question = specifics.Asked(day=True, subject=frozenset({"parliament", "vote", "eumam", "ukraine"}))
    answer = ("In July 2025 parliament approved sending troops to EUMAM Ukraine, by 49 of 81 votes. "
              "(as of 11 July 2025) On 25 April 2014 the committee backed sending troops to EUTM Mali. "
              "(as of 25 April 2014)")
    # The day of another vote, beside it, does not date this one.
    assert specifics.unmet(question, answer).describe() == "the exact date"
    mali = specifics.Asked(day=True, subject=frozenset({"committee", "eutm", "mali"}))
    assert specifics.gives(mali, answer)


def test_a_count_is_asked_of_the_record_that_reads_the_question(engine: Engine) -> None:
    question = asked(engine, "how many soldiers from Montenegro went to the EU mission training Ukrainians (EUMAM)?")
    answer = ("In 2025 Montenegro's parliament approved sending members of its Armed Forces to EUMAM Ukraine. "
              "(as of 2025) "
              "In 2014 Montenegro sent 2 officers to EUTM Mali. (as of 2014)")
    assert not specifics.gives(question, answer)  # Mali's officers are not Ukraine's soldiers
    assert specifics.gives(question, answer.replace("members of its Armed Forces", "12 soldiers"))


def test_which_decision_wants_its_number(engine: Engine) -> None:
    for question in ("which council decision extended EULEX until 2027?", "the resolution number for EUFOR in 2021",
                     "what is the number of the council decision that extended EULEX?",
                     "koja odluka Vijeća je produžila EULEX do 2027?"):
        assert asked(engine, question).document, question
    question = asked(engine, "which council decision extended EULEX until 2027?")
    assert not specifics.gives(question, "The Council extended EULEX until 14 June 2027. (as of 17 June 2025)")
    assert specifics.gives(question, "Council Decision (CFSP) 2025/1185 extended EULEX until 14 June 2027.")
    assert specifics.gives(asked(engine, "which UN resolution authorised EUFOR?"), "Resolution 1575 authorised it.")
    # A decision the question only mentions asks for no number.
    assert not asked(engine, "when did the council decide to launch EULEX?").document
    assert_declined_for(engine, "which council decision extended EULEX until 2027?", "the document's number")


def test_before_or_after_a_person_named_asks_who_held_the_post_then(engine: Engine) -> None:
    question = asked(engine, "who led EULEX before Barbano?")
    assert question.neighbour == "before"
    assert not specifics.gives(question, "The Head of EULEX is Giovanni Pietro Barbano.", engine.surnames)
    before_szunyog = asked(engine, "who was the EU's special representative in Kosovo before Szunyog?")
    after_szunyog = asked(engine, "who succeeded Szunyog in Kosovo?")
    assert after_szunyog.neighbour == "after"
    record = "Before Orav, Tomáš Szunyog was appointed EU Special Representative in Kosovo on 1 September 2020."
    # Orav came after Szunyog: the record says who came after him, not who came before.
    assert not specifics.gives(before_szunyog, record, engine.surnames)
    assert specifics.gives(after_szunyog, record, engine.surnames)
    took_over = "Fronda took over from Major General Florin-Marian Barbu on 21 January 2026."
    assert specifics.gives(asked(engine, "who commanded EUFOR before Fronda?"), took_over, engine.surnames)
    assert specifics.gives(asked(engine, "who came after Barbu?"), took_over, engine.surnames)
    predecessor = "Sørensen's predecessor as EU Special Representative for the Dialogue was Miroslav Lajčák."
    assert specifics.gives(asked(engine, "who replaced Lajčák as envoy?"), predecessor, engine.surnames)
    assert specifics.gives(asked(engine, "who held the post before Sørensen?"), predecessor, engine.surnames)
    # Inflected, in the region's languages; not "after" something else than the person.
    assert asked(engine, "Ko je bio specijalni predstavnik EU u BiH prije Johanna Sattlera?").neighbour == "before"
    assert not asked(engine, "Where did Orav go after Kosovo?").neighbour
    assert not asked(engine, "when did Barbano become head of EULEX?").neighbour
    assert_declined_for(engine, "who was the head of EULEX before Barbano?", "who held the post before or after")


def test_which_country_wants_a_country_the_question_does_not_name(engine: Engine) -> None:
    question = asked(engine, "Which EU battlegroup did North Macedonia join in 2012, and which country led it?")
    assert question.countries and "macedonia" not in question.countries
    assert not specifics.gives(question, "North Macedonia took part in an EU Battlegroup in 2012.")
    assert specifics.gives(question, "North Macedonia joined the HELBROC battlegroup led by Greece in 2012.")
    # "which United Nations body" asks for no country.
    assert not asked(engine, "which UN body did EUPM take over from?").countries
    # "Where is he from?" asks a person's country too.
    origin = asked(engine, "Where is Giovanni Pietro Barbano from?")
    assert origin.countries and not specifics.gives(origin, "The Head of EULEX is Giovanni Pietro Barbano.")
    assert asked(engine, "where does Fronda come from?").countries
    assert not asked(engine, "where is EUPAT's headquarters?").countries
    # the sources lack it, and its "unconfirmed_battlegroup" record says so
    reply = engine.answer("which country led the EU battlegroup North Macedonia joined in 2012?")
    assert reply.kind == MISSING_FACT and "nor the country that led it" in reply.text, reply.text


def test_a_state_the_question_names_is_named_in_the_answer(engine: Engine) -> None:
    question = asked(engine, "how many German soldiers serve in EUFOR Althea?")
    assert len(question.states) == 1 and {"germany", "german"} <= question.states[0]
    assert not specifics.gives(question, "EUFOR Althea has about 1,100 troops. (as of 2024)")
    assert specifics.gives(question, "Germany sent 50 soldiers to EUFOR. (as of 2024)")
    # A partner is an entity, named or as the place: not a state to look for.
    assert not asked(engine, "how many soldiers does EUFOR have in Bosnia?").states
    assert not asked(engine, "how many Serbian doctors served in EUTM Somalia?").states
    # A state named as whose word it is, is no state asked of.
    assert not asked(engine, "until when was it called ECMM, according to the Swedish Armed Forces?").states
    # A partner whose name starts alike answers nothing of another state ("Mo": Montenegro, Moldova).
    moldova = asked(engine, "How much did the EU give Moldova under the European Peace Facility in 2024?")
    assert moldova.states == (frozenset({"moldova"}),)
    assert not specifics.gives(moldova, "Montenegro got €6 million in 2024. (as of 2024)")
    # A partner's name that no entity of the base has (a base without Kosovo*) is no other
    # state either: nothing to look for, and nothing to name in "my sources don't give that".
    assert specifics._states_named(["when", "did", "kosovo", "apply"], set(), engine.kb.language) == ()
    assert_declined_for(engine, "how many Austrian police officers served in EUPM?", "Austria")
    # In the region's languages too ("turskih": Turkish), and "Spanja" is Spain, no month.
    assert "turkey" in asked(engine, "Koliko turskih vojnika služi u EUFOR-u?").states[0]
    assert engine.understand("Kur do ta njohë Spanja pavarësinë e Kosovës?").words.count("spain") == 1


def test_how_much_asks_for_a_sum_of_the_one_it_counts(engine: Engine) -> None:
    question = asked(engine, "how much was the second EPF measure for Albania?")
    assert question.money and question.ordinals == ("second",)
    record = ("Albania has two measures: €13 million adopted on 15 July 2024, its first, and a second one of "
              "25 July 2025, whose amount was not confirmed. (as of 25 July 2025)")
    assert not specifics.gives(question, record)  # the €13 million is the first's
    assert specifics.gives(asked(engine, "how much was the first EPF measure for Albania?"), record)
    assert not specifics.gives(asked(engine, "how much ransom did the hackers demand?"),
                               "The cyber-attack hit 10 state institutions. (as of 2022)")
    # A degree is no sum.
    for degree in ("how much does Macedonia align with EU foreign policy?", "how much did Serbia's alignment fall?",
                   "by how much had Serbia's compliance fallen?"):
        assert not asked(engine, degree).money, degree


def test_who_signed_wants_a_person(engine: Engine) -> None:
    question = asked(engine, "who signed the counter-terrorism action plan for the Commission?")
    assert question.person
    assert not specifics.gives(question, "The plan was signed in Sarajevo on 30 October 2025.", engine.surnames)
    assert specifics.gives(question, "Commissioner Magnus Brunner signed it.", engine.surnames)


def test_the_most_wants_an_answer_that_says_which_is_most(engine: Engine) -> None:
    question = asked(engine, "which country sends the most soldiers to EUFOR?")
    assert question.superlative
    assert not specifics.gives(question, "Albania sent 30 troops; North Macedonia sent 10.")
    assert specifics.gives(question, "Austria is the largest contributor to EUFOR.")
    assert specifics.gives(question, "Austria sends the most troops.")
    # "most" of a number is no superlative
    assert not specifics.gives(question, "Its staff came from most EU member states and from Canada.")
    assert not asked(engine, "which hybrid threats hit the region most?").superlative  # an adverb


def test_when_signed_wants_the_signing_dated(engine: Engine) -> None:
    question = asked(engine, "when did Serbia sign its FPA?")
    assert question.signed
    assert not specifics.gives(question, "The Council decision is dated 20 December 2010; it was signed in Belgrade.")
    assert specifics.gives(question, "It was signed in Belgrade on 8 June 2011.")
    # Serbia's signing day is unconfirmed (the fact sheet's section 8): never stated.
    assert "8 June 2011" not in engine.answer("when did Serbia sign its FPA?").text


def test_a_state_the_base_itself_names_is_no_state_asked_of(engine: Engine) -> None:
    # Russia is what the sanctions phrasings name: the subject, not another state to find.
    assert not asked(engine, "has Serbia imposed sanctions on Russia?").states
    assert "russia" in engine.understander.subject_states and "germany" not in engine.understander.subject_states


def test_a_sum_of_a_span_of_years_is_stated_with_both(engine: Engine) -> None:
    question = asked(engine, "what is EULEX's budget for the 2025-2027 mandate?")
    assert question.money and question.years == ("2025", "2027")
    record = "The mandate was extended to 14 June 2025, with a budget of €165 million. (as of 2023)"
    assert not specifics.gives(question, record)
    assert specifics.gives(question, "For June 2025 to June 2027 the budget is €200 million. (as of 2025)")


def test_when_will_wants_what_is_to_come(engine: Engine) -> None:
    question = asked(engine, "when will Serbia open chapter 31?")
    assert question.future
    assert not specifics.gives(question, "Serbia had not opened Chapter 31 by July 2018. (as of 2018)")
    assert specifics.gives(question, "The Commission expects Chapter 31 to be opened in 2027. (as of 2025)")
    assert asked(engine, "Kada će Crna Gora postati članica EU?").future
    # "get going" is no future; "what will Albania's EPF measure buy?" asks what, not when.
    assert not asked(engine, "when did eulex get going").future
    assert not asked(engine, "what will Albania's first EPF measure buy?").future


def test_a_degree_is_no_sum_and_a_peak_is_the_most(engine: Engine) -> None:
    assert not asked(engine, "Колико је износила усклађеност Србије са ЗСБП 2022?").money
    question = asked(engine, "what was the largest number of police officers EUPM ever had?")
    assert specifics.gives(question, "EUPM peaked at 880 police officers in late 2004.")


def test_until_today_asks_for_the_record_so_far(engine: Engine) -> None:
    assert asked(engine, "how many troops does EUFOR have today?").current
    assert not asked(engine, "which is the largest EU civilian mission until today?").current
    assert not asked(engine, "which of the EU's Balkan deployments are over now?").current  # so far
    assert not asked(engine, "the EU missions in the Western Balkans that are now closed").current
    assert engine.answer("which of the EU's Balkan deployments are over now?").intent == "missions.ended"
    assert not asked(engine, "Cili është misioni më i madh civil i BE-së deri më sot?").current


def test_a_detail_only_an_answer_naming_it_gives(engine: Engine) -> None:
    question = asked(engine, "what is the salary of the EUFOR commander?")
    assert question.details == ("salary",)
    assert not specifics.gives(question, "The Commander of EUFOR Althea is Major General Maurizio Fronda.")
    assert specifics.gives(question, "The commander's salary is not public.")
    assert asked(engine, "Ko je zamjenik komandanta EUFOR-a?").details == ("deputy",)
    # "take place" is no salary ("plaće" folds to "place"): read as written.
    assert not asked(engine, "where do EUMAM Ukraine's activities take place?").details
    assert_declined_for(engine, "what weapons do EULEX police officers carry?", "the weapons")
    assert_declined_for(engine, "What is the name of the camp where EUFOR's headquarters is located?", "the camp")
    assert_declined_for(engine, "which company built the vehicles albania got from the epf?", "the company")
    assert asked(engine, "Koja kompanija je isporučila opremu?").details == ("company",)
    # a hacker group is a detail; "hakerski napad" alone is the cyber-attack the records tell of
    assert asked(engine, "Koja hakerska skupina je napala Crnu Goru?").details == ("hacker",)
    assert not asked(engine, "kad je bio hakerski napad na Crnu Goru?").details
    # A judgement ("successful", "a failure", "justified") is a detail only an answer stating it gives.
    assert asked(engine, "Is Serbia's refusal to sanction Russia justified?").details == ("justified",)
    assert asked(engine, "A ishte EULEX një dështim?").details == ("failure",)
    assert asked(engine, "Da li je EULEX bio uspešan?").details == ("successful",)
    assert engine.answer("Was EUPM a success or a failure?").kind == OUT_OF_SCOPE
    # A unit asked of ("which Albanian unit?", "who commands the Formed Police Unit?") is one too.
    assert asked(engine, "Which Albanian unit was sent to EUFOR in February 2025?").details == ("unit",)
    assert_declined_for(engine, "Who commands the EULEX Formed Police Unit?", "won't guess")


def test_what_the_matched_phrasing_asks_itself_is_what_its_intent_answers(engine: Engine) -> None:
    question = specifics.Asked(details=("successful", "unit"), count=True, counted_things=frozenset({"chapter", "far"}))
    phrased = specifics.without_phrased(question, "how many chapters has {partner} closed so far".split(),
                                        engine.kb.language)
    assert phrased.details == ("successful", "unit") and not phrased.counted_things
    phrased = specifics.without_phrased(question, "was {mission} successful".split(), engine.kb.language)
    assert phrased.details == ("unit",)


def test_the_second_holder_of_an_office_is_the_one_an_answer_says_was_second(engine: Engine) -> None:
    question = asked(engine, "Who was the second head of EULEX?")
    assert question.person and question.ordinals == ("second",)
    assert not specifics.gives(question, "The Head of EULEX is Giovanni Pietro Barbano. (as of 18 September 2025)")
    assert specifics.gives(question, "Xavier de Marnhac was the second Head of EULEX. (as of 2010)", ("marnhac",))
    assert_declined_for(engine, "Who was the second head of EULEX?", "the person")


def test_a_partner_named_by_its_adjective_is_named_by_the_answer(engine: Engine) -> None:
    question = asked(engine, "who commands the Albanian contingent in EUFOR?")
    assert question.partners
    assert not specifics.gives(question, "The Commander of EUFOR Althea is Major General Maurizio Fronda.")
    assert specifics.gives(question, "Major Arben Hoxha commands Albania's contingent of 30 troops.")
    # Named as itself ("Montenegro closed ..."), a partner is the subject the answer is about.
    assert not asked(engine, "which chapter did Montenegro close in June 2025?").partners


def test_a_nationality_is_a_state_and_not_where_one_serves(engine: Engine) -> None:
    question = asked(engine, "what nationality is Aivo Orav?")
    assert question.countries and "kosovo" not in question.countries
    assert not specifics.gives(question, "Aivo Orav was EU Special Representative in Kosovo from 2024.")
    assert specifics.gives(question, "Estonian diplomat Aivo Orav was EU Special Representative in Kosovo.")
    assert specifics.gives(asked(engine, "what nationality is Peter Sørensen?"),
                           "In January 2025 the Council appointed Danish diplomat Peter Sørensen.")


def test_a_list_of_a_given_length_wants_that_many_states(engine: Engine) -> None:
    question = asked(engine, "list all 23 troop-contributing nations of EUFOR")
    assert question.listed == 5
    assert not specifics.gives(question, "EUFOR Althea had 23 troop-contributing nations in 2024.")
    assert specifics.gives(question, "The 23 include Austria, Bulgaria, Hungary, Italy, Romania and Slovakia.")
    assert asked(engine, "which five EU states do not recognise Kosovo?").listed == 5
    assert asked(engine, "which eight countries have security and defence partnerships?").listed == 8
    assert not asked(engine, "did the 27 member states agree on EULEX?").listed  # no list asked


def test_percent_and_how_big_an_alignment_ask_for_a_share_a_named_percent_does_not(engine: Engine) -> None:
    for text in ("Sa përqind ishte harmonizimi i Shqipërisë sipas Komisionit?", "what percent did Serbia align?",
                 "Kolika je bila usklađenost Srbije sa ZSBP?"):
        assert engine.understand(text).asked.share, text
    assert not engine.understand("who has 100% alignment").asked.share
    assert not engine.understand("who aligns 100 percent with EU sanctions?").asked.share


def test_the_nationality_of_a_person_named_is_in_a_clause_naming_him(engine: Engine) -> None:
    question = asked(engine, "What nationality is Miroslav Lajčák?")
    answer = ("Sørensen's predecessor was Miroslav Lajčák, whose mandate was extended. "
              "The EU Special Representative is Danish diplomat Peter Sørensen.")
    assert not specifics.gives(question, answer)
    assert specifics.gives(asked(engine, "What nationality is Peter Sørensen?"), answer)
    assert engine.answer("What nationality is Miroslav Lajčák?").kind == OUT_OF_SCOPE


def test_a_person_asked_by_title_is_named_with_that_title(engine: Engine) -> None:
    question = asked(engine, "Who was the enlargement commissioner when the 2018 strategy came out?")
    assert question.person and question.title == "commissioner"
    assert not specifics.gives(question, "The European Commission adopted it; President Juncker had announced it.")
    assert specifics.gives(question, "HR/VP Mogherini and Commissioner Hahn presented it.")
    # "who heads EULEX?" is answered by "The Head of EULEX is ...": no title to name
    assert asked(engine, "who heads EULEX?").title == ""


@pytest.mark.parametrize("question", ["Is EUFOR Althea still needed, in your opinion?",
                                      "Should Serbia impose sanctions on Russia?",
                                      "Will Serbia ever join EU sanctions on Russia?",
                                      "Will Kosovo sign a framework participation agreement next year?",
                                      "Will the Security Council renew EUFOR again in autumn 2026?",
                                      "what do you think, should Bosnia join?",
                                      "Hoće li BiH ikada ući u EU?",
                                      "Po vašem mišljenju, treba li EUFOR ostati u BiH?",
                                      "Was Serbia wrong to refuse sanctions on Russia?",
                                      "Je li Srbija u pravu što ne uvodi sankcije Rusiji?"])
def test_an_opinion_or_a_prediction_is_declined_with_the_nearest_offered(engine: Engine, question: str) -> None:
    assert asked(engine, question).opinion
    reply = engine.answer(question)
    assert reply.kind == OUT_OF_SCOPE and "an opinion or a prediction" in reply.text and "won't guess" in reply.text


@pytest.mark.parametrize("question", ["has Serbia ever imposed sanctions on Russia?",
                                      "what was the first CSDP mission the EU ever launched?",
                                      "what did the Commission say Serbia should do on foreign policy?",
                                      "what is the ICJ advisory opinion on Kosovo about?",
                                      "when will EULEX's mandate end?",
                                      "does Kosovo have the right to join EU missions?"])
def test_a_question_of_record_is_no_opinion(engine: Engine, question: str) -> None:
    assert not asked(engine, question).opinion


@pytest.mark.parametrize(("question", "number"), [
    ("resolution number for the 2021 EUFOR renewal", "2604"),
    ("which resolution renewed EUFOR in November 2021?", "2604"),
    ("Која резолуција из 2024. је продужила мандат ЕУФОР Алтеа?", "2757")])
def test_a_document_of_a_year_is_the_record_that_numbers_it_in_that_year(engine: Engine, question: str,
                                                                          number: str) -> None:
    # The fact's first record names Resolution 1575 and, in another clause, the renewals of
    # 2021, 2024 and 2025: not the number asked for; the record of that renewal is.
    assert not specifics.gives(asked(engine, question), "Resolution 1575 was adopted in 2004; later resolutions "
                               "renewed it (2021, 2024 and 2025).")
    reply = engine.answer(question)
    assert reply.kind == ANSWER and number in reply.text


def test_when_something_first_happened_is_answered_by_when_it_began(engine: Engine) -> None:
    question = asked(engine, "When did EULEX's Formed Police Unit first deploy to Kosovo?")
    later = "EULEX's Formed Police Unit had 105 Polish officers on 18 September 2025."
    began = "The Formed Police Unit has served in EULEX since 2008."
    assert question.began and [specifics.gives(question, text) for text in (later, began)] == [False, True]
    assert not asked(engine, "When was EULEX launched?").began


def test_first_in_a_description_asks_for_no_first_holder(engine: Engine) -> None:
    reply = engine.answer("Who was the Operation Commander of the EU's first-ever military operation in Macedonia?")
    assert reply.kind == ANSWER and "Feist" in reply.text, reply.text
    assert asked(engine, "who was the first commander of EUFOR?").first


def test_which_country_of_a_numbered_thing_is_named_in_its_clause(engine: Engine) -> None:
    question = asked(engine, "Which country drafted UN resolution 2757 on EUFOR?")
    assert question.countries and question.figures == ("2757",)
    assert not specifics.gives(question, "Resolution 2757 renewed EUFOR in 2024; Resolution 2795, drafted by "
                                         "Greece, renewed it in 2025.")
    assert specifics.gives(question, "Resolution 2757, drafted by Greece, renewed EUFOR in 2024.")


@pytest.mark.parametrize(("question", "said", "gives"), [
    ("Who commanded EUFOR when the strategic reserve came in spring 2024?",
     "HR/VP Borrell said the EU had almost doubled its presence.", False),
    ("Who commanded EUFOR when the strategic reserve came in spring 2024?",
     "Around April 2024 the Commander of EUFOR Althea was Major General László Sticz.", True),
])
def test_who_commanded_is_answered_by_a_commander(engine: Engine, question: str, said: str, gives: bool) -> None:
    assert specifics.gives(asked(engine, question), said) == gives


def test_a_title_alone_names_no_one(engine: Engine) -> None:
    question = asked(engine, "What is the name of Montenegro's Defence Minister who said EUMAM happens in Poland?")
    assert question.person
    assert not specifics.gives(question, "According to Montenegro's Defence Minister, its activities take place "
                                         "on EU territory (Poland, Germany).")
    assert specifics.gives(question, "Defence Minister Dragan Krapović said its activities take place in Poland.")


def test_a_place_after_how_many_is_not_what_is_counted(engine: Engine) -> None:
    # "in the country" says where: the count is of what the conversation is about (troops)
    assert not asked(engine, "and how many in the country?").counted
    assert "troops" in asked(engine, "how many troops in the country?").counted
    assert "countries" in asked(engine, "how many countries send troops?").counted
    state = Conversation()
    engine.answer("How many troops did EUFOR have in February 2022?", state)
    reply = engine.answer("and how many in the country?", state)
    assert "600" in reply.text, reply.text


def test_a_status_asked_now_is_no_figure_of_today(engine: Engine) -> None:
    assert not asked(engine, "What status does Kosovo have now?").current
    assert asked(engine, "How many troops does EUFOR have now?").current  # a figure: dated this year or so
    reply = engine.answer("What status does Kosovo have now?")
    assert reply.kind == "answer" and "potential candidate" in reply.text, reply.text
    # where a partner stands, its relations or its path: a status too (knowledge/language.yaml)
    assert not asked(engine, "how do relations between Serbia and the EU stand at the moment?").current
    reply = engine.answer("where is montenegro on its eu path these days?")
    assert reply.kind == "answer" and "montenegro" in reply.entities, reply.text


def test_where_a_mission_is_run_from_asks_its_headquarters_not_a_country(engine: Engine) -> None:
    assert asked(engine, "where is the head of EULEX from?").countries
    assert not asked(engine, "where is EULEX run from?").countries
    reply = engine.answer("where was EULEX managed from?")
    assert reply.intent == "mission.headquarters" and "Prishtin" in reply.text, reply.text


def test_where_something_comes_from_asks_its_origin_not_a_country(engine: Engine) -> None:
    assert asked(engine, "where does he come from?").countries  # of a person: a state
    assert asked(engine, "where do the EUFOR troops come from?").countries
    assert not asked(engine, "where does Serbia's obligation to align come from?").countries
    reply = engine.answer("Is Serbia obliged to follow EU foreign policy, and where does that obligation come from?")
    assert reply.intent == "partner.alignment_duty" and "negotiating framework" in reply.text, reply.text


def test_how_much_a_partner_aligns_asks_a_degree_not_a_count(engine: Engine) -> None:
    # "koliko" is "how many" and "how much" alike: with a verb of degree it asks how far
    assert not asked(engine, "Koliko se BiH usklađuje s vanjskom politikom EU?").count
    assert asked(engine, "how many countries align fully with the CFSP?").count
    assert asked(engine, "Koliko je iznosila usklađenost Srbije?").count  # the alignment's figure
    reply = engine.answer("Koliko se BiH usklađuje s vanjskom politikom EU?")
    assert reply.intent == "partner.alignment_record" and "fully aligned" in reply.text, reply.text


def test_the_big_picture_of_alignment_asks_no_share(engine: Engine) -> None:
    assert not asked(engine, "cfsp alignment in the western balkans, give me the big picture").share
    assert asked(engine, "how big was Serbia's alignment?").share
    reply = engine.answer("cfsp alignment in the western balkans, give me the big picture")
    assert reply.kind == "answer" and "No ISAC" not in reply.text, reply.text  # not what the sources lack


def test_who_is_in_charge_asks_for_a_person(engine: Engine) -> None:
    assert asked(engine, "Who is in charge of EULEX?").person
    assert "Barbano" in engine.answer("Who is in charge of EULEX?").text


def test_who_comes_next_is_not_answered_by_who_came_before(engine: Engine) -> None:
    # "Before Soreca, Johann Sattler was EU Special Representative in BiH ..." names no successor
    question = asked(engine, "who will succeed him?")
    assert question.successor
    assert specifics.unmet(question, "Before Soreca, Johann Sattler was EU Special Representative in BiH.").successor
    assert not specifics.unmet(question, "Orav was expected to be succeeded by a new EUSR.").successor
    assert specifics.unmet(question, "The Commander is Fronda, who took over from Barbu.").successor
