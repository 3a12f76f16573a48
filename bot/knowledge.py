"""The knowledge base as plain, immutable data: what the YAML files say, checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

ENTITY_TYPES = ("mission", "partner", "topic")

# Facts whose records say what is true now: each record needs `as_of` (validate says so),
# and every answer using one shows its date. "active": only for missions whose status is
# active (an ended mission's `ended` is history). Other records stating what is true now
# take `as_of` too, but only these are checked.
TIME_VARYING_FACTS: dict[str, tuple[str, ...]] = {
    "mission": ("head", "size", "budget"),
    "mission:active": ("ended", "mandate"),
    "partner": ("eu_status", "negotiations", "candidate", "alignment_record", "alignment_duty",
                "contributions", "defence_partnership", "epf"),
}


def is_time_varying(entity: Entity, fact: str) -> bool:
    """Whether the entity's fact states something that can change (its records need `as_of`)."""
    if fact in TIME_VARYING_FACTS.get(entity.type, ()):
        return True
    return (entity.attributes.get("status") == "active"
            and fact in TIME_VARYING_FACTS.get(f"{entity.type}:active", ()))


@dataclass(frozen=True)
class Source:
    """Where a fact was read: shown under every answer."""

    id: str
    title: str
    url: str
    kind: str = "secondary"  # official-eu | official-other | media | secondary (bot.policy.SOURCE_KINDS)


@dataclass(frozen=True)
class Record:
    """One sourced statement; a fact is one or more records."""

    text: str
    source: str
    as_of: str | None = None  # YYYY | YYYY-MM | YYYY-MM-DD (bot.dates)
    extra: Mapping[str, Any] = field(default_factory=dict)
    until: str | None = None  # when what the record states runs out; then `past` is shown
    past: str | None = None
    also: tuple[str, ...] = ()  # further source ids for the same record
    # The record says what the sources used do not have ("No FPA with Kosovo* was found"):
    # an answer of such records alone is "no sourced answer" (reply kind MISSING_FACT).
    none_found: bool = False
    place: str = field(default="", compare=False)  # "path:line" where the record is written


@dataclass(frozen=True)
class FactRef:
    """Records of one fact of one entity."""

    entity: str  # owner entity id (mission / partner / topic)
    fact: str  # fact name, e.g. "launched", "size", "epf"
    records: tuple[int, ...]  # indexes into kb.entities[entity].facts[fact], the best first

    @property
    def intent(self) -> str:
        """How a fact answer is named where an intent id would stand ("fact:eulex.budget")."""
        return f"fact:{self.entity}.{self.fact}"

    @staticmethod
    def from_intent(name: str) -> FactRef | None:
        """The fact an intent-like name stands for (all its records), or None."""
        kind, _, rest = name.partition(":")
        entity, _, fact = rest.partition(".")
        return FactRef(entity, fact, ()) if kind == "fact" and entity and fact else None


