"""Issue 10, part 2: what a user sees of buttons, tap answers, rate limits, captions, /sources,
inline mode, deep links, descriptions and the greeting in a group. All through the real
Application against the fake server (extended here with files, inline queries and member
updates)."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import web
from conftest import StartBot
from telegram_fakes import ADMIN, BOT_USERNAME, TOKEN, Call, FakeBotApi, RunningBot, parse_html

from bot.config import PROJECT_ROOT
from bot.knowledge import Source
from bot.telegram import admin, deeplinks, texts
from bot.telegram import app as app_module
from bot.telegram.ratelimiter import RetryingRateLimiter
from bot.validate import check

USER, OTHER, GROUP = 1001, 1002, -100500
ANONYMOUS_ADMIN = 1087968824  # @GroupAnonymousBot: the `from` of every anonymous admin
NO_FACTS = ("I have no sourced record", "I have no sourced answer")
real_kb = pytest.mark.skipif(bool(check(PROJECT_ROOT)[1]), reason="the project's knowledge base does not validate")


class FakeBotApiPlus(FakeBotApi):
    """The fake server, plus documents, descriptions, inline queries and member updates."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.descriptions: dict[str, str] = {}
        self._inline_ids = iter(range(1, 10**6))

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params = await super()._params(request)
        if request.content_type.startswith("multipart/"):  # the body was read and kept by the base
            files = {key: {"filename": value.filename, "content": value.file.read()}
                     for key, value in (await request.post()).items() if not isinstance(value, str)}
            for key, value in list(params.items()):  # `attach://<name>` refers to a file part
                if isinstance(value, str) and value.startswith("attach://"):
                    params[key] = files[value.removeprefix("attach://")]
            for key, value in files.items():
                params.setdefault(key, value)
        for key in ("results", "button"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _dispatch(self, method: str, p: dict[str, Any]) -> Any:
        if method == "sendDocument":
            chat_id = int(p["chat_id"])
            message = {"message_id": next(self._message_ids[chat_id]), "date": int(time.time()),
                       "chat": self._chat(chat_id), "from": self.bot_user(),
                       "document": {"file_id": "d", "file_unique_id": "d", "file_name": p["document"]["filename"]},
                       "caption": str(p.get("caption", ""))}
            self._messages[(chat_id, message["message_id"])] = message
            return message
        if method in ("setMyDescription", "setMyShortDescription"):
            key = "description" if method == "setMyDescription" else "short_description"
            self.descriptions[key] = str(p.get(key, ""))
            return True
        if method == "answerInlineQuery":
            for result in p["results"]:
                content = result["input_message_content"]
                visible = self._check_text({"text": content["message_text"], "parse_mode": content["parse_mode"]})
                assert visible and 1 <= len(result["id"].encode()) <= 64
            return True
        return await super()._dispatch(method, p)

    def inline_query(self, user_id: int, query: str) -> None:
        self.enqueue("inline_query", {"id": str(next(self._inline_ids)), "from": self.user(user_id),
                                      "query": query, "offset": ""})

    def member_change(self, chat_id: int, old: str, new: str) -> None:
        """The bot's own membership in a group changes (added: "left" -> "member")."""
        def member(status: str) -> dict[str, Any]:
            extra = {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                     "can_delete_messages": False, "can_manage_video_chats": False,
                     "can_restrict_members": False, "can_promote_members": False, "can_change_info": False,
                     "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
                     "can_delete_stories": False} if status == "administrator" else {}
            return {"user": self.bot_user(), "status": status, **extra}
        self.enqueue("my_chat_member", {"chat": self._chat(chat_id, "supergroup"), "from": self.user(USER),
                                        "date": int(time.time()), "old_chat_member": member(old),
                                        "new_chat_member": member(new)})


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApiPlus]:
    server = FakeBotApiPlus(TOKEN)
    await server.start()
    yield server
    await server.stop()


