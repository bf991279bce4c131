"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end bot tests.

It runs in a thread (stdlib http.server), answers the methods the bot uses, serves updates
that tests push through getUpdates (long-poll friendly), records every call, and can be
told to answer a method with HTTP 429 (or a 400) a given number of times. Tests wait for recorded
calls with `await server.wait_for(...)`, which wakes on every new call (no fixed sleeps).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TOKEN = "123456:TEST-token-for-the-fake-server"
BOT_ID = 123456
BOT_USERNAME = "cqnews_test_bot"
LONG_POLL_CAP = 0.2  # seconds a getUpdates waits at most, so shutdowns are quick
# How long a wait may last before the test fails: it catches a hang, it never paces a test (a wait ends
# as soon as what it waits for arrives), so it is generous enough for a machine busy with other work.
FAILSAFE = 120.0

# PTB sends form fields; non-string values are JSON encoded. These are decoded for tests.
_JSON_FIELDS = {
    "reply_markup", "results", "commands", "reply_parameters", "link_preview_options",
    "allowed_updates", "button", "entities",
}
_INT_FIELDS = {"chat_id", "message_id", "user_id", "offset", "limit", "timeout", "cache_time", "message_thread_id"}


@dataclass(frozen=True)
class Call:
    """One recorded Bot API request."""

    method: str
    params: dict[str, Any]
    result: Any = None
    at: float = field(default_factory=time.monotonic)
    status: int = 200

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[dict]:
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]


@dataclass
class Hold:
    """A request kept waiting at the server until `release()`.

    `processed=True`: the server acts on it at once (the message exists) and only the reply is
    late, like a slow Telegram. `processed=False`: it never took effect; released, it is
    answered 502 (the bot is usually gone by then)."""

    method: str
    processed: bool
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    call: Call | None = None

    def release(self) -> None:
        self.released.set()

    async def wait_arrived(self, timeout: float = FAILSAFE) -> Call:
        """The held request, once it has arrived (fails after `timeout`)."""
        if not await asyncio.to_thread(self.arrived.wait, timeout):
            raise AssertionError(f"no {self.method} call arrived within {timeout}s")
        assert self.call is not None
        return self.call


