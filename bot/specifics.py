"""What a question asks for precisely, and whether an answer gives it.

"Which UN resolution renewed Althea in 2012?" asks about 2012, "in which month of 2009
did Albania apply?" for a month, and "what is the plan's budget?" for a sum: an answer
that names none of them is the answer to a neighbouring question, however close its
words are. Such an answer is not given; the bot says its sources don't give that and
offers the nearest answer instead (bot/decide.py, NOT_GIVEN).

Checked on the reply's text, so that intents and fact records are held to the same test.
"""

from __future__ import annotations

import datetime
import functools
import operator
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields, replace
from functools import cached_property
from itertools import pairwise
from typing import Any

from bot.dates import MONTHS, YEAR
from bot.entities import Mention
from bot.fact_reader import PERSON_PATTERN, PERSON_TITLES
from bot.knowledge import Language
from bot.normalize import normalize
from bot.stems import stemmer

_ANY_MONTH = "(?:" + "|".join(MONTHS) + ")"
_MONTHS_LOWER = tuple((month, month.lower()) for month in MONTHS)  # as questions' words have them
_CENTURIES = ("19", "20")  # how every YEAR begins: most words are passed over without the pattern
# A date as answers write it: "9 November 2012", "21–22 March 2024", "November 2012",
# "November 9, 2012"; the day and the year may each be missing.
_DATE = re.compile(rf"(?:\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:[–-]\d{{1,2}})? )?(?P<month>{_ANY_MONTH})"
                   rf"(?: (?P<day2>\d{{1,2}})\b,?)?(?: (?P<year>(?:19|20)\d\d))?")
# How an answer numbers a Council decision, a joint action or a UN resolution.
_IDENTIFIER = re.compile(r"\b(?:19|20)\d\d/\d+|\bresolutions? \d{3,4}\b", re.IGNORECASE)
# How an answer says which is most: "the largest", "the most", "biggest", "the main".
# ("most" alone is of a number: "staff from most EU member states")
_SUPERLATIVE = re.compile(r"\b(?:the most|largest|biggest|highest|greatest|main|leading|top|peak|peaked|maximum|"
                          r"\w+est)\b", re.IGNORECASE)
_SHARE = re.compile(r"\d\s*%|\bper ?cent\b")
_FIRST = r"\b(?:first|initial|founding|inaugural)\b(?! appointed| time)"
# How far after "first" the office may come: "the first EU Special Representative".
_FIRST_REACH = 4
# "When did Serbia first send officers?": an answer that says when it began.
_BEGAN = re.compile(r"\b(?:first|since|began|begun|start|started|starting|initial|initially|launched|from|"
                    r"opened|set up|created|established|earliest)\b", re.IGNORECASE)
# "When was Albania's first intergovernmental conference?": a record that says which was first.
_FIRST_ONE = re.compile(r"\b(?:first|1st|initial|inaugural|earliest)\b", re.IGNORECASE)
# "(as of 11 July 2025)": when the source said it, not a date of what is asked.
_AS_OF = re.compile(r"\(as of [^)]*\)")
_MONEY = re.compile(r"[€$£]\s*\d|\d\s*(?:thousand|million|billion|m|bn)?\s*(?:EUR|euros?|dollars?|USD)\b|"
                    r"\bEUR\s*\d", re.IGNORECASE)
# How far back an exact word may come before a date word: "which month", "on what exact day".
_EXACT_REACH = 2
# "61%" as normalize() reads it: "61 percent" ("per cent" typed out: "61 per cent").
_PERCENT_WORDS = frozenset({"percent", "per"})
_COMMAND = "command"  # the stem of commander, commanded, commands
# The stems of the offices an answer names a person by: "the Commander of EUFOR", "the Head of EULEX".
_OFFICES = frozenset({"command", "head", "chief", "leader", "director", "repres", "envoy"})
_SIGNED = re.compile(r"\bsign", re.IGNORECASE)
# An answer that says it has no figure of today: "No official current troop figure ... was found".
_NO_CURRENT = re.compile(r"\bno (?:official )?current\b", re.IGNORECASE)
# "What is EULEX's current strength?" is not answered by its staff ceilings of 2012: a figure
# of today comes from a record dated this year or in the two before it.
CURRENT_SINCE = datetime.date.today().year - 2
# An answer that says no one comes next: "no extension or successor was found".
_NO_SUCCESSOR = re.compile(r"\bno (?:[\w-]+ ){0,6}successor\b", re.IGNORECASE)
# An answer that says who comes next, or will: not "Before Soreca, Sattler was ...".
# ("took over from Barbu" says who came before, and is no answer either)
_COMES_NEXT = re.compile(r"\b(?:successor|succeed\w*|replac\w*|next|will|expected|to be appointed|nominated|"
                         r"designated)\b", re.IGNORECASE)


# Authorities that are bodies, named with "the" ("by the Commission").
_BODIES = frozenset({"commission", "council", "parliament"})
# How a reply names each yes-or-no specific it has nothing on, in this order.
_DESCRIBED = (("reason", "the reason"), ("statement", "what was said"), ("purpose", "what it was for"),
              ("career", "the earlier post"), ("share", "the percentage"), ("money", "the amount"),
              ("current", "a current figure"), ("signed", "when it was signed"), ("successor", "who comes next"),
              ("count", "the number"), ("neighbour", "who held the post before or after"),
              ("document", "the document's number"), ("countries", "which country"),
              ("superlative", "which is the most"), ("future", "what is to come"),
              ("listed", "the whole list"), ("several_states", "the countries"), ("began", "when it first happened"),
              ("first_of", "the first one's date"), ("besides", "which other country"), ("when", "the date"),
              ("comparison", "a comparison"))