async def replies_to(api: FakeBotApi, chat: int, count_before: int) -> list[Call]:
    """The messages of one answer: every new one up to the one carrying buttons."""
    wanted = count_before + 1
    while True:
        calls = (await api.wait_for(wanted, chat))[count_before:]
        if calls[-1].buttons:
            return calls
        wanted += 1


async def tap(api: FakeBotApi, chat: int, message_id: int, data: str) -> list[Call]:
    before = len(api.sent(chat))
    api.tap(chat, message_id, data)
    return await replies_to(api, chat, before)


async def turn_page(api: FakeBotApi, chat: int, message_id: int, data: str) -> Call:
    edits = ("editMessageReplyMarkup",)
    before = len(api.sent(chat, methods=edits))
    api.tap(chat, message_id, data)
    return (await api.wait_for(before + 1, chat, methods=edits))[-1]


async def ask(api: FakeBotApi, chat: int, text: str, *, count: int = 1, **kw: Any) -> str:
    api.message(chat, text, **kw)
    return (await api.wait_for(count, chat))[-1].text


def shown(calls: list[Call]) -> str:
    return "\n".join(c.text for c in calls)


# -- 4. never offer what cannot be answered -------------------------------------------------
@real_kb
async def test_every_button_the_bot_can_show_leads_to_an_answer_with_facts(
        start_bot: StartBot, monkeypatch: pytest.MonkeyPatch) -> None:
    # One chat taps a few hundred buttons: lift the per-chat pacing (not what is tested here).
    monkeypatch.setattr(app_module, "RetryingRateLimiter", functools.partial(RetryingRateLimiter, chat_burst=10**6))
    bot = await start_bot(root=PROJECT_ROOT, user_rate_per_minute=0)
    api = bot.api
    await ask(api, USER, "/start")
    menu = api.sent(USER)[0]
    menu_id, pending = menu.result["message_id"], [data for _, data in menu.buttons]
    questions: dict[str, int] = {}  # callback data of every question button -> a message showing it
    pages = 0
    while pending:  # every page of the menu: categories, their entities, the entities' questions
        page = await turn_page(api, USER, menu_id, pending.pop())
        pages += 1
        assert len(page.buttons) > 1, page.buttons  # never a page with only « Back
        for _, data in page.buttons:
            if data.startswith("m|t:") or data.startswith("m|e:"):
                if data not in questions and data not in {"m|"}:
                    questions[data] = -1
                    pending.append(data)
            elif data.startswith("a|"):
                questions.setdefault(data, menu_id)
    answered: set[str] = set()
    to_tap = [(data, where) for data, where in questions.items() if data.startswith("a|")]
    menu_questions = len(to_tap)
    for text in ("qwxzv plorb", "how big is it"):  # the buttons under a fallback and a "which one?"
        before = len(api.sent(USER))
        api.message(USER, text)
        [offer] = await replies_to(api, USER, before)
        to_tap += [(d, offer.result["message_id"]) for _, d in offer.buttons]
    while to_tap:  # every question, then every suggestion under every answer
        data, where = to_tap.pop()
        if data in answered:
            continue
        answered.add(data)
        calls = await tap(api, USER, where, data)
        text = shown(calls)
        assert not any(phrase in text for phrase in NO_FACTS), (data, text[:200])
        assert any("<a href=" in c.params["text"] for c in calls), (data, "no source link")
        assert calls[0].params["text"].startswith("<b>"), data  # says what it answers
        to_tap += [(d, calls[-1].result["message_id"]) for _, d in calls[-1].buttons if d not in answered]
    assert pages > 20 and menu_questions > 150 and len(answered) > menu_questions
    assert all(call.status == 200 for call in api.calls)


# -- 5. tap answers say what they answer ---------------------------------------------------
async def test_a_tap_answer_starts_with_the_question_in_bold(bot: RunningBot) -> None:
    api = bot.api
    await ask(api, USER, "when was eulex launched")
    first = api.sent(USER)[0]
    [answer] = await tap(api, USER, first.result["message_id"], "a|mission.ended|eulex")
    assert answer.params["text"].startswith("<b>When did EULEX Kosovo end?</b>\n\nEULEX is still active")
    assert answer.text.startswith("When did EULEX Kosovo end?\n\nEULEX is still active")
    assert "reply_parameters" not in answer.params  # a private chat needs no quote


