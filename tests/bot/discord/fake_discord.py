"""A small Discord on 127.0.0.1: REST routes and a JSON gateway, enough for the real discord.py.

Tests point discord.py at it (`Route.BASE`, `DiscordWebSocket.DEFAULT_GATEWAY`), act as
users by pushing gateway events, and read what the bot did from `messages`,
`callbacks` and the other records below.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import yarl
from aiohttp import BodyPartReader, web

Json = dict[str, Any]
TIMESTAMP = "2026-11-26T12:00:00.000000+00:00"
TEXT, DM, PUBLIC_THREAD = 0, 1, 11
# The locales Discord accepts in name_ and description_localizations (its API reference).
LOCALES = frozenset((
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi",
    "th", "zh-CN", "ja", "zh-TW", "ko",
))  # fmt: skip


def user(uid: int, name: str, *, bot: bool = False) -> Json:
    return {
        "id": str(uid),
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
        "bot": bot,
    }


@dataclass
class Upload:
    data: bytes
    content_type: str | None


@dataclass
class FakeDiscord:
    # Snowflakes of realistic length: discord.py parses mentions only with 15-20 digits.
    app_id: int = 900_000_000_000_000_001
    guild_id: int = 900_000_000_000_001_000
    channel_id: int = 900_000_000_000_001_001
    bot: Json = field(default_factory=lambda: user(900_000_000_000_000_001, "dialogdraw", bot=True))
    messages: dict[int, Json] = field(default_factory=dict)
    threads: dict[int, Json] = field(default_factory=dict)
    callbacks: list[Json] = field(default_factory=list)
    command_syncs: list[list[Json]] = field(default_factory=list)
    typing: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    edits: list[int] = field(default_factory=list)
    cdn: dict[str, Upload] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    # (method, route) → statuses for its next calls; a route has "{}" for each id in the path;
    # status 0 hangs up without an answer.
    failures: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # (method, route, status) of every call answered with a failure, in order.
    failed: list[tuple[str, str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = itertools.count(910_000_000_000_000_000)
        self._seq = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._interactions: dict[str, Json] = {}  # token → interaction
        self._runner: web.AppRunner | None = None
        self.port = 0

    # lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway/", self._gateway)
        app.router.add_get("/cdn/{name:.+}", self._cdn)
        app.router.add_route("*", "/api/v10/{path:.+}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def point_discord_py_here(self) -> None:
        discord.http.Route.BASE = f"http://127.0.0.1:{self.port}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(
            f"ws://127.0.0.1:{self.port}/gateway/"
        )

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def new_id(self) -> int:
        return next(self._ids)

    # what users do

    def upload(self, name: str, data: bytes, content_type: str | None = "image/png") -> Json:
        """An attachment as Discord describes it; its bytes are served under /cdn/."""
        aid = self.new_id()
        path = f"attachments/{aid}/{name}"
        self.cdn[path] = Upload(data, content_type)
        url = f"http://127.0.0.1:{self.port}/cdn/{path}"
        att = {"id": str(aid), "filename": name, "size": len(data), "url": url, "proxy_url": url}
        if content_type:
            att["content_type"] = content_type
        return att

    async def say(
        self,
        author: Json,
        text: str,
        *,
        channel_id: int | None = None,
        attachments: list[Json] | None = None,
        mention_bot: bool = False,
        reply_to: int | None = None,
        dm: bool = False,
    ) -> Json:
        channel_id = channel_id or self.channel_id
        content = f"<@{self.bot['id']}> {text}" if mention_bot else text
        msg = self._message(channel_id, author, content, attachments or [], dm=dm)
        if mention_bot:
            msg["mentions"] = [self.bot]
        if reply_to is not None:
            msg["message_reference"] = {"message_id": str(reply_to), "channel_id": str(channel_id)}
            msg["referenced_message"] = self.messages.get(reply_to)
        await self.dispatch("MESSAGE_CREATE", msg)
        return msg

    async def react(
        self, who: Json, message: Json, emoji: Json | str, *, added: bool = True
    ) -> None:
        payload: Json = {
            "user_id": who["id"],
            "channel_id": message["channel_id"],
            "message_id": message["id"],
            "emoji": {"id": None, "name": emoji} if isinstance(emoji, str) else emoji,
            "burst": False,
            "type": 0,
        }
        if "guild_id" in message:
            payload["guild_id"] = message["guild_id"]
            if added:
                payload["member"] = self._member(who)
        await self.dispatch("MESSAGE_REACTION_ADD" if added else "MESSAGE_REACTION_REMOVE", payload)

    async def slash(
        self, who: Json, name: str, options: list[Json] | None = None, **where: Any
    ) -> str:
        data: Json = {"id": self._command_id(name), "name": name, "type": 1}
        if options:
            data["options"] = options
            resolved = {o["value"]: o.pop("attachment") for o in options if "attachment" in o}
            if resolved:
                data["resolved"] = {"attachments": resolved}
        return await self._interact(who, 2, data, **where)

    async def click(self, who: Json, message: Json, custom_id: str) -> str:
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interact(
            who, 3, data, channel_id=int(message["channel_id"]), message=message
        )

    def fail(self, method: str, route: str, *statuses: int) -> None:
        """Answer the next calls of `method route` (as "POST", "channels/{}/messages") with
        these HTTP statuses, one each, in order (0: hang up instead)."""
        self.failures.setdefault((method, route), []).extend(statuses)

    # what tests read

    def in_channel(self, channel_id: int) -> list[Json]:
        return [
            m
            for m in self.messages.values()
            if m["channel_id"] == str(channel_id) and int(m["id"]) not in self.deleted
        ]

    def bot_messages(self, channel_id: int) -> list[Json]:
        return [m for m in self.in_channel(channel_id) if m["author"]["id"] == self.bot["id"]]

    async def until(self, check: Callable[[], Any], within: float = 5.0) -> Any:
        """Wait until the bot has done what `check` looks for; return what it returned."""
        loop = asyncio.get_running_loop()
        end = loop.time() + within
        while True:
            result = check()
            if result:
                return result
            if loop.time() > end:
                raise AssertionError("the bot did not get there in time")
            await asyncio.sleep(0.02)

    # gateway

    async def dispatch(self, event: str, data: Json) -> None:
        for ws in list(self._sockets):
            await ws.send_str(json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data}))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for frame in ws:
            op = json.loads(frame.data)["op"]
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:  # IDENTIFY
                self._sockets.append(ws)
                ready = {
                    "v": 10,
                    "user": self.bot,
                    "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                    "session_id": "session",
                    "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway/",
                    "application": {"id": str(self.app_id), "flags": 0},
                }
                await self.dispatch("READY", ready)
                await self.dispatch("GUILD_CREATE", self._guild())
        if ws in self._sockets:
            self._sockets.remove(ws)
        return ws

    def _guild(self) -> Json:
        everyone: Json = {
            "id": str(self.guild_id),
            "name": "@everyone",
            "permissions": "2147483647",
        }
        everyone |= {"position": 0, "color": 0, "hoist": False, "managed": False}
        channel: Json = {"id": str(self.channel_id), "type": TEXT, "name": "art", "position": 0}
        channel |= {"permission_overwrites": [], "nsfw": False, "parent_id": None}
        return {
            "id": str(self.guild_id),
            "name": "Test server",
            "icon": None,
            "owner_id": "1",
            "roles": [everyone | {"mentionable": False}],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [channel],
            "threads": list(self.threads.values()),  # active threads, as after a restart
            "members": [self._member(self.bot)],
            "member_count": 3,
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "large": False,
            "unavailable": False,
            "preferred_locale": "en-US",
        }

    def _member(self, who: Json) -> Json:
        return {
            "user": who,
            "roles": [],
            "joined_at": TIMESTAMP,
            "deaf": False,
            "mute": False,
            "flags": 0,
        }

    # REST

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"].split("/")
        method = request.method
        route = "/".join("{}" if part.isdigit() else part for part in path)
        if self.failures.get((method, route)):
            await request.read()  # the whole upload, as Discord would take it before failing
            status = self.failures[(method, route)].pop(0)
            self.failed.append((method, route, status))
            if status == 0:
                assert request.transport is not None
                request.transport.close()
            return _json({"message": f"injected {status}", "code": 0}, status)
        match path:
            case ["users", "@me"]:
                return _json(self.bot)
            case ["oauth2", "applications", "@me"]:
                return _json(self._application())
            case ["applications", _, "commands"] if method == "PUT":
                commands = await request.json()
                problems = [p for c in commands for p in _command_problems(c)]
                if problems:  # Discord's "Invalid Form Body"
                    return _json({"message": "; ".join(problems), "code": 50035}, 400)
                return _json(self._sync(commands))
            case ["channels", cid, "typing"]:
                self.typing.append(int(cid))
                return web.Response(status=204)
            case ["channels", cid] if method == "GET":
                return _json(self._channel(int(cid)))
            case ["channels", cid, "messages"] if method == "POST":
                body, files = await _read_body(request)
                return _json(await self._post(int(cid), self.bot, body, files))
            case ["channels", _, "messages", mid] if method == "PATCH":
                return _json(await self._edit(int(mid), await request.json()))
            case ["channels", _, "messages", mid] if method == "DELETE":
                self.deleted.append(int(mid))
                return web.Response(status=204)
            case ["channels", cid, "messages", mid, "threads"]:
                return _json(await self._thread(int(cid), int(mid), await request.json()))
            case ["interactions", iid, token, "callback"]:
                return _json(self._callback(iid, token, await request.json()))
            case ["webhooks", _, token] if method == "POST":
                body, files = await _read_body(request)
                interaction = self._interactions[token]
                msg = await self._post(int(interaction["channel_id"]), self.bot, body, files)
                msg["webhook_id"] = str(self.app_id)
                msg["interaction_token"] = token
                return _json(msg)
            case ["webhooks", _, _, "messages", mid] if method == "PATCH":
                return _json(await self._edit(int(mid), await request.json()))
            case ["webhooks", _, _, "messages", mid] if method == "DELETE":
                self.deleted.append(int(mid))
                return web.Response(status=204)
        return web.Response(status=404, text=f"fake Discord has no {method} {request.path}")

    async def _cdn(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.downloads.append(name)
        upload = self.cdn[name]
        return web.Response(body=upload.data, content_type=upload.content_type or "image/png")

    def _application(self) -> Json:
        return {
            "id": str(self.app_id),
            "name": "DialogDraw",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": user(900_000_000_000_000_002, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _sync(self, commands: list[Json]) -> list[Json]:
        self.command_syncs.append(commands)
        return [
            c | {"id": self._command_id(c["name"]), "application_id": str(self.app_id)}
            for c in commands
        ]

    def _command_id(self, name: str) -> str:
        return str(920_000_000_000_000_000 + sum(map(ord, name)))

    def _channel(self, channel_id: int) -> Json:
        if channel_id in self.threads:
            return self.threads[channel_id]
        return {"id": str(channel_id), "type": DM, "recipients": [], "last_message_id": None}

    def _message(
        self, channel_id: int, author: Json, content: str, attachments: list[Json], dm: bool
    ) -> Json:
        msg: Json = {
            "id": str(self.new_id()),
            "channel_id": str(channel_id),
            "author": author,
            "content": content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
        }
        if not dm:
            msg["guild_id"] = str(self.guild_id)
            msg["member"] = {k: v for k, v in self._member(author).items() if k != "user"}
        self.messages[int(msg["id"])] = msg
        return msg

    async def _post(
        self, channel_id: int, author: Json, body: Json, files: list[tuple[str, bytes, str]]
    ) -> Json:
        dm = channel_id not in self.threads and channel_id != self.channel_id
        attachments = [self.upload(name, data, ctype) for name, data, ctype in files]
        msg = self._message(channel_id, author, body.get("content") or "", attachments, dm)
        msg["embeds"] = body.get("embeds") or []
        msg["components"] = body.get("components") or []
        await self.dispatch("MESSAGE_CREATE", msg)
        return msg

    async def _edit(self, message_id: int, body: Json) -> Json:
        self.edits.append(message_id)
        msg = self.messages[message_id]
        msg.update({k: v for k, v in body.items() if k in {"content", "embeds", "components"}})
        msg["edited_timestamp"] = TIMESTAMP
        await self.dispatch("MESSAGE_UPDATE", msg)
        return msg

    async def _thread(self, channel_id: int, message_id: int, body: Json) -> Json:
        thread = {
            "id": str(message_id),  # Discord gives a thread made from a message its id
            "guild_id": str(self.guild_id),
            "parent_id": str(channel_id),
            "owner_id": self.bot["id"],
            "name": body["name"],
            "type": PUBLIC_THREAD,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration", 1440),
                "archive_timestamp": TIMESTAMP,
                "locked": False,
            },
        }
        self.threads[message_id] = thread
        await self.dispatch("THREAD_CREATE", thread | {"newly_created": True})
        return thread

    async def _interact(
        self,
        who: Json,
        kind: int,
        data: Json,
        *,
        channel_id: int | None = None,
        dm: bool = False,
        message: Json | None = None,
    ) -> str:
        channel_id = channel_id or self.channel_id
        token = f"token-{self.new_id()}"
        interaction: Json = {
            "id": str(self.new_id()),
            "application_id": str(self.app_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel_id),
            "channel": self._channel(channel_id) if dm or channel_id in self.threads else None,
            "token": token,
            "version": 1,
            "app_permissions": "2147483647",
            "attachment_size_limit": 10 * 1024 * 1024,
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {},
            "context": 1 if dm else 0,
        }
        if interaction["channel"] is None:
            interaction["channel"] = {"id": str(channel_id), "type": TEXT, "name": "art"}
        if message is not None:
            interaction["message"] = message
        if dm:
            interaction["user"] = who
        else:
            interaction["guild_id"] = str(self.guild_id)
            interaction["member"] = self._member(who) | {"permissions": "2147483647"}
        self._interactions[token] = interaction
        await self.dispatch("INTERACTION_CREATE", interaction)
        return token

    def _callback(self, interaction_id: str, token: str, body: Json) -> Json:
        self.callbacks.append({"token": token} | body)
        return {
            "interaction": {
                "id": interaction_id,
                "type": self._interactions[token]["type"],
                "response_message_loading": body["type"] == 5,
            }
        }


def _command_problems(command: Json) -> list[str]:
    """What Discord would refuse in a command or option: descriptions of 1 to 100
    characters, in its default and in every localisation, under locales it knows."""
    problems = []
    texts = {"": command["description"], **(command.get("description_localizations") or {})}
    for locale, text in texts.items():
        if locale and locale not in LOCALES:
            problems.append(f"{command['name']}: unknown locale {locale!r}")
        if not 1 <= len(text) <= 100:
            problems.append(f"{command['name']}: description {text!r} not 1-100 characters")
    for option in command.get("options") or []:
        problems += _command_problems(option)
    return problems


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when the Content-Type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json"},
    )


async def _read_body(request: web.Request) -> tuple[Json, list[tuple[str, bytes, str]]]:
    if not request.content_type.startswith("multipart/"):
        return await request.json(), []
    body: Json = {}
    files = []
    reader = await request.multipart()
    async for part in reader:
        assert isinstance(part, BodyPartReader)  # discord.py never nests multiparts
        if part.name == "payload_json":
            body = json.loads(await part.text())
        else:
            data = await part.read()
            ctype = part.headers.get("Content-Type", "application/octet-stream")
            files.append((part.filename or "file", bytes(data), ctype))
    return body, files