@dataclass(frozen=True)
class Asked:
    """The specifics a question asks about: years it names, a month or a day, a share, a sum,
    a person (or the first holder of an office)."""

    years: tuple[str, ...] = ()
    months: tuple[str, ...] = ()  # months the question names ("which day in June 2014?")
    month: bool = False
    day: bool = False
    share: bool = False
    money: bool = False
    person: bool = False
    first: bool = False  # "who was the first commander?": the first holder, not the current one
    office: str = ""  # the office whose first holder is asked for ("commander")
    title: str = ""  # "who was the commissioner?": a title the answer must name (title_offices)
    # "in your opinion?", "should Serbia ...?", "will Serbia ever ...?": what no answer gives
    opinion: bool = False
    began: bool = False  # "when did Serbia first send officers?": an answer saying when it began
    # "on what day was Albania's first intergovernmental conference?": a date of the first
    # one, in a record that says "first" (not the seventh conference's day beside it)
    first_of: bool = False
    people: tuple[str, ...] = ()  # "when did Fronda take over EUFOR?": the surnames an answer must name
    shares_named: tuple[str, ...] = ()  # "did Serbia reach 61%?": a share the answer must give
    figures: tuple[str, ...] = ()  # "did the BBC report 450 troops?": numbers the answer must give
    quoted: tuple[str, ...] = ()  # "did it call it 'largely unchanged'?": words the answer must have
    bodies: tuple[str, ...] = ()  # "who heads the OSCE mission?": other organisations the answer must name
    # "what is the EUFOR commander's salary?": details only an answer that names them gives
    details: tuple[str, ...] = ()
    # "why ...?": one of the words by which answers give a reason (language.reason_words)
    reason: frozenset[str] = frozenset()
    # "what did Edi Rama say?": an answer that reports a statement, in quotation marks or
    # with one of these words (language.statement_markers)
    statement: frozenset[str] = frozenset()
    # "what did the €13 million package buy?": what a sum was for; the names of whom a sum
    # may go to ("for BiH" says whom, not what for: the partners' names, recipient_phrases)
    purpose: frozenset[str] = frozenset()
    # "the first half of 2024" ("first"), "the second half" ("second"), "the whole of 2024"
    # ("whole"): the part of a year asked about, which an answer's figure must be of
    year_part: str = ""
    # "what did Sørensen do before becoming EUSR?": the words by which an answer says what
    # someone had done before (language.career_phrases)
    career: frozenset[str] = frozenset()
    # "which five chapters did Montenegro close?": the number and the noun ("5", "chapters")
    # of things asked by name, which "closed five chapters" only counts
    which_many: tuple[str, str] = ("", "")
    # "who drafted it?": the verb ("drafted"), whose stem an answer saying who did it has
    agent: str = ""
    # "which parties voted against?": the side of a vote asked for ("against"), by its stem
    dissent: str = ""
    current: bool = False  # "how many troops now?": a figure of today
    # "how many troops does EUFOR have?": a number asked in the present tense, of today too,
    # though not held to a record of this year or the two before (the sources' latest is given)
    present_count: bool = False
    signed: bool = False  # "when did BiH sign its SAA?": the signing, not the entry into force
    successor: bool = False  # "who will replace Orav?": who comes next
    # "who was head of EULEX before Barbano?" ("before"), "who replaced Sattler?" ("after"):
    # who held the post of the one person named before or after him
    neighbour: str = ""
    document: bool = False  # "which Council decision set the mandate?": its number
    # "how much was the second measure?": a sum or a share asked of the second, in its clause
    ordinals: tuple[str, ...] = ()
    superlative: bool = False  # "which country sends the most troops?": an answer that says which is most
    # "when will Serbia open Cluster 3?": the words by which an answer says what is to come
    future: frozenset[str] = frozenset()
    # "which country led it?": the names of states an answer may give (not those the
    # question names itself: "which country led North Macedonia's battlegroup?")
    countries: frozenset[str] = frozenset()
    # "which eight countries ...?", "list all 23 nations": how many states an answer must name
    # (at most _LISTED_ENOUGH: a list that long is a list)
    listed: int = 0
    # "which countries ...?" (no number): an answer naming two states or more
    several_states: bool = False
    listed_from: frozenset[str] = frozenset()  # the names of states such a list is made of
    # "how many Dutch police officers?", "does Germany still send troops?": each state the
    # question names (not a partner: those are entities), as the forms an answer may name it by
    states: tuple[frozenset[str], ...] = ()
    count: bool = False  # "how many soldiers?": a number
    # "how many soldiers?" counts people, "how many EU countries?" states: the words that
    # must follow the number in an answer (empty: any number will do)
    counted: frozenset[str] = frozenset()
    # "how many North Macedonian soldiers?": the partners whose soldiers (or people) are
    # counted, each as the names an answer may give it by; a figure of the whole mission
    # does not answer it. Not a partner named as a place: "how many soldiers in Macedonia?"
    counted_of: tuple[tuple[str, ...], ...] = ()
    # "how many armoured vehicles?", "how many police agencies?": the stems of what else is
    # counted (words the knowledge base knows), one of which must follow the answer's number
    counted_things: frozenset[str] = frozenset()
    # "who commands the Albanian contingent?": the partners it names by their adjective (not
    # as a place), each of which an answer must name
    partners: tuple[tuple[str, ...], ...] = ()
    # "according to ISAC", "the Commission's percentage": whose word, and whose figure (a
    # share, a sum) in the same record; "NGO figures, not the Commission's" is not its word.
    authorities: tuple[str, ...] = ()
    # The words of what a date or a count is asked of ("on what date did parliament vote on
    # EUMAM Ukraine?"): of an answer's records, those that have most of them must give it.
    subject: frozenset[str] = frozenset()
    # Of those, the words no name has ("candidate", "status"): what happened, whose day is asked.
    event: frozenset[str] = frozenset()
    when: bool = False  # "when ...?" with no finer date asked: a year of the event will do
    # "which countries other than Poland ...?": the states that would answer (the answer
    # must name one), all but those the question names
    besides: frozenset[str] = frozenset()
    # "was EUFOR more expensive than EULEX?", "which was more effective, EUPM or Proxima?":
    # a comparison, which an answer must make
    comparison: bool = False

    def __bool__(self) -> bool:
        return any(_asking(self)) or any(self.which_many)

    @property
    def by_words(self) -> bool:
        """Whether all that is asked is words an answer must have (who requested it, a
        person, a figure, a quotation, a detail, another organisation): a record that has
        them answers more surely than one with a date or a number of anything."""
        return bool(self) and not (any(_asking_but_words(self)) or any(self.which_many))

    @property
    def of_someone_or_why(self) -> bool:
        """Whether it asks who said or did something, or why: what no record of what the
        sources lack answers ("why has Kosovo* no FPA?": that none was found is no reason)."""
        return bool(self.people or self.person or self.statement or self.quoted or self.agent
                    or self.reason or self.purpose or self.opinion)

    @property
    def date_or_number(self) -> bool:
        """Whether it asks when something happened or how many or how much: what a record of
        what the sources lack answers, by saying they do not have it."""
        return bool(self.when or self.began or self.month or self.day or self.count or self.money or self.share)

    def describe(self) -> str:
        """How a reply names what it has nothing on: "2025", "the exact date", "the percentage"."""
        parts = ["an opinion or a prediction"] if self.opinion else []
        parts.extend(self.years)
        if self.month or self.day:
            parts.append("the exact date")
        parts.extend(words for flag, words in _DESCRIBED if getattr(self, flag))
        parts.extend(name.capitalize() for name in self.people)
        parts.extend(f"{share}%" for share in self.shares_named)
        parts.extend(f"{int(figure):,}" for figure in self.figures)
        parts.extend(f"“{words}”" for words in self.quoted)
        parts.extend(f"the {body.upper()}" for body in self.bodies)
        parts.extend(f"the {detail}" for detail in self.details)
        parts.extend(names[0].title() for names in self.partners)
        # the longest form, the same in every run (a set's order is not)
        parts.extend(max(sorted(forms), key=len).capitalize() for forms in self.states)
        # "by ISAC", "by the Commission", "by Xinhua": an acronym, a body, a name.
        parts.extend("by " + (authority.upper() if len(authority) <= 4 else
                              f"the {authority.capitalize()}" if authority in _BODIES else authority.capitalize())
                     for authority in self.authorities)
        if self.dissent:
            parts.append("who voted against or abstained")
        if self.agent:  # "who drafted it", "who wrote it"; "who did it" for "who draft ..."
            parts.append(f"who {self.agent} it" if self.agent.endswith(("ed", "ote")) else "who did it")
        if self.which_many[1]:
            parts.append(f"which {self.which_many[1]}")
        if self.year_part:
            parts.append("the whole year" if self.year_part == "whole" else f"the {self.year_part} half of the year")
        if self.first:
            parts.append("who held it first")
        elif self.person:
            parts.append("the person")
        return ", ".join(parts)


_DEFAULTS = {field.name: field.default for field in fields(Asked)}
_FIELD_NAMES = frozenset(_DEFAULTS)


def _made(**values: Any) -> Asked:
    """Asked(**values), the same value, made sooner: a frozen dataclass's __init__ sets each
    of its 50 fields through object.__setattr__ (some 5 us, twice a question), where one
    update of the new object's dictionary does (the defaults are all immutable: shared)."""
    if not _FIELD_NAMES.issuperset(values):
        raise TypeError(f"Asked has no field {sorted(set(values) - _FIELD_NAMES)}")
    made = object.__new__(Asked)
    made.__dict__.update(_DEFAULTS, **values)
    return made

# The fields by which a question asks for something (the others say of what: `months`,
# `office`, `counted`...); `which_many` asks when it names a number or a noun, so apart.
_ASKING_FIELDS = ("years", "month", "day", "share", "money", "person", "first", "current", "signed", "successor",
                  "count", "authorities", "people", "shares_named", "figures", "quoted", "reason", "statement",
                  "purpose", "year_part", "career", "agent", "dissent", "bodies", "neighbour", "document",
                  "countries", "superlative", "details", "listed", "partners", "future", "states", "opinion",
                  "began", "first_of", "besides", "when", "comparison", "several_states")
# What an answer gives by having the words (Asked.by_words).
_WORDS_FIELDS = frozenset({"agent", "people", "figures", "quoted", "details", "bodies"})
# One call for all the fields' values (a dataclass.replace per question to test by_words was
# some 10 us).
_asking = operator.attrgetter(*_ASKING_FIELDS)
_asking_but_words = operator.attrgetter(*(name for name in _ASKING_FIELDS if name not in _WORDS_FIELDS))


