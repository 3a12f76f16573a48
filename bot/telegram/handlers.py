"""The Telegram handlers: thin adapters that take a question, ask the engine and send its reply."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from telegram import CallbackQuery, Message, ReactionTypeEmoji, Update
from telegram.constants import ReactionEmoji
from telegram.error import BadRequest, TelegramError

from bot.acknowledge import is_acknowledgement
from bot.reply import Reply
from bot.telegram import keyboards, sending, texts
from bot.telegram.addressing import addressed_text, is_private
from bot.telegram.formatting import escape, format_reply
from bot.telegram.keyboards import Menu
from bot.telegram.memory import Answer, context_key, starting_point
from bot.telegram.state import BotData, BotState, Context, get_state

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
        await acknowledge_tap(update.callback_query, note)  # a tap must always be acknowledged
    elif verdict.notify and (message := update.effective_message) is not None:
        await sending.reply(message, [escape(note)])
    return False


async def acknowledge_tap(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a callback query; a query too old to answer (after a restart, or queued behind
    a long reply) is no reason not to do what the tap asked."""
    try:
        await query.answer(text)
    except BadRequest as error:
        log.info("could not acknowledge a button tap (%s); answering it anyway", error.message)


async def _answer(message: Message, context: Context, question: str, *, edited: bool = False) -> None:
    """Answer a typed question in its person's conversation, or in that of the answer it
    replies to; an edited question replaces the earlier answer."""
    state, memory = get_state(context), context.chat_data
    assert memory is not None
    key = context_key(message)
    conversation = starting_point(memory, message, key, bot_id=context.bot.id)
    reply = state.holder.engine.answer(question, conversation)
    state.stats.count(reply)
    earlier = memory.answer_to(message.message_id) if edited else None
    if is_acknowledgement(reply) and earlier is None:
        await _acknowledge(message, reply)
        return
    chunks = format_reply(reply)
    markup = keyboards.suggestions_keyboard(reply.suggestions, state.callbacks)
    sent = None
    if earlier is not None:
        sent = await sending.replace(message, sending.Sent(earlier.message_ids, earlier.digests), chunks,
                                     markup=markup)
    if sent is None:
        sent = await sending.reply(message, chunks, markup=markup, quote=True if edited else None)
    if not is_acknowledgement(reply):
        memory.keep(key, conversation)
    memory.remember(Answer(sent.message_ids, sent.digests, message.message_id, conversation), replacing=earlier)
    await _record(state, question, reply)


async def _acknowledge(message: Message, reply: Reply) -> None:
    """ "ok", "thanks", 👍: a short line in a private chat; in a group a 👍 reaction, which
    tells the person they were seen without a message for everyone (docs/telegram.md §4)."""
    if is_private(message):
        await sending.reply(message, format_reply(reply))
        return
    try:
        await message.set_reaction(ReactionTypeEmoji(ReactionEmoji.THUMBS_UP))
    except TelegramError as error:  # reactions may be switched off in the group: then nothing
        log.info("could not react to an acknowledgement: %s", error)


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
                        markup=keyboards.root_menu(engine, state.callbacks))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask, with examples."""
    message = update.effective_message
    if message is None or not await admitted(update, context):
        return
    group = not is_private(message)
    await sending.reply(message, [texts.help_text(group=group, username=context.bot.username)])


async def topics(update: Update, context: Context) -> None:
    """Show the topics menu."""
    message, state = update.effective_message, get_state(context)
    if message is None or not await admitted(update, context):
        return
    await sending.reply(message, [escape(texts.MENU_ROOT)],
                        markup=keyboards.root_menu(state.holder.engine, state.callbacks))


async def sources(update: Update, context: Context) -> None:
    """Say where the answers come from (`/sources all`: every source, with links)."""
    message, state = update.effective_message, get_state(context)
    if message is None or not await admitted(update, context):
        return
    full = [a.lower() for a in context.args or []] == ["all"]
    await sending.reply(message, texts.sources_messages(state.holder.engine, full=full))


async def ask(update: Update, context: Context) -> None:
    """Answer the question after /ask (how groups with privacy mode on can ask)."""
    message = update.effective_message
    if message is None or not await admitted(update, context):
        return
    question = " ".join(context.args or [])
    if not question:
        await sending.reply(message, [escape(texts.ASK_USAGE)])
        return
    await _answer(message, context, question, edited=update.edited_message is not None)


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
    await sending.reply(message, [escape(texts.UNKNOWN_COMMAND.format(command=command))])


# -- questions --------------------------------------------------------------------------
async def question(update: Update, context: Context) -> None:
    """Answer a text message: any in a private chat, in groups only those meant for the bot."""
    message = update.message
    if message is None:
        return
    text = addressed_text(message, context.bot.bot)
    if text is None or not await admitted(update, context):
        return
    await _answer(message, context, text)


async def edited_question(update: Update, context: Context) -> None:
    """Answer an edited question again, editing the earlier answer where possible."""
    message = update.edited_message
    if message is None:
        return
    text = addressed_text(message, context.bot.bot)
    if text is None or not await admitted(update, context):
        return
    await _answer(message, context, text, edited=True)


async def edited_into_command(update: Update, context: Context) -> None:
    """A question edited into a command (other than /ask): its answer answers nothing now, so it goes."""
    message, memory = update.edited_message, context.chat_data
    if message is None or memory is None or not message.text:
        return
    command = message.text.split()[0].partition("@")[0].lower()
    earlier = memory.answer_to(message.message_id)
    if earlier is None or command == "/ask":
        return
    for message_id in earlier.message_ids:
        try:
            await context.bot.delete_message(message.chat_id, message_id)
        except TelegramError as error:  # too old to delete (48 hours): it stays, harmlessly
            log.info("could not delete an answer whose question became a command: %s", error)
    memory.forget(earlier)


async def media(update: Update, context: Context) -> None:
    """Say that the bot reads text questions (stickers, photos, voice, documents, locations…)."""
    message = update.message
    if message is None or addressed_text(message, context.bot.bot) is None:
        return
    if not await admitted(update, context):
        return
    await sending.reply(message, [escape(texts.MEDIA)])


async def migrate(update: Update, context: Context) -> None:
    """Keep a group's conversations when it becomes a supergroup (and so changes its chat id)."""
    message = update.effective_message
    if message is None:
        return
    old = message.migrate_from_chat_id or message.chat_id
    new = message.migrate_to_chat_id or message.chat_id
    chats = context.application.chat_data
    # Telegram announces the move in both chats: move once, never over what the new one has.
    if old != new and old in chats and (new not in chats or chats[new].is_empty()):
        context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)


