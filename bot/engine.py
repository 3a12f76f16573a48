"""The engine: text (and a conversation) in, a Reply out. Knows nothing of front ends.

One pass per question, each step a module of its own:

    understand (bot.understand, bot.resolve) -> read (bot.intent_reader, bot.fact_reader)
    -> decide (bot.decide) -> respond (bot.render, bot.suggest) -> remember (bot.context)
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from bot import acknowledge, compound, resolve, specifics
from bot import decide as decision
from bot.context import Conversation
from bot.entities import EntityRecognizer, Glossary, Mention, unknown_mission_name
from bot.fact_reader import OVERVIEW, FactReader, FactReading
from bot.footnotes import footnotes_for
from bot.intent_reader import IntentReader
from bot.knowledge import LANGUAGE_LISTS, Entity, FactRef, Intent, KnowledgeBase
from bot.match import SLOT_PATTERN, Candidate
from bot.memo import remembered
from bot.normalize import normalize
from bot.render import MissingFact, Rendered, Renderer
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
from bot.suggest import Suggester
from bot.template import fill
from bot.understand import Understander, Understanding

# How many fact readings a follow-up on a fact answer weighs (the fact just given may
# be further down than the usual three).
FOLLOW_UP_READINGS = 8
# Telegram's own limit for a message; anything longer was not typed as a question.
MAX_QUESTION_CHARS = 4096
# How many of the best intents may be the one the fact reader agrees with (_agreeing_first).
AGREEING_READINGS = 3
# How a fact answer is offered as a choice ("did you mean ...?") or a button.
FACT_TITLE = "{name}: {fact}"
# How many replies' texts the engine remembers the footnotes of (Engine._footnotes).
FOOTNOTES_REMEMBERED = 1024
# A message that only says a question is coming ("hi, I have a question") is greeted.
GREETING_INTENT = "smalltalk.greet"
# What a fact answer's conversation remembers of the question besides the fact's owner.
SUBJECTS = ("mission", "partner")
# Facts whose answer names the mission that came after the one asked about: the one the
# conversation goes on about ("what came after Concordia?", then "how much did it cost?").
# Not the one before: "what did it follow on from?" asks of the mission still talked about.
SUCCESSION_FACTS = ("successor",)


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
        self.recognizer = EntityRecognizer(kb.entities.values(), self.glossary,
                                           mission_nouns=kb.language.mission_nouns)
        phrasing_words = {
            word
            for intent in kb.intents.values()
            for example in intent.examples
            for word in normalize(SLOT_PATTERN.sub(" ", example)).split()
        }
        self.recognizer.learn_words(phrasing_words)
        self.glossary.protect(phrasing_words)
        record_words = [(entity.id, normalize(record.text).split()) for entity in kb.entities.values()
                        for records in entity.facts.values() for record in records]
        # The records' own words are English spelt right: "resident" is no misspelt "president".
        self.glossary.know_words(word for _, words in record_words for word in words if word.isalpha())
        # So are the words that cue a fact (knowledge/fact_words.yaml): "ceiling" is no "cilin".
        self.glossary.know_words(word for cues in kb.fact_words.values() for cue in cues
                                 for word in normalize(cue).split() if word.isalpha())
        # So are the words of knowledge/language.yaml: "wounded" is no misspelt "founded".
        self.glossary.know_words(word for name in LANGUAGE_LISTS for word in getattr(kb.language, name))
        self.people = resolve.people_index(kb, self.recognizer.vocabulary)
        self.identifiers = resolve.identifiers_index(record_words)
        self.surnames_by_start = resolve.surnames_by_start(self.people)
        # Anyone a record names, by surname ("what did Kallas say?", "who came before Degert?").
        speakers = frozenset(name[-1] for name in resolve.people_index(
            kb, self.recognizer.vocabulary | resolve.common_words(kb), facts=None))
        self.understander = Understander(kb, self.glossary, self.recognizer, self.surnames_by_start, speakers)
        self.intent_reader = IntentReader(kb, self.understander, full_scan=full_scan)
        self.fact_reader = FactReader(kb, self.glossary, self.recognizer)
        self.renderer = Renderer(kb)
        self.suggester = Suggester(kb, self.renderer)
        # A person's name is a name: never read as a misspelt word of the region ("Fronda").
        self.glossary.know_names(word for name in self.people for word in name)
        self.surnames = frozenset(name[0] for name in self.people if len(name) == 1)
        self.acknowledgements = acknowledge.Acknowledgements(kb.intents)
        self.declines = frozenset(i.id for i in kb.intents.values() if i.decline)
        # Words only the declining intents use ("nato missions in afghanistan"): known, but as
        # the mark of another subject, so "EUPOL Afghanistan" still names an unknown mission.
        own_words = {w for i in kb.intents.values() if not i.decline for e in i.examples
                     for w in self.understander.words(SLOT_PATTERN.sub(" ", e))}
        self.elsewhere_words = frozenset(
            w for i in kb.intents.values() if i.decline for e in i.examples
            for w in self.understander.words(SLOT_PATTERN.sub(" ", e))
            if w not in own_words and self.fact_reader.is_stranger_to_facts(w))
        self.understander.is_stranger = self.is_stranger
        self.understander.is_unused = self.is_unused
        self.understander.know_words([*self.fact_reader.known_words,
                                      *sorted(w for w in phrasing_words if w.isalpha())])
        self._footnotes_of: dict[tuple[str, ...], tuple[str, ...]] = {}  # texts -> footnotes_for them
        _LAST_BUILD.put(kb, full_scan, self.__dict__)

    def is_elsewhere(self, word: str) -> bool:
        """A place or subject the base knows only as another: "afghanistan" (declined
        questions use it), "georgia" (knowledge/language.yaml, foreign_places)."""
        return word in self.elsewhere_words or self.fact_reader.is_elsewhere(word)

    def is_stranger(self, word: str) -> bool:
        """A word no fact, name or answering phrasing uses: the mark of something unknown."""
        return word in self.elsewhere_words or self.fact_reader.is_stranger(word)

    def is_unused(self, word: str) -> bool:
        """A word no fact, name or phrasing is written with, as typed ("irini")."""
        return word not in self.recognizer.vocabulary and self.fact_reader.is_stranger_to_facts(word)

    # -- the parts other modules use ---------------------------------------------
    @property
    def phrasings(self) -> list[Any]:
        return self.intent_reader.phrasings

    @property
    def matcher(self) -> Any:
        return self.intent_reader.matcher

    def understand(self, text: str, conversation: Conversation | None = None) -> Understanding:
        return self.understander.understand(text, conversation)

    def rank(self, understanding: Understanding, conversation: Conversation | None) -> list[Candidate]:
        return self.intent_reader.rank(understanding, conversation)

    def suggestion(self, intent: Intent, slots: Mapping[str, Entity]) -> Suggestion | None:
        return self.suggester.suggestion(intent, slots)

    def answerable(self, intent: Intent, slots: Mapping[str, Entity]) -> bool:
        return self.suggester.answerable(intent, slots)

    def default_suggestions(self, count: int = 3) -> tuple[Suggestion, ...]:
        return self.suggester.defaults(count)

    # -- one pass ------------------------------------------------------------------
    def answer(self, text: str | None, conversation: Conversation | None = None) -> Reply:
        """Answer one question; follow-ups use and update `conversation`."""
        return self._with_footnotes(self._answer(text, conversation))

    def answer_suggestion(self, suggestion: Suggestion, conversation: Conversation | None = None) -> Reply:
        """Answer a suggestion the bot offered (a button, a numbered choice) without parsing it."""
        fact = FactRef.from_intent(suggestion.intent)
        if fact is not None and self._has_fact(fact):
            return self._with_footnotes(self._fact_reply(fact, conversation, confidence=1.0))
        intent = self.kb.intents.get(suggestion.intent)
        if intent is None or intent.decline or any(e not in self.kb.entities for e in suggestion.entities):
            return self.answer(suggestion.text, conversation)
        slots = {self.kb.entities[e].type: self.kb.entities[e] for e in suggestion.entities}
        return self.render_intent(intent, slots, conversation)

    def render_intent(self, intent: Intent, slots: Mapping[str, Entity],
                      conversation: Conversation | None = None) -> Reply:
        """The reply to an intent about given entities, as a user sees it (footnotes included)."""
        return self._with_footnotes(self._render_reply(intent, slots, conversation, confidence=1.0))

    def _answer(self, text: str | None, conversation: Conversation | None) -> Reply:
        if text is None or not text.strip():
            return self._fallback(UNCLEAR, self.kb.fallbacks.unclear)
        if len(text) > MAX_QUESTION_CHARS:
            return self._fallback(TOO_LONG, self.kb.fallbacks.too_long)
        acknowledged = self.acknowledgements.intent_for(text)
        if acknowledged is not None:  # "ok", "thanks", 👍: a short reply; the conversation stays as it was
            return acknowledge.reply(self.kb.intents[acknowledged], text)
        after_thanks = self._after_thanks(text, conversation)
        if after_thanks is not None:
            return after_thanks
        questions, pair = compound.split(text, self.understander.question_words, self.kb.language,
                                         self.understander.is_chatter)
        if len(questions) > 1:
            return self._answer_compound(text, questions, conversation, pair=pair)
        return self._answer_one(text, conversation)

    def _after_thanks(self, text: str, conversation: Conversation | None) -> Reply | None:
        """"thanks, eufor 2021 renewal resolution number": the answer to what follows the thanks,
        when there is one; else None, and the message is read whole ("thanks, that helped")."""
        rest = self.understander.chatter.after_thanks(text)
        if rest is None or self.understander.is_chatter(rest):
            return None
        before = conversation.copy() if conversation is not None else None
        reply = self._answer(rest, conversation)
        if reply.kind == ANSWER:
            return reply
        if conversation is not None and before is not None:
            conversation.restore(before)
        return None

    def _answer_compound(self, text: str, questions: Sequence[str], conversation: Conversation | None,
                         *, pair: bool) -> Reply:
        """A question that asks several: each answered in turn and given together, when each
        has an answer of its own; else the question answered whole, unless that answers less
        than the first part did (`compound.partly`)."""
        talk = conversation if conversation is not None else Conversation()
        before = talk.copy()
        replies: list[Reply] = []
        for question in questions:
            if pair:  # "the start and end of EUPAT": each of EUPAT, not "and at the end?" of the start
                talk.restore(before)
            replies.append(self._answer_one(question, talk))
        together = compound.joined(replies, pair=pair)
        if together is not None:
            return together
        partly = compound.partly(questions, replies, self.kb.fallbacks.unanswered_part)
        if partly is None:
            talk.restore(before)
            return self._answer_one(text, talk)
        after_parts = talk.copy()
        talk.restore(before)
        whole = self._answer_one(text, talk)
        if whole.matched and whole.text != replies[0].text:
            return whole
        # "What is the EUSR in Bosnia and why does that post exist?": what has an answer, and
        # which part has none, rather than no answer at all, or the first part's answer alone
        talk.restore(after_parts)
        return partly

    def _answer_one(self, text: str, conversation: Conversation | None) -> Reply:
        understanding = self.understander.understand(text, conversation)
        reply = _lacking_said(self._answer_understood(text, understanding, conversation), understanding.asked)
        if reply.kind == OUT_OF_SCOPE and GREETING_INTENT in self.kb.intents and (
                self.understander.is_chatter(text) or self._greets_and_asks_nothing(text)):
            # "hi, I have a question", "can I ask you something?": nothing asked yet, not off-topic
            return acknowledge.reply(self.kb.intents[GREETING_INTENT], text)
        if conversation is not None and reply.kind == ANSWER:
            conversation.years = understanding.asked.years  # "and the year before?" counts from these
        return reply

    def _greets_and_asks_nothing(self, text: str) -> bool:
        """"Good afternoon, I'm preparing a seminar on CSDP.": a greeting, then words that ask
        nothing (no question mark, no question word first): greeted, not declined."""
        greeting, _, rest = text.partition(",") if "," in text else text.partition(".")
        if not rest.strip() or "?" in rest:
            return False
        said = self.intent_reader.read(greeting, self.understander.understand(greeting), None)[1]
        rest_words = self.understander.words(rest)
        return bool(said) and said[0].intent == GREETING_INTENT and said[0].score >= decision.INTENT_FIRST \
            and not (rest_words and rest_words[0] in self.kb.language.question_starts)

    def _answer_understood(self, text: str, understanding: Understanding, conversation: Conversation | None) -> Reply:
        if not understanding.words:  # "?", "🤔❓": nothing to go on, not even for a follow-up
            return self._fallback(UNCLEAR, self.kb.fallbacks.unclear)
        shortcut = self._follow_up(understanding, conversation)
        if shortcut is not None:
            return shortcut
        # read
        whole = understanding
        understanding, ranked = self.intent_reader.read(text, understanding, conversation)
        # A clause read alone is the intents' reading; the facts are read in the whole question,
        # whose other clauses may say which record ("In November 2024, until when did ...?").
        facts = [] if self._intent_is_enough(understanding, ranked, conversation) else \
            self._read_facts(whole if understanding.lent else understanding, conversation)
        # decide
        choice = self._decide(understanding, ranked, facts, conversation)
        # respond (and remember)
        if conversation is None or not resolve.asks_since_when(understanding, self.kb.language):
            return self._respond(choice, understanding, conversation)
        # "since when?" with no answer of its own (when EUTM Somalia began): the answer just
        # given may say since when ("Serbia takes part in EUTM Somalia, since 2012")
        before, again = conversation.copy(), self._since_again(understanding, conversation)
        reply = self._respond(choice, understanding, conversation)
        if again is None or reply.kind not in (MISSING_FACT, OUT_OF_SCOPE):
            return reply
        conversation.restore(before)
        return self._intent_reply(again, understanding, conversation, confidence=1.0)

    def _follow_up(self, understanding: Understanding, conversation: Conversation | None) -> Reply | None:
        """'and Althea?' after a question about EULEX: the same question for Althea; after
        a fact answer, the same fact of the new entity when it has one ("and when did
        Albania sign one?"), or the records that name it ("since when in EUTM Somalia?")."""
        if conversation is None or _fresh(conversation):
            return None  # nothing asked yet to follow up on: each way below needs a last intent or fact
        naming = resolve.records_naming(understanding, conversation, self.kb)
        if naming is not None:  # "since when in EUTM Somalia?" after a partner's missions
            return self._fact_reply(naming, conversation, confidence=1.0)
        share = self._share_again(understanding, conversation)
        if share is not None:  # "how much of that was for Kosovo itself?" after EULEX's budget
            return share
        new = (resolve.only_a_new_entity(understanding.words, understanding.mentions, self.kb.language)
               or resolve.same_fact_of_new_entity(understanding, conversation, self.kb))
        if new is None and (not understanding.mentions or understanding.implied):  # "... are they from?"
            repeated = self._country_again(understanding, conversation) or \
                self._purpose_again(understanding, conversation)
            if repeated is not None:
                return repeated
        if new is None:
            # "and at the end?" after how many officers EUPM had at its peak: the same question;
            # "for how long?" after Albania's troops in Althea: the same, when its answer is dated
            said = self._fact_said_already(understanding, conversation) or \
                self._fact_dated_again(resolve.when_of_last_fact(understanding, conversation, self.kb))
            if said is not None:  # "who signed it on the EU side?" after when Albania signed
                return self._fact_reply(said, conversation, confidence=1.0)
            again = resolve.same_question_again(understanding, conversation, self.kb) or \
                self._again_if(resolve.when_of_last_answer(understanding, conversation, self.kb),
                               understanding, conversation, lambda r: specifics.names_a_year(r.text)) or \
                self._again_if(resolve.bare_question_of_last_answer(understanding, conversation, self.kb),
                               understanding, conversation, lambda r: self._gives(understanding.asked, r)) or \
                self._when_it_says(understanding, conversation) or \
                self._said_already(understanding, conversation)
            return None if again is None else self._intent_reply(again, understanding, conversation, confidence=1.0)
        of_topic = self._partner_fact_of_topic(new, conversation, understanding.words)
        if of_topic is not None:  # "and Albania?" after what Security and Defence Partnerships are,
            # or "and chapter 31?" after Serbia's negotiations
            return self._fact_reply(of_topic, conversation, confidence=1.0)
        last_fact = conversation.fact
        if last_fact is not None and conversation.intent is None:
            entity = self.kb.entities[new.entity_id]
            whole = self._whole_fact(entity.id, last_fact.fact)
            if whole is not None:
                return self._fact_reply(whole, conversation, confidence=1.0)
            elsewhere = self.fact_reader.records_about(last_fact.fact, entity.id)
            if len(elsewhere) == 1:  # "a Albanije?" after Serbia's ISAC figures: the topic's, on Albania
                return self._fact_reply(elsewhere[0], conversation, confidence=1.0)
            intent = self.kb.intents.get(f"{entity.type}.overview")
        else:
            intent = resolve.follow_up_intent(new, conversation, self.kb)
        if intent is None:
            return None
        return self._intent_reply(intent, understanding, conversation, confidence=1.0)

    def _partner_fact_of_topic(self, new: Mention, conversation: Conversation,
                               words: Sequence[str]) -> FactRef | None:
        """The partner's own fact on the topic just talked about, or on the topic just named
        after a partner: its records of the fact named after the topic (knowledge/partners.yaml:
        albania's `defence_partnership`, serbia's `chapter31`); not when the question asks what
        the topic is ("what's the EPF anyway?")."""
        partner: str | None
        if new.type == "partner" and conversation.focus == "topic":
            partner, topic = new.entity_id, conversation.entities.get("topic")
        elif (new.type == "topic" and conversation.focus == "partner"
              and not specifics.has_phrase(words, self.kb.language.definition_phrases)):
            partner, topic = conversation.entities.get("partner"), new.entity_id
        else:
            return None
        return self._whole_fact(partner, topic) if partner is not None and topic is not None else None

    def _whole_fact(self, entity_id: str, fact: str) -> FactRef | None:
        """All the records of an entity's fact, or None when it has no such fact."""
        records = self.kb.entities[entity_id].facts.get(fact, ())
        return FactRef(entity_id, fact, tuple(range(len(records)))) if records else None

    def _again_if(self, intent: Intent | None, understanding: Understanding, conversation: Conversation | None,
                  answers: Callable[[Rendered], bool]) -> Intent | None:
        """The intent, if its answer here `answers` the question ("for how long?": names a
        year; "how many?": gives the number)."""
        if intent is None:
            return None
        rendered = self._rendered_here(intent, understanding, conversation)
        return intent if rendered is not None and answers(rendered) else None

    def _when_it_says(self, understanding: Understanding, conversation: Conversation) -> Intent | None:
        """"when was it adopted?" just after an answer whose first sentence says it was
        adopted, with a year: that answer again."""
        found = resolve.when_of_its_words(understanding, conversation, self.kb)
        if found is None:
            return None
        intent, own = found

        def says_when(rendered: Rendered) -> bool:
            first = rendered.text.split(". ")[0]
            return specifics.names_a_year(first) and own <= set(self.understander.words(first))
        return self._again_if(intent, understanding, conversation, says_when)

    def _fact_dated_again(self, ref: FactRef | None) -> FactRef | None:
        """The fact records, if they name a year."""
        return ref if ref is not None and specifics.names_a_year(self._fact_text(ref)) else None

    def _since_again(self, understanding: Understanding, conversation: Conversation) -> Intent | None:
        """"since when?" just after an answer that says since when ("Serbia takes part in EUTM
        Somalia, since 2012"): that question again, not when the mission itself began."""
        last = self.kb.intents.get(conversation.intent or "")
        if last is None:
            return None
        rendered = self._rendered_here(last, understanding, conversation)
        return last if rendered is not None and re.search(r"\bsince\b", rendered.text) else None

    def _purpose_again(self, understanding: Understanding, conversation: Conversation) -> Reply | None:
        """"to buy what?", "za šta?", naming nothing, just after an answer that gives a sum and
        says what it was for ("€13 million ... for light armoured vehicles"): that answer again."""
        asked = understanding.asked
        if not asked.purpose or not resolve.asks_only_what_for(understanding, self.kb.language):
            return None
        return self._last_answer_if(understanding, conversation,
                                    lambda text: specifics.says_what_a_sum_was_for(text, asked))

    def _share_again(self, understanding: Understanding, conversation: Conversation) -> Reply | None:
        """"how much of that was for Kosovo itself?" just after an answer that gives a sum and
        its parts ("€165.31 million: €58.5 million for EULEX in Kosovo* and ..."): that answer
        again, when it says what the question names."""
        if not resolve.asks_a_share(understanding, self.kb.language):
            return None
        language = self.kb.language

        def gives_the_parts(text: str) -> bool:
            return specifics.sums_in(text) >= 2 and resolve.said_in(
                understanding.words, self.understander.words(text), language, named_again=True)
        return self._last_answer_if(understanding, conversation, gives_the_parts)

    def _country_again(self, understanding: Understanding, conversation: Conversation) -> Reply | None:
        """"Iz koje je zemlje?", "which country are they from?", naming nothing, just after an
        answer that names a state ("of the Italian Armed Forces", "105 Polish police officers"):
        that answer again."""
        asked = understanding.asked
        if not asked.countries or not resolve.asks_only_which_country(understanding, self.kb.language):
            return None
        return self._last_answer_if(understanding, conversation,
                                    lambda text: specifics.gives(asked, text, self.surnames))

    def _last_answer_if(self, understanding: Understanding, conversation: Conversation,
                        says: Callable[[str], bool]) -> Reply | None:
        """The answer just given (a fact's records, or the last intent's answer about what the
        question and the conversation name), again, if its text `says` what is asked."""
        if conversation.fact is not None and conversation.intent is None:
            said = says(self._fact_text(conversation.fact))
            return self._fact_reply(conversation.fact, conversation, confidence=1.0) if said else None
        last = self.kb.intents.get(conversation.intent or "")
        if last is None or last.decline or last.smalltalk:
            return None
        again = self._again_if(last, understanding, conversation, lambda rendered: says(rendered.text))
        return None if again is None else self._intent_reply(again, understanding, conversation, confidence=1.0)

    def _said_already(self, understanding: Understanding, conversation: Conversation) -> Intent | None:
        """"who signed it?" just after when North Macedonia signed its partnership: the last
        intent, when its answer names a person and says what is asked (bot.resolve.said_in);
        "and what about Serbia, who signed theirs?": the last intent, of Serbia."""
        last = self.kb.intents.get(conversation.intent or "")
        if "who" not in understanding.words:
            return None  # "when was it adopted?" after the strategy's overview asks its own intent
        if last is None or last.decline or last.smalltalk or any(
                m.entity_id not in conversation.entities.values() and m.type not in last.slots
                for m in understanding.mentions):
            return None  # "and Serbia, who signed theirs?" asks it of Serbia; another kind of name asks anew
        rendered = self._rendered_here(last, understanding, conversation)
        # "who signed for Albania?" just after Albania's partnership names it again, as "it" would
        named_again = bool(understanding.mentions) and all(
            m.entity_id in conversation.entities.values() for m in understanding.mentions)
        return last if rendered is not None and self._says_who(understanding, rendered.text, named_again) else None

    def _says_who(self, understanding: Understanding, text: str, named_again: bool = False) -> bool:
        """Whether an answer just given says what "who signed it?" asks: its words, and a person
        (not the name said again: "on the Montenegrin side" is the answer's Montenegro)."""
        words = [w for i, w in enumerate(understanding.words)
                 if not any(m.start <= i < m.end for m in understanding.mentions)] if named_again \
            else understanding.words
        if not resolve.said_in(words, self.understander.words(text), self.kb.language, named_again=named_again):
            return False
        return specifics.gives(replace(understanding.asked, person=True), text, self.surnames)

    def _fact_said_already(self, understanding: Understanding, conversation: Conversation) -> FactRef | None:
        """_said_already, after a fact answer: "who signed it?" just after the record of when
        Albania signed its partnership, which names who signed it."""
        last = conversation.fact
        if "who" not in understanding.words or last is None or conversation.intent is not None \
                or any(m.entity_id not in conversation.entities.values() and m.entity_id != last.entity
                       for m in understanding.mentions):
            return None
        return last if self._says_who(understanding, self._fact_text(last)) else None

    def _intent_is_enough(self, understanding: Understanding, ranked: Sequence[Candidate],
                          conversation: Conversation | None) -> bool:
        """Whether the intent reading is sure and answers, so that no fact reading could
        change the decision (decide's INTENT_FIRST): the fact reader is then not asked."""
        if not ranked or ranked[0].score < decision.INTENT_FIRST or ranked[0].score >= 1.0:
            return False  # an exact phrasing (1.0) may still meet a fact as sure
        if conversation is not None and conversation.fact is not None:
            return False  # a follow-up on a fact answer weighs facts more (fact_context)
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < decision.AMBIGUITY_MARGIN:
            return False  # two intents alike: the fact reader may tell which (_agreeing_first)
        intent = self.kb.intents[ranked[0].intent]
        slots = self._slots(understanding, conversation, intent.slots)
        if intent.decline:
            return False  # a fact reading may still read the question better than a decline
        if any(s not in slots for s in intent.slots):
            return True  # it asks which entity is meant; no fact is guessed meanwhile
        rendered = self._try_render(intent, slots)
        return rendered is not None and not rendered.empty_list and \
            self._gives(understanding.asked, rendered, ranked[0].phrasing)

    def _gives(self, asked: specifics.Asked, rendered: Rendered, phrasing: str = "") -> bool:
        """Whether an intent's answer gives what is asked; a list of several partners or missions
        gives "how many" of them by its items ("how many countries have an FPA?"), not of people.
        A detail or a thing counted that the matched phrasing itself has ("was {mission} a
        success?") is what the intent was written to answer."""
        if len(rendered.listed) > 1 and asked.counted != self.kb.language.counted_people:
            asked = replace(asked, count=False, counted=frozenset(), counted_of=())
        if phrasing and (asked.details or asked.counted_things or asked.several_states):
            asked = specifics.without_phrased(asked, phrasing.split(), self.kb.language)
        return specifics.gives(asked, rendered.text, self.surnames)

    def _read_facts(self, understanding: Understanding, conversation: Conversation | None) -> list[FactReading]:
        """The fact reader's readings; a question naming nothing reads with the entities
        the conversation is about ("how many institutions were affected?")."""
        mentions = list(understanding.mentions)
        if understanding.asked.people and any(m.type in ("mission", "partner") for m in mentions):
            # "since when is Soreca EUSR in BiH?": the office he holds, beside the partner named
            named = {m.entity_id for m in mentions}
            offices = resolve.people_named(list(understanding.asked.people), self.people, self.surnames_by_start)
            mentions += [Mention(entity_id, self.kb.entities[entity_id].type, -1, -1, 100.0)
                         for entity_id in offices if entity_id not in named]
        elif not any(m.type in ("mission", "partner") for m in mentions):
            # "when was Aivo Orav appointed?", "when was Sattler first appointed EUSR?": the
            # office he held (a topic named beside him, "EUSR", is only what the office is). The
            # surnames the whole question names count: a clause read alone may have lost them.
            about = resolve.people_named([*understanding.words, *understanding.asked.people], self.people,
                                         self.surnames_by_start)
            if not about and not mentions:  # "resolution 1575": the entities whose records have it
                about = resolve.identifiers_named(understanding.words, self.identifiers)
            mentions += [Mention(entity_id, self.kb.entities[entity_id].type, -1, -1, 100.0) for entity_id in about]
        if not mentions and conversation is not None:
            mentions = [Mention(entity_id, type_, -1, -1, 100.0)
                        for type_, entity_id in conversation.entities.items() if entity_id in self.kb.entities]
            if conversation.fact is not None and conversation.fact.entity in self.kb.entities:
                owner = self.kb.entities[conversation.fact.entity]
                mentions = [Mention(owner.id, owner.type, -1, -1, 100.0),
                            *(m for m in mentions if m.entity_id != owner.id)]
        # A follow-up on a fact answer looks further down the readings for that fact.
        limit = FOLLOW_UP_READINGS if conversation is not None and conversation.fact is not None else 3
        # "who drafted it?" after an answer on Resolution 2795 reads as of that resolution.
        number = resolve.antecedent_number(understanding, conversation, self.kb)
        words = [*understanding.words, number] if number else understanding.words
        readings = self.fact_reader.read(words, mentions, limit=limit)
        readings = resolve.fact_readings_in_context(readings, understanding, conversation, self.kb, self.is_stranger)
        # (rendering the last answer's lead record only when an office's records may be reordered)
        if resolve.says_him(understanding, self.kb.language) and any(r.ref.fact in resolve.PEOPLE_FACTS
                                                                     for r in readings):
            readings = resolve.person_named_first(readings, self._lead_record(understanding, conversation),
                                                  self.kb, self.surnames)
        return readings[:3]

    def _lead_record(self, understanding: Understanding, conversation: Conversation | None) -> FactRef | None:
        """The record the last answer led with: of the fact records it gave, or else the first
        its intent states about what the conversation is about."""
        if conversation is None or conversation.fact is None or conversation.fact.entity not in self.kb.entities:
            return None
        if conversation.fact.records:
            return replace(conversation.fact, records=conversation.fact.records[:1])
        intent = self.kb.intents.get(conversation.intent or "")
        rendered = self._rendered_here(intent, understanding, conversation) if intent is not None else None
        if rendered is None or not rendered.used:
            return None
        first = rendered.used[0]
        return FactRef(first.entity.id, first.fact, (first.entity.facts[first.fact].index(first.record),))

    def _decide(self, understanding: Understanding, ranked: Sequence[Candidate], facts: Sequence[FactReading],
                conversation: Conversation | None) -> decision.Decision:
        intent_answers, same_answer, intent_gives = True, False, True
        asked = understanding.asked
        if facts and resolve.continues_a_fact(understanding, conversation) and conversation is not None \
                and conversation.fact is not None and facts[0].ref.fact == conversation.fact.fact \
                and facts[0].ref.entity == conversation.fact.entity:
            # "how many soldiers at most?" just after BiH's offer of troops reads as that fact
            # again: a question on the subject just answered is no other subject to decline.
            ranked = [c for c in ranked if c.intent not in self.declines]
        # Which intent the fact reader agrees with is a matter of reading, before what gives.
        agreeing = self._agreeing_first(understanding, ranked, facts, conversation)
        read, (facts, not_given) = facts, self._facts_giving(asked, facts)
        settled, ranked = agreeing is not ranked, agreeing
        best = self.kb.intents.get(ranked[0].intent) if ranked else None
        slots = self._slots(understanding, conversation, best.slots) if best is not None else {}
        # "When was it launched?" with nothing for "it": the intent asks which, never a guessed fact.
        asks_which = best is not None and any(s not in slots for s in best.slots)
        # "Which Western Balkan country signed an SAA first?": no "it" left unresolved, and a
        # record that says which (North Macedonia's, "the first") answers, as a fact would for
        # an intent with no sourced answer, when it is of what the question names or places.
        says_which = asks_which and bool(facts) and self.kb.language.pronouns.isdisjoint(understanding.words) \
            and resolve.names_a_subject(understanding, self.kb.language)
        if says_which:
            intent_answers = False
        if best is not None and not best.decline and not best.smalltalk and not asks_which and (facts or asked):
            rendered = self._try_render(best, slots)
            intent_answers = rendered is not None and not rendered.empty_list
            if rendered is not None and rendered.empty_list and facts and len(best.slots) > 1 \
                    and self._named_unanswered(understanding, slots, facts[0]):
                # "Did Serbia send troops to EUTM Mali?": no record has Serbia in EUTM Mali, and
                # Serbia's other missions answer nothing; the intent says it has no record.
                facts, intent_answers = (), True
            # "I have no sourced record of BiH contributing to EUTM RCA" claims nothing to check.
            intent_gives = rendered is None or rendered.empty_list or self._gives(asked, rendered, ranked[0].phrasing)
            if rendered is not None and specifics.says_there_is_none(asked, rendered.text):
                # "how many troops now?": no other figure stands in for today's, and the answer
                # saying there is none found, with the latest, is the answer (no sourced answer)
                facts, intent_gives = (), True
            # The readers agree when the intent states one of the fact reader's best readings.
            # (After an office holder, "whom did he replace?" is that office's, not a fact close to it.)
            office = resolve.office_talked_about(conversation, self.kb) if conversation is not None else None
            margin = 0.0 if read and (read[0].ref.entity, read[0].ref.fact) == office else decision.AGREEMENT
            close = [(f.ref.entity, f.ref.fact) for f in read if f.score >= read[0].score - margin]
            same_answer = rendered is not None and any(ref in rendered.facts for ref in close)
        fact_context = bool(facts) and (facts[0].score >= decision.OFFICE_FOLLOW_UP
                                        or resolve.continues_a_fact(understanding, conversation))
        fact_named, fact_placed = self._fact_named(understanding, facts, conversation)
        if says_which:
            fact_named = fact_placed
        stranger = unknown_mission_name(understanding.words, understanding.mentions, self.kb.language,
                                        self.is_stranger, self.is_elsewhere, self.recognizer.partial_names,
                                        self.is_unused, self.recognizer.name_words_of,
                                        self.recognizer.mission_name_words)
        return decision.decide(ranked, understanding.words, self.recognizer.vocabulary,
                               has_entity=bool(understanding.mentions), facts=facts,
                               intent_answers=intent_answers, same_answer=same_answer, declines=self.declines,
                               unknown_name=stranger, fact_context=fact_context, intent_gives=intent_gives,
                               not_given=not_given, fact_named=fact_named, fact_placed=fact_placed, settled=settled,
                               asked_by_words=asked.by_words, lacking=self._lacking_best(asked, read, facts),
                               of_person=bool(asked.people))

    def _lacking_best(self, asked: specifics.Asked, read: Sequence[FactReading],
                      given: Sequence[FactReading]) -> bool:
        """Whether the best reading that gives what is asked, a date or a number, says the
        sources lack it, and reads the question as well as any reading."""
        return asked.date_or_number and bool(given) and bool(read) \
            and given[0].score >= read[0].score - decision.TIE and self._says_lacking(given[0])

    def _named_unanswered(self, understanding: Understanding, slots: Mapping[str, Entity],
                          fact: FactReading) -> bool:
        """Whether the question names each of the intent's entities, and the fact is not
        about them all."""
        named = {m.entity_id for m in understanding.mentions}
        wanted = [entity.id for entity in slots.values()]
        return named.issuperset(wanted) and not self.fact_reader.names_each(fact.ref, wanted)

    def _agreeing_first(self, understanding: Understanding, ranked: Sequence[Candidate],
                        facts: Sequence[FactReading], conversation: Conversation | None) -> Sequence[Candidate]:
        """Intents about as sure as the best, the one stating the fact reader's best reading
        first: "what is the EU rule of law mission in Kosovo?" reads as EULEX's mandate
        and its overview alike, and the fact reader reads its overview."""
        if len(ranked) < 2 or not facts or facts[0].score < decision.FACT_MIN_CONFIDENCE:
            return ranked
        best_fact = (facts[0].ref.entity, facts[0].ref.fact)
        for index, other in enumerate(ranked[:AGREEING_READINGS]):
            if ranked[0].score - other.score > decision.READING_MARGIN:
                break
            intent = self.kb.intents[other.intent]
            if intent.decline or intent.smalltalk:
                continue
            rendered = self._rendered_here(intent, understanding, conversation)
            if rendered is not None and best_fact in rendered.facts:
                # Promoted to the best one's score: the two readers agree on it.
                return [replace(other, score=ranked[0].score), *ranked[:index], *ranked[index + 1:]] if index \
                    else ranked
        return ranked

    def _facts_giving(self, asked: specifics.Asked, facts: Sequence[FactReading],
                      ) -> tuple[Sequence[FactReading], FactReading | None]:
        """The fact readings that give what the question asks for ("in which month of
        2009?": a month of 2009), and the best one left out if it was sure enough to answer."""
        if not facts or (not asked and facts[0].ref.fact == OVERVIEW):
            # "what is a framework participation agreement?": read by a name alone, every
            # record of it ties, and what it is answers it, not what the sources lack
            return facts, None
        if not asked:
            return _lacking_first(facts, self._says_lacking), None
        rendered = [self.renderer.render_fact(self.kb.entities[f.ref.entity], f.ref.fact, f.ref.records)
                    for f in facts]
        texts = [r.text for r in rendered]
        # A record of what the sources lack ("the month of Albania's application was not
        # confirmed") answers a date, a number or a share asked of it, by saying the sources
        # do not have it; not what someone said or did, nor why.
        lacking = not asked.of_someone_or_why
        given = [f for f, r in zip(facts, rendered, strict=True)
                 if specifics.gives(asked, r.text, self.surnames) or (lacking and _none_found(r))]
        if asked.document and (not given or given[0] is not facts[0]):
            # "which resolution renewed EUFOR in 2021?": another record of the best fact may give
            # its number (a count or a date of another record is of something else: measured)
            other = self._other_record_giving(asked, facts[0])
            if other is not None:
                given.insert(0, other)
        if specifics.says_there_is_none(asked, texts[0]):
            given = []  # "how many troops now?": no other figure stands in for today's
        left_out = facts[0] if facts[0].score >= decision.FACT_MIN_CONFIDENCE and \
            (not given or given[0] is not facts[0]) else None
        if left_out is not None and not asked.people:
            # What reads the question much worse stands in for nothing; but a record that names
            # the person asked about ("until when did Sattler's mandate run?") is about him, and
            # one that gives it, by the authority asked, on its own ("according to ISAC, ...?"),
            # is that authority's figure.
            given = [f for f in given if f.score >= left_out.score - decision.STAND_IN_MARGIN
                     or (asked.authorities and self._gives_alone(asked, f))]
        naming = {f.ref for f, r in zip(facts, rendered, strict=True) if specifics.names_event(asked, r.text)}
        return _lacking_first(_event_first(given, naming), self._says_lacking), left_out

    def _gives_alone(self, asked: specifics.Asked, reading: FactReading) -> bool:
        """Whether the first record of a reading gives what is asked, by itself."""
        first = self.renderer.render_fact(self.kb.entities[reading.ref.entity], reading.ref.fact,
                                          reading.ref.records[:1])
        return specifics.gives(asked, first.text, self.surnames)

    def _says_lacking(self, reading: FactReading) -> bool:
        """Whether a reading's answer says only what the sources lack."""
        ref = reading.ref
        return _none_found(self.renderer.render_fact(self.kb.entities[ref.entity], ref.fact, ref.records))

    def _other_record_giving(self, asked: specifics.Asked, reading: FactReading) -> FactReading | None:
        """The first record of the reading's fact, not among its records, that gives what is
        asked, read as sure as the fact."""
        ref = reading.ref
        for index in range(len(self.kb.entities[ref.entity].facts.get(ref.fact, ()))):
            if index in ref.records:
                continue
            other = FactRef(ref.entity, ref.fact, (index,))
            if specifics.gives(asked, self._fact_text(other), self.surnames):
                return FactReading(other, reading.score)
        return None

    def _fact_named(self, understanding: Understanding, facts: Sequence[FactReading],
                    conversation: Conversation | None) -> tuple[bool, bool]:
        """Whether the best fact is about what the question names, or the conversation is about;
        and whether it is so or of a mission working in a partner named ("the EU force in Bosnia"),
        and no other mission there reads about as well."""
        named = {m.entity_id for m in understanding.mentions}
        if not facts or not named:
            return True, True
        owner = facts[0].ref.entity
        talked_about = set(conversation.entities.values()) if conversation is not None else set()
        if owner in named | talked_about:
            return True, True
        placed = self._placed_in(owner, named)
        # Records of several missions working there, read alike, ask of them all ("is the EU
        # still running any missions in Bosnia or Kosovo?"): as a record of what it does not name.
        several = any(f.ref.entity not in {owner} | named | talked_about and self._placed_in(f.ref.entity, named)
                      and f.score >= facts[0].score - decision.PLACED_ALIKE for f in facts[1:])
        return False, placed and not several

    def _placed_in(self, mission: str, named: set[str]) -> bool:
        return not named.isdisjoint(self.understander.places_of.get(mission, ()))

    def _fact_text(self, ref: FactRef) -> str:
        return self.renderer.render_fact(self.kb.entities[ref.entity], ref.fact, ref.records).text

    def _respond(self, choice: decision.Decision, understanding: Understanding,
                 conversation: Conversation | None) -> Reply:
        if choice.action == decision.UNCLEAR:
            return self._fallback(UNCLEAR, self.kb.fallbacks.unclear, choice.ranked)
        if choice.action == decision.OUT_OF_SCOPE and understanding.asked.opinion and understanding.mentions:
            # "in your opinion, should EUFOR stay?": on a subject it covers, the bot says it
            # gives no opinion, however little its readings make of the rest.
            return self._not_given(choice, understanding, conversation)
        if choice.action == decision.OUT_OF_SCOPE:
            return self._fallback(OUT_OF_SCOPE, self.kb.fallbacks.out_of_scope, choice.ranked)
        other = self._unanswered_state(choice, understanding, conversation)
        if other:  # "what did Moldova receive from the EPF?": no record of it, nor would there be
            return self._other_state_reply(other)
        if choice.action == decision.UNKNOWN_NAME:
            text = fill(self.kb.fallbacks.unknown_name, lambda _q, _f: choice.unknown_name or "")
            return self._fallback(OUT_OF_SCOPE, text, choice.ranked)
        if choice.action == decision.NOT_GIVEN:
            self._remember_named(understanding, conversation)
            return self._not_given(choice, understanding, conversation)
        if choice.action == decision.FACT:
            assert choice.fact is not None
            # "When did Albania sign its FPA?" answered from the FPA topic: "which minister
            # signed?" next is still about Albania.
            named = {m.type: m.entity_id for m in understanding.mentions if m.start >= 0 and m.type in SUBJECTS}
            other = self._state_asked_of(choice.fact.ref, understanding, conversation)
            if other:  # "how much EPF money did Ukraine get?" is not answered with Albania's
                return self._other_state_reply(other)
            ref = self._by_whom_asked(choice.fact.ref, understanding.asked)
            return self._fact_reply(ref, conversation, confidence=choice.fact.score, named=named)
        assert choice.best is not None
        intent = self.kb.intents[choice.best.intent]
        if intent.decline:  # a question the knowledge base marks as another subject
            return self._fallback(OUT_OF_SCOPE, intent.answer, choice.ranked)
        if choice.action == decision.AMBIGUOUS:
            reply = self._ambiguous(choice, understanding, conversation)
            if reply is not None:
                return reply
        return self._intent_reply(intent, understanding, conversation, confidence=choice.best.score)

    # -- responding ------------------------------------------------------------------
    def _intent_reply(self, intent: Intent, understanding: Understanding, conversation: Conversation | None,
                      *, confidence: float) -> Reply:
        slots = self._slots(understanding, conversation, intent.slots)
        missing = [s for s in intent.slots if s not in slots]
        other = self._other_state(understanding) if missing == ["partner"] or self._of_another_state(
            intent, understanding) else ""
        if other:  # "when did Ukraine become a candidate?": not a partner, not a question to ask back
            return self._other_state_reply(other)
        body = self._other_body(understanding) if missing == ["mission"] else ""
        if body:  # "how many troops did SFOR have?": NATO's, not an EU mission to ask which of
            return self._fallback(OUT_OF_SCOPE, fill(self.kb.fallbacks.unknown_name, lambda _q, _f: body), ())
        if missing:
            # Remembered, so that a bare "EULEX" in reply to "which mission?" answers it.
            self._remember(conversation, intent, slots, [], focus=missing[0])
            text = fill(self.kb.fallbacks.need_entity, lambda _q, _f: missing[0])
            return Reply(text, NEED_ENTITY, intent.id, confidence,
                         self.suggester.entity_choices(intent, missing[0], slots))
        return self._render_reply(intent, slots, conversation, confidence=confidence)

    def _of_another_state(self, intent: Intent, understanding: Understanding) -> bool:
        """"Is Ukraine still an EU candidate?": a yes-or-no question on a state that is none of
        the partners, read as a list about the partners (partners.candidates)."""
        words = understanding.words
        return intent.id.startswith("partners.") and bool(words) and words[0] in self.kb.language.yes_no_starts \
            and not any(m.type == "partner" for m in understanding.mentions)

    def _state_asked_of(self, ref: FactRef, understanding: Understanding, conversation: Conversation | None) -> str:
        """The state none of the partners that a question asks of as its subject ("did Ukraine
        get ...?"), when the fact read for it is a partner's and no partner is named or talked
        about; or ""."""
        if self.kb.entities[ref.entity].type != "partner" or _partner_about(understanding, conversation):
            return ""
        return self._subject_state(understanding)

    def _other_state_reply(self, state: str) -> Reply:
        """"I answer that for the EU's six Western Balkans partners only", said of `state`."""
        return self._fallback(OUT_OF_SCOPE, fill(self.kb.fallbacks.other_state, lambda _q, _f: state), ())

    def _subject_state(self, understanding: Understanding) -> str:
        """The state none of the partners that is the subject of a question, right after its
        yes-or-no word ("did Ukraine get ...?", "what did Moldova receive?"); or ""."""
        words, language = understanding.words, self.kb.language
        return next((w.title() for i, w in enumerate(words[1:], start=1)
                     if w in language.other_states and words[i - 1] in language.yes_no_starts), "")

    def _unanswered_state(self, choice: decision.Decision, understanding: Understanding,
                          conversation: Conversation | None) -> str:
        """The state none of the partners that a question asks of as its subject, when nothing
        answers it (a detail not given, or a name read as an unknown mission's, with no mission
        noun in it) and it names no partner, nor is one talked about; or ""."""
        unanswered = choice.action in (decision.NOT_GIVEN, decision.UNKNOWN_NAME)
        if not unanswered or _partner_about(understanding, conversation):
            return ""
        if choice.action == decision.UNKNOWN_NAME and \
                not self.kb.language.mission_nouns.isdisjoint((choice.unknown_name or "").split()):
            return ""  # "the EU mission in Georgia": a mission the base does not know
        return self._subject_state(understanding)

    def _other_state(self, understanding: Understanding) -> str:
        """The state a question names that is none of the partners (language.state_names), as
        a name to show ("Ukraine"), or ""."""
        return next((w.title() for w in understanding.words if w in self.kb.language.other_states), "")

    @staticmethod
    def _other_body(understanding: Understanding) -> str:
        """The other organisation's mission a question names (the bodies it asks of, from
        language.organisation_words: SFOR, KFOR, UNMIK), as a name to show, or ""."""
        bodies = understanding.asked.bodies
        return bodies[0].upper() if bodies else ""

    def _slots(self, understanding: Understanding, conversation: Conversation | None,
               types: Sequence[str] | None = None) -> dict[str, Entity]:
        return resolve.slots(understanding.mentions, understanding.lent, conversation, self.kb, types)

    def _rendered_here(self, intent: Intent, understanding: Understanding,
                       conversation: Conversation | None) -> Rendered | None:
        """The intent's answer about what the question and the conversation name (None: none)."""
        return self._try_render(intent, self._slots(understanding, conversation, intent.slots))

    def _try_render(self, intent: Intent, slots: Mapping[str, Entity]) -> Rendered | None:
        intent, used = self._redirected(intent, slots)
        try:
            return self._render(intent, used)
        except MissingFact:
            return None

    def _render(self, intent: Intent, used: Mapping[str, Entity]) -> Rendered:
        """The intent's answer, or its `otherwise` intent's, saying so, when a record it needs
        is missing: "what does EUTM Somalia do?" has no mandate record, but an overview."""
        instead = self.kb.intents.get(intent.otherwise or "")
        try:
            rendered = self.renderer.render(intent, used)
        except MissingFact as missing:
            other = self._render_instead(instead, used)
            if other is None:
                raise
            name = missing.entity.name if missing.entity else intent.title
            lead = fill(self.kb.fallbacks.otherwise, lambda _q, _f: name)
            return replace(other, text=f"{lead}\n\n{other.text}", instead=True)
        other = self._render_instead(instead, used) if rendered.empty_list else None
        if other is None:
            return rendered
        # "I have no sourced record of Montenegro contributing to EUTM Somalia.", then what it
        # contributes to; still "nothing found" for what was asked, so a record answering it
        # reads first (decide)
        return replace(other, text=f"{rendered.text}\n\n{other.text}", instead=True, empty_list=True)

    def _render_instead(self, instead: Intent | None, used: Mapping[str, Entity]) -> Rendered | None:
        if instead is None:
            return None
        try:
            return self.renderer.render(instead, {s: e for s, e in used.items() if s in instead.slots})
        except MissingFact:
            return None

    def _redirected(self, intent: Intent, slots: Mapping[str, Entity]) -> tuple[Intent, dict[str, Entity]]:
        """The intent that answers, and the entities it uses: "What is CFSP alignment?" is
        the general alignment question, one answer and not two."""
        topic = slots.get("topic") if "topic" in intent.slots else None
        if topic is not None and topic.attributes.get("answered_by") in self.kb.intents:
            return self.kb.intents[topic.attributes["answered_by"]], {}
        return intent, {s: e for s, e in slots.items() if s in intent.slots}

    def _render_reply(self, intent: Intent, slots: Mapping[str, Entity], conversation: Conversation | None,
                      *, confidence: float) -> Reply:
        intent, used = self._redirected(intent, slots)
        entity_ids = tuple(e.id for e in used.values()) + ((intent.entity,) if intent.entity else ())
        try:
            rendered = self._render(intent, used)
        except MissingFact as missing:
            self._remember(conversation, intent, used, [])
            name = missing.entity.name if missing.entity else intent.title
            text = fill(self.kb.fallbacks.missing_fact, lambda _q, _f: name)
            return Reply(text, MISSING_FACT, intent.id, confidence,
                         self.suggester.related(intent, used), entities=entity_ids)
        # An answer that is no list is a fact answer too, on the first fact it states (its
        # subject, before any context): "for how long?", "which countries sent them?" ask more of it.
        first = rendered.used[0] if rendered.used and not rendered.listed else None
        self._remember(conversation, intent, self._talked_about(rendered, used), rendered.listed,
                       fact=FactRef(first.entity.id, first.fact, ()) if first is not None else None)
        kind = SMALLTALK if intent.smalltalk else (
            MISSING_FACT if rendered.empty_list or rendered.instead or _none_found(rendered) else ANSWER)
        about = dict(used)
        if len(rendered.listed) == 1:  # "the first CSDP mission was EUPM": offer more on EUPM
            about.setdefault(rendered.listed[0].type, rendered.listed[0])
        return Reply(rendered.text, kind, intent.id, confidence, self.suggester.related(intent, about),
                     tuple(rendered.sources), tuple(rendered.footnotes), entity_ids)

    def _talked_about(self, rendered: Rendered, used: Mapping[str, Entity]) -> Mapping[str, Entity]:
        """What an answer leaves the conversation about: after "what came after Concordia?",
        the one mission it names instead (Proxima: "how much did it cost in its first year?")."""
        mission = used.get("mission")
        if mission is None or not rendered.used or any(u.fact not in SUCCESSION_FACTS for u in rendered.used):
            return used
        named = self.understander.missions_named(rendered.text) - {mission.id}
        return {**used, "mission": self.kb.entities[named.pop()]} if len(named) == 1 else used

    def _has_fact(self, ref: FactRef) -> bool:
        entity = self.kb.entities.get(ref.entity)
        return entity is not None and bool(entity.facts.get(ref.fact))

    def _by_whom_asked(self, ref: FactRef, asked: specifics.Asked) -> FactRef:
        """"According to the Commission, ...?": of the records answering, those in the words of
        whom the question asks (not "NGO figures, not the Commission's" beside them)."""
        if not asked.authorities or len(ref.records) < 2:
            return ref
        texts = self.kb.entities[ref.entity].facts[ref.fact]
        kept = tuple(i for i in ref.records if specifics.by_authorities(texts[i].text, asked.authorities))
        return replace(ref, records=kept) if kept else ref

    def _fact_reply(self, ref: FactRef, conversation: Conversation | None, *, confidence: float,
                    named: Mapping[str, str] | None = None) -> Reply:
        """An answer from fact records, with what else can be asked about their entity (and,
        in the conversation, about the missions and partners the question `named`)."""
        entity = self.kb.entities[ref.entity]
        rendered = self.renderer.render_fact(entity, ref.fact, ref.records)
        if conversation is not None:
            conversation.remember(None, {**(named or {}), entity.type: entity.id}, time.monotonic(),
                                  focus=entity.type, fact=ref)
        suggestions = self.suggester.related(self.kb.intents.get(f"{entity.type}.overview"), {entity.type: entity},
                                             stated=frozenset(rendered.facts))
        return Reply(rendered.text, MISSING_FACT if _none_found(rendered) else ANSWER, ref.intent, confidence,
                     suggestions, tuple(rendered.sources), tuple(rendered.footnotes), (entity.id,), fact=ref)

    def _remember(self, conversation: Conversation | None, intent: Intent, used: Mapping[str, Entity],
                  listed: Sequence[Entity], *, focus: str | None = None, fact: FactRef | None = None) -> None:
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
                              listed=tuple(e.id for e in listed), fact=fact)

    def _with_footnotes(self, reply: Reply) -> Reply:
        """The one place replies get their status footnotes: whatever the reply names."""
        texts = (reply.text, *(s.text for s in reply.suggestions))
        notes = tuple(dict.fromkeys([*reply.footnotes, *self._footnotes(texts)]))
        return replace(reply, footnotes=notes) if notes != reply.footnotes else reply

    def _footnotes(self, texts: tuple[str, ...]) -> tuple[str, ...]:
        """footnotes_for, remembered: most replies are an answer the base gives to many
        questions, with the same follow-ups (their texts are the renderer's, kept)."""
        # bounded: fallbacks fill in names
        return remembered(self._footnotes_of, texts, self._footnotes_for, FOOTNOTES_REMEMBERED)

    def _footnotes_for(self, texts: tuple[str, ...]) -> tuple[str, ...]:
        return footnotes_for(texts, self.kb)

    # -- fallbacks and questions back ---------------------------------------------------
    def _fallback(self, kind: str, text: str, ranked: Sequence[Candidate] = ()) -> Reply:
        confidence = ranked[0].score if ranked else 0.0
        return Reply(text, kind, None, confidence, self.suggester.defaults())

    def fact_suggestion(self, ref: FactRef) -> Suggestion:
        """A fact answer offered as a choice: its title, and how to answer it unparsed."""
        entity = self.kb.entities[ref.entity]
        text = fill(FACT_TITLE, lambda _q, f: entity.name if f == "name" else ref.fact.replace("_", " "))
        return Suggestion(text, ref.intent, (entity.id,))

    def _not_given(self, choice: decision.Decision, understanding: Understanding,
                   conversation: Conversation | None) -> Reply:
        """'Which resolution renewed Althea in 2012?': nothing sourced on that, and the
        nearest answer offered instead of stated as if it were one."""
        asked = understanding.asked
        nearest: Suggestion | None = None
        answer = ""
        if choice.fact is not None:
            nearest, answer = self.fact_suggestion(choice.fact.ref), self._fact_text(choice.fact.ref)
        elif choice.best is not None:
            intent, slots = self.kb.intents[choice.best.intent], self._slots(understanding, conversation)
            nearest, rendered = self.suggester.offer(intent, slots), self._try_render(intent, slots)
            answer = rendered.text if rendered is not None else ""
        missing = specifics.unmet(asked, answer, self.surnames) if nearest is not None else asked
        text = fill(self.kb.fallbacks.not_given, lambda _q, _f: (missing or asked).describe())
        confidence = choice.best.score if choice.best is not None else 0.0
        return Reply(text, OUT_OF_SCOPE, None, confidence, (nearest,) if nearest else self.suggester.defaults())

    def _ambiguous(self, choice: decision.Decision, understanding: Understanding,
                   conversation: Conversation | None) -> Reply | None:
        """'Did you mean A or B?': two readings that score alike and answer differently."""
        assert choice.best is not None
        slots = self._slots(understanding, conversation)
        first = self.suggester.offer(self.kb.intents[choice.best.intent], slots)
        if choice.fact is not None:
            second: Suggestion | None = self.fact_suggestion(choice.fact.ref)
        else:
            assert choice.runner_up is not None
            runner_up = self.kb.intents[choice.runner_up.intent]
            second = None if runner_up.decline else self.suggester.offer(runner_up, slots)
        if first is None or second is None:
            return None
        if slots:  # whichever reading is picked, "it" in the next question is what this one named
            self._remember_named(understanding, conversation)
        return Reply(self.kb.fallbacks.ambiguous, AMBIGUOUS, None, choice.best.score, (first, second))

    def _remember_named(self, understanding: Understanding, conversation: Conversation | None) -> None:
        """What a question named, when it got no answer of its own: "how many troops does
        EUFOR have these days?" declined, "which countries send soldiers to it?" is EUFOR's."""
        named = self._slots(understanding, None)
        if conversation is not None and named:
            conversation.remember_entities({e.type: e.id for e in named.values()}, time.monotonic(),
                                           focus=next(iter(named)))


