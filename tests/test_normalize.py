"""Normalisation: one canonical form for every way of writing the same words."""

from __future__ import annotations

import pytest

from bot.normalize import full_years, normalize

CASES = [
    ("When was EULEX launched?", "when was eulex launched"),
    ("Србија", "srbija"),
    ("Северна Македонија", "severna makedonija"),
    ("Црна Гора", "crna gora"),
    ("Shqipëria", "shqiperia"),
    ("Kosovë", "kosove"),
    ("Priština", "pristina"),
    ("Đukanović", "djukanovic"),
    ("Ђукановић", "djukanovic"),
    ("Ѓорче Ќерамитчиев", "gjorce kjeramitciev"),
    ("ＥＵＦＯＲ　Ａｌｔｈｅａ", "eufor althea"),  # full-width letters and space
    ("What's EULEX's mandate?!", "what is eulex mandate"),
    ("whats the mandate", "what is the mandate"),
    ("Serbia isn't aligned, is it?", "serbia is not aligned is it"),
    ("It’s over", "it is over"),  # typographic apostrophe
    ("  many   spaces\t\nand lines ", "many spaces and lines"),
    ("<b>bold</b> {mission} {{x}}", "b bold b mission x"),
    ("\u200fright-to-left\u202e mark", "right to left mark"),
    ("emoji 😀👍🏽 only", "emoji only"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_latin_and_cyrillic_spellings_meet() -> None:
    assert normalize("Zajednička spoljna i bezbednosna politika") == normalize(
        "Заједничка спољна и безбедносна политика")


def test_normalize_is_idempotent_on_examples() -> None:
    for text, _ in CASES:
        assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("eulex budget 2023-25", "eulex budget 2023-2025"),  # "25" is a year, no figure to give
    ("the 2004/05 mandate", "the 2004/2005 mandate"),
    ("what happened in 2023-11", "what happened in 2023-11"),  # a year and a month
    ("2025-12-16", "2025-12-16"),  # a date
    ("2019-2020", "2019-2020"),
])
def test_a_span_of_years_written_short_is_written_out(text: str, expected: str) -> None:
    assert full_years(text) == expected
