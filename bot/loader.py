"""Read `knowledge/` and `intents/` into a KnowledgeBase, collecting every problem.

Structure is checked here (keys, types, ids, references); checks that need the
matching engine (duplicate phrasings, rendering every answer) are in `validate`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import process

from bot import dates
from bot.errors import Problem
from bot.knowledge import (
    ENTITY_TYPES,
    LANGUAGE_LISTS,
    Entity,
    Fallbacks,
    GlossaryEntry,
    Intent,
    KnowledgeBase,
    Language,
    ListSpec,
    Record,
    Source,
    is_time_varying,
)
from bot.normalize import normalize
from bot.policy import OFFICIAL_KINDS, SOURCE_KINDS, WEAK_LABELS, Policy, listed_domain
from bot.yamlfile import Map, Place, Seq, read_yaml

SECTIONS = ("sources", "missions", "partners", "topics", "glossary", "language", "fact_words", "intents",
            "fallbacks")
SECTION_TYPE = {"missions": "mission", "partners": "partner", "topics": "topic"}

ENTITY_REQUIRED = ("id", "name", "aliases", "source", "facts")
ENTITY_OPTIONAL = ("full_name", "footnote", "descriptions", "local_names")
# A mission or office of the region is asked about by what it is and in the region's
# languages (issue 8): it needs local names and a name that describes it in three words or more.
DESCRIPTIVE_WORDS = 3
TYPE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # (required, optional)
    "mission": (("kind", "status", "status_as_of", "region", "where", "start"), ("end", "superlatives", "kind_words")),
    "partner": ((), ("must_align", "full_alignment", "eu_status", "fpa_signed", "capital")),
    "topic": ((), ("answered_by",)),
}
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": ("civilian", "military", "monitoring", "special-representative"),
    "status": ("active", "ended"),
    "region": ("western-balkans", "outside"),
    "eu_status": ("candidate-negotiating", "candidate", "potential-candidate"),
    "superlatives": (
        "first_csdp_mission", "first_military_operation", "largest_civilian_mission",
        "only_civilian_executive_powers", "longest_military_operation", "first_berlin_plus",
    ),
}
BOOLEAN_KEYS = ("must_align", "full_alignment")
RECORD_KEYS = ("text", "source", "as_of", "until", "past", "also", "none_found", "mission", "date")
DATE_KEYS = ("as_of", "until", "status_as_of")  # YYYY | YYYY-MM | YYYY-MM-DD; as_of never in the future
INTENT_REQUIRED = ("id", "title", "examples", "answer")
INTENT_OPTIONAL = ("slot", "slots", "entity", "sources", "related", "smalltalk", "list", "switch", "decline",
                   "otherwise")
LIST_REQUIRED = ("from", "item")
LIST_OPTIONAL = ("where", "empty")
FALLBACK_TEXTS = ("out_of_scope", "unclear", "ambiguous", "need_entity", "missing_fact", "too_long")


@dataclass
class Places:
    """Where each loaded thing was written, for problems found after loading."""

    by_key: dict[tuple[Any, ...], Place] = field(default_factory=dict)

    def get(self, *key: Any) -> Place:
        return self.by_key.get(key) or self.by_key.get(key[:2]) or Place("?", 1, 1)


@dataclass
class LoadResult:
    kb: KnowledgeBase | None
    problems: list[Problem]
    places: Places


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint for a typo: ' (did you mean 'x'?)' or ''."""
    best = process.extractOne(word, list(choices), score_cutoff=80)
    return f" (did you mean '{best[0]}'?)" if best else ""