def asked(words: Sequence[str], mentions: Sequence[Mention], language: Language, names: str = "",
          people: tuple[str, ...] = (), partners: tuple[tuple[str, ...], ...] = (),
          figures: tuple[str, ...] = (), quoted: tuple[str, ...] = (), places: Collection[int] = (),
          speakers: tuple[str, ...] = (),
          subject_states: frozenset[str] = frozenset(),
          adjectival: tuple[tuple[str, ...], ...] = (), recipients: frozenset[str] = frozenset(),
          known: Callable[[str], bool] = bool, counts_things: bool = True, in_present: bool = False) -> Asked:
    """The specifics of a question's words. A year of a name ("the 2018 strategy", "the
    Strategy for the Western Balkans of 2018": `names` are those of the entities named)
    names the thing, and asks nothing; `people`: the surnames of office holders it names;
    `speakers`: anyone's surnames it names, asked of when it asks what someone said or who;
    `known`: whether the knowledge base knows a word (an untranslated local noun is no
    thing an answer could count); `counts_things`: whether the question, as typed, asks
    to count things (language.thing_count_phrases)."""
    present = frozenset(words)  # every question is read here: set lookups, not scans
    named = {index for mention in mentions for index in range(mention.start, mention.end)}
    years = tuple(dict.fromkeys(word for index, word in enumerate(words)
                                if word[:2] in _CENTURIES and index not in named and YEAR.fullmatch(word)
                                and word not in names))

    def exact(kinds: frozenset[str]) -> bool:
        return not kinds.isdisjoint(present) and any(
            word in kinds and language.exact_words.intersection(words[max(0, i - _EXACT_REACH):i])
            for i, word in enumerate(words))

    # "who commanded it?", "who signed it?"
    person = "who" in present and not (language.office_nouns.isdisjoint(present)
                                       and language.signing_words.isdisjoint(present))
    month, day = exact(language.month_words), exact(language.day_words)
    # What is asked of: neither the words that ask it ("which date", "what decision") nor
    # numbers, but years ("the 2025-2027 mandate").
    # (only for what looks for it in one record: a date, a count, a document's number)
    began = "when" in present and "first" in present
    subject = _subject(words, language) if month or day or began or "many" in present or \
        not language.document_words.isdisjoint(present) else frozenset()
    counted = _counted(words, named, language) if "many" in present else frozenset()
    things = _counted_things(words, named, language, known) if counts_things and "many" in present \
        and not counted else frozenset()
    counting = "many" in present and _asks_how_many(words, language)
    # asked for as a list: "which eight countries", "list the 23 nations", "name the five states"
    listed = _listed(words, language) if not language.counted_states.isdisjoint(present) and (
        not language.exact_words.isdisjoint(present) or not language.list_words.isdisjoint(present)) else 0
    # "in which countries was it deployed?": more than the one state a place names
    several_states = not listed and ("which" in present or "what" in present) and _asks_several_states(words, language)
    statement = _asks_statement(present, language, person_named=bool(speakers))
    # "when did Montenegro close Chapter 31?": a date of that event, not of another one
    # (not "when may it engage?", a condition, nor "when EUPAT finished, who ...?")
    when = len(words) > 1 and words[0] == "when" and words[1] in _WHEN_ASKS and not (month or day)
    event_words = (subject or _subject(words, language)) if month or day or when else frozenset()
    if speakers and (statement or "who" in present):  # "what did Kallas say?", "who came before Degert?"
        people = tuple(dict.fromkeys((*people, *speakers)))
    elif statement:  # "what did Milorad Dodik say?": someone the base never names
        people = (*people, *_unknown_speaker(words, named, language, known))
    return _made(years=years, months=tuple(month for month, lower in _MONTHS_LOWER if lower in present),
                 people=people, figures=figures,
                 quoted=quoted, counted=counted, counted_of=partners if counted else (), partners=adjectival,
                 counted_things=things,
                 # not part of a name ("the maritime unit in the Adriatic")
                 details=tuple(dict.fromkeys(word for index, word in enumerate(words)
                                             if word in language.detail_nouns and index not in named))
                 if not language.detail_nouns.isdisjoint(present) else (),
                 bodies=tuple(dict.fromkeys(word for word in words if word in language.organisation_words))
                 if not language.organisation_words.isdisjoint(present) else (),
                 month=month, day=day, subject=subject,
                 event=frozenset(_stem(word) for index, word in enumerate(words) if word in event_words
                                 and index not in named and not YEAR.fullmatch(word)) if event_words else frozenset(),
                 when=when,
                 # "the most troops"; not "what hit the region most?" (an adverb, last), nor a
                 # description of what the question is about ("who heads the largest civilian mission?")
                 future=language.future_markers if ("when" in present or "happen" in present)
                 and _asks_future(words, present, language) else frozenset(),
                 superlative=not language.superlative_words.isdisjoint(present) and any(
                     word in language.superlative_words and index not in named
                     for index, word in enumerate(words[:-1])),
                 ordinals=tuple(word for index, word in enumerate(words) if word in language.ordinal_words
                                and index not in named) if not language.ordinal_words.isdisjoint(present) else (),
                 share=_asks_share(words, language),
                 opinion=_asks_opinion(words, present, language),
                 began=began,
                 first_of=(month or day) and not person and _first_of(words, named, language),
                 # "who pays the common costs?" asks who, not how much
                 # "how much did alignment fall?", "koliko je iznosila usklađenost?": a degree
                 money="who" not in present and language.degree_words.isdisjoint(present)
                 and _asks_sum(words, present, language),
                 person=person,
                 # not "the first EU military operation", a description of what is asked about
                 first=person and any(word == "first" and index not in named for index, word in enumerate(words)),
                 office=next((word for word in words if word in language.office_nouns), "") if person else "",
                 title=next((word for word in words if word in language.title_offices), "") if person else "",
                 # "what status does Kosovo have now?": a status stands until it changes; only a
                 # figure of today must be dated this year or the two before
                 current=not language.current_words.isdisjoint(present) and _asks_current(words, language)
                 and language.standing_words.isdisjoint(present),
                 count=counting,
                 present_count=in_present and counting,
                 reason=language.reason_words if "why" in present and language.significance_words.isdisjoint(present)
                 else frozenset(),
                 statement=language.statement_markers if statement else frozenset(),
                 purpose=language.recipient_phrases | recipients if has_phrase(words, language.purpose_phrases)
                 else frozenset(),
                 year_part=_year_part(words, present, language) if years else "",
                 which_many=_which_many(words, language) if "which" in present else ("", ""),
                 dissent=_dissent(words, present, language),
                 besides=_other_states(words, present, language) if has_phrase(words, language.besides_phrases)
                 else frozenset(),
                 comparison=not language.comparative_words.isdisjoint(present) and _compares(words, present),
                 agent=next((word for word in words if word in language.agent_verbs), "")
                 if ("who" in present or ("which" in present and not language.title_offices.isdisjoint(present)))
                 and not language.agent_verbs.isdisjoint(present) else "",
                 career=language.career_phrases if people and "what" in present and "who" not in present
                 and not language.came_before_words.isdisjoint(present) else frozenset(),
                 shares_named=_shares_named(words) if not _PERCENT_WORDS.isdisjoint(present) else (),
                 signed="when" in present and not language.signing_words.isdisjoint(present),
                 # "who has been named to replace him?" (not "who was named to replace Sattler?",
                 # whose successor the records of the post name)
                 successor=not (language.future_words.isdisjoint(present)
                                and (people or language.naming_words.isdisjoint(present)))
                 and not language.successor_words.isdisjoint(present),
                 states=_states_named(words, named | set(places), language, subject_states)
                 if not language.state_names.isdisjoint(present) else (),
                 listed=listed, listed_from=language.state_names - present if listed or several_states
                 else frozenset(), several_states=several_states,
                 # "which country led it?"; "what nationality is Orav?": a state the answer names
                 # (of a person, not the partner where he serves)
                 countries=(language.state_names - present - (language.partner_states if people else frozenset()))
                 if "nationality" in present or (not language.counted_states.isdisjoint(present)
                                                 and _asks_which_country(words, language))
                 # "where is Barbano from?", "where does he come from?": of a person, a state
                 # (not "where is EULEX run from?", its headquarters, nor "where does that
                 # obligation come from?", its origin)
                 or ("where" in present and ((words[-1] == "from"
                                               and language.run_from_words.isdisjoint(words[-2:-1]))
                                              or not language.origin_words.isdisjoint(present))
                     and (bool(people) or not (language.office_words | language.office_nouns
                                               | language.counted_people).isdisjoint(present)))
                 else frozenset(),
                 document=not language.document_words.isdisjoint(present)
                 and (exact(language.document_words) or _numbered(words, language.document_words)),
                 neighbour=_neighbour(words, people[0], language) if len(people) == 1 else "",
                 # a source ("according to ISAC", "the Commission's report"), not "the maritime commission"
                 authorities=tuple(dict.fromkeys(word for word in words if word in language.authority_words))
                 if not language.source_words.isdisjoint(present) else ())


def _states_named(words: Sequence[str], named: Collection[int], language: Language,
                  subject_states: frozenset[str] = frozenset()) -> tuple[frozenset[str], ...]:
    """The states a question names that are no partner (partners are entities, in `named`)
    nor one the base's own names and phrasings name (`subject_states`), each as its name and
    adjective ("french": france, french), found by their first two letters (leniently: "ma"
    is Malta and Maltese), but never as a partner ("moldova" is not Montenegro)."""
    found = (frozenset(name for name in language.other_states if name[:2] == word[:2])
             for index, word in enumerate(words)
             if word in language.state_names and word not in subject_states and index not in named
             # "according to the Swedish Armed Forces": whose word, not what is asked
             and language.source_words.isdisjoint(words[max(0, index - 3):index]))
    # a partner's name the base has no entity for (a base without Kosovo*) is no other state
    return tuple(dict.fromkeys(forms for forms in found if forms))


def _other_states(words: Sequence[str], present: frozenset[str], language: Language) -> frozenset[str]:
    """"Which EU states besides Lithuania opposed it?": the states an answer may name instead,
    when a state follows the word that sets it aside; the partners only if one is set aside
    ("besides Albania", not Kosovo* as where a mission works)."""
    aside = [word for index, word in enumerate(words) if word in language.state_names
             and any(f" {' '.join(words[max(0, index - 3):index])}".endswith(f" {phrase}")
                     for phrase in language.besides_phrases)]
    if not aside:
        return frozenset()
    # "other than Poland": not Poland, nor Polish (a state's forms share its first two letters)
    others = {name for name in language.state_names - present if all(name[:2] != word[:2] for word in aside)}
    return frozenset(others if not language.partner_states.isdisjoint(aside) else others - language.partner_states)


