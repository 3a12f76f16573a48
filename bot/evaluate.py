"""Score the engine on a labelled question file: accuracy, rejection, confusions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.context import Conversation
from bot.engine import Engine
from bot.errors import BotError
from bot.knowledge import Intent
from bot.normalize import fold
from bot.render import MissingFact
from bot.reply import MISSING_FACT, Reply


@dataclass(frozen=True)
class Case:
    """One labelled question; `turn` > 0 for follow-ups inside a conversation."""

    question: str
    intent: str | None
    entity: str | None
    conversation: int | None = None
    turn: int = 0
    # What a right answer must say: every item, each "a | b" meaning either (tests/facts/).
    contains: tuple[str, ...] = ()

    @property
    def in_scope(self) -> bool:
        return self.intent is not None or bool(self.contains)


def _folded(text: str) -> str:
    """Text compared as the labels are: case, accents, dashes, spacing, thousands
    separators and the asterisk of the Kosovo* designation do not matter."""
    text = re.sub(r"[‐-―−]", "-", fold(text))  # case, script and accents as the bot folds them
    text = re.sub(r"(?<=\w)\*", "", text)  # "the Kosovo* Police" says "Kosovo Police"
    text = re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)", "", text)
    return " ".join(text.split())


def says(answer: str, item: str) -> bool:
    """Whether an answer says a label item (any of its " | " alternatives)."""
    folded = _folded(answer)
    return any(_folded(alternative) in folded for alternative in item.split(" | ") if alternative.strip())


@dataclass(frozen=True)
class Outcome:
    case: Case
    reply: Reply
    # The reply said what the expected intent would have: from a fact it states, or word for word.
    same_fact: bool = False

    @property
    def correct(self) -> bool:
        if not self.case.in_scope:  # declined: a fallback, or "I have no sourced answer on that"
            return not self.reply.matched or self.reply.kind == MISSING_FACT
        if not self.reply.matched:
            return False
        if self.case.contains:
            return all(says(self.reply.text, item) for item in self.case.contains)
        if self.reply.intent != self.case.intent and not self.same_fact:
            return False
        return self.case.entity is None or self.case.entity in self.reply.entities


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, outcomes: list[Outcome]) -> float:
        return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 1.0

    @property
    def in_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.in_scope]

    @property
    def out_of_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.case.in_scope]

    @property
    def accuracy(self) -> float:
        return self._share(self.in_scope)

    @property
    def rejection(self) -> float:
        return self._share(self.out_of_scope)

    @property
    def follow_up_accuracy(self) -> float:
        return self._share([o for o in self.in_scope if o.case.turn > 0])

    def confusions(self) -> Counter[tuple[str, str]]:
        pairs: Counter[tuple[str, str]] = Counter()
        for outcome in self.outcomes:
            if not outcome.correct:
                got = outcome.reply.intent if outcome.reply.matched else f"({outcome.reply.kind})"
                if got == outcome.case.intent:
                    got = f"{got} [wrong entity: {','.join(outcome.reply.entities) or 'none'}]"
                expected = outcome.case.intent or ("(a fact)" if outcome.case.contains else "(out of scope)")
                pairs[(expected, got or "?")] += 1
        return pairs

    def histogram(self, *, correct: bool, bins: int = 10) -> list[int]:
        counts = [0] * bins
        for outcome in self.outcomes:
            if outcome.correct == correct:
                counts[min(bins - 1, int(outcome.reply.confidence * bins))] += 1
        return counts


class EvalFileError(BotError):
    """An evaluation file is malformed."""


def _case(item: Any, where: str, conversation: int | None = None, turn: int = 0) -> Case:
    if not isinstance(item, dict) or "q" not in item:
        raise EvalFileError(f"{where}: each question needs 'q' (and 'intent', null when out of scope)")
    contains = item.get("contains") or []
    if not isinstance(contains, list) or not all(isinstance(c, str | int | float) for c in contains):
        raise EvalFileError(f"{where}: 'contains' must be a list of strings")
    return Case(str(item["q"]), item.get("intent"), item.get("entity"), conversation, turn,
                tuple(str(c) for c in contains))


def load_cases(path: Path) -> list[Case]:
    """Questions and conversations from a YAML file, or from every YAML file in a folder."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    cases: list[Case] = []
    conversation_number = 0
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise EvalFileError(f"{file}: {error}") from None
        for index, item in enumerate(data.get("questions", []) or []):
            cases.append(_case(item, f"{file}: question {index + 1}"))
        for index, turns in enumerate(data.get("conversations", []) or []):
            conversation_number += 1
            for turn, item in enumerate(turns):
                cases.append(_case(item, f"{file}: conversation {index + 1}", conversation_number, turn))
    if not cases:
        raise EvalFileError(f"{path}: no questions found")
    return cases


def evaluate(engine: Engine, cases: Iterable[Case]) -> Results:
    results = Results()
    conversations: dict[int, Conversation] = {}
    for case in cases:
        conversation = Conversation() if case.conversation is None else \
            conversations.setdefault(case.conversation, Conversation())
        before = conversation.copy()
        reply = engine.answer(case.question, conversation)
        results.outcomes.append(Outcome(case, reply, _says_as_labelled(engine, case, reply, before)))
    return results


