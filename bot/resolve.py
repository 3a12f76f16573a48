"""Resolve a question against the conversation: "it", "that post", "and in Bosnia?",
"the one in Kosovo", "and Althea?", and the entities a question leaves unnamed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.context import Conversation
from bot.entities import Mention
from bot.knowledge import Entity, Intent, KnowledgeBase

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
# "in", as in "and in Bosnia?" (English, the region's languages).
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


def place_as_mission(words: Sequence[str], mentions: list[Mention], conversation: Conversation | None,
                     kb: KnowledgeBase, missions_in: Mapping[str, tuple[str, ...]]) -> list[Mention]:
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
    for index, word in enumerate(words):
        if index in covered:
            continue
        if word in PRONOUNS:
            return Mention(entity_id, focus, index, index + 1, 100.0)
        if word in DEMONSTRATIVES and index + 1 < len(words) and words[index + 1] in REFERRING_NOUNS:
            return Mention(entity_id, focus, index, index + 2, 100.0)
    return None


def only_a_new_entity(words: Sequence[str], mentions: Sequence[Mention]) -> Mention | None:
    """'and Althea?', 'what about Albania then?': the one entity of a question that asks
    nothing else (None otherwise; "Crna Gora FPA" is a question, not "and X?")."""
    if len(mentions) != 1:
        return None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    if any(w not in FOLLOW_UP_FILLER for i, w in enumerate(words) if i not in covered):
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
