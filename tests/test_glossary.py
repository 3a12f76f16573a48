"""The glossary folds the region's words to the English ones the phrasings use: listed
variants, their accent-less, Cyrillic and inflected forms, and their misspellings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.context import Conversation
from bot.engine import Engine
from bot.normalize import normalize
from bot.validate import load_engine

FOLDED = yaml.safe_load((Path(__file__).parent / "glossary_folded.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(PROJECT_ROOT)


def reads(engine: Engine, text: str) -> str:
    """The question's words as the matcher sees them, after normalisation and the glossary."""
    return " ".join(engine.glossary.apply(normalize(text).split()))


@pytest.mark.parametrize(("form", "term"), [(form, term) for term, forms in FOLDED.items() for form in forms])
def test_a_dropped_variant_is_still_read_as_its_term(engine: Engine, form: str, term: str) -> None:
    assert reads(engine, form) == term


@pytest.mark.parametrize(("typed", "read"), [
    ("pregovorii", "negotiations"),  # pregovori
    ("komandnt", "commander"),  # komandant
    ("kandidta", "candidate"),  # kandidat
    ("operacja", "operation"),  # operacija
    ("partnerstov", "partnership"),  # partnerstvo
    ("budzett", "budget"),  # budzet
    ("sankcjie", "sanctions"),  # sankcije
    ("bezbednst", "security"),  # bezbednost
    # an inflection misspelt, like a variant only by stem: "strategiju", "bezbednosnu"
    ("strtaegiju", "strategy"),
    ("bezbdenosnu", "security"),
    ("policjiskih", "police"),  # 84 like "poljskih" (Polish) as written, 94 by stem like "policijsk"
])
def test_a_misspelt_local_word_is_read_as_its_variant(engine: Engine, typed: str, read: str) -> None:
    assert reads(engine, typed) == read


@pytest.mark.parametrize("word", [
    "kosvo",  # a misspelt name: left for the entity finder
    "allignment",  # a misspelt English word: the scorer reads it as "alignment"
    "weather", "vaccines", "berlin",  # other subjects stay other subjects
    "misj",  # too short to guess at
    # words of their own a letter or two from a variant, but for their first: a misspelling
    # keeps the first letter ("usvojen" adopted, "otvorila" opened, "potpisana" signed)
    "svoje", "potvrdila", "opisana",
    # a word spelt right in the records is no misspelt variant: "australia" (no "austriak")
    "australia",
])
def test_words_that_are_not_misspelt_local_words_are_left_alone(engine: Engine, word: str) -> None:
    assert reads(engine, word) == word


def test_a_word_that_cues_a_fact_is_no_misspelt_variant(engine: Engine) -> None:
    # "ceiling" (knowledge/fact_words.yaml) is 83 like the Albanian "cilin" (which)
    assert reads(engine, "staff ceiling") == "personnel ceiling"
    assert "1,250" in engine.answer("What is EULEX's staff ceiling?").text


def test_a_misspelt_local_question_is_answered(engine: Engine) -> None:
    reply = engine.answer("koliko vojnka ima eufor althea")
    assert (reply.intent, reply.entities) == ("mission.size", ("althea",))


