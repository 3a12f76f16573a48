"""Understand a question: normalise it, find what it names, and resolve it against the
conversation ("it", "and in Bosnia?"), giving the forms the readers score.

    text -> normalize -> glossary -> entities -> resolve (bot.resolve) -> Understanding
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot import resolve, specifics
from bot.chatter import Chatter
from bot.context import Conversation
from bot.entities import PLACE, EntityRecognizer, Glossary, Mention, abstract
from bot.knowledge import KnowledgeBase
from bot.match import SLOT_PATTERN
from bot.memo import remembered
from bot.normalize import full_years, normalize
from bot.spelling import Speller


@dataclass(frozen=True)
class Understanding:
    """A question after normalisation, entity recognition and resolution."""

    words: tuple[str, ...]
    mentions: tuple[Mention, ...]
    forms: tuple[str, ...]
    # Entities the rest of the question names, for a clause read alone (type -> id).
    lent: Mapping[str, str] = field(default_factory=dict)
    # Whether a mention was lent by the conversation ("it"), not named.
    implied: bool = False
    # The specifics it asks for: a year, a date, a share, a sum, a person (bot/specifics.py).
    asked: specifics.Asked = field(default_factory=specifics.Asked)


# How many texts' words Understander.words remembers (bounded: questions are endless).
WORDS_REMEMBERED = 512


def _no_word_is_a_stranger(word: str) -> bool:
    """Until the engine that knows every record and phrasing says otherwise."""
    return False


class Understander:
    """Turns text into an Understanding, with the knowledge base's names and glossary."""

    def __init__(self, kb: KnowledgeBase, glossary: Glossary, recognizer: EntityRecognizer,
                 surnames: Mapping[str, tuple[str, ...]] | None = None,
                 speakers: frozenset[str] = frozenset()) -> None:
        self.kb, self.glossary, self.recognizer = kb, glossary, recognizer
        # The office holders' surnames (resolve.surnames_by_start): "when did Fronda take over
        # EUFOR?" is asked about Fronda, and an answer must name him.
        self.surnames = surnames or {}
        # Anyone's surname, as written: what someone said, or who came before someone, is
        # asked of that one (bot/specifics.py).
        self.speakers = resolve.by_start(speakers)
        # Misspelt surnames and words, read as the ones they are all but ("Roberston").
        language_words = frozenset(word for phrases in vars(kb.language).values()
                                   if isinstance(phrases, frozenset | tuple)
                                   for phrase in phrases if isinstance(phrase, str) for word in phrase.split())
        self.speller = Speller((name for names in (*self.surnames.values(), *self.speakers.values())
                                for name in names), language_words)
        # Each entity's names in one text: a year in one names the thing ("the 2018 strategy").
        self.names_of = {e.id: " ".join((e.name, *e.aliases, *e.descriptions)) for e in kb.entities.values()}
        # A partner's names as an answer may write them ("Albania", "BiH"), normalised.
        self.partner_names = {e.id: tuple(dict.fromkeys(normalize(name) for name in (e.name, *e.aliases)))
                              for e in kb.entities.values() if e.type == "partner"}
        # Whom a sum may go to: "€15 million for BiH" says whom, not what for (bot/specifics.py).
        self.recipients = frozenset(name for names in self.partner_names.values() for name in names)
        # States the base's own names and phrasings name ("Serbia", "sanctions on Russia"):
        # the question's subject, not another state it asks of (bot/specifics.py, `states`).
        named_words = {word for entity in kb.entities.values() for name in (entity.name, *entity.aliases)
                       for word in normalize(name).split()}
        phrased_words = {word for intent in kb.intents.values() if not intent.decline
                         for example in intent.examples for word in normalize(example).split()}
        self.subject_states = kb.language.state_names & (named_words | phrased_words)
        self.missions_in = self._missions_by_place()
        # Whether a word is one no record, name or phrasing uses (the engine's, once built).
        self.is_stranger: Callable[[str], bool] = _no_word_is_a_stranger
        # Whether a word is one no record, name or phrasing is written with, as typed ("stafff").
        self.is_unused: Callable[[str], bool] = _no_word_is_a_stranger
        self._words_seen: dict[str, tuple[str, ...]] = {}
        self.chatter = Chatter(kb.language, self.words)  # "hi, quick question: ...", "... thanks!"
        # mission id -> the words saying what kind of mission it is ("police"), as questions read
        self.kind_words_of = {m.id: frozenset(filter(None, (" ".join(self.words(k))
                                                            for k in m.attributes.get("kind_words", ()))))
                              for m in kb.entities_of("mission")}
        # mission id -> where it worked, as questions read it, for the missions outside the
        # region ("central african republic"): a place no partner's name has
        self.foreign_places = {m.id: tuple(w for w in self.words(str(m.attributes.get("where", "")))
                                           if w not in kb.language.function_words)
                               for m in kb.entities_of("mission") if m.attributes.get("region") == "outside"}
        # word -> the missions whose place has it: most questions' words begin none
        self.foreign_place_words: dict[str, list[str]] = {}
        for mission_id, place in self.foreign_places.items():
            for word in dict.fromkeys(place):
                self.foreign_place_words.setdefault(word, []).append(mission_id)
        self.places_of: dict[str, set[str]] = {}  # mission id -> the partners it works in
        for partner, missions in self.missions_in.items():
            for mission_id in missions:
                self.places_of.setdefault(mission_id, set()).add(partner)

    def _missions_by_place(self) -> dict[str, tuple[str, ...]]:
        """Partner id -> the missions whose `where` names it ("Kosovo*" -> EULEX, EUSR)."""
        places: dict[str, list[str]] = {}
        for mission in self.kb.entities_of("mission"):
            words = self.glossary.apply(normalize(str(mission.attributes.get("where", ""))).split())
            for mention in self.recognizer.find(words, fuzzy=False):
                if mention.type == "partner" and mission.id not in places.get(mention.entity_id, ()):
                    places.setdefault(mention.entity_id, []).append(mission.id)
        return {partner: tuple(ids) for partner, ids in places.items()}

    def words(self, text: str) -> list[str]:
        """The question's words as everything downstream sees them (remembered for the last
        texts: a compound question's pieces, and the question, are read more than once)."""
        found: tuple[str, ...] = remembered(self._words_seen, text, self._read_words, WORDS_REMEMBERED)
        return list(found)

    def _read_words(self, text: str) -> tuple[str, ...]:
        typed = normalize(text).split()
        as_typed = set(typed)  # not the glossary's English terms: "allocated" is no "located"
        return tuple(self.speller.read(word, self.is_unused) if word in as_typed else word
                     for word in self.glossary.apply(typed))

    def know_words(self, words: Iterable[str]) -> None:
        """The words of the records and phrasings, which a misspelt word may be as well."""
        self.speller.know_words(words)

    def compile_phrasing(self, example: str) -> str:
        """Normalise a phrasing exactly as questions are, keeping `{mission}` slots."""
        pieces = SLOT_PATTERN.split(example)
        out: list[str] = []
        for index, piece in enumerate(pieces):
            if index % 2:
                out.append("{" + piece + "}")
                continue
            words = self.words(piece)
            text = abstract(words, self.recognizer.find(words, fuzzy=False), topics_as_slots=False)
            if text:
                out.append(text)
        return " ".join(out)

    def understand(self, text: str, conversation: Conversation | None = None, *,
                   pronouns_only: bool = False) -> Understanding:
        """Normalise, find the entities, resolve them against the conversation, and make
        the forms to match; with `pronouns_only` the conversation lends its entities to
        "it" alone, not to a question naming none."""
        text = full_years(text)
        words = self.question_words(text)
        mentions = self._with_bygone_words(words, self._join_locations(words, self.recognizer.find(words)))
        mentions = self._mission_by_kind_and_place(words, mentions)
        mentions = self._specific_topics(self._places_of_missions(words, mentions))
        mentions = resolve.place_as_mission(words, mentions, conversation, self.kb, self.missions_in)
        mentions = resolve.listed_by_name(words, mentions, conversation, self.kb.language,
                                          self.recognizer.name_words_of)
        mentions = resolve.one_named_after(words, mentions, conversation, self.kb, self.recognizer.name_words_of)
        mentions = resolve.listed_by_place(words, mentions, conversation, self.kb)
        mentions = resolve.foreign_place_as_mission(words, mentions, conversation, self.kb, self.foreign_places,
                                                    self.foreign_place_words)
        implied = resolve.succession_mention(words, mentions, conversation, self.kb, self.missions_named) \
            or resolve.implied_mention(words, mentions, conversation, self.kb, self.missions_named)
        if implied is not None:
            # "how much of it was for the mission in Kosovo itself?" after EULEX: "in Kosovo" is
            # where the mission "it" names works, not a partner asked about
            mentions = self._places_of_missions(words, sorted([*mentions, implied], key=lambda m: m.start))
        there = resolve.mission_there(words, mentions, conversation, self.kb)
        if there is not None:
            mentions = sorted([*mentions, there], key=lambda m: m.start)
        # An acronym no record, name or phrasing has ("PESCO") names what the base does not
        # know: an answer must name it, as it must name quoted words.
        unknown = tuple(a for a in specifics.acronyms_in(text) if all(map(self.is_stranger, self.words(a))))
        return self.read(words, mentions, conversation,
                         implied=implied is not None or there is not None or pronouns_only,
                         figures=specifics.figures_named(text), quoted=specifics.quoted_in(text) + unknown,
                         counts_things="many" in words and self._counts_things(text),
                         in_present="many" in words and self._in_present(text))

    def missions_named(self, text: str) -> set[str]:
        """The missions a text (an answer, a record) names."""
        return {m.entity_id for m in self.recognizer.find(self.words(text)) if m.type == "mission"}

    def question_words(self, text: str) -> list[str]:
        """The words of what a text asks, without the chatty words around it."""
        return self.chatter.without(self.words(text))

    def is_chatter(self, text: str) -> bool:
        """Whether a text is chatty words and nothing else ("hi", "I was wondering")."""
        return self.chatter.span(self.words(text)) is None

    def _mission_by_kind_and_place(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """'what did the EU police do in Bosnia?': the EU's one mission of a kind ("police")
        in a place named with "in" or "to" is that mission, though no name or description of
        it is written out; not where two missions there are of that kind (Proxima and EUPAT)."""
        language = self.kb.language
        # "the police mission in Bosnia": the EU's, unless the question names another body's
        eus = "european" in words or (not language.mission_nouns.isdisjoint(words)
                                      and (language.organisation_words | language.other_body_words).isdisjoint(words))
        if (any(m.type == "mission" for m in mentions) or not eus
                or any(m.type == "mission" for m in self.recognizer.descriptions(words, mentions))):
            return mentions
        location = language.location_words | language.destination_words
        for index, mention in enumerate(mentions):
            if mention.type != "partner" or not (mention.start and words[mention.start - 1] in location):
                continue
            there = self.missions_in.get(mention.entity_id, ())
            of_the_kind = [mission for mission in there
                           if specifics.has_phrase(words, self.kind_words_of.get(mission, frozenset()))]
            if not of_the_kind and mention.start > 1 and words[mention.start - 2] in language.mission_nouns \
                    and language.pronouns.isdisjoint(words):
                # "the EU mission in Kosovo": its one mission there (the EUSR's is a post, not one);
                # not "how much of it was for the mission in Kosovo itself?", a part of "it"
                of_the_kind = [mission for mission in there
                               if self.kb.entities[mission].attributes.get("kind") != resolve.OFFICE_KIND]
            if len(of_the_kind) == 1:
                found = Mention(of_the_kind[0], "mission", mention.start, mention.end, mention.score)
                return [*mentions[:index], found, *mentions[index + 1:]]
        return mentions

    def _speakers_named(self, words: Sequence[str]) -> tuple[str, ...]:
        """The surnames of anyone the question names, as written or with an ending added
        ("Degerta" is Degert; not "standby", Stano)."""
        return tuple(dict.fromkeys(
            surname for word in words for surname in self.speakers.get(word[:resolve.INFLECTED_MIN_CHARS], ())
            if word == surname or (len(surname) >= resolve.INFLECTED_MIN_CHARS and word.startswith(surname)
                                   and len(word) - len(surname) <= 2)))

    def read(self, words: list[str], mentions: list[Mention], conversation: Conversation | None,
             *, implied: bool = False, figures: tuple[str, ...] = (), quoted: tuple[str, ...] = (),
             counts_things: bool = False, in_present: bool = False) -> Understanding:
        """The forms a question is matched in: its mentions as slots, and the readings
        the conversation lends it."""
        forms = [abstract(words, mentions, topics_as_slots=False)]
        # "CSDP missions in the Balkans" are missions, not the CSDP: a topic naming what
        # kind of missions they are is not the subject, so it is not read as one.
        kinds = self.kb.language.kinds
        if any(m.type == "topic" and (m.end == len(words) or words[m.end] not in kinds) for m in mentions):
            forms.append(abstract(words, mentions, topics_as_slots=True))
        subjects = {m.type: m.entity_id for m in mentions if m.type in ("mission", "partner")}
        if not implied and conversation is not None and conversation.focus and not subjects:
            # "and the budget?" after a question on EULEX: also read it as about EULEX;
            # "who else contributes?" after Montenegro in Atalanta: as about Atalanta too.
            remembered = [conversation.focus, *(t for t in ("mission", "partner")
                                                if t in conversation.entities and t != conversation.focus)]
            forms.extend(f"{forms[0]} {{{type_}}}" for type_ in remembered)
        elif not implied and conversation is not None and subjects and all(
                conversation.entities.get(t) == e for t, e in subjects.items()):
            # "how many Serbian soldiers?" after Serbia in EUTM Somalia: in EUTM Somalia.
            forms.extend(f"{forms[0]} {{{t}}}" for t in ("mission", "partner")
                         if t in conversation.entities and t not in subjects)
        topic = self.kb.entities.get(conversation.entities.get("topic", "")) \
            if conversation is not None and conversation.focus == "topic" else None
        if not implied and topic is not None and subjects and not any(m.type == "topic" for m in mentions):
            # "how much did Bosnia get?" just after what the EPF is: from the EPF.
            short = min((topic.name, *topic.aliases), key=len)
            forms.append(f"{forms[0]} {' '.join(self.words(short))}")
        named = tuple(m for m in mentions if m.type != PLACE)
        names = " ".join(self.names_of.get(m.entity_id, "") for m in named)
        asked = specifics.asked(words, named, self.kb.language, names,
                                people=resolve.surnames_named(words, self.surnames), figures=figures, quoted=quoted,
                                speakers=self._speakers_named(words),
                                partners=self._nationalities(words, named),
                                adjectival=self._nationalities(words, [m for m in named if not self.kb.language
                                                                        .partner_adjectives.isdisjoint(
                                                                            words[m.start:m.end])]),
                                places={i for m in mentions if m.type == PLACE for i in range(m.start, m.end)},
                                subject_states=self.subject_states, recipients=self.recipients,
                                known=self._is_known, counts_things=counts_things, in_present=in_present)
        shifted = resolve.year_shifted(words, conversation, self.kb)
        if shifted is not None and shifted not in asked.years:  # "and the year before?": of 2018
            asked = replace(asked, years=(*asked.years, shifted))
        return Understanding(tuple(words), named, tuple(forms), implied=implied, asked=asked)

    def _in_present(self, text: str) -> bool:
        """Whether the question, as typed (before the glossary folds its tenses), is in the
        present tense: "how many troops does EUFOR have?", not "... did EUFOR have?"."""
        typed = set(normalize(text).split())
        language = self.kb.language
        return not typed.isdisjoint(language.present_tense_words) and typed.isdisjoint(language.past_tense_words)

    def _counts_things(self, text: str) -> bool:
        """Whether the question, as typed, counts things ("how many", not "koliko")."""
        typed = f" {normalize(text)} "
        return any(f" {phrase} " in typed for phrase in self.kb.language.thing_count_phrases)

    def _is_known(self, word: str) -> bool:
        return not self.is_unused(word)  # as typed: "stafff" is no word an answer could have

    def _nationalities(self, words: Sequence[str], named: Sequence[Mention]) -> tuple[tuple[str, ...], ...]:
        """The names of the partners a question names, but not as a place ("how many North
        Macedonian soldiers?", not "how many soldiers in Macedonia?"): what it may count of."""
        location = self.kb.language.location_words
        return tuple(self.partner_names[m.entity_id] for m in named
                     if m.entity_id in self.partner_names and not (m.start and words[m.start - 1] in location))

    def described(self, understanding: Understanding, conversation: Conversation | None) -> Understanding | None:
        """The question read with its descriptions as the entities they describe: "when
        did the first EU military operation end?" asks of Concordia (None if it has none)."""
        named = {m.type for m in understanding.mentions}
        words = list(understanding.words)
        # A partner's capital beside a named mission is where it works ("EULEX in Pristina") or
        # part of its name ("the dialogue between Belgrade and Pristina"), not a second subject.
        found = [m for m in self.recognizer.descriptions(words, list(understanding.mentions))
                 if m.type not in named and not (m.type == "partner" and "mission" in named)]
        if not found:
            return None
        return self.read(words, resolve.in_place_of(understanding.mentions, *found), conversation, implied=True,
                         figures=understanding.asked.figures, quoted=understanding.asked.quoted,
                         in_present=understanding.asked.present_count)

    def _join_locations(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """'the EUPAT mission in Macedonia': a partner placed right after a mission by 'in'
        says where the mission was: the whole phrase names the mission, and the partner is
        not a second subject of the question."""
        kept: list[Mention] = []
        language = self.kb.language
        for mention in mentions:
            before = kept[-1] if kept else None
            gap = words[before.end : mention.start] if before else []
            if (before is not None and before.type == "mission" and mention.type == "partner"
                    and gap and gap[-1] in language.location_words and set(gap[:-1]) <= language.name_to_place_words):
                kept[-1] = Mention(before.entity_id, before.type, before.start, mention.end, before.score)
                continue
            kept.append(mention)
        return kept

    def _with_bygone_words(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """'the old monitoring mission in Yugoslavia', 'the former ECMM': a word saying a mission
        is past, just before its name, is part of the name, not a word of what is asked."""
        bygone = self.kb.language.bygone_words
        return [replace(m, start=m.start - 1) if m.type == "mission" and m.start > 0 and words[m.start - 1] in bygone
                else m for m in mentions]

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
                and (m.start in after_mission
                     or (m.start > 0 and words[m.start - 1] in self.kb.language.location_words))
                else m for m in mentions]
