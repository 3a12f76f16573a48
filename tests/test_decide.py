"""decide: one choice over the intent and fact readings, on one scale."""

from __future__ import annotations

import pytest

from bot import decide
from bot.fact_reader import FactReading
from bot.knowledge import FactRef
from bot.match import Candidate

WORDS = ("when", "did", "eulex", "start")
KNOWN = {"when", "did", "eulex", "start"}


def intent(score: float, name: str = "mission.launched") -> Candidate:
    return Candidate(name, score, "")


def fact(score: float) -> FactReading:
    return FactReading(FactRef("eulex", "budget", (0,)), score)


def choose(intents: list[Candidate], facts: list[FactReading], **options: object) -> decide.Decision:
    return decide.decide(intents, WORDS, KNOWN, has_entity=True, facts=facts, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("intent_score", "fact_score", "action"), [
    (0.95, 0.90, decide.ANSWER),       # a sure intent answers (lists, templates)
    (0.55, 0.90, decide.FACT),         # a weak intent yields to a much better fact
    (0.30, 0.60, decide.FACT),         # only the fact reads the question
    (0.70, 0.40, decide.ANSWER),       # the fact reading is below the threshold
    (0.70, 0.71, decide.AMBIGUOUS),    # close, and they answer differently: ask
    (0.30, 0.30, decide.OUT_OF_SCOPE), # neither reads it: never bluff
])
def test_the_better_reading_answers(intent_score: float, fact_score: float, action: str) -> None:
    assert choose([intent(intent_score)], [fact(fact_score)]).action == action


def test_the_fact_is_given_when_chosen() -> None:
    choice = choose([intent(0.4)], [fact(0.8)])
    assert choice.action == decide.FACT and choice.fact is not None and choice.fact.ref.entity == "eulex"


def test_an_intent_without_an_answer_yields_to_a_fact() -> None:
    assert choose([intent(0.78)], [fact(0.6)], intent_answers=False).action == decide.FACT


def test_a_fair_intent_without_an_answer_yields_only_to_a_fact_probably_right() -> None:
    # "does Serbia have a security and defence partnership?" (0.78, none recorded) is not
    # answered with Serbia's Chapter 31 (0.42): the bot says it has no sourced answer
    assert choose([intent(0.78)], [fact(0.42)], intent_answers=False).action == decide.ANSWER
    assert choose([intent(0.65)], [fact(0.42)], intent_answers=False).action == decide.FACT  # a weak intent


def test_a_fact_of_a_mission_placed_where_a_partner_is_named_yields_to_a_fair_intent() -> None:
    # "is North Macedonia in EU missions?": Concordia's commander (a mission working there,
    # 0.86) is no answer on North Macedonia, which an intent reads fairly (0.77)
    assert choose([intent(0.77)], [fact(0.86)], fact_named=False).action == decide.ANSWER
    assert choose([intent(0.77)], [fact(0.86)]).action == decide.FACT  # a fact of what it names
    assert choose([intent(0.55)], [fact(0.86)], fact_named=False).action == decide.FACT  # a weak intent


def test_two_readings_of_the_same_fact_are_no_question() -> None:
    assert choose([intent(0.70)], [fact(0.71)], same_answer=True).action == decide.ANSWER


def test_a_declining_intent_keeps_another_subject_out() -> None:
    declines = frozenset({"decline.nato"})
    choice = choose([intent(0.75, "decline.nato")], [fact(0.70)], declines=declines)
    assert choice.action == decide.ANSWER and choice.best is not None and choice.best.intent == "decline.nato"


def test_a_decline_too_unsure_to_decline_does_not_stop_a_fact() -> None:
    # "Who replaced Sattler in Bosnia?" reads a little like politics (0.48), and as a fact.
    declines = frozenset({"decline.politics"})
    choice = choose([intent(0.48, "decline.politics")], [fact(0.46)], declines=declines)
    assert choice.action == decide.FACT


def test_a_fact_of_something_the_question_does_not_name_yields_to_the_intent() -> None:
    # "Which areas does North Macedonia's partnership cover?" is not the ECMM's deployment.
    assert choose([intent(0.6)], [fact(0.9)], fact_placed=False).action == decide.ANSWER
    assert choose([intent(0.6)], [fact(0.9)]).action == decide.FACT