def _asks_opinion(words: Sequence[str], present: frozenset[str], language: Language) -> bool:
    """"Is EUFOR still needed, in your opinion?", "should Serbia impose sanctions?", "will
    Serbia ever join?" (not "has Serbia ever ...?", a question of record)."""
    if words and words[0] in language.opinion_openers:
        return True
    if not language.prediction_words.isdisjoint(present) and not language.future_words.isdisjoint(present):
        return True
    return has_phrase(words, language.opinion_phrases)


# Phrases looked for in a text, whole: a language list or an entity's names (hashable, so
# that each set's pattern is made once).
Phrases = frozenset[str] | tuple[str, ...]


def has_phrase(words: Sequence[str], phrases: Phrases) -> bool:
    """Whether the words have one of the phrases (each its words joined by spaces), whole."""
    return _has_phrase_in(f" {' '.join(words)} ", phrases)


def _has_phrase_in(padded: str, phrases: Phrases) -> bool:
    """Whether " words of a text " has one of the phrases, whole."""
    return bool(phrases) and _phrase_pattern(phrases).search(padded) is not None


@functools.lru_cache(maxsize=64)
def _phrase_pattern(phrases: Phrases) -> re.Pattern[str]:
    """One pattern for " phrase " of any of the phrases (a language list, a partner's names):
    a single search, not one per phrase, for every question."""
    return re.compile(" (?:" + "|".join(map(re.escape, phrases)) + ") ")


def _asks_current(words: Sequence[str], language: Language) -> bool:
    """"How many troops now?"; not "the largest mission until today" (a record so far), nor
    "the missions that are now closed" (ended by now)."""
    return any(word in language.current_words and language.until_words.isdisjoint(words[max(0, i - 2):i])
               and language.end_words.isdisjoint(words[i + 1:i + 2])
               for i, word in enumerate(words))


def _asks_future(words: Sequence[str], present: frozenset[str], language: Language) -> bool:
    """"When will ...?", "what is going to happen?"; not "when did EULEX get going?"."""
    return not language.future_words.isdisjoint(present) and any(
        word in language.future_words and (word != "going" or tuple(words[i + 1:i + 2]) == ("to",))
        for i, word in enumerate(words))


def _compares(words: Sequence[str], present: frozenset[str]) -> bool:
    """"... more expensive than EULEX?", "which was more effective, EUPM or Proxima?"."""
    return "than" in present or (bool(words) and words[0] in ("which", "who") and "or" in present)


# An answer that compares: "larger than EUPM", not "more than 1,100 troops" (a number).
_COMPARES = re.compile(r"\b(?:more|less|fewer|larger|bigger|smaller|greater|higher|lower|better|worse|longer|"
                       r"shorter|cheaper)\s+than\s+(?!\d|about|some|half)", re.IGNORECASE)


def _asks_sum(words: Sequence[str], present: frozenset[str], language: Language) -> bool:
    """"What is the budget?", "how much was the measure?"; not "what pays the common
    costs?" (a payer asked), unless it asks how much too."""
    if _how_much(words, present, language):
        return True
    return not language.money_words.isdisjoint(present) and language.payer_words.isdisjoint(present)


def _how_much(words: Sequence[str], present: frozenset[str], language: Language) -> bool:
    """"How much was the second measure?": a sum; not a share or a span ("how much
    longer"). (A degree, "how much does Serbia align?", is left out by the caller.)"""
    return "much" in present and language.share_words.isdisjoint(present) and any(
        first == "how" and second == "much" and language.duration_words.isdisjoint(words[i + 2:i + 4])
        for i, (first, second) in enumerate(pairwise(words)))


# Number words a list may be asked by ("which eight countries"), and how many states an
# answer must name: that many, up to ten (a list of the six partners is no answer to "which
# eight countries ...?"); of a longer list ("all 23 nations"), five named are a list.
_LIST_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# (English number words; digits in any language.)
_LISTED_IN_FULL = 10
_LISTED_ENOUGH = 5


def _list_number(word: str) -> int:
    """"eight", "23": the number a list may be asked by (0 for any other word)."""
    return _LIST_NUMBERS.get(word) or (int(word) if word.isdigit() and len(word) <= 2 else 0)


def _listed(words: Sequence[str], language: Language) -> int:
    """"Which eight countries ...?", "list all 23 troop-contributing nations": how many
    states the answer must name (0: no list of a given length is asked)."""
    for i, word in enumerate(words):
        if word not in language.counted_states:
            continue
        for before in words[max(0, i - 3):i]:
            number = _list_number(before)
            if number >= 2:
                return number if number <= _LISTED_IN_FULL else _LISTED_ENOUGH
    return 0


def _asks_several_states(words: Sequence[str], language: Language) -> bool:
    """"which countries ...?", "what states ...?": states in the plural, right after the word
    that asks (a number between them is `_listed`'s)."""
    return any(word in ("which", "what") and words[i + 1] in language.counted_states
               and words[i + 1].endswith("s") for i, word in enumerate(words[:-1]))


def _dissent(words: Sequence[str], present: frozenset[str], language: Language) -> str:
    """"voted against" ("against"), "abstained" ("abstain"): the stem of the side of a vote asked
    for; "against" alone is no vote ("sanctions against Russia")."""
    if language.dissent_words.isdisjoint(present):  # most questions: no word of a vote's side
        return ""
    for word in words:
        if word in language.dissent_words and (word != "against" or not language.vote_words.isdisjoint(present)):
            return _stem(word)
    return ""


def _which_many(words: Sequence[str], language: Language) -> tuple[str, str]:
    """"which five chapters", "which 3 missions": the number and the noun; not states, which
    `listed` reads."""
    for i in range(1, len(words) - 1):
        number = _list_number(words[i])
        noun = words[i + 1]
        if words[i - 1] == "which" and number >= 2 and noun not in language.function_words \
                and noun not in language.counted_states:
            return str(number), noun
    return "", ""


_DIGIT_WORDS = {str(number): word for word, number in _LIST_NUMBERS.items()}


def _only_counted(answer: str, number: str, noun: str) -> bool:
    """Whether the answer says how many ("closed five chapters, adding to ...") with no list
    after the count (a colon, a bracket or a dash)."""
    count = rf"\b(?:{number}|{_DIGIT_WORDS.get(number, number)})\s+{re.escape(noun)}\b"
    found = list(re.finditer(count, answer, re.IGNORECASE))
    return bool(found) and not any(re.match(r"\s*[:(–—]", answer[m.end():]) for m in found)


def _asks_which_country(words: Sequence[str], language: Language) -> bool:
    """"Which country led it?", "which EU member state ...?"; not "which United Nations body?"."""
    return any(word in language.counted_states and "united" not in words[i - 1:i]
               and not language.exact_words.isdisjoint(words[max(0, i - _WHICH_STATE_REACH):i])
               for i, word in enumerate(words))


# "which European Union member state": "EU" is read as two words
_WHICH_STATE_REACH = 4


def _neighbour(words: Sequence[str], person: str, language: Language) -> str:
    """"before" when the question asks who held the post of `person` before him ("before
    Tomáš Szunyog", "Sørensen's predecessor"), "after" when after him, else ""."""
    # the surname as typed, perhaps inflected ("prije Johanna Sattlera")
    at = next((i for i, word in enumerate(words) if word.startswith(person)), None)
    if at is None:
        return ""
    # before him, or his predecessor or successor just after ("Sørensen's predecessor")
    near = set(words[max(0, at - _NEIGHBOUR_REACH):at]) | (set(words[at + 1:at + 3]) & _HOLDER_NOUNS)
    if not language.came_before_words.isdisjoint(near):
        return "before"
    return "after" if not language.came_after_words.isdisjoint(near) else ""


# How an answer (normalised: "Sørensen's" reads "sorensen") says who held a post before
# or after a person: "before fronda ... barbu", "fronda ... took over from barbu",
# "sorensen predecessor ... lajcak".
_TAKE_OVER = r"(?:took over from|succeeded|replaced|replacing|following|after)"
_CAME_BEFORE = (r"\bbefore {0}\b", r"\b{0}\b(?: \w+){{0,12}} " + _TAKE_OVER + r"\b", r"\b{0} s? ?predecessor\b")
_CAME_AFTER = (r"\bafter {0}\b", r"\b" + _TAKE_OVER + r"(?: \w+){{0,5}} {0}\b", r"\bbefore \w+(?: \w+){{0,4}} {0}\b",
               r"\b{0} s? ?successor\b", r"\bpredecessor(?: \w+){{0,20}} {0}\b")
# "before Tomáš Szunyog", "replaced Lajčák", "Sørensen's predecessor": how near the person
# named the word that asks before or after him must be.
_NEIGHBOUR_REACH = 3
_HOLDER_NOUNS = frozenset({"predecessor", "predecessors", "successor", "successors"})


def _says_neighbour(padded: str, person: str, neighbour: str) -> bool:
    """Whether an answer says who held the post of `person` before him or after him."""
    patterns = _CAME_BEFORE if neighbour == "before" else _CAME_AFTER
    return any(re.search(pattern.format(re.escape(person)), padded) for pattern in patterns)


