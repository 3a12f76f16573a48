"""Inline keyboards, and the callback data behind their buttons (Telegram allows 64 bytes).

Callback data says what a button does without any server-side state:

    a|<intent>|<entity>,<entity>   answer this suggested question (see Engine.answer_suggestion)
    m|                             the topics menu: its categories
    m|t:<type>                     the topics menu: the entities of one type ("general": no entity)
    m|e:<entity>                   the topics menu: the questions about one entity

Data longer than 64 bytes is kept in a bounded table here and sent as `h|<hash>`; such a
button stops working after a restart and the bot then asks the user to ask again.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine import Engine
from bot.knowledge import ENTITY_TYPES
from bot.reply import Suggestion

CALLBACK_LIMIT = 64  # bytes, Telegram's limit on callback_data
# Telegram shows about this much of a button's label on a phone; longer labels are cut.
MAX_LABEL = 60
# How many long callback payloads to remember (a few hundred bytes each at most).
TABLE_SIZE = 20_000
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


class CallbackTable:
    """Callback data too long for Telegram, remembered here under a short hash."""

    def __init__(self, *, max_size: int = TABLE_SIZE) -> None:
        self.max_size = max_size
        self._items: OrderedDict[str, str] = OrderedDict()

    def shorten(self, data: str) -> str:
        if len(data.encode()) <= CALLBACK_LIMIT:
            return data
        key = hashlib.blake2b(data.encode(), digest_size=12).hexdigest()
        self._items[key] = data
        self._items.move_to_end(key)
        while len(self._items) > self.max_size:
            self._items.popitem(last=False)
        return f"h|{key}"

    def expand(self, data: str) -> str | None:
        if not data.startswith("h|"):
            return data
        return self._items.get(data[2:])

    def __len__(self) -> int:
        return len(self._items)


def encode(action: Suggestion | Menu, table: CallbackTable) -> str:
    """The callback data for a button, at most 64 bytes."""
    if isinstance(action, Menu):
        data = f"m|{action.page}:{action.value}" if action.page else "m|"
    else:
        data = f"a|{action.intent}|{','.join(action.entities)}"
    return table.shorten(data)


def decode(data: str | None, table: CallbackTable) -> Suggestion | Menu | None:
    """What a button does, or None for data this bot did not make (or has forgotten).

    A suggestion comes back without its text; the caller takes it from the button label.
    """
    full = table.expand(data or "")
    if not full:
        return None
    kind, _, rest = full.partition("|")
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


def button(text: str, action: Suggestion | Menu, table: CallbackTable) -> InlineKeyboardButton:
    return InlineKeyboardButton(label(text), callback_data=encode(action, table))


def button_label(markup: InlineKeyboardMarkup | None, data: str | None) -> str:
    """The label of the button carrying `data` in a message's keyboard, or ''."""
    if markup is None or data is None:
        return ""
    for row in markup.inline_keyboard:
        for item in row:
            if item.callback_data == data:
                return item.text
    return ""


def suggestions_keyboard(suggestions: Sequence[Suggestion],
                         table: CallbackTable) -> InlineKeyboardMarkup | None:
    """One button per suggested question (related questions, or "did you mean" choices)."""
    if not suggestions:
        return None
    return InlineKeyboardMarkup([[button(s.text, s, table)] for s in suggestions])


def _grid(buttons: Iterable[InlineKeyboardButton], columns: int) -> list[list[InlineKeyboardButton]]:
    items = list(buttons)
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


def root_menu(engine: Engine, table: CallbackTable) -> InlineKeyboardMarkup:
    """The first page of the topics menu: one button per category."""
    return InlineKeyboardMarkup([[button(CATEGORIES[c], Menu("t", c), table)] for c in categories(engine)])


def category_menu(engine: Engine, category: str, table: CallbackTable) -> InlineKeyboardMarkup | None:
    """The entities of one type (two columns), or the general questions; None if unknown."""
    back = [button(BACK, Menu(), table)]
    if category == GENERAL:
        rows = [[button(s.text, s, table)] for s in general_suggestions(engine)]
        return InlineKeyboardMarkup([*rows, back])
    if category not in ENTITY_TYPES:
        return None
    # Only entities with at least one answerable question: a page of nothing but « Back is no answer.
    buttons = [button(e.name, Menu("e", e.id), table) for e in engine.kb.entities_of(category)
               if entity_suggestions(engine, e.id)]
    return InlineKeyboardMarkup([*_grid(buttons, 2), back])


def entity_menu(engine: Engine, entity_id: str, table: CallbackTable) -> InlineKeyboardMarkup | None:
    """The questions about one entity; None if the entity is unknown."""
    entity = engine.kb.entities.get(entity_id)
    if entity is None:
        return None
    rows = [[button(s.text, s, table)] for s in entity_suggestions(engine, entity_id)]
    return InlineKeyboardMarkup([*rows, [button(BACK, Menu("t", entity.type), table)]])