def test_keyboard_mashing_is_unclear_not_out_of_scope() -> None:
    choice = decide.decide([intent(0.1)], ("asdkjh", "qwrtzp"), set(), has_entity=False)
    assert choice.action == decide.UNCLEAR


def test_two_intents_alike_ask_which_was_meant() -> None:
    choice = choose([intent(0.90), intent(0.895, "mission.ended")], [])
    assert choice.action == decide.AMBIGUOUS and choice.runner_up is not None


def test_an_intent_that_does_not_give_what_is_asked_yields_to_a_fact_that_does() -> None:
    # "Which resolution renewed Althea in 2012?": the intent answers with 2004 and 2024.
    assert choose([intent(0.9)], [fact(0.6)], intent_gives=False).action == decide.FACT
    # ... and with no such fact, the bot says its sources don't give it.
    assert choose([intent(0.9)], [], intent_gives=False).action == decide.NOT_GIVEN


def test_a_fact_with_the_words_asked_stands_in_less_surely_than_one_with_a_date() -> None:
    # "Who requested Concordia?": a record with "a request from President Trajkovski" stands
    # in for the sure intent (its commander) at a score a date of anything would not.
    score = (decide.STAND_IN_BY_WORDS + decide.STAND_IN_MIN) / 2
    assert choose([intent(0.9)], [fact(score)], intent_gives=False, asked_by_words=True).action == decide.FACT
    assert choose([intent(0.9)], [fact(score)], intent_gives=False).action == decide.NOT_GIVEN


def test_a_fact_left_out_for_not_giving_what_is_asked_is_offered_when_nothing_answers() -> None:
    left_out = fact(0.9)
    choice = choose([intent(0.2)], [], not_given=left_out)
    assert choice.action == decide.NOT_GIVEN and choice.fact is left_out


def test_a_sure_intent_with_no_answer_yields_only_to_a_fact_about_what_is_asked() -> None:
    assert choose([intent(0.85)], [fact(0.95)], intent_answers=False).action == decide.FACT
    assert choose([intent(0.85)], [fact(0.95)], intent_answers=False, fact_named=False).action == decide.ANSWER


def test_two_intents_alike_settled_by_the_fact_reader_are_not_asked_about() -> None:
    alike = [intent(0.85, "partner.alignment_record"), intent(0.845, "partner.alignment_duty")]
    assert choose(alike, []).action == decide.AMBIGUOUS
    assert choose(alike, [], settled=True).action == decide.ANSWER


def test_a_record_that_the_sources_lack_the_date_asked_answers_over_an_unsure_intent() -> None:
    # "When was the EPF established?": the intent (what the EPF is) reads it at 0.63; the
    # record that the sources do not date it reads it as well as any record, and answers.
    assert choose([intent(0.63, "topic.overview")], [fact(0.58)], same_answer=True, lacking=True).action \
        == decide.FACT
    # Not over a sure intent, nor over one that declines another subject, nor below the threshold.
    assert choose([intent(0.85)], [fact(0.58)], same_answer=True, lacking=True).action == decide.ANSWER
    declined = choose([intent(0.63, "decline.nato")], [fact(0.58)], lacking=True, declines=frozenset({"decline.nato"}))
    assert declined.action != decide.FACT and declined.best is not None and declined.best.intent == "decline.nato"
    assert choose([intent(0.63)], [fact(0.30)], same_answer=True, lacking=True).action == decide.ANSWER
    # Without such a record the intent that states the same fact answers.
    assert choose([intent(0.63, "topic.overview")], [fact(0.58)], same_answer=True).action == decide.ANSWER


def test_a_record_naming_the_person_asked_about_stands_in_however_much_better_another_reads() -> None:
    # "Until when was Lajčák's mandate as dialogue envoy extended?": the record naming him
    # answers, though the end of another EUSR post reads "until when ... extended" better.
    better_read = fact(0.71)
    assert choose([intent(0.64)], [fact(0.58)], intent_gives=False, not_given=better_read).action \
        == decide.NOT_GIVEN
    assert choose([intent(0.64)], [fact(0.58)], intent_gives=False, not_given=better_read,
                  of_person=True).action == decide.FACT
