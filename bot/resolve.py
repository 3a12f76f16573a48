"""Resolve a question against the conversation: "it", "that post", "and in Bosnia?",
"the one in Kosovo", "and Althea?", and the entities a question leaves unnamed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.context import Conversation
from bot.entities import Mention
from bot.knowledge import Entity, Intent, KnowledgeBase, Language

# Facts that name an office holder: "who did he replace?" after one asks about that office.
OFFICE_FACTS = ("head", "operation_commander")


def place_as_mission(words: Sequence[str], mentions: list[Mention], conversation: Conversation | None,
                     kb: KnowledgeBase, missions_in: Mapping[str, tuple[str, ...]]) -> list[Mention]:
    """'and in Bosnia?' after a question on the EUSR in Kosovo, or 'the one in Kosovo'
    after a list of missions: the place stands for the mission there, the one of the
    same kind as the mission just talked about, or the one just listed."""
    if conversation is None or any(m.type == "mission" for m in mentions) or len(mentions) != 1:
        return mentions
    place, language = mentions[0], kb.language
    if place.type != "partner" or place.start == 0 or words[place.start - 1] not in language.location_words:
        return mentions
    rest = {w for i, w in enumerate(words) if not place.start - 1 <= i < place.end}
    if not (rest <= language.follow_up_filler | language.place_words) and not rest & {"one", "ones"}:
        return mentions
    there = missions_in.get(place.entity_id, ())
    listed = [m for m in conversation.listed if m in there]
    last = kb.entities.get(conversation.entities.get("mission", ""))
    if not listed and last is not None and conversation.focus == "mission":
        listed = [m for m in there if kb.entities[m].attributes.get("kind") == last.attributes.get("kind")]
    if len(listed) > 1:  # "the one in Kosovo" among EULEX and the EUSR: the CSDP mission
        listed = [m for m in listed if kb.entities[m].attributes.get("kind") != "special-representative"]
    if len(listed) != 1:
        return mentions
    return [Mention(listed[0], "mission", place.start, place.end, place.score)]


def implied_mention(words: Sequence[str], mentions: Sequence[Mention], conversation: Conversation | None,
                    kb: KnowledgeBase) -> Mention | None:
    """A pronoun standing for the entity the conversation is about, as a mention."""
    if conversation is None or not conversation.focus or any(m.type == conversation.focus for m in mentions):
        return None
    focus = conversation.focus
    entity_id = conversation.entities.get(focus)
    if entity_id is None or entity_id not in kb.entities:
        return None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    language = kb.language
    for index, word in enumerate(words):
        if index in covered:
            continue
        if word in language.pronouns:
            return Mention(entity_id, focus, index, index + 1, 100.0)
        if (word in language.demonstratives and index + 1 < len(words)
                and words[index + 1] in language.referring_nouns):
            return Mention(entity_id, focus, index, index + 2, 100.0)
    return None


def only_a_new_entity(words: Sequence[str], mentions: Sequence[Mention], language: Language) -> Mention | None:
    """'and Althea?', 'what about Albania then?': the one entity of a question that asks
    nothing else (None otherwise; "Crna Gora FPA" is a question, not "and X?")."""
    if len(mentions) != 1:
        return None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    if any(w not in language.follow_up_filler for i, w in enumerate(words) if i not in covered):
        return None
    return mentions[0]


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
