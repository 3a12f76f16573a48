"""Callback data within Telegram's 64 bytes, and the menus built from the knowledge base."""

from __future__ import annotations

import pytest
from telegram_fakes import FIXTURE_KB

from bot.reply import Suggestion
from bot.telegram.keyboards import (
    CallbackTable,
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
    (Menu(), "m|"),
    (Menu("t", "mission"), "m|t:mission"),
    (Menu("e", "eulex"), "m|e:eulex"),
])
def test_short_callback_data_is_readable_and_round_trips(action: Suggestion | Menu, data: str) -> None:
    table = CallbackTable()
    assert encode(action, table) == data
    assert decode(data, table) == action
    assert len(table) == 0


def test_long_callback_data_goes_through_the_table_within_64_bytes() -> None:
    table = CallbackTable()
    long = Suggestion("", "partner.contributes_to_mission", ("north_macedonia", "eusr_north_macedonia"))
    data = encode(long, table)
    assert data.startswith("h|") and len(data.encode()) <= 64
    assert decode(data, table) == long
    assert encode(long, table) == data  # the same button, the same data
    assert decode(data, CallbackTable()) is None  # forgotten (a restart): the bot says so


def test_the_table_is_bounded() -> None:
    table = CallbackTable(max_size=3)
    data = [encode(Suggestion("", "x" * 70, (str(n),)), table) for n in range(5)]
    assert len(table) == 3
    assert decode(data[0], table) is None and decode(data[4], table) is not None


@pytest.mark.parametrize("data", [None, "", "zz", "a|", "a", "m|q:x", "h|", "h|nothing"])
def test_foreign_data_decodes_to_nothing(data: str | None) -> None:
    assert decode(data, CallbackTable()) is None


def test_menus_offer_categories_entities_and_answerable_questions() -> None:
    engine, table = load_engine(FIXTURE_KB), CallbackTable()
    assert [row[0].text for row in root_menu(engine, table).inline_keyboard] == [
        "EU missions and operations", "Western Balkan partners", "Topics and policies", "General questions"]
    missions = category_menu(engine, "mission", table)
    assert missions is not None
    assert [[b.text for b in row] for row in missions.inline_keyboard] == [
        ["EULEX Kosovo", "EUFOR Althea"], ["« Back"]]
    serbia = entity_menu(engine, "serbia", table)
    assert serbia is not None
    assert [row[0].text for row in serbia.inline_keyboard] == ["Tell me about Serbia", "« Back"]
    assert category_menu(engine, "planets", table) is None and entity_menu(engine, "pluto", table) is None


def test_suggestion_buttons_keep_labels_short() -> None:
    markup = suggestions_keyboard([Suggestion("What " * 30, "mission.overview", ("eulex",))], CallbackTable())
    assert markup is not None
    label = markup.inline_keyboard[0][0].text
    assert len(label) <= 60 and label.endswith("…")
    assert suggestions_keyboard([], CallbackTable()) is None
