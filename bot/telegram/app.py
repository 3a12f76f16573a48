"""Build the Telegram application and run it: long polling by default, a webhook if WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import sys
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.cache import load_engine
from bot.config import Settings
from bot.telegram import admin, handlers, introduce, redaction, texts
from bot.telegram.limits import QuestionLimiter
from bot.telegram.memory import ChatMemory
from bot.telegram.persistence import keep_saving, open_persistence
from bot.telegram.processing import PerChatUpdateProcessor
from bot.telegram.ratelimiter import RetryingRateLimiter
from bot.telegram.reloading import EngineHolder, ReloadResult, watch
from bot.telegram.state import (
    CONTEXT_TYPES,
    BotData,
    BotState,
    Context,
    UnansweredStore,
    attach,
    get_state,
    open_unanswered,
)

log = logging.getLogger(__name__)

App = Application[ExtBot[int], Context, dict[Any, Any], ChatMemory, BotData, Any]

# Only what the bot handles is fetched; channel posts, reactions, others' member changes never arrive.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY,
                   Update.INLINE_QUERY, Update.MY_CHAT_MEMBER]
# Generous time-outs: a time-out on a send is ambiguous (the message may have arrived) and
# is retried, which could show it twice, so it should only happen when something is wrong.
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
WRITE_TIMEOUT_S = 20.0
POOL_TIMEOUT_S = 10.0
# Every message is HTML (escaped where it quotes a user); source links would each unfold a
# preview; a reply whose question was deleted meanwhile is still sent. Quoting is left to
# python-telegram-bot's default: replies quote their question in groups, not in private chats.
DEFAULTS = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True),
                    allow_sending_without_reply=True)


def build_application(settings: Settings, *, holder: EngineHolder,
                      unanswered: UnansweredStore | None = None) -> App:
    """The application with every handler registered, the shared state injected and the
    persistence (settings.telegram_state_path) set up."""
    # Opt in to python-telegram-bot's coming timedelta durations: without it every 429
    # raises a deprecation warning inside the library (RetryAfter.retry_after).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    state = BotState(settings, holder, limiter=QuestionLimiter(settings.user_rate_per_minute), unanswered=unanswered)

    async def post_init(app: App) -> None:
        attach(app, state)  # again: initialize() put the saved bot_data in place
        await set_commands(app)
        await introduce.set_descriptions(app)
        if app.persistence is not None:
            state.tasks.append(asyncio.create_task(keep_saving(app)))
        if settings.watch_interval_s > 0:
            async def on_reload(result: ReloadResult, previous: ReloadResult | None) -> None:
                await _on_reload(app, result, previous)

            state.tasks.append(asyncio.create_task(watch(holder, settings.watch_interval_s, on_reload)))
        how = "webhook" if settings.webhook_url else "long polling"
        log.info("the bot @%s is starting (%s)", app.bot.username, how)

    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .context_types(CONTEXT_TYPES)
        .defaults(DEFAULTS)
        .rate_limiter(RetryingRateLimiter())
        .concurrent_updates(PerChatUpdateProcessor())
        .connect_timeout(CONNECT_TIMEOUT_S)
        .read_timeout(READ_TIMEOUT_S)
        .write_timeout(WRITE_TIMEOUT_S)
        .pool_timeout(POOL_TIMEOUT_S)
        .post_init(post_init)
        .post_stop(_stop_tasks)
        .post_shutdown(_post_shutdown)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_api_file_url:
        builder = builder.base_file_url(settings.telegram_api_file_url)
    persistence = open_persistence(settings.telegram_state_path)
    if persistence is not None:
        builder = builder.persistence(persistence)
    app: App = builder.build()
    attach(app, state)
    register_handlers(app)
    return app


def register_handlers(app: App) -> None:
    new, edited = filters.UpdateType.MESSAGE, filters.UpdateType.EDITED_MESSAGE
    # A question edited into a command loses its answer first (group -1 runs before the rest);
    # the command then runs as if sent anew, and an edited /ask is answered again in place.
    app.add_handler(MessageHandler(edited & filters.COMMAND, handlers.edited_into_command), group=-1)
    commands = {
        "start": handlers.start, "help": handlers.help_command, "topics": handlers.topics,
        "sources": handlers.sources, "ask": handlers.ask,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=new | edited))
    # Admin commands exist only for admins: anyone else's /reload falls through to unknown_command.
    admins = filters.User(user_id=get_state(app).settings.admin_ids)
    app.add_handler(CommandHandler("reload", admin.reload_command, filters=new & admins))
    app.add_handler(CommandHandler("stats", admin.stats_command, filters=new & admins))
    # After the known commands: any other command gets a pointer to /help, not an answer.
    app.add_handler(MessageHandler((new | edited) & filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(new & filters.TEXT, handlers.question))
    # Edits of questions only: UpdateType.EDITED_MESSAGE leaves out edited channel posts.
    app.add_handler(MessageHandler(edited & filters.TEXT & ~filters.COMMAND, handlers.edited_question))
    app.add_handler(CallbackQueryHandler(handlers.button))
    # A group becoming a supergroup changes its chat id: its conversations move with it.
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, handlers.migrate))
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


async def _stop_tasks(app: App) -> None:
    """Stop the watcher and the periodic save (the application saves once more as it shuts down)."""
    tasks = get_state(app).tasks
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    tasks.clear()


async def _post_shutdown(app: App) -> None:
    await _stop_tasks(app)  # if the bot never got as far as running, post_stop was not called
    close = getattr(get_state(app).unanswered, "close", None)
    if callable(close):
        close()


def webhook_path(url: str) -> str:
    """The path the webhook listens on: the path of WEBHOOK_URL, which the reverse proxy passes on."""
    return urlsplit(url).path.strip("/")


async def serve(app: App, stop: asyncio.Event) -> None:
    """Run the bot until `stop` is set, as `Application.run_polling` does but inside a running
    event loop (for tests and embedding): start-up hooks, polling (or webhook), orderly shutdown."""
    settings = get_state(app).settings
    updater = app.updater
    assert updater is not None
    await app.initialize()  # getMe, where a wrong token fails; loads the saved state
    try:
        if app.post_init:
            await app.post_init(app)
        if settings.webhook_url:
            await updater.start_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port,
                url_path=webhook_path(settings.webhook_url), webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret or None, allowed_updates=ALLOWED_UPDATES)
        else:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        await app.start()
        await stop.wait()
        log.info("stopping: finishing the questions already received")
    finally:
        if updater.running:
            await updater.stop()
        if app.running:
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
        await app.shutdown()  # saves the state a last time
        if app.post_shutdown:
            await app.post_shutdown(app)


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
    loop = asyncio.new_event_loop()  # run_polling/run_webhook run on this loop too
    asyncio.set_event_loop(loop)
    try:
        # First on its own, so that a wrong token or an unreachable server is one line, not
        # python-telegram-bot's logged retry loop; run_polling then finds it initialised.
        loop.run_until_complete(app.initialize())
        if settings.webhook_url:
            app.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port,
                url_path=webhook_path(settings.webhook_url), webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret or None, allowed_updates=ALLOWED_UPDATES)
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
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
