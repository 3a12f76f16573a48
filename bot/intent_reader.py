"""The intent reader: scores an understood question against every intent's phrasings.

Returns scored readings (bot.match.Candidate, best first) adjusted for whether the
intents' slots can be filled, and reads a question a second way when that fits clearly
better: with its descriptions as entities, or clause by clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from bot.acknowledge import ACKNOWLEDGEMENT_INTENT
from bot.context import Conversation
from bot.decide import MIN_CONFIDENCE
from bot.intent_classifier import IntentClassifier, train
from bot.knowledge import Intent, KnowledgeBase, Language
from bot.match import SLOT_PATTERN, Candidate, FullScanMatcher, IndexedMatcher, Phrasing
from bot.understand import Understander, Understanding

# An intent that needs a mission (say) when the question names none and the
# conversation has none to lend is a weaker reading of the question.
MISSING_SLOT_PENALTY = 0.15
# A question naming a partner is unlikely to be a mission-only question, and so on.
WRONG_TYPE_PENALTY = 0.10
# Words never seen in any phrasing, alias or glossary, in a question naming nothing the
# bot knows ("when was the first NASA mission?"), are the mark of another subject.
UNKNOWN_WORD_PENALTY = 0.06
MAX_UNKNOWN_WORDS_PENALISED = 3
# In a question naming something the bot knows, unknown words weigh less: "what year did
# the Berlin Wall fall?" names "Berlin" of Berlin Plus, but is no question on it.
MENTIONED_UNKNOWN_PENALTY = 0.0
# Small talk ("how does this work?") is short and fixed: a word the bot never saw in it
# ("how do vaccines work?") means another question, not a greeting or a call for help.
SMALLTALK_UNKNOWN_PENALTY = 0.12
# A question naming one mission or partner is about it, not about all of them: an
# intent that lists many ("which partners contribute?") is a weaker reading.
UNUSED_ENTITY_PENALTY = 0.16
# A question naming a partner and a mission ("since when has Serbia been in EUTM RCA?") is
# about the two together: an intent about only one of them is a weaker reading.
ONE_OF_TWO_PENALTY = 0.1
# A description read as its entity ("the first EU military operation" as Concordia) is a
# second reading of the question: it must beat the literal one by this much.
DESCRIPTION_PENALTY = 0.1
# "since when has {mission} been in {partner}" names the partner as the mission's place; a
# partner the question names where the mission does not work ("since when has Serbia been
# in EUTM RCA?": a contributor) is read as no place (bot/understand.py), so such a phrasing
# reads the question wrong, however alike its words.
NOT_A_PLACE_PENALTY = 0.5
# "EU missions in {partner}" read of "does {partner} take part in EU missions?", or "who took
# over from {mission}?" of "{mission} took over from whom?": the same words, but the
# question's "in" or "from" is not said of its partner or mission (_said_of_something_else).
# 0.15 / 0.2 / 0.3 on the three dev sets: 0 / +1 / +3 (0.15 left "montenegro in eu missions"
# to the missions in Montenegro, 0.85 against 0.72); every other reply the same or alike.
SAID_ELSEWHERE_PENALTY = 0.3
# A long question is also read clause by clause ("..., is that part of its mandate?") when
# it reads weakly as a whole (below the confidence threshold plus this margin); a clause
# reading must beat the whole by its penalty.
# (Not the point of a date: "9. oktobra 2019.", "2022. godine".)
CLAUSE_BREAK = re.compile(r"(?:[,;:!?]|(?<!\d)\.)[,;:.!?]*\s+|\s+[-–—]+\s+|\s+(?:but|so|however|anyway)\s+",
                          re.IGNORECASE)
CLAUSE_TRIGGER_MARGIN = 0.1
CLAUSE_PENALTY = 0.05
MAX_CLAUSES = 4
# Ties between readings are broken towards the follow-ups the bot just offered.
CONTEXT_BONUS = 0.02
# A second opinion (bot.intent_classifier, a linear model of all the phrasings, which
# makes other mistakes than the matcher) chooses between close readings: of the best
# CLASSIFIER_READINGS, each loses this share of how much less likely the classifier finds
# its intent than the likeliest of them (readings further down, the whole share of that).
# The best reading keeps its score if it stays the best: the classifier reorders, it does
# not make the bot less sure of the answer it gives anyway (lowering it too lost "since
# when?" after a candidacy answer to a fact, tests/test_engine.py). No reading ever gains,
# so the classifier alone never answers a question the matcher declines. Measured (in
# scope / out of scope rejected / follow-ups), off -> on:
#   tests/eval        95.2 / 100.0 / 94.1 -> 96.1 / 100.0 / 94.1
#   tests/facts/dev   93.0 /  81.8 / 76.9 -> 93.3 /  83.6 / 80.8
#   tests/holdout     89.2 /  96.5 / 85.7 -> 89.9 /  96.5 / 84.1
#   tests/facts/test  86.9 /  67.3 / 75.0 -> 86.9 /  67.3 / 75.0
# Chosen on tests/eval and tests/facts/dev alone: 0.05 / 0.10 / 0.15 / 0.20 / 0.30 gave
# 96.1 / 96.1 / 95.7 / 94.9 / 94.9% in scope on tests/eval (100% rejected throughout) and
# 93.3 / 93.3 / 93.3 / 92.7 / 93.0% on tests/facts/dev, 81.8% rejected there at 0.05 and
# 83.6% above. The convex blend 0.85 x matcher + 0.15 x probability (over all intents)
# lowers every score, and bot.decide's thresholds were set on the matcher's scale: 95.4 /
# 100.0 / 91.2 on tests/eval, 94.0 / 83.6 / 80.8 on tests/facts/dev (and 90.1 / 95.6 / 84.1,
# 85.3 / 70.9 / 70.8 on the two blind sets). `make bench`, real base: p50 +0.01 to 0.03 ms,
# start-up from the cache unchanged, 0.2 s more without it (training). 0 turns it off.
CLASSIFIER_SHARE = 0.10
# How many of the best readings the classifier weighs (its probabilities are over these):
# 2 / 3 / 5 / all gave 96.1 / 96.1 / 96.0 / 96.0% in scope on tests/eval and 83.6 / 83.6 /
# 81.8 / 81.8% rejected on tests/facts/dev. A few, so that the indexed matcher and the full
# scan, which agree on the best readings, agree on the classifier's opinion too.
CLASSIFIER_READINGS = 3


class IntentReader:
    """Intents by similarity to the question, on the scale `decide` compares."""

    def __init__(self, kb: KnowledgeBase, understander: Understander, *, full_scan: bool = False) -> None:
        self.kb, self.understander = kb, understander
        self.phrasings = [
            Phrasing(understander.compile_phrasing(example), intent.id)
            for intent in kb.intents.values()
            if intent.id != ACKNOWLEDGEMENT_INTENT  # "great", "ok" are matched whole, never fuzzily
            for example in intent.examples
        ]
        matcher_class = FullScanMatcher if full_scan else IndexedMatcher
        self.matcher = matcher_class(self.phrasings, padding=kb.language.padding)
        # What a bare name asks ("EULEX?" is "tell me about EULEX"): mission.overview...
        self.name_only_intents = frozenset(p.intent for p in self.phrasings if SLOT_PATTERN.fullmatch(p.text))
        # The words that say of what a slot is said ("EU missions in {partner}", "who took over
        # from {mission}"), and those read the other way round too: "which countries were in
        # {mission}?" is not "which country is {mission} in?" (_said_of_something_else)
        language = kb.language
        self.slot_marks = {"{partner}": language.location_words | language.destination_words,
                           "{mission}": language.from_words}
        self.succession_words = language.came_before_words | language.came_after_words
        self.turned_marks = {**self.slot_marks, "{mission}": language.from_words | language.location_words}
        self.classifier: IntentClassifier | None = None
        if CLASSIFIER_SHARE:
            self.classifier = train([(self._features(p.text), p.intent) for p in self.phrasings])

    def read(self, text: str, understanding: Understanding,
             conversation: Conversation | None) -> tuple[Understanding, list[Candidate]]:
        """The question as read literally, or a second reading that fits clearly better:
        its descriptions as entities, or one of its clauses."""
        ranked = self.rank(understanding, conversation)
        readings = [(understanding, ranked)]
        described = self.understander.described(understanding, conversation)
        if described is not None:
            # A literal reading that lacks an entity ("which accession chapter covers foreign
            # policy?" read as some partner's chapter) asks which; the description names one.
            lacks = self._lacks_an_entity(ranked, understanding, conversation)
            alternative = _penalised(self.rank(described, conversation), 0.0 if lacks else DESCRIPTION_PENALTY)
            # "What was the first EU military operation?" asks for the description itself,
            # which the literal reading answers: only another question about it counts, or
            # its name when the literal reading lacks an entity.
            if alternative and (alternative[0].intent not in self.name_only_intents or lacks):
                readings.append((described, alternative))
        if not ranked or ranked[0].score < MIN_CONFIDENCE + CLAUSE_TRIGGER_MARGIN:
            readings.extend(self._clause_readings(text, understanding, conversation))
        # The literal reading wins ties: it comes first, and max keeps the first best.
        return max(readings, key=lambda reading: reading[1][0].score if reading[1] else 0.0)

    def _lacks_an_entity(self, ranked: Sequence[Candidate], understanding: Understanding,
                         conversation: Conversation | None) -> bool:
        """Whether the best reading's intent takes an entity neither the question nor the
        conversation gives."""
        if not ranked:
            return False
        given = {m.type for m in understanding.mentions} | (set(conversation.entities) if conversation else set())
        return any(slot not in given for slot in self.kb.intents[ranked[0].intent].slots)

    def rank(self, understanding: Understanding, conversation: Conversation | None) -> list[Candidate]:
        """Intents by similarity, adjusted for whether their slots can be filled."""
        named = {m.type for m in understanding.mentions}
        remembered = set(conversation.entities) if conversation else set()
        # "when was it launched?" with nothing to resolve "it" still asks about some entity.
        pronoun = not named and any(w in self.kb.language.pronouns for w in understanding.words)
        strangers = min(MAX_UNKNOWN_WORDS_PENALISED,
                        sum(1 for w in understanding.words if self.matcher.weights.is_unknown(w)))
        unknown = (MENTIONED_UNKNOWN_PENALTY if understanding.mentions else UNKNOWN_WORD_PENALTY) * strangers
        related: set[str] = set()
        last = self.kb.intents.get(conversation.intent or "") if conversation else None
        if last is not None and not understanding.mentions:
            related = set(last.related)
        ranked = []
        form_words = understanding.forms[0].split()
        for candidate in self.matcher.rank(understanding.forms):
            intent = self.kb.intents[candidate.intent]
            score = candidate.score
            if _partner_as_place(candidate.phrasing, intent, named):
                score -= NOT_A_PLACE_PENALTY
            if _said_of_something_else(candidate.phrasing, form_words, self.slot_marks, self.turned_marks) or (
                    not understanding.asked.people and not understanding.implied
                    and _succeeded_the_other_way(candidate.phrasing, form_words, self.succession_words)):
                score -= SAID_ELSEWHERE_PENALTY
            if score < 1.0:
                score -= _slot_penalty(intent, named, remembered, pronoun=pronoun) + unknown
                if intent.smalltalk:
                    score -= SMALLTALK_UNKNOWN_PENALTY * strangers
                if intent.id in related:
                    score += CONTEXT_BONUS
            ranked.append(Candidate(candidate.intent, max(0.0, min(1.0, score)), candidate.phrasing))
        return self._second_opinion(understanding.forms, sorted(ranked, key=_best_first))

    def _features(self, text: str) -> list[str]:
        """A phrasing's or question's words as the classifier knows them: the matcher's
        canonical words (stems, typos mapped), chatty padding left out."""
        weights = self.matcher.weights
        return [weights.canonical(w) for w in text.split() if w not in weights.padding]

    def _second_opinion(self, forms: Sequence[str], ranked: list[Candidate]) -> list[Candidate]:
        """The readings weighed by the classifier (CLASSIFIER_SHARE): each of the best few
        loses its share of how much less likely its intent is than the likeliest of them
        (an intent's probability is its best over the question's forms)."""
        if self.classifier is None or len(ranked) < 2 or ranked[0].score >= 1.0 \
                or ranked[0].score - ranked[1].score >= CLASSIFIER_SHARE:
            return ranked  # the best reading stays the best, and as sure: only the first two count
        intents = [c.intent for c in ranked[:CLASSIFIER_READINGS]]
        likely = [0.0] * len(intents)
        for words in dict.fromkeys(tuple(self._features(form)) for form in forms):
            likely = list(map(max, likely, self.classifier.probabilities(words, intents)))
        best = max(likely)
        doubts = {intent: CLASSIFIER_SHARE * (best - p) for intent, p in zip(intents, likely, strict=True)}
        weighed = sorted((Candidate(c.intent, max(0.0, c.score - doubts.get(c.intent, CLASSIFIER_SHARE * best)),
                                    c.phrasing) for c in ranked), key=_best_first)
        if weighed[0].intent == ranked[0].intent:
            weighed[0] = ranked[0]  # the answer the matcher gave anyway: as sure as it was
        return weighed

    def _clause_readings(self, text: str, understanding: Understanding,
                         conversation: Conversation | None) -> Iterator[tuple[Understanding, list[Candidate]]]:
        """'My cousin says EULEX judges still try cases, is that part of its mandate?':
        each clause read alone, with "it" standing for what the whole question names."""
        clauses = [c for c in CLAUSE_BREAK.split(text) if c.strip()]
        if len(clauses) < 2 or not (understanding.mentions or (conversation and conversation.focus)):
            return  # with nothing to lend, a clause is no better read alone than in the whole
        lent = Conversation(entities=dict(conversation.entities) if conversation else {},
                            focus=conversation.focus if conversation else None)
        named = [m for m in understanding.mentions if m.type in ("mission", "partner")] or \
            [m for m in understanding.mentions if m.type == "topic"][:1]
        if named:
            lent.entities.update({m.type: m.entity_id for m in named})
            lent.focus = named[0].type
        demonstratives = self.kb.language.demonstratives
        for clause in clauses[:MAX_CLAUSES]:
            words = clause.strip().lower().split()
            if named and words[:1] == ["what"] and words[-1].strip("?!.") in demonstratives:
                # "I came across EUPM in an old paper, what was that?": "that" is what it named
                # ("..., when was that?" asks when what it said happened)
                clause = " ".join([*words[:-1], "it"])
            reading = self.understander.understand(clause, lent, pronouns_only=True)
            if not asks(reading.words, self.kb.language):
                continue  # "my cousin says ...": a statement around the question, not one
            if not reading.mentions:
                continue  # "..., what was that?": nothing of its own, nor "it" for what the whole names
            # What the whole asks stays asked: "according to ISAC, what was Serbia's alignment?"
            reading = replace(reading, lent={m.type: m.entity_id for m in reversed(named)},
                              asked=understanding.asked)
            yield reading, _penalised(self.rank(reading, lent), CLAUSE_PENALTY)


def asks(words: Sequence[str], language: Language) -> bool:
    """Whether a clause is a question: "when did it start", "on what date did it start"."""
    starts = language.question_starts
    return bool(words) and (words[0] in starts or (
        len(words) > 1 and words[0] in language.question_prepositions and words[1] in starts))


def _partner_as_place(phrasing: str, intent: Intent, named: set[str]) -> bool:
    """Whether a phrasing names a partner as where its mission works, and the question a
    partner and a mission (the partner is then not where the mission works)."""
    return {"mission", "partner"} <= named and "partner" not in intent.slots \
        and "{mission}" in phrasing and "{partner}" in phrasing


def _said_of_something_else(phrasing: str, words: Sequence[str], marks: Mapping[str, frozenset[str]],
                            turned: Mapping[str, frozenset[str]]) -> bool:
    """Whether a phrasing puts a word such as "in" or "from" right before its partner or
    mission ("EU missions in {partner}", "who took over from {mission}") and the question
    says that word of something else ("does {partner} take part in EU missions?", "{mission}
    took over from whom?"): the same words, read the other way round; or the question puts
    one of `turned` before it and the phrasing elsewhere ("which countries were in
    {mission}?", "which country is {mission} in?"). `words`: the question's form, as words."""
    slots = None
    for slot, location in marks.items():
        if slot not in words:
            continue
        slots = slots or phrasing.split()
        at = words.index(slot)
        before = words[at - 1] if at else ""
        for index, word in enumerate(slots):
            if word != slot:
                continue
            said = slots[index - 1] if index else ""
            if said in location and before != said and said in words:
                return True
            # The other way round: "did the EU send troops to {partner}?" is not "did
            # {partner} send troops to EU missions?"
            if before in turned[slot] and before != said and before in slots:
                return True
    return False


def _succeeded_the_other_way(phrasing: str, words: Sequence[str], succession: frozenset[str]) -> bool:
    """Whether a phrasing asks what came before or after {mission} ("what replaced {mission}")
    and the question says the mission did it ("{mission} replaced which mission?": what it
    replaced), not had it done to it ("was {mission} replaced by ...?"). `words`: the question's
    form, as words. A question naming a person, or saying "him", is about his post, not the
    mission's ("who will succeed him?")."""
    if "{mission}" not in words:
        return False
    slots = phrasing.split()
    at = slots.index("{mission}") if "{mission}" in slots else 0
    if not at or slots[at - 1] not in succession:
        return False
    after = words[words.index("{mission}") + 1:]
    return any(word in succession and after[i + 1:i + 2] != ["by"] for i, word in enumerate(after))


def _slot_penalty(intent: Intent, named: set[str], remembered: set[str], *, pronoun: bool = False) -> float:
    missing = [s for s in intent.slots if s not in named and s not in remembered]
    penalty = 0.0 if pronoun else MISSING_SLOT_PENALTY * len(missing)
    specific = named & {"mission", "partner"}
    if specific and intent.slots and not specific & set(intent.slots):
        penalty += WRONG_TYPE_PENALTY
    if specific and not intent.slots and not intent.smalltalk:
        penalty += UNUSED_ENTITY_PENALTY
    if len(specific) == 2 and len(specific & set(intent.slots)) == 1:
        penalty += ONE_OF_TWO_PENALTY
    return penalty


def _best_first(candidate: Candidate) -> tuple[float, str]:
    return -candidate.score, candidate.intent


def _penalised(ranked: Sequence[Candidate], penalty: float) -> list[Candidate]:
    return [Candidate(c.intent, max(0.0, c.score - penalty), c.phrasing) for c in ranked]
