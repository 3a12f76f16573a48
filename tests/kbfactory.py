"""A tiny, valid knowledge base written to a folder, for tests that need a real one.

The real `knowledge/` and `intents/` change while editors work; tests build their own
base in a temporary folder, in the project's format, and load it through the real
loader. `write_kb(root)` writes the default base and returns `root`; pass `knowledge=`
or `intents=` (the YAML sections as Python data) to write a different one.

What the default base offers, for tests to rely on:

- missions `eulex` (active, facts overview/launched/mandate/size), `althea` (active,
  no `mandate`: asking for it gives MISSING_FACT; a `motto` fact no intent renders),
  `proxima` (ended, overview only); partners `serbia` (a contribution to Althea) and
  `albania`; topic `cfsp`; glossary `eu` -> `european union`; the project's own
  word lists (knowledge/language.yaml).
- intents `mission.overview`, `mission.launched`, `mission.mandate`, `partner.overview`,
  `partner.contributions` (a list), `topic.overview`, `missions.active` (a list),
  `smalltalk.greet`; and every fallback text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT
from bot.engine import Engine
from bot.validate import load_engine

SOURCES = [
    {"id": "src_main", "title": "Test source: EU missions", "url": "https://example.org/missions",
     "kind": "official-eu"},
    {"id": "src_althea", "title": "Test source: EUFOR Althea", "url": "https://example.org/althea",
     "kind": "media"},
]

MISSIONS = [
    {
        "id": "eulex", "name": "EULEX Kosovo", "full_name": "EU Rule of Law Mission in Kosovo",
        "aliases": ["eulex", "rule of law mission in kosovo"], "local_names": ["еулекс"], "source": "src_main",
        "kind": "civilian", "status": "active", "status_as_of": "2025-01", "region": "western-balkans",
        "where": "Kosovo",
        "start": "9 December 2008",
        "facts": {
            "overview": "EULEX Kosovo is the EU's rule of law mission in Kosovo.",
            "launched": "EULEX Kosovo was launched in 2008.",
            "mandate": {"text": "EULEX monitors and supports Kosovo's rule of law institutions.", "as_of": "2025-06"},
            "size": [{"text": "EULEX has a few hundred staff.", "as_of": "2024"}],
        },
    },
    {
        "id": "althea", "name": "EUFOR Althea", "aliases": ["althea", "eufor althea", "eufor", "eu force in bosnia"],
        "local_names": ["еуфор алтеа"],
        "source": "src_althea", "kind": "military", "status": "active", "status_as_of": "2025",
        "region": "western-balkans",
        "where": "Bosnia and Herzegovina", "start": "2 December 2004",
        "facts": {
            "overview": "EUFOR Althea is the EU's military operation in Bosnia and Herzegovina.",
            "launched": "EUFOR Althea was launched on 2 December 2004.",
            "motto": "No intent renders this fact.",
        },
    },
    {
        "id": "proxima", "name": "EUPOL Proxima", "aliases": ["proxima", "eupol proxima", "eu police in skopje"],
        "local_names": ["проксима"],
        "source": "src_main", "kind": "civilian", "status": "ended", "status_as_of": "2005-12",
        "region": "western-balkans",
        "where": "North Macedonia", "start": "15 December 2003", "end": "14 December 2005",
        "facts": {"overview": "EUPOL Proxima was an EU police mission in North Macedonia."},
    },
]

PARTNERS = [
    {
        "id": "serbia", "name": "Serbia", "aliases": ["serbia", "srbija"], "source": "src_main",
        "must_align": True, "full_alignment": False, "eu_status": "candidate-negotiating",
        "facts": {
            "overview": "Serbia is an EU candidate country negotiating accession.",
            "contributions": [{"text": "Serbia has contributed staff to EUFOR Althea.", "mission": "althea",
                               "as_of": "2024-10"}],
        },
    },
    {
        "id": "albania", "name": "Albania", "aliases": ["albania", "shqiperia"], "source": "src_main",
        "must_align": True, "full_alignment": True, "eu_status": "candidate-negotiating",
        "facts": {"overview": "Albania is an EU candidate country negotiating accession."},
    },
]

TOPICS = [
    {
        "id": "cfsp", "name": "Common Foreign and Security Policy",
        "aliases": ["cfsp", "common foreign and security policy"], "source": "src_main",
        "facts": {"overview": "The CFSP is the EU's common foreign and security policy."},
    },
]

GLOSSARY = [{"term": "european union", "variants": ["eu"]}]

INTENTS = [
    {
        "id": "mission.overview", "title": "Tell me about {mission}", "slot": "mission",
        "examples": ["tell me about {mission}", "what is {mission}", "{mission}", "describe {mission}"],
        "answer": "{overview}", "related": ["mission.launched", "mission.mandate"],
    },
    {
        "id": "mission.launched", "title": "When was {mission} launched?", "slot": "mission",
        "examples": ["when was {mission} launched", "when did {mission} start", "{mission} launch date"],
        "answer": "{launched}", "related": ["mission.overview", "mission.mandate"],
    },
    {
        "id": "mission.mandate", "title": "What is the mandate of {mission}?", "slot": "mission",
        "examples": ["what is the mandate of {mission}", "what does {mission} do", "{mission} tasks"],
        "answer": "{mandate}", "related": ["mission.overview", "mission.launched"],
    },
    {
        "id": "partner.overview", "title": "Tell me about {partner}", "slot": "partner",
        "examples": ["tell me about {partner}", "what about {partner} and the eu", "{partner}"],
        "answer": "{overview}", "related": ["partner.contributions"],
    },
    {
        "id": "partner.contributions", "title": "What has {partner} contributed to EU missions?",
        "slot": "partner",
        "examples": ["what has {partner} contributed to eu missions", "{partner} contributions",
                     "does {partner} take part in eu missions"],
        "answer": "{partner.name} has contributed to:\n{items}",
        "list": {"from": "partner.contributions", "where": {"owner": "{partner.id}"},
                 "item": "{mission.name}: {text}", "empty": "I have no record of contributions by {name}."},
        "related": ["partner.overview"],
    },
    {
        "id": "topic.overview", "title": "What is the {topic}?", "slot": "topic",
        "examples": ["explain {topic}", "what does {topic} mean", "{topic}"],
        "answer": "{overview}", "related": ["missions.active"],
    },
    {
        "id": "missions.active", "title": "Which EU missions are active?",
        "examples": ["which missions are active", "list the active missions", "current eu missions"],
        "answer": "Active missions:\n{items}", "sources": ["src_main"],
        "list": {"from": "mission", "where": {"status": "active"}, "item": "{name} ({where})"},
        "related": ["mission.overview"],
    },
    {
        "id": "smalltalk.greet", "title": "Hello", "smalltalk": True,
        "examples": ["hi", "hello", "good morning"],
        "answer": "Hello! Ask me about EU missions in the Western Balkans.",
        "related": ["missions.active"],
    },
]

FALLBACKS = {
    "out_of_scope": "I only answer questions on EU–Western Balkans cooperation in CFSP/CSDP.",
    "unclear": "Sorry, I didn't understand that.",
    "ambiguous": "Which of these do you mean?",
    "need_entity": "Which {slot} do you mean?",
    "missing_fact": "I have no sourced answer on that for {name} yet.",
    "too_long": "That question is too long for me.",
    "suggest": ["missions.active", "smalltalk.greet"],
}

# How every problem of a knowledge base is reported: path:line:column: message.
LOCATED = re.compile(r"^[^:]+:\d+:\d+: .+")


LANGUAGE = yaml.safe_load((PROJECT_ROOT / "knowledge" / "language.yaml").read_text(encoding="utf-8"))["language"]


def knowledge_data() -> dict[str, Any]:
    """The default `knowledge/` sections, a fresh copy that a test may change."""
    return copy.deepcopy({"sources": SOURCES, "missions": MISSIONS, "partners": PARTNERS,
                          "topics": TOPICS, "glossary": GLOSSARY, "language": LANGUAGE})


def intents_data() -> dict[str, Any]:
    """The default `intents/` sections, a fresh copy that a test may change."""
    return copy.deepcopy({"intents": INTENTS, "fallbacks": FALLBACKS})


def _dump(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_kb(root: Path, *, knowledge: Mapping[str, Any] | None = None,
             intents: Mapping[str, Any] | None = None) -> Path:
    """Write a knowledge base under `root` (the default one unless told) and return `root`."""
    _dump(root / "knowledge" / "base.yaml", knowledge_data() if knowledge is None else knowledge)
    _dump(root / "intents" / "base.yaml", intents_data() if intents is None else intents)
    return root


def tiny_engine(root: Path) -> Engine:
    """Write the default base under `root` and load it through the real validator."""
    return load_engine(write_kb(root))
