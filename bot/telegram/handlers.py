"""The Telegram handlers: thin adapters that take a question, ask the engine and send its reply."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from telegram import CallbackQuery, Message, ReactionTypeEmoji, Update, User
from telegram.constants import ReactionEmoji
from telegram.error import BadRequest, TelegramError

from bot.acknowledge import is_acknowledgement
from bot.engine import Engine
from bot.knowledge import FactRef
from bot.reply import Reply, Suggestion
from bot.telegram import deeplinks, keyboards, sending, texts
from bot.telegram.addressing import addressed_text, is_private
from bot.telegram.formatting import Block, escape, format_reply
from bot.telegram.keyboards import Menu
from bot.telegram.memory import Answer, context_key, starting_point
from bot.telegram.state import BotData, BotState, Context, get_state

log = logging.getLogger(__name__)


# -- helpers ----------------------------------------------------------------------------
def _user_key(update: Update) -> object:
    """Whose allowance a question takes. An anonymous group admin or a linked channel posts as
    a chat (`sender_chat`), with @GroupAnonymousBot or @Channel_Bot as `from`, shared by every
    group: the chat it posts as is the asker."""
    message = update.message or update.edited_message
    if message is not None and message.sender_chat is not None:
        return ("chat", message.sender_chat.id)
    if update.effective_user is not None:
        return update.effective_user.id
    chat = update.effective_chat
    return ("chat", chat.id if chat else None)


def _backlog(update: Update, state: BotState) -> bool:
    """A message sent while the bot was down, delivered at start: not a flood by its sender."""
    message = update.message or update.edited_message
    if message is None:
        return False
    sent = message.edit_date or message.date  # an old question edited now is not a backlog
    return sent.timestamp() < int(state.started_at)


async def admitted(update: Update, context: Context) -> bool:
    """Whether the user is within their question allowance; tells them politely, once, if not."""
    state = get_state(context)
    if _backlog(update, state):
        return True
    verdict = state.limiter.check(_user_key(update))
    if verdict.allowed:
        return True
    state.stats.rate_limited += 1
    note = texts.rate_limited(verdict.retry_after_s)
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
    markup = keyboards.suggestions_keyboard(reply.suggestions)
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
    """Welcome the user: what the bot knows, with the topics as buttons; `/start <payload>`
    (a deep link, t.me/<bot>?start=eulex) opens a topic or asks a question instead.
    Commands take nothing from the question allowance: they are never dropped."""
    message, state = update.effective_message, get_state(context)
    if message is None:
        return
    engine = state.holder.engine
    if context.args:
        opened = deeplinks.resolve(engine, context.args[0])
        if isinstance(opened, Menu):
            markup = keyboards.entity_menu(engine, opened.value) if opened.page == "e" else None
            markup = markup or keyboards.category_menu(engine, opened.value)
            name = deeplinks.page_title(engine, opened)
            await sending.reply(message, [texts.footnoted(escape(texts.MENU_TOPIC.format(name=name)), engine.kb)],
                                markup=markup, quote=not is_private(message))
            return
        if opened is not None:
            if await admitted(update, context):
                await _answer(message, context, opened)
            return
    first_name = update.effective_user.first_name if update.effective_user else None
    await sending.reply(message, [texts.footnoted(texts.welcome(engine, first_name), engine.kb,
                                                  *texts.menu_names(engine.kb))],
                        markup=keyboards.root_menu(engine), quote=not is_private(message))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask, with examples."""
    message = update.effective_message
    if message is None:
        return
    group = not is_private(message)
    help_text = texts.help_text(group=group, username=context.bot.username)
    await sending.reply(message, [texts.footnoted(help_text, get_state(context).holder.engine.kb)], quote=group)


async def topics(update: Update, context: Context) -> None:
    """Show the topics menu."""
    message, state = update.effective_message, get_state(context)
    if message is None:
        return
    kb = state.holder.engine.kb
    await sending.reply(message, [texts.footnoted(escape(texts.MENU_ROOT), kb, *texts.menu_names(kb))],
                        markup=keyboards.root_menu(state.holder.engine),
                        quote=not is_private(message))