@pytest.mark.parametrize(("local", "english"), [
    ("deminiranje", "demining"),  # Serbian, Croatian, Bosnian, Montenegrin
    ("razminiranju", "demining"),  # an inflection, by its Serbian stem
    ("çminimin", "demining"),  # Albanian
    ("sajber napadom", "cyber attack"),
    ("sulmi kibernetik", "cyber attack"),  # Albanian puts the adjective after the noun
    ("сајбер напад", "cyber attack"),  # Macedonian Cyrillic, transliterated first
    ("evropski mirovni instrument", "european peace facility"),
    ("instrumenti evropian për paqen", "european peace facility"),
    ("nezavisnost", "independence"),
    ("pavarësinë", "independence"),
    ("priznaju", "recognise"),
    ("sankcijama", "sanctions"),
    ("restriktivne mjere", "sanctions"),
    ("strategiju", "strategy"),
    ("strategjisë", "strategy"),
    ("zajednička spoljna i bezbednosna politika", "common foreign i security policy"),
    ("terorizma", "terrorism"),
    ("malo i lako oružje", "small arms and light weapons"),
    ("obuku", "training"),
    ("savjetnici", "advisors"),
    ("sudije", "judges"),
    ("tužioci", "prosecutors"),
    ("vladavine prava", "rule of law"),
    ("sundimit të ligjit", "rule of law"),
    ("koliko dugo", "how long"),
    ("izvršna ovlašćenja", "executive powers"),
    ("kompetenca ekzekutive", "powers executive"),  # Albanian puts the adjective after the noun
    ("përafruara", "aligned"),
    ("stožer", "headquarters"),  # Croatian
    ("primopredaja", "took over"),
    ("фокус", "focus"),
    ("van Evrope", "outside european"),  # "van" is "outside" as "izvan" is
    ("dva stupa", "dva pillars"),
    ("jednoglasna", "unanimous"),
    ("udhërrëfyesin e kontrollit të armëve të zjarrit", "roadmap e control te firearms"),
    ("северноатлантскиот совет", "north atlantic council"),
    ("më i gjatë", "longest"),
    ("1 yr", "1 year"),
    ("start n end", "start and end"),  # "n" is "and" as typed in chats
    ("Brussels' envoy", "european union envoy"),  # the EU's, as the news says it
    ("the EU's top representative", "the european union representative"),
    ("the EU guy for the dialogue", "the european union envoy for the dialogue"),  # casually
    ("agreement w eu b4 2012", "agreement with european union before 2012"),
    # follow-ups on what was just answered
    ("ostaju", "stay"),  # "i koliko dugo ostaju?": no "cost" ("koštaju") misread
    ("oblasti pokriva", "areas covers"),
    ("obuhvata taj paket", "covers that package"),
    ("tamo", "there"),
    ("ključni rezultat", "key results"),
    ("kasnije", "later"),
    ("joj", "its"),  # "kada joj je istekao mandat?": a mission is "she"
    ("njihov", "their"),
    ("miliona evra", "million euro"),
    ("savet bezbednosti", "security council"),
    ("parlamenti evropian", "european parliament"),
    ("rezervne čete", "reserve companies"),
    ("pojačan", "reinforce"),  # "EUFOR pojačan": not an unknown mission "EUFOR Pojačan"
    ("OSBiH", "armed forces of bosnia and herzegovina"),
    ("radnu grupu", "task force"),  # by the stems of "radna grupa"
    ("akcioni plan", "action plan"),
    ("sprečavanju", "prevention"),
    ("poslanika", "mps"),
    ("komiteti", "committee"),
    ("ndërqeveritare", "intergovernmental"),
    ("data e saktë", "exact date"),
    ("pričuvne satnije", "reserve companies"),
    ("naznačen", "appointed"),
    ("воспоставена", "established"),
    # "do danas" is "to date" (a record so far), not "danas" alone ("currently")
    ("do danas", "to date"),
    ("danas", "currently"),
    # "zajednička akcija" is a Joint Action; "zajedničkom" beside "politikom" is still "common"
    ("zajedničkom akcijom", "joint action"),
    ("заедничка акција", "joint action"),
    ("zajedničkom spoljnom", "common foreign"),
    ("sudskim postupcima premeštenim", "court proceedings relocated"),
    ("veleposlanik", "ambassador"),
    ("trećih država", "third country"),
    ("službenom listu", "official journal"),
    ("uvođenje sankcija", "introducing sanctions"),
    ("koordinaciju", "coordination"),
    ("досега", "so far"),
    ("тековните", "current"),
    ("задачата", "tasks"),
    # read as the records are: "conclude" and "created" fold to "end" and "established" there
    ("t'i përmbyllë negociatat", "t i end negotiations"),
    ("creation", "established"),
    ("entitet", "entity"),
    # English phrasal verbs of an ending, read as the records' "end"
    ("after eupat wrapped up", "after eupat ended"),
    ("decide to wind up allied harmony", "decide to end allied harmony"),
    # "the EUs police mission", "the EU military op"
    ("the eus police mission", "the european union police mission"),
    ("military op", "military operation"),
    # "the mandate length" asks how long, as the launch records' durations say
    ("mandate length", "mandate duration"),
    ("u više navrata", "repeatedly"),
    # the partners' adjectives, in any case, read as the English ones that name them
    ("crnogorskih vojnika", "montenegrin troops"),
    ("srpskim", "serbian"),
    ("македонските", "macedonian"),
    ("bosanskih", "bosnian"),
    # ... but Republika Srpska stays a name, whatever its case
    ("Republike Srpske", "republika srpska"),
    ("Република Српска", "republika srpska"),
    # "the other countries", in any case: not "ostaje" (stays) or "koštale" (cost) mistyped
    ("ostale zemlje", "other countries"), ("ostalih", "other"), ("ostali", "other"),
    ("koštalo", "cost"),
    # words the typo reader took for a variant a letter or two off: "pošalje" for "poslije"
    # (after), "potpora" for "potoa" (then), "noviot" for "negoviot" (his), "drejtësisë" for
    # "drejtuesi" (head)
    ("pošalje", "send"), ("potpora", "support"), ("noviot", "new"), ("drejtësisë", "justice"),
    ("Maliju", "mali"),  # the places of missions outside the region, inflected
    ("Somaliji", "somalia"),
])
def test_the_domain_content_words_reach_the_english_ones(engine: Engine, local: str, english: str) -> None:
    assert reads(engine, local) == english