# -- buttons ----------------------------------------------------------------------------
async def button(update: Update, context: Context) -> None:
    """Answer a tapped suggestion, or turn a page of the topics menu; always acknowledge the tap."""
    query, state = update.callback_query, get_state(context)
    if query is None:
        return
    action = keyboards.decode(query.data, state.callbacks)
    if action is None:
        await acknowledge_tap(query, texts.EXPIRED_BUTTON)
        return
    if isinstance(action, Menu):
        await acknowledge_tap(query)
        await _turn_page(update, state, action)
        return
    if not await admitted(update, context):
        return
    await acknowledge_tap(query)
    message, memory = query.message, context.chat_data
    if not isinstance(message, Message) or memory is None:
        return  # an inline message or one too old to see: nowhere to answer
    label = keyboards.button_label(message.reply_markup, query.data)
    suggestion = dataclasses.replace(action, text=label)
    # The tap continues from the answer that offered the button, as the tapper's own conversation.
    key = context_key(message, person=query.from_user.id)
    conversation = memory.continuing(message.message_id) or memory.conversation(key)
    reply = state.holder.engine.answer_suggestion(suggestion, conversation)
    state.stats.count(reply, tapped=True)
    markup = keyboards.suggestions_keyboard(reply.suggestions, state.callbacks)
    sent = await sending.reply(message, format_reply(reply), markup=markup, quote=False)
    memory.keep(key, conversation)
    memory.remember(Answer(sent.message_ids, sent.digests, None, conversation))


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
            await sending.reply(query.message, [escape(texts.MENU_ROOT)], markup=markup, quote=False)


# -- errors -----------------------------------------------------------------------------
async def on_error(update: object, context: Context) -> None:
    """Log the error with its traceback and tell the user something went wrong; never stop the bot."""
    log.error("error while handling update %s", getattr(update, "update_id", "?"), exc_info=context.error)
    data = context.bot_data
    if isinstance(data, BotData):
        data.stats.errors += 1
    if not isinstance(update, Update) or update.effective_message is None:
        return
    message = update.message or update.edited_message
    meant_for_bot = update.callback_query is not None or (message is not None and (
        (message.text or "").startswith("/") or addressed_text(message, context.bot.bot) is not None))
    if not meant_for_bot:
        return
    try:  # a reply keeps the forum topic (and, in groups, quotes what failed)
        tapped = update.callback_query is not None  # then the message is the bot's own: no quote
        await update.effective_message.reply_text(texts.ERROR, do_quote=False if tapped else None)
    except TelegramError as error:
        log.warning("could not tell the user about the error either: %s", error)
