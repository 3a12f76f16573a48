"""Synthetic knowledge bases for `bot bench`, written in the project's own YAML format.

A generated base looks like a large real one: intents are "an aspect (budget, start,
head...) of a subject (the maritime training programme in the Adriatic)" and each is
asked in about ten ways, a few of them about a mission named by a `{mission}` slot.
Subjects share words with many other subjects, so the matcher has real competition.
Everything comes from a seeded `random.Random`, so a size always gives the same files.
"""

from __future__ import annotations

import datetime
import json
import math
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.knowledge import FactRef

SEED = 20240611
PER_INTENT = 10
# One intent in this many asks about a mission through a `{mission}` slot, as real
# per-mission intents do; the rest have a fixed literal answer.
SLOT_EVERY = 20
INTENTS_PER_FILE = 2000

_ADJECTIVES = (
    "maritime", "civilian", "military", "border", "judicial", "police", "customs", "cyber", "hybrid",
    "humanitarian", "naval", "training", "monitoring", "advisory", "electoral", "financial", "energy",
    "migration", "demining", "rural", "urban", "regional", "coastal", "medical", "logistics", "intelligence",
    "aviation", "maritime-surveillance", "veterans", "prosecution", "anticorruption", "environmental",
    "educational", "forensic", "juvenile", "media", "digital", "railway", "harbour", "satellite",
)
_NOUNS = (
    "programme", "initiative", "partnership", "dialogue", "facility", "taskforce", "agreement", "platform",
    "strategy", "framework", "office", "council", "centre", "unit", "network", "fund", "project", "review",
    "academy", "school", "registry", "exercise", "roadmap", "campaign", "observatory", "commission", "panel",
    "helpdesk", "compact",
)
_PLACES = (
    "in the adriatic", "along the drina", "in the sava basin", "in northern albania", "in the sandzak",
    "in the presevo valley", "around lake ohrid", "in the bay of kotor", "in central bosnia",
    "in herzegovina", "in the una valley", "in south serbia", "in eastern kosovo", "in the vardar valley",
    "around lake prespa", "in the sharr mountains", "on the montenegrin coast", "in the posavina corridor",
    "in the neretva delta", "in vojvodina", "in the rhodope border area", "in pelagonia",
    "in the drim valley", "around lake skadar", "in the lim valley", "in the morava corridor",
    "in western macedonia", "in the krajina", "in podrinje", "in the zeta plain", "in the korce region",
    "in the vlora bay", "in the durres port", "in the tuzla canton", "in the zenica area",
    "in the mostar area", "in the bihac pocket", "in the brcko district", "in the kumanovo area",
    "in the struga region",
)
# (aspect, ways of asking about a subject `{s}`): realistic question shapes, all distinct.
_ASPECTS: dict[str, tuple[str, ...]] = {
    "budget": ("what is the budget of {s}", "how much does {s} cost", "{s} budget",
               "how much money goes to {s}", "who pays for {s}", "funding of {s}",
               "what does {s} cost each year", "is {s} well funded", "annual budget of {s}",
               "how is {s} financed", "where does the money for {s} come from", "total cost of {s}"),
    "start": ("when was {s} launched", "when did {s} start", "{s} start date",
              "since when does {s} exist", "what year did {s} begin", "when was {s} set up",
              "how long has {s} been running", "launch of {s}", "when did the eu create {s}",
              "when was {s} established", "first year of {s}", "is {s} new"),
    "end": ("when does {s} end", "is {s} still running", "{s} end date", "when will {s} close",
            "has {s} been extended", "until when does {s} run", "was {s} shut down",
            "expiry of {s}", "is {s} over", "when was {s} wound up", "how long will {s} last",
            "is {s} finished"),
    "head": ("who leads {s}", "who is the head of {s}", "{s} director", "who runs {s}",
             "name of the person in charge of {s}", "who is responsible for {s}",
             "who chairs {s}", "leader of {s}", "who manages {s} today", "who heads {s}",
             "who is the boss of {s}", "chief of {s}"),
    "staff": ("how many people work for {s}", "{s} staff numbers", "how big is {s}",
              "size of {s}", "how many experts does {s} have", "headcount of {s}",
              "how many officers serve in {s}", "personnel of {s}", "is {s} a large team",
              "how many staff in {s}", "number of employees of {s}", "team size of {s}"),
    "mandate": ("what is the mandate of {s}", "what does {s} do", "tasks of {s}",
                "{s} mandate", "what is {s} for", "purpose of {s}", "what are the goals of {s}",
                "what is {s} supposed to achieve", "main job of {s}", "why does {s} exist",
                "responsibilities of {s}", "what work does {s} carry out"),
    "place": ("where is {s} based", "headquarters of {s}", "{s} location", "where is {s}",
              "in which town is {s}", "where does {s} operate", "address of {s}",
              "where can i find {s}", "seat of {s}", "which city hosts {s}",
              "where are the offices of {s}", "main base of {s}"),
    "partners": ("who takes part in {s}", "which countries join {s}", "members of {s}",
                 "{s} participants", "who contributes to {s}", "which states support {s}",
                 "partners of {s}", "who else is in {s}", "does serbia take part in {s}",
                 "is albania part of {s}", "list the contributors to {s}", "who cooperates in {s}"),
    "results": ("what has {s} achieved", "results of {s}", "{s} achievements",
                "was {s} a success", "what did {s} deliver", "impact of {s}",
                "did {s} work", "outcomes of {s}", "main results of {s}", "evaluation of {s}",
                "what changed thanks to {s}", "successes of {s}"),
    "legal": ("what is the legal basis of {s}", "which decision created {s}", "{s} legal basis",
              "under which law does {s} work", "council decision on {s}", "treaty basis of {s}",
              "what document set up {s}", "legal act behind {s}", "is {s} legally binding",
              "which article covers {s}", "legal framework of {s}", "who authorised {s}"),
    "history": ("what came before {s}", "predecessor of {s}", "history of {s}",
                "what did {s} replace", "origins of {s}", "{s} background",
                "how did {s} come about", "earlier versions of {s}", "what led to {s}",
                "timeline of {s}", "story of {s}", "past of {s}"),
    "criticism": ("is {s} criticised", "problems with {s}", "criticism of {s}",
                  "{s} controversy", "what went wrong with {s}", "weaknesses of {s}",
                  "why do people criticise {s}", "failures of {s}", "scandals around {s}",
                  "complaints about {s}", "shortcomings of {s}", "is {s} effective"),
    "contact": ("how do i contact {s}", "{s} email", "phone number of {s}", "website of {s}",
                "how to reach {s}", "contact details for {s}", "can i write to {s}",
                "social media of {s}", "press office of {s}", "who answers questions about {s}",
                "{s} homepage", "contact person at {s}"),
    "jobs": ("can i work for {s}", "{s} vacancies", "jobs at {s}", "how to apply to {s}",
             "is {s} hiring", "internships at {s}", "careers with {s}", "open positions in {s}",
             "recruitment for {s}", "how do i join {s}", "secondment to {s}", "{s} job offers"),
    "reports": ("where are the reports of {s}", "{s} annual report", "publications of {s}",
                "latest report from {s}", "does {s} publish data", "documents about {s}",
                "statistics from {s}", "official papers on {s}", "{s} progress report",
                "can i read about {s}", "studies on {s}", "research on {s}"),
}
_MISSIONS = (
    "kestrel", "lynx", "heron", "marten", "falcon", "osprey", "ibex", "viper", "badger", "otter", "condor",
    "bison", "jackal", "raven", "stork", "egret", "puffin", "walrus", "gecko", "wombat",
)
_UNRELATED = (
    "how do i bake sourdough bread at home", "what time does the swimming pool open on sunday",
    "who won the football match last night", "recommend a good pizza place near the station",
    "what is the weather like in lisbon tomorrow", "how much is a cinema ticket in madrid",
    "can you help me fix my laptop keyboard", "what is a good recipe for pancakes",
    "when is the next train to lyon", "how tall is the eiffel tower",
    "best way to learn the guitar", "how many calories are in a banana",
    "where can i buy cheap running shoes", "what is the capital of australia",
    "how do i reset my wifi router", "who wrote the lord of the rings",
    "how long should i boil an egg", "is it going to snow in oslo this week",
    "what films are showing tonight", "how do i grow tomatoes on a balcony",
    "what is the score of the tennis final", "how to remove a coffee stain",
    "translate good morning into japanese", "how far is the moon from the earth",
    "which phone has the best camera", "how do i make cold brew coffee",
    "what is the speed of sound", "tips for a job interview tomorrow",
    "how to train a puppy to sit", "when does the bakery close on saturday",
)