async def test_in_a_group_a_tap_answer_quotes_the_message_and_names_who_asked(bot: RunningBot) -> None:
    api = bot.api
    await ask(api, GROUP, f"@{BOT_USERNAME} when was eulex launched", user_id=USER)
    first = api.sent(GROUP)[0]
    before = len(api.sent(GROUP))
    api.tap(GROUP, first.result["message_id"], "a|mission.overview|eulex", user_id=OTHER)
    [answer] = await replies_to(api, GROUP, before)
    assert answer.text.startswith("Tell me about EULEX Kosovo\nasked by User1002\n\nEULEX Kosovo is the EU's")
    assert answer.params["text"].startswith("<b>Tell me about EULEX Kosovo</b>\n<i>asked by User1002</i>")
    assert answer.params["reply_parameters"]["message_id"] == first.result["message_id"]
    assert answer.result["reply_to_message"]["text"].startswith("EULEX was launched")


# -- 6 and 10. rate limiting that looks alive ----------------------------------------------------
async def test_while_limited_commands_still_answer_and_the_notice_comes_once(start_bot: StartBot) -> None:
    bot = await start_bot(user_rate_per_minute=3)
    api = bot.api
    for number in range(5):
        api.message(USER, f"when was eulex launched {number}")
    await api.wait_for(4, USER)
    for command in ("/help", "/start", "/topics", "/sources"):
        api.message(USER, command)
    calls = await api.wait_for(8, USER)
    texts_seen = [c.text for c in calls]
    notices = [t for t in texts_seen if t.startswith("You're asking faster")]
    assert notices == ["You're asking faster than I can answer well. Please wait about 20 seconds, "
                       "then ask again — I'll be right here."]
    assert "How to ask" in texts_seen[4] and "Hello, User1001!" in texts_seen[5]
    assert texts_seen[6].startswith(texts.MENU_ROOT) and texts_seen[7].startswith("📚 My answers come from")
    menu = calls[6].result["message_id"]
    api.tap(USER, menu, "a|mission.ended|eulex")  # a tapped question counts: told as a toast
    [ack] = await api.wait_for(1, methods=("answerCallbackQuery",))
    assert ack.params["text"].startswith("You're asking faster")


def test_the_notice_says_about_1_second_not_1_seconds() -> None:
    assert "Please wait about 1 second, then" in texts.rate_limited(1)
    assert "about 2 seconds" in texts.rate_limited(2)
    assert "about 1 second," in texts.rate_limited(0)


async def test_a_backlog_sent_while_the_bot_was_down_is_not_a_flood(start_bot: StartBot) -> None:
    bot = await start_bot(user_rate_per_minute=3)
    api = bot.api
    sent_while_down = int(time.time()) - 120
    for number in range(6):
        api.message(USER, f"when was eulex launched {number}", date=sent_while_down)
    replies = await api.wait_for(6, USER)
    assert all(r.text.startswith("EULEX was launched in February 2008") for r in replies)
    for number in range(4):  # new questions count as usual
        api.message(USER, f"when was althea launched {number}")
    replies = await api.wait_for(10, USER)
    assert replies[-1].text.startswith("You're asking faster")


async def test_anonymous_admins_of_different_groups_do_not_share_an_allowance(start_bot: StartBot) -> None:
    bot = await start_bot(user_rate_per_minute=3)
    api = bot.api

    def anonymous(group: int, text: str) -> None:
        api.message(group, f"@{BOT_USERNAME} {text}", user_id=ANONYMOUS_ADMIN,
                    sender_chat={"id": group, "type": "supergroup", "title": f"Chat {group}"})

    for number in range(3):
        anonymous(-3001, f"when was eulex launched {number}")
    await api.wait_for(3, -3001)
    anonymous(-3002, "when was althea launched")
    [reply] = await api.wait_for(1, -3002)
    assert reply.text.startswith("EUFOR Althea was launched on 2 December 2004.")
    anonymous(-3001, "when was althea launched")  # the first group's own allowance is used up
    assert (await api.wait_for(4, -3001))[-1].text.startswith("You're asking faster")