class FakeBotApi:
    """The server; use as a context manager or call start()/stop()."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.admins: dict[int, set[int]] = {}  # chat id -> admin user ids, for getChatMember
        # What `Call.at` reads; a test of pacing sets the bot's own (virtual) clock here.
        self.clock: Callable[[], float] = time.monotonic
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._failures: dict[str, list[dict]] = {}
        self._holds: dict[str, list[Hold]] = {}
        self._cond = threading.Condition()
        self._listeners: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        # A short poll interval keeps shutdown (every test teardown) quick: the default waits 0.5 s.
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    # -- lifecycle -----------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """What TELEGRAM_BASE_URL is set to (the bot adds /bot<token>)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        for holds in self._holds.values():
            for hold in holds:
                hold.release()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what tests do -------------------------------------------------------------
    def push(self, update: dict) -> dict:
        """Queue an update for getUpdates (an update_id is added)."""
        update = {"update_id": next(self._update_ids), **update}
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()
        return update

    def fail(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 Too Many Requests."""
        error = {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        }
        self._failures.setdefault(method, []).extend([error] * times)

    def break_next(self, method: str, status: int = 500, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with a server error (500, 502, 503…)."""
        error = {"ok": False, "error_code": status, "description": f"Internal Server Error ({status})"}
        self._failures.setdefault(method, []).extend([error] * times)

    def reject(self, method: str, description: str) -> None:
        """Answer the next call of `method` with 400 Bad Request and `description`."""
        error = {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}
        self._failures.setdefault(method, []).append(error)

    def forbid(
        self, method: str, chat_id: int, times: int = 1, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """Answer the next `times` calls of `method` to `chat_id` with 403 Forbidden (blocked, kicked)."""
        error = {"ok": False, "error_code": 403, "description": description, "_chat": chat_id}
        self._failures.setdefault(method, []).extend([error] * times)

    def migrate(self, method: str, new_chat_id: int, times: int = 1) -> None:
        """Answer the next `times` calls of `method` as Telegram does for a group that became a supergroup."""
        error = {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: group chat was upgraded to a supergroup chat",
            "parameters": {"migrate_to_chat_id": new_chat_id},
        }
        self._failures.setdefault(method, []).extend([error] * times)

    def hold(self, method: str, processed: bool = True) -> Hold:
        """Keep the next call of `method` waiting until the returned Hold is released."""
        hold = Hold(method, processed)
        self._holds.setdefault(method, []).append(hold)
        return hold

    def release_all(self, method: str) -> None:
        """Release every hold on `method`, and forget those no call has reached yet."""
        for hold in self._holds.pop(method, []):
            hold.release()

    def called(self, method: str, where: Callable[[Call], bool] = lambda c: True, status: int = 200) -> list[Call]:
        """Calls of `method` matching `where` answered with `status` (by default the successful ones)."""
        with self._cond:
            return [c for c in self.calls if c.method == method and c.status == status and where(c)]

    async def wait_for(
        self,
        method: str,
        where: Callable[[Call], bool] = lambda c: True,
        timeout: float = FAILSAFE,
        count: int = 1,
        status: int = 200,
    ) -> Call:
        """The `count`-th call of `method` matching `where` answered with `status`; fails after `timeout`."""
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        listener = (loop, event)
        with self._cond:
            self._listeners.append(listener)
        deadline = loop.time() + timeout
        try:
            while True:
                found = self.called(method, where, status)
                if len(found) >= count:
                    return found[count - 1]
                event.clear()  # safe: the notifying callback runs on this loop, not mid-check
                remaining = deadline - loop.time()
                if remaining <= 0:
                    seen = [(c.method, c.text[:60]) for c in self.calls if c.method != "getUpdates"]
                    raise AssertionError(f"no {method} call matched within {timeout}s; calls: {seen}")
                try:
                    await asyncio.wait_for(event.wait(), remaining)
                except TimeoutError:
                    pass
        finally:
            with self._cond:
                self._listeners.remove(listener)

    # -- the HTTP side ---------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            listeners = list(self._listeners)
        for loop, event in listeners:
            loop.call_soon_threadsafe(event.set)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                status, payload = server._dispatch(self.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot cancelled a long poll while shutting down

            do_GET = do_POST

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

        return Handler

    def _dispatch(self, path: str, body: str) -> tuple[int, dict]:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix):]
        params = _decode(body)
        failures = self._failures.get(method, [])
        # A failure meant for one chat (`_chat`) waits for a call to that chat.
        error = next((f for f in failures if f.get("_chat", params.get("chat_id")) == params.get("chat_id")), None)
        if error is not None:
            failures.remove(error)
            error = {k: v for k, v in error.items() if k != "_chat"}
            self._record(Call(method, params, at=self.clock(), status=error["error_code"]))
            return error["error_code"], error
        holds = self._holds.get(method)
        hold = holds.pop(0) if holds else None
        if hold is not None and not hold.processed:
            hold.call = Call(method, params, at=self.clock(), status=502)
            hold.arrived.set()
            hold.released.wait()
            self._record(hold.call)
            return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        if method == "getUpdates":
            result: Any = self._get_updates(params)
        else:
            result = self._answer(method, params)
        call = Call(method, params, result, at=self.clock())
        self._record(call)
        if hold is not None:  # it took effect; only the reply is late
            hold.call = call
            hold.arrived.set()
            hold.released.wait()
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), LONG_POLL_CAP)
        with self._cond:
            self._cond.wait_for(lambda: any(u["update_id"] >= offset for u in self._updates), wait)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            return list(self._updates)

    def _answer(self, method: str, params: dict) -> Any:
        if method == "getMe":
            return bot_user() | {
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            }
        if method == "editMessageText" and params.get("inline_message_id"):
            return True  # an inline message: Telegram returns True, not the message
        if method in ("sendMessage", "editMessageText"):
            chat_id = params.get("chat_id")
            message_id = params.get("message_id") or next(self._message_ids)
            message = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id and chat_id > 0 else "supergroup"},
                "from": bot_user(),
                "text": params.get("text", ""),
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getChatMember":
            admins = self.admins.get(params.get("chat_id"), set())
            status = "administrator" if params.get("user_id") in admins else "member"
            user = {"id": params.get("user_id"), "is_bot": False, "first_name": "U"}
            extra = {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                     "can_delete_messages": True, "can_manage_video_chats": True,
                     "can_restrict_members": True, "can_promote_members": False,
                     "can_change_info": True, "can_invite_users": True,
                     "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False}
            return {"status": status, "user": user} | (extra if status == "administrator" else {})
        if method == "getChatAdministrators":
            return []
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        # sendChatAction, answerCallbackQuery, answerInlineQuery, setMyCommands, deleteWebhook, ...
        return True


def _decode(body: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, values in parse_qs(body, keep_blank_values=True).items():
        value: Any = values[0]
        if key in _JSON_FIELDS:
            value = json.loads(value)
        elif key in _INT_FIELDS and value.lstrip("-").isdigit():
            value = int(value)
        params[key] = value
    return params


# -- building updates -------------------------------------------------------------------
_ids = itertools.count(1)


def bot_user() -> dict:
    return {"id": BOT_ID, "is_bot": True, "first_name": "CQNews", "username": BOT_USERNAME}


def user(user_id: int = 42, language_code: str = "zh-hans") -> dict:
    return {"id": user_id, "is_bot": False, "first_name": "Li", "language_code": language_code}


def chat(chat_id: int) -> dict:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Li"}
    return {"id": chat_id, "type": "supergroup", "title": "重庆发展群"}


def message(
    text: str | None = None,
    chat_id: int = 42,
    from_user: dict | None = None,
    reply_to: dict | None = None,
    **extra: Any,
) -> dict:
    """A `message` update; commands and @mentions get their entities like Telegram adds them."""
    msg: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": chat(chat_id),
        "from": from_user or user(chat_id if chat_id > 0 else 42),
        **extra,
    }
    if text is not None:
        msg["text"] = text
        entities = _entities(text)
        if entities:
            msg["entities"] = entities
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    return {"message": msg}


def _entities(text: str) -> list[dict]:
    entities = []
    if text.startswith("/"):
        command = text.split()[0]
        entities.append({"type": "bot_command", "offset": 0, "length": _u16(command)})
    start = text.find("@" + BOT_USERNAME)
    if start >= 0 and not text.startswith("/"):
        entities.append(
            {"type": "mention", "offset": _u16(text[:start]), "length": _u16("@" + BOT_USERNAME)}
        )
    return entities


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def sent_message(call: Call) -> dict:
    """A message the bot sent (a recorded sendMessage/editMessageText), to reply to or tap on."""
    return dict(call.result) | {"chat": chat(call.params["chat_id"])}


def callback_query(data: str, on: dict, from_user: dict | None = None) -> dict:
    """A button press on message `on`."""
    return {
        "callback_query": {
            "id": str(next(_ids)),
            "from": from_user or user(),
            "chat_instance": "ci",
            "data": data,
            "message": on,
        }
    }


def chosen_inline_result(result_id: str, query: str, inline_message_id: str = "im-1", from_user: dict | None = None) -> dict:
    return {
        "chosen_inline_result": {
            "result_id": result_id, "from": from_user or user(), "query": query, "inline_message_id": inline_message_id,
        }
    }


def edited_message(text: str, chat_id: int = 42) -> dict:
    """An `edited_message` update (a message the user changed after sending)."""
    return {"edited_message": message(text, chat_id=chat_id)["message"] | {"edit_date": int(time.time())}}


def inline_query(query: str, from_user: dict | None = None) -> dict:
    return {"inline_query": {"id": str(next(_ids)), "from": from_user or user(), "query": query, "offset": ""}}


def my_chat_member(chat_id: int, status: str, old_status: str = "member", from_user: dict | None = None) -> dict:
    """The bot's own membership changed: blocked in private ("kicked"), removed from a group ("left"/"kicked")."""
    new: dict[str, Any] = {"status": status, "user": bot_user()}
    if status == "kicked":
        new["until_date"] = 0
    return {
        "my_chat_member": {
            "chat": chat(chat_id),
            "from": from_user or user(chat_id if chat_id > 0 else 42),
            "date": int(time.time()),
            "old_chat_member": {"status": old_status, "user": bot_user()},
            "new_chat_member": new,
        }
    }


def migration(old_chat_id: int, new_chat_id: int) -> list[dict]:
    """The two service messages Telegram sends when a group becomes a supergroup: in the old chat, in the new."""
    now = int(time.time())
    return [
        {"message": {"message_id": next(_ids), "date": now, "from": user(), "migrate_to_chat_id": new_chat_id,
                     "chat": {"id": old_chat_id, "type": "group", "title": "重庆发展群"}}},
        {"message": {"message_id": next(_ids), "date": now, "from": user(), "migrate_from_chat_id": old_chat_id,
                     "sender_chat": {"id": old_chat_id, "type": "group", "title": "重庆发展群"},
                     "chat": {"id": new_chat_id, "type": "supergroup", "title": "重庆发展群"}}},
    ]