@pytest.mark.parametrize(("question", "intent", "entity"), [
    ("koliko osoblja ima eulex", "mission.size", "eulex"),
    ("sa para ka dhënë instrumenti evropian për paqen për shqipërinë", "partner.epf", "albania"),
    ("koliko je novca EPF dao za deminiranje u BiH", "partner.epf", "bih"),
    # "kada je" + a past participle is "when did": the date Montenegro became a candidate,
    # not its EU status today.
    ("kad je Albanija postala kandidat za članstvo u EU?", "partner.candidate", "albania"),
    # "u sklopu" (as part of) is no part of a mission's name: not an unknown "sklopu operation althea"
    ("koliko je vojnika bilo u sklopu operacije Althea 2004?", "mission.size", "althea"),
    ("Кад је Северна Македонија постала кандидат за чланство у ЕУ?", "partner.candidate", "north_macedonia"),
    # the office named with the partner's inflected name: that partner's EUSR, not the list of all
    ("Ko je trenutno specijalni predstavnik EU u Bosni i Hercegovini?", "mission.head", "eusr_bih"),
    # "do" is "until" before "koje godine", and "trajala" is "lasted": when it ended
    ("Do koje godine je trajala misija EUPOL Proxima?", "mission.ended", "proxima"),
    ("До која година траеше мисијата Проксима?", "mission.ended", "proxima"),
    ("koja civilna misija EU ima izvršna ovlašćenja", "missions.executive_powers", None),
    # "nastavio" is "continued" (who carried on after it), not "sastavio", drafted
    ("ko je nastavio posle EUPM-a?", "mission.successor", "eupm"),
    # "pre" (before) is left alone as a word ("pre-accession"), read only in phrases
    ("koja je misija bila pre Proxime?", "mission.predecessor", "proxima"),
    ("šta je bilo pre EUPAT-a?", "mission.predecessor", "eupat"),
    ("koje zemlje spadaju u Zapadni Balkan po mišljenju EU?", "partners.list", None),  # "spadaju": belong
])
def test_a_local_question_reaches_the_same_answer(engine: Engine, question: str, intent: str,
                                                 entity: str | None) -> None:
    reply = engine.answer(question)
    assert (reply.intent, entity is None or entity in reply.entities) == (intent, True), reply.text


def test_a_partner_named_by_a_local_adjective_is_recognised(engine: Engine) -> None:
    mentions = engine.understand("Koliko je crnogorskih vojnika služilo u misijama EU?").mentions
    assert [m.entity_id for m in mentions] == ["montenegro"]
    # Republika Srpska is no mention of Serbia
    assert not engine.understand("Šta je Republika Srpska odbila?").mentions


@pytest.mark.parametrize(("typed", "partner"), [
    ("nmk saa entered into force when", "north_macedonia"),
    ("srb candidate since", "serbia"),
    ("mne fpa signed", "montenegro"),
    ("alb troops in althea", "albania"),
])
def test_a_partner_named_by_its_country_code_is_recognised(engine: Engine, typed: str, partner: str) -> None:
    # knowledge/partners.yaml: the shorthand people type in chats
    assert partner in [m.entity_id for m in engine.understand(typed).mentions]