@dataclass(frozen=True)
class Question:
    """A benchmark question and the intent (and entity) it should reach; intent None:
    the bot should decline it."""

    text: str
    intent: str | None
    entity: str | None = None


@dataclass(frozen=True)
class SyntheticIntent:
    id: str
    examples: tuple[str, ...]
    slot: bool


@dataclass(frozen=True)
class SyntheticBase:
    """What was written, and the questions to ask it."""

    root: Path
    phrasings: int
    intents: tuple[SyntheticIntent, ...]
    missions: tuple[str, ...]
    fact_questions: tuple[Question, ...] = ()  # one per fact record, with its expected fact


def _subjects(count: int, rng: random.Random) -> list[tuple[str, str, bool]]:
    """`count` different (subject, aspect, has-slot) triples, one in SLOT_EVERY with a slot.

    Drawn by index from the cross product, which is never built: it has 700,000 members.
    """
    aspects = list(_ASPECTS)
    slotted = count // SLOT_EVERY
    plain_shape = (len(_ADJECTIVES), len(_NOUNS), len(_PLACES), len(aspects))
    slot_shape = (len(_ADJECTIVES), len(_NOUNS), len(aspects))
    plain = rng.sample(range(math.prod(plain_shape)), count - slotted)
    with_slot = rng.sample(range(math.prod(slot_shape)), slotted)
    out: list[tuple[str, str, bool]] = []
    for index in plain:
        adjective, noun, place, aspect = _unravel(index, plain_shape)
        out.append((f"the {_ADJECTIVES[adjective]} {_NOUNS[noun]} {_PLACES[place]}", aspects[aspect], False))
    for position, index in enumerate(with_slot):
        adjective, noun, aspect = _unravel(index, slot_shape)
        subject = f"the {_ADJECTIVES[adjective]} {_NOUNS[noun]} of {{mission}}"
        out.insert(position * SLOT_EVERY + SLOT_EVERY - 1, (subject, aspects[aspect], True))
    return out


