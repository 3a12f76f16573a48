"""The second reader: a question scored directly against every fact record.

Intents answer the questions someone wrote phrasings for; this reader answers the rest
from the facts themselves. Every record of every entity is an answerable unit, indexed
at load with the questions' own normalisation, glossary and stems, together with the
words people use for its fact (`knowledge/fact_words.yaml`) and its entity's names.

A question is scored against them by BM25-style weighted word coverage (misspelt words
mapped to the closest indexed word first), then by three cues: the entities it names
(a question naming EUPM never gets a Concordia fact), what kind of answer it wants
(*when* wants a date, *how many* a number...) and the fact's own words. The score is
calibrated to 0..1 on the same scale as the intent reader: 0.5 or more is an answer.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.closest import Choices
from bot.dates import MONTHS
from bot.entities import PLACE, EntityRecognizer, Glossary, Mention, unknown_mission_name, with_letters_before
from bot.knowledge import Entity, FactRef, KnowledgeBase, Record
from bot.memo import remembered
from bot.normalize import normalize
from bot.stems import stemmer

# -- how a record is read -------------------------------------------------------------
# BM25's term-frequency saturation and length normalisation (the usual values).
BM25_K1 = 1.2
BM25_B = 0.5
# A question word found among the words of the record's fact ("troops" for `size`)
# counts fully; one found in its entity's names, less: naming the entity is the entity
# cue's job, and names only stand in when the recogniser missed them.
FACT_WORD_MATCH = 1.0
NAME_MATCH = 0.6
# A word of the record's text matches at its BM25 saturation times this, at most 1: once in
# a short record is about as good as the fact's own word (0.69 in an average one).
TEXT_MATCH_SCALE = 1.6
# A word the index has never seen (even misspelt) weighs nearly as much as the rarest word:
# a question about the weather in Skopje is mostly about the weather. (0.4 / 0.7 / 1.1 gave
# the same right answers at any score on the dev set, and 0.7 the best after calibration.)
UNKNOWN_WEIGHT_FACTOR = 0.7
# Misspelt words are read as the closest indexed word at this rapidfuzz ratio or more.
TYPO_CUTOFF = 84
TYPO_MIN_CHARS = 4

# -- entity cue ----------------------------------------------------------------------------
# A record of another entity that names the asked-about one ("Albania joined EUFOR
# Althea", a partner's contribution with `mission: althea`) is nearly as good as its own.
MENTIONED_RELATION = 0.75
# A record of a mission working where a named partner is ("EULEX" for "the EU in Kosovo").
PLACE_RELATION = 0.6

# -- question types ------------------------------------------------------------------------
# The kinds of answer a record can give, found in its text at load.
DATE, NUMBER, PERSON, PLACE_KIND, PARTNERS = "date", "number", "person", "place", "partners"
_MONTHS = "|".join(MONTHS)  # matched ignoring case
_DATE = re.compile(rf"\b(?:1[89]\d\d|20\d\d)\b|\b(?:{_MONTHS})\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![\w/])(?!(?:1[89]|20)\d\d\b)\d[\d,.]*\b|€|%|\bpercent\b|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred|"
    r"thousand|million|billion|dozen)\b",
    re.IGNORECASE,
)
# "15 July 2024", "28–29 June", "July 15": a day, not a figure.
_DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?\s+(?:{_MONTHS})\b|"
                        rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b", re.IGNORECASE)
# Titles a person is named with ("Major General Fronda", "HR/VP Kallas"); alone, they name no one.
PERSON_TITLES = ("Admiral", "General", "Lieutenant", "Major", "Colonel", "Brigadier", "Minister", "President",
                 "Ambassador", "Secretary", "Commander", "Prime", "Lord", "Mr", "Ms", "Mrs", "Dr", "HR/VP")
PERSON_PATTERN = re.compile(
    r"\b(?:" + "|".join(PERSON_TITLES) + r"|Kallas|Borrell|Mogherini)\b|"
    r"\b[A-Z][a-zà-žćčšđ]+ [A-Z][a-zà-žćčšđ]+(?:ić|vić|ski|sen|son|er|as|ss|ti|ni|li|ou|is)\b"
)
_PLACE = re.compile(r"\b(?:in|at|from)\s+[A-Z][a-zà-ž]+|\bheadquarter|\bbased\b|\bseat\b")
# Question words (after the glossary has folded local ones to English) -> the kind wanted.
QUESTION_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("how", "many"), NUMBER), (("how", "much"), NUMBER), (("how", "big"), NUMBER),
    (("how", "large"), NUMBER), (("number", "of"), NUMBER), (("what", "percentage"), NUMBER),
    (("what", "year"), DATE), (("which", "year"), DATE), (("what", "date"), DATE),
    (("since", "when"), DATE), (("until", "when"), DATE), (("when",), DATE),
    (("which", "countries"), PARTNERS), (("what", "countries"), PARTNERS),
    (("which", "partners"), PARTNERS), (("which", "states"), PARTNERS),
    (("who",), PERSON), (("whom",), PERSON), (("where",), PLACE_KIND), (("which", "city"), PLACE_KIND),
)

_KINDS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
for _pattern, _kind in QUESTION_KINDS:
    _KINDS_BY_FIRST[_pattern[0]].append((_pattern, _kind))

# -- ranking and calibration -------------------------------------------------------------------
# Records are ranked by COVERAGE x coverage + ENTITY x entity cue + KIND x answer-kind cue
# + FACT x fact cue.
# Coverage is the weighted share of the question's words the record has; the entity cue
# is 1 for a record of (or naming) the entities asked about, and NO_ENTITY when the
# question names none (a question naming nothing must say more to be answered).
COVERAGE_SHARE = 0.55
ENTITY_SHARE = 0.3
KIND_SHARE = 0.05
FACT_SHARE = 0.1
NO_ENTITY = 0.3
# A question that asks only the entity's name ("EULEX?") has no words to cover: its
# overview answers it at this coverage, every other fact at none.
NAME_ONLY_OVERVIEW = 0.7
# The score is the probability that the best record answers the question right, a logistic
# function of what the reader saw: (ranking score, coverage, a mission or partner named,
# the share of the heaviest word the record lacks, the share of words the base never uses,
# answer kind found / missing, number of words, the fact cue, a topic named). Out-of-scope
# questions count twice in the fit: declining one matters more than answering one more.
# Fitted with `python -m bot.fact_probe --fit` on the questions in tests/fact_reader/,
# tests/eval/ and the blind dev set.
CALIBRATION: tuple[float, ...] = (3.96, 2.25, 1.31, -1.07, -0.08, -0.14, 1.51, -0.31, 1.19)
CALIBRATION_BIAS = -5.07
# A question naming a mission the base does not know ("EUPOL Afghanistan", "the EU
# Monitoring Mission in Georgia") is not answered from a fact of the one it resembles.
STRANGER_CAP = 0.2
# A word counts as a name the base does not know when it is less like any indexed word than
# this (rapidfuzz ratio): "skoplju" (Skopje, 77) and "become" (became) are not, "georgia" (62) is.
STRANGER_LIKENESS = 72
# Records of the best fact that score this close to the best one are answered with it;
# a fact of this many records or fewer is answered whole (its records belong together).
NEIGHBOUR_MARGIN = 0.06
SMALL_FACT = 3
# A question naming nothing needs this many words to weigh before a fact can answer it.
MIN_TERMS_UNNAMED = 2
MAX_RECORDS = 4
# A query term found in more than this share of units only adds to units rarer terms
# have already found: on a base of 10,000 facts "mission" would otherwise score half.
COMMON_SHARE = 0.08
MIN_COMMON_UNITS = 60
# Only the records covering most of the question are scored with the cues: together the
# cues add at most ENTITY_SHARE + KIND_SHARE + FACT_SHARE, which a record far down the
# coverage ranking of a large base cannot make up.
MAX_CANDIDATES = 200
# The fact every entity has that says what it is (knowledge/FORMAT: `overview`).
OVERVIEW = "overview"


@dataclass(frozen=True)
class FactReading:
    """A fact as the answer to a question, with the reader's confidence."""

    ref: FactRef
    score: float  # 0..1, calibrated: >= 0.5 means "answer with this"; below, the bot declines


