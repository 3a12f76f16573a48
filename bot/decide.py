"""Decide what to do with the two readings of a question: answer from an intent, answer
from a fact, ask which was meant, or fall back. The one place that chooses.

The thresholds are named settings, chosen on the evaluation set (`python -m bot eval
tests/eval`), in the spirit of Rasa's FallbackClassifier (`threshold`,
`ambiguity_threshold`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.match import Candidate

if TYPE_CHECKING:  # the fact reader needs nothing of this module; only its type is named here
    from bot.fact_reader import FactReading

# Below this similarity the best intent is a guess, and the bot does not bluff. Swept
# on tests/eval once declining intents (intents/declines.yaml) took the near misses:
# 0.40 / 0.46 / 0.50 / 0.54 gave in-scope accuracy 96.7 / 96.6 / 96.4 / 95.9 % and
# out-of-scope rejection 92.2 / 94.6 / 98.4 / 99.2 %. 0.50 gives up 0.3 point of
# accuracy for six points of rejection; above it accuracy falls faster.
MIN_CONFIDENCE = 0.5
# When the two best intents are this close, the question is genuinely ambiguous
# between them, and the bot asks which was meant rather than picking one.
AMBIGUITY_MARGIN = 0.015
# Only offer a "did you mean" choice when the runner-up is itself a plausible reading.
AMBIGUITY_FLOOR = 0.80

# A fact reading is the answer from this score on (the fact reader's calibrated scale,
# where 0.5 means "probably right"; swept on tests/facts/dev and tests/eval). Lowered from
# 0.45 once bot/specifics.py caught more answers to neighbouring questions: on the dev
# halves of eight batches, 0.45 / 0.42 / 0.40 / 0.38 read 90.9 / 91.3 / 91.5 / 91.7% in
# scope and 86.7 / 86.7 / 86.3 / 86.3% declined. From 0.42 to 0.38 in the eighth round,
# with more specifics caught (what was said, what a sum bought, a part of a year, ...):
# on fourteen dev halves 93.3 -> 93.8% in scope, 88.4 -> 88.3% declined.
FACT_MIN_CONFIDENCE = 0.38
# A fact standing in for a sure intent whose answer does not give what is asked (the month
# Albania applied) must be surer: at 0.38, Albania's troops of "February 2025" stood in.
STAND_IN_MIN = 0.42
# ... unless what is asked is words the fact has ("who requested Concordia?": "a request from
# President Trajkovski"), which any date or number does not stand in for.
STAND_IN_BY_WORDS = 0.35
# An intent this sure is the answer (a list, a templated answer) whatever a fact scores:
# intents are written for the questions people ask most, and say more than one record.
INTENT_FIRST = 0.80
# Below that, a fact reading this much better than the intent's is the answer instead;
# closer than READING_MARGIN, and giving another answer, the bot asks which was meant.
FACT_MARGIN = 0.03
# The intent and fact readings agree when the intent states a fact reading this close to
# the fact reader's best: the intent then answers (it says more, and is written for it).
AGREEMENT = 0.1
# A follow-up that names nothing ("for how long?", "who was blamed?") after a fact answer
# weighs the fact just given this much more (swept: 0.15 / 0.3 / 0.45 gave 69.2 / 69.2 / 76.9% of the
# follow-ups of tests/facts/dev right, and 95.6 / 95.6 / 94.1% of tests/eval's).
SAME_FACT_BONUS = 0.45
# A follow-up on an office holder just named ("who did he replace?") reads as that office
# at least this surely.
OFFICE_FOLLOW_UP = 0.9
# In a follow-up on a fact answer, the fact reading answers unless an intent reads the
# question better (swept: -0.05 / 0 / 0.05 / 0.1 gave 65.4 / 69.2 / 69.2 / 69.2% follow-ups on
# tests/facts/dev, 95.3 / 95.2 / 94.9 / 94.9% on tests/eval).
FACT_CONTEXT_MARGIN = 0.0
# A sure intent with no sourced answer for the entity yields only to a fact this sure.
FACT_OVER_MISSING = 0.9
# ... and a fair one only to a fact probably right ("does Serbia have a security and defence
# partnership?" is not answered with its Chapter 31; swept on the dev halves: 0.6 / 0.65 / 0.7
# fair with 0.5 / 0.55 / 0.5 probable fixed 2 / 4 / 1 questions and broke 5 / 5 / 0).
MISSING_FAIR = 0.7
FACT_PROBABLE = 0.5
READING_MARGIN = 0.03
# A record of a mission working where the question names a partner ("is North Macedonia in EU
# missions?": Concordia's commander) yields to an intent about that partner this sure
# (0.6, 0.7 and 0.8 gave the same replies on tests/eval, facts/dev and blind_intents/dev).
PLACED_FACT_YIELDS = 0.7
# Records of two missions working where the question names a partner, this close, are read
# alike: the question asks of them all (0.02, 0.05 and 0.1 gave the same on the dev halves).
PLACED_ALIKE = 0.05
# A fact that gives what is asked stands in for a sure reading that does not only when it
# reads the question nearly as well: "when did BiH sign its SAA?" is not answered with the
# signing of its FPA because the SAA's answer gives only its entry into force.
STAND_IN_MARGIN = 0.08
# Fact readings this close read the question alike: a record of what the sources lack
# among them goes first (engine._lacking_first). A tie, not a margin: at 0.02, questions
# on what a record has ("around when did the cyber-attack start?") got the gap instead.
TIE = 0.001
# A fact reading naming the event a "when ...?" asks of ("appointed") goes before a better one
# that does not, this close (0.015 / 0.03 / 0.06 / 0.1 on the dev halves: 0 / 0 / +1 / +1, none lost).
EVENT_MARGIN = 0.06

ANSWER, AMBIGUOUS, OUT_OF_SCOPE, UNCLEAR = "answer", "ambiguous", "out_of_scope", "unclear"
FACT = "fact"  # answer from a fact record
UNKNOWN_NAME = "unknown_name"  # a mission the knowledge base does not know: say what it covers
# The question asks for a specific (a year, a month, a share: bot/specifics.py) that no
# reading gives: the bot says it has nothing sourced on that, and offers the nearest reading.
NOT_GIVEN = "not_given"

_VOWELS = re.compile(r"[aeiouy]")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


@dataclass(frozen=True)
class Decision:
    """What the engine should do, and the candidates that led there."""

    action: str
    best: Candidate | None
    runner_up: Candidate | None
    ranked: tuple[Candidate, ...]
    # The fact reading: the answer when `action` is FACT, the other choice when AMBIGUOUS.
    fact: FactReading | None = None
    unknown_name: str | None = None  # what was asked, when `action` is UNKNOWN_NAME


def looks_like_words(words: Sequence[str], known: set[str]) -> bool:
    """False for keyboard mashing ("asdkjh qwe") and bare symbols: those are unclear,
    not out of scope. Known words always count as words."""
    wordlike = 0
    for word in words:
        if word in known or (word.isalpha() and _VOWELS.search(word) and not _CONSONANT_RUN.search(word)):
            wordlike += 1
    return wordlike * 2 > len(words)


def decide(ranked: Sequence[Candidate], words: Sequence[str], known: set[str], *, has_entity: bool,
           facts: Sequence[FactReading] = (), intent_answers: bool = True, same_answer: bool = False,
           declines: frozenset[str] = frozenset(), unknown_name: str | None = None,
           fact_context: bool = False, intent_gives: bool = True,
           not_given: FactReading | None = None, fact_named: bool = True, settled: bool = False,
           fact_placed: bool = True, asked_by_words: bool = False, lacking: bool = False,
           of_person: bool = False) -> Decision:
    """Pick an action from the ranked intents and fact readings of one question.

    `intent_answers`: whether the best intent has a sourced answer for the entities at
    hand; `same_answer`: whether it would state the best fact anyway; `declines`: the
    intents that decline another subject; `unknown_name`: a mission the base does not know
    that the question names ("EUPOL Afghanistan"), which no reading may answer for;
    `fact_context`: the conversation points at a fact (a follow-up on a fact answer, or on
    the office holder just named), so a fact reading competes with sure intents too;
    `intent_gives`: whether the best intent's answer gives the specifics the question asks
    for (bot/specifics.py); `not_given`: the best fact reading left out of `facts` because
    it does not give them; `fact_named`: whether the best fact is about an entity the
    question names (or names nothing), `fact_placed` the same or of a mission working in a
    partner it names; `settled`: the best intent is the one of several
    alike that the fact reader agrees with, so no "which did you mean?" between them;
    `asked_by_words`: all the question asks for is words a record has (Asked.by_words);
    `lacking`: the best fact, read as well as any, says the sources lack the date or the
    number asked for; `of_person`: the question names a person its fact readings all name.
    """
    if unknown_name is not None:
        return Decision(UNKNOWN_NAME, ranked[0] if ranked else None, None, tuple(ranked), unknown_name=unknown_name)
    if lacking and facts and facts[0].score >= FACT_MIN_CONFIDENCE and ranked and ranked[0].intent not in declines \
            and ranked[0].score < INTENT_FIRST:
        # "When was the EPF established?": an intent not sure of it answers a neighbouring
        # question (what the EPF is); the record that the sources do not date it answers this.
        return Decision(FACT, ranked[0], None, tuple(ranked), facts[0])
    if not intent_gives and ranked and ranked[0].score >= MIN_CONFIDENCE and ranked[0].intent not in declines:
        # The intent reads the question but answers a neighbouring one ("which resolution
        # renewed Althea in 2012?" with the resolutions of 2004 and 2024): a fact that gives
        # what is asked answers instead; otherwise the bot says it has nothing on it.
        if facts and facts[0].score >= (STAND_IN_BY_WORDS if asked_by_words else STAND_IN_MIN) and \
                (not_given is None or of_person or facts[0].score >= not_given.score - STAND_IN_MARGIN):
            # A record naming the person asked about ("until when was Lajčák's mandate
            # extended?") is about him, however much better another reads the rest.
            return Decision(FACT, ranked[0], None, tuple(ranked), facts[0])
        return Decision(NOT_GIVEN, ranked[0], None, tuple(ranked), not_given)
    choice = _decide(ranked, words, known, has_entity=has_entity, facts=facts, intent_answers=intent_answers,
                     same_answer=same_answer, declines=declines, fact_context=fact_context, fact_named=fact_named,
                     settled=settled, fact_placed=fact_placed)
    if not_given is not None and choice.action == OUT_OF_SCOPE:
        return replace(choice, action=NOT_GIVEN, fact=not_given)
    return choice


def _decide(ranked: Sequence[Candidate], words: Sequence[str], known: set[str], *, has_entity: bool,
            facts: Sequence[FactReading], intent_answers: bool, same_answer: bool, declines: frozenset[str],
            fact_context: bool, fact_named: bool, settled: bool, fact_placed: bool = True) -> Decision:
    """decide() for a question whose readings all give what it asks for."""
    best = ranked[0] if ranked else None
    fact = facts[0] if facts else None
    intent_score = best.score if best is not None else 0.0
    fact_score = fact.score if fact is not None else 0.0
    # A decline too unsure to decline (below MIN_CONFIDENCE) does not stop a fact either.
    if fact is None or fact_score < FACT_MIN_CONFIDENCE or (best is not None and best.intent in declines
                                                        and intent_score >= max(fact_score, MIN_CONFIDENCE)):
        return _decide_intents(ranked, words, known, has_entity=has_entity, settled=settled)
    if best is None or intent_score < MIN_CONFIDENCE:
        return Decision(FACT, best, None, tuple(ranked), fact)
    if intent_answers and not fact_context and (
            not fact_placed or (not fact_named and intent_score >= PLACED_FACT_YIELDS)):
        # The best record is of something the question does not name ("in which year did
        # Albania open it?" read as the ECMM, whose records name Albania), or of a mission
        # working where it names a partner ("is North Macedonia in EU missions?": Concordia's
        # commander): an intent about what it names answers (in the second case, a fair one).
        return _decide_intents(ranked, words, known, has_entity=has_entity, settled=settled)
    if not intent_answers:
        # The intent has no sourced answer here: a fact answers instead, unless the intent
        # was sure of the question and the fact is not ("what did EUPAT follow on from?"
        # is not answered with what followed EUPAT). Nor is a question on one entity answered
        # with another's fact ("how many troops did EUFOR Chad have?" with Albania's share).
        if fact_named and (intent_score < INTENT_FIRST or fact_score >= FACT_OVER_MISSING) and (
                intent_score < MISSING_FAIR or fact_score >= FACT_PROBABLE):
            return Decision(FACT, best, None, tuple(ranked), fact)
        return _decide_intents(ranked, words, known, has_entity=has_entity, settled=settled)
    if same_answer:
        return _decide_intents(ranked, words, known, has_entity=has_entity, settled=settled)
    if fact_context and fact_score >= intent_score - FACT_CONTEXT_MARGIN:
        return Decision(FACT, best, None, tuple(ranked), fact)
    if intent_score >= INTENT_FIRST and fact_score < 1.0:
        return _decide_intents(ranked, words, known, has_entity=has_entity, settled=settled)
    if fact_score >= intent_score + FACT_MARGIN:
        return Decision(FACT, best, None, tuple(ranked), fact)
    if intent_score - fact_score < READING_MARGIN and best.intent not in declines:
        return Decision(AMBIGUOUS, best, None, tuple(ranked), fact)
    return _decide_intents(ranked, words, known, has_entity=has_entity, settled=settled)


def _decide_intents(ranked: Sequence[Candidate], words: Sequence[str], known: set[str],
                    *, has_entity: bool, settled: bool = False) -> Decision:
    """Pick an action from the ranked intents alone."""
    best = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None
    if best is None or best.score < MIN_CONFIDENCE:
        if not has_entity and (not words or not looks_like_words(words, known)):
            return Decision(UNCLEAR, best, runner_up, tuple(ranked))
        return Decision(OUT_OF_SCOPE, best, runner_up, tuple(ranked))
    if (
        runner_up is not None
        and not settled
        and best.score < 1.0
        and runner_up.score >= AMBIGUITY_FLOOR
        and best.score - runner_up.score < AMBIGUITY_MARGIN
    ):
        return Decision(AMBIGUOUS, best, runner_up, tuple(ranked))
    return Decision(ANSWER, best, runner_up, tuple(ranked))
