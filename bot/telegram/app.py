"""Build the Telegram application and run it: long polling by default, a webhook if WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
import os
import signal
import sys
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Update,
)
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.cache import load_engine
from bot.config import Settings
from bot.telegram import admin, handlers, introduce, redaction, texts
from bot.telegram.limits import QuestionLimiter
from bot.telegram.processing import PerChatUpdateProcessor
from bot.telegram.ratelimiter import RetryingRateLimiter
from bot.telegram.reloading import EngineHolder, ReloadResult, watch
from bot.telegram.state import STATE_KEY, BotState, Context, UnansweredStore, get_state, open_unanswered

log = logging.getLogger(__name__)

App = Application[ExtBot[int], Context, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]

# Only what the bot handles is fetched; channel posts, reactions, others' member changes never arrive.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY,
                   Update.INLINE_QUERY, Update.MY_CHAT_MEMBER]
# Generous time-outs: a time-out on a send is ambiguous (the message may have arrived) and
# is retried, which could show it twice, so it should only happen when something is wrong.
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
WRITE_TIMEOUT_S = 20.0
POOL_TIMEOUT_S = 10.0


def build_application(settings: Settings, *, holder: EngineHolder,
                      unanswered: UnansweredStore | None = None) -> App:
    """The application with every handler registered and the shared state injected."""
    # Opt in to python-telegram-bot's coming timedelta durations: without it every 429
    # raises a deprecation warning inside the library (RetryAfter.retry_after).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .rate_limiter(RetryingRateLimiter())
        .concurrent_updates(PerChatUpdateProcessor())
        .connect_timeout(CONNECT_TIMEOUT_S)
        .read_timeout(READ_TIMEOUT_S)
        .write_timeout(WRITE_TIMEOUT_S)
        .pool_timeout(POOL_TIMEOUT_S)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_api_file_url:
        builder = builder.base_file_url(settings.telegram_api_file_url)
    app: App = builder.build()
    limiter = QuestionLimiter(settings.user_rate_per_minute)
    app.bot_data[STATE_KEY] = BotState(settings, holder, limiter=limiter, unanswered=unanswered)
    register_handlers(app)
    return app


def register_handlers(app: App) -> None:
    new = filters.UpdateType.MESSAGE  # commands are not run again when edited
    commands = {
        "start": handlers.start, "help": handlers.help_command, "topics": handlers.topics,
        "sources": handlers.sources, "ask": handlers.ask,
        "reload": admin.reload_command, "stats": admin.stats_command,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=new))
    # After the known commands: any other command gets a pointer to /help, not an answer.
    app.add_handler(MessageHandler(new & filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(new & filters.TEXT, handlers.question))
    # Edits of questions only: UpdateType.EDITED_MESSAGE leaves out edited channel posts.
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND,
                                   handlers.edited_question))
    app.add_handler(CallbackQueryHandler(handlers.button))
    # Whatever else a person sends: stickers, photos, voice, documents, locations...
    app.add_handler(MessageHandler(new & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.media))
    # -- how the bot introduces itself (issue 10): inline mode, joining a group ------------
    app.add_handler(InlineQueryHandler(introduce.on_inline_query))
    app.add_handler(ChatMemberHandler(introduce.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    # ---------------------------------------------------------------------------------------
    app.add_error_handler(handlers.on_error)


async def set_commands(app: App) -> None:
    """The command menu: for private chats, for groups, and with the admin commands for admins."""
    private = [BotCommand(n, d) for n, d in texts.PRIVATE_COMMANDS]
    group = [BotCommand(n, d) for n, d in texts.GROUP_COMMANDS]
    admin_menu = private + [BotCommand(n, d) for n, d in texts.ADMIN_COMMANDS]
    try:
        await app.bot.set_my_commands(private)
        await app.bot.set_my_commands(private, scope=BotCommandScopeAllPrivateChats())
        await app.bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats())
    except TelegramError as error:  # a missing menu is no reason not to answer
        log.warning("could not set the command menu: %s", error)
    for admin_id in sorted(get_state(app).settings.admin_ids):
        try:
            await app.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin_id))
        except TelegramError as error:  # the admin has not opened a chat with the bot yet
            log.info("no admin command menu for %s yet: %s", admin_id, error)


async def _on_reload(app: App, result: ReloadResult, previous: ReloadResult | None) -> None:
    """After a reload by the watcher: tell the admins about a refused base, and about the fix."""
    state = get_state(app)
    if not result.ok or (previous is not None and not previous.ok):
        await admin.notify_admins(app.bot, state, admin.reload_text(result, automatic=True))


def webhook_path(url: str) -> str:
    """The path the webhook listens on: the path of WEBHOOK_URL, which the reverse proxy passes on."""
    return urlsplit(url).path.strip("/")


async def serve(app: App, stop: asyncio.Event) -> None:
    """Run the bot until `stop` is set: start-up, polling (or webhook), and an orderly shutdown."""
    state = get_state(app)
    settings = state.settings
    async with app:  # initialize: getMe, where a wrong token fails
        await set_commands(app)
        await introduce.set_descriptions(app)
        watcher = None
        if settings.watch_interval_s > 0:
            async def on_reload(result: ReloadResult, previous: ReloadResult | None) -> None:
                await _on_reload(app, result, previous)

            watcher = asyncio.create_task(watch(state.holder, settings.watch_interval_s, on_reload))
        updater = app.updater
        assert updater is not None
        try:
            if settings.webhook_url:
                await updater.start_webhook(
                    listen=settings.webhook_listen, port=settings.webhook_port,
                    url_path=webhook_path(settings.webhook_url), webhook_url=settings.webhook_url,
                    secret_token=settings.webhook_secret or None, allowed_updates=ALLOWED_UPDATES)
            else:
                await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            await app.start()
            log.info("the bot @%s is running (%s)", app.bot.username,
                     "webhook" if settings.webhook_url else "long polling")
            await stop.wait()
            log.info("stopping: finishing the questions already received")
        finally:
            if watcher is not None:
                watcher.cancel()
                await asyncio.gather(watcher, return_exceptions=True)
            if updater.running:
                await updater.stop()
            if app.running:
                await app.stop()
            close = getattr(state.unanswered, "close", None)
            if callable(close):
                close()


async def _run(app: App) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
            loop.add_signal_handler(signum, stop.set)
    await serve(app, stop)


def run_telegram(settings: Settings) -> int:
    """`python -m bot telegram`: run until interrupted. 0 on a clean stop, 1 on a start-up failure."""
    token = settings.telegram_token
    if not token:
        print("error: TELEGRAM_BOT_TOKEN is not set; put the token from @BotFather in .env "
              "(see docs/telegram.md)", file=sys.stderr)
        return 1
    if settings.webhook_url and importlib.util.find_spec("tornado") is None:
        print('error: webhook mode needs python-telegram-bot\'s webhooks extra: pip install '
              '"python-telegram-bot[webhooks,rate-limiter]" (or unset WEBHOOK_URL to use long polling)',
              file=sys.stderr)
        return 1
    redaction.install(token, settings.webhook_secret)
    secrets = redaction.secrets_of(token) + ((settings.webhook_secret,) if settings.webhook_secret else ())
    holder = EngineHolder(load_engine(settings.root), settings.root)  # an invalid base: exit 2, in cli
    app = build_application(settings, holder=holder, unanswered=open_unanswered(settings))
    try:
        asyncio.run(_run(app))
    except InvalidToken:
        print("error: Telegram rejected the bot token (TELEGRAM_BOT_TOKEN); check it with @BotFather",
              file=sys.stderr)
        return 1
    except NetworkError as error:
        where = settings.telegram_api_base_url or "api.telegram.org"
        print(f"error: cannot reach the Telegram Bot API ({redaction.redact(where, secrets)}): "
              f"{redaction.redact(str(error), secrets)}", file=sys.stderr)
        return 1
    except (TelegramError, OSError) as error:  # e.g. the webhook port is taken
        print(f"error: the bot could not start: {redaction.redact(str(error), secrets)}", file=sys.stderr)
        return 1
    return 0