_NUMBER_NOUNS = frozenset({"number", "numbers"})


def _numbered(words: Sequence[str], documents: frozenset[str]) -> bool:
    """"the resolution number", "decision numbers", "the number of the Council decision":
    the number of a document is asked."""
    return any(word in documents and not _NUMBER_NOUNS.isdisjoint((*words[max(0, i - 4):i], *words[i + 1:i + 3]))
               for i, word in enumerate(words))


def _asks_how_many(words: Sequence[str], language: Language) -> bool:
    """"How many soldiers?"; not "how many months did EUPAT last?", which its dates answer,
    nor "koliko se BiH usklađuje?" ("how much does BiH align?"), a degree."""
    return any(first == "how" and second == "many" and (i + 2 >= len(words)
                                                        or words[i + 2] not in language.duration_words)
               and not _asks_a_degree(words[i + 2:i + 2 + _DEGREE_REACH], language)
               for i, (first, second) in enumerate(pairwise(words)))


# How many words after "how many" a verb of degree may come ("koliko se BiH usklađuje").
_DEGREE_REACH = 3


def _asks_a_degree(after: Sequence[str], language: Language) -> bool:
    """Whether the words after "how many" ask how far something goes: a verb of degree
    ("align"), with nothing counted before it ("how many countries align?" counts); not a
    rated noun ("koliko je iznosila usklađenost?", how much the alignment was: a figure)."""
    for word in after:
        if word in language.degree_words:
            return word not in language.rated_words
        if word in language.counted_people or word in language.counted_states:
            return False
    return False


# How many words after "how many" may name what is counted ("how many North Macedonian
# staff officers"), and how far after a number in an answer it may come ("about 500 personnel").
_COUNTED_REACH = 4
_COUNTED_AFTER = 3


def _counted(words: Sequence[str], named: Collection[int], language: Language) -> frozenset[str]:
    """The words that count what "how many" asks for: people or states, or none."""
    for i, (first, second) in enumerate(pairwise(words)):
        if first != "how" or second != "many":
            continue
        for index in range(i + 2, min(len(words), i + 2 + _COUNTED_REACH)):
            if words[index] in language.location_words:
                break  # "how many in the country?": where, not what is counted
            if words[index] in language.counted_people:  # "how many Albanians": a partner named, and people
                return language.counted_people
            if index in named:
                continue
            if words[index] in language.counted_states:
                return language.counted_states
    return frozenset()


# The words "EU" is read as (function words, since most questions have them).
_EU_WORDS = frozenset({"eu", "european", "union"})


def without_phrased(question: Asked, phrasing: Sequence[str], language: Language) -> Asked:
    """The question without the details that a phrasing has (by stem), nor what it counts
    when the phrasing counts it too: an intent phrased "was {mission} a success?" or "how
    many chapters has {partner} closed?" was written to answer just that."""
    stems = frozenset(map(_stem, phrasing))
    return replace(question, details=tuple(d for d in question.details if _stem(d) not in stems),
                   counted_things=question.counted_things if question.counted_things.isdisjoint(stems)
                   else frozenset(),
                   # "which countries join {topic}?": a list of partners is what it was written for
                   several_states=question.several_states and language.plural_states.isdisjoint(phrasing))


def _counted_things(words: Sequence[str], named: Collection[int], language: Language,
                    known: Callable[[str], bool]) -> frozenset[str]:
    """The stems of the words after "how many" when it counts neither people nor states
    ("how many armoured vehicles did ..." -> armour, vehicl), up to the first function word;
    none when it counts time or money ("how many months", "koliko košta"), which dates and
    sums answer. Words the base does not know are left out: no answer could have them."""
    for i, (first, second) in enumerate(pairwise(words)):
        if first != "how" or second != "many":
            continue
        run = []
        for index in range(i + 2, min(len(words), i + 2 + _COUNTED_REACH)):
            word = words[index]
            if word in _EU_WORDS:  # "how many EU declarations": the EU's name, not the end of the noun
                continue
            if word in language.function_words or word in language.question_prepositions:
                break
            if index not in named and not YEAR.fullmatch(word) and known(word):
                run.append(word)
        if any(word in language.duration_words or word in language.money_words or word in language.currency_words
               for word in run):
            return frozenset()
        return frozenset(map(_stem, run))
    return frozenset()


# A number a question names as it was typed ("1,500", "450"): two digits or more.
_FIGURE = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d{2,})(?![\w,.]\d|\w)")


def figures_named(text: str) -> tuple[str, ...]:
    """"Did the BBC report 450 troops?", "did EUFOR grow to 1,500?": the numbers a question
    names, which its answer must give. Not a year, a day of a date ("16 December") or 100
    (full alignment, as answers say it)."""
    if not any(map(str.isdigit, text)):
        return ()
    found: list[str] = []
    for match in _FIGURE.finditer(text):
        figure = match.group().replace(",", "")
        if YEAR.fullmatch(figure) or figure == "100" or _next_to_month(text, match):
            continue
        found.append(figure)
    return tuple(dict.fromkeys(found))


def _next_to_month(text: str, match: re.Match[str]) -> bool:
    after = text[match.end():match.end() + 12].lstrip(" .")
    before = text[max(0, match.start() - 12):match.start()].rstrip(" ,")
    return any(after.startswith(month) or before.endswith(month) for month in MONTHS)


# Words in quotation marks ('largely unchanged', “come of age”): an apostrophe inside a word
# ("Serbia's") opens and closes none. Two words at least.
_QUOTED = re.compile(r"(?:(?<![\w])['‘]|[\"“])(\w[^'’\"”]*?\s[^'’\"”]*?\w)(?:['’](?![\w])|[\"”])")


_QUOTE_MARKS = frozenset("'‘\"“")


# "PESCO", "IPA", "JHA": an acronym as typed (three or more capitals), not a Roman numeral.
_ACRONYM = re.compile(r"\b[A-ZА-ЯЂЈЉЊЋЏЅЃЌ][A-ZА-ЯЂЈЉЊЋЏЅЃЌ0-9]{2,}\b")
_ROMAN = re.compile(r"[IVXLC]+")


def acronyms_in(text: str) -> tuple[str, ...]:
    """"Do the Western Balkans take part in PESCO?": the acronyms a question names, normalised
    (which an answer must name when the base knows none of them: bot/understand.py)."""
    return tuple(dict.fromkeys(normalize(found) for found in _ACRONYM.findall(text)
                               if not _ROMAN.fullmatch(found)))


def quoted_in(text: str) -> tuple[str, ...]:
    """"Did the report call it 'largely unchanged'?": the quoted words, normalised."""
    if not _QUOTE_MARKS.intersection(text):
        return ()
    return tuple(dict.fromkeys(normalize(found) for found in _QUOTED.findall(text)))


def _gives_figure(figure: str, answer: str) -> bool:
    return re.search(rf"(?<![\d.]){figure}(?!\d)", answer.replace(",", "")) is not None


def _asks_share(words: Sequence[str], language: Language) -> bool:
    """"What percent?", "sa përqind?", "how big was the alignment?"; not "100 percent" (a
    share named, not asked for), nor "alignment, give me the big picture"."""
    shares = language.share_words
    return (not shares.isdisjoint(words) and any(word in shares and not (index and words[index - 1].isdigit())
                                                 for index, word in enumerate(words))) or (
        any(first == "how" and second in ("much", "big") for first, second in pairwise(words))
        and not language.rated_words.isdisjoint(words))


def _shares_named(words: Sequence[str]) -> tuple[str, ...]:
    """"Did Serbia reach 61%?": the shares a question names; 100% is full alignment, as
    answers say it, and "2020 percent" a year."""
    return tuple(word for word, after in pairwise(words)
                 if word.isdigit() and int(word) < 100 and after in _PERCENT_WORDS)


def _dates(question: Asked, answer: str, *, day: bool) -> bool:
    """Whether the answer has a date as fine as asked (a month; a day), in the month and
    year the question names when it names them ("on which day in June 2014?"); of the
    document whose number it names, when it names one (the date nearest to that number of
    all numbers: "Decision 2012/291 (to 14 June 2014), Decision 2014/349 (to 14 June 2016)"
    gives no date of Decision 2014/349 in 2014)."""
    numbers = _numbers_of_documents(question.figures, answer) if question.figures else []
    for date in _DATE.finditer(answer):
        if day and not (date["day"] or date["day2"]):
            continue
        if numbers and not _nearest_is_named(date, numbers):
            continue
        if question.months and date["month"] not in question.months:
            continue
        if question.years and date["year"] not in question.years:
            continue
        return True
    return False


def _numbers_of_documents(figures: Sequence[str], answer: str) -> list[tuple[int, int, bool]]:
    """The documents' numbers an answer gives, (start, end, whether the question names it),
    when it gives one the question names."""
    found = [(m.start(), m.end(), any(_gives_figure(f, m.group()) for f in figures))
             for m in _IDENTIFIER.finditer(answer)]
    return found if any(named for *_, named in found) else []


