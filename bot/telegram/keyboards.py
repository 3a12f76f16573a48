"""Inline keyboards, and the callback data behind their buttons (Telegram allows 64 bytes).

Callback data says what a button does without any server-side state:

    a|<intent>|<entity>,<entity>   answer this suggested question (see Engine.answer_suggestion)
    m|                             the topics menu: its categories
    m|t:<type>                     the topics menu: the entities of one type ("general": no entity)
    m|e:<entity>                   the topics menu: the questions about one entity

A fact answer offered as a suggestion is `a|fact:<entity>.<fact>|<entity>`. A button whose data
would exceed 64 bytes is not offered at all (a test checks that every answerable question and
every fact of the real knowledge base fits; the longest is 60 bytes). Data `h|<hash>` came from
older versions, which kept long data in a table: it decodes to nothing, and the tap gets the
usual "expired button" reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine import Engine
from bot.knowledge import ENTITY_TYPES
from bot.reply import Suggestion

CALLBACK_LIMIT = 64  # bytes, Telegram's limit on callback_data
# Telegram shows about this much of a button's label on a phone; longer labels are cut.
MAX_LABEL = 60
GENERAL = "general"
CATEGORIES = {
    "mission": "EU missions and operations",
    "partner": "Western Balkan partners",
    "topic": "Topics and policies",
    GENERAL: "General questions",
}
BACK = "« Back"


@dataclass(frozen=True)
class Menu:
    """A page of the topics menu: the categories, one category, or one entity."""

    page: str = ""  # "", "t" (category) or "e" (entity)
    value: str = ""


def encode(action: Suggestion | Menu) -> str | None:
    """The callback data for a button, or None when it would not fit Telegram's 64 bytes."""
    if isinstance(action, Menu):
        data = f"m|{action.page}:{action.value}" if action.page else "m|"
    else:
        data = f"a|{action.intent}|{','.join(action.entities)}"
    return data if len(data.encode()) <= CALLBACK_LIMIT else None


def decode(data: str | None) -> Suggestion | Menu | None:
    """What a button does, or None for data this bot did not make (or an older version's
    `h|<hash>`, whose table is gone): the tap is then told the button has expired.

    A suggestion comes back without its text; the caller takes it from the button label.
    """
    if not data:
        return None
    kind, _, rest = data.partition("|")
    if kind == "m":
        page, _, value = rest.partition(":")
        return Menu(page, value) if page in ("", "t", "e") else None
    if kind == "a":
        intent, separator, entities = rest.partition("|")
        if not intent or not separator:
            return None
        return Suggestion("", intent, tuple(e for e in entities.split(",") if e))
    return None


def label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def button(text: str, action: Suggestion | Menu) -> InlineKeyboardButton | None:
    """A button doing `action`, or None when its data would not fit (never a broken button)."""
    data = encode(action)
    return None if data is None else InlineKeyboardButton(label(text), callback_data=data)


def _rows(buttons: Iterable[InlineKeyboardButton | None]) -> list[list[InlineKeyboardButton]]:
    """One button a row, leaving out those that could not be made."""
    return [[b] for b in buttons if b is not None]


def button_label(markup: InlineKeyboardMarkup | None, data: str | None) -> str:
    """The label of the button carrying `data` in a message's keyboard, or ''."""
    if markup is None or data is None:
        return ""
    for row in markup.inline_keyboard:
        for item in row:
            if item.callback_data == data:
                return item.text
    return ""


def suggestions_keyboard(suggestions: Sequence[Suggestion]) -> InlineKeyboardMarkup | None:
    """One button per suggested question (related questions, or "did you mean" choices)."""
    rows = _rows(button(s.text, s) for s in suggestions)
    return InlineKeyboardMarkup(rows) if rows else None


def _grid(buttons: Iterable[InlineKeyboardButton | None], columns: int) -> list[list[InlineKeyboardButton]]:
    items = [b for b in buttons if b is not None]
    return [items[i:i + columns] for i in range(0, len(items), columns)]


def general_suggestions(engine: Engine) -> list[Suggestion]:
    """Questions about no particular entity (lists, overviews), as the menu offers them."""
    out = []
    for intent in engine.kb.intents.values():
        if intent.slots or intent.smalltalk or intent.decline:
            continue
        suggestion = engine.suggestion(intent, {})
        if suggestion is not None and engine.answerable(intent, {}):
            out.append(suggestion)
    return out


def entity_suggestions(engine: Engine, entity_id: str) -> list[Suggestion]:
    """Every question the knowledge base can answer about one entity."""
    entity = engine.kb.entities.get(entity_id)
    if entity is None:
        return []
    slots = {entity.type: entity}
    out = []
    for intent in engine.kb.intents.values():
        if intent.slots != (entity.type,) or intent.smalltalk or intent.decline:
            continue
        suggestion = engine.suggestion(intent, slots)
        if suggestion is not None and engine.answerable(intent, slots):
            out.append(suggestion)
    return out


def categories(engine: Engine) -> list[str]:
    """The menu's categories that have something in them."""
    found = [t for t in ENTITY_TYPES if any(entity_suggestions(engine, e.id) for e in engine.kb.entities_of(t))]
    return found + ([GENERAL] if general_suggestions(engine) else [])


def root_menu(engine: Engine) -> InlineKeyboardMarkup:
    """The first page of the topics menu: one button per category."""
    return InlineKeyboardMarkup(_rows(button(CATEGORIES[c], Menu("t", c)) for c in categories(engine)))


def category_menu(engine: Engine, category: str) -> InlineKeyboardMarkup | None:
    """The entities of one type (two columns), or the general questions; None if unknown."""
    back = _rows([button(BACK, Menu())])
    if category == GENERAL:
        rows = _rows(button(s.text, s) for s in general_suggestions(engine))
        return InlineKeyboardMarkup([*rows, *back])
    if category not in ENTITY_TYPES:
        return None
    # Only entities with at least one answerable question: a page of nothing but « Back is no answer.
    buttons = [button(e.name, Menu("e", e.id)) for e in engine.kb.entities_of(category)
               if entity_suggestions(engine, e.id)]
    return InlineKeyboardMarkup([*_grid(buttons, 2), *back])


def entity_menu(engine: Engine, entity_id: str) -> InlineKeyboardMarkup | None:
    """The questions about one entity; None if the entity is unknown."""
    entity = engine.kb.entities.get(entity_id)
    if entity is None:
        return None
    rows = _rows(button(s.text, s) for s in entity_suggestions(engine, entity_id))
    return InlineKeyboardMarkup([*rows, *_rows([button(BACK, Menu("t", entity.type))])])