@dataclass(frozen=True, slots=True)
class _Unit:
    """One record, as the index knows it."""

    entity: str
    fact: str
    index: int
    kinds: frozenset[str]
    related: Mapping[str, float]  # entity id -> how much this record is about it
    # Among records scored alike, which comes first: an overview (0), a record that says
    # what it is (1), one that says only what the sources lack (2). "What is the FPA?"
    # reads the FPA's records alike, by its name; its overview answers it.
    tie_order: int = 1


@dataclass(frozen=True, slots=True)
class _Question:
    """A question as the reader scores it."""

    terms: Mapping[str, float]  # term -> weight
    of_topic: Mapping[str, str]  # term -> the topic whose name it is part of
    named: tuple[str, ...]  # missions and partners
    topics: tuple[str, ...]
    places: tuple[str, ...]
    wanted: str | None  # the kind of answer asked for
    total: float  # the terms' weight
    scores: Mapping[int, float]  # unit -> the weight of the terms it covers
    stranger: bool  # a name the bot does not know stands by a known one ("EUPOL Afghanistan")
    fact_cues: Mapping[str, float]  # fact name -> its cue (FactReader._fact_cues), if any


class FactReader:
    """Scores a question against every fact record of the knowledge base."""

    def __init__(self, kb: KnowledgeBase, glossary: Glossary, recognizer: EntityRecognizer) -> None:
        self._glossary = glossary
        language = kb.language
        # Grammar words never match a record's text; asking words still say what is asked.
        self._function_words = language.function_words | language.padding
        self._asking_words = language.asking_words
        self._location_words = language.location_words
        self._language = language
        self._partial_names = recognizer.partial_names
        self._names_of, self._mission_words = recognizer.name_words_of, recognizer.mission_name_words
        self._stems: dict[str, str] = {}
        self._typos: dict[str, str] = {}
        self._strangers: dict[str, bool] = {}
        self._types = {e.id: e.type for e in kb.entities.values()}
        fact_words = {name: self._fact_terms(words) for name, words in kb.fact_words.items()}
        # A question's words say which facts they are people's words for (FactReader._fact_cues).
        facts_of_term: dict[str, list[str]] = defaultdict(list)
        for name, words_of_fact in fact_words.items():
            for term in words_of_fact:
                facts_of_term[term].append(name)
        self._facts_of_term = {term: tuple(names) for term, names in facts_of_term.items()}
        self._names = _NameFinder(recognizer)
        self._name_words = frozenset(w for name in recognizer.by_alias for w in name)
        # The names' words and, once the engine has taught it, the phrasings' words.
        self._vocabulary = recognizer.vocabulary
        places = _places_of_missions(kb, glossary, self._names)
        # Every word the index knows, unstemmed: a question word outside it may be misspelt.
        self._raw_words: set[str] = set()
        units: list[_Unit] = []
        matches: list[dict[str, float]] = []  # unit -> term -> match in [0, 1]
        text_terms: list[list[str]] = []
        for entity in kb.entities.values():
            names = self._name_terms(entity)
            for fact, records in entity.facts.items():
                for index, record in enumerate(records):
                    words = glossary.apply(normalize(record.text).split())
                    self._raw_words.update(words)
                    terms = [self._stem(w) for w in words if w not in self._function_words]
                    related = self._related(entity, record, words, places)
                    units.append(_Unit(entity.id, fact, index, _kinds(record.text, related, self._types),
                                       related, _tie_order(fact, record.none_found)))
                    text_terms.append(terms)
                    match = dict.fromkeys(names, NAME_MATCH)
                    match.update(dict.fromkeys(fact_words.get(fact, ()), FACT_WORD_MATCH))
                    matches.append(match)
        self._units = units
        self._unit_of = {(unit.entity, unit.fact, unit.index): unit_id for unit_id, unit in enumerate(units)}
        average = sum(map(len, text_terms)) / max(1, len(text_terms))
        for match, terms in zip(matches, text_terms, strict=True):
            counts: dict[str, int] = defaultdict(int)
            for term in terms:
                counts[term] += 1
            norm = 1 - BM25_B + BM25_B * len(terms) / max(1.0, average)
            for term, tf in counts.items():
                saturated = tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm) / (BM25_K1 + 1)
                match[term] = max(match.get(term, 0.0), min(1.0, saturated * TEXT_MATCH_SCALE))
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for unit_id, match in enumerate(matches):
            for term, value in match.items():
                postings[term].append((unit_id, value))
        total = len(units)
        self._idf = {t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        self._postings = {t: tuple(p) for t, p in postings.items()}
        self._common = max(MIN_COMMON_UNITS, int(COMMON_SHARE * total))
        self._unknown_weight = UNKNOWN_WEIGHT_FACTOR * max(self._idf.values(), default=1.0)
        by_entity: dict[str, set[int]] = defaultdict(set)
        overviews: dict[str, list[int]] = defaultdict(list)
        for unit_id, unit in enumerate(units):
            for entity_id in unit.related:
                by_entity[entity_id].add(unit_id)
            if unit.fact == OVERVIEW:
                overviews[unit.entity].append(unit_id)
        self._by_entity = {e: frozenset(ids) for e, ids in by_entity.items()}
        self._owned: dict[str, list[int]] = defaultdict(list)
        for unit_id, unit in enumerate(units):
            self._owned[unit.entity].append(unit_id)
        self._overviews = dict(overviews)
        self._matches = matches
        self._fact_size = {(e.id, f): len(rs) for e in kb.entities.values() for f, rs in e.facts.items()}
        for phrases in kb.fact_words.values():
            for phrase in phrases:
                self._raw_words.update(glossary.apply(normalize(phrase).split()))
        # Sorted: extractOne breaks ties by position, and set order changes from run to run.
        self._known = Choices(sorted(w for w in self._raw_words if len(w) >= TYPO_MIN_CHARS and not w.isdigit()))

    # -- load ---------------------------------------------------------------------------
    def _stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            if len(self._stems) > 200_000:  # bounded: questions bring endless new words
                self._stems.clear()
            stem = self._stems[word] = word if word.isdigit() else stemmer("english").stemWord(word)
        return stem

    def _fact_terms(self, phrases: Iterable[str]) -> frozenset[str]:
        """The stems of the words people use for a fact, function words ("when", "who") included:
        those mean something here."""
        return frozenset(self._stem(w) for phrase in phrases
                         for w in self._glossary.apply(normalize(phrase).split())
                         if w not in self._function_words or w in self._asking_words)

    def _name_terms(self, entity: Entity) -> frozenset[str]:
        names = (entity.name, str(entity.attributes.get("full_name", "")), *entity.aliases, *entity.descriptions)
        return frozenset(self._stem(w) for name in names for w in self._glossary.apply(normalize(name).split())
                         if w not in self._function_words)

    def _related(self, entity: Entity, record: Record, words: list[str],
                 places: Mapping[str, frozenset[str]]) -> dict[str, float]:
        """The entities a record is about: its owner, those it names, those in its extra keys."""
        related: dict[str, float] = {}
        for entity_id in self._names.find(words):
            related[entity_id] = MENTIONED_RELATION
        for value in record.extra.values():
            for item in value if isinstance(value, list | tuple) else (value,):
                if isinstance(item, str) and item in self._types:
                    related[item] = MENTIONED_RELATION
        if entity.type == "mission":
            for partner in places.get(entity.id, ()):
                related.setdefault(partner, PLACE_RELATION)
        related[entity.id] = 1.0
        return related

    # -- questions --------------------------------------------------------------------------
    def _canonical(self, word: str) -> str:
        """The stem of a question word, or of the closest indexed word when it looks misspelt."""
        stem = self._stem(word)
        if stem in self._idf or word in self._raw_words or len(word) < TYPO_MIN_CHARS or word.isdigit():
            return stem
        return remembered(self._typos, word, self._closest_stem)

    def _closest_stem(self, word: str) -> str:
        """The stem of the closest indexed word to a misspelt one, or its own stem."""
        best = self._known.best(word, TYPO_CUTOFF)
        # "apart" is no misspelt "part", nor "allocated" "located": letters before a word make
        # another word ("Johanna", letters after "Johann", is his name inflected)
        if best is None or with_letters_before(word, best[0]):
            return self._stem(word)
        return self._stem(best[0])

    def _terms(self, words: Sequence[str], mentions: Sequence[Mention]) -> tuple[dict[str, float], dict[str, str]]:
        """The question's terms outside its mission and partner names, with their weights,
        and those naming a topic (term -> topic id)."""
        # A topic's name is also what is asked about ("the EPF measure for Albania"): its words
        # stay terms; a mission's or partner's name is the entity cue's business.
        covered = {i for m in mentions if m.type != "topic" for i in range(m.start, m.end)}
        topical = {i: m.entity_id for m in mentions if m.type == "topic" for i in range(m.start, m.end)}
        terms: dict[str, float] = {}
        of_topic: dict[str, str] = {}
        for index, word in enumerate(words):
            if index in covered or len(word) < 2 or (word in self._function_words and word not in self._asking_words):
                continue
            term = self._canonical(word)
            if term in terms:
                continue
            terms[term] = self._idf.get(term, 0.0 if word in self._asking_words else self._unknown_weight)
            if index in topical:
                of_topic[term] = topical[index]
        return {t: w for t, w in terms.items() if w}, of_topic

    def read(self, words: Sequence[str], mentions: Sequence[Mention], *, limit: int = 3) -> list[FactReading]:
        """`words`: the question as the engine has it (normalize() then glossary.apply());
        `mentions`: its recognised entities (bot.entities.Mention; types mission/partner/topic, and
        "place" for a partner named as where a named mission works). Best first."""
        if limit < 1:
            return []
        question = self._question(words, mentions)
        if not question.named and not question.topics and len(question.terms) < MIN_TERMS_UNNAMED:
            return []  # "2012", "what percentage?": too little to choose a fact by
        readings = []
        ceiling = 1.0
        for ref, unit_id, score in self._group(self._rank(question), limit):
            # In ranking order: a later fact is never more probable than an earlier one.
            ceiling = min(ceiling, calibrated(self.features(question, unit_id, score)))
            if question.stranger:  # about a mission the base does not know: never an answer
                ceiling = min(ceiling, STRANGER_CAP)
            readings.append(FactReading(ref, round(ceiling, 4)))
        return readings

    def _question(self, words: Sequence[str], mentions: Sequence[Mention]) -> _Question:
        terms, of_topic = self._terms(words, mentions)
        named = tuple(m.entity_id for m in mentions if m.type in ("mission", "partner"))
        topics = tuple(m.entity_id for m in mentions if m.type == "topic")
        places = tuple(m.entity_id for m in mentions if m.type == PLACE)
        pool = self._pool(named)
        scores = self._coverage(terms, pool)
        # A topic's name is matched by the records about the topic, however they word it: its
        # own records, and those the question's other words found.
        for term, topic in of_topic.items():
            weight = terms.get(term, 0.0)  # a topic's name made of words that weigh nothing
            if not weight:
                continue
            related = self._by_entity.get(topic, frozenset())
            found = [u for u in scores if u in related] if len(scores) < len(related) else \
                [u for u in related if u in scores]
            for unit_id in {*found, *self._owned.get(topic, ())}:
                if pool is not None and unit_id not in pool:
                    continue
                gain = self._units[unit_id].related[topic] - self._matches[unit_id].get(term, 0.0)
                if gain > 0:
                    scores[unit_id] = scores.get(unit_id, 0.0) + weight * gain
        total = sum(terms.values())
        return _Question(terms, of_topic, named, topics, places, _wanted_kind(words), total, scores,
                         self._stranger(words, mentions), self._fact_cues(terms, of_topic, total))

    def _fact_cues(self, terms: Mapping[str, float], of_topic: Mapping[str, str], total: float) -> dict[str, float]:
        """Fact name -> how much of the question is words people use for that fact (the terms
        naming a topic aside), for the facts that have any of its words (any other: 0). Each
        fact's weight is summed in the terms' order, as a sum over the terms would."""
        weights: dict[str, float] = {}
        for term, weight in terms.items():
            if term not in of_topic:
                for fact in self._facts_of_term.get(term, ()):
                    weights[fact] = weights.get(fact, 0) + weight
        scale = max(1.0, total * 0.5)
        return {fact: min(1.0, weight / scale) for fact, weight in weights.items()}

    def _stranger(self, words: Sequence[str], mentions: Sequence[Mention]) -> bool:
        """Whether the question names a mission the base does not know (bot.understand)."""
        return unknown_mission_name(words, mentions, self._language, self.is_stranger, self.is_elsewhere,
                                    self._partial_names, self.is_stranger_to_facts, self._names_of,
                                    self._mission_words) is not None

    def records_about(self, fact: str, entity_id: str) -> list[FactRef]:
        """The records of fact `fact` (of any entity but `entity_id` itself) that name
        `entity_id`, by owner: ISAC's figures for Albania are the topic's, not Albania's own."""
        found: dict[str, list[int]] = {}
        for unit in self._units:
            if unit.fact == fact and unit.entity != entity_id and entity_id in unit.related:
                found.setdefault(unit.entity, []).append(unit.index)
        return [FactRef(entity, fact, tuple(indexes)) for entity, indexes in found.items()]

    def names_each(self, ref: FactRef, entity_ids: Iterable[str]) -> bool:
        """Whether the fact's records, together, are about or name each of these entities
        (a mission working in a partner is not thereby about it)."""
        related: set[str] = set()
        for index in ref.records or range(self._fact_size.get((ref.entity, ref.fact), 0)):  # (): all of them
            unit = self._units[self._unit_of[(ref.entity, ref.fact, index)]]
            related.update(e for e, how in unit.related.items() if how >= MENTIONED_RELATION)
        return related.issuperset(entity_ids)

    def is_elsewhere(self, word: str) -> bool:
        """A place of EU missions outside the region that no name has ("georgia"; "moldova",
        which a record names as a contributor to EUFOR, but no mission's name has)."""
        return word in self._language.foreign_places and word not in self._name_words

    @property
    def known_words(self) -> list[str]:
        """The words of the records and their fact words that a misspelt word may be read as."""
        return self._known.choices

    def is_stranger_to_facts(self, word: str) -> bool:
        """Whether no record or name uses the word (as written)."""
        return word not in self._raw_words and word not in self._name_words

    def is_stranger(self, word: str) -> bool:
        """Whether no record, name or phrasing uses the word, even misspelt."""
        if (len(word) < TYPO_MIN_CHARS or word.isdigit() or word in self._raw_words or word in self._name_words
                or word in self._vocabulary or word in self._function_words):
            return False
        # Not even like a known word: "skoplju" is Skopje inflected, "georgia" is nothing here.
        return remembered(self._strangers, word, self._like_no_known_word)

    def _like_no_known_word(self, word: str) -> bool:
        return self._known.best(word, STRANGER_LIKENESS) is None

    def _rank(self, question: _Question) -> list[tuple[float, int]]:
        """Records by the weighted sum of coverage and cues, best first."""
        scores, terms, total = question.scores, question.terms, question.total
        candidates: Iterable[int] = scores
        if not terms:  # the question is a name and nothing else: its overview answers it
            candidates = [u for e in question.named or question.topics for u in self._overviews.get(e, ())]
        elif len(scores) > MAX_CANDIDATES:  # the cues cannot lift a record from far below
            candidates = heapq.nlargest(MAX_CANDIDATES, scores, key=scores.__getitem__)
        # Hot loop (every candidate record): locals, and the cues worked out per question.
        units, fact_cues, wanted = self._units, question.fact_cues, question.wanted
        entity_cue = self._entity_cue_of(question)
        negated: list[tuple[float, int, int]] = []  # (-score, tie order, unit): best first
        for unit_id in candidates:
            unit = units[unit_id]
            coverage = scores.get(unit_id, 0.0) / total if total else NAME_ONLY_OVERVIEW
            score = COVERAGE_SHARE * coverage + ENTITY_SHARE * entity_cue(unit.related)
            if wanted is None:
                score += KIND_SHARE * 0.5
            elif wanted in unit.kinds:
                score += KIND_SHARE
            score += FACT_SHARE * fact_cues.get(unit.fact, 0.0)
            negated.append((-score, unit.tie_order, unit_id))
        negated.sort()
        return [(-score, unit_id) for score, _, unit_id in negated]

    def _fact_cue(self, unit_id: int, question: _Question) -> float:
        """How much of the question is words people use for this record's fact."""
        return question.fact_cues.get(self._units[unit_id].fact, 0.0)

    def features(self, question: _Question, unit_id: int, score: float) -> tuple[float, ...]:
        """What the calibration reads of a question's best record (see CALIBRATION)."""
        match = self._matches[unit_id]
        total = question.total or 1.0
        missed = max((w for t, w in question.terms.items() if t not in match), default=0.0) / total
        unknown = sum(w for t, w in question.terms.items() if t not in self._idf) / total
        coverage = question.scores.get(unit_id, 0.0) / total if question.terms else NAME_ONLY_OVERVIEW
        kind = 0.0 if question.wanted is None else (1.0 if question.wanted in self._units[unit_id].kinds else -1.0)
        return (score, coverage, 1.0 if question.named else 0.0, missed, unknown, kind,
                min(len(question.terms), 6) / 6, self._fact_cue(unit_id, question), 1.0 if question.topics else 0.0)

    def _pool(self, named: Sequence[str]) -> frozenset[int] | None:
        """The records that may answer a question naming these missions or partners (None:
        any record): those about one of them. A question naming EUPM never gets a Concordia fact."""
        if not named:
            return None
        if len(named) == 1:
            return self._by_entity.get(named[0], frozenset())
        return frozenset().union(*(self._by_entity.get(e, frozenset()) for e in named))

    def _coverage(self, terms: Mapping[str, float], pool: frozenset[int] | None) -> dict[int, float]:
        """Unit -> the weight of the question's terms it has (a BM25 sum), for units in `pool`."""
        scores: dict[int, float] = defaultdict(float)
        matches = self._matches
        # Rare terms first: a common term then only adds to the units rarer ones found.
        for term in sorted(terms, key=lambda t: len(self._postings.get(t, ()))):
            weight = terms[term]
            postings = self._postings.get(term, ())
            if pool is not None and len(pool) < len(postings):
                for unit_id in pool:
                    value = matches[unit_id].get(term)
                    if value is not None:
                        scores[unit_id] += weight * value
            elif pool is not None:
                for unit_id, value in postings:
                    if unit_id in pool:
                        scores[unit_id] += weight * value
            elif len(postings) > self._common and scores:
                for unit_id, value in postings:
                    if unit_id in scores:
                        scores[unit_id] += weight * value
            else:
                for unit_id, value in postings:
                    scores[unit_id] += weight * value
        return scores

    def _entity_cue_of(self, question: _Question) -> Callable[[Mapping[str, float]], float]:
        """_entity_cue of a record's `related`, for this question: for the commonest questions
        (naming nothing, or one mission or partner alone) in a single step, the same number."""
        if not question.topics and not question.places:
            if not question.named:
                return _named_nothing
            if len(question.named) == 1:
                return functools.partial(_related_to, question.named[0])
        return functools.partial(self._entity_cue, question=question)

    @staticmethod
    def _entity_cue(related: Mapping[str, float], question: _Question) -> float:
        """1 when the record is about everything the question names; NO_ENTITY when it names nothing."""
        named, topics = question.named, question.topics
        if not named and not topics:
            cue = NO_ENTITY
        elif named:
            cue = sum(related.get(e, 0.0) for e in named) / len(named)
            if topics:
                cue = 0.85 * cue + 0.15 * max(related.get(e, 0.0) for e in topics)
        else:
            cue = max(NO_ENTITY, max(related.get(e, 0.0) for e in topics))
        if question.places and any(p in related for p in question.places):
            cue = min(1.0, cue + 0.05)
        return cue

    def _group(self, ranked: Sequence[tuple[float, int]], limit: int) -> list[tuple[FactRef, int, float]]:
        """The `limit` best facts: each with its best record first, then its neighbours; with
        the best record's unit and score."""
        by_fact: dict[tuple[str, str], list[tuple[float, int]]] = {}
        for score, unit_id in ranked:
            unit = self._units[unit_id]
            key = (unit.entity, unit.fact)
            if key not in by_fact:
                if len(by_fact) >= limit:
                    last_best = by_fact[next(reversed(by_fact))][0][0]
                    if score < last_best - NEIGHBOUR_MARGIN:
                        break  # no record below can be a neighbour any more
                    continue
                by_fact[key] = []
            by_fact[key].append((score, unit_id))
        out = []
        for (entity, fact), scored in by_fact.items():
            best, best_unit = scored[0]
            size = self._fact_size[(entity, fact)]
            records = [self._units[u].index for score, u in scored if score >= best - NEIGHBOUR_MARGIN]
            if size <= SMALL_FACT:  # a small fact is answered whole, its best records first
                records += [index for index in range(size) if index not in records]
            out.append((FactRef(entity, fact, tuple(records[:MAX_RECORDS])), best_unit, best))
        return out


def _tie_order(fact: str, none_found: bool) -> int:
    """Where a record comes among records scored alike (see _Unit.tie_order)."""
    return 2 if none_found else 0 if fact == OVERVIEW else 1


def _named_nothing(related: Mapping[str, float]) -> float:
    """_entity_cue when the question names nothing."""
    return NO_ENTITY


def _related_to(entity_id: str, related: Mapping[str, float]) -> float:
    """How much a record is about one entity: _entity_cue when the question names only it."""
    return related.get(entity_id, 0.0)


def calibrated(features: Sequence[float]) -> float:
    """The probability that the record answers the question right, from its features."""
    z = CALIBRATION_BIAS + sum(w * f for w, f in zip(CALIBRATION, features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _wanted_kind(words: Sequence[str]) -> str | None:
    """What kind of answer the question asks for, from its question words (in its first words)."""
    for start in range(min(len(words), 8)):
        for pattern, kind in _KINDS_BY_FIRST.get(words[start], ()):
            if tuple(words[start : start + len(pattern)]) == pattern:
                return kind
    return None


def _kinds(text: str, related: Mapping[str, float], types: Mapping[str, str]) -> frozenset[str]:
    """The kinds of answer a record's text gives: a date, a number, a person, a place, partners."""
    kinds = set()
    if _DATE.search(text):
        kinds.add(DATE)
    if _NUMBER.search(_DAY_MONTH.sub(" ", text)):
        kinds.add(NUMBER)
    if PERSON_PATTERN.search(text):
        kinds.add(PERSON)
    if _PLACE.search(text):
        kinds.add(PLACE_KIND)
    if any(types.get(e) == "partner" for e in related):
        kinds.add(PARTNERS)
    return frozenset(kinds)


class _NameFinder:
    """The entities a text names exactly, as the recogniser knows their names: the same
    table, tried only at the lengths of the names starting with each word (a record is read
    once, at load, but a large base has many)."""

    def __init__(self, recognizer: EntityRecognizer) -> None:
        self._names = recognizer.by_alias
        lengths: dict[str, set[int]] = defaultdict(set)
        for words in self._names:
            lengths[words[0]].add(len(words))
        self._lengths = {word: sorted(found, reverse=True) for word, found in lengths.items()}

    def find(self, words: Sequence[str], type_: str | None = None) -> list[str]:
        found: list[str] = []
        i = 0
        while i < len(words):
            for length in self._lengths.get(words[i], ()):
                entity = self._names.get(tuple(words[i : i + length]))
                if entity is not None:
                    if type_ is None or entity.type == type_:
                        found.append(entity.id)
                    i += length
                    break
            else:
                i += 1
        return found


def _places_of_missions(kb: KnowledgeBase, glossary: Glossary, names: _NameFinder) -> dict[str, frozenset[str]]:
    """Mission id -> the partners its `where` names (EULEX: Kosovo)."""
    places: dict[str, frozenset[str]] = {}
    for mission in kb.entities_of("mission"):
        words = glossary.apply(normalize(str(mission.attributes.get("where", ""))).split())
        places[mission.id] = frozenset(names.find(words, "partner"))
    return places
