"""The engine: text (and a conversation) in, a Reply out. Knows nothing of front ends.

    text -> normalize -> entities -> match -> decide -> render -> Reply
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot import acknowledge
from bot import decide as decision
from bot.context import Conversation
from bot.entities import PLACE, EntityRecognizer, Glossary, Mention, abstract
from bot.footnotes import footnotes_for
from bot.knowledge import Entity, Intent, KnowledgeBase
from bot.match import SLOT_PATTERN, Candidate, FullScanMatcher, IndexedMatcher, Phrasing
from bot.normalize import normalize
from bot.render import MissingFact, Renderer
from bot.reply import (
    AMBIGUOUS,
    ANSWER,
    MISSING_FACT,
    NEED_ENTITY,
    OUT_OF_SCOPE,
    SMALLTALK,
    TOO_LONG,
    UNCLEAR,
    Reply,
    Suggestion,
)
from bot.template import fill

# Telegram's own limit for a message; anything longer was not typed as a question.
MAX_QUESTION_CHARS = 4096
# An intent that needs a mission (say) when the question names none and the
# conversation has none to lend is a weaker reading of the question.
MISSING_SLOT_PENALTY = 0.15
# A question naming a partner is unlikely to be a mission-only question, and so on.
WRONG_TYPE_PENALTY = 0.10
# Words never seen in any phrasing, alias or glossary, in a question naming nothing the
# bot knows ("when was the first NASA mission?"), are the mark of another subject.
UNKNOWN_WORD_PENALTY = 0.06
MAX_UNKNOWN_WORDS_PENALISED = 3
# A question naming one mission or partner is about it, not about all of them: an
# intent that lists many ("which partners contribute?") is a weaker reading.
UNUSED_ENTITY_PENALTY = 0.16
# A description read as its entity ("the first EU military operation" as Concordia) is a
# second reading of the question: it must beat the literal one by this much.
DESCRIPTION_PENALTY = 0.1
# A long question is also read clause by clause ("..., is that part of its mandate?") when
# it reads weakly as a whole (below the confidence threshold plus this margin); a clause
# reading must beat the whole by its penalty.
CLAUSE_BREAK = re.compile(r"[,;:.!?]+\s+|\s+(?:but|so|however|anyway)\s+", re.IGNORECASE)
CLAUSE_TRIGGER_MARGIN = 0.1
CLAUSE_PENALTY = 0.05
# How a clause that asks something begins (after the glossary: "did" reads "does").
QUESTION_STARTS = frozenset(
    "what when who which how where why is does can could has will would should since until".split())
MAX_CLAUSES = 4
# Ties between readings are broken towards the follow-ups the bot just offered.
CONTEXT_BONUS = 0.02
MAX_SUGGESTIONS = 4
MIN_SUGGESTIONS = 2  # every answer offers at least two follow-ups
# Words that carry no meaning of their own in a follow-up such as "and Althea?" or
# "what about Albania then?": a question made only of these and an entity repeats
# the previous question for the new entity.
FOLLOW_UP_FILLER = frozenset(
    (
        "and what about how is are the for then so ok okay also same with of please tell me "
        "regarding concerning hm hmm well but again now in case re question why "
        "a i dhe edhe"  # "and" in the region's languages: "a Crna Gora?", "dhe Shqipëria?"
    ).split()
)
# Words that may stand between a mission's name and "in <place>": "EUFOR the force in BiH".
NAME_TO_PLACE_WORDS = frozenset({"mission", "operation", "force", "the"})
# Nouns a topic may qualify ("CSDP missions"): then the topic is not what is asked about.
KINDS = [[noun] for noun in ("mission", "missions", "operation", "operations", "engagement", "engagements")]
# "in", as in "the EU police mission in Bosnia" (English, the region's languages).
LOCATION_WORDS = frozenset({"in", "u", "na", "ne", "vo"})
# "that post", "this operation", "the same country": the entity just talked about.
DEMONSTRATIVES = frozenset({"this", "that", "same"})
REFERRING_NOUNS = frozenset(
    "mission operation force post office envoy representative country partner state one agreement "
    "partnership strategy policy platform deployment".split()
)
# Words that may join "the one in Kosovo" in a follow-up about a place.
PLACE_WORDS = frozenset({"one", "ones", "more", "there", "mission", "operation", "office", "post"})
# Words that stand for the entity the conversation is about ("when did it start?").
PRONOUNS = frozenset(["it", "its", "they", "them", "their", "he", "she", "him", "his", "her"])


@dataclass(frozen=True)
class Understanding:
    """A question after normalisation and entity recognition."""

    words: tuple[str, ...]
    mentions: tuple[Mention, ...]
    forms: tuple[str, ...]
    # Entities the rest of the question names, for a clause read alone (type -> id).
    lent: Mapping[str, str] = field(default_factory=dict)


class _LastBuild:
    """The compiled state of the last engine built, for another engine on the same base.

    Validation builds an engine to check the phrasings and `load_engine` then builds
    the one it returns, from the same KnowledgeBase object: compiling 100,000
    phrasings and their index twice doubled start-up. Only the last build is kept,
    so an old knowledge base is let go as soon as a new one is built. Engines share
    nothing that changes after construction (the scorer's own caches aside).
    """

    def __init__(self) -> None:
        self._kb: KnowledgeBase | None = None
        self._full_scan = False
        self._state: dict[str, Any] = {}

    def get(self, kb: KnowledgeBase, full_scan: bool) -> dict[str, Any] | None:
        if self._kb is kb and self._full_scan == full_scan:
            return self._state
        return None

    def put(self, kb: KnowledgeBase, full_scan: bool, state: dict[str, Any]) -> None:
        # A copy of the attributes, whatever they are: nothing to keep in step with __init__.
        self._kb, self._full_scan, self._state = kb, full_scan, dict(state)


_LAST_BUILD = _LastBuild()


class Engine:
    """Answers questions from one knowledge base. Build a new one to reload."""

    def __init__(self, kb: KnowledgeBase, *, full_scan: bool = False) -> None:
        reused = _LAST_BUILD.get(kb, full_scan)
        if reused is not None:
            self.__dict__.update(reused)
            return
        self.kb = kb
        self.glossary = Glossary(kb.glossary)
        self.recognizer = EntityRecognizer(kb.entities.values(), self.glossary)
        phrasing_words = {
            word
            for intent in kb.intents.values()
            for example in intent.examples
            for word in normalize(SLOT_PATTERN.sub(" ", example)).split()
        }
        self.recognizer.learn_words(phrasing_words)
        self.glossary.protect(phrasing_words)
        self.phrasings = [
            Phrasing(self.compile_phrasing(example), intent.id)
            for intent in kb.intents.values()
            if intent.id != acknowledge.ACKNOWLEDGEMENT_INTENT  # "great", "ok" are matched whole, never fuzzily
            for example in intent.examples
        ]
        matcher_class = FullScanMatcher if full_scan else IndexedMatcher
        self.matcher = matcher_class(self.phrasings)
        self.renderer = Renderer(kb)
        self.acknowledgements = acknowledge.Acknowledgements(kb.intents)
        self.missions_in = self._missions_by_place()
        self.places_of: dict[str, set[str]] = {}  # mission id -> the partners it works in
        for partner, missions in self.missions_in.items():
            for mission_id in missions:
                self.places_of.setdefault(mission_id, set()).add(partner)
        # What a bare name asks ("EULEX?" is "tell me about EULEX"): mission.overview...
        self.name_only_intents = frozenset(p.intent for p in self.phrasings if SLOT_PATTERN.fullmatch(p.text))
        self._answerable: dict[tuple[str, ...], bool] = {}
        _LAST_BUILD.put(kb, full_scan, self.__dict__)

    def _missions_by_place(self) -> dict[str, tuple[str, ...]]:
        """Partner id -> the missions whose `where` names it ("Kosovo*" -> EULEX, EUSR)."""
        places: dict[str, list[str]] = {}
        for mission in self.kb.entities_of("mission"):
            words = self.glossary.apply(normalize(str(mission.attributes.get("where", ""))).split())
            for mention in self.recognizer.find(words, fuzzy=False):
                if mention.type == "partner" and mission.id not in places.get(mention.entity_id, ()):
                    places.setdefault(mention.entity_id, []).append(mission.id)
        return {partner: tuple(ids) for partner, ids in places.items()}

    # -- understanding ------------------------------------------------------------
    def compile_phrasing(self, example: str) -> str:
        """Normalise a phrasing exactly as questions are, keeping `{mission}` slots."""
        pieces = SLOT_PATTERN.split(example)
        out: list[str] = []
        for index, piece in enumerate(pieces):
            if index % 2:
                out.append("{" + piece + "}")
                continue
            words = self.glossary.apply(normalize(piece).split())
            mentions = self.recognizer.find(words, fuzzy=False)
            text = abstract(words, mentions, topics_as_slots=False)
            if text:
                out.append(text)
        return " ".join(out)

    def understand(self, text: str, conversation: Conversation | None = None, *,
                   pronouns_only: bool = False) -> Understanding:
        """Normalise, find the entities, and make the forms to match; with `pronouns_only`
        the conversation lends its entities to "it" alone, not to a question naming none."""
        words = self.glossary.apply(normalize(text).split())
        mentions = self._join_locations(words, self.recognizer.find(words))
        mentions = self._specific_topics(self._places_of_missions(words, mentions))
        mentions = self._place_as_mission(words, mentions, conversation)
        implied = self._implied_mention(words, mentions, conversation)
        if implied is not None:
            mentions = sorted([*mentions, implied], key=lambda m: m.start)
        return self._read(words, mentions, conversation, implied=implied is not None or pronouns_only)

    def _read(self, words: list[str], mentions: list[Mention], conversation: Conversation | None,
              *, implied: bool = False) -> Understanding:
        """The forms a question is matched in: its mentions as slots, and the readings
        the conversation lends it."""
        forms = [abstract(words, mentions, topics_as_slots=False)]
        # "CSDP missions in the Balkans" are missions, not the CSDP: a topic naming what
        # kind of missions they are is not the subject, so it is not read as one.
        if any(m.type == "topic" and words[m.end : m.end + 1] not in KINDS for m in mentions):
            forms.append(abstract(words, mentions, topics_as_slots=True))
        if not implied and conversation is not None and conversation.focus and not any(
                m.type in ("mission", "partner") for m in mentions):
            # "and the budget?" after a question on EULEX: also read it as about EULEX;
            # "who else contributes?" after Montenegro in Atalanta: as about Atalanta too.
            remembered = [conversation.focus, *(t for t in ("mission", "partner")
                                                if t in conversation.entities and t != conversation.focus)]
            forms.extend(f"{forms[0]} {{{type_}}}" for type_ in remembered)
        return Understanding(tuple(words), tuple(m for m in mentions if m.type != PLACE), tuple(forms))

    def described(self, understanding: Understanding, conversation: Conversation | None) -> Understanding | None:
        """The question read with its descriptions as the entities they describe: "when
        did the first EU military operation end?" asks of Concordia (None if it has none)."""
        named = {m.type for m in understanding.mentions}
        words = list(understanding.words)
        found = [m for m in self.recognizer.descriptions(words, list(understanding.mentions))
                 if m.type not in named]
        if not found:
            return None
        inside = {i for m in found for i in range(m.start, m.end)}
        kept = [m for m in understanding.mentions if not inside & set(range(m.start, m.end))]
        return self._read(words, sorted([*kept, *found], key=lambda m: m.start), conversation, implied=True)

    @staticmethod
    def _join_locations(words: list[str], mentions: list[Mention]) -> list[Mention]:
        """'the EUPAT mission in Macedonia': a partner placed right after a mission by 'in'
        says where the mission was: the whole phrase names the mission, and the partner is
        not a second subject of the question."""
        kept: list[Mention] = []
        for mention in mentions:
            before = kept[-1] if kept else None
            gap = words[before.end : mention.start] if before else []
            if (before is not None and before.type == "mission" and mention.type == "partner"
                    and gap and gap[-1] in LOCATION_WORDS and set(gap[:-1]) <= NAME_TO_PLACE_WORDS):
                kept[-1] = Mention(before.entity_id, before.type, before.start, mention.end, before.score)
                continue
            kept.append(mention)
        return kept

    def _specific_topics(self, mentions: list[Mention]) -> list[Mention]:
        """'EU–Western Balkans cooperation on hybrid threats' is about hybrid threats: a
        general topic (one answered by a general intent) yields to a specific one."""
        topics = [m for m in mentions if m.type == "topic"]
        general = {m.entity_id for m in topics if self.kb.entities[m.entity_id].attributes.get("answered_by")}
        if not general or len(general) == len(topics):
            return mentions
        return [m for m in mentions if m.entity_id not in general]

    def _places_of_missions(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """'what are EUFOR troops doing in Bosnia?': a partner where a named mission works
        says where, not who: it is read as a place, which no phrasing needs to match."""
        there = {p for m in mentions if m.type == "mission" for p in self.places_of.get(m.entity_id, ())}
        after_mission = {m.end for m in mentions if m.type == "mission"}
        # "in Bosnia", or right after the name ("EUPM Bosnia"); not "does Kosovo contribute".
        return [Mention(m.entity_id, PLACE, m.start, m.end, m.score)
                if m.type == "partner" and m.entity_id in there
                and (m.start in after_mission or (m.start > 0 and words[m.start - 1] in LOCATION_WORDS))
                else m for m in mentions]

    def _place_as_mission(self, words: list[str], mentions: list[Mention],
                          conversation: Conversation | None) -> list[Mention]:
        """'and in Bosnia?' after a question on the EUSR in Kosovo, or 'the one in Kosovo'
        after a list of missions: the place stands for the mission there, the one of the
        same kind as the mission just talked about, or the one just listed."""
        if conversation is None or any(m.type == "mission" for m in mentions) or len(mentions) != 1:
            return mentions
        place = mentions[0]
        if place.type != "partner" or place.start == 0 or words[place.start - 1] not in LOCATION_WORDS:
            return mentions
        rest = {w for i, w in enumerate(words) if not place.start - 1 <= i < place.end}
        if not (rest <= FOLLOW_UP_FILLER | PLACE_WORDS) and not rest & {"one", "ones"}:
            return mentions
        there = self.missions_in.get(place.entity_id, ())
        listed = [m for m in conversation.listed if m in there]
        last = self.kb.entities.get(conversation.entities.get("mission", ""))
        if not listed and last is not None and conversation.focus == "mission":
            listed = [m for m in there if self.kb.entities[m].attributes.get("kind") == last.attributes.get("kind")]
        if len(listed) > 1:  # "the one in Kosovo" among EULEX and the EUSR: the CSDP mission
            listed = [m for m in listed if self.kb.entities[m].attributes.get("kind") != "special-representative"]
        if len(listed) != 1:
            return mentions
        return [Mention(listed[0], "mission", place.start, place.end, place.score)]

    def _implied_mention(self, words: list[str], mentions: list[Mention],
                         conversation: Conversation | None) -> Mention | None:
        """A pronoun standing for the entity the conversation is about, as a mention."""
        if conversation is None or not conversation.focus or any(m.type == conversation.focus for m in mentions):
            return None
        focus = conversation.focus
        entity_id = conversation.entities.get(focus)
        if entity_id is None or entity_id not in self.kb.entities:
            return None
        covered = {i for m in mentions for i in range(m.start, m.end)}
        for index, word in enumerate(words):
            if index in covered:
                continue
            if word in PRONOUNS:
                return Mention(entity_id, focus, index, index + 1, 100.0)
            if word in DEMONSTRATIVES and index + 1 < len(words) and words[index + 1] in REFERRING_NOUNS:
                return Mention(entity_id, focus, index, index + 2, 100.0)
        return None

    def rank(self, understanding: Understanding, conversation: Conversation | None) -> list[Candidate]:
        """Intents by similarity, adjusted for whether their slots can be filled."""
        named = {m.type for m in understanding.mentions}
        remembered = set(conversation.entities) if conversation else set()
        # "when was it launched?" with nothing to resolve "it" still asks about some entity.
        pronoun = not named and any(w in PRONOUNS for w in understanding.words)
        unknown = 0.0
        if not understanding.mentions:
            strangers = [w for w in understanding.words if self.matcher.weights.is_unknown(w)]
            unknown = UNKNOWN_WORD_PENALTY * min(len(strangers), MAX_UNKNOWN_WORDS_PENALISED)
        related: set[str] = set()
        last = self.kb.intents.get(conversation.intent or "") if conversation else None
        if last is not None and not understanding.mentions:
            related = set(last.related)
        ranked = []
        for candidate in self.matcher.rank(understanding.forms):
            intent = self.kb.intents[candidate.intent]
            score = candidate.score
            if score < 1.0:
                score -= self._slot_penalty(intent, named, remembered, pronoun=pronoun) + unknown
                if intent.id in related:
                    score += CONTEXT_BONUS
            ranked.append(Candidate(candidate.intent, max(0.0, min(1.0, score)), candidate.phrasing))
        return sorted(ranked, key=lambda c: (-c.score, c.intent))

    @staticmethod
    def _slot_penalty(intent: Intent, named: set[str], remembered: set[str], *, pronoun: bool = False) -> float:
        missing = [s for s in intent.slots if s not in named and s not in remembered]
        penalty = 0.0 if pronoun else MISSING_SLOT_PENALTY * len(missing)
        specific = named & {"mission", "partner"}
        if specific and intent.slots and not specific & set(intent.slots):
            penalty += WRONG_TYPE_PENALTY
        if specific and not intent.slots and not intent.smalltalk:
            penalty += UNUSED_ENTITY_PENALTY
        return penalty

    # -- answering ---------------------------------------------------------------
    def answer(self, text: str | None, conversation: Conversation | None = None) -> Reply:
        """Answer one question; follow-ups use and update `conversation`."""
        return self._with_footnotes(self._answer(text, conversation))

    def _with_footnotes(self, reply: Reply) -> Reply:
        """The one place replies get their status footnotes: whatever the reply names."""
        texts = [reply.text, *(s.text for s in reply.suggestions)]
        notes = tuple(dict.fromkeys([*reply.footnotes, *footnotes_for(texts, self.kb)]))
        return replace(reply, footnotes=notes) if notes != reply.footnotes else reply

    def _answer(self, text: str | None, conversation: Conversation | None = None) -> Reply:
        if text is None or not text.strip():
            return self._fallback(UNCLEAR, self.kb.fallbacks.unclear)
        if len(text) > MAX_QUESTION_CHARS:
            return self._fallback(TOO_LONG, self.kb.fallbacks.too_long)
        acknowledged = self.acknowledgements.intent_for(text)
        if acknowledged is not None:  # "ok", "thanks", 👍: a short reply; the conversation stays as it was
            return acknowledge.reply(self.kb.intents[acknowledged], text)
        understanding = self.understand(text, conversation)
        if not understanding.words:  # "?", "🤔❓": nothing to go on, not even for a follow-up
            return self._fallback(UNCLEAR, self.kb.fallbacks.unclear)
        follow_up = self._follow_up(understanding, conversation)
        if follow_up is not None:
            return self._respond(follow_up, understanding, conversation, confidence=1.0)
        understanding, ranked = self._best_reading(text, understanding, conversation)
        choice = decision.decide(ranked, understanding.words, self.recognizer.vocabulary,
                                 has_entity=bool(understanding.mentions))
        if choice.action == decision.UNCLEAR:
            return self._fallback(UNCLEAR, self.kb.fallbacks.unclear, ranked)
        if choice.action == decision.OUT_OF_SCOPE:
            return self._fallback(OUT_OF_SCOPE, self.kb.fallbacks.out_of_scope, ranked)
        assert choice.best is not None
        intent = self.kb.intents[choice.best.intent]
        if intent.decline:  # a question the knowledge base marks as another subject
            return self._fallback(OUT_OF_SCOPE, intent.answer, ranked)
        runner_up = choice.runner_up
        if choice.action == decision.AMBIGUOUS and runner_up is not None and not self.kb.intents[
                runner_up.intent].decline:
            return self._ambiguous(choice.best, runner_up, understanding, conversation)
        return self._respond(intent, understanding, conversation, confidence=choice.best.score)

    def _best_reading(self, text: str, understanding: Understanding,
                      conversation: Conversation | None) -> tuple[Understanding, list[Candidate]]:
        """The question as read literally, or a second reading that fits clearly better:
        its descriptions as entities, or one of its clauses."""
        ranked = self.rank(understanding, conversation)
        readings = [(understanding, ranked)]
        described = self.described(understanding, conversation)
        if described is not None:
            alternative = self._penalised(self.rank(described, conversation), DESCRIPTION_PENALTY)
            # "What was the first EU military operation?" asks for the description itself,
            # which the literal reading answers: only another question about it counts.
            if alternative and alternative[0].intent not in self.name_only_intents:
                readings.append((described, alternative))
        if not ranked or ranked[0].score < decision.MIN_CONFIDENCE + CLAUSE_TRIGGER_MARGIN:
            readings.extend(self._clause_readings(text, understanding, conversation))
        # The literal reading wins ties: it comes first, and max keeps the first best.
        return max(readings, key=lambda reading: reading[1][0].score if reading[1] else 0.0)

    def _clause_readings(self, text: str, understanding: Understanding,
                         conversation: Conversation | None) -> Iterator[tuple[Understanding, list[Candidate]]]:
        """'My cousin says EULEX judges still try cases, is that part of its mandate?':
        each clause read alone, with "it" standing for what the whole question names."""
        clauses = [c for c in CLAUSE_BREAK.split(text) if c.strip()]
        if len(clauses) < 2 or not (understanding.mentions or (conversation and conversation.focus)):
            return  # with nothing to lend, a clause is no better read alone than in the whole
        lent = Conversation(entities=dict(conversation.entities) if conversation else {},
                            focus=conversation.focus if conversation else None)
        named = [m for m in understanding.mentions if m.type in ("mission", "partner")]
        if named:
            lent.entities.update({m.type: m.entity_id for m in named})
            lent.focus = named[0].type
        for clause in clauses[:MAX_CLAUSES]:
            reading = self.understand(clause, lent, pronouns_only=True)
            if not reading.words or reading.words[0] not in QUESTION_STARTS:
                continue  # "my cousin says ...": a statement around the question, not one
            reading = replace(reading, lent={m.type: m.entity_id for m in reversed(named)})
            yield reading, self._penalised(self.rank(reading, lent), CLAUSE_PENALTY)

    @staticmethod
    def _penalised(ranked: Sequence[Candidate], penalty: float) -> list[Candidate]:
        return [Candidate(c.intent, max(0.0, c.score - penalty), c.phrasing) for c in ranked]

    def answer_suggestion(self, suggestion: Suggestion, conversation: Conversation | None = None) -> Reply:
        """Answer a suggestion the bot offered (a button, a numbered choice) without parsing it."""
        intent = self.kb.intents.get(suggestion.intent)
        if intent is None or intent.decline or any(e not in self.kb.entities for e in suggestion.entities):
            return self.answer(suggestion.text, conversation)
        slots = {self.kb.entities[e].type: self.kb.entities[e] for e in suggestion.entities}
        return self._with_footnotes(self._render_reply(intent, slots, conversation, confidence=1.0))

    def _follow_up(self, understanding: Understanding, conversation: Conversation | None) -> Intent | None:
        """'and Althea?' after a question about EULEX: the same question for Althea."""
        last = self.kb.intents.get(conversation.intent or "") if conversation else None
        if last is None or len(understanding.mentions) != 1:  # "Crna Gora FPA" is a question, not "and X?"
            return None
        covered = {i for m in understanding.mentions for i in range(m.start, m.end)}
        rest = [w for i, w in enumerate(understanding.words) if i not in covered]
        if any(w not in FOLLOW_UP_FILLER for w in rest):
            return None
        new_type = understanding.mentions[0].type
        if new_type in last.slots:
            return last
        target = last.switch.get(new_type) or f"{new_type}.overview"
        return self.kb.intents.get(target)

    def _respond(self, intent: Intent, understanding: Understanding, conversation: Conversation | None,
                 *, confidence: float) -> Reply:
        slots = self._slots(understanding, conversation, intent.slots)
        missing = [s for s in intent.slots if s not in slots]
        if missing:
            # Remembered, so that a bare "EULEX" in reply to "which mission?" answers it.
            self._remember(conversation, intent, slots, [], focus=missing[0])
            return self._need_entity(intent, missing[0], slots, confidence)
        return self._render_reply(intent, slots, conversation, confidence=confidence)

    def _slots(self, understanding: Understanding, conversation: Conversation | None,
               types: Sequence[str] | None = None) -> dict[str, Entity]:
        """Entities by type: those the question names, then those the conversation
        remembers (for `types` only, or all of them)."""
        slots: dict[str, Entity] = {}
        for mention in understanding.mentions:
            slots.setdefault(mention.type, self.kb.entities[mention.entity_id])
        for type_, entity_id in understanding.lent.items():
            slots.setdefault(type_, self.kb.entities[entity_id])
        remembered = conversation.entities if conversation else {}
        for type_ in remembered if types is None else types:
            entity = self.kb.entities.get(remembered.get(type_, ""))
            if type_ not in slots and entity is not None:
                slots[type_] = entity
        return slots

    def _render_reply(self, intent: Intent, slots: Mapping[str, Entity], conversation: Conversation | None,
                      *, confidence: float) -> Reply:
        topic = slots.get("topic") if "topic" in intent.slots else None
        if topic is not None and topic.attributes.get("answered_by") in self.kb.intents:
            # "What is CFSP alignment?" is the general alignment question: one answer, not two.
            intent, slots = self.kb.intents[topic.attributes["answered_by"]], {}
        used = {s: e for s, e in slots.items() if s in intent.slots}
        entity_ids = tuple(e.id for e in used.values()) + ((intent.entity,) if intent.entity else ())
        try:
            rendered = self.renderer.render(intent, used)
        except MissingFact as missing:
            self._remember(conversation, intent, used, [])
            name = missing.entity.name if missing.entity else intent.title
            text = fill(self.kb.fallbacks.missing_fact, lambda _q, _f: name)
            return Reply(text, MISSING_FACT, intent.id, confidence,
                         self.related_suggestions(intent, used), entities=entity_ids)
        self._remember(conversation, intent, used, rendered.listed)
        kind = SMALLTALK if intent.smalltalk else (MISSING_FACT if rendered.empty_list else ANSWER)
        about = dict(used)
        if len(rendered.listed) == 1:  # "the first CSDP mission was EUPM": offer more on EUPM
            about.setdefault(rendered.listed[0].type, rendered.listed[0])
        suggestions = self.related_suggestions(intent, about)
        return Reply(rendered.text, kind, intent.id, confidence, suggestions,
                     tuple(rendered.sources), tuple(rendered.footnotes), entity_ids)

    def _remember(self, conversation: Conversation | None, intent: Intent, used: Mapping[str, Entity],
                  listed: Sequence[Entity], *, focus: str | None = None) -> None:
        """Keep what the answer was about, so that "it" and "and Althea?" work next."""
        if conversation is None:
            return
        about = {e.type: e.id for e in used.values()}
        focus = focus or (intent.slots[0] if intent.slots else None)
        fixed = self.kb.entities.get(intent.entity or "")
        if fixed is not None:
            about.setdefault(fixed.type, fixed.id)
            focus = focus or fixed.type
        if len(listed) == 1:  # "the largest civilian mission" is EULEX: "when did it start?"
            about.setdefault(listed[0].type, listed[0].id)
            focus = focus or listed[0].type
        conversation.remember(intent.id, about, time.monotonic(), focus=focus,
                              listed=tuple(e.id for e in listed))

    # -- suggestions and fallbacks ----------------------------------------------------
    def suggestion(self, intent: Intent, slots: Mapping[str, Entity]) -> Suggestion | None:
        """The intent offered as a question about these entities, if it can be filled."""
        if intent.decline or any(s not in slots for s in intent.slots):
            return None
        text = fill(intent.title, lambda q, f: slots[f].name if q is None and f in slots else f"{{{f}}}")
        return Suggestion(text, intent.id, tuple(slots[s].id for s in intent.slots))

    def answerable(self, intent: Intent, slots: Mapping[str, Entity]) -> bool:
        """Whether the intent has a sourced answer for these entities (memoised: the
        knowledge base of an engine never changes)."""
        used = {s: e for s, e in slots.items() if s in intent.slots}
        key = (intent.id, *sorted(e.id for e in used.values()))
        known = self._answerable.get(key)
        if known is None:
            try:
                self.renderer.render(intent, used)
                known = True
            except MissingFact:
                known = False
            self._answerable[key] = known
        return known

    def related_suggestions(self, intent: Intent, slots: Mapping[str, Entity]) -> tuple[Suggestion, ...]:
        out = []
        for related_id in intent.related:
            related = self.kb.intents.get(related_id)
            if related is None:
                continue
            suggestion = self.suggestion(related, slots)
            if suggestion is not None and self.answerable(related, slots):
                out.append(suggestion)
        if len(out) < MIN_SUGGESTIONS:
            # An entity with few sourced facts: offer whatever else can be said about it,
            # then the general questions.
            about = [i for i in self.kb.intents.values() if i.slots and set(i.slots) <= set(slots)]
            for other in about:
                suggestion = self.suggestion(other, slots)
                if (other.id != intent.id and suggestion is not None and suggestion not in out
                        and self.answerable(other, slots)):
                    out.append(suggestion)
                if len(out) >= MIN_SUGGESTIONS:
                    break
            out.extend(s for s in self.default_suggestions() if s.intent != intent.id and s not in out)
        return tuple(out[:MAX_SUGGESTIONS])

    def default_suggestions(self, count: int = 3) -> tuple[Suggestion, ...]:
        out = []
        for ident in self.kb.fallbacks.suggest:
            intent_id, _, entity_id = ident.partition(":")
            intent = self.kb.intents.get(intent_id)
            if intent is None:
                continue
            slots = {}
            if entity_id in self.kb.entities:
                slots[self.kb.entities[entity_id].type] = self.kb.entities[entity_id]
            suggestion = self.suggestion(intent, slots)
            if suggestion is not None:
                out.append(suggestion)
        return tuple(out[:count])

    def _fallback(self, kind: str, text: str, ranked: Sequence[Candidate] = ()) -> Reply:
        confidence = ranked[0].score if ranked else 0.0
        return Reply(text, kind, None, confidence, self.default_suggestions())

    def _ambiguous(self, best: Candidate, runner_up: Candidate, understanding: Understanding,
                   conversation: Conversation | None) -> Reply:
        slots = self._slots(understanding, conversation)
        choices = [self.suggestion(self.kb.intents[c.intent], slots) for c in (best, runner_up)]
        offered = tuple(s for s in choices if s is not None)
        if len(offered) < 2:
            return self._respond(self.kb.intents[best.intent], understanding, conversation,
                                 confidence=best.score)
        if conversation is not None and slots:
            # Whichever reading is picked, "it" in the next question is what this one named.
            named = self._slots(understanding, None)
            if named:
                conversation.remember_entities({e.type: e.id for e in named.values()}, time.monotonic(),
                                               focus=next(iter(named)))
        return Reply(self.kb.fallbacks.ambiguous, AMBIGUOUS, None, best.score, offered)

    def _need_entity(self, intent: Intent, slot: str, slots: Mapping[str, Entity], confidence: float) -> Reply:
        text = fill(self.kb.fallbacks.need_entity, lambda _q, _f: slot)
        options = []
        for entity in self.kb.entities_of(slot):
            suggestion = self.suggestion(intent, {**slots, slot: entity})
            if suggestion is not None and self.answerable(intent, {**slots, slot: entity}):
                options.append(suggestion)
        return Reply(text, NEED_ENTITY, intent.id, confidence, tuple(options[:MAX_SUGGESTIONS]))