def _says_as_labelled(engine: Engine, case: Case, reply: Reply, before: Conversation) -> bool:
    """Whether a reply from another intent or a fact says what the labelled intent would have
    (`eval` of intent-labelled sets; Outcome.same_fact)."""
    intent = engine.kb.intents.get(case.intent or "")
    if intent is None or not reply.matched:
        return False
    return _states_lead_record(engine, intent, case, reply, before) or _same_fact(engine, intent, case, reply) \
        or _said_instead(engine, intent, case, reply)


def _named_before(engine: Engine, question: str, before: Conversation) -> dict[str, str]:
    """The entities a question is about, as the conversation stood before it was answered:
    what it names, else what the conversation talks about (type -> id)."""
    named = dict(before.entities)
    for mention in engine.understander.understand(question, before.copy()).mentions:
        named[mention.type] = mention.entity_id
    return named


def _same_fact(engine: Engine, intent: Intent, case: Case, reply: Reply) -> bool:
    """Whether the reply states what the labelled intent would have: the same fact read the
    other way, or word for word the same answer from another intent ("what is CFSP
    alignment?" is both alignment.overview and topic.overview of it)."""
    entity = engine.kb.entities.get(case.entity or (reply.fact.entity if reply.fact else ""))
    slots = {entity.type: entity} if entity is not None else {}
    try:
        rendered = engine.renderer.render(intent, {s: e for s, e in slots.items() if s in intent.slots})
    except MissingFact:
        return False
    if reply.fact is None:  # word for word, or after a word on what is missing ("no separate record of that")
        return rendered.text == reply.text or reply.text.endswith(f"\n\n{rendered.text}")
    return (reply.fact.entity, reply.fact.fact) in rendered.facts


def _states_lead_record(engine: Engine, intent: Intent, case: Case, reply: Reply, before: Conversation) -> bool:
    """Whether the labelled intent of two slots, its second filled as the question or the
    conversation `before` it names it, states the record a fact reply leads with: "how many
    Albanians were sent in February 2025?" about EUFOR, labelled partner.contributes_to_mission
    of Albania and answered with that record of Albania's contributions."""
    labelled = engine.kb.entities.get(case.entity or "")
    if reply.fact is None or labelled is None or len(intent.slots) < 2:
        return False
    named = {**_named_before(engine, case.question, before), labelled.type: labelled.id}
    slots = {slot: engine.kb.entities[named[slot]] for slot in intent.slots if named.get(slot) in engine.kb.entities}
    if len(slots) < len(intent.slots):
        return False
    try:
        rendered = engine.renderer.render(intent, slots)
    except MissingFact:
        return False
    lead = engine.kb.entities[reply.fact.entity].facts[reply.fact.fact][reply.fact.records[0]]
    return any(used.entity.id == reply.fact.entity and used.fact == reply.fact.fact and used.record is lead
               for used in rendered.used)


def _said_instead(engine: Engine, intent: Intent, case: Case, reply: Reply) -> bool:
    """Whether the labelled intent, having no record for the entity, answers with another's
    (its `otherwise`) word for word what the reply says: "what is Atalanta's mission?" labelled
    mission.mandate and answered with its overview, which is what mission.mandate gives."""
    entity = engine.kb.entities.get(case.entity or "")
    if reply.fact is not None or not intent.otherwise or (entity is None and intent.slots):
        return False
    expected = engine.render_intent(intent, {entity.type: entity} if entity is not None else {})
    return bool(expected.sources) and expected.text.endswith(f"\n\n{reply.text}")


def _bar(count: int, largest: int, width: int = 40) -> str:
    return "#" * max(1 if count else 0, round(width * count / largest)) if largest else ""


def format_results(results: Results, *, verbose: bool = False) -> str:
    lines = [
        f"questions: {len(results.outcomes)} ({len(results.in_scope)} in scope, "
        f"{len(results.out_of_scope)} out of scope)",
        f"top-1 accuracy (in scope): {results.accuracy:.1%}",
        f"out-of-scope rejection:    {results.rejection:.1%}",
        f"follow-up accuracy:        {results.follow_up_accuracy:.1%}",
        "",
        "confused pairs (expected -> got: count):",
    ]
    confusions = results.confusions()
    lines += [f"  {e} -> {g}: {n}" for (e, g), n in confusions.most_common(25)] or ["  none"]
    right, wrong = results.histogram(correct=True), results.histogram(correct=False)
    largest = max(right + wrong) or 1
    lines += ["", "confidence     right                                     wrong"]
    for index, (r, w) in enumerate(zip(right, wrong, strict=True)):
        lines.append(f"  {index / 10:.1f}-{(index + 1) / 10:.1f}  {r:4d} {_bar(r, largest):40s}  "
                     f"{w:4d} {_bar(w, largest)}")
    if verbose:
        lines += ["", "failing questions:"]
        for outcome in results.outcomes:
            if not outcome.correct:
                got = outcome.reply.intent if outcome.reply.matched else outcome.reply.kind
                expected = (f"{outcome.case.contains}" if outcome.case.contains
                            else f"{outcome.case.intent} ({outcome.case.entity})")
                lines.append(f"  {outcome.case.question!r}: expected {expected}, got {got} "
                             f"{outcome.reply.entities} @ {outcome.reply.confidence:.2f}")
    return "\n".join(lines)