# -- 8. questions in captions --------------------------------------------------------------
PHOTO = [{"file_id": "p", "file_unique_id": "p", "width": 9, "height": 9}]


async def test_a_question_in_a_caption_is_answered_like_text(bot: RunningBot) -> None:
    api = bot.api
    api.message(USER, None, photo=PHOTO, caption="When was EULEX launched?")
    [reply] = await api.wait_for(1, USER)
    assert reply.text.startswith("EULEX was launched in February 2008")
    caption = f"@{BOT_USERNAME} When was EULEX launched?"
    api.message(GROUP, None, user_id=USER, photo=PHOTO, caption="a photo of our trip")  # not for the bot
    photo = api.message(GROUP, None, user_id=USER, photo=PHOTO, caption=caption,
                        caption_entities=[{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}])
    [reply] = await api.wait_for(1, GROUP)
    assert reply.text.startswith("EULEX was launched in February 2008")
    assert reply.params["reply_parameters"]["message_id"] == photo["message_id"]
    api.message(USER, None, photo=PHOTO)  # no caption: the friendly note
    assert (await api.wait_for(2, USER))[-1].text == texts.MEDIA
    assert len(api.sent(GROUP)) == 1


# -- 9. /sources --------------------------------------------------------------------------------
async def test_sources_lists_each_source_once_and_all_sends_one_file(start_bot: StartBot, kb_root: Path) -> None:
    base = kb_root / "knowledge" / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("missions:", '''  - id: eulex_site_again
    title: "EULEX Kosovo"
    url: https://www.eulex-kosovo.eu/
    kind: official-eu

missions:''', 1), encoding="utf-8")
    bot = await start_bot()
    api = bot.api
    assert len(bot.state.holder.engine.kb.sources) == 3
    text = await ask(api, USER, "/sources")
    assert text.startswith("📚 My answers come from 2 public sources on 2 websites")
    assert text.count("• EULEX Kosovo") == 1 and "Official EU (2)" in text
    assert '<a href="https://www.eulex-kosovo.eu/">• EULEX Kosovo</a>' in api.sent(USER)[0].params["text"]
    api.message(USER, "/sources all")
    [document] = await api.wait_for(1, USER, methods=("sendDocument",))
    assert len(api.sent(USER)) == 1  # no flood of messages: one file
    page = document.params["document"]["content"].decode()
    assert document.params["document"]["filename"] == "cfsp-bot-sources.html"
    assert page.count("EULEX Kosovo</a>") == 1
    assert '<a href="https://www.eeas.europa.eu/eeas/western-balkans_en?a=1&amp;b=2">EEAS – CFSP &amp; CSDP ' \
           "&lt;Western Balkans&gt;</a>" in page
    assert "<h2>Official EU (2)</h2>" in page


def test_sources_are_grouped_by_kind_official_first() -> None:
    sources = [Source("a", "Zeta daily", "https://zeta.example/", "media"),
               Source("b", "Council decision", "https://eur-lex.europa.eu/x", "official-eu"),
               Source("c", "Mirror", "https://mirror.example/", "secondary"),
               Source("d", "Government of Serbia", "https://gov.rs/", "official-other")]
    kb: Any = SimpleNamespace(sources={s.id: s for s in sources})
    groups = texts.sources_by_kind(kb)
    assert [(label, [s.title for s in items]) for label, items in groups] == [
        ("Official EU", ["Council decision"]), ("Other official", ["Government of Serbia"]),
        ("Media and think tanks", ["Zeta daily"]), ("Secondary copies", ["Mirror"])]


