"""Resolve a question against the conversation: "it", "that post", "and in Bosnia?",
"the one in Kosovo", "and Althea?", and the entities a question leaves unnamed."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from bot import dates
from bot.context import Conversation

if TYPE_CHECKING:  # understand imports this module
    from bot.understand import Understanding
from bot.decide import OFFICE_FOLLOW_UP, SAME_FACT_BONUS
from bot.entities import Mention
from bot.fact_reader import FactReading
from bot.knowledge import Entity, FactRef, Intent, KnowledgeBase, Language
from bot.normalize import normalize
from bot.stems import stemmer

# Facts that name an office holder: "who did he replace?" after one asks about that office.
OFFICE_FACTS = ("head", "operation_commander")
# The entities that are an office held by one person at a time: "his" is its holder.
OFFICE_KIND = "special-representative"
# Facts whose records name the people who held an office ("when was Aivo Orav appointed?").
PEOPLE_FACTS = (*OFFICE_FACTS, "appointment")
# The facts of what came before and after a mission, whose records name the other mission.
SUCCESSION_FACTS = ("predecessor", "successor")
# A follow-up naming the last fact's entity by a pronoun ("who signed it?") weighs that fact
# this much more; less than one naming nothing, since "when did it apply?" also reads as its
# own question about the entity.
PRONOUN_SAME_FACT_BONUS = 0.3
# A follow-up naming nothing, or only by a pronoun, weighs a fact of an entity the conversation
# is not about this much less (swept 0.1 / 0.2 / 0.3: tests/eval follow-ups 94.1 / 95.6 / 95.6%).
ELSEWHERE_PENALTY = 0.2
# A follow-up naming nothing new whose words read no record of the fact just given ("what
# does that bring the total to?", "what does it pay for?") still reads as that fact this surely.
LAST_FACT_SCORE = 0.55
# A person's name as written in a record: two to five capitalised words ("Aivo Orav",
# "Miroslav Lajčák", "Major General Maurizio Fronda": people_index drops the rank).
PERSON_NAME = re.compile(r"\b[A-ZÀ-Ž][a-zà-ž'’-]+(?:\s+[A-ZÀ-Ž][a-zà-ž'’-]+){1,4}\b")


def people_index(kb: KnowledgeBase, known_words: set[str],
                 facts: Sequence[str] | None = PEOPLE_FACTS) -> dict[tuple[str, ...], frozenset[str]]:
    """Person names (whole, and surnames the bot knows no other way) -> the entities whose
    office they held, read from the records of PEOPLE_FACTS. Words the bot knows otherwise
    ("European Union", "Major General") make no name."""
    index: dict[tuple[str, ...], set[str]] = {}
    language = kb.language
    titles = language.titles | language.office_nouns | language.state_names
    for entity in kb.entities.values():
        for fact in entity.facts if facts is None else facts:
            for record in entity.facts.get(fact, ()):
                for match in PERSON_NAME.finditer(record.text):
                    words = tuple(normalize(match.group()).split())
                    # "Major General László Sticz", "German Admiral Rainer Feist": the name
                    # after the words the bot knows otherwise.
                    while len(words) > 2 and (words[0] in known_words or words[0] in titles):
                        words = words[1:]
                    strange = [w for w in words if w not in known_words]
                    if len(strange) < 2:
                        continue  # at most one unknown word: a title or a phrase, not a name
                    index.setdefault(words, set()).add(entity.id)
                    index.setdefault((words[-1],), set()).add(entity.id)
    return {name: frozenset(ids) for name, ids in index.items()}


def common_words(kb: KnowledgeBase) -> set[str]:
    """Words the records write in lower case somewhere, and the glossary's terms: no one's
    name ("Coast Guard", "Ministerial Forum")."""
    words = {w for entry in kb.glossary for w in normalize(entry.term).split()}
    for entity in kb.entities.values():
        for records in entity.facts.values():
            for record in records:
                words.update(normalize(w) for w in _LOWER_WORD.findall(f"{record.text} {record.past or ''}"))
    return words


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ž][\w'’-]*")

# A surname this long or longer is also read with another ending ("Soreke" for Soreca).
INFLECTED_MIN_CHARS = 4

# A number that names one thing: "Resolution 1575", "Council Decision 2011/1923"; not a
# year, nor a count that many records write ("1100" troops, "1000" staff).
_IDENTIFIER = re.compile(r"[1-9]\d{3}")
IDENTIFIER_OWNERS = 2


def identifiers_index(record_words: Iterable[tuple[str, Sequence[str]]]) -> dict[str, frozenset[str]]:
    """Four-digit numbers that are no year ("1575", "2604") -> the entities whose records
    write them, when at most IDENTIFIER_OWNERS do: "when was resolution 1575 adopted?"
    names what those records are about. `record_words`: (entity id, a record's normalised
    words) for every record."""
    index: dict[str, set[str]] = {}
    for entity_id, words in record_words:
        for word in words:
            if _IDENTIFIER.fullmatch(word) and not dates.YEAR.fullmatch(word):
                index.setdefault(word, set()).add(entity_id)
    return {number: frozenset(ids) for number, ids in index.items() if len(ids) <= IDENTIFIER_OWNERS}


def identifiers_named(words: Sequence[str], index: Mapping[str, frozenset[str]]) -> list[str]:
    """The entities whose records write a number the question names."""
    return sorted({entity_id for word in words if _IDENTIFIER.fullmatch(word) and not dates.YEAR.fullmatch(word)
                   for entity_id in index.get(word, ())})


# A follow-up this short leans on the answer just given for what "it" is; a longer one says
# more of its own ("how did ministers describe it compared to earlier missions?").
ANTECEDENT_WORDS = 6


def antecedent_number(understanding: Understanding, conversation: Conversation | None,
                      kb: KnowledgeBase) -> str | None:
    """"who drafted it?" just after "Resolution 2795 ... ran to the end of October 2026": the
    one document number the answer just given writes, which "it" stands for; None when the
    question names a number of its own or a person ("he"), says much of its own, asks an
    amount, or the answer wrote no number or several."""
    last = conversation.fact if conversation is not None else None
    if not understanding.implied or last is None or last.entity not in kb.entities \
            or any(_IDENTIFIER.fullmatch(w) for w in understanding.words) \
            or not kb.language.office_words.isdisjoint(understanding.words) \
            or len(understanding.words) > ANTECEDENT_WORDS:
        return None
    asked = understanding.asked
    if asked.count or asked.money or asked.share:
        return None  # "how much was it?" after an EPF measure and its decision: the measure's sum
    records = kb.entities[last.entity].facts.get(last.fact, ())
    shown = [records[i] for i in last.records if i < len(records)] if last.records else records
    numbers = {word for record in shown for word in normalize(record.text).split()
               if _IDENTIFIER.fullmatch(word) and not dates.YEAR.fullmatch(word)}
    return numbers.pop() if len(numbers) == 1 else None


def people_named(words: Sequence[str], index: Mapping[tuple[str, ...], frozenset[str]],
                 by_start: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The entities whose office holders the question names, longest names first;
    `by_start`: the index's surnames_by_start."""
    found: dict[str, None] = {}
    for length in (3, 2, 1):
        for start in range(len(words) - length + 1):
            holding = index.get(tuple(words[start : start + length]))
            if holding:  # most spans name no one: nothing to sort
                found.update(dict.fromkeys(sorted(holding)))
        if found:
            break
    if not found:  # "prethodnik Soreke", "zamijeniti Orava": a surname as the region's languages inflect it
        for surname in surnames_named(words, by_start):
            found.update(dict.fromkeys(sorted(index[(surname,)])))
    return list(found)