class _Reader:
    """Walks the YAML of all files, building model objects and noting problems."""

    def __init__(self, policy: Policy | None = None) -> None:
        self.policy = policy or Policy(frozenset(), frozenset())
        self.problems: list[Problem] = []
        self.places = Places()
        self.dated: set[Place] = set()  # records written with an as_of (even a wrong one)
        self.sources: dict[str, Source] = {}
        self.entities: dict[str, Entity] = {}
        self.intents: dict[str, Intent] = {}
        self.glossary: list[GlossaryEntry] = []
        self.fact_words: dict[str, tuple[str, ...]] = {}
        self.fallbacks: Fallbacks | None = None
        self.fallback_place: Place | None = None
        self.language: dict[str, frozenset[str] | tuple[str, ...]] = {}
        self.language_place: Place | None = None

    # -- small checks -------------------------------------------------------
    def problem(self, place: Place, message: str) -> None:
        self.problems.append(place.problem(message))

    def check_keys(self, block: Map, required: Iterable[str], optional: Iterable[str],
                   what: str) -> bool:
        required, allowed = tuple(required), (*required, *optional)
        ok = True
        for key in block:
            if key not in allowed:
                self.problem(block.key_places[key],
                             f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")
                ok = False
        for key in required:
            if key not in block:
                self.problem(block.place, f"{what} is missing the required key '{key}'")
                ok = False
        return ok

    def text(self, block: Map, key: str, what: str, *, required: bool = True) -> str | None:
        value = block.get(key)
        if value is None:
            return None
        if isinstance(value, bool | int | float):
            value = str(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(block.value_places[key], f"'{key}' of {what} must be a non-empty text")
            return None
        return value.strip()

    def date(self, block: Map, key: str, what: str) -> str | None:
        """A date key: well-formed, and for `as_of` / `status_as_of` not in the future."""
        value = self.text(block, key, what)
        if value is None:
            return None
        place = block.value_places[key]
        if dates.parse(value) is None:
            self.problem(place, f"'{key}' of {what} must be {dates.FORMAT_HINT}, not '{value}'")
            return None
        if key != "until" and dates.is_future(value):
            self.problem(place, f"'{key}' of {what} is in the future ({value}); "
                         "give the date of the source")
            return None
        return value

    def text_list(self, block: Map, key: str, what: str) -> tuple[str, ...]:
        value = block.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(block.value_places[key], f"'{key}' of {what} must be a list of texts")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool | int | float):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                place = value.item_places[index] if isinstance(value, Seq) else block.place
                self.problem(place, f"item {index + 1} of '{key}' in {what} must be a non-empty text")
                continue
            items.append(item.strip())
        return tuple(items)

    def block_list(self, value: Any, place: Place, what: str) -> list[tuple[Map, Place]]:
        if not isinstance(value, Seq):
            self.problem(place, f"'{what}' must be a list of entries, each starting with '- '")
            return []
        blocks = []
        for item, item_place in zip(value, value.item_places, strict=True):
            if isinstance(item, Map):
                blocks.append((item, item_place))
            else:
                self.problem(item_place, f"each entry of '{what}' must be a block of 'key: value' lines")
        return blocks

    # -- sections -------------------------------------------------------------
    def read_file(self, content: Any, path: str) -> None:
        if content is None:
            return
        if not isinstance(content, Map):
            self.problem(Place(path, 1, 1), "the file must be a mapping of sections "
                         f"({', '.join(SECTIONS)})")
            return
        for section, value in content.items():
            place = content.value_places[section]
            if section not in SECTIONS:
                self.problem(content.key_places[section],
                             f"unknown section '{section}'{did_you_mean(section, SECTIONS)}")
            elif section == "sources":
                for block, _ in self.block_list(value, place, section):
                    self.read_source(block)
            elif section in SECTION_TYPE:
                for block, _ in self.block_list(value, place, section):
                    self.read_entity(block, SECTION_TYPE[section])
            elif section == "glossary":
                for block, _ in self.block_list(value, place, section):
                    self.read_glossary(block)
            elif section == "fact_words":
                self.read_fact_words(value, place)
            elif section == "intents":
                for block, _ in self.block_list(value, place, section):
                    self.read_intent(block)
            elif section == "fallbacks":
                self.read_fallbacks(value, place)
            elif section == "language":
                self.read_language(value, place)

    def new_id(self, block: Map, taken: dict[str, Any], what: str) -> str | None:
        ident = self.text(block, "id", what)
        if ident is None:
            return None
        if not ident.replace("_", "").replace(".", "").isalnum() or ident != ident.lower():
            self.problem(block.value_places["id"],
                         f"id '{ident}' must be lower case letters, digits, '_' or '.'")
            return None
        if ident in taken:
            first = self.places.get(what, ident)
            self.problem(block.value_places["id"],
                         f"duplicate {what} id '{ident}' (first defined at {first.path}:{first.line})")
            return None
        self.places.by_key[(what, ident)] = block.place
        return ident

    def read_source(self, block: Map) -> None:
        if not self.check_keys(block, ("id", "title", "url", "kind"), (), "a source"):
            return
        ident = self.new_id(block, self.sources, "source")
        title, url = self.text(block, "title", "a source"), self.text(block, "url", "a source")
        kind = self.text(block, "kind", "a source")
        if kind is not None and kind not in SOURCE_KINDS:
            self.problem(block.value_places["kind"], f"'kind' of source '{ident}' must be one of "
                         f"{', '.join(SOURCE_KINDS)}{did_you_mean(kind, SOURCE_KINDS)}")
            kind = None
        if ident and title and url and kind:
            if not url.startswith(("http://", "https://")):
                self.problem(block.value_places["url"], f"source '{ident}': url must start with http:// or https://")
            self.check_policy(block, ident, title, url, kind)
            self.sources[ident] = Source(ident, title, url, kind)
            self.places.by_key[("source_ref", ident)] = block.value_places["url"]

    def check_policy(self, block: Map, ident: str, title: str, url: str, kind: str) -> None:
        """The fact sheet's source policy: never-cite hosts are refused, weak copies labelled."""
        banned = listed_domain(url, self.policy.never_cite)
        if banned is not None:
            self.problem(block.value_places["url"], f"source '{ident}': {banned} is on the never-cite "
                         "list (proxies, look-alikes, shops, spam); cite the page on its official host, "
                         "or leave the fact out")
            return
        weak = listed_domain(url, self.policy.weak)
        if weak is None:
            return
        if not any(label in title.lower() for label in WEAK_LABELS):
            self.problem(block.value_places["title"], f"source '{ident}': {weak} is a weak source "
                         "(a copy, wiki or aggregator); its title must say \"(copy)\" or \"(secondary)\"")
        if kind in OFFICIAL_KINDS or kind == "media":
            self.problem(block.value_places["kind"], f"source '{ident}': {weak} is a weak source; "
                         "its kind must be secondary")

    def read_record(self, value: Any, place: Place, what: str) -> Record | None:
        if isinstance(value, str):
            return Record(text=value.strip(), source="", place=f"{place.path}:{place.line}")
        if not isinstance(value, Map):
            self.problem(place, f"{what} must be a text or a block with 'text' and 'source'")
            return None
        if not self.check_keys(value, ("text",), RECORD_KEYS[1:], what):
            return None
        text = self.text(value, "text", what)
        source = self.text(value, "source", what, required=False) or ""
        as_of, until = self.date(value, "as_of", what), self.date(value, "until", what)
        if "as_of" in value:
            self.dated.add(place)
        past = self.text(value, "past", what, required=False)
        if "until" in value and past is None:
            self.problem(value.key_places["until"], f"{what} has 'until' but no 'past': give the same fact "
                         "told in the past, shown once the date has passed")
        if "past" in value and "until" not in value:
            self.problem(value.key_places["past"], f"{what} has 'past' but no 'until' saying when it applies")
        also = self.text_list(value, "also", what)
        none_found = self.flag(value, "none_found", what)
        extra = {k: value[k] for k in ("mission", "date") if k in value}
        if source:
            self.places.by_key[("record_source", id(value))] = value.value_places["source"]
        if not text:
            return None
        return Record(text=text, source=source, as_of=as_of, extra=extra, until=until, past=past,
                      also=also, none_found=none_found, place=f"{place.path}:{place.line}")

    def read_facts(self, block: Map, what: str) -> dict[str, tuple[Record, ...]]:
        facts_value = block.get("facts")
        if not isinstance(facts_value, Map):
            self.problem(block.value_places.get("facts", block.place),
                         f"'facts' of {what} must be a block of 'name: record' entries")
            return {}
        facts: dict[str, tuple[Record, ...]] = {}
        for name, value in facts_value.items():
            place = facts_value.value_places[name]
            if not name.replace("_", "").isalnum() or name != name.lower():
                self.problem(facts_value.key_places[name],
                             f"fact name '{name}' must be lower case letters, digits and '_'")
                continue
            items = list(zip(value, value.item_places, strict=True)) if isinstance(value, Seq) else [(value, place)]
            records = [self.read_record(v, p, f"fact '{name}' of {what}") for v, p in items]
            facts[name] = tuple(r for r in records if r is not None)
            for index, (v, p) in enumerate(items):
                self.places.by_key[("fact", block.get("id"), name, index)] = p
                if isinstance(v, Map) and "source" in v:
                    self.places.by_key[("fact_source", block.get("id"), name, index)] = v.value_places["source"]
                if isinstance(v, Map) and "also" in v:
                    self.places.by_key[("fact_also", block.get("id"), name, index)] = v.value_places["also"]
        if "overview" not in facts:
            self.problem(facts_value.place, f"{what} needs an 'overview' fact")
        return facts

    def read_entity(self, block: Map, type_: str) -> None:
        what = f"a {type_}"
        required, optional = TYPE_KEYS[type_]
        self.check_keys(block, (*ENTITY_REQUIRED, *required), (*ENTITY_OPTIONAL, *optional), what)
        ident = self.new_id(block, self.entities, "entity")
        if ident is None:
            return
        what = f"{type_} '{ident}'"
        name = self.text(block, "name", what) or ident
        aliases = self.text_list(block, "aliases", what)
        source = self.text(block, "source", what) or ""
        attributes: dict[str, Any] = {"name": name, "id": ident}
        if "full_name" in block:
            attributes["full_name"] = self.text(block, "full_name", what) or name
        for key in (*required, *optional):
            if key not in block:
                continue
            value = block[key]
            place = block.value_places[key]
            if key in BOOLEAN_KEYS:
                if not isinstance(value, bool):
                    self.problem(place, f"'{key}' of {what} must be true or false")
                    continue
            elif key in DATE_KEYS:
                value = self.date(block, key, what)
                if value is None:
                    continue
                attributes[f"{key.removesuffix('_as_of')}_place"] = f"{place.path}:{place.line}"
            elif key in ("capital", "kind_words"):  # lists as typed: "Beograd", "Београд"; "police"
                value = tuple(self.text_list(block, key, what))
            elif key == "superlatives":
                value = self.text_list(block, key, what)
                for tag in value:
                    if tag not in CHOICES[key]:
                        self.problem(place, f"unknown superlative '{tag}' in {what}"
                                     f"{did_you_mean(tag, CHOICES[key])}")
            else:
                value = self.text(block, key, what)
                if value is None:
                    continue
                if key in CHOICES and value not in CHOICES[key]:
                    self.problem(place, f"'{key}' of {what} must be one of "
                                 f"{', '.join(CHOICES[key])}{did_you_mean(value, CHOICES[key])}")
                    continue
            attributes[key] = value
        facts = self.read_facts(block, what)
        for fact_name in facts:
            if fact_name in attributes:
                self.problem(block.place, f"{what} has both an attribute and a fact named '{fact_name}'")
        footnote = self.text(block, "footnote", what, required=False)
        entity = Entity(ident, type_, name, aliases, source, attributes, facts, footnote)
        for fact_name, records in facts.items():
            if not is_time_varying(entity, fact_name):
                continue
            for index, record in enumerate(records):
                record_place = self.places.get("fact", ident, fact_name, index)
                if record.as_of is None and record_place not in self.dated:
                    self.problem(record_place,
                                 f"fact '{fact_name}' of {what} can change over time: give the date of "
                                 "its source with as_of (YYYY, YYYY-MM or YYYY-MM-DD)")
        if "answered_by" in block:
            self.places.by_key[("answered_by", ident)] = block.value_places["answered_by"]
        self.places.by_key[("source_ref_entity", ident)] = block.value_places.get("source", block.place)
        descriptions = self.text_list(block, "descriptions", what) if "descriptions" in block else ()
        local_names = self.text_list(block, "local_names", what) if "local_names" in block else ()
        for local in local_names:
            if local in aliases:
                self.problem(block.value_places["local_names"], f"'{local}' of {what} is both an alias and a "
                             "local name; keep it under local_names")
        if type_ == "mission" and attributes.get("region") == "western-balkans":
            self.check_named_for_the_region(block, what, (name, *aliases, *descriptions), local_names)
        self.entities[ident] = Entity(ident, type_, name, (*aliases, *local_names), source, attributes, facts,
                                      footnote, descriptions, local_names)

    def check_named_for_the_region(self, block: Map, what: str, names: Sequence[str],
                                   local_names: Sequence[str]) -> None:
        """A mission or office of the Western Balkans has local names and a descriptive name."""
        if not local_names:
            self.problem(block.place, f"{what} has no local_names: list the names people type for it in "
                         "the region's languages (Serbian, Croatian, Bosnian, Montenegrin, Macedonian, "
                         "Albanian; Latin and Cyrillic)")
        if not any(len(normalize(n).split()) >= DESCRIPTIVE_WORDS for n in names):
            self.problem(block.place, f"{what} has no name that says what it is (three words or more, "
                         "e.g. \"the EU rule of law mission in Kosovo\") among its aliases")

    def read_glossary(self, block: Map) -> None:
        if self.check_keys(block, ("term", "variants"), (), "a glossary entry"):
            term = self.text(block, "term", "a glossary entry")
            variants = self.text_list(block, "variants", "a glossary entry")
            if term and variants:
                self.glossary.append(GlossaryEntry(term, variants))
                self.places.by_key[("glossary", term)] = block.place

    def defined_before(self, section: str, name: str, seen: Mapping[str, Any], place: Place, problem: str,
                       advice: str = "") -> bool:
        """Whether a named list was defined already (in this file or another), said once here."""
        if name not in seen:
            return False
        first = self.places.get(section, name)
        self.problem(place, f"{problem} (first at {first.path}:{first.line}){advice}")
        return True

    def read_fact_words(self, value: Any, place: Place) -> None:
        """`fact_words:` maps a fact name to the words people use when they ask for it."""
        if not isinstance(value, Map):
            self.problem(place, "'fact_words' must be a block of 'fact name: [words]' entries")
            return
        for name in value:
            what = f"fact_words '{name}'"
            if self.defined_before("fact_words", name, self.fact_words, value.key_places[name],
                                   f"fact_words for '{name}' are defined twice", "; keep one"):
                continue
            words = self.text_list(value, name, what)
            if not words:
                if not value[name]:  # a wrong type or item was reported by text_list
                    self.problem(value.value_places[name], f"{what} must be a non-empty list of words")
                continue
            self.fact_words[name] = words
            self.places.by_key[("fact_words", name)] = value.key_places[name]

    def read_language(self, value: Any, place: Place) -> None:
        """Named lists of single words; a section may be split across files, a list may not."""
        self.language_place = self.language_place or place
        if not isinstance(value, Map):
            self.problem(place, "'language' must be a block of 'name: [words]' lists")
            return
        for name, words in value.items():
            list_place = value.value_places[name]
            if name not in LANGUAGE_LISTS:
                self.problem(value.key_places[name], f"unknown word list '{name}' in 'language'"
                             f"{did_you_mean(name, LANGUAGE_LISTS)}")
                continue
            if self.defined_before("language", name, self.language, value.key_places[name],
                                   f"word list '{name}' is defined twice"):
                continue
            self.places.by_key[("language", name)] = value.key_places[name]
            if not isinstance(words, Seq):
                self.problem(list_place, f"word list '{name}' must be a list of words, e.g. [it, its]")
                continue
            found: dict[str, None] = {}  # in order: a list "_in_order" keeps it
            for index, (word, word_place) in enumerate(zip(words, words.item_places, strict=True)):
                if not isinstance(word, str):
                    self.problem(word_place, f"item {index + 1} of word list '{name}' must be a word, "
                                 f"not {word!r} (put it in quotes)")
                    continue
                folded = normalize(word).split()
                if len(folded) != 1 and not (folded and name.endswith("_phrases")):  # a phrase list: words in order
                    self.problem(word_place, f"item {index + 1} of word list '{name}' must be one word")
                    continue
                found[" ".join(folded)] = None
            self.language[name] = tuple(found) if name.endswith("_in_order") else frozenset(found)

    def read_list_spec(self, value: Any, place: Place, what: str) -> ListSpec | None:
        if not isinstance(value, Map):
            self.problem(place, f"'list' of {what} must be a block with 'from' and 'item'")
            return None
        if not self.check_keys(value, LIST_REQUIRED, LIST_OPTIONAL, f"the list of {what}"):
            return None
        source = self.text(value, "from", what) or ""
        from_type, _, from_fact = source.partition(".")
        if from_type not in ENTITY_TYPES:
            self.problem(value.value_places["from"], f"'from' of {what} must name an entity type "
                         f"({', '.join(ENTITY_TYPES)}), optionally with '.fact'")
            return None
        where = value.get("where") or {}
        if not isinstance(where, dict):
            self.problem(value.value_places["where"], f"'where' of {what} must be a block of 'key: value'")
            where = {}
        return ListSpec(from_type, from_fact or None, dict(where),
                        self.text(value, "item", what) or "", self.text(value, "empty", what, required=False))

    def flag(self, block: Map, key: str, what: str) -> bool:
        value = block.get(key, False)
        if not isinstance(value, bool):
            self.problem(block.value_places[key], f"'{key}' of {what} must be true or false")
            return False
        return value

    def read_intent(self, block: Map) -> None:
        self.check_keys(block, INTENT_REQUIRED, INTENT_OPTIONAL, "an intent")
        ident = self.new_id(block, self.intents, "intent")
        if ident is None:
            return
        what = f"intent '{ident}'"
        examples = self.text_list(block, "examples", what)
        if not examples:
            self.problem(block.place, f"{what} needs at least one example phrasing")
        for index, place in enumerate(getattr(block.get("examples"), "item_places", [])):
            self.places.by_key[("example", ident, index)] = place
        slots = self.text_list(block, "slots", what) or self.text_list(block, "slot", what)
        for slot in slots:
            if slot not in ENTITY_TYPES:
                self.problem(block.value_places.get("slots") or block.value_places["slot"],
                             f"slot '{slot}' of {what} must be one of {', '.join(ENTITY_TYPES)}")
        switch = block.get("switch") or {}
        if not isinstance(switch, dict):
            self.problem(block.value_places["switch"], f"'switch' of {what} must map entity types to intent ids")
            switch = {}
        smalltalk, decline = (self.flag(block, key, what) for key in ("smalltalk", "decline"))
        list_spec = None
        if "list" in block:
            list_spec = self.read_list_spec(block["list"], block.value_places["list"], what)
        for key in ("answer", "title", "related", "entity", "sources", "list", "otherwise"):
            if key in block:
                self.places.by_key[("intent_" + key, ident)] = block.value_places[key]
        self.intents[ident] = Intent(
            id=ident,
            title=self.text(block, "title", what) or ident,
            examples=examples,
            answer=self.text(block, "answer", what) or "",
            slots=tuple(s for s in slots if s in ENTITY_TYPES),
            entity=self.text(block, "entity", what, required=False),
            sources=self.text_list(block, "sources", what),
            related=self.text_list(block, "related", what),
            switch={str(k): str(v) for k, v in switch.items()},
            smalltalk=smalltalk,
            list=list_spec,
            decline=decline,
            otherwise=self.text(block, "otherwise", what) or None,
        )

    def read_fallbacks(self, value: Any, place: Place) -> None:
        if self.fallbacks is not None:
            self.problem(place, "'fallbacks' is defined twice; keep one")
            return
        if not isinstance(value, Map):
            self.problem(place, "'fallbacks' must be a block of 'name: text' entries")
            return
        self.fallback_place = value.place
        optional = ("unknown_name", "not_given", "other_state", "otherwise", "unanswered_part")
        if not self.check_keys(value, (*FALLBACK_TEXTS, "suggest"), optional, "fallbacks"):
            return
        texts = {key: self.text(value, key, "fallbacks") or "" for key in FALLBACK_TEXTS}
        unknown_name = self.text(value, "unknown_name", "fallbacks", required=False) or texts["out_of_scope"]
        not_given = self.text(value, "not_given", "fallbacks", required=False) or texts["missing_fact"]
        other_state = self.text(value, "other_state", "fallbacks", required=False) or texts["out_of_scope"]
        otherwise = self.text(value, "otherwise", "fallbacks", required=False) or texts["missing_fact"]
        unanswered_part = self.text(value, "unanswered_part", "fallbacks", required=False) or \
            "I have no sourced answer to this part of your question: \"{part}\""
        self.fallbacks = Fallbacks(**texts, suggest=self.text_list(value, "suggest", "fallbacks"),
                                   unknown_name=unknown_name, not_given=not_given, other_state=other_state,
                                   otherwise=otherwise, unanswered_part=unanswered_part)
        self.places.by_key[("fallbacks_suggest",)] = value.value_places["suggest"]

    # -- references between files ----------------------------------------------
    def check_references(self) -> None:
        for entity in self.entities.values():
            if entity.source not in self.sources:
                self.problem(self.places.get("source_ref_entity", entity.id),
                             f"{entity.type} '{entity.id}': unknown source '{entity.source}'"
                             f"{did_you_mean(entity.source, self.sources)}")
            for fact_name, records in entity.facts.items():
                for index, record in enumerate(records):
                    if record.source and record.source not in self.sources:
                        self.problem(self.places.get("fact_source", entity.id, fact_name, index),
                                     f"fact '{fact_name}' of '{entity.id}': unknown source "
                                     f"'{record.source}'{did_you_mean(record.source, self.sources)}")
                    for also in record.also:
                        if also not in self.sources:
                            self.problem(self.places.get("fact_also", entity.id, fact_name, index),
                                         f"fact '{fact_name}' of '{entity.id}': unknown source "
                                         f"'{also}' in 'also'{did_you_mean(also, self.sources)}")
                    mission = record.extra.get("mission")
                    if mission is not None and mission not in self.entities:
                        self.problem(self.places.get("fact", entity.id, fact_name, index),
                                     f"fact '{fact_name}' of '{entity.id}': unknown mission "
                                     f"'{mission}'{did_you_mean(str(mission), self.entities)}")
            target = entity.attributes.get("answered_by")
            if target is not None and (target not in self.intents or self.intents[target].slots):
                self.problem(self.places.get("answered_by", entity.id),
                             f"{entity.type} '{entity.id}': 'answered_by' must name an intent without "
                             f"slots; '{target}' {'has slots' if target in self.intents else 'does not exist'}"
                             f"{did_you_mean(str(target), self.intents) if target not in self.intents else ''}")
        fact_names = {name for entity in self.entities.values() for name in entity.facts}
        for name in self.fact_words:
            if self.entities and name not in fact_names:
                self.problem(self.places.get("fact_words", name),
                             f"fact_words: no entity has a fact named '{name}'{did_you_mean(name, fact_names)}")
        declined = {i.id for i in self.intents.values() if i.decline}
        for intent in self.intents.values():
            for related in intent.related:
                if related not in self.intents:
                    self.problem(self.places.get("intent_related", intent.id),
                                 f"intent '{intent.id}': related intent '{related}' does not exist"
                                 f"{did_you_mean(related, self.intents)}")
                elif related in declined:
                    self.problem(self.places.get("intent_related", intent.id),
                                 f"intent '{intent.id}': related intent '{related}' only declines; "
                                 "offer questions the bot answers")
            otherwise = intent.otherwise
            if otherwise is not None and (otherwise not in self.intents or otherwise in declined
                                          or not set(self.intents[otherwise].slots) <= set(intent.slots)):
                self.problem(self.places.get("intent_otherwise", intent.id),
                             f"intent '{intent.id}': 'otherwise' must name an intent that answers with "
                             f"the same slots or fewer; '{otherwise}' "
                             + ("does not exist" + did_you_mean(otherwise, self.intents) if otherwise not in
                                self.intents else "only declines" if otherwise in declined else "needs other slots"))
            for target in intent.switch.values():
                if target not in self.intents or target in declined:
                    self.problem(self.places.get("intent", intent.id),
                                 f"intent '{intent.id}': switch target '{target}' "
                                 f"{'only declines' if target in declined else 'does not exist'}")
            for source in intent.sources:
                if source not in self.sources:
                    self.problem(self.places.get("intent_sources", intent.id),
                                 f"intent '{intent.id}': unknown source '{source}'"
                                 f"{did_you_mean(source, self.sources)}")
            if intent.entity is not None and intent.entity not in self.entities:
                self.problem(self.places.get("intent_entity", intent.id),
                             f"intent '{intent.id}': unknown entity '{intent.entity}'"
                             f"{did_you_mean(intent.entity, self.entities)}")
        if self.fallbacks is None:
            self.problems.append(Problem("intents", 1, 1, "no 'fallbacks' section found in intents/"))
        else:
            for ident in self.fallbacks.suggest:
                if ident.partition(":")[0] in declined:
                    self.problem(self.places.get("fallbacks_suggest"),
                                 f"fallbacks: suggested intent '{ident}' only declines")
                elif ident not in self.intents:
                    self.problem(self.places.get("fallbacks_suggest"),
                                 f"fallbacks: suggested intent '{ident}' does not exist"
                                 f"{did_you_mean(ident, self.intents)}")
        missing = [name for name in LANGUAGE_LISTS if name not in self.language]
        if missing and self.language_place is None:
            self.problems.append(Problem("knowledge", 1, 1, "no 'language' section found in knowledge/ "
                                         "(the word lists of knowledge/language.yaml)"))
        elif missing and self.language_place is not None:
            self.problem(self.language_place, f"the 'language' section is missing the word list(s) "
                         f"{', '.join(missing)}")


def yaml_files(root: Path) -> list[Path]:
    """The knowledge base's files, in a stable order."""
    files: list[Path] = []
    for folder in ("knowledge", "intents"):
        directory = root / folder
        if directory.is_dir():
            files.extend(sorted(p for p in directory.rglob("*.yaml") if p.is_file()))
    return files


def content_digest(root: Path) -> str:
    """A hash of every file's name and bytes, and of the source policy's lists: changes
    whenever an editor saves."""
    digest = hashlib.sha256()
    digest.update(Policy.for_root(root).digest_text().encode())
    for file in yaml_files(root):
        digest.update(str(file.relative_to(root)).encode())
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def load(root: Path) -> LoadResult:
    """Read and structurally check the knowledge base under `root`."""
    reader = _Reader(Policy.for_root(root))
    for folder in ("knowledge", "intents"):
        if not (root / folder).is_dir():
            reader.problems.append(Problem(str(root / folder), 1, 1, f"folder '{folder}/' not found"))
    for file in yaml_files(root):
        display = str(file.relative_to(root)) if file.is_relative_to(root) else str(file)
        content, problems = read_yaml(file, display)
        reader.problems.extend(problems)
        reader.read_file(content, display)
    reader.check_references()
    kb = None
    if reader.fallbacks is not None and set(reader.language) == set(LANGUAGE_LISTS):
        kb = KnowledgeBase(
            sources=reader.sources,
            entities=reader.entities,
            intents=reader.intents,
            glossary=tuple(reader.glossary),
            fallbacks=reader.fallbacks,
            language=Language(**reader.language),  # type: ignore[arg-type]  # each list as its field says
            digest=content_digest(root),
            fact_words=reader.fact_words,
        )
    return LoadResult(kb, reader.problems, reader.places)