def _nearest_is_named(date: re.Match[str], numbers: Sequence[tuple[int, int, bool]]) -> bool:
    def distance(number: tuple[int, int, bool]) -> int:
        start, end, _named = number
        return date.start() - end if end <= date.start() else start - date.end()
    return min(numbers, key=distance)[2]


# "When did/was/is ...?", "kada je ...?" (read "when is"), "kur u ...?": a question of a date.
_WHEN_ASKS = frozenset({"did", "was", "were", "is", "are", "has", "have", "had", "will", "does", "do", "u", "e"})


def _year_of_event(question: Asked, records: Sequence[str]) -> bool:
    """For "when ...?": no clause names the event asked, or one that does gives a year
    ("opened Chapter 31 on 24 June 2014 ...; its closing benchmark ..." dates no closing)."""
    naming = _clauses_naming(question.event, records)
    return not naming or any(YEAR.search(_IDENTIFIER.sub(" ", clause)) for clause in naming)  # not "2015/544"


def _dated_event(question: Asked, records: Sequence[str], *, day: bool) -> bool:
    """Whether the records date what is asked as finely as asked: not with the day of
    another event, when a clause names the event with no such date ("a candidate since
    December 2022 ...; on 19 March 2025 the EU ..." gives no day of candidacy)."""
    if not _dates(question, " ".join(records), day=day):
        return False
    naming = _clauses_naming(question.event, records)
    return not naming or any(_dates(question, clause, day=day) for clause in naming)


def names_event(question: Asked, answer: str) -> bool:
    """Whether an answer names the event a "when ...?" question asks of ("appointed")."""
    return bool(question.event) and not question.event.isdisjoint(_stems_of(answer))


def _clauses_naming(event: frozenset[str], records: Sequence[str]) -> list[str]:
    """The clauses of the records that name the event asked (by a stem of its words)."""
    if not event:
        return []
    return [clause for record in records for clause in _CLAUSES.split(record)
            if not event.isdisjoint(_stems_of(clause))]


# How many texts' stems _stems_of remembers: the records and clauses of the answers read.
TEXTS_STEMMED = 2048


@functools.lru_cache(maxsize=TEXTS_STEMMED)
def _stems_of(text: str) -> frozenset[str]:
    """The stems of a record's or a clause's words, lower-cased (read again for every
    question whose readings give that record)."""
    return frozenset(map(_stem, _WORD.findall(text.lower())))


# How many answers' readings _read_answer remembers: the texts of the few facts and intents
# a question's readings render, read again for every question asking of them.
ANSWERS_REMEMBERED = 512


@functools.lru_cache(maxsize=ANSWERS_REMEMBERED)
def _read_answer(answer: str) -> tuple[tuple[str, ...], str, str, _Normalised, bool]:
    """An answer's records, its "(as of ...)" dates, its text without them, that text as
    questions are read (normalised once, by the first check that reads words) and whether
    it is dated: what `unmet` checks any question against."""
    # Each record of an answer ends with its "(as of ...)": "what percentage in 2024?" wants
    # the share in a record of 2024, not a 2022 share beside a 2024 record with none.
    records = tuple(record for record in _AS_OF.split(answer) if record.strip())
    dates = " ".join(_AS_OF.findall(answer)) or answer
    answer = _AS_OF.sub(" ", answer)
    # A year the answer does not name is unmet when the answer dates itself otherwise: an
    # undated answer ("its headquarters were in Zagreb") answers "where, in 1991?" too.
    # An answer dated only by its "as of" dates answers for those years alone: "five EU states
    # do not recognise Kosovo (as of April 2016)" says nothing of 2008, and "the Head of EULEX
    # is Barbano (as of 18 September 2025)" answers for 2025.
    dated = YEAR.search(answer) is not None or YEAR.search(dates) is not None
    return records, dates, answer, _Normalised(answer), dated


def unmet(question: Asked, answer: str, people: Collection[str] = ()) -> Asked:
    """What of the question's specifics an answer's text does not give; `people`: the
    (normalised) names of people the knowledge base knows, as an answer may name them."""
    if not question:
        return question  # most questions ask for nothing in particular: nothing to look for
    records, dates, answer, said, dated = _read_answer(answer)
    # The records a date, a count or a document's number is looked for in (all, unless the
    # question has a subject to find its record by): found once for all four checks.
    in_focus = _focus(question, records)
    focused = " ".join(in_focus)
    return _made(years=tuple(year for year in question.years if dated and year not in answer and year not in dates),
                 months=question.months,
                 opinion=question.opinion,  # no answer gives one
                 began=question.began and _BEGAN.search(focused) is None,
                 first_of=question.first_of and _FIRST_ONE.search(focused) is None,
                 month=question.month and not _dated_event(question, in_focus, day=False),
                 day=question.day and not _dated_event(question, in_focus, day=True),
                 when=question.when and not _year_of_event(question, records),
                 # a share in a quoted name ("the 'Western Balkans QUAD – 100% alignment' platform") is
                 # no figure; one quoted from what was said ("'continues 100% alignment'") is
                 share=question.share and not _in_a_record(_SHARE, [_unnamed(record) for record in records], question),
                 money=question.money and not _in_a_record(_MONEY, records, question),
                 person=question.person and (not _names_a_person_of_year(question, records, answer, said, people)
                                             or not _names_title(question, said)
                                             # "who commanded EUFOR when ...?": one named by an
                                             # office ("the Head of EULEX", not "Borrell said");
                                             # "took over from" says it of a predecessor
                                             or (_stem(question.office) == _COMMAND and not question.neighbour
                                                 and _OFFICES.isdisjoint(said.stems))
                                             # "who was the second head of EULEX?": the one
                                             # an answer says was second, not today's head
                                             or not said.plain_words.issuperset(question.ordinals)),
                 first=question.first and not _names_first_holder(answer, question.office), office=question.office,
                 current=question.current and (_NO_CURRENT.search(answer) is not None
                                               or _dated_before(dates, CURRENT_SINCE)),
                 # "when did Serbia sign it?": the signing, dated in its clause
                 signed=question.signed and not any(_in_a_clause_of(_DATE, record, ("sign[a-z]*",))
                                                    for record in records),
                 successor=question.successor and (_NO_SUCCESSOR.search(answer) is not None
                                                    or _COMES_NEXT.search(answer) is None),
                 superlative=question.superlative and not _SUPERLATIVE.search(answer),
                 future=question.future if question.future and question.future.isdisjoint(said.plain_words)
                 else frozenset(),
                 states=tuple(forms for forms in question.states if said.plain_words.isdisjoint(forms)),
                 listed=question.listed if question.listed and len(
                     said.plain_words & question.listed_from) < question.listed else 0,
                 listed_from=question.listed_from,
                 several_states=question.several_states and len(said.plain_words & question.listed_from) < 2,
                 countries=question.countries if question.countries and not _names_a_country(question, records, said)
                 else frozenset(),
                 # "which resolution renewed it in 2021?": a number in a clause of that year
                 document=question.document and not any(
                     _IDENTIFIER.search(record) if not question.years else
                     _in_a_clause_of(_IDENTIFIER, record, question.years) for record in in_focus),
                 neighbour=question.neighbour if question.neighbour and question.people
                 and not _says_neighbour(said.padded, question.people[0], question.neighbour) else "",
                 count=question.count and (not _counts(focused, question.counted, question.counted_things)
                                           or not _names_each(question.counted_of, said)
                                           or (len(question.states) == 1
                                               and _only_listed(focused, question.states[0]))),
                 counted=question.counted, counted_of=question.counted_of, counted_things=question.counted_things,
                 partners=question.partners if question.partners and not _names_each(question.partners, said) else (),
                 people=tuple(name for name in question.people if name not in said.words),
                 figures=tuple(figure for figure in question.figures if not _gives_figure(figure, answer)),
                 # a quotation's words, not its form: "100% alignment with CFSP" is in "... with EU CFSP"
                 quoted=tuple(words for words in question.quoted if not said.words.issuperset(words.split())),
                 details=tuple(detail for detail in question.details if _stem(detail) not in said.stems),
                 bodies=tuple(body for body in question.bodies if not re.search(rf"\b{body}\b", answer, re.IGNORECASE)),
                 reason=question.reason if question.reason and question.reason.isdisjoint(said.words) else frozenset(),
                 purpose=question.purpose if question.purpose and not _says_what_for(answer, question)
                 else frozenset(),
                 # "who drafted resolution 2757?": the drafting said in the record of 2757
                 agent=question.agent if question.agent and not _does_agent(question, records, said) else "",
                 dissent=question.dissent if question.dissent and question.dissent not in said.stems else "",
                 besides=question.besides if question.besides and question.besides.isdisjoint(said.plain_words)
                 else frozenset(),
                 comparison=question.comparison and not _COMPARES.search(answer) and not _SUPERLATIVE.search(answer),
                 which_many=question.which_many if question.which_many[1]
                 and _only_counted(answer, *question.which_many) else ("", ""),
                 career=question.career if question.career and not said.says_any(question.career) else frozenset(),
                 year_part=question.year_part if question.year_part
                 and not _of_year_part(answer, question.years, question.year_part) else "",
                 statement=question.statement if question.statement and not _QUOTATION_MARKS.intersection(answer)
                 and question.statement.isdisjoint(said.plain_words) else frozenset(),
                 shares_named=tuple(share for share in question.shares_named
                                    if not re.search(rf"(?<![\d.,]){share}\s*(?:%|per ?cent)", answer)),
                 authorities=tuple(a for a in question.authorities if not _names_authority(answer, a)))


