"""Callback data within Telegram's 64 bytes, and the menus built from the knowledge base."""

from __future__ import annotations

import pytest
from telegram_fakes import FIXTURE_KB

from bot.config import PROJECT_ROOT
from bot.knowledge import Entity, FactRef
from bot.reply import Suggestion
from bot.telegram.keyboards import (
    Menu,
    category_menu,
    decode,
    encode,
    entity_menu,
    root_menu,
    suggestions_keyboard,
)
from bot.validate import load_engine


@pytest.mark.parametrize(("action", "data"), [
    (Suggestion("", "mission.launched", ("eulex",)), "a|mission.launched|eulex"),
    (Suggestion("", "partner.contributes_to_mission", ("serbia", "althea")),
     "a|partner.contributes_to_mission|serbia,althea"),
    (Suggestion("", "missions.active"), "a|missions.active|"),
    (Suggestion("", "fact:eulex.launched", ("eulex",)), "a|fact:eulex.launched|eulex"),
    (Menu(), "m|"),
    (Menu("t", "mission"), "m|t:mission"),
    (Menu("e", "eulex"), "m|e:eulex"),
])
def test_short_callback_data_is_readable_and_round_trips(action: Suggestion | Menu, data: str) -> None:
    assert encode(action) == data
    assert decode(data) == action


def test_data_over_64_bytes_is_never_offered() -> None:
    long = Suggestion("Does North Macedonia contribute to EU Special Representative in North Macedonia?",
                      "partner.contributes_to_mission", ("north_macedonia", "eusr_north_macedonia"))  # 69 bytes
    short = Suggestion("When was EULEX launched?", "mission.launched", ("eulex",))
    assert encode(long) is None
    assert encode(Suggestion("", "x" * 61)) == "a|" + "x" * 61 + "|"  # exactly 64 bytes still fits
    assert encode(Suggestion("", "é" * 31)) is None  # bytes count, not characters (34 of them, 65 bytes)
    markup = suggestions_keyboard([long, short])
    assert markup is not None
    assert [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row] == [
        ("When was EULEX launched?", "a|mission.launched|eulex")]
    assert suggestions_keyboard([long]) is None  # no keyboard rather than a broken button


@pytest.mark.parametrize("data", [None, "", "zz", "a|", "a", "m|q:x", "h|", "h|nothing",
                                  "h|0123456789abcdef01234567"])  # h|: an older version's table, gone
def test_foreign_and_old_data_decodes_to_nothing(data: str | None) -> None:
    assert decode(data) is None


def test_every_suggestion_the_real_base_can_offer_fits_64_bytes() -> None:
    """Every question with an answer, about any entities, and every fact offered as a choice
    (the longest today: 60 bytes). Only unanswerable pairings, never offered as follow-ups or in
    the menu, may be longer ("Does North Macedonia contribute to EU Special Representative in
    North Macedonia?", 69 bytes); such a button would be left out."""
    engine = load_engine(PROJECT_ROOT)
    kb = engine.kb
    offered: list[Suggestion] = []
    for intent in kb.intents.values():
        combos: list[dict[str, Entity]] = [{}]
        for slot in intent.slots:
            combos = [{**c, slot: e} for c in combos for e in kb.entities_of(slot)]
        for slots in combos:
            suggestion = engine.suggestion(intent, slots)
            if suggestion is not None and engine.answerable(intent, slots):
                offered.append(suggestion)
    facts = [engine.fact_suggestion(FactRef(e.id, f, ())) for e in kb.entities.values() for f in e.facts]
    assert facts and len(offered) > len(kb.intents)  # the loops did reach the base
    for suggestion in [*offered, *facts]:
        data = encode(suggestion)
        assert data is not None, suggestion
        assert decode(data) == Suggestion("", suggestion.intent, suggestion.entities)
    pages = [Menu(), *(Menu("t", t) for t in ("mission", "partner", "topic", "general")),
             *(Menu("e", e) for e in kb.entities)]
    assert all(encode(page) is not None for page in pages)


def test_menus_offer_categories_entities_and_answerable_questions() -> None:
    engine = load_engine(FIXTURE_KB)
    assert [row[0].text for row in root_menu(engine).inline_keyboard] == [
        "EU missions and operations", "Western Balkan partners", "Topics and policies", "General questions"]
    missions = category_menu(engine, "mission")
    assert missions is not None
    assert [[b.text for b in row] for row in missions.inline_keyboard] == [
        ["EULEX Kosovo", "EUFOR Althea"], ["« Back"]]
    serbia = entity_menu(engine, "serbia")
    assert serbia is not None
    assert [row[0].text for row in serbia.inline_keyboard] == ["Tell me about Serbia", "« Back"]
    assert category_menu(engine, "planets") is None and entity_menu(engine, "pluto") is None


def test_suggestion_buttons_keep_labels_short() -> None:
    markup = suggestions_keyboard([Suggestion("What " * 30, "mission.overview", ("eulex",))])
    assert markup is not None
    label = markup.inline_keyboard[0][0].text
    assert len(label) <= 60 and label.endswith("…")
    assert suggestions_keyboard([]) is None