def surnames_by_start(index: Mapping[tuple[str, ...], frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """The surnames of the people index (surnames_named), by their first INFLECTED_MIN_CHARS
    letters: a word is compared only with the surnames it starts like."""
    return by_start(name[0] for name in index if len(name) == 1)


def by_start(surnames: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Surnames by their first INFLECTED_MIN_CHARS letters."""
    found: dict[str, list[str]] = {}
    for surname in surnames:
        found.setdefault(surname[:INFLECTED_MIN_CHARS], []).append(surname)
    return {start: tuple(sorted(names)) for start, names in found.items()}


def surnames_named(words: Sequence[str], by_start: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The surnames of office holders a question names, as written or inflected ("Soreke"
    is Soreca, "Orava" Orav): the answer must then be about them (bot/specifics.py)."""
    found: set[str] = set()
    for word in words:
        candidates = by_start.get(word[:INFLECTED_MIN_CHARS], ())
        if not candidates:
            continue
        inflected = {word} & set(candidates) or {s for s in candidates if _is_inflected(word, s)}
        if len(inflected) == 1:  # "sorensen" is Sørensen, not an inflected Soreca
            found |= inflected
    return tuple(sorted(found))


def _is_inflected(word: str, surname: str) -> bool:
    """The surname with another ending of up to two letters ("soreke", "orava")."""
    if len(surname) < INFLECTED_MIN_CHARS or not 0 <= len(word) - len(surname) <= 2:
        return False
    shared = next((i for i, (a, b) in enumerate(zip(word, surname, strict=False)) if a != b),
                  min(len(word), len(surname)))
    return shared >= max(INFLECTED_MIN_CHARS, len(surname) - 2)


def place_as_mission(words: Sequence[str], mentions: list[Mention], conversation: Conversation | None,
                     kb: KnowledgeBase, missions_in: Mapping[str, tuple[str, ...]]) -> list[Mention]:
    """'and in Bosnia?' after a question on the EUSR in Kosovo, or 'the one in Kosovo'
    ('the Kosovo one') after a list of missions: the place stands for the mission there,
    the one of the same kind as the mission just talked about, or the one just listed."""
    if conversation is None or any(m.type == "mission" for m in mentions) or len(mentions) != 1:
        return mentions
    place, language = mentions[0], kb.language
    # "the one in Kosovo", or "the Kosovo one"
    placed = place.start > 0 and words[place.start - 1] in language.location_words
    before_one = place.end < len(words) and words[place.end] in language.one_words
    if place.type != "partner" or not (placed or before_one):
        return mentions
    said_from = place.start - 1 if placed else place.start  # "in" with the place
    rest = {w for i, w in enumerate(words) if not said_from <= i < place.end}
    if not (rest <= language.follow_up_filler | language.place_words) and rest.isdisjoint(language.one_words):
        return mentions
    there = missions_in.get(place.entity_id, ())
    listed = [m for m in conversation.listed if m in there]
    last = kb.entities.get(conversation.entities.get("mission", ""))
    if not listed and last is not None and conversation.focus == "mission":
        listed = [m for m in there if kb.entities[m].attributes.get("kind") == last.attributes.get("kind")]
    if not listed and conversation.listed and before_one:  # "the Kosovo one" after a list with none there
        listed = list(there)
    if len(listed) > 1:  # "the one in Kosovo" among EULEX and the EUSR: the CSDP mission
        listed = [m for m in listed if kb.entities[m].attributes.get("kind") != "special-representative"]
    if len(listed) != 1:
        return mentions
    return [Mention(listed[0], "mission", place.start, place.end, place.score)]


def listed_by_name(words: Sequence[str], mentions: list[Mention], conversation: Conversation | None,
                   language: Language, name_words: Mapping[str, frozenset[str]]) -> list[Mention]:
    """'take the Dialogue one' after a list of the EU Special Representatives: the one listed
    whose names alone have the word before "one" (`name_words`: each entity's name words,
    EntityRecognizer.name_words_of; not a word of grammar, "the one")."""
    if conversation is None or not conversation.listed or any(m.type == "mission" for m in mentions):
        return mentions
    for at, word in enumerate(words[1:], start=1):
        if word not in language.one_words or words[at - 1] in language.function_words:
            continue
        named = [m for m in conversation.listed if words[at - 1] in name_words.get(m, ())]
        if len(named) == 1:
            return in_place_of(mentions, Mention(named[0], "mission", at - 1, at + 1, 100.0))
    return mentions


def one_named_after(words: Sequence[str], mentions: list[Mention], conversation: Conversation | None,
                    kb: KnowledgeBase, name_words: Mapping[str, frozenset[str]]) -> list[Mention]:
    """'what about the one for the Belgrade–Pristina dialogue?' after the EUSR in Bosnia, 'and
    the one for the advisory team that followed it?' after Proxima: the one mission of the
    kind just talked about whose names have every word said after "the one for" (`name_words`,
    as in listed_by_name)."""
    last = kb.entities.get(conversation.entities.get("mission", "")) if conversation is not None else None
    if last is None or any(m.type == "mission" for m in mentions):
        return mentions
    language = kb.language
    for at, word in enumerate(words[:-2]):
        if word not in language.one_words or words[at + 1] not in language.function_words:
            continue
        # up to "that" or "which": "the one for the advisory team that followed it"
        said = set(itertools.takewhile(lambda w: w not in language.relative_words, words[at + 1:])) \
            - language.function_words
        named = [e.id for e in kb.entities.values() if e.type == "mission" and said <= name_words.get(e.id, frozenset())
                 and e.attributes.get("kind") == last.attributes.get("kind")]
        if len(named) == 1:
            return in_place_of(mentions, Mention(named[0], "mission", at, len(words), 100.0))
    return mentions


def listed_by_place(words: Sequence[str], mentions: list[Mention], conversation: Conversation | None,
                    kb: KnowledgeBase) -> list[Mention]:
    """"When did the second of those start negotiating?", "and the last one?" after a list
    answer: the one listed at that place, when the question names nothing of its kind. An
    ordinal counts after "the", before "of", a word for one of them ("the first one", "the
    second country") or the end, not in "when did it first start?"."""
    if conversation is None or len(conversation.listed) < 2:
        return mentions
    listed = [kb.entities[e] for e in conversation.listed if e in kb.entities]
    kinds = {entity.type for entity in listed}
    if len(kinds) != 1 or any(m.type in kinds for m in mentions):
        return mentions
    language = kb.language
    follows = language.one_words | language.referring_nouns | {"of"}
    for at, word in enumerate(words):
        if word in language.ordinals_in_order:
            place = language.ordinals_in_order.index(word)
        elif word in language.last_words:
            place = len(listed) - 1
        else:
            continue
        after = words[at + 1] if at + 1 < len(words) else ""
        if at == 0 or words[at - 1] != "the" or not (after in follows or not after) or place >= len(listed):
            continue
        end = at + 1 + (after in language.one_words | language.referring_nouns)
        return in_place_of(mentions, Mention(listed[place].id, listed[place].type, at - 1, end, 100.0))
    return mentions


def in_place_of(mentions: Sequence[Mention], *found: Mention) -> list[Mention]:
    """The mentions with those `found` in place of those over their words, in order."""
    kept = (m for m in mentions if all(m.end <= f.start or m.start >= f.end for f in found))
    return sorted([*kept, *found], key=lambda m: m.start)


def foreign_place_as_mission(words: Sequence[str], mentions: list[Mention], conversation: Conversation | None,
                             kb: KnowledgeBase, places: Mapping[str, tuple[str, ...]],
                             missions_of_word: Mapping[str, Sequence[str]]) -> list[Mention]:
    """'and in the Central African Republic, since when?' after Serbia in EUTM Somalia: a
    place of missions outside the region, after "in", is the one mission there that the
    partner asked about (or talked about) took part in; else the one mission that worked
    exactly there (EUTM RCA, not EUFOR Tchad/RCA, which was in Chad too). `places`: each
    mission's place as questions read it; `missions_of_word`: the missions whose place has a word."""
    if any(m.type == "mission" for m in mentions):
        return mentions
    partner = next((kb.entities[m.entity_id] for m in mentions if m.type == "partner"), None)
    if partner is None and conversation is not None:
        partner = kb.entities.get(conversation.entities.get("partner", ""))
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for index, word in enumerate(words[:-1]):
        if word not in kb.language.location_words:
            continue
        start = index + 1 + (words[index + 1] == "the")
        if start in covered or start >= len(words) or words[start] not in missions_of_word:
            continue
        there = {mission: _place_at(words, start, places[mission]) for mission in missions_of_word[words[start]]}
        found = [mission for mission, (length, _) in there.items() if length]
        joined = [mission for mission in found if partner is not None and _takes_part(partner, mission)]
        found = joined if len(joined) == 1 else [mission for mission in found if there[mission][1]]  # exactly
        if len(found) == 1:
            end = start + there[found[0]][0]
            return sorted([*mentions, Mention(found[0], "mission", start, end, 100.0)], key=lambda m: m.start)
    return mentions


def _place_at(words: Sequence[str], start: int, place: tuple[str, ...]) -> tuple[int, bool]:
    """How many words from `start` are words of the place in its order ("central african
    republic" of "chad ... central african republic"), and whether they are all of it."""
    for at in range(len(place)):
        length = 0
        while at + length < len(place) and start + length < len(words) and words[start + length] == place[at + length]:
            length += 1
        if length:
            return length, at == 0 and length == len(place)
    return 0, False


def _takes_part(partner: Entity, mission_id: str) -> bool:
    """Whether one of the partner's records is about the mission (its `mission:` key)."""
    return any(mission_id == value or (isinstance(value, list | tuple) and mission_id in value)
               for records in partner.facts.values() for record in records for value in record.extra.values())


def implied_mention(words: Sequence[str], mentions: Sequence[Mention], conversation: Conversation | None,
                    kb: KnowledgeBase, missions_named: Callable[[str], set[str]] | None = None) -> Mention | None:
    """A pronoun standing for the entity the conversation is about, as a mention; "in that
    one" after Serbia in EUTM RCA stands for the mission, what one takes part in, as does "to
    it" or "in it" after a partner's part in a mission. Just after a fact answer on what came
    before or after a mission, "it" is the one mission that answer named ("how many officers
    did it deploy?" after "the police mission that followed Concordia" was Proxima), unless it
    asks before or after again. (After an intent's answer, "what did it follow on from?", the
    question's own "it" kept the mission it was about, and so does the next one.)"""
    if conversation is None or not conversation.focus:
        return None
    mission = conversation.entities.get("mission")
    if mission is not None and mission in kb.entities and not any(m.type == "mission" for m in mentions):
        language = kb.language
        for index, word in enumerate(words[1:-1], start=1):
            if (word in language.demonstratives and words[index - 1] in language.location_words
                    and words[index + 1] in language.mission_nouns | language.one_words):
                return Mention(mission, "mission", index, index + 2, 100.0)
        if conversation.focus == "partner":
            for index, word in enumerate(words[1:], start=1):
                # "who else from the region contributes to it?" after Montenegro in Atalanta
                before = words[index - 1]
                if word in language.pronouns and before in language.location_words | language.destination_words:
                    return Mention(mission, "mission", index, index + 1, 100.0)
    if any(m.type == conversation.focus for m in mentions):
        return None
    focus = conversation.focus
    entity_id = conversation.entities.get(focus)
    if entity_id is None or entity_id not in kb.entities:
        return None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    language = kb.language
    given = conversation.fact
    if focus == "mission" and missions_named is not None and given is not None and given.entity == entity_id \
            and given.fact in SUCCESSION_FACTS and conversation.intent is None \
            and (language.earlier_words | language.later_words | language.came_before_words
                 | language.came_after_words).isdisjoint(words):
        entity_id = _of_succession(conversation, kb, given.fact, missions_named) or entity_id
    for index, word in enumerate(words):
        if index in covered:
            continue
        if word in language.pronouns:
            return Mention(entity_id, focus, index, index + 1, 100.0)
        if (word in language.demonstratives and index + 1 < len(words)
                and words[index + 1] in language.referring_nouns):
            return Mention(entity_id, focus, index, index + 2, 100.0)
    return None


# How far a mission noun may stand after a demonstrative, with a word of succession
# between ("that follow up mission").
_SUCCESSION_SPAN = 3


def succession_mention(words: Sequence[str], mentions: Sequence[Mention], conversation: Conversation | None,
                       kb: KnowledgeBase, missions_named: Callable[[str], set[str]]) -> Mention | None:
    """"That follow-up mission", "ta prethodna misija": a mission before or after another,
    said with a demonstrative, as a mention. It is the other mission the answer just given on
    what came before or after named ("EUPOL Proxima replaced Concordia": Proxima), else the
    one before or after the mission the conversation is about (its records name it)."""
    if conversation is None or any(m.type == "mission" for m in mentions):
        return None
    language = kb.language
    succession = language.earlier_words | language.later_words
    for start, word in enumerate(words):
        if word not in language.demonstratives:
            continue
        between = words[start + 1:start + _SUCCESSION_SPAN + 1]
        noun = next((i for i, w in enumerate(between) if w in language.mission_nouns), None)
        if noun is None or succession.isdisjoint(between[:noun]):
            continue
        fact = "predecessor" if not language.earlier_words.isdisjoint(between[:noun]) else "successor"
        mission = _of_succession(conversation, kb, fact, missions_named)
        return Mention(mission, "mission", start, start + noun + 2, 100.0) if mission else None
    return None


def _of_succession(conversation: Conversation, kb: KnowledgeBase, fact: str,
                   missions_named: Callable[[str], set[str]]) -> str | None:
    """The one mission other than its own that the records of a succession name: of the
    answer just given, if it was one, else of the conversation's mission (`fact`)."""
    given = conversation.fact
    if given is not None and given.fact in SUCCESSION_FACTS:
        owner, fact = given.entity, given.fact
    else:
        owner = conversation.entities.get("mission") or ""
    entity = kb.entities.get(owner)
    if entity is None:
        return None
    named = {m for record in entity.facts.get(fact, ()) for m in missions_named(record.text)} - {owner}
    return named.pop() if len(named) == 1 else None


def mission_there(words: Sequence[str], mentions: Sequence[Mention], conversation: Conversation | None,
                  kb: KnowledgeBase) -> Mention | None:
    """"there" standing for the mission the conversation is about, as a mention: "what do
    they do there?" after Albania's troops in EUFOR asks what they do in EUFOR."""
    mission = conversation.entities.get("mission") if conversation is not None else None
    if mission is None or mission not in kb.entities or any(m.type == "mission" for m in mentions):
        return None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for index, word in enumerate(words):
        # "how many are there?", "is there a mission in Kosovo?": no place, only "there is"
        existential = (index > 0 and words[index - 1] == "is") or tuple(words[index + 1:index + 2]) == ("is",)
        if index not in covered and word in kb.language.there_words and not existential:
            return Mention(mission, "mission", index, index + 1, 100.0)
    return None


def only_a_new_entity(words: Sequence[str], mentions: Sequence[Mention], language: Language) -> Mention | None:
    """'and Althea?', 'what about Albania then?': the one entity of a question that asks
    nothing else (None otherwise; "Crna Gora FPA" is a question, not "and X?"). A place
    word and a year may come with it: "po Shqipërisë në 2024?" (and Albania's in 2024?), and
    "one": "and in the one in the Central African Republic?"."""
    if len(mentions) != 1:
        return None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    if any(w not in language.follow_up_filler and w not in language.location_words and w not in language.one_words
           and not dates.YEAR.fullmatch(w) for i, w in enumerate(words) if i not in covered):
        return None
    return mentions[0]


def same_question_again(understanding: Understanding, conversation: Conversation | None,
                        kb: KnowledgeBase) -> Intent | None:
    """'and at the end?', 'and at the start?': a question of follow-up words only (two or more,
    naming nothing) asks the last question again, whose answer may say it; so does 'and the
    second?' ('a druga?') after an answer that gives a first one, and 'and for the EU side?'
    after who signed for one side; not 'and end?' (when it ended: "end" with no "the")."""
    last = kb.intents.get(conversation.intent or "") if conversation is not None else None
    words = understanding.words
    language = kb.language
    if last is None or understanding.mentions or len(words) < 2 or any(
            w not in language.follow_up_filler and w not in language.ordinal_words and w not in language.side_words
            for w in words):
        return None
    points = language.start_words | language.end_words
    return None if any(w in points and (words[i - 1] if i else "") != "the" for i, w in enumerate(words)) else last


# "when was it adopted?": at most this many words of its own beside "when" and grammar.
WHEN_OWN_WORDS = 2


def when_of_last_answer(understanding: Understanding, conversation: Conversation | None,
                        kb: KnowledgeBase) -> Intent | None:
    """'for how long?' or a bare 'when?', naming nothing, just after an answer: the last question
    again, when its answer is dated (the caller checks), not another question of the mission
    ("who said Montenegro has a long track record of 100% alignment?", "when?"). "since when?"
    asks it again only after an answer naming an office holder: since when he has held the
    post, which that answer dates ("who commands EUFOR?", "since when?"); after "is Serbia a
    candidate?" it asks another question (since when it has been one)."""
    last = kb.intents.get(conversation.intent or "") if conversation is not None else None
    if last is None or (understanding.mentions and not understanding.implied):  # "how long do they stay?"
        return None
    holder = any(f"{{{fact}}}" in last.answer for fact in OFFICE_FACTS)
    return last if asks_when_again(understanding, kb.language, holder=holder) else None


def when_of_its_words(understanding: Understanding, conversation: Conversation | None,
                      kb: KnowledgeBase) -> tuple[Intent, frozenset[str]] | None:
    """'a kada je usvojena?' (and when was it adopted?), naming nothing, just after an answer:
    the last question and the question's own words ("adopted"), which the caller finds in
    what that answer says first, beside a year (Resolution 1575, "adopted unanimously on 22
    November 2004"); None for a question with no "when", or with more than two words of its own."""
    last = kb.intents.get(conversation.intent or "") if conversation is not None else None
    if last is None or understanding.mentions or "when" not in understanding.words:
        return None
    language = kb.language
    own = frozenset(understanding.words) - _grammar_around_when(language) - language.when_words \
        - language.follow_up_filler
    return (last, own) if 0 < len(own) <= WHEN_OWN_WORDS else None


def bare_question_of_last_answer(understanding: Understanding, conversation: Conversation | None,
                                 kb: KnowledgeBase) -> Intent | None:
    """"Колку?" (how many?), "and how much?", naming nothing and asking nothing else, just
    after an intent's answer: the last question again, when its answer gives what is asked
    (the caller checks)."""
    last = kb.intents.get(conversation.intent or "") if conversation is not None else None
    if last is None or understanding.mentions or not (understanding.asked.count or understanding.asked.money):
        return None
    language = kb.language
    grammar = language.and_words | language.function_words | language.follow_up_filler | language.pronouns
    return last if set(understanding.words) <= grammar | language.asking_words else None


def when_of_last_fact(understanding: Understanding, conversation: Conversation | None,
                      kb: KnowledgeBase) -> FactRef | None:
    """'Për sa kohë?' (for how long?) naming nothing, just after a fact answer (Albania's
    troops in EUFOR, "for about six months"): the records just given again, when they are
    dated (the caller checks); not the mission's own end."""
    last = conversation.fact if conversation is not None else None
    if last is None or conversation is None or conversation.intent is not None \
            or (understanding.mentions and not understanding.implied):
        return None
    return last if asks_when_again(understanding, kb.language, holder=last.fact in OFFICE_FACTS) else None


def _grammar_around_when(language: Language) -> frozenset[str]:
    """"when was that?", "and when was it?": the words around "when" that ask nothing else."""
    return language.and_words | language.function_words | language.demonstratives | language.pronouns \
        | language.question_prepositions


def asks_when_again(understanding: Understanding, language: Language, *, holder: bool) -> bool:
    """Whether a question of grammar around "when" or "how long" asks when of the answer just
    given; "since when?" only of an answer naming an office `holder`."""
    words = set(understanding.words)
    grammar = _grammar_around_when(language)
    # "since when has he been in that post?" ("od kada je na toj funkciji?"): the holder's post
    if words - language.when_words - language.follow_up_filler - grammar - (language.office_words if holder
                                                                              else frozenset()):
        return False
    # "when?", "and when?", "when was that?", "which year?" ("koje godine?")
    asking = (words & {"when", "year"}) | (words & (language.day_words | language.month_words))
    bare = bool(asking) and not words - asking - grammar
    return "long" in words or bare or ("since" in words and holder)


def names_a_subject(understanding: Understanding, language: Language) -> bool:
    """Whether a question has words of its own beyond grammar and follow-up words ("signed an
    SAA first"), not only "who was before?"."""
    grammar = (language.function_words | language.question_starts | language.other_words | language.and_words
               | language.follow_up_filler | language.padding | language.asking_words)
    return bool(set(understanding.words) - grammar)


def asks_only_which_country(understanding: Understanding, language: Language) -> bool:
    """"iz koje je zemlje?", "which country is he from?", "what nationality are they?": which
    country, of someone just talked about, and nothing else."""
    grammar = (language.function_words | language.question_starts | language.pronouns | language.and_words
               | language.counted_states | language.follow_up_filler | language.question_prepositions
               | language.origin_words | {"nationality"})
    return not set(understanding.words) - grammar


def asks_only_what_for(understanding: Understanding, language: Language) -> bool:
    """"to buy what?", "za šta?", "and what for?": what for, and nothing else ("for which
    unit?" asks which unit)."""
    purpose = {word for phrase in language.purpose_phrases for word in phrase.split()}
    grammar = (language.function_words | language.padding | language.pronouns | language.follow_up_filler
               | language.question_starts | language.and_words)
    return all(word in grammar or word in purpose for word in understanding.words)


def asks_a_share(understanding: Understanding, language: Language) -> bool:
    """"how much of that was for Kosovo itself?", "how much of it went to the court?": a
    part of a sum just given ("of" before "that", "it" or "this")."""
    if not understanding.asked.money:  # most follow-ups: no sum asked, nothing to build
        return False
    referring = language.pronouns | language.demonstratives
    return any(first == "of" and second in referring for first, second in pairwise(understanding.words))


def asks_since_when(understanding: Understanding, language: Language) -> bool:
    """"since when?", "and since when?", naming nothing; or "and in EUTM RCA, since when?",
    naming only where (the same question of another mission)."""
    mentions = understanding.mentions
    if "since" not in understanding.words or len(mentions) > 1 or (mentions and mentions[0].type != "mission"):
        return False
    covered = range(mentions[0].start, mentions[0].end) if mentions else range(0)
    words = {w for i, w in enumerate(understanding.words) if i not in covered}
    rest = words - {"since", "when"} - language.and_words - language.follow_up_filler
    return {"since", "when"} <= words and not (rest - language.location_words if mentions else rest)


# Of the content words of a follow-up with a pronoun, the share the last answer must have
# for it to say what is asked ("who signed it on the EU side?": signed, EU, not "side").
SAID_SHARE = 0.5


def said_in(words: Sequence[str], answer_words: Sequence[str], language: Language, *,
            named_again: bool = False) -> bool:
    """Whether a follow-up naming nothing, with a pronoun ("who signed it?"), or naming again
    only what the answer was about (`named_again`: "who signed for Albania?" after Albania's
    partnership), asks what an answer's words (as questions are read) already say: most of
    its content words are there."""
    if language.pronouns.isdisjoint(words) and not named_again:
        return False
    grammar = (language.function_words | language.padding | language.pronouns | language.follow_up_filler
               | language.question_starts | language.asking_words | language.demonstratives)
    english = stemmer("english")
    content = {english.stemWord(w) for w in words if w not in grammar and not w.isdigit()}
    if not content:
        return False
    said = {english.stemWord(w) for w in answer_words}
    return len(content & said) >= SAID_SHARE * len(content)


def follow_up_intent(new: Mention, conversation: Conversation | None, kb: KnowledgeBase) -> Intent | None:
    """'and Althea?' after a question about EULEX: the same question for Althea (or the
    intent the last one switches to for an entity of another type)."""
    last = kb.intents.get(conversation.intent or "") if conversation else None
    if last is None:
        return None
    if new.type in last.slots:
        return last
    target = last.switch.get(new.type) or f"{new.type}.overview"
    return kb.intents.get(target)


def same_fact_of_new_entity(understanding: Understanding, conversation: Conversation | None,
                            kb: KnowledgeBase) -> Mention | None:
    """'and when did Albania sign one?', "and Montenegro's package?" after a fact answer on
    another partner: the one new entity of the kind the fact was about, asked the same fact
    (None when it has no such fact, or the question's other words ask something else)."""
    last = conversation.fact if conversation is not None else None
    new = _one_new_mention(understanding, conversation)
    if last is None or new is None or last.entity not in kb.entities or conversation is None:
        return None
    entity = kb.entities[new.entity_id]
    if new.type != kb.entities[last.entity].type or not entity.facts.get(last.fact):
        return None
    intent = kb.intents.get(conversation.intent or "")
    if intent is not None and new.type not in intent.slots:
        return None  # the question the last answer was to asks of another kind of entity
    if not kb.language.pronouns.isdisjoint(understanding.words[:new.start]):
        return None  # "has it also served in Althea?": "it" is another entity, asked of Althea
    # "and Albania's first?" after North Macedonia's "first bilateral EPF package": the words of
    # the answer just given are words of that fact too.
    given = kb.entities[last.entity].facts.get(last.fact, ())
    said = " ".join(given[i].text for i in last.records if i < len(given))
    return new if asks_only_of(understanding, new, last.fact, kb, also=said) else None


def records_naming(understanding: Understanding, conversation: Conversation | None,
                   kb: KnowledgeBase) -> FactRef | None:
    """'since when in EUTM Somalia?' after the missions a partner takes part in: the
    records of the fact just given that name the new entity (of another kind than the
    fact's own, and placed by "in"), when only some of them do."""
    last = conversation.fact if conversation is not None else None
    new = _one_new_mention(understanding, conversation)
    if last is None or new is None or last.entity not in kb.entities or new.type == kb.entities[last.entity].type:
        return None  # "and North Macedonia?" after Bosnia's EPF support asks for North Macedonia's
    before = [w for w in understanding.words[:new.start] if w not in kb.language.name_to_place_words]
    if not before or before[-1] not in kb.language.location_words:
        return None  # "what is EUTM Somalia?" asks about the mission, "and in EUTM Somalia?" of its part
    records = kb.entities[last.entity].facts.get(last.fact, ())
    names = [normalize(name) for name in (kb.entities[new.entity_id].name, *kb.entities[new.entity_id].aliases)]
    naming = tuple(i for i, record in enumerate(records)
                   if any(re.search(rf"\b{re.escape(name)}\b", normalize(record.text)) for name in names if name))
    if not naming or len(naming) == len(records) or not asks_only_of(understanding, new, last.fact, kb):
        return None
    return FactRef(last.entity, last.fact, naming)


def _one_new_mention(understanding: Understanding, conversation: Conversation | None) -> Mention | None:
    """The one entity a question names, when the conversation has not been about it."""
    named = [m for m in understanding.mentions if m.start >= 0]
    if conversation is None or understanding.implied or len(named) != 1:
        return None
    return named[0] if named[0].entity_id not in conversation.entities.values() else None


def asks_only_of(understanding: Understanding, mention: Mention, fact: str, kb: KnowledgeBase,
                 also: str = "") -> bool:
    """Whether the words of a question, but for the entity it names and the words any
    follow-up uses ("and", "when", "one"), are all words of `fact` (knowledge/fact_words.yaml,
    and the text of its records about any entity) and none the mark of another fact of that
    entity ("and who commands Althea?" after what EULEX is asks for a commander). The words
    of `also` (what was just said of the fact) are the fact's own."""
    language = kb.language
    common = (language.follow_up_filler | language.function_words | language.question_starts
              | language.asking_words | language.referring_nouns | language.place_words | language.padding)
    rest = {w for i, w in enumerate(understanding.words)
            if not mention.start <= i < mention.end and w not in common and not w.isdigit()}
    if not rest:
        return True
    english = stemmer("english")
    own, vocabulary = _fact_vocabulary(kb, fact)
    own = own | {english.stemWord(w) for w in normalize(also).split()}
    elsewhere: set[str] = set()
    for other in kb.entities[mention.entity_id].facts:
        if other != fact:
            elsewhere |= _fact_vocabulary(kb, other)[0]
    return all((stem := english.stemWord(w)) in vocabulary and (stem in own or stem not in elsewhere)
               for w in rest)


# The stems of each fact's words, for the one knowledge base last asked about (a reload
# builds a new one): stemming every record of a fact per question would take milliseconds.
_VOCABULARY: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
_VOCABULARY_OF: list[KnowledgeBase] = []


def _fact_vocabulary(kb: KnowledgeBase, fact: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of a fact's own words (knowledge/fact_words.yaml), and of those together
    with the words of its records about any entity."""
    if not _VOCABULARY_OF or _VOCABULARY_OF[0] is not kb:
        _VOCABULARY.clear()
        _VOCABULARY_OF[:] = [kb]
    if fact not in _VOCABULARY:
        english = stemmer("english")

        def stems(texts: Iterable[str]) -> frozenset[str]:
            return frozenset(english.stemWord(w) for text in texts for w in normalize(text).split())

        own = stems(kb.fact_words.get(fact, ()))
        _VOCABULARY[fact] = own, own | stems(r.text for e in kb.entities.values() for r in e.facts.get(fact, ()))
    return _VOCABULARY[fact]


def slots(mentions: Sequence[Mention], lent: Mapping[str, str], conversation: Conversation | None,
          kb: KnowledgeBase, types: Sequence[str] | None = None) -> dict[str, Entity]:
    """Entities by type: those the question names, then those lent to a clause, then those
    the conversation remembers (for `types` only, or all of them)."""
    out: dict[str, Entity] = {}
    for mention in mentions:
        out.setdefault(mention.type, kb.entities[mention.entity_id])
    for type_, entity_id in lent.items():
        out.setdefault(type_, kb.entities[entity_id])
    remembered = conversation.entities if conversation else {}
    for type_ in remembered if types is None else types:
        entity = kb.entities.get(remembered.get(type_, ""))
        if type_ not in out and entity is not None:
            out[type_] = entity
    return out


def fact_readings_in_context(readings: list[FactReading], understanding: Understanding,
                         conversation: Conversation | None, kb: KnowledgeBase,
                         is_stranger: Callable[[str], bool] = lambda _word: False) -> list[FactReading]:
    """Fact readings of a follow-up: "who did he replace?" after an answer naming an
    office holder asks about that office; "and before that?" after a fact answer asks
    for its other records, not the one just given."""
    if conversation is None or any(m.start >= 0 and m.entity_id not in conversation.entities.values()
                                   for m in understanding.mentions):
        return readings  # a question naming something new starts afresh
    words, language = set(understanding.words), kb.language
    office = office_talked_about(conversation, kb)
    # "who did he replace?", "since when is she in that post?": the office, not what it does.
    asks_after_person = words & (language.other_words | language.asking_words)
    # "who was before?", "po para tij kush ishte?" (its "him" read into "before") just after an
    # answer naming the holder ask for the one before too, when the sources name one.
    about_holder = words & language.office_words or (bool(words & {"who", "whom"}) and words & language.other_words
                                                      and _has_other_holders(conversation, words, kb))
    if office is not None and about_holder and asks_after_person:
        same = [r for r in readings if (r.ref.entity, r.ref.fact) == office]
        best = same[0] if same else FactReading(FactRef(*office, ()), 0.0)
        readings = [replace(best, score=max(best.score, OFFICE_FOLLOW_UP)),
                    *(r for r in readings if r is not best)]
    last = conversation.fact
    about = {*conversation.entities.values(), *((last.entity,) if last is not None else ())}
    if conversation.entities and (not understanding.mentions or understanding.implied):
        # "since when?" after Albania's status: a fact of what the conversation is about, not of
        # the ECMM that once worked in Albania; "which countries sent them?" after EUFOR's
        # reinforcement, not EULEX's staff.
        readings = sorted((r if r.ref.entity in about else replace(r, score=max(0.0, r.score - ELSEWHERE_PENALTY))
                           for r in readings), key=lambda r: -r.score)
    if last is not None and names_only_the_fact_owner(understanding, last):
        # "for how long?", "who was blamed?" after a fact answer: most likely more of that fact;
        # so is "who signed it?", "when was that one appointed?" when "it" is what the fact is about.
        bonus = PRONOUN_SAME_FACT_BONUS if understanding.implied else SAME_FACT_BONUS
        # "when was that one appointed?" after one holder of an office: the records just given.
        records = last.records if understanding.implied else None
        readings = sorted((replace(r, score=min(1.0, r.score + bonus),
                                   ref=replace(r.ref, records=records or r.ref.records))
                           if (r.ref.entity, r.ref.fact) == (last.entity, last.fact) else r for r in readings),
                          key=lambda r: -r.score)
        if not any((r.ref.entity, r.ref.fact) == (last.entity, last.fact) for r in readings) and \
                not any(is_stranger(word) for word in understanding.words):  # "and the weather there?"
            kept = FactReading(FactRef(last.entity, last.fact, last.records), LAST_FACT_SCORE)
            if understanding.implied and readings and _only_function_words(understanding.words, language):
                # "how much was it?" after Albania's EPF measure: no word of its own to read a
                # record by ("how much" is the alignment record's cue), only the answer just given
                readings = [replace(kept, score=max(kept.score, readings[0].score)), *readings]
            else:
                readings = sorted([*readings, kept], key=lambda r: -r.score)
    if last is not None and words & language.other_words and not _given_has_year(last, understanding, kb):
        others, in_time = other_records(last, words, kb)
        continued = bool(readings) and (readings[0].ref.entity, readings[0].ref.fact) == (last.entity, last.fact)
        if not continued and in_time and names_only_the_fact_owner(understanding, last):
            # "and two years before that?" after a dated figure: its records of earlier dates,
            # however little the question's own words read as that fact.
            top = readings[0].score if readings else 0.0
            readings = [FactReading(FactRef(last.entity, last.fact, others), max(SAME_FACT_BONUS, top)), *readings]
        elif continued and others and not _given_names_predecessor(last, words, kb):
            readings[0] = replace(readings[0], ref=replace(readings[0].ref, records=others))
    return readings


def says_him(understanding: Understanding, language: Language) -> bool:
    """Whether a question speaks of a person by "he", "his", "him" (or "she", ...)."""
    return not (language.pronouns & language.office_words).isdisjoint(understanding.words)


def person_named_first(readings: list[FactReading], lead: FactRef | None,
                       kb: KnowledgeBase, surnames: frozenset[str]) -> list[FactReading]:
    """'when was he appointed?' just after an answer that led with the first EUSR in Skopje
    (Léotard): the records of an office that name him come first, not the latest holder's
    (of the fact the answer gave, the record it led with: `lead`, one record). "He" is the
    first person that record names."""
    if lead is None:
        return readings
    said = kb.entities[lead.entity].facts[lead.fact][lead.records[0]].text
    person = next((word for word in normalize(said).split() if word in surnames), None)
    if person is None:
        return readings
    ordered = []
    for reading in readings:
        records = kb.entities[reading.ref.entity].facts.get(reading.ref.fact, ())
        order = reading.ref.records or tuple(range(len(records)))
        naming = [i for i in order if person in normalize(records[i].text).split()]
        if (reading.ref.entity, reading.ref.fact) == (lead.entity, lead.fact):
            # the fact just given: its record first, unless the reader chose others ("who did he replace?")
            naming = [lead.records[0]] if lead.records[0] in naming else []
        if reading.ref.fact in PEOPLE_FACTS and naming:
            reading = replace(reading, ref=replace(reading.ref, records=(*naming, *(i for i in order
                                                                                    if i not in naming))))
        ordered.append(reading)
    return ordered


def _only_function_words(words: Sequence[str], language: Language) -> bool:
    """Whether a question's words are only grammar, padding and pronouns ("how much was it?")."""
    return all(word in language.function_words or word in language.padding or word in language.pronouns
               or word in language.and_words for word in words)


_TOOK_OVER_FROM = re.compile(r"\b(?:took over from|succeeded|replacing)\b")


def _given_has_year(last: FactRef, understanding: Understanding, kb: KnowledgeBase) -> bool:
    """"and the year after?" after "62% in 2021 and 48% in 2022", asked of 2021: the records
    just given already give the year asked (a year of the question's own, or counted)."""
    if not understanding.asked.years or not last.records:
        return False
    given = kb.entities[last.entity].facts.get(last.fact, ())
    return any(re.search(rf"\b{year}\b", given[i].text) for i in last.records if i < len(given)
               for year in understanding.asked.years)


def _given_names_predecessor(last: FactRef, words: set[str], kb: KnowledgeBase) -> bool:
    """"whom did he replace?", "koga je zamijenio?" just after "Fronda ... took over from
    Barbu": the records just given name him already."""
    if "whom" not in words or words & kb.language.later_words:  # "and before that?" asks the records before
        return False
    given = kb.entities[last.entity].facts.get(last.fact, ())
    return any(_TOOK_OVER_FROM.search(given[i].text) for i in last.records if i < len(given))


def _has_other_holders(conversation: Conversation, words: set[str], kb: KnowledgeBase) -> bool:
    """Whether the office fact just given has records other than those given."""
    last = conversation.fact
    return last is None or last.fact not in OFFICE_FACTS or bool(other_records(last, words, kb)[0])


def other_records(last: FactRef, words: set[str], kb: KnowledgeBase) -> tuple[tuple[int, ...], bool]:
    """The records of the last fact other than those given, and whether they were chosen by
    date: "before that" wants those dated earlier, the latest first; "after that", later
    ones, the earliest first (all the others, in order, when none is dated so)."""
    records = kb.entities[last.entity].facts.get(last.fact, ())
    given = set(last.records) or set(range(len(records)))
    others = tuple(i for i in range(len(records)) if i not in given)
    earlier, later = words & kb.language.earlier_words, words & kb.language.later_words
    dated = [day for i in given if (day := records[i].as_of or "") and dates.parse(day)]
    if not dated or bool(earlier) == bool(later) or not set(last.records):
        return others, False
    when = {i: records[i].as_of or "" for i in others if dates.parse(records[i].as_of or "")}
    if earlier:
        first_given = min(dates.start(d) for d in dated)
        chosen = sorted((i for i in when if dates.end(when[i]) < first_given), key=lambda i: dates.start(when[i]),
                        reverse=True)
    else:
        last_given = max(dates.end(d) for d in dated)
        chosen = sorted((i for i in when if dates.start(when[i]) > last_given), key=lambda i: dates.start(when[i]))
    return (tuple(chosen), True) if chosen else (others, False)


def names_only_the_fact_owner(understanding: Understanding, last: FactRef) -> bool:
    """Whether a question names nothing but, through a pronoun ("it", "that one"), the
    entity the last fact answer was about."""
    named = [m for m in understanding.mentions if m.start >= 0]
    if not understanding.implied:
        return not named
    return all(m.entity_id == last.entity for m in named)


def office_talked_about(conversation: Conversation, kb: KnowledgeBase) -> tuple[str, str] | None:
    """(entity, fact) of the office holder the last answer named, if it named one."""
    last = conversation.fact
    if last is not None and last.fact in OFFICE_FACTS:
        return last.entity, last.fact
    intent = kb.intents.get(conversation.intent or "")
    mission = conversation.entities.get("mission")
    post = kb.entities.get(mission or "")
    if post is not None and post.attributes.get("kind") == OFFICE_KIND and "head" in post.facts:
        return post.id, "head"  # "until when is his mandate?", then "and his predecessor?"
    if intent is not None and mission is not None and any(f"{{{fact}}}" in intent.answer
                                                          for fact in OFFICE_FACTS):
        facts = kb.entities[mission].facts if mission in kb.entities else {}
        found = [fact for fact in OFFICE_FACTS if fact in facts and f"{{{fact}}}" in intent.answer]
        return (mission, found[0]) if found else None
    return None


_YEAR_WORDS = frozenset({"year", "years"})
MAX_YEARS_SHIFTED = 100
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def year_shifted(words: Sequence[str], conversation: Conversation | None, kb: KnowledgeBase) -> str | None:
    """"and the year before?", "and the following year?" just after an answer: the year
    asked, counted from the year the last question asked, or else from the year of the best
    fact record given (None if it asks none)."""
    if conversation is None or _YEAR_WORDS.isdisjoint(words):
        return None
    earlier, later = not kb.language.earlier_words.isdisjoint(words), not kb.language.later_words.isdisjoint(words)
    if earlier == later:
        return None
    years = [int(year) for year in conversation.years[:1]]
    if not years and conversation.fact is not None and conversation.fact.entity in kb.entities:
        records = kb.entities[conversation.fact.entity].facts.get(conversation.fact.fact, ())
        years = [int(day[:4]) for i in conversation.fact.records if i < len(records)
                 and (day := records[i].as_of or "") and dates.parse(day)]
    if not years:
        return None
    index = next(i for i, word in enumerate(words) if word in _YEAR_WORDS)
    count = (_COUNTS.get(words[index - 1]) or (int(words[index - 1]) if words[index - 1].isdigit() else 1)) \
        if index else 1
    if count > MAX_YEARS_SHIFTED:
        return None  # "and 3000 years before?" asks no year of record
    return str(years[0] - count if earlier else years[0] + count)


def continues_a_fact(understanding: Understanding, conversation: Conversation | None) -> bool:
    """Whether a question follows a fact answer and names nothing new: the conversation then
    points at facts, and a fact reading competes with sure intents too."""
    return (conversation is not None and conversation.fact is not None and conversation.intent is None
            and not any(m.start >= 0 and m.entity_id not in conversation.entities.values()
                        for m in understanding.mentions))
