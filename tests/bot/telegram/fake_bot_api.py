"""A fake Telegram Bot API on 127.0.0.1 (aiohttp), enough for python-telegram-bot 22.

Tests push updates (as Telegram's JSON) and read what the bot called; getUpdates does real
long polling with offsets and `allowed_updates` filtering; uploads arrive as multipart.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123:TEST"
BOT_USER: dict[str, Any] = {
    "id": 123,
    "is_bot": True,
    "first_name": "DialogDraw",
    "username": "DialogDrawBot",
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    at: float = field(default_factory=time.monotonic)  # when it arrived (load figures)

    @property
    def reply_to(self) -> int | None:
        reply = self.params.get("reply_parameters")
        return reply["message_id"] if reply else None

    @property
    def buttons(self) -> list[str]:
        markup = self.params.get("reply_markup") or {"inline_keyboard": []}
        return [b["callback_data"] for row in markup["inline_keyboard"] for b in row]


# A failure the fake answers instead of doing the call: Telegram's JSON error, or a raw
# (status, body) pair such as the HTML page a proxy gives with a 502.
Failure = dict[str, Any] | tuple[int, str]


def error(code: int, description: str, retry_after: float | None = None) -> dict[str, Any]:
    """Telegram's error answer; with `retry_after`, its flood-control answer."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


class BadRequest(Exception):
    """What Telegram refuses with a 400 (raised by a method of the fake)."""


def _value(raw: str) -> Any:
    # PTB sends every non-string parameter JSON-encoded.
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class FakeBotAPI:
    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self.fail_next: dict[str, dict[str, Any]] = {}  # method → error answer, once
        self.failures: dict[str, list[Failure]] = {}  # method → answers for its next calls
        self.delays: dict[str, list[float]] = {}  # method → seconds its next calls take
        # The bot's command menus as Telegram keeps them: language code ("" default) → menu.
        self.menus: dict[str, list[dict[str, str]]] = {}
        self._ids = itertools.count(1000)
        self._last_update_id = 0
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._closed = False
        self.port = 0

    # lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._closed = True
        self._wake()  # release pending long polls
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # what tests do

    def add_file(self, data: bytes) -> str:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = data
        return file_id

    def push(self, kind: str, payload: dict[str, Any], update_id: int | None = None) -> int:
        # Telegram's ids only grow; an explicit id may repeat one (a redelivery).
        update_id = self._last_update_id + 1 if update_id is None else update_id
        self._last_update_id = max(self._last_update_id, update_id)
        self.updates.append({"update_id": update_id, kind: payload})
        self._wake()
        return update_id

    def fail(self, method: str, *answers: Failure) -> None:
        """Answer the next calls of `method` with these failures, one each, in order."""
        self.failures.setdefault(method, []).extend(answers)

    def slow(self, method: str, *seconds: float) -> None:
        """Let the next calls of `method` take this long each (they still succeed)."""
        self.delays.setdefault(method, []).extend(seconds)

    def new_message_id(self) -> int:
        return next(self._ids)

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if (method is None or c.method == method)
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    async def wait_for(self, predicate: Callable[[], Any], within: float = 5.0) -> Any:
        deadline = time.monotonic() + within
        while not (result := predicate()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.02)
        return result

    # the API

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return self._answer({"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[name] = value.file.read()
            else:
                params[name] = _value(str(value))
        if method == "getUpdates":
            return self._answer({"ok": True, "result": await self._get_updates(params)})
        call = Call(method, params, files)
        self.calls.append(call)
        if self.delays.get(method):
            await asyncio.sleep(self.delays[method].pop(0))
        if method in self.fail_next:
            return self._answer(self.fail_next.pop(method))
        if self.failures.get(method):
            failure = self.failures[method].pop(0)
            if isinstance(failure, tuple):
                status, body = failure
                return web.Response(text=body, status=status, content_type="text/html")
            return self._answer(failure)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return self._answer({"ok": False, "error_code": 404, "description": "Not Found"})
        try:
            call.result = handler(params, files)
        except BadRequest as refused:
            return self._answer(error(400, f"Bad Request: {refused}"))
        return self._answer({"ok": True, "result": call.result})

    @staticmethod
    def _answer(body: dict[str, Any]) -> web.Response:
        status = 200 if body["ok"] else body["error_code"]
        return web.Response(text=json.dumps(body), status=status, content_type="application/json")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        allowed = params.get("allowed_updates") or None
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            # An offset confirms every earlier update: Telegram forgets them.
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            ready = [u for u in self.updates if allowed is None or set(u) & set(allowed)]
            left = deadline - time.monotonic()
            if ready or left <= 0:
                return ready[: int(params.get("limit") or 100)]
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), left)
            if self._closed:
                return []

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": self.new_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT_USER,
            **content,
        }
        if params.get("message_thread_id"):
            message.update(message_thread_id=params["message_thread_id"], is_topic_message=True)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return BOT_USER

    def _ok(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return True

    _deleteWebhook = _sendChatAction = _deleteMessage = _answerCallbackQuery = _ok

    def _setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        # Telegram's own checks of a menu; the fake keeps the default scope only (the bot
        # sets no other) and ISO 639-1 codes, as Telegram takes them.
        language = str(params.get("language_code") or "")
        if "scope" in params or not re.fullmatch(r"([a-z]{2})?", language):
            raise BadRequest(f"unexpected scope or language code: {params}")
        commands = params["commands"]
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise BadRequest("command must be 1-32 characters of a-z, 0-9 and _")
            if not 1 <= len(command["description"]) <= 256:
                raise BadRequest("command description must be 1-256 characters")
        self.menus[language] = commands
        return True

    def _getMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        # Exactly that language's menu: Telegram answers [] where none was set for it.
        return self.menus.get(str(params.get("language_code") or ""), [])

    def _sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self._message(params, text=str(params["text"]))

    def _editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._message(params, text=str(params["text"]))
        message["message_id"] = int(params["message_id"])
        return message

    def _upload(self, kind: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        data = files.get(kind) or b""
        file_id = self.add_file(data)
        media: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id}
        if kind == "photo":
            content: dict[str, Any] = {"photo": [{**media, "width": 1, "height": 1}]}
        elif kind == "sticker":
            sticker = {**media, "type": "regular", "width": 512, "height": 512}
            content = {"sticker": {**sticker, "is_animated": False, "is_video": False}}
        else:
            content = {"document": media}
        if "caption" in params:
            content["caption"] = str(params["caption"])
        return self._message(params, **content)

    def _sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self._upload("photo", params, files)

    def _sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self._upload("document", params, files)

    def _sendSticker(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self._upload("sticker", params, files)

    def _getFile(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        file_id = str(params["file_id"])
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": f"files/{file_id}",
        }

    async def _download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            raise web.HTTPNotFound()
        return web.Response(body=self.files[file_id])
