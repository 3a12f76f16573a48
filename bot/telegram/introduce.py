"""How the bot introduces itself: its descriptions (set at start-up), a greeting when it is
added to a group, and inline mode (`@botname question` in any chat)."""

from __future__ import annotations

import hashlib
import logging

from telegram import (
    ChatMember,
    ChatMemberUpdated,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot.engine import Engine
from bot.reply import ANSWER, SMALLTALK, Reply
from bot.telegram import deeplinks, texts
from bot.telegram.formatting import MAX_MESSAGE, escape, format_reply
from bot.telegram.state import Context, get_state

log = logging.getLogger(__name__)

# Inline answers change only when the knowledge base is reloaded; Telegram may keep them this long.
INLINE_CACHE_S = 300
MAX_TITLE, MAX_DESCRIPTION = 64, 120  # what a phone shows of an inline result; Telegram cuts the rest
MAX_INLINE_QUERY = 256  # Telegram's own limit on the query text
EXAMPLE_COUNT = 3  # answers offered before anything is typed


async def set_descriptions(app: Application) -> None:  # type: ignore[type-arg]
    """setMyDescription and setMyShortDescription from texts.yaml (with the footnote where needed)."""
    state = get_state(app)
    description, short = texts.descriptions(state.holder.engine.kb, state.fixed_texts)
    try:
        await app.bot.set_my_description(description)
        await app.bot.set_my_short_description(short)
    except TelegramError as error:  # a missing description is no reason not to answer
        log.warning("could not set the bot's description: %s", error)


def _present(member: ChatMember) -> bool:
    if member.status == ChatMember.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER)


def _joined(update: ChatMemberUpdated) -> bool:
    """Whether the bot was just added to the chat (not promoted, not already there)."""
    return _present(update.new_chat_member) and not _present(update.old_chat_member)


async def on_my_chat_member(update: Update, context: Context) -> None:
    """Added to a group: say once what the bot does and how to address it there."""
    change = update.my_chat_member
    if change is None or change.chat.type not in ("group", "supergroup") or not _joined(change):
        return
    state = get_state(context)
    intro = state.fixed_texts.group_intro.replace("{username}", f"@{context.bot.username}")
    text = texts.footnoted(escape(intro), state.holder.engine.kb)
    try:
        await context.bot.send_message(change.chat.id, text)
    except TelegramError as error:  # e.g. not allowed to write there
        log.info("could not introduce the bot in %s: %s", change.chat.id, error)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def inline_article(reply: Reply, question: str) -> InlineQueryResultArticle:
    """One inline result: the question as title, the answer's start as description, and the
    full answer with its footnote and sources as the message sent (first part if longer)."""
    message = format_reply(reply, limit=MAX_MESSAGE)[0]
    ident = hashlib.blake2b(f"{reply.intent}|{','.join(reply.entities)}|{reply.text}".encode(),
                            digest_size=16).hexdigest()
    return InlineQueryResultArticle(
        id=ident, title=_short(question, MAX_TITLE), description=_short(reply.text, MAX_DESCRIPTION),
        input_message_content=InputTextMessageContent(
            message, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)),
    )


def answers_with_facts(engine: Engine, question: str) -> Reply | None:
    reply = engine.answer(question)
    return reply if reply.kind in (ANSWER, SMALLTALK) else None


async def on_inline_query(update: Update, context: Context) -> None:
    """`@botname question` in any chat: the answer as an article the user can send there."""
    query = update.inline_query
    if query is None:
        return
    state = get_state(context)
    engine, fixed = state.holder.engine, state.fixed_texts
    question = " ".join(query.query.split())[:MAX_INLINE_QUERY]
    results = []
    if question:
        reply = answers_with_facts(engine, question)
        if reply is not None:
            results.append(inline_article(reply, question))
    else:
        for example in texts.EXAMPLES[:EXAMPLE_COUNT]:
            reply = answers_with_facts(engine, example)
            if reply is not None:
                results.append(inline_article(reply, example))
    button = None
    if not results:  # nothing to send: offer the private chat, the question already asked there
        payload = deeplinks.encode_question(question) if question else None
        button = InlineQueryResultsButton(_short(fixed.inline_private if question else fixed.inline_hint, 64),
                                          start_parameter=payload or "start")
    await query.answer(results, cache_time=INLINE_CACHE_S, is_personal=False, button=button)
