"""Deep links: `t.me/<bot>?start=<payload>` opens a topic or asks a question.

Telegram passes the payload (at most 64 characters of A-Z, a-z, 0-9, `_` and `-`) as
`/start <payload>`. It is read, in this order, as

- an entity id or name (`eulex`, `serbia`, `north_macedonia`, `bosnia`): the topics menu
  page of that entity, with every question the bot can answer about it;
- a menu category (`missions`, `partners`, `topics`, `general`): that page of the menu;
- `q-` and the question in base64url (`q-V2hlbiB3YXMgRVVMRVggbGF1bmNoZWQ_`): the question
  is asked as if typed (`question_link` makes such links);
- anything else: words separated by `_` or `-` (`When_was_EULEX_launched`), asked as a question.
"""

from __future__ import annotations

import base64
import binascii

from telegram.helpers import create_deep_linked_url

from bot.engine import Engine
from bot.normalize import normalize
from bot.telegram.keyboards import CATEGORIES, GENERAL, Menu

PAYLOAD_LIMIT = 64  # Telegram's limit on a start parameter
QUESTION_PREFIX = "q-"
CATEGORY_WORDS = {"missions": "mission", "mission": "mission", "operations": "mission",
                  "partners": "partner", "partner": "partner", "countries": "partner",
                  "topics": "topic", "topic": "topic", "policies": "topic", "general": GENERAL}


def encode_question(question: str) -> str | None:
    """The payload that asks `question`, or None if it is too long for a link."""
    data = base64.urlsafe_b64encode(" ".join(question.split()).encode()).decode().rstrip("=")
    payload = QUESTION_PREFIX + data
    return payload if len(payload) <= PAYLOAD_LIMIT else None


def question_link(username: str, question: str) -> str | None:
    """A t.me link that opens the bot and asks `question`; None if it does not fit a link."""
    payload = encode_question(question)
    return create_deep_linked_url(username, payload) if payload else None


def resolve(engine: Engine, payload: str) -> Menu | str | None:
    """What a payload opens: a menu page, a question to answer, or None (plain welcome)."""
    payload = payload.strip()
    if not payload:
        return None
    key = payload.lower().replace("-", "_")
    kb = engine.kb
    if key in kb.entities:
        return Menu("e", key)
    if key in CATEGORY_WORDS:
        return Menu("t", CATEGORY_WORDS[key])
    words = normalize(payload.replace("_", " ").replace("-", " "))
    for entity in kb.entities.values():
        if words and words in {normalize(n) for n in (entity.name, *entity.aliases)}:
            return Menu("e", entity.id)
    if payload.startswith(QUESTION_PREFIX):
        data = payload[len(QUESTION_PREFIX):]
        try:
            text = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)).decode("utf-8")
        except (binascii.Error, ValueError):
            text = ""
        if text.strip() and text.isprintable():
            return " ".join(text.split())
    question = " ".join(payload.replace("_", " ").replace("-", " ").split())
    return question or None


def page_title(engine: Engine, menu: Menu) -> str:
    """The name of what a menu page is about."""
    if menu.page == "e" and menu.value in engine.kb.entities:
        return engine.kb.entities[menu.value].name
    if menu.value == GENERAL:
        return "EU–Western Balkans cooperation in general"
    return CATEGORIES.get(menu.value, "this topic")
