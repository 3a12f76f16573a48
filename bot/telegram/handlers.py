"""The Telegram handlers: thin adapters that take a question, ask the engine and send its reply."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError

from bot.reply import Reply
from bot.telegram import keyboards, sending, texts
from bot.telegram.addressing import addressed_text, is_private
from bot.telegram.formatting import escape, format_reply
from bot.telegram.keyboards import Menu
from bot.telegram.state import STATE_KEY, BotState, Context, get_state

log = logging.getLogger(__name__)


# -- helpers ----------------------------------------------------------------------------
def _user_key(update: Update) -> object:
    if update.effective_user is not None:
        return update.effective_user.id
    chat = update.effective_chat
    return ("chat", chat.id if chat else None)  # an anonymous group admin writes as the chat


async def admitted(update: Update, context: Context) -> bool:
    """Whether the user is within their question allowance; tells them politely, once, if not."""
    state = get_state(context)
    verdict = state.limiter.check(_user_key(update))
    if verdict.allowed:
        return True
    state.stats.rate_limited += 1
    note = texts.RATE_LIMITED.format(seconds=max(1, round(verdict.retry_after_s)))
    if update.callback_query is not None:
        await update.callback_query.answer(note)  # a tap must always be acknowledged
    elif verdict.notify and (message := update.effective_message) is not None:
        await sending.reply(message, [escape(note)], quote=not is_private(message))
    return False


async def _answer(message: Message, state: BotState, question: str, *, edited: bool = False) -> None:
    """Answer a typed question in its chat's context; an edited question replaces the earlier answer."""
    engine = state.holder.engine
    reply = engine.answer(question, state.conversations.get(message.chat_id))
    state.stats.count(reply)
    chunks = format_reply(reply)
    markup = keyboards.suggestions_keyboard(reply.suggestions, state.callbacks)
    sent = None
    earlier = state.sent.get(message.chat_id, message.message_id) if edited else None
    if earlier is not None:
        sent = await sending.replace(message, earlier, chunks, markup=markup)
    if sent is None:
        sent = await sending.reply(message, chunks, markup=markup, quote=edited or not is_private(message))
    state.sent.remember(message.chat_id, message.message_id, sent)
    await _record(state, question, reply)


async def _record(state: BotState, question: str, reply: Reply) -> None:
    if state.unanswered is not None:
        await asyncio.to_thread(state.record, question, reply)


# -- commands ---------------------------------------------------------------------------
async def start(update: Update, context: Context) -> None:
    """Welcome the user: what the bot knows, with the topics as buttons."""
    message, state = update.effective_message, get_state(context)
    if message is None or not await admitted(update, context):
        return
    engine = state.holder.engine
    first_name = update.effective_user.first_name if update.effective_user else None
    await sending.reply(message, [texts.welcome(engine, first_name)],
                        markup=keyboards.root_menu(engine, state.callbacks), quote=not is_private(message))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask, with examples."""
    message = update.effective_message
    if message is None or not await admitted(update, context):
        return
    group = not is_private(message)
    await sending.reply(message, [texts.help_text(group=group, username=context.bot.username)], quote=group)


async def topics(update: Update, context: Context) -> None:
    """Show the topics menu."""
    message, state = update.effective_message, get_state(context)
    if message is None or not await admitted(update, context):
        return
    await sending.reply(message, [escape(texts.MENU_ROOT)],
                        markup=keyboards.root_menu(state.holder.engine, state.callbacks),
                        quote=not is_private(message))


async def sources(update: Update, context: Context) -> None:
    """Say where the answers come from (`/sources all`: every source, with links)."""
    message, state = update.effective_message, get_state(context)
    if message is None or not await admitted(update, context):
        return
    full = [a.lower() for a in context.args or []] == ["all"]
    await sending.reply(message, texts.sources_messages(state.holder.engine, full=full),
                        quote=not is_private(message))


async def ask(update: Update, context: Context) -> None:
    """Answer the question after /ask (how groups with privacy mode on can ask)."""
    message = update.effective_message
    if message is None or not await admitted(update, context):
        return
    question = " ".join(context.args or [])
    if not question:
        await sending.reply(message, [escape(texts.ASK_USAGE)], quote=not is_private(message))
        return
    await _answer(message, get_state(context), question)


async def unknown_command(update: Update, context: Context) -> None:
    """Point to /help for a command this bot does not have (in groups: only if meant for this bot)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command, _, target = message.text.split()[0][1:].partition("@")
    if not is_private(message) and target.lower() != (context.bot.username or "").lower():
        return
    if not await admitted(update, context):
        return
    await sending.reply(message, [escape(texts.UNKNOWN_COMMAND.format(command=command))],
                        quote=not is_private(message))


