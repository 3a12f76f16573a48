"""Replies as Telegram HTML: escaped, linked, split on paragraph boundaries under the limit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram_fakes import parse_html, utf16_len

from bot.knowledge import Source
from bot.reply import Reply
from bot.telegram.formatting import MAX_MESSAGE, Block, format_reply, link, plain_text, split_blocks

EEAS = Source("eeas", "EEAS <CFSP> & CSDP", "https://eeas.europa.eu/x?a=1&b=\"2\"")


def test_every_piece_of_text_is_escaped_and_the_source_is_a_link() -> None:
    reply = Reply("1 < 2 & <b>not bold</b>", "answer", footnotes=("a <footnote>",), sources=(EEAS,))
    [message] = format_reply(reply)
    assert message == (
        "1 &lt; 2 &amp; &lt;b&gt;not bold&lt;/b&gt;\n\n"
        "<i>a &lt;footnote&gt;</i>\n\n"
        "<b>Source</b>\n"
        '<a href="https://eeas.europa.eu/x?a=1&amp;b=&quot;2&quot;">EEAS &lt;CFSP&gt; &amp; CSDP</a>'
    )
    assert parse_html(message).startswith("1 < 2 & <b>not bold</b>")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", ""])
def test_only_web_addresses_become_links(url: str) -> None:
    assert link("title <x>", url) == "title &lt;x&gt;"


def test_long_answers_split_between_paragraphs() -> None:
    paragraphs = [f"Paragraph {n}: " + "word " * 150 for n in range(20)]
    chunks = format_reply(Reply("\n\n".join(paragraphs), "answer", sources=(EEAS,)))
    assert len(chunks) > 1
    assert all(utf16_len(parse_html(chunk)) <= MAX_MESSAGE for chunk in chunks)
    assert all(chunk.startswith("Paragraph ") for chunk in chunks[:-1])  # each starts a paragraph
    assert "\n\n".join(chunks).count("Paragraph ") == 20


def test_a_paragraph_longer_than_a_message_is_cut_between_words_and_never_inside_markup() -> None:
    text = "&<>" * 2000 + " " + "x" * 5000
    chunks = split_blocks([Block(text, style="i")])
    assert all(utf16_len(parse_html(c)) <= MAX_MESSAGE and c.startswith("<i>") and c.endswith("</i>") for c in chunks)
    assert "".join(plain_text(c) for c in chunks).replace(" ", "").replace("\n", "") == text.replace(" ", "")


def test_utf16_is_what_counts() -> None:
    emoji = "😀" * 3000  # 6,000 UTF-16 code units in 3,000 code points
    chunks = split_blocks([Block(emoji)])
    assert len(chunks) == 2 and all(utf16_len(parse_html(c)) <= MAX_MESSAGE for c in chunks)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&\n\"'😀")), max_size=600),
       st.integers(min_value=40, max_value=300))
def test_any_text_splits_into_valid_html_under_the_limit(text: str, limit: int) -> None:
    chunks = split_blocks([Block(text), Block("note", style="i"), Block("src", link="https://a.b/?x=<1>")],
                          limit=limit)
    for chunk in chunks:
        assert utf16_len(parse_html(chunk)) <= limit  # raises on broken markup
    shown = "\n".join(plain_text(c) for c in chunks)
    assert "".join(shown.split()) == "".join((text + "notesrc").split())  # all of it, in order


def test_the_limit_is_on_visible_text_so_markup_does_not_split_an_answer_that_fits() -> None:
    # 3,808 visible characters with many `&<>`: far more as markup, but one message to Telegram.
    text = ("Council Decision 2002/210/CFSP & later decisions (<sic>) ran on. " * 58).strip()
    assert 3700 < utf16_len(text) < 3900 and utf16_len(format_reply(Reply(text, "answer"))[0]) > 4096
    [message] = format_reply(Reply(text, "answer", sources=(EEAS,)))
    assert parse_html(message).startswith("Council Decision") and parse_html(message).endswith("CSDP")


def test_a_source_heading_is_never_left_alone_at_the_end_of_a_message() -> None:
    text = "x" * 4080  # the answer fits, the heading would too, its first source would not
    chunks = format_reply(Reply(text, "answer", sources=(EEAS,)))
    assert len(chunks) == 2
    assert parse_html(chunks[0]) == text
    assert parse_html(chunks[1]) == "Source\nEEAS <CFSP> & CSDP"