@real_kb
async def test_the_real_sources_fit_in_three_messages(start_bot: StartBot) -> None:
    bot = await start_bot(root=PROJECT_ROOT)
    messages = texts.sources_messages(bot.state.holder.engine)
    assert 1 <= len(messages) <= 3
    api = bot.api
    api.message(USER, "/sources")
    calls = await api.wait_for(len(messages), USER)
    everything = shown(calls)
    distinct = {(s.title, s.url) for s in bot.state.holder.engine.kb.sources.values()}
    assert f"{len(distinct)} public sources" in everything
    assert all(c.status == 200 for c in api.calls)


# -- 11. inline mode, deep links, descriptions, joining a group ---------------------------------
async def test_inline_mode_answers_with_the_answer_its_footnote_and_sources(bot: RunningBot) -> None:
    api = bot.api
    api.inline_query(USER, "when was eulex launched")
    [call] = await api.wait_for(1, methods=("answerInlineQuery",))
    [article] = call.params["results"]
    assert article["type"] == "article" and article["title"] == "when was eulex launched"
    assert article["description"].startswith("EULEX was launched in February 2008")
    message = article["input_message_content"]
    assert message["parse_mode"] == "HTML"
    visible = parse_html(message["message_text"])
    assert visible.startswith("EULEX was launched in February 2008")
    assert "This designation is without prejudice" in visible and "EULEX Kosovo" in visible
    assert '<a href="https://www.eulex-kosovo.eu/">' in message["message_text"]
    assert int(call.params["cache_time"]) == 300
    api.inline_query(USER, "")  # nothing typed yet: examples
    api.inline_query(USER, "qwxzv plorb")  # nothing to answer: an offer to ask in private
    calls = await api.wait_for(3, methods=("answerInlineQuery",))
    assert calls[1].params["results"]
    assert calls[2].params["results"] == []
    payload = calls[2].params["button"]["start_parameter"]
    assert deeplinks.resolve(bot.state.holder.engine, payload) == "qwxzv plorb"


async def test_deep_links_open_a_topic_or_ask_a_question(bot: RunningBot) -> None:
    api = bot.api
    await ask(api, USER, "/start eulex")
    page = api.sent(USER)[0]
    assert page.text.startswith("What would you like to know about EULEX Kosovo?")
    assert ("When was EULEX Kosovo launched?", "a|mission.launched|eulex") in page.buttons
    assert (await ask(api, USER, "/start When_was_Althea_launched", count=2)).startswith(
        "EUFOR Althea was launched on 2 December 2004.")
    payload = deeplinks.encode_question("When was EULEX launched?")
    assert payload is not None and len(payload) <= 64
    assert (await ask(api, USER, f"/start {payload}", count=3)).startswith("EULEX was launched in February 2008")
    assert (await ask(api, USER, "/start missions", count=4)).startswith("What would you like to know about EU "
                                                                           "missions and operations?")
    assert (await ask(api, USER, "/start", count=5)).startswith("👋 Hello, User1001!")
    link = deeplinks.question_link(BOT_USERNAME, "When was EULEX launched?")
    assert link == f"https://t.me/{BOT_USERNAME}?start={payload}"


@real_kb
async def test_descriptions_come_from_the_yaml_and_fixed_texts_carry_the_footnote(start_bot: StartBot) -> None:
    bot = await start_bot(root=PROJECT_ROOT)
    api = bot.api
    fixed = texts.load_fixed_texts()
    footnote = "*This designation is without prejudice to positions on status"
    description = api.descriptions["description"]
    assert description.startswith(fixed.description) and footnote in description and len(description) <= 512
    assert api.descriptions["short_description"] == fixed.short_description
    assert len(fixed.short_description) <= 120
    assert footnote in await ask(api, USER, "/start")  # the welcome names EULEX Kosovo
    assert footnote in await ask(api, USER, "/topics", count=2)  # its pages name Kosovo*
    api.inline_query(USER, "Is Kosovo required to align with the CFSP?")
    [call] = await api.wait_for(1, methods=("answerInlineQuery",))
    assert footnote in parse_html(call.params["results"][0]["input_message_content"]["message_text"])