# A sum ("€13 million", "10 million euros") and, after it in its sentence, what it was for:
# "for" what is not whom it went to ("for BiH", "for the Armed Forces of Albania"), or
# "supports the ...", "to buy ...", "includes ...".
_SUM = re.compile(r"€\s?\d[\d.,]*(?:\s*(?:million|billion|bn|m)\b)?|"
                  r"\b\d[\d.,]*\s*(?:million|billion)\s*(?:euros?|EUR)\b",
                  re.IGNORECASE)
_WHAT_IT_DOES = (r"\bsupports?\s+(?:the|its|their)\b|\bsupport for\b|"
                 r"\bto (?:buy|fund|finance|equip|support|strengthen|improve|provide|acquire)\b|"
                 r"\binclud(?:es|ing)\b")


@functools.lru_cache(maxsize=8)
def _what_for(recipients: frozenset[str]) -> re.Pattern[str]:
    """"for" and what is no recipient (the partners' names, language.recipient_phrases), or
    what the sum does."""
    names = "|".join(r"\s+".join(map(re.escape, name.split())) for name in sorted(recipients, key=len, reverse=True))
    return re.compile(rf"\bfor\s+(?!(?:(?:the|its|their)\s+)?(?:{names})\b)|{_WHAT_IT_DOES}", re.IGNORECASE)


_SENTENCE = re.compile(r"(?<=[.;])\s+")


def sums_in(answer: str) -> int:
    """How many sums of money an answer gives ("€165.31 million: €58.5 million for ...")."""
    return len(_MONEY.findall(_AS_OF.sub("", answer)))


def says_what_a_sum_was_for(answer: str, question: Asked) -> bool:
    """Whether an answer gives a sum and says what it was for ("€13 million ... for light
    armoured vehicles"): what "to buy what?" asks just after it."""
    return _what_the_sums_were_for(answer, question) is True


def _says_what_for(answer: str, question: Asked) -> bool:
    """Whether an answer that gives a sum says what it was for (one that gives no sum
    answers "for what task?" otherwise, and is not checked)."""
    return _what_the_sums_were_for(answer, question) is not False


def _what_the_sums_were_for(answer: str, question: Asked) -> bool | None:
    """Whether the answer says what its sum was for, after it in its sentence; None when it
    gives no sum. The sum asked about, when the question names its figure or its year ("the
    €15 million package of 2026")."""
    sums = [found for sentence in _SENTENCE.split(answer) if (found := _SUM.search(sentence))]
    if not sums:
        return None
    if question.figures:
        sums = [found for found in sums if any(figure in found.group() for figure in question.figures)] or sums
    elif question.years:
        sums = [found for found in sums if any(year in found.string for year in question.years)] or sums
    what_for = _what_for(question.purpose)
    return any(what_for.search(found.string, found.end()) for found in sums)


# "from Austria, Bulgaria, Romania and Slovakia": a state named in a list, next to another
# name; with no figure of its own after it ("Austria (300)", "Austria: 300").
_LISTED_BESIDE = re.compile(r"(?:,\s*|\s+and\s+)[A-Z]")
_LISTED_AFTER = re.compile(r"[A-Z][\w-]*(?:,\s*|\s+and\s+)$")
_OWN_FIGURE = re.compile(r"\W{0,3}\d")


def _only_listed(text: str, forms: Collection[str]) -> bool:
    """Whether every mention of the state (by any of its forms) is one of a list of states
    with no figure of its own: "how many soldiers did Bulgaria send?" is not answered by
    "four reserve companies (about 500 personnel) from Austria, Bulgaria, Romania and Slovakia"."""
    found = [m for form in forms for m in re.finditer(rf"\b{re.escape(form)}\b", text, re.IGNORECASE)]
    return bool(found) and all(
        (_LISTED_BESIDE.match(text, m.end()) or _LISTED_AFTER.search(text[max(0, m.start() - 30):m.start()]))
        and not _OWN_FIGURE.match(text, m.end()) for m in found)


def _year_part(words: Sequence[str], present: frozenset[str], language: Language) -> str:
    """"first half of 2024", "gjysmën e parë" (half first): "first"; "the whole of 2024": "whole"."""
    if not language.half_words.isdisjoint(present):
        for index, word in enumerate(words):
            if word in language.half_words:
                near = words[max(0, index - 2):index + 3]
                if "first" in near or "second" in near:
                    return "first" if "first" in near else "second"
        return ""
    return "whole" if not language.whole_year_words.isdisjoint(present) else ""


# What comes before a year in an answer says which part of it a figure is of.
_FIRST_HALF = re.compile(r"(?:January|Jan)\s*[–-]\s*June\s+$|first half of\s+$|\bH1\s+$", re.IGNORECASE)
_SECOND_HALF = re.compile(r"(?:July|Jul)\s*[–-]\s*December\s+$|second half of\s+$|\bH2\s+$", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b{_ANY_MONTH}\s+$", re.IGNORECASE)  # "24 June 2024": a day, no year's figure


def _of_year_part(answer: str, years: Sequence[str], part: str) -> bool:
    """Whether the answer names one of the years as of the part asked: "January–June 2024"
    is of its first half, "54% for 2023" of the whole year ("on 24 June 2024" of neither)."""
    for year in years:
        for found in re.finditer(rf"\b{year}\b", answer):
            before = answer[max(0, found.start() - 25):found.start()]
            found_part = "first" if _FIRST_HALF.search(before) else "second" if _SECOND_HALF.search(before) \
                else "date" if _MONTH_BEFORE.search(before) else "whole"
            if found_part == part:
                return True
    return False


def _first_of(words: Sequence[str], named: Collection[int], language: Language) -> bool:
    """"its first intergovernmental conference", "the first measure": "first" before what
    it qualifies, outside a name ("the first EU military operation" names Concordia)."""
    return any(word == "first" and index not in named and index + 1 < len(words)
               and words[index + 1] not in language.function_words and not words[index + 1].isdigit()
               for index, word in enumerate(words))


def _subject(words: Sequence[str], language: Language) -> frozenset[str]:
    asking = language.day_words | language.exact_words | language.document_words
    return frozenset(word for word in words if word not in language.function_words and word not in language.padding
                     and word not in asking and (not word.isdigit() or YEAR.fullmatch(word)))


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return str(stemmer("english").stemWord(word))


def _focus(question: Asked, records: Sequence[str]) -> list[str]:
    """The records a date or a count is asked of: those that share most words with the
    question (on "on what date did parliament vote on EUMAM Ukraine?", the record of that
    vote, not another vote's day beside it; on "how many soldiers in EUMAM Ukraine?", not
    the soldiers of EUTM Mali beside it). Not for sums and shares: measured on the blind dev
    halves, that declined two right answers to gain one decline."""
    if len(records) < 2 or not question.subject:
        return list(records)
    subject = {_stem(word) for word in question.subject}
    # Lower-case words are enough here: the subject's words are what the records say.
    shared = [len(subject.intersection(_stems_of(record))) for record in records]
    most = max(shared)
    return [record for record, count in zip(records, shared, strict=True) if count == most]


def _dated_before(dates: str, year: int) -> bool:
    """Whether every year in `dates` (the answer's "(as of ...)", or its text) is before `year`."""
    years = [int(found) for found in YEAR.findall(dates)]
    return bool(years) and max(years) < year


def _unnamed(record: str) -> str:
    """The record without the quoted names it gives ("the 'Western Balkans QUAD – 100%
    alignment with EU CFSP' platform"): quoted words that begin with a capital."""
    return _QUOTED.sub(lambda quoted: " " if quoted.group(1)[0].isupper() else quoted.group(0), record)


def _does_agent(question: Asked, records: Sequence[str], said: _Normalised) -> bool:
    """Whether the answer says who did what is asked ("drafted by Greece"): in a record with
    the numbers the question names, if it names any."""
    agent = _stem(question.agent)
    if not question.figures:
        return agent in said.stems
    return any(all(_gives_figure(f, record) for f in question.figures) and agent in _Normalised(record).stems
               for record in records)


def _in_a_record(figure: re.Pattern[str], records: Sequence[str], question: Asked) -> bool:
    """Whether a record gives the figure: in a year asked about if any is, by whoever it is
    asked of ("the Commission's", not "NGO figures (... not Commission figures)")."""
    return any(figure.search(record) and (not question.years or _in_a_clause_of(figure, record, question.years))
               and (not question.ordinals or _in_a_clause_of(figure, record, question.ordinals))
               and by_authorities(record, question.authorities)
               for record in records)


# Where a record's clauses part: "€13 million adopted on 15 July 2024 ..., and a second one
# of 25 July 2025, whose amount was not confirmed" gives no sum of 2025.
_CLAUSES = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|\.\s+(?=[A-Z])")


# Marks that open a quotation ("’" also ends "Serbia’s", so it is no quotation).
_QUOTATION_MARKS = frozenset("“”\"‘«»„")


def _asks_statement(present: frozenset[str], language: Language, *, person_named: bool = False) -> bool:
    """"What did Rama say?", "Šta je Borelj rekao?": what someone said; not who said it
    ("which spokesperson said ...?"), nor what a text or a source of figures says ("what does
    the report say?", "what did ISAC say about 2022?"), unless a person is named ("what did
    Kos say about the package?")."""
    return "what" in present and not language.statement_words.isdisjoint(present) \
        and "who" not in present and "which" not in present and (person_named or (
            language.writing_words.isdisjoint(present) and language.authority_words.isdisjoint(present)))


def _unknown_speaker(words: Sequence[str], named: Collection[int], language: Language,
                     known: Callable[[str], bool]) -> tuple[str, ...]:
    """The words the base never uses between "what did" and "say" ("what did Milorad Dodik
    say?"): the name of someone no answer can report."""
    start = words.index("what") + 1 if "what" in words else 0
    end = next((i for i, word in enumerate(words) if i >= start and word in language.statement_words), start)
    return tuple(word for index, word in enumerate(words[start:end], start)
                 if index not in named and word.isalpha() and not known(word))


_ACCORDING_TO = re.compile(r"\baccording to (?:the )?(\w+)", re.IGNORECASE)


def _names_a_country(question: Asked, records: Sequence[str], said: _Normalised) -> bool:
    """Whether the answer names a state; of a person (or a numbered thing) the question names,
    in a clause naming him ("what nationality is Lajčák?" is not answered by "Danish diplomat
    Peter Sørensen")."""
    # "according to the Swedish Armed Forces": whose word, not a state the answer names
    sources = {normalize(found) for found in _ACCORDING_TO.findall(" ".join(records))}
    if said.plain_words.isdisjoint(question.countries - sources):
        return False
    # "which country drafted resolution 2757?": of what the question names by its number too
    marks = frozenset(question.people) | frozenset(question.figures)
    return not marks or any(
        not question.countries.isdisjoint(words) and not words.isdisjoint(marks)
        for record in records for clause in _CLAUSES.split(record) for words in [frozenset(normalize(clause).split())])


def _in_a_clause_of(figure: re.Pattern[str], record: str, years: Sequence[str]) -> bool:
    """Whether one clause of the record gives the figure and each of the years ("the budget
    for the 2025-2027 mandate" is not the budget of a mandate to 2025), or of the ordinals
    ("the second measure")."""
    return any(figure.search(clause) and all(re.search(rf"\b{mark}\b", clause, re.IGNORECASE) for mark in years)
               for clause in _CLAUSES.split(record))


def by_authorities(record: str, authorities: Sequence[str]) -> bool:
    """Whether a record is in the words of each of `authorities` ("the Commission's ...")."""
    return all(_names_authority(record, authority) for authority in authorities)


def _names_authority(record: str, authority: str) -> bool:
    denied = re.sub(rf"\bnot (?:the |an? )?{re.escape(authority)}", " ", record, flags=re.IGNORECASE)
    return re.search(rf"\b{re.escape(authority)}", denied, re.IGNORECASE) is not None


_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_OFFICIAL_JOURNAL = re.compile(r"\bOJ (?:L|C) \d+(?:/\d+)?")
_NUMBER_WORDS = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                           r"twenty|thirty|forty|fifty|hundred|thousand|dozen|dozens|hundreds|thousands)\b",
                           re.IGNORECASE)