@pytest.mark.parametrize(("typed", "partner"), [
    ("cilat misione ka BE në Bosnjë?", "bih"),  # Albanian, short: "Bosnjë", not "Bosnjë dhe Hercegovinë"
    ("çfarë bën BE në Mal të Zi?", "montenegro"),  # "in Montenegro": "Mal të Zi", not "Mali i Zi"
])
def test_a_partner_named_by_its_short_or_inflected_albanian_name_is_recognised(engine: Engine, typed: str,
                                                                                partner: str) -> None:
    assert partner in [m.entity_id for m in engine.understand(typed).mentions]


def test_refusing_is_rejecting(engine: Engine) -> None:
    # The records say Republika Srpska "rejected" sanctions; people ask who "refused" (odbio)
    assert "refused" in engine.understand("which entity rejected sanctions on russia").words
    reply = engine.answer("Koji entitet je više puta odbio uvođenje sankcija Rusiji?")
    assert "Republika Srpska" in reply.text, reply.text


def test_local_words_for_a_detail_reach_it(engine: Engine) -> None:
    # judges and prosecutors are details only a record naming them gives (EULEX's size does not)
    assert engine.understand("koliko sudija i tužilaca ima eulex").asked.details == ("judges", "prosecutors")


def test_an_english_word_of_the_records_is_no_misspelt_local_word() -> None:
    from bot.config import PROJECT_ROOT
    from bot.validate import load_engine
    engine = load_engine(PROJECT_ROOT)
    # "resident" (the EUSR resident in Skopje) was read as a misspelt "president".
    assert "resident" in engine.understand("the first EU Special Representative resident in Skopje").words


def test_the_words_the_bot_reads_questions_by_are_never_misspellings() -> None:
    # "wounded" is a word of knowledge/language.yaml (detail_nouns), not a misspelt "founded".
    engine = load_engine(PROJECT_ROOT)
    assert "wounded" in engine.understander.words("how many medics were wounded in Somalia?")


def test_at_first_reads_initially(engine: Engine) -> None:
    # knowledge/glossary.yaml: what a record says happened "initially" is what "at first" asks
    assert engine.understander.words("how many troops did the EU deploy at first?")[-1] == "initially"


def test_back_in_a_year_is_that_year(engine: Engine) -> None:
    # "back" says the time again; read as a word of what is asked, it had cost a question
    # its subject ("the EU special rep in Skopje back in 2001, what was that?")
    assert "back" not in engine.understander.words("who led EUFOR back in 2005, and back then?")
    # "stationed in" says where, as "in" does: "the EU force stationed in Sarajevo" is the EU force in Sarajevo
    assert "althea" in [m.entity_id for m in engine.understand("the EU force stationed in Sarajevo").mentions]
    reply = engine.answer("the EU special representative in Skopje back in 2001, what was that?")
    assert reply.matched and "eusr_north_macedonia" in reply.entities, reply.text


@pytest.mark.parametrize(("typed", "read"), [
    ("slednji", "slednji"),  # "poslednji" (last) without its first letters: another word, no typo
    ("следниот", "next"),  # Macedonian "the next", not "posledniot" (the last)
])
def test_a_word_with_letters_cut_from_its_start_is_no_misspelling(engine: Engine, typed: str, read: str) -> None:
    assert engine.understander.words(typed) == [read]


def test_a_handover_is_a_taking_over(engine: Engine) -> None:
    # "handover", "handed over", "takeover" and "primopredaja" name the event the records write
    # "took over": "when was the handover?" just after Fronda "took over from" Barbu is that date
    for typed in ("the handover", "who handed over", "the takeover", "primopredaja"):
        assert "took over" in reads(engine, typed), typed
    conversation = Conversation()
    engine.answer("Who is EUFOR Althea's commander?", conversation)
    reply = engine.answer("so when did the handover take place?", conversation)
    assert "21 January 2026" in reply.text, reply.text


def test_an_envoy_based_somewhere_is_the_one_there(engine: Engine) -> None:
    # "based in", "posted in" say where the EUSR is, as "in" does; a "special envoy" is an envoy
    reply = engine.answer("who is the EU special envoy posted in Sarajevo?")
    assert (reply.intent, reply.entities) == ("mission.head", ("eusr_bih",)), reply.text
    reply = engine.answer("Who was the first EUSR based in Skopje?")
    assert "Léotard" in reply.text.split(".")[0], reply.text