async def test_added_to_a_group_the_bot_says_how_to_address_it_once(bot: RunningBot) -> None:
    api = bot.api
    api.member_change(GROUP, "left", "member")
    [intro] = await api.wait_for(1, GROUP)
    assert intro.text.startswith("👋 Hello!") and f"@{BOT_USERNAME}" in intro.text and "/ask" in intro.text
    api.member_change(GROUP, "member", "administrator")  # promoted: nothing new to say
    await ask(api, GROUP, f"@{BOT_USERNAME} hi", count=2)
    assert len(api.sent(GROUP)) == 2
    assert "my_chat_member" in api.calls[[c.method for c in api.calls].index("getUpdates")].params[
        "allowed_updates"] and "inline_query" in api.calls[
        [c.method for c in api.calls].index("getUpdates")].params["allowed_updates"]


def test_a_broken_texts_file_falls_back_with_one_located_warning(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    broken = tmp_path / "texts.yaml"
    broken.write_text("description: [unclosed\nshort_description: x\n", encoding="utf-8")
    assert texts.load_fixed_texts(broken) == texts.FixedTexts()
    [record] = [r for r in caplog.records if "texts.yaml" in r.getMessage()]
    assert f"{broken}:2:18: YAML syntax error" in record.getMessage()


# -- 15. admin-facing rough edges -----------------------------------------------------------------
async def test_one_syntax_error_is_reported_as_one_problem_and_in_a_group_without_details(
        bot: RunningBot, kb_root: Path) -> None:
    base = kb_root / "knowledge" / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("aliases: [eulex,", "aliases: [eulex,,\n  x: [", 1),
                    encoding="utf-8")
    api = bot.api
    result = await bot.state.holder.reload()
    assert not result.ok and len(result.problems) > 1  # the unreadable file, and every knock-on of it
    text = await ask(api, ADMIN, "/reload")
    assert text.startswith("⚠️ The knowledge base has 1 problem (")
    assert text.count("knowledge/base.yaml:") == 1 and "YAML syntax error" in text
    assert "⚠️ the last reload was refused (1 problem)" in await ask(api, ADMIN, "/stats", count=2)
    api.message(GROUP, "/reload", user_id=ADMIN)
    [summary] = await api.wait_for(1, GROUP)
    assert summary.text == ("⚠️ The knowledge base has 1 problem; I keep serving the previous one. "
                            "The details are in our private chat.")
    details = (await api.wait_for(3, ADMIN))[-1]
    assert "knowledge/base.yaml:" in details.text


async def test_an_admin_who_cannot_be_reached_is_not_retried_on_every_save(start_bot: StartBot) -> None:
    stranger = 9002  # listed as an admin, never pressed Start
    bot = await start_bot(admin_ids=frozenset({ADMIN, stranger}))
    api = bot.api
    api.fail("sendMessage", 400, chat_id=stranger)
    for notice in ("first broken save", "second broken save", "fixed"):
        await admin.notify_admins(bot.app.bot, bot.state, notice)
    attempts = [c for c in api.calls if c.method == "sendMessage" and c.chat_id == stranger]
    assert len(attempts) == 1 and [c.text for c in api.sent(ADMIN)] == ["first broken save", "second broken save",
                                                                         "fixed"]


async def test_stats_leave_emoji_and_bare_question_marks_out_of_the_top_unanswered(bot: RunningBot) -> None:
    api = bot.api
    for number, text in enumerate(["🤔", "🤔", "?", "?", "what is the weather in skopje"], start=1):
        await ask(api, USER, text, count=number)
    stats = await ask(api, ADMIN, "/stats")
    top = stats.split("Top unanswered questions")[1]
    assert "what is the weather in skopje" in top and "🤔" not in top and "×  ?" not in top
    assert "× ?" not in top


async def test_a_bare_mention_in_a_group_gets_how_to_ask(bot: RunningBot) -> None:
    text = await ask(bot.api, GROUP, f"@{BOT_USERNAME}", user_id=USER)
    assert text.startswith("How to ask\nIn this group, mention me") and "/ask" in text