async def sources(update: Update, context: Context) -> None:
    """Say where the answers come from: every source once, by kind, in at most three messages
    (`/sources all`: the same list as a file, one message however long it is)."""
    message, state = update.effective_message, get_state(context)
    if message is None:
        return
    engine = state.holder.engine
    if [a.lower() for a in context.args or []] == ["all"]:
        await message.reply_document(texts.sources_file(engine), filename=texts.SOURCES_FILE,
                                     caption=texts.SOURCES_CAPTION, do_quote=not is_private(message),
                                     allow_sending_without_reply=True)
        return
    await sending.reply(message, texts.sources_messages(engine), quote=not is_private(message))


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
    await sending.reply(message, [escape(texts.UNKNOWN_COMMAND.format(command=command))],
                        quote=not is_private(message))


# -- questions --------------------------------------------------------------------------
async def question(update: Update, context: Context) -> None:
    """Answer a text message: any in a private chat, in groups only those meant for the bot."""
    message = update.message
    if message is None:
        return
    text = addressed_text(message, context.bot.bot)
    if text is None:
        return
    if not text.strip() and not is_private(message):  # a bare "@bot": how to ask here
        await help_command(update, context)
        return
    if not await admitted(update, context):
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
    """Answer a question in a caption (a photo with "When was EULEX launched?"), like text;
    without one, say that the bot reads text questions (stickers, voice, locations…)."""
    message = update.message
    if message is None:
        return
    text = addressed_text(message, context.bot.bot)
    if text is None or not await admitted(update, context):
        return
    if message.caption and text.strip():
        await _answer(message, context, text)
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
    action = keyboards.decode(query.data)
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
    markup = keyboards.suggestions_keyboard(reply.suggestions)
    # The answer says what it answers: the tapped question in bold, and in groups who asked,
    # quoting the message whose button was tapped.
    group = not is_private(message)
    heading = _tapped_heading(state.holder.engine, action, label, query.from_user if group else None)
    sent = await sending.reply(message, format_reply(reply, heading=heading), markup=markup, quote=group)
    memory.keep(key, conversation)
    memory.remember(Answer(sent.message_ids, sent.digests, None, conversation))


def _tapped_heading(engine: Engine, action: Suggestion, label: str, asker: User | None) -> list[Block]:
    """The tapped question in full (a label may be cut short), and who tapped it in a group."""
    intent = engine.kb.intents.get(action.intent)
    entities = [engine.kb.entities[e] for e in action.entities if e in engine.kb.entities]
    full = engine.suggestion(intent, {e.type: e for e in entities}) if intent is not None else None
    kind, _, fact = action.intent.partition(":")
    owner, _, name = fact.partition(".")
    if kind == "fact" and owner in engine.kb.entities and name:  # a fact offered as a choice
        full = engine.fact_suggestion(FactRef(owner, name, ()))
    blocks = [Block(full.text if full is not None else label or "…", style="b")]
    if asker is not None:
        blocks.append(Block(f"asked by {asker.full_name}", style="i", tight=True))
    return blocks


async def _turn_page(update: Update, state: BotState, menu: Menu) -> None:
    """Show another page of the topics menu in place of the tapped keyboard."""
    query = update.callback_query
    assert query is not None
    engine = state.holder.engine
    markup = None
    if menu.page == "t":
        markup = keyboards.category_menu(engine, menu.value)
    elif menu.page == "e":
        markup = keyboards.entity_menu(engine, menu.value)
    if markup is None:  # the root page, or a page whose topic a reload removed
        markup = keyboards.root_menu(engine)
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest as error:
        if "not modified" in error.message.lower():  # a double tap
            return
        if isinstance(query.message, Message):  # too old to edit: send the page anew
            menu_text = texts.footnoted(escape(texts.MENU_ROOT), engine.kb, *texts.menu_names(engine.kb))
            await sending.reply(query.message, [menu_text], markup=markup, quote=False)


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