def _partner_about(understanding: Understanding, conversation: Conversation | None) -> bool:
    """Whether a question names a partner, or the conversation is about one."""
    return any(m.type == "partner" for m in understanding.mentions) or \
        (conversation is not None and "partner" in conversation.entities)


def _lacking_first(readings: Sequence[FactReading], lacking: Callable[[FactReading], bool]) -> Sequence[FactReading]:
    """The readings, with the first record of what the sources lack that reads the question
    as well as the best one put before it: a question whose words are as much the missing
    detail's as a record's ("until exactly which year was the Roadmap prolonged?") asks for
    what no record has (measured on tests/facts/dev: 7 near misses declined, none lost)."""
    index = _close_behind(readings, decision.TIE, lacking)
    return readings if index is None else [readings[index], *readings[:index], *readings[index + 1:]]


def _event_first(readings: Sequence[FactReading], naming: set[FactRef]) -> Sequence[FactReading]:
    """The readings, with the first one that names the event asked ("when was the dialogue
    envoy appointed?": his appointment, not the post's end) and reads the question nearly as
    well as the best put first, at its score."""
    if not readings or readings[0].ref in naming:
        return readings
    index = _close_behind(readings, decision.EVENT_MARGIN, lambda reading: reading.ref in naming)
    if index is None:
        return readings
    return [replace(readings[index], score=readings[0].score), *readings[:index], *readings[index + 1:]]


