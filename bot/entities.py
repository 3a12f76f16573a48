"""Find the missions, partners and topics a question names, tolerant of typos.

Aliases and glossary variants are normalised exactly like questions. Exact
alias matches come first (longest first); only words the bot has never seen in
any phrasing or alias are then tried fuzzily, together with their neighbours,
so "eulex kosvo" reaches EULEX Kosovo rather than Kosovo.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.closest import Choices
from bot.knowledge import Entity, GlossaryEntry, Language
from bot.memo import remembered
from bot.normalize import normalize
from bot.stems import stemmer

# A typo'd span must be this similar (0-100) to an alias to count as a mention.
# 80 accepts one or two slips in words of five letters or more ("kosvo", "montenegor",
# "allbania") while rejecting unrelated short words; shorter words must match exactly.
FUZZY_ALIAS_CUTOFF = 80
FUZZY_MIN_CHARS = 5
# Spans are only tried around a word this similar (0-100) to some word of a name, well
# below the cutoff above: a span at 80 has its misspelt word at 70 or more to its own.
ALIAS_WORD_GATE = 65
# The word alone is tried as a name only this like a name's word (a little below the
# cutoff: a one-word alias written apart, "eulex kosovo", scores a little differently).
ALONE_GATE = 75
# A fuzzy span names an alias only with each of the alias's own words (words no phrasing
# uses: "chad", "eulex") at least this like one of its words.
OWN_WORD_LIKENESS = 75
# Fuzzy matching is only tried on the first words of very long inputs, which keeps a
# 4,096-character message within a few milliseconds.
FUZZY_MAX_TOKENS = 40
# "managed", "patrolling": past participles and gerunds longer than this read as verbs
VERB_MIN_CHARS = 4
MAX_FUZZY_SPAN = 3
# An unknown word this similar (0-100) to a word of a name of three words or more is
# taken for it: "comon" for "common", "secuirty" for "security".
NAME_WORD_CUTOFF = 83
# A word whose Serbian stem is that of a one-word name ("alteom", "alteji": "altea") names it,
# when the stem is this long: the name inflected is the name, as exact as written.
INFLECTED_NAME_MIN_STEM = 4
INFLECTED_NAME_SCORE = 100.0
# The type of a partner named as where a named mission works ("EUFOR in Bosnia").
PLACE = "place"
# A word of a mission's name this long may name it as a place ("the operation in Chad").
PLACE_MIN_CHARS = 4
# Transitional: knowledge/language.yaml `mission_nouns`, for an engine that does not yet
# pass `mission_nouns=kb.language.mission_nouns`. Remove (and make it required) once it does.
# Shorter words are left unstemmed: stems of three-letter words collide too easily.
MIN_STEMMED_CHARS = 5
# A word the glossary does not know, even by stem, is read as the variant word it is this
# similar to (0-100), as the scorer reads misspelt English words (bot/score.py TYPO_CUTOFF):
# "pregovro" is "pregovori", "komandnt" "komandant". Only words of five letters or more,
# and only when no word of the English phrasings or of a name is as close ("lauched" stays
# for the scorer to read as "launched", "kosvo" for the entity finder).
GLOSSARY_TYPO_CUTOFF = 82
GLOSSARY_TYPO_MIN_CHARS = 5
# A stem is read as misspelt only from this long, and only this like a variant's stem:
# "ostali" (of "ostalih", other) is 83 like "kostal" (of "koštalo", cost); a transposed
# letter in a stem of nine ("strtaegij", "strategij") leaves it 89 like.
GLOSSARY_TYPO_MIN_STEM_CHARS = 6
GLOSSARY_TYPO_STEM_CUTOFF = 86


@dataclass(frozen=True)
class Mention:
    """An entity named in a question, over tokens [start, end)."""

    entity_id: str
    type: str
    start: int
    end: int
    score: float


class Glossary:
    """Folds synonyms and acronyms to one term, as whole words.

    Variants also match by their Serbian (Snowball) stem, so the inflected forms of the
    region's languages fold too ("misijama", "zapadnom balkanu"), except for words the
    English phrasings use (`protect`), which are never re-read as Serbian. Once those are
    known, a word found neither way is read as its closest variant word, if close enough.
    """

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._stems: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._protected: frozenset[str] = frozenset()
        self._stem_cache: dict[str, str] = {}
        for entry in entries:
            term = tuple(normalize(entry.term).split())
            for variant in entry.variants:
                words = tuple(normalize(variant).split())
                if words and words != term:
                    self._phrases[words] = term
                    self._stems.setdefault(self._stem(words), term)
        # The longest variant starting with each word (or stem): most words start none,
        # and are passed over with one lookup instead of one per variant length.
        self._longest_from: dict[str, int] = {}
        for words in self._phrases:
            self._longest_from[words[0]] = max(self._longest_from.get(words[0], 0), len(words))
        self._longest_from_stem: dict[str, int] = {}
        for stems in self._stems:
            self._longest_from_stem[stems[0]] = max(self._longest_from_stem.get(stems[0], 0), len(stems))
        # For misspelt words: variant words (sorted, so ties break the same way every run),
        # and their rivals, the words of the English phrasings and of names.
        self._variant_words = Choices(sorted({w for p in self._phrases for w in p
                                              if len(w) >= GLOSSARY_TYPO_MIN_CHARS}))
        # A word with a variant word's stem is an inflection, read by stem, not a typo.
        self._variant_stems = {s for stems in self._stems for s in stems}
        # A misspelt inflection ("strtaegiju" of "strategiju") is like no variant as written,
        # but its stem is like a variant's: read as a variant word of that stem.
        word_of_stem: dict[str, str] = {}
        for (word,), term in sorted((p, t) for p, t in self._phrases.items() if len(p) == 1):
            if self._stems.get((self.stem_word(word),)) == term:  # read as its stem is
                word_of_stem.setdefault(self.stem_word(word), word)
        self._word_of_stem = {stem: word for stem, word in word_of_stem.items()
                              if len(stem) >= GLOSSARY_TYPO_MIN_STEM_CHARS}
        self._variant_stem_choices = Choices(sorted(self._word_of_stem))
        self._names: frozenset[str] = frozenset()
        self._spelled: frozenset[str] = frozenset()
        self._english: frozenset[str] | None = None
        self._rivals: Choices | None = None  # None until `protect`: no typo reading before
        self._typo_cache: dict[str, str] = {}  # word -> _correction(word), for the state now
        self._longest_cache: dict[str, int] = {}  # word -> _longest_at(word), for the words protected now

    def _stem(self, words: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.stem_word(w) for w in words)

    def stem_word(self, word: str) -> str:
        """A word's Serbian stem (remembered); words shorter than MIN_STEMMED_CHARS as they are."""
        if len(word) < MIN_STEMMED_CHARS:
            return word
        return remembered(self._stem_cache, word, _serbian_stem)

    def protect(self, words: Iterable[str]) -> None:
        """Words (of the English phrasings) that must never be matched by stem; from now on
        misspelt words are read as the variant they are closest to."""
        self._english = frozenset(words)
        self._protected = self._english | {w for p in self._phrases for w in p}
        self._longest_cache.clear()
        self._reset_rivals()

    def know_words(self, words: Iterable[str]) -> None:
        """English words spelt right (the records' own): never read as a misspelt variant,
        though still folded like any word ("resident" is no misspelt "president")."""
        self._spelled = self._spelled | frozenset(words)
        self._typo_cache.clear()
        if self._english is not None:
            self._reset_rivals()

    def know_names(self, words: Iterable[str]) -> None:
        """Words of entity names: a misspelt name is left for the entity finder."""
        self._names = self._names | frozenset(words)
        if self._english is not None:
            self._reset_rivals()

    def _reset_rivals(self) -> None:
        english = self._english or frozenset()
        # A misspelling is read only where no English or name word, nor a word spelt right, is
        # as close ("australia" is no misspelt "austriak"); a name's word that is a variant too
        # ("operacija" of "operacija althea") is no rival.
        rivals = (english | self._names | self._spelled) - set(self._variant_words.choices)
        self._rivals = Choices(sorted(w for w in rivals if len(w) >= GLOSSARY_TYPO_MIN_CHARS - 1))
        self._typo_cache.clear()

    def _corrected(self, word: str) -> str:
        """The variant word a misspelt word stands for, or the word itself (remembered for
        every word, spelt right or not: a question's words are mostly the same few)."""
        return remembered(self._typo_cache, word, self._correction)

    def _correction(self, word: str) -> str:
        if (self._rivals is None or len(word) < GLOSSARY_TYPO_MIN_CHARS or word in self._protected
                or word in self._spelled or word in self._names or word.isdigit()
                or self.stem_word(word) in self._variant_stems):
            return word
        return self._closest_variant(word, self._rivals)

    def _closest_variant(self, word: str, rivals: Choices) -> str:
        best = self._variant_words.best(word, GLOSSARY_TYPO_CUTOFF)
        by_stem = self._variant_stem_choices.best(self.stem_word(word), GLOSSARY_TYPO_STEM_CUTOFF)
        if by_stem is not None and (best is None or by_stem[1] > best[1]):
            # "policjiskih": 84 like "poljskih" (Polish), 94 by stem like "policijsk" (police)
            best = (self._word_of_stem[by_stem[0]], by_stem[1], by_stem[2])
        if best is None or with_letters_before(word, best[0]) or best[0][0] != word[0]:
            # "sledniot" (next) is "posledniot" (last) without its first letters, no typo; nor is
            # a word that starts otherwise ("svoje", its own, is no "usvojen", adopted)
            return word
        rival = rivals.best(word, best[1])
        return word if rival is not None else best[0]

    def _lookup(self, words: list[str]) -> tuple[str, ...] | None:
        replacement = self._phrases.get(tuple(words))
        if replacement is None and not any(w in self._protected for w in words):
            replacement = self._stems.get(self._stem(words))
        return replacement

    def _longest_at(self, word: str) -> int:
        """The longest variant that could start with this word (remembered: asked of every word)."""
        return remembered(self._longest_cache, word, self._longest_from_word)

    def _longest_from_word(self, word: str) -> int:
        longest = self._longest_from.get(word, 0)
        if word not in self._protected:
            longest = max(longest, self._longest_from_stem.get(self.stem_word(word), 0))
        return longest

    def apply(self, words: list[str]) -> list[str]:
        if not self._phrases:
            return words
        if self._rivals is not None:
            words = [self._corrected(w) for w in words]
        out: list[str] = []
        i = 0
        while i < len(words):
            longest = self._longest_at(words[i])
            if not longest:  # most words start no variant: kept as they are, at once
                out.append(words[i])
                i += 1
                continue
            for length in range(min(longest, len(words) - i), 0, -1):
                replacement = self._lookup(words[i : i + length])
                if replacement is not None:
                    out.extend(replacement)
                    i += length
                    break
            else:
                out.append(words[i])
                i += 1
        return out


