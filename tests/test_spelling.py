"""bot/spelling.py: a misspelt surname or word read as the one it is all but."""

from __future__ import annotations

from bot.spelling import Speller


def speller() -> Speller:
    found = Speller(["robertson", "soreca", "feist"], frozenset({"opinion"}))
    found.know_words(["first", "resolution", "stand", "robertson"])
    return found


def unused(word: str) -> bool:
    return word not in {"first", "resolution", "stand", "robertson", "soreca", "feist"}


def test_a_misspelt_surname_is_the_surname() -> None:
    assert speller().read("roberston", unused) == "robertson"
    assert speller().read("soerca", unused) == "soreca"


def test_a_misspelt_word_as_long_is_the_word() -> None:
    assert speller().read("resolutoin", unused) == "resolution"


def test_a_word_as_like_another_word_as_a_surname_is_neither() -> None:
    assert speller().read("frist", unused) == "frist"  # "first" and "Feist" alike


def test_words_that_are_no_misspelling_stay() -> None:
    assert speller().read("standby", unused) == "standby"  # "stand" is no typo of it
    assert speller().read("opinion", unused) == "opinion"  # a word the language lists read
    assert speller().read("first", unused) == "first"  # spelt right
    assert speller().read("zxqwv", unused) == "zxqwv"  # like nothing
