"""A small fake Telegram Bot API server on 127.0.0.1, for running the real Application offline.

It answers the methods the bot uses with the Bot API's shapes, validates what Telegram
validates that matters here (HTML markup, message length, callback data size, the
token), plays the users (messages, edits, button taps, media, channel posts), and can
be told to fail the next calls of a method with a 429 or a 5xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.telegram.app import App
from bot.telegram.state import BotState, get_state

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
TOKEN = "424242:AAFakeTokenForTheTelegramTests-secret"
ADMIN = 9001
BOT_ID = 424242
BOT_USERNAME = "cfsp_test_bot"
JSON_FIELDS = {"reply_markup", "reply_parameters", "link_preview_options", "allowed_updates",
               "commands", "scope", "entities", "reaction"}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "message_thread_id"}
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
             "tg-spoiler", "span", "blockquote", "tg-emoji"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z-]*)(\s[^<>]*)?>")
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML, or ApiError as Telegram words it."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = TAG.match(text, i)
            if match is None or match.group(2).lower() not in HTML_TAGS:
                raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag at byte offset {i}")
            name = match.group(2).lower()
            if match.group(1):
                if not stack or stack[-1] != name:
                    raise ApiError(400, f"Bad Request: can't parse entities: Unmatched end tag {name}")
                stack.pop()
            else:
                stack.append(name)
            i = match.end()
        elif char == "&" and (entity := ENTITY.match(text, i)):
            out.append(html.unescape(entity.group()))
            i = entity.end()
        else:
            out.append(char)
            i += 1
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag corresponding to {stack[-1]}")
    return "".join(out)


@dataclass
class Call:
    """One request the bot made, and how it was answered."""

    method: str
    params: dict[str, Any]
    status: int = 200
    result: Any = None
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def text(self) -> str:
        """What the user sees: the text after Telegram parsed the markup."""
        if isinstance(self.result, dict) and "text" in self.result:
            return str(self.result["text"])
        return str(self.params.get("text", ""))

    @property
    def chat_id(self) -> int | None:
        chat = self.params.get("chat_id")
        return int(chat) if chat is not None else None

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


class FakeBotApi:
    """The server, and the users talking to the bot through it."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.port = 0
        self.calls: list[Call] = []
        self.faults: dict[str, list[tuple[int, int | None, int | None, str | None]]] = defaultdict(list)
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._polled = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None

    # -- server ---------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._closing = True
        await self._wake()  # end pending long polls now, not at their time-out
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                raw.update(await request.json())
            else:
                raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if key in JSON_FIELDS and isinstance(value, str):
                value = json.loads(value)
            elif key in INT_FIELDS and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
                value = int(value)
            params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if ":" not in token:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        if token != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await self._params(request)
        call = Call(method, params)
        try:
            fault = self._fault(method, params)
            if fault is not None:
                code, retry_after, description = fault
                default = "Too Many Requests: retry later" if code == 429 else "Internal Server Error"
                raise ApiError(code, description or default, retry_after)
            call.result = await self._dispatch(method, params)
        except ApiError as error:
            call.status = error.code
            body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            await self._record(call)
            return web.json_response(body, status=error.code)
        await self._record(call)
        return web.json_response({"ok": True, "result": call.result})

    def _fault(self, method: str, params: dict[str, Any]) -> tuple[int, int | None, str | None] | None:
        for index, (code, retry_after, chat_id, description) in enumerate(self.faults[method]):
            if chat_id is None or chat_id == params.get("chat_id"):
                del self.faults[method][index]
                return code, retry_after, description
        return None

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    # -- Bot API methods -------------------------------------------------------------------
    async def _dispatch(self, method: str, p: dict[str, Any]) -> Any:
        if method == "getMe":
            return self.bot_user()
        if method == "getUpdates":
            return await self._get_updates(p)
        if method == "setMyCommands":
            scope = (p.get("scope") or {}).get("type", "default")
            self.commands[scope] = p["commands"]
            return True
        if method == "sendMessage":
            return self._send_message(p)
        if method == "editMessageText":
            return self._edit_message(p)
        if method == "editMessageReplyMarkup":
            stored = self._stored(p)
            stored["reply_markup"] = self._markup(p)
            return stored
        if method == "deleteMessage":
            self._messages.pop((int(p["chat_id"]), int(p["message_id"])), None)
            return True
        return True  # answerCallbackQuery, deleteWebhook, close, ...

    async def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        self._polled.set()
        offset = int(p.get("offset") or 0)
        timeout = float(p.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or self._closing or time.monotonic() >= deadline:
                    return list(self._updates[:100])
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())

    def _check_text(self, p: dict[str, Any]) -> str:
        text = str(p.get("text") or "")
        visible = parse_html(text) if str(p.get("parse_mode", "")).upper() == "HTML" else text
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return visible

    def _markup(self, p: dict[str, Any]) -> dict[str, Any] | None:
        markup = p.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for item in row:
                data = item.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup if isinstance(markup, dict) else None

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(p["chat_id"])
        visible = self._check_text(p)
        markup = self._markup(p)
        message = {
            "message_id": next(self._message_ids[chat_id]), "date": int(time.time()),
            "chat": self._chat(chat_id), "from": self.bot_user(), "text": visible,
        }
        if markup:
            message["reply_markup"] = markup
        if p.get("message_thread_id") is not None:  # sent into a forum topic
            message.update(message_thread_id=int(p["message_thread_id"]), is_topic_message=True)
        quoted = (p.get("reply_parameters") or {}).get("message_id")
        if quoted is not None and (chat_id, int(quoted)) in self._messages:
            message["reply_to_message"] = self._messages[(chat_id, int(quoted))]
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _stored(self, p: dict[str, Any]) -> dict[str, Any]:
        stored = self._messages.get((int(p["chat_id"]), int(p["message_id"])))
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if stored["from"]["id"] != BOT_ID:
            raise ApiError(400, "Bad Request: message can't be edited")
        return stored

    def _edit_message(self, p: dict[str, Any]) -> dict[str, Any]:
        stored = self._stored(p)
        visible = self._check_text(p)
        markup = self._markup(p)
        if visible == stored["text"] and markup == stored.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        stored["text"] = visible
        stored["edit_date"] = int(time.time())
        if markup:
            stored["reply_markup"] = markup
        else:
            stored.pop("reply_markup", None)
        return stored

    # -- the users ----------------------------------------------------------------------
    def bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "CFSP bot", "username": BOT_USERNAME}

    @staticmethod
    def user(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}

    @staticmethod
    def _chat(chat_id: int, chat_type: str | None = None) -> dict[str, Any]:
        kind = chat_type or ("private" if chat_id > 0 else "group")
        if kind == "private":
            return {"id": chat_id, "type": kind, "first_name": f"User{chat_id}"}
        return {"id": chat_id, "type": kind, "title": f"Chat {chat_id}"}

    def enqueue(self, kind: str, body: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, kind: body})
        asyncio.get_running_loop().create_task(self._wake())
        return update_id

    async def _wake(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    @staticmethod
    def entities(text: str) -> list[dict[str, Any]]:
        found = []
        for match in re.finditer(r"(?:^/[A-Za-z0-9_]+(?:@\w+)?)|(?:@\w+)", text):
            offset = utf16_len(text[: match.start()])
            kind = "bot_command" if match.group().startswith("/") else "mention"
            found.append({"type": kind, "offset": offset, "length": utf16_len(match.group())})
        return found

    def message(self, chat_id: int, text: str | None = None, *, user_id: int | None = None,
                reply_to: int | None = None, topic: int | None = None, **content: Any) -> dict[str, Any]:
        """A user sends a message (text, or `sticker=...`, `photo=...` etc.); returns it.

        `topic`: the forum topic (message_thread_id) of a supergroup that is a forum.
        """
        user_id = user_id or chat_id
        chat = self._chat(chat_id)
        if topic is not None:
            chat.update(type="supergroup", is_forum=True)
            content = {"message_thread_id": topic, "is_topic_message": True, **content}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat_id]), "date": int(time.time()),
            "chat": chat, "from": self.user(user_id), **content,
        }
        if text is not None:
            message["text"] = text
            if entities := self.entities(text):
                message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = self._messages[(chat_id, reply_to)]
        self._messages[(chat_id, message["message_id"])] = message
        self.enqueue("message", message)
        return message

    def edit(self, message: dict[str, Any], text: str) -> None:
        """The user edits an earlier message."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        if entities := self.entities(text):
            edited["entities"] = entities
        self._messages[(message["chat"]["id"], message["message_id"])] = edited
        self.enqueue("edited_message", edited)

    def tap(self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None) -> None:
        """The user taps an inline button of a bot message."""
        self.enqueue("callback_query", {
            "id": str(next(self._callback_ids)), "from": self.user(user_id or chat_id), "chat_instance": "1",
            "data": data, "message": self._messages[(chat_id, message_id)],
        })

    def channel_post(self, chat_id: int, text: str) -> None:
        self.enqueue("channel_post", {
            "message_id": next(self._message_ids[chat_id]), "date": int(time.time()),
            "chat": self._chat(chat_id, "channel"), "sender_chat": self._chat(chat_id, "channel"), "text": text,
        })

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None,
             chat_id: int | None = None, description: str | None = None) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error."""
        for _ in range(times):
            self.faults[method].append((status, retry_after, chat_id, description))

    # -- what the bot did -------------------------------------------------------------------
    def sent(self, chat_id: int | None = None, *, methods: tuple[str, ...] = ("sendMessage",)) -> list[Call]:
        """Successful calls of `methods` (to one chat if given), in order."""
        return [c for c in self.calls if c.ok and c.method in methods and (chat_id is None or c.chat_id == chat_id)]

    async def wait_for(self, count: int, chat_id: int | None = None, *,
                       methods: tuple[str, ...] = ("sendMessage",), timeout: float = 10.0) -> list[Call]:
        """Wait until at least `count` such calls were made; fail the test after `timeout` seconds."""
        async def enough() -> list[Call]:
            async with self._changed:
                while len(found := self.sent(chat_id, methods=methods)) < count:
                    await self._changed.wait()
                return found

        try:
            return await asyncio.wait_for(enough(), timeout)
        except TimeoutError:
            seen = [(c.method, c.chat_id, c.text[:60]) for c in self.sent(chat_id, methods=methods)]
            raise AssertionError(f"expected {count} {methods} to {chat_id}, got {len(seen)}: {seen}") from None

    async def polling(self, timeout: float = 10.0) -> None:
        """Wait until the bot asks for updates (it is then fully started)."""
        await asyncio.wait_for(self._polled.wait(), timeout)

    def expect_restart(self) -> None:
        """The bot was stopped: `polling` waits for the next one to ask for updates."""
        self._polled.clear()


@dataclass
class RunningBot:
    """The real Application, running against the fake server."""

    app: App = field(repr=False)  # python-telegram-bot's repr shows the token
    api: FakeBotApi = field(repr=False)
    settings: Settings = field(repr=False)
    stopper: Callable[[], Awaitable[None]] | None = field(default=None, repr=False)

    @property
    def state(self) -> BotState:
        return get_state(self.app)

    async def stop(self) -> None:
        """Stop the bot as SIGINT would (it saves its state), e.g. to start another in its place."""
        assert self.stopper is not None
        await self.stopper()
