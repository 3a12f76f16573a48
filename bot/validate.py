"""Checks that need the engine: duplicate phrasings, template fields, every answer rendered.

`load_engine` is how every command gets an engine: it refuses an invalid knowledge
base with a KnowledgeBaseError listing every problem.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from bot.engine import Engine
from bot.errors import KnowledgeBaseError, Problem
from bot.knowledge import Entity, Intent, KnowledgeBase
from bot.loader import LoadResult, Places, did_you_mean, load
from bot.normalize import normalize
from bot.render import MissingFact
from bot.reply import Reply
from bot.template import placeholders

TELEGRAM_LIMIT = 4096
RECORD_FIELDS = ("text", "as_of", "mission", "date")


def fields_of(kb: KnowledgeBase, type_: str) -> set[str]:
    """Every attribute and fact name that at least one entity of the type has."""
    names: set[str] = set()
    for entity in kb.entities_of(type_):
        names.update(entity.attributes)
        names.update(entity.facts)
    return names


def _field_problems(kb: KnowledgeBase, intent: Intent, places: Places) -> Iterator[Problem]:
    place = places.get("intent_answer", intent.id)
    fixed = kb.entities.get(intent.entity or "")
    main_type = fixed.type if fixed else (intent.slots[0] if intent.slots else None)
    extra = {"items", "count"} if intent.list else set()
    for qualifier, name in placeholders(intent.answer):
        type_ = qualifier or main_type
        if qualifier is None and name in extra:
            continue
        if type_ is None:
            yield place.problem(f"intent '{intent.id}': the answer names '{{{name}}}' but the intent "
                                "has no slot or entity to take it from")
            continue
        if qualifier is not None and qualifier not in intent.slots:
            yield place.problem(f"intent '{intent.id}': '{{{qualifier}.{name}}}' names a slot the intent lacks")
            continue
        known = fields_of(kb, type_)
        if name not in known:
            yield place.problem(f"intent '{intent.id}': no {type_} has a field '{name}'"
                                f"{did_you_mean(name, known)}")
    if intent.list is not None:
        spec = intent.list
        list_place = places.get("intent_list", intent.id)
        row_fields = fields_of(kb, spec.from_type)
        if spec.from_fact is not None:
            if spec.from_fact not in row_fields:
                yield list_place.problem(f"intent '{intent.id}': no {spec.from_type} has a fact "
                                         f"'{spec.from_fact}'{did_you_mean(spec.from_fact, row_fields)}")
            row_fields = row_fields | set(RECORD_FIELDS)
        for qualifier, name in placeholders(spec.item) + placeholders(spec.empty or ""):
            if qualifier in (None, "owner"):
                known = row_fields if qualifier is None else fields_of(kb, spec.from_type)
            elif qualifier == "mission" and spec.from_fact is not None:
                known = fields_of(kb, "mission") | fields_of(kb, "topic")
            elif qualifier in intent.slots:
                known = fields_of(kb, qualifier)
            else:
                yield list_place.problem(f"intent '{intent.id}': '{{{qualifier}.{name}}}' names "
                                         "nothing the list can take it from")
                continue
            if name not in known:
                yield list_place.problem(f"intent '{intent.id}': list item names '{name}', which no "
                                         f"row has{did_you_mean(name, known)}")


def _slot_combinations(kb: KnowledgeBase, intent: Intent) -> Iterator[dict[str, Entity]]:
    fixed = kb.entities.get(intent.entity or "")
    if fixed is not None:
        yield {fixed.type: fixed}
        return
    pools = [kb.entities_of(slot) for slot in intent.slots]
    for combo in itertools.product(*pools):
        yield {e.type: e for e in combo}


def _shown_length(reply: Reply) -> int:
    """What Telegram counts of an answer: its text, footnotes and the sources' titles (each a
    link, whose address is not part of the message's length)."""
    return len(reply.text) + sum(len(f) + 2 for f in reply.footnotes) + len("Sources") + sum(
        len(s.title) + 3 for s in reply.sources)


def _render_problems(engine: Engine, intent: Intent, places: Places) -> Iterator[Problem]:
    place = places.get("intent_answer", intent.id)
    unsourced = None
    for slots in _slot_combinations(engine.kb, intent):
        try:
            rendered = engine.renderer.render(intent, slots)
        except MissingFact:
            continue
        reply = Reply(rendered.text, "answer", sources=tuple(rendered.sources),
                      footnotes=tuple(rendered.footnotes))
        about = "for " + ", ".join(e.id for e in slots.values()) if slots else "as written"
        shown = _shown_length(reply)
        if shown > TELEGRAM_LIMIT:
            yield place.problem(f"intent '{intent.id}': the answer {about} is "
                                f"{shown} characters with its sources; "
                                f"Telegram allows {TELEGRAM_LIMIT}")
        needs_source = not (intent.smalltalk or intent.decline or rendered.empty_list)
        if needs_source and not rendered.sources and unsourced is None:
            unsourced = about
    if unsourced is not None:
        yield place.problem(f"intent '{intent.id}': the answer {unsourced} has no source; "
                            "add 'sources:' or use facts that have one")


def deep_problems(result: LoadResult) -> list[Problem]:
    """Problems only visible once the engine is built (run on a structurally valid base)."""
    kb, places = result.kb, result.places
    assert kb is not None
    engine = Engine(kb)
    problems: list[Problem] = []
    for alias, first, second in engine.recognizer.collisions:
        problems.append(places.get("entity", second).problem(
            f"alias '{alias}' of '{second}' is already an alias of '{first}'; an alias must name one thing"))
    variant_terms: dict[tuple[str, ...], str] = {}
    for entry in kb.glossary:
        for variant in entry.variants:
            words = tuple(normalize(variant).split())
            other = variant_terms.setdefault(words, entry.term)
            if other != entry.term:
                problems.append(places.get("glossary", entry.term).problem(
                    f"glossary: '{variant}' is a variant of both '{other}' and '{entry.term}'; keep one"))
    seen: dict[str, tuple[str, int]] = {}
    index_in_intent: dict[str, int] = {}
    for phrasing in engine.phrasings:
        position = index_in_intent.get(phrasing.intent, 0)
        index_in_intent[phrasing.intent] = position + 1
        earlier = seen.get(phrasing.text)
        if earlier is None:
            seen[phrasing.text] = (phrasing.intent, position)
        elif earlier[0] != phrasing.intent:
            problems.append(places.get("example", phrasing.intent, position).problem(
                f"the phrasing '{phrasing.text}' is under both '{earlier[0]}' and '{phrasing.intent}'; "
                "keep it under one"))
    for intent in kb.intents.values():
        field_problems = list(_field_problems(kb, intent, places))
        problems.extend(field_problems)
        if not field_problems:
            problems.extend(_render_problems(engine, intent, places))
    return problems


def check(root: Path) -> tuple[LoadResult, list[Problem]]:
    """Load and check everything; return the load result and every problem found."""
    result = load(root)
    problems = list(result.problems)
    if result.kb is not None and not problems:
        problems.extend(deep_problems(result))
    return result, sorted(problems)


def load_engine(root: Path) -> Engine:
    """A ready engine for the knowledge base under `root`, or KnowledgeBaseError."""
    result, problems = check(root)
    if problems or result.kb is None:
        raise KnowledgeBaseError(problems or [Problem(str(root), 1, 1, "no knowledge base found")])
    return Engine(result.kb)