class EntityRecognizer:
    """Maps alias word sequences to entities; exact first, then fuzzy for unknown words."""

    def __init__(self, entities: Iterable[Entity], glossary: Glossary, *,
                 mission_nouns: frozenset[str]) -> None:
        self.glossary = glossary
        # Nouns that are part of a mission's name when next to it: "the EULEX mission".
        self.mission_nouns = mission_nouns
        self.by_alias: dict[tuple[str, ...], Entity] = {}
        self.collisions: list[tuple[str, str, str]] = []  # (alias, first id, second id)
        entities_list = list(entities)
        for entity in entities_list:
            for alias in (entity.name, entity.id.replace("_", " "), *entity.aliases):
                words = tuple(glossary.apply(normalize(alias).split()))
                if not words:
                    continue
                other = self.by_alias.get(words)
                if other is not None and other.id != entity.id:
                    if alias in entity.aliases:
                        self.collisions.append((alias, other.id, entity.id))
                    continue
                self.by_alias[words] = entity
        for words, entity in self._places_first().items():  # names, as people say them
            self.by_alias.setdefault(words, entity)
        for words, entity in self._said_otherwise(entities_list, glossary).items():
            self.by_alias.setdefault(words, entity)
        self.by_description: dict[tuple[str, ...], Entity] = {}
        for entity in entities_list:
            for description in entity.descriptions:
                words = tuple(glossary.apply(normalize(description).split()))
                if words:
                    self.by_description.setdefault(words, entity)
        for words, entity in self._missions_by_place().items():
            self.by_description.setdefault(words, entity)
        # "When did Belgrade apply?": a partner named by its capital, as the news names its
        # government. A description, read only where nothing else names a partner.
        for entity in entities_list:
            for capital in entity.attributes.get("capital", ()):
                words = tuple(glossary.apply(normalize(capital).split()))
                if words:
                    self.by_description.setdefault(words, entity)
        glossary.know_names(w for words in self.by_alias for w in words)
        # Names that begin a longer name of the same entity ("eupol" of "eupol proxima").
        self.partial_names = frozenset(
            alias[:length] for alias, entity in self.by_alias.items() for length in range(1, len(alias))
            if self.by_alias.get(alias[:length]) is entity) | self._family_names()
        # The lengths of the names (descriptions) starting with each word, longest first:
        # most of a question's words start none, and are passed over with one look-up
        # instead of one per possible length.
        self._alias_lengths = _lengths_by_first_word(self.by_alias)
        self._description_lengths = _lengths_by_first_word(self.by_description)
        self._alias_texts = Choices(" ".join(words) for words in self.by_alias)
        self._alias_entities = list(self.by_alias.values())
        self.vocabulary: set[str] = {w for words in self.by_alias for w in words}
        # Each mission's own name words, and the words of missions' names that name no partner
        # (nor, once learn_words has run, any phrasing uses): "EUFOR RCA" takes "rca" from
        # EUTM RCA, a word of no name of EUFOR's (unknown_mission_name).
        self.name_words_of: dict[str, frozenset[str]] = {}
        for words, entity in self.by_alias.items():
            self.name_words_of[entity.id] = self.name_words_of.get(entity.id, frozenset()) | frozenset(words)
        partner_words = {w for words, e in self.by_alias.items() if e.type == "partner" for w in words}
        self.mission_name_words = frozenset(w for words, e in self.by_alias.items() if e.type == "mission"
                                            for w in words if w not in partner_words)
        self._span_cache: dict[str, tuple[Entity, float, tuple[str, ...]] | None] = {}
        self._alias_word_set = frozenset(w for words in self.by_alias for w in words)
        # Alias words, and aliases written as one word ("eulexkosovo"), sorted for stable ties.
        self._alias_words = Choices(sorted(self.vocabulary | {"".join(words) for words in self.by_alias}))
        self._long_name_words = Choices(sorted({w for words in self.by_alias if len(words) >= 3 for w in words
                                                if len(w) >= FUZZY_MIN_CHARS}))
        self._name_word_cache: dict[str, str] = {}
        self._likeness_cache: dict[str, float] = {}
        self._inflected_names = self._one_word_names_by_stem()
        self._phrasing_words: frozenset[str] = frozenset()  # learn_words

    def _missions_by_place(self) -> dict[tuple[str, ...], Entity]:
        """"the operation in Chad", "the EU mission in Mali": a mission named by the place of
        a two-word name ("EUFOR Chad", "EUTM Mali") that no other name has (not "RCA", which
        three missions share, nor "BiH", a partner's name). Each such place makes
        descriptions of a mission noun, "in" and the place."""
        owners: dict[str, set[str]] = {}
        for alias, entity in self.by_alias.items():
            for word in alias:
                owners.setdefault(word, set()).add(entity.id)
        found: dict[tuple[str, ...], Entity] = {}
        for alias, entity in self.by_alias.items():
            place = alias[-1]
            if (entity.type == "mission" and len(alias) == 2 and alias[0].startswith("eu") and alias[0] != "eu"
                    and place.isalpha() and len(place) >= PLACE_MIN_CHARS and owners[place] == {entity.id}
                    and (place,) not in self.by_alias):
                for noun in self.mission_nouns:
                    found[(noun, "in", place)] = entity
        return found

    def _places_first(self) -> dict[tuple[str, ...], Entity]:
        """"the EU's Macedonia police mission", "its Bosnia military operation": a mission's
        name "EU police mission in Macedonia" with the place first, as people also say it. Only
        with a kind of mission before the noun ("police"), and only when one mission has it."""
        found: dict[tuple[str, ...], set[str]] = {}
        owner: dict[str, Entity] = {}
        for alias, entity in self.by_alias.items():
            if entity.type != "mission" or "in" not in alias:
                continue
            at = alias.index("in")
            head, place = alias[:at], alias[at + 1:]
            kind = head[2:] if head[:2] == ("european", "union") else head
            if not 1 <= len(place) <= 2 or len(kind) < 2 or kind[-1] not in self.mission_nouns:
                continue
            for words in ((*place, *kind), ("european", "union", *place, *kind)):
                found.setdefault(words, set()).add(entity.id)
                owner[entity.id] = entity
        return {words: owner[next(iter(ids))] for words, ids in found.items() if len(ids) == 1}

    def _said_otherwise(self, entities: Sequence[Entity], glossary: Glossary) -> dict[tuple[str, ...], Entity]:
        """"the European force in Bosnia", "the EU force in Sarajevo": a mission's name with
        "European" for "European Union" (or without it: "the special representative in
        Skopje"), or with the partner it names ("in Bosnia") as its capital ("in Sarajevo").
        Only names one mission has."""
        partners = {words: entity for words, entity in self.by_alias.items() if entity.type == "partner"}
        capitals = {entity.id: [tuple(glossary.apply(normalize(capital).split()))
                                for capital in entity.attributes.get("capital", ())]
                    for entity in entities if entity.type == "partner"}
        found: dict[tuple[str, ...], set[str]] = {}
        owner: dict[str, Entity] = {}
        for alias, entity in list(self.by_alias.items()):
            if entity.type != "mission":
                continue
            forms = [alias]
            if alias[:2] == ("european", "union") and len(alias) >= 5:  # not "European monitoring mission"
                forms.append(("european", *alias[2:]))
                if alias[2:4] == ("special", "representative"):  # the office is the EU's alone
                    forms.append(alias[2:])
            for form in list(forms):
                at = form.index("in") if "in" in form else -1
                partner = partners.get(form[at + 1:]) if at > 0 else None
                if partner is not None:
                    forms.extend((*form[:at + 1], *capital) for capital in capitals.get(partner.id, ()) if capital)
            for form in forms[1:]:
                found.setdefault(form, set()).add(entity.id)
                owner[entity.id] = entity
        return {words: owner[next(iter(ids))] for words, ids in found.items()
                if len(ids) == 1 and words not in self.by_alias}

    def _family_names(self) -> frozenset[tuple[str, ...]]:
        """The first word of missions' names that several missions share and none has alone
        ("eutm" of EUTM Mali, EUTM Somalia and EUTM RCA): the start of a mission's name,
        after which a place makes another mission ("EUTM Mozambique")."""
        starts: dict[str, set[str]] = {}
        for alias, entity in self.by_alias.items():
            if entity.type == "mission" and len(alias) >= 2 and alias[0].isalpha():
                starts.setdefault(alias[0], set()).add(entity.id)
        return frozenset((word,) for word, ids in starts.items() if len(ids) >= 2 and (word,) not in self.by_alias
                         and word.startswith("eu") and word not in ("eu", "european"))

    def _one_word_names_by_stem(self) -> dict[str, Entity]:
        """The Serbian stems of missions' names of one word ("altea"), each of one mission alone: an
        inflected name ("Alteom", "u Alteji") is that entity even when it is too unlike the
        name as written for the fuzzy spans ("alteom" is 73 like "altea")."""
        owners: dict[str, set[str]] = {}
        entity_of: dict[str, Entity] = {}
        for alias, entity in self.by_alias.items():
            if entity.type == "mission" and len(alias) == 1 and alias[0].isalpha() \
                    and len(alias[0]) >= FUZZY_MIN_CHARS:
                stem = self.glossary.stem_word(alias[0])
                if len(stem) >= INFLECTED_NAME_MIN_STEM:
                    owners.setdefault(stem, set()).add(entity.id)
                    entity_of[stem] = entity
        return {stem: entity_of[stem] for stem, ids in owners.items() if len(ids) == 1}

    def _inflected_name(self, word: str) -> Entity | None:
        """The entity a word names as an inflection of a one-word name (_one_word_names_by_stem)."""
        return self._inflected_names.get(self.glossary.stem_word(word)) if word.isalpha() else None

    def learn_words(self, words: Iterable[str]) -> None:
        """Add words (from phrasings) that are never treated as typos; a word phrasings use
        ("troops", "police", "somalia") names no other mission after "EUFOR"."""
        learnt = set(words)
        self.vocabulary.update(learnt)
        self.mission_name_words = self.mission_name_words - learnt
        self._phrasing_words = frozenset(learnt)

    def find(self, words: list[str], *, fuzzy: bool = True) -> list[Mention]:
        return self._with_nouns(words, self._find(words, fuzzy=fuzzy))

    def _with_nouns(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """'the EULEX mission', 'operation Concordia': the noun is part of the name."""
        out = []
        for mention in mentions:
            start, end = mention.start, mention.end
            if mention.type == "mission":
                taken = {i for m in mentions if m is not mention for i in range(m.start, m.end)}
                while end < len(words) and words[end] in self.mission_nouns and end not in taken:
                    end += 1
                while start > 0 and words[start - 1] in self.mission_nouns and start - 1 not in taken:
                    start -= 1
            out.append(mention if (start, end) == (mention.start, mention.end)
                       else Mention(mention.entity_id, mention.type, start, end, mention.score))
        return out

    def _find(self, words: list[str], *, fuzzy: bool) -> list[Mention]:
        if not fuzzy:
            return self._exact(words)
        # Misspelt words of long names first ("comon security and defense policy"): a
        # span of five words is beyond the fuzzy spans below, but each word is a name's.
        mentions = self._exact(self._spelt_as_names(words))
        covered = {i for m in mentions for i in range(m.start, m.end)}
        for index, word in enumerate(words[:FUZZY_MAX_TOKENS]):
            if index in covered or word in self.vocabulary or len(word) < FUZZY_MIN_CHARS:
                continue
            inflected = self._inflected_name(word)
            if inflected is not None:  # "Alteom": Altea, inflected
                mentions = _with_inflected(mentions, Mention(inflected.id, inflected.type, index, index + 1,
                                                             INFLECTED_NAME_SCORE))
                covered.add(index)
                continue
            likeness = self._likeness_to_names(word)
            if likeness < ALIAS_WORD_GATE:
                continue  # like no word of any name: no span around it can be a name
            found = self._fuzzy_around(words, index, mentions, alone=likeness >= ALONE_GATE)
            if found is not None:
                mentions = [m for m in mentions if m.end <= found.start or m.start >= found.end]
                mentions.append(found)
                covered.update(range(found.start, found.end))
        return sorted(mentions, key=lambda m: m.start)

    def descriptions(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """Descriptions of entities ("the first EU military operation") outside `mentions`
        (topics inside them excepted: "the first CSDP mission" names EUPM, not the CSDP)."""
        if not self.by_description:
            return []
        taken = {i for m in mentions if m.type != "topic" for i in range(m.start, m.end)}
        found = self._exact(words, self.by_description, self._description_lengths)
        return [m for m in found if not taken & set(range(m.start, m.end))]

    def _exact(self, words: list[str], table: dict[tuple[str, ...], Entity] | None = None,
               lengths: dict[str, tuple[int, ...]] | None = None) -> list[Mention]:
        """Known names (or descriptions), longest first, left to right; `lengths`: the
        table's lengths by first word (`_lengths_by_first_word`)."""
        table = self.by_alias if table is None else table
        lengths = self._alias_lengths if lengths is None else lengths
        mentions = []
        i = 0
        while i < len(words):
            for length in lengths.get(words[i], ()):
                if length > len(words) - i:
                    continue
                entity = table.get(tuple(words[i : i + length]))
                if entity is not None:
                    mentions.append(Mention(entity.id, entity.type, i, i + length, 100.0))
                    i += length
                    break
            else:
                i += 1
        return mentions

    def _spelt_as_names(self, words: list[str]) -> list[str]:
        """The words, with each unknown one that is all but a word of some name taken for
        it (only within names of several words: one-word names keep the spans below)."""
        out = list(words)
        for index, word in enumerate(words[:FUZZY_MAX_TOKENS]):
            if word in self.vocabulary or len(word) < FUZZY_MIN_CHARS:
                continue
            out[index] = self._as_name_word(word)
        return out

    def _as_name_word(self, word: str) -> str:
        """The word of a long name a word is all but, or the word (remembered: the names are
        fixed, and a question's words come again)."""
        return remembered(self._name_word_cache, word, self._closest_name_word)

    def _closest_name_word(self, word: str) -> str:
        best = self._long_name_words.best(word, NAME_WORD_CUTOFF)
        return best[0] if best is not None else word

    def _likeness_to_names(self, word: str) -> float:
        """A cheap gate before trying spans: how like a word of a name (0-100) is it?
        (Remembered, as _as_name_word.)"""
        return remembered(self._likeness_cache, word, self._alias_word_likeness)

    def _alias_word_likeness(self, word: str) -> float:
        best = self._alias_words.best(word, ALIAS_WORD_GATE)
        return best[1] if best else 0.0

    def _fuzzy_around(self, words: list[str], index: int, mentions: list[Mention], *,
                      alone: bool = True) -> Mention | None:
        """The best alias for a span around an unknown word. A span may swallow an exact
        mention only of the same entity (so "eulex kosvo" extends "eulex"), and a known
        word at its edge only when the alias has it too: "is montenegor in" must not read
        as "Montenegrin", nor may "in" be taken into "Montenegro". Only spans that can
        be names are tried: the word alone when it is `alone` like a name's word, longer
        spans when another of their words belongs to a name."""
        best: tuple[float, int, Mention] | None = None
        for length in range(MAX_FUZZY_SPAN, 0, -1):
            for start in range(max(0, index - length + 1), min(index, len(words) - length) + 1):
                end = start + length
                if length == 1 and not alone:
                    continue
                if length > 1 and not any(w in self._alias_word_set for i, w in enumerate(words[start:end], start)
                                           if i != index):
                    continue
                found = self._best_alias(" ".join(words[start:end]))
                if found is None:
                    continue
                entity, score, alias = found
                if any(m.entity_id != entity.id for m in mentions if m.start < end and start < m.end):
                    continue
                if not self._names_its_own_words(words[start:end], alias):
                    continue
                edges = {words[start], words[end - 1]} - {words[index]}
                if any(w in self.vocabulary and w not in alias for w in edges):
                    continue
                # Highest score first; on a tie the shorter span, which claims fewer words.
                key = (score, -length)
                if best is None or key > best[:2]:
                    best = (score, -length, Mention(entity.id, entity.type, start, end, score))
        return best[2] if best else None

    def _names_its_own_words(self, span: Sequence[str], alias: Sequence[str]) -> bool:
        """Whether a span has, written or misspelt, each word of an alias that no phrasing
        uses: "EU operatoin" is all but "EU operation in Chad", but says nothing of Chad."""
        own = [word for word in alias if word not in self._phrasing_words]
        return all(any(fuzz.ratio(typed, word) >= OWN_WORD_LIKENESS for typed in span) for word in own)

    def _best_alias(self, span: str) -> tuple[Entity, float, tuple[str, ...]] | None:
        """The closest alias to a span by edit ratio, with its score and words. Remembered: a long question
        read again clause by clause asks for the same spans."""
        if span in self._span_cache:
            return self._span_cache[span]
        if len(self._span_cache) > 10_000:  # bounded: questions bring endless new spans
            self._span_cache.clear()
        found = self._span_cache[span] = self._closest_alias(span)
        return found

    def _closest_alias(self, span: str) -> tuple[Entity, float, tuple[str, ...]] | None:
        # fuzz.ratio (Indel) is never below the edit similarity that counts a swap of two
        # letters as one edit (OSA): a swapped "kosvo" scores as well here as there.
        best = self._alias_texts.best(span, FUZZY_ALIAS_CUTOFF)
        if best is None:
            return None
        _, score, position = best
        return self._alias_entities[position], score, tuple(self._alias_texts.choices[position].split())


def _with_inflected(mentions: list[Mention], found: Mention) -> list[Mention]:
    """The mentions with an inflected name added; right after a name of the same entity, the
    two are one name ("EUFOR Alteom" is EUFOR Althea, not EUFOR and a stranger)."""
    before = next((m for m in mentions if m.end == found.start and m.entity_id == found.entity_id), None)
    if before is None:
        return [*mentions, found]
    joined = Mention(before.entity_id, before.type, before.start, found.end, max(before.score, found.score))
    return [joined if m is before else m for m in mentions]


def with_letters_before(word: str, other: str) -> bool:
    """Whether one word is the other with letters before it ("posledniot", "sledniot";
    "apart", "part"): another word, not a misspelling."""
    return word != other and (word.endswith(other) or other.endswith(word))


def _serbian_stem(word: str) -> str:
    stem: str = stemmer("serbian").stemWord(word)
    return stem


def _lengths_by_first_word(table: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """First word -> the lengths of the table's word sequences that start with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for words in table:
        lengths.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}


def abstract(words: list[str], mentions: list[Mention], *, topics_as_slots: bool) -> str:
    """Replace mentions by `{mission}`/`{partner}` (and topics by `{topic}` or their id),
    so one phrasing answers for every entity of its type."""
    out: list[str] = []
    by_start = {m.start: m for m in mentions}
    i = 0
    while i < len(words):
        mention = by_start.get(i)
        if mention is None:
            out.append(words[i])
            i += 1
            continue
        if mention.type == PLACE:
            pass  # where a named mission works: part of its name, not a subject of its own
        elif mention.type == "topic" and not topics_as_slots:
            out.append(mention.entity_id.replace("_", ""))
        else:
            out.append("{" + mention.type + "}")
        i = mention.end
    return " ".join(out)


# How far after a topic's name a place of missions elsewhere makes it another one's.
_TOPIC_PLACE_REACH = 4


def _reads_as_a_verb(word: str) -> bool:
    """"EULEX managed", "EUFOR patrolling": an English verb after a name, no other mission's
    name (no mission's name has such a word)."""
    return len(word) > VERB_MIN_CHARS and word.endswith(("ed", "ing"))


def unknown_mission_name(words: Sequence[str], mentions: Sequence[Mention], language: Language,
                         is_stranger: Callable[[str], bool], is_elsewhere: Callable[[str], bool],
                         partial_names: frozenset[tuple[str, ...]] = frozenset(),
                         is_unused: Callable[[str], bool] | None = None,
                         names_of: Mapping[str, frozenset[str]] | None = None,
                         mission_words: frozenset[str] = frozenset()) -> str | None:
    """A mission the knowledge base does not know, named by what it shares with one it
    knows: "EUPOL Afghanistan", "the EU Monitoring Mission in Georgia", "EUCAP Somalia" (a
    typo'd EUTM Somalia, but for its strange word), "the EU mission in Niger". The words
    asked, or None. `is_stranger` tells a word the base never uses, even misspelt;
    `is_elsewhere` a place or subject the base knows only as another ("afghanistan");
    `partial_names` the names that are the start of a longer one ("eupol" of "eupol
    proxima"), after which any strange word makes another name; `is_unused` a word nothing
    the base has is written with (a misspelt name is found as the name it is); `names_of`
    each mission's name words and `mission_words` those of all missions' names (no partner's):
    after a partial name, a word of another mission's name makes another name too ("EUFOR
    RCA", "EUFOR Somalia"). "EUFOR in Tuzla" and "when did EUFOR Althea arrive?" name EUFOR."""
    # "Ekipit Këshillimor Policor (EUPAT)": a name read loosely is no stranger's when the
    # question also names that mission exactly
    exact = {m.entity_id for m in mentions if m.score >= 100}
    for mention in mentions:
        if mention.type == "topic":  # "the EUSR for the South Caucasus", "CSDP missions in Niger"
            near = words[mention.end : mention.end + _TOPIC_PLACE_REACH]
            if any(word in language.foreign_places and is_elsewhere(word) for word in near):
                return " ".join(words[mention.start : mention.end + _TOPIC_PLACE_REACH])
            continue
        if mention.type != "mission":
            continue
        span = list(words[mention.start : mention.end])
        if mention.score < 100 and mention.entity_id not in exact and any(is_stranger(word) for word in span):
            return " ".join(span)
        after = list(words[mention.end : mention.end + 2])
        near = after[:1]
        if after[:1] and after[0] in language.location_words:
            near = after
        name = tuple(w for w in span if w not in language.mission_nouns)
        # Right after a partial name, a strange word makes another name ("EUPOL Afghanistan");
        # after "in" only a place of another mission does ("EUFOR in Tuzla" is EUFOR).
        if near and (is_elsewhere(near[-1]) or (len(near) == 1 and name in partial_names and is_stranger(near[0])
                                                 and not _reads_as_a_verb(near[0]))):
            return " ".join([*span, *near])
        if (len(near) == 1 and name in partial_names and near[0] in mission_words and names_of is not None
                and near[0] not in names_of.get(mention.entity_id, frozenset())):
            return " ".join([*span, *near])
    if any(m.type == "mission" for m in mentions):
        return None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    starts = _one_word_names(partial_names)
    for index, word in enumerate(words[:-1]):  # "EUTM Mozambique", where EUTM alone names no mission
        if word not in starts or index in covered:
            continue
        if is_elsewhere(words[index + 1]) or is_stranger(words[index + 1]):
            return " ".join(words[index : index + 2])
    nouns = _with_plurals(language.mission_nouns)
    for index in range(len(words) - 2):
        if (words[index] in nouns and words[index + 1] in language.location_words
                and (is_stranger(words[index + 2]) or is_elsewhere(words[index + 2]))):
            return " ".join(words[max(0, index - 2) : index + 3])
    # "a civilian mission in Armenia", "civilna misija EU u Gruziji": a mission placed elsewhere
    if not mentions and not nouns.isdisjoint(words):
        place = next((word for word in words if is_elsewhere(word)), None)
        if place is not None:
            noun = next(word for word in words if word in nouns)
            return f"{noun} {place}"
    # "operation Irini", "misija Irini": a mission named by a strange last word
    if len(words) >= 2 and words[-2] in language.mission_nouns and (is_unused or is_stranger)(words[-1]):
        return " ".join(words[-2:])
    return None


@functools.lru_cache(maxsize=8)
def _with_plurals(nouns: frozenset[str]) -> frozenset[str]:
    """The nouns and their plurals ("mission", "missions"): made once, not per question."""
    return nouns | {f"{noun}s" for noun in nouns}


@functools.lru_cache(maxsize=8)
def _one_word_names(names: frozenset[tuple[str, ...]]) -> frozenset[str]:
    """The names of one word among these, as words: a question's words are looked up as
    they are, not each made into a tuple."""
    return frozenset(name[0] for name in names if len(name) == 1)