def _unravel(index: int, shape: Sequence[int]) -> list[int]:
    """The position of `index` in a row-major array of this shape."""
    out = []
    for size in reversed(shape):
        index, rest = divmod(index, size)
        out.append(rest)
    return out[::-1]


def make_intents(phrasings: int, rng: random.Random) -> list[SyntheticIntent]:
    """Intents whose examples add up to exactly `phrasings`."""
    intents: list[SyntheticIntent] = []
    remaining = phrasings
    for number, (subject, aspect, slot) in enumerate(_subjects(-(-phrasings // PER_INTENT), rng)):
        count = min(PER_INTENT, remaining)
        templates = rng.sample(_ASPECTS[aspect], count)
        examples = tuple(t.replace("{s}", subject) for t in templates)
        intents.append(SyntheticIntent(f"synthetic.{aspect}.{number}", examples, slot))
        remaining -= count
    return intents


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _knowledge_yaml(missions: Sequence[str]) -> str:
    lines = [
        "sources:",
        "  - id: synthetic_source",
        '    title: "Synthetic source for benchmarks"',
        "    url: https://example.org/synthetic",
        "    kind: official-eu",
        "glossary:",
        "  - term: european union",
        "    variants: [eu, evropska unija]",
        "missions:",
    ]
    for name in missions:
        lines += [
            f"  - id: op_{name}",
            f'    name: "Operation {name.title()}"',
            f"    aliases: [{name}, eufor {name}]",
            "    source: synthetic_source",
            "    kind: civilian",
            "    status: active",
            '    status_as_of: "2025"',
            # "outside": a mission of the region would need local names and a descriptive
            # name (validate), which would add words to every synthetic question's matching.
            "    region: outside",
            '    where: "Western Balkans"',
            '    start: "1 January 2010"',
            "    facts:",
            f"      overview: {_q(f'Operation {name.title()} is a synthetic mission: {SPECIFICS}.')}",
        ]
    return "\n".join(lines) + "\n"


# Dated this year, so that it is a figure of today too ("who manages it today?").
SPECIFICS = (f"€5 million, Ambassador Luka Babić, first, 1 January {datetime.date.today().year}, "
             "40 staff from 12 countries, most from Austria, under Council Decision (CFSP) 2024/1, "
             "because its mandate requires it")


def _intent_yaml(intent: SyntheticIntent) -> list[str]:
    lines = [f"  - id: {intent.id}", f"    title: {_q(intent.examples[0])}"]
    if intent.slot:
        lines += ["    slot: mission", '    answer: "{overview}"']
    else:
        # A sum, a person and a day, as real answers give them: so that the answer gives what
        # a synthetic question may ask for (bot/specifics.py) and the matcher is what is measured.
        answer = f"Synthetic answer for {intent.id}: {SPECIFICS}."
        lines += [f"    answer: {_q(answer)}",
                  "    sources: [synthetic_source]"]
    lines.append("    examples:")
    lines += [f"      - {_q(example)}" for example in intent.examples]
    return lines


# Fact records of a synthetic mission: (fact name, text, how a question asks for it). A
# base of N facts has N / len(_FACTS) missions, each named and numbered ("Kestrel 12").
_FACTS: tuple[tuple[str, str, str], ...] = (
    ("budget", "The budget of {m} was {n} million euro in {y}.", "what was the budget of {a}"),
    ("launched", "{m} was launched on {d} {y} {p}.", "when was {a} launched"),
    ("head", "The Head of {m} is {person}.", "who heads {a}"),
    ("size", "{m} had {n} staff in {y}.", "how many staff does {a} have"),
    ("mandate", "{m} advises the {adj} authorities {p} on {noun} reform.", "what is the mandate of {a}"),
    ("headquarters", "{m} has its headquarters {p}.", "where is {a} based"),
    ("contributors", "{n} partners contribute to {m}, among them Serbia and Albania.",
     "which countries contribute to {a}"),
    ("results", "By {y} {m} had trained {n} {adj} officers.", "how many officers did {a} train"),
    ("legal_basis", "{m} was set up by Council Decision {y}/{n}/CFSP.", "which council decision set up {a}"),
    ("ended", "{m} is due to end in {y2}.", "when does {a} end"),
)
_PEOPLE = ("Ana Kovač", "Marco Rossi", "Elena Petrova", "Jan de Vries", "Sofia Lindqvist", "Pierre Martin",
           "Katarina Novak", "Tomas Horák", "Ines Duarte", "Luka Babić")


def _fact_missions(facts: int, rng: random.Random) -> tuple[list[str], list[Question]]:
    """YAML lines of missions holding `facts` fact records, and one question per record."""
    lines: list[str] = []
    asked: list[Question] = []
    for number in range(-(-facts // len(_FACTS))):
        name = f"{_MISSIONS[number % len(_MISSIONS)]} {number}"
        ident, display = f"fm_{number}", f"Operation {name.title()}"
        lines += [f"  - id: {ident}", f"    name: {_q(display)}", f"    aliases: [{_q(name)}]",
                  "    source: synthetic_source", "    kind: civilian", "    status: active",
                  '    status_as_of: "2025"', "    region: outside", '    where: "Western Balkans"',
                  '    start: "1 January 2010"', "    facts:",
                  f"      overview: {_q(display + ' is a synthetic mission.')}"]
        for fact, text, question in _FACTS[: min(len(_FACTS), facts - number * len(_FACTS))]:
            values = {"m": display, "a": name, "n": str(rng.randrange(2, 900)), "y": str(rng.randrange(1995, 2025)),
                      "y2": str(rng.randrange(2026, 2031)), "d": str(rng.randrange(1, 29)),
                      "p": rng.choice(_PLACES), "person": rng.choice(_PEOPLE), "adj": rng.choice(_ADJECTIVES),
                      "noun": rng.choice(_NOUNS)}
            lines.append(f"      {fact}: {{text: {_q(text.format(**values))}, as_of: \"2025\"}}")
            asked.append(Question(question.format(**values), FactRef(ident, fact, ()).intent, ident))
    return lines, asked


_FALLBACKS = """fallbacks:
  out_of_scope: "Out of scope."
  unclear: "Unclear."
  ambiguous: "Which one?"
  need_entity: "Which {slot} do you mean?"
  missing_fact: "No sourced answer for {name}."
  too_long: "Too long."
  suggest: []
"""


def write_base(root: Path, phrasings: int, *, facts: int = 0, seed: int = SEED) -> SyntheticBase:
    """Write a synthetic knowledge base of exactly `phrasings` phrasings under `root`,
    and with `facts` fact records in missions of their own (asked in `fact_questions`)."""
    rng = random.Random(seed)
    intents = make_intents(phrasings, rng)
    (root / "knowledge").mkdir(parents=True, exist_ok=True)
    (root / "intents").mkdir(parents=True, exist_ok=True)
    fact_lines, asked = _fact_missions(facts, random.Random(seed + 2))
    knowledge = _knowledge_yaml(_MISSIONS) + "".join(f"{line}\n" for line in fact_lines)
    (root / "knowledge" / "base.yaml").write_text(knowledge, encoding="utf-8")
    (root / "intents" / "fallbacks.yaml").write_text(_FALLBACKS, encoding="utf-8")
    # The project's own word lists: a synthetic base reads questions as the real one does.
    shutil.copyfile(PROJECT_ROOT / "knowledge" / "language.yaml", root / "knowledge" / "language.yaml")
    for start in range(0, len(intents), INTENTS_PER_FILE):
        lines = ["intents:"]
        for intent in intents[start : start + INTENTS_PER_FILE]:
            lines += _intent_yaml(intent)
        name = f"synthetic_{start // INTENTS_PER_FILE:03d}.yaml"
        (root / "intents" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return SyntheticBase(root, phrasings, tuple(intents), tuple(_MISSIONS), tuple(asked))


# -- questions ------------------------------------------------------------------------
_KEYBOARD_NEIGHBOURS = {
    "a": "qsz", "b": "vgn", "c": "xdv", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht", "h": "gjy",
    "i": "uok", "j": "hku", "k": "jli", "l": "ko", "m": "n", "n": "bm", "o": "ipl", "p": "o",
    "q": "wa", "r": "etf", "s": "adw", "t": "ryg", "u": "yij", "v": "cb", "w": "qes", "x": "zc",
    "y": "tu", "z": "xa",
}


def typo(word: str, rng: random.Random) -> str:
    """One slip of the fingers: a dropped, doubled, swapped or neighbouring letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    neighbours = _KEYBOARD_NEIGHBOURS.get(word[i], word[i])
    return word[:i] + rng.choice(neighbours) + word[i + 1 :]


def perturb(text: str, rng: random.Random) -> str:
    """The phrasing as a user might type it: one or two typos, a dropped or swapped word."""
    words = text.split()
    for _ in range(rng.choice((1, 1, 2))):
        long_words = [i for i, w in enumerate(words) if len(w) >= 4]
        if long_words:
            i = rng.choice(long_words)
            words[i] = typo(words[i], rng)
    change = rng.randrange(3)
    if change == 0 and len(words) > 4:
        del words[rng.randrange(len(words))]
    elif change == 1 and len(words) > 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def unrelated_question(rng: random.Random) -> str:
    """An everyday question that the bot should not answer."""
    question = rng.choice(_UNRELATED)
    return perturb(question, rng) if rng.random() < 0.5 else question


def questions(base: SyntheticBase, count: int, *, unrelated_share: float = 0.2,
              seed: int = SEED) -> list[Question]:
    """`count` questions: perturbed phrasings (with their intent), questions on the base's
    facts when it has any, and unrelated ones, mixed."""
    rng = random.Random(seed + 1)
    out: list[Question] = []
    for _ in range(count):
        if rng.random() < unrelated_share:
            out.append(Question(unrelated_question(rng), None))
            continue
        if base.fact_questions and rng.random() < 0.5:
            asked = rng.choice(base.fact_questions)
            out.append(Question(perturb(asked.text, rng), asked.intent, asked.entity))
            continue
        intent = rng.choice(base.intents)
        text = rng.choice(intent.examples)
        if intent.slot:
            mission = rng.choice(base.missions)
            text = text.replace("{mission}", rng.choice((mission, f"eufor {mission}")))
        out.append(Question(perturb(text, rng), intent.id))
    return out