def _close_behind(readings: Sequence[FactReading], margin: float,
                  wanted: Callable[[FactReading], bool]) -> int | None:
    """The place of the first reading after the best that reads within `margin` of it and is
    `wanted`, or None."""
    return next((index for index, reading in enumerate(readings[1:], start=1)
                 if reading.score >= readings[0].score - margin and wanted(reading)), None)


def _fresh(conversation: Conversation) -> bool:
    """Whether a conversation has had no answer yet: no intent, fact or entity to follow up."""
    return conversation.intent is None and conversation.fact is None and not conversation.entities


def _none_found(rendered: Rendered) -> bool:
    """Whether an answer states only what the sources used do not have ("No contribution by
    Kosovo* ... was found"): no sourced answer, told as the records tell it."""
    return bool(rendered.used) and all(used.record.none_found for used in rendered.used)


def _lacking_said(reply: Reply, asked: specifics.Asked) -> Reply:
    """An answer saying outright that what is asked was not found ("No official current troop
    figure ... was found", then the latest) is a "no sourced answer", told with what there is."""
    if reply.kind == ANSWER and (specifics.says_there_is_none(asked, reply.text)
                                 or specifics.says_none_today(asked, reply.text)):
        return replace(reply, kind=MISSING_FACT)
    return reply