@dataclass(frozen=True)
class Entity:
    """A mission, a partner or a topic, with its aliases, attributes and facts."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    source: str
    attributes: Mapping[str, Any]
    facts: Mapping[str, tuple[Record, ...]]
    footnote: str | None = None
    # Descriptions that are also questions of their own ("the first EU military operation"):
    # read as the entity only when the question asks something else about it.
    descriptions: tuple[str, ...] = ()
    # The names people type in the region's languages ("Посматрачка мисија", "Misioni i BE-së
    # për sundimin e ligjit"); read as aliases, kept apart so that `validate` can require them.
    local_names: tuple[str, ...] = ()

    def has(self, name: str) -> bool:
        return name in self.facts or name in self.attributes


@dataclass(frozen=True)
class ListSpec:
    """Render an answer over many entities, or over the records of one fact of each."""

    from_type: str
    from_fact: str | None
    where: Mapping[str, Any]
    item: str
    empty: str | None


@dataclass(frozen=True)
class Intent:
    """A kind of question, the ways it is asked, and how its answer is made."""

    id: str
    title: str
    examples: tuple[str, ...]
    answer: str
    slots: tuple[str, ...] = ()
    entity: str | None = None
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    switch: Mapping[str, str] = field(default_factory=dict)
    smalltalk: bool = False
    list: ListSpec | None = None
    decline: bool = False  # questions the bot declines: its answer says why, and nothing is offered
    # The intent that answers instead, saying so, when a record this one needs is missing
    # ("what does EUTM Somalia do?": no mandate record, so what the sources say of it).
    otherwise: str | None = None


@dataclass(frozen=True)
class Fallbacks:
    """Texts for when the bot does not answer, and what it suggests instead."""

    out_of_scope: str
    unclear: str
    ambiguous: str
    need_entity: str
    missing_fact: str
    too_long: str
    suggest: tuple[str, ...]
    # A mission the knowledge base does not know ("EUPOL Afghanistan"); {name} is what was asked.
    unknown_name: str = ""
    # A question asking for a specific no answer gives ("in 2012", "which month"); {detail} names it.
    not_given: str = ""
    # A question about a partner that names another state ("when did Ukraine become a
    # candidate?"); {name} is the state.
    other_state: str = ""
    # Said before an intent's `otherwise` answer; {name} is what was asked about.
    otherwise: str = ""
    # Said after the answered parts of a compound question for each part with no answer ({part}).
    unanswered_part: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """A synonym or acronym folded to one canonical term before matching."""

    term: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    """The small words a question's shape is read by (knowledge/language.yaml), each list
    a set of normalised words compared with a question's words after the glossary."""

    follow_up_filler: frozenset[str]  # "and Althea?": words around a name that repeat the question
    name_to_place_words: frozenset[str]  # "EUFOR the force in BiH": between a name and "in"
    relative_words: frozenset[str]  # "the one for the team that followed it": where its name ends
    bygone_words: frozenset[str]  # "the old monitoring mission": part of the mission's name
    location_words: frozenset[str]  # "in", before a place
    destination_words: frozenset[str]  # "came to Bosnia": "to", before a place gone to
    opening_phrases: frozenset[str]  # "I was wondering, ...": left out before a question
    closing_phrases: frozenset[str]  # "... thanks!": left out after a question
    from_words: frozenset[str]  # "took over from {mission}": before what came first
    demonstratives: frozenset[str]  # "this", "that", "same" before a referring noun
    referring_nouns: frozenset[str]  # "that post", "this mission": the entity just talked about
    place_words: frozenset[str]  # "the one in Kosovo"
    definition_phrases: frozenset[str]  # "what is the EPF?" after a partner: the topic, not the partner's record
    one_words: frozenset[str]  # "the Kosovo one", "the Dialogue one", "the Kosovo post": one of those listed
    pronouns: frozenset[str]  # "when did it start?"
    there_words: frozenset[str]  # "what do they do there?": where the mission just talked about is
    side_words: frozenset[str]  # "and for the EU side?": a party to what the last answer said
    standing_words: frozenset[str]  # "what status does Kosovo have now?": no figure of today
    question_starts: frozenset[str]  # how a clause that asks something begins
    yes_no_starts: frozenset[str]  # "is Ukraine still a candidate?": a yes-or-no question
    question_prepositions: frozenset[str]  # "on what date ...": before a question start
    origin_words: frozenset[str]  # "which country does he come from?": where someone is from
    run_from_words: frozenset[str]  # "where is EULEX run from?": where it is run, not anyone's origin
    kinds: frozenset[str]  # nouns a topic may qualify ("CSDP missions")
    padding: frozenset[str]  # chatty words that weigh little in matching
    mission_nouns: frozenset[str]  # part of a mission's name next to it ("the EULEX mission")
    function_words: frozenset[str]  # grammar, not subject: never matched against a fact's text
    asking_words: frozenset[str]  # function words that still say what is asked ("when", "how many")
    office_words: frozenset[str]  # "he", "that post": the office holder just named
    other_words: frozenset[str]  # "who had it before?", "and another one?": not the answer just given
    earlier_words: frozenset[str]  # "and before that?": of the other_words, those that look back in time
    later_words: frozenset[str]  # "and after that?": of the other_words, those that look forward
    foreign_places: frozenset[str]  # places of EU missions outside the region: "EUMM Georgia"
    month_words: frozenset[str]  # "which month?": a date finer than a year,
    day_words: frozenset[str]  # "what date?": a day, each after one of exact_words
    exact_words: frozenset[str]  # "which", "exact"
    share_words: frozenset[str]  # "what percentage?": a share
    rated_words: frozenset[str]  # "how big was Serbia's alignment?": with "how much/big", a share
    money_words: frozenset[str]  # "what is the budget?": a sum of money
    office_nouns: frozenset[str]  # "who was the first commander?": a person
    title_offices: frozenset[str]  # "who was the commissioner?": a person named with that title
    opinion_phrases: frozenset[str]  # "in your opinion", "do you think": an opinion, which no source gives
    opinion_openers: frozenset[str]  # "should Serbia ...?", as the question's first word: an opinion too
    prediction_words: frozenset[str]  # "will Serbia ever ...?": with a future word, a prediction
    until_words: frozenset[str]  # "the largest mission until today": a record so far, not a figure of today
    current_words: frozenset[str]  # "how many troops now?": a figure of today
    authority_words: frozenset[str]  # "the Commission's percentage": whose figure is asked for
    source_words: frozenset[str]  # "according to", "report": an authority named as a source
    successor_words: frozenset[str]  # "who will replace him?": who comes next
    naming_words: frozenset[str]  # "who has been named to replace him?": who comes next
    future_words: frozenset[str]  # "will", "going to": what is still to come
    future_markers: frozenset[str]  # "expected", "plans": an answer that says what is to come
    duration_words: frozenset[str]  # "how many months?": a span that dates give
    when_words: frozenset[str]  # "for how long?": asking when, and nothing else
    and_words: frozenset[str]  # "and when?": words that add nothing to a bare "when?"
    signing_words: frozenset[str]  # "when did BiH sign its SAA?": the signing, not the entry into force
    counted_people: frozenset[str]  # "how many soldiers?": counted by any of these after a number
    counted_states: frozenset[str]  # "how many countries?": likewise
    plural_states: frozenset[str]  # "which countries join {topic}?": a phrasing written for a list of states
    thing_count_phrases: frozenset[str]  # "how many vehicles?", as typed: counts what follows
    present_tense_words: frozenset[str]  # "how many troops does it have?", as typed: a figure of today
    past_tense_words: frozenset[str]  # "how many troops did it have?", as typed: of a time past
    currency_words: frozenset[str]  # "how many euros?": a sum, not a thing counted
    detail_nouns: frozenset[str]  # "the commander's salary": details only an answer naming them gives
    organisation_words: frozenset[str]  # "who heads the OSCE mission?": an answer must name the body
    other_body_words: frozenset[str]  # "the UN police mission": another body's, with organisation_words
    reason_words: frozenset[str]  # "why ...?": an answer that gives a reason has one of these
    significance_words: frozenset[str]  # "why is Concordia important?": what it was, not a reason
    statement_words: frozenset[str]  # "what did Rama say?": what someone said
    statement_markers: frozenset[str]  # "said", "stated": an answer that reports what was said
    writing_words: frozenset[str]  # "what does the strategy say?": a text's content, not a statement
    purpose_phrases: frozenset[str]  # "what did the package buy?": what money was for
    recipient_phrases: frozenset[str]  # "for the Western Balkans": whom a sum went to, not what for
    half_words: frozenset[str]  # "the first half of 2024": a part of the year
    whole_year_words: frozenset[str]  # "the whole of 2024": not a half of it
    partner_adjectives: frozenset[str]  # "the Albanian contingent": an answer must name Albania
    list_words: frozenset[str]  # "list the 23 nations": a list is asked, of the length named
    partner_states: frozenset[str]  # the partners' names: where a person serves, not his nationality
    state_names: frozenset[str]  # "which country led it?": the names of states an answer may give
    degree_words: frozenset[str]  # "how much does Serbia align?": a degree, not a sum
    comparative_words: frozenset[str]  # "was EUFOR more expensive than EULEX?": a comparison asked
    besides_phrases: frozenset[str]  # "which countries other than Poland?": another state is asked
    payer_words: frozenset[str]  # "what pays EUFOR's common costs?": who pays, not how much
    superlative_words: frozenset[str]  # "which country sends the most troops?": which is most
    ordinal_words: frozenset[str]  # "the second measure": a sum or a share asked of it, in its clause
    document_words: frozenset[str]  # "which Council decision?": an answer gives its number
    start_words: frozenset[str]  # "the start and end of EUPAT": two questions (bot/compound.py)
    end_words: frozenset[str]
    titles: frozenset[str]  # "Major General László Sticz": words before a name, not of it
    came_before_words: frozenset[str]  # "who came before Barbano?": who held his post before him
    came_after_words: frozenset[str]  # "who replaced Sattler?": who held it after him
    career_phrases: frozenset[str]  # "what did Sørensen do before?": an answer saying what he had done
    agent_verbs: frozenset[str]  # "who drafted it?": an answer must say who drafted it
    vote_words: frozenset[str]  # "which parties voted against?": a vote
    dissent_words: frozenset[str]  # "against", "abstained": the side of a vote an answer must name
    # "the second of those", "the last one": the one listed at that place (in order; last_words: the last)
    ordinals_in_order: tuple[str, ...] = ()
    last_words: frozenset[str] = frozenset()

    @cached_property
    def other_states(self) -> frozenset[str]:
        """The names of states that are none of the partners, nor their adjectives."""
        return self.state_names - self.partner_states - self.partner_adjectives


# The lists knowledge/language.yaml must define, in its order.
LANGUAGE_LISTS = tuple(f.name for f in fields(Language))


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine needs, validated; swapped whole on reload."""

    sources: Mapping[str, Source]
    entities: Mapping[str, Entity]
    intents: Mapping[str, Intent]
    glossary: tuple[GlossaryEntry, ...]
    fallbacks: Fallbacks
    language: Language
    digest: str = ""
    # Fact name -> the words people use when they ask for it ("size": troops, staff...),
    # read by the fact reader (knowledge/fact_words.yaml).
    fact_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def entities_of(self, type_: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def summary(self) -> str:
        counts = {t: len(self.entities_of(t)) for t in ENTITY_TYPES}
        examples = sum(len(i.examples) for i in self.intents.values())
        facts = sum(len(e.facts) for e in self.entities.values())
        return (
            f"{counts['mission']} missions, {counts['partner']} partners, "
            f"{counts['topic']} topics, {facts} facts, {len(self.intents)} intents, "
            f"{examples} phrasings, {len(self.sources)} sources"
        )