def _counts(answer: str, counted: frozenset[str] = frozenset(), things: frozenset[str] = frozenset()) -> bool:
    """Whether the answer gives a number that is no year, no day of a date and no document's
    number ("Decision 2025/1562", "OJ L 217"); of `counted` when given: one of them follows
    it closely ("about 500 personnel", not "49 of 81 votes"); of `things`, stems, likewise
    ("15 police agencies")."""
    undated = _undated(answer)
    if counted or things:
        words = re.findall(r"[\w']+", undated.lower())
        return any((_NUMBER_WORDS.fullmatch(word) or (word[0].isdigit() and not YEAR.fullmatch(word)))
                   and (not counted.isdisjoint(following) if counted else not things.isdisjoint(map(_stem, following)))
                   for i, word in enumerate(words) for following in (words[i + 1:i + 1 + _COUNTED_AFTER],))
    return bool(_NUMBER_WORDS.search(undated)) or any(
        not YEAR.fullmatch(number) for number in _NUMBER.findall(undated))


@functools.lru_cache(maxsize=ANSWERS_REMEMBERED)
def _undated(text: str) -> str:
    """The text without its dates, documents' numbers and Official Journal references: the
    numbers left are counts (remembered: an answer is checked for several questions). A date
    names a month (_DATE), so a text naming none has none to remove, and is not searched."""
    if any(month in text for month in MONTHS):
        text = _DATE.sub(" ", text)
    return _OFFICIAL_JOURNAL.sub(" ", _IDENTIFIER.sub(" ", text))


def _names_each(partners: Sequence[tuple[str, ...]], said: _Normalised) -> bool:
    """Whether the answer names each partner by one of its names."""
    return all(said.says_any(names) for names in partners)


class _Normalised:
    """An answer's text as questions are read, made when a check first needs it."""

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def padded(self) -> str:  # " words of it ": a name is found whole
        return f" {normalize(self._text)} "

    def says_any(self, phrases: Phrases) -> bool:
        """Whether the answer has one of these (normalised) phrases, whole."""
        return _has_phrase_in(self.padded, phrases)

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self.padded.split())

    @cached_property
    def plain_words(self) -> frozenset[str]:  # lower case only: enough for English names of states
        return frozenset(_WORD.findall(self._text.lower()))

    @cached_property
    def stems(self) -> frozenset[str]:  # "wounded" is found as "wound"
        return frozenset(map(_stem, self.plain_words))


def _names_first_holder(answer: str, office: str) -> bool:
    """Whether the answer says who first held the office ("its first Head of Mission was
    ..."), not that something else was a first ("the first time the roles were merged")."""
    near = rf"(?:\W+\w+){{0,{_FIRST_REACH}}}?\W+{re.escape(office)}" if office else ""
    return re.search(_FIRST + near, answer, re.IGNORECASE) is not None


def _names_title(question: Asked, said: _Normalised) -> bool:
    """Whether an answer to "who was the commissioner ...?" names a commissioner (not only
    "President Juncker"): for the titles of `title_offices`, the title is in the answer."""
    return not question.title or question.title in said.plain_words or f"{question.title}s" in said.plain_words


# Titles that name no one on their own: "Montenegro's Defence Minister, ..." is no name,
# "Minister Vuk Jeremić" and "Major General Fronda" are.
_TITLES = frozenset(PERSON_TITLES)
_NAME_AFTER = re.compile(r"\s+[A-Z]")


def _names_a_person_of_year(question: Asked, records: Sequence[str], answer: str, said: _Normalised,
                            people: Collection[str]) -> bool:
    """Whether the answer names a person; in a record of the year asked, when one is asked
    and a record names it ("who signed the 2008 agreement?" is not answered by a minister of
    2025 beside the record of 2008)."""
    of_year = [record for record in records if any(re.search(rf"\b{year}\b", record) for year in question.years)]
    if not of_year or len(of_year) == len(records):
        return _names_a_person(answer, said, people)
    return any(_names_a_person(record, _Normalised(record), people) for record in of_year)


def _names_a_person(answer: str, said: _Normalised, people: Collection[str]) -> bool:
    return not said.words.isdisjoint(people) or any(
        found.group().rsplit(" ", 1)[-1] not in _TITLES or _NAME_AFTER.match(answer, found.end())
        for found in PERSON_PATTERN.finditer(answer))


def names_a_year(answer: str) -> bool:
    """Whether an answer is dated, its "(as of ...)" aside."""
    return YEAR.search(_AS_OF.sub(" ", answer)) is not None


def says_there_is_none(question: Asked, answer: str) -> bool:
    """Whether an answer says outright that what is asked is not known ("No official current
    troop figure ... was found", "no successor was found"): no neighbouring answer is given
    in its place either."""
    return (question.current and _NO_CURRENT.search(answer) is not None) or \
        (question.successor and _NO_SUCCESSOR.search(answer) is not None)


def says_none_today(question: Asked, answer: str) -> bool:
    """Whether an answer to a number asked in the present tense ("how many troops does EUFOR
    have?") opens by saying no current figure was found, before the dated ones (asked "now",
    says_there_is_none)."""
    return question.present_count and _NO_CURRENT.match(answer) is not None


def gives(question: Asked, answer: str, people: Collection[str] = ()) -> bool:
    """Whether an answer's text gives everything the question asks for."""
    return not unmet(question, answer, people)