# -- questions --------------------------------------------------------------------------
async def question(update: Update, context: Context) -> None:
    """Answer a text message: any in a private chat, in groups only those meant for the bot."""
    message = update.message
    if message is None:
        return
    text = addressed_text(message, context.bot.bot)
    if text is None or not await admitted(update, context):
        return
    await _answer(message, get_state(context), text)


async def edited_question(update: Update, context: Context) -> None:
    """Answer an edited question again, editing the earlier answer where possible."""
    message = update.edited_message
    if message is None:
        return
    text = addressed_text(message, context.bot.bot)
    if text is None or not await admitted(update, context):
        return
    await _answer(message, get_state(context), text, edited=True)


async def media(update: Update, context: Context) -> None:
    """Say that the bot reads text questions (stickers, photos, voice, documents, locations…)."""
    message = update.message
    if message is None or addressed_text(message, context.bot.bot) is None:
        return
    if not await admitted(update, context):
        return
    await sending.reply(message, [escape(texts.MEDIA)], quote=not is_private(message))


# -- buttons ----------------------------------------------------------------------------
async def button(update: Update, context: Context) -> None:
    """Answer a tapped suggestion, or turn a page of the topics menu; always acknowledge the tap."""
    query, state = update.callback_query, get_state(context)
    if query is None:
        return
    action = keyboards.decode(query.data, state.callbacks)
    if action is None:
        await query.answer(texts.EXPIRED_BUTTON)
        return
    if isinstance(action, Menu):
        await query.answer()
        await _turn_page(update, state, action)
        return
    if not await admitted(update, context):
        return
    await query.answer()
    message, chat = query.message, update.effective_chat
    if not isinstance(message, Message) or chat is None:
        return  # an inline message or one too old to see: nowhere to answer
    label = keyboards.button_label(message.reply_markup, query.data)
    suggestion = dataclasses.replace(action, text=label)
    reply = state.holder.engine.answer_suggestion(suggestion, state.conversations.get(chat.id))
    state.stats.count(reply, tapped=True)
    markup = keyboards.suggestions_keyboard(reply.suggestions, state.callbacks)
    await sending.reply(message, format_reply(reply), markup=markup)


async def _turn_page(update: Update, state: BotState, menu: Menu) -> None:
    """Show another page of the topics menu in place of the tapped keyboard."""
    query = update.callback_query
    assert query is not None
    engine = state.holder.engine
    markup = None
    if menu.page == "t":
        markup = keyboards.category_menu(engine, menu.value, state.callbacks)
    elif menu.page == "e":
        markup = keyboards.entity_menu(engine, menu.value, state.callbacks)
    if markup is None:  # the root page, or a page whose topic a reload removed
        markup = keyboards.root_menu(engine, state.callbacks)
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest as error:
        if "not modified" in error.message.lower():  # a double tap
            return
        if isinstance(query.message, Message):  # too old to edit: send the page anew
            await sending.reply(query.message, [escape(texts.MENU_ROOT)], markup=markup)


# -- errors -----------------------------------------------------------------------------
async def on_error(update: object, context: Context) -> None:
    """Log the error with its traceback and tell the user something went wrong; never stop the bot."""
    log.error("error while handling update %s", getattr(update, "update_id", "?"), exc_info=context.error)
    state = context.bot_data.get(STATE_KEY)
    if isinstance(state, BotState):
        state.stats.errors += 1
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    message = update.message or update.edited_message
    meant_for_bot = update.callback_query is not None or (message is not None and (
        (message.text or "").startswith("/") or addressed_text(message, context.bot.bot) is not None))
    if not meant_for_bot:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, texts.ERROR)
    except TelegramError as error:
        log.warning("could not tell the user about the error either: %s", error)
