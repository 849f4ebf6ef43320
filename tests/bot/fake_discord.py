"""A small fake of Discord's gateway and REST API on 127.0.0.1, for driving the real discord.py client.

Only what the bot uses is implemented; anything else is answered 404 and recorded in ``unhandled`` so a
test can assert the bot made no call the fake does not understand. Every REST request is recorded with
its JSON body, arrival time and the status it got, so tests can assert on exactly what reached Discord.

It also does what Discord does to a slow or busy bot: an interaction acknowledged later than
``ack_deadline`` (3 s) gets 404 (10062, "Unknown interaction") and its token stops working; a token
older than ``token_lifetime`` (15 min) gets 401 (50027); a channel takes ``channel_limit`` messages per
window (5 per 5 s) and answers 429 beyond that; ``inject()`` adds 429s and 5xx on any route; and the
gateway asks for heartbeats every ``heartbeat_ms``, recording when each arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

DISCORD_EPOCH_MS = 1420070400000
API = "/api/v10"
EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    read_message_history=True,
    embed_links=True,
    use_application_commands=True,
    mention_everyone=True,  # so a missing allowed_mentions would really ping
)
BOT_PERMISSIONS = discord.Permissions(
    EVERYONE_PERMISSIONS.value | discord.Permissions(manage_threads=True).value
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Recorded:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    json: Any
    at: float  # time.perf_counter() on arrival
    status: int = 0  # the status the fake answered with


@dataclass
class InteractionTimes:
    dispatched: float
    user_id: str = ""
    channel_id: int = 0
    callback: float | None = None  # first accepted acknowledgement
    callback_type: int | None = None
    callback_flags: int = 0
    rejected: list[tuple[float, int]] = field(default_factory=list)  # (time, Discord error code)
    followups: list[float] = field(default_factory=list)  # accepted follow-ups only
    expired: bool = False  # acknowledged too late: the token no longer works


@dataclass
class Fault:
    method: str
    pattern: str
    status: int
    times: int
    headers: dict[str, str]
    body: dict


class FakeDiscord:
    def __init__(
        self,
        *,
        heartbeat_ms: int = 41250,
        ack_deadline: float | None = 3.0,
        token_lifetime: float = 900.0,
        channel_limit: tuple[int, float] | None = (5, 5.0),
    ) -> None:
        self.heartbeat_ms = heartbeat_ms
        self.ack_deadline = ack_deadline
        self.token_lifetime = token_lifetime
        self.channel_limit = channel_limit
        self.heartbeats: list[float] = []
        self.faults: list[Fault] = []
        self._channel_sends: dict[int, list[float]] = {}
        self._clicked: dict[int, dict] = {}  # component interaction id -> the message clicked
        self._ids = itertools.count(1)
        self.app_id = self.snowflake()
        self.bot_user = self.user("newsbot", bot=True, id=self.app_id)
        self.app_owner = self.user("appowner")
        self.guild_id = self.snowflake()
        self.owner = self.user("owner")
        self.alice = self.user("alice")
        self.channel_id = self.snowflake()
        self.other_channel_id = self.snowflake()
        self.port: int | None = None
        self.requests: list[Recorded] = []
        self.unhandled: list[Recorded] = []
        self.identifies: list[dict] = []
        self.resumes: list[dict] = []
        self.connections = 0
        self.reject_resume = False
        self.commands: dict[str, dict] = {}
        self.synced_scopes: list[str] = []
        self.messages: dict[int, dict] = {}
        self.threads: dict[int, dict] = {}
        self.interactions: dict[int, InteractionTimes] = {}
        self._token_to_interaction: dict[str, int] = {}
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._changed = asyncio.Condition()
        self._connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self._tasks: set[asyncio.Task] = set()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        # Point the real discord.py at us; restored in close().
        self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = f"http://127.0.0.1:{self.port}{API}"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.ws_url)
        return self

    async def close(self) -> None:
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    # ------------------------------------------------------------------ payloads

    def snowflake(self) -> int:
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + next(self._ids)

    def user(self, name: str, *, bot: bool = False, id: int | None = None) -> dict:
        return {
            "id": str(id or self.snowflake()),
            "username": name,
            "global_name": name,
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }

    def member(self, user: dict, *, permissions: discord.Permissions | None = None) -> dict:
        member = {
            "user": user,
            "roles": [],
            "joined_at": now_iso(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "pending": False,
        }
        if permissions is not None:
            member["permissions"] = str(permissions.value)
        return member

    def channel(self, channel_id: int, name: str) -> dict:
        return {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def guild(self) -> dict:
        return {
            "id": str(self.guild_id),
            "name": "Newsroom",
            "icon": None,
            "owner_id": self.owner["id"],
            "roles": [
                {
                    "id": str(self.guild_id),
                    "name": "@everyone",
                    "permissions": str(EVERYONE_PERMISSIONS.value),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "channels": [
                self.channel(self.channel_id, "news"),
                self.channel(self.other_channel_id, "random"),
            ],
            "members": [self.member(self.bot_user)],
            "member_count": 4,
            # Discord sends the active threads on connect: a restarted bot still knows its own threads.
            "threads": list(self.threads.values()),
            "emojis": [],
            "stickers": [],
            "features": [],
            "unavailable": False,
            "large": False,
            "joined_at": now_iso(),
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_flags": 0,
            "system_channel_id": None,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "description": None,
            "banner": None,
            "splash": None,
            "discovery_splash": None,
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 1000,
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "voice_states": [],
            "presences": [],
        }

    def message(
        self,
        channel_id: int,
        author: dict,
        content: str = "",
        *,
        embeds: list | None = None,
        reference: dict | None = None,
        webhook_id: str | None = None,
        components: list | None = None,
        resolve_reference: bool = True,
    ) -> dict:
        message_id = self.snowflake()
        mentioned = set(re.findall(r"<@!?(\d+)>", content))
        known = {u["id"]: u for u in (self.bot_user, self.alice, self.owner)}
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": str(self.guild_id),
            "author": author,
            "content": content,
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [known[i] for i in mentioned if i in known],
            "mention_roles": [],
            "attachments": [],
            "embeds": embeds or [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": components or [],
        }
        if webhook_id:
            message["webhook_id"] = webhook_id
            message["application_id"] = str(self.app_id)
        if reference:
            ref_id = int(reference["message_id"])
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(ref_id),
                "channel_id": str(reference.get("channel_id") or channel_id),
                "guild_id": str(self.guild_id),
            }
            # Discord may leave the referenced message out; the bot must then fetch it.
            if ref_id in self.messages and resolve_reference:
                message["referenced_message"] = self.messages[ref_id]
        self.messages[message_id] = message
        return message

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self.connections += 1
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            op, data = payload.get("op"), payload.get("d")
            if op == 1:
                self.heartbeats.append(time.perf_counter())
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                self.identifies.append(data)
                self._seq = 0
                await self._send(ws, "READY", self._ready())
                await self._send(ws, "GUILD_CREATE", self.guild())
                self._connected.set()
            elif op == 6:
                self.resumes.append(data)
                if self.reject_resume:
                    await ws.send_str(json.dumps({"op": 9, "d": False}))
                else:
                    await self._send(ws, "RESUMED", {})
                    self._connected.set()
            await self._notify()
        if self._ws is ws:
            self._ws = None
            self._connected.clear()
        return ws

    def _ready(self) -> dict:
        return {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": f"session-{self.connections}",
            "resume_gateway_url": self.ws_url,
            "application": {"id": str(self.app_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict) -> None:
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def dispatch(self, event: str, data: dict, timeout: float = 30) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)
        assert self._ws is not None
        await self._send(self._ws, event, data)

    async def drop_connection(self, code: int = 4000) -> None:
        """The server side of the gateway goes away, as Discord's does during deploys."""
        ws = self._ws
        assert ws is not None, "no gateway connection to drop"
        self._connected.clear()
        self._ws = None
        await ws.close(code=code, message=b"fake gateway restart")

    async def wait_connected(self, timeout: float = 30) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    # ------------------------------------------------------------------ acting as users

    async def send_message(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        author: dict | None = None,
        reply_to: int | None = None,
        resolve_reference: bool = True,
    ) -> dict:
        author = author or self.alice
        channel_id = channel_id or self.channel_id
        reference = (
            {"message_id": str(reply_to), "channel_id": self.messages[reply_to]["channel_id"]}
            if reply_to
            else None
        )
        message = self.message(
            channel_id, author, content, reference=reference, resolve_reference=resolve_reference
        )
        await self.dispatch(
            "MESSAGE_CREATE",
            {**message, "member": {k: v for k, v in self.member(author).items() if k != "user"}},
        )
        return message

    async def slash(
        self,
        name: str,
        *,
        user: dict | None = None,
        permissions: discord.Permissions = EVERYONE_PERMISSIONS,
        channel_id: int | None = None,
        **options: Any,
    ) -> int:
        """Dispatches INTERACTION_CREATE for a synced command; returns the interaction id."""
        command = self.commands[name]
        interaction_id = self.snowflake()
        types = {o["name"]: o["type"] for o in command.get("options", [])}
        data = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": [{"name": k, "type": types[k], "value": v} for k, v in options.items()],
        }
        channel_id = channel_id or self.channel_id
        payload = {
            **self._interaction_base(interaction_id, channel_id, user or self.alice, permissions),
            "type": 2,
            "data": data,
        }
        await self._dispatch_interaction(payload, user or self.alice, channel_id)
        return interaction_id

    async def click(
        self,
        message_id: int,
        custom_id: str,
        *,
        user: dict | None = None,
        permissions: discord.Permissions = EVERYONE_PERMISSIONS,
    ) -> int:
        """A member presses the button ``custom_id`` on the bot's message ``message_id``."""
        message = self.messages[message_id]
        interaction_id = self.snowflake()
        channel_id = int(message["channel_id"])
        payload = {
            **self._interaction_base(interaction_id, channel_id, user or self.alice, permissions),
            "type": 3,
            "data": {"custom_id": custom_id, "component_type": 2},
            "message": message,
        }
        self._clicked[interaction_id] = message
        await self._dispatch_interaction(payload, user or self.alice, channel_id)
        return interaction_id

    def _interaction_base(
        self, interaction_id: int, channel_id: int, user: dict, permissions: discord.Permissions
    ) -> dict:
        return {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "guild_id": str(self.guild_id),
            "channel_id": str(channel_id),
            "channel": self.channel(channel_id, "news"),
            "member": self.member(user, permissions=permissions),
            "token": f"token-{interaction_id}",
            "version": 1,
            "app_permissions": str(BOT_PERMISSIONS.value),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            "attachment_size_limit": 8 * 1024 * 1024,
        }

    async def _dispatch_interaction(self, payload: dict, user: dict, channel_id: int) -> None:
        interaction_id = int(payload["id"])
        self._token_to_interaction[payload["token"]] = interaction_id
        self.interactions[interaction_id] = InteractionTimes(
            dispatched=time.perf_counter(), user_id=user["id"], channel_id=channel_id
        )
        await self.dispatch("INTERACTION_CREATE", payload)

    # ------------------------------------------------------------------ waiting

    async def wait_for(self, predicate, timeout: float = 30):
        """Waits until ``predicate()`` is truthy; returns its value. Re-checked on every request and at
        least every 50 ms, since a predicate may also read the bot's own state, which no request
        announces (before, such a wait could last until the next heartbeat, 41 s later)."""

        async def checked():
            async with self._changed:
                while not (value := predicate()):
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(0.05):
                            await self._changed.wait()
                return value

        async with asyncio.timeout(timeout):
            return await checked()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def requests_to(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.fullmatch(pattern, r.path)]

    def sent_messages(self) -> list[Recorded]:
        """Every request that would have posted or edited visible content."""
        return [
            r
            for r in self.requests
            if r.method in ("POST", "PATCH")
            and isinstance(r.json, dict)
            and ("content" in r.json or "embeds" in r.json or "content" in (r.json.get("data") or {}))
        ]

    # ------------------------------------------------------------------ REST

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if raw:
                if request.content_type == "application/json":
                    body = json.loads(raw)
                elif request.content_type.startswith("multipart/"):
                    body = {"multipart": True}
        record = Recorded(request.method, path, dict(request.query), body, time.perf_counter())
        self.requests.append(record)
        response = None
        try:
            response = self._injected(record)
            if response is not None:
                return response
            for method, pattern, handler in self._routes():
                match = re.fullmatch(pattern, path)
                if method == request.method and match:
                    response = await handler(record, **match.groupdict())
                    return response
            self.unhandled.append(record)
            response = _json({"message": "404: Not Found", "code": 0}, status=404)
            return response
        finally:
            record.status = response.status if response is not None else 500
            await self._notify()

    # ------------------------------------------------------------------ faults

    def inject(
        self,
        method: str,
        pattern: str,
        status: int,
        times: int = 1,
        *,
        retry_after: float = 0.5,
        via: bool = True,
    ) -> None:
        """The next ``times`` requests matching ``method`` and the path regex ``pattern`` get ``status``.
        A 429 carries Retry-After (header and body); ``via=False`` drops the ``Via`` header, as a 429
        from Cloudflare rather than from Discord's API has none."""
        headers: dict[str, str] = {}
        body: dict = {"message": "Internal Server Error", "code": 0}
        if status == 429:
            headers = {"Retry-After": f"{retry_after:g}", "X-RateLimit-Scope": "user"}
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        if via:
            headers["Via"] = "1.1 google"
        self.faults.append(Fault(method, pattern, status, times, headers, body))

    def _injected(self, record: Recorded) -> web.Response | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == record.method and re.fullmatch(fault.pattern, record.path):
                fault.times -= 1
                return _json(fault.body, status=fault.status, headers=fault.headers)
        return None

    def _channel_limited(self, channel_id: int) -> web.Response | None:
        """Discord's per-channel message limit; None when the message may go out."""
        if self.channel_limit is None:
            return None
        count, window = self.channel_limit
        now = time.perf_counter()
        sent = [t for t in self._channel_sends.get(channel_id, []) if now - t < window]
        reset_after = (sent[0] + window - now) if sent else window
        if len(sent) >= count:
            self._channel_sends[channel_id] = sent
            headers = {
                "Retry-After": f"{reset_after:.3f}",
                "X-RateLimit-Limit": str(count),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                "X-RateLimit-Bucket": f"channel-{channel_id}",
                "X-RateLimit-Scope": "shared",
                "Via": "1.1 google",
            }
            body = {"message": "You are being rate limited.", "retry_after": reset_after, "global": False}
            return _json(body, status=429, headers=headers)
        sent.append(now)
        self._channel_sends[channel_id] = sent
        return None

    def _ratelimit_headers(self, channel_id: int) -> dict[str, str]:
        if self.channel_limit is None:
            return {}
        count, window = self.channel_limit
        sent = self._channel_sends.get(channel_id, [])
        reset_after = (sent[0] + window - time.perf_counter()) if sent else window
        return {
            "X-RateLimit-Limit": str(count),
            "X-RateLimit-Remaining": str(max(0, count - len(sent))),
            "X-RateLimit-Reset-After": f"{max(reset_after, 0.001):.3f}",
            "X-RateLimit-Bucket": f"channel-{channel_id}",
        }

    def _token_problem(self, token: str) -> web.Response | None:
        """Why a webhook call with this interaction token fails, as Discord answers it; None if it works."""
        iid = self._token_to_interaction.get(token)
        if iid is None:
            return None
        times = self.interactions[iid]
        if times.expired or times.callback is None:
            return _json({"message": "Unknown Webhook", "code": 10015}, status=404)
        if time.perf_counter() - times.dispatched > self.token_lifetime:
            return _json({"message": "Invalid Webhook Token", "code": 50027}, status=401)
        return None

    def _routes(self):
        return (
            ("GET", r"/gateway(?:/bot)?", self._get_gateway),
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("PUT", r"/applications/\d+/commands", self._put_commands),
            ("PUT", r"/applications/\d+/guilds/(?P<guild>\d+)/commands", self._put_commands),
            ("GET", r"/applications/\d+/commands", self._get_commands),
            ("POST", r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("POST", r"/webhooks/\d+/(?P<token>[^/]+)", self._followup),
            (
                "PATCH",
                r"/webhooks/\d+/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)",
                self._edit_webhook_message,
            ),
            ("POST", r"/channels/(?P<cid>\d+)/typing", self._typing),
            ("POST", r"/channels/(?P<cid>\d+)/messages", self._create_message),
            ("GET", r"/channels/(?P<cid>\d+)/messages", self._history),
            ("GET", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._get_message),
            ("POST", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)/threads", self._create_thread),
        )

    async def _get_gateway(self, record: Recorded) -> web.Response:
        return _json(
            {
                "url": self.ws_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _get_me(self, record: Recorded) -> web.Response:
        return _json(self.bot_user)

    async def _get_application(self, record: Recorded) -> web.Response:
        return _json(
            {
                "id": str(self.app_id),
                "name": "newsbot",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.app_owner,
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
            }
        )

    async def _put_commands(self, record: Recorded, guild: str | None = None) -> web.Response:
        self.synced_scopes.append(guild or "global")
        out = []
        for command in record.json:
            existing = self.commands.get(command["name"])
            synced = {
                **command,
                "id": existing["id"] if existing else str(self.snowflake()),
                "application_id": str(self.app_id),
                "version": "1",
            }
            if guild:
                synced["guild_id"] = guild
            self.commands[command["name"]] = synced
            out.append(synced)
        return _json(out)

    async def _get_commands(self, record: Recorded) -> web.Response:
        return _json(list(self.commands.values()))

    async def _callback(self, record: Recorded, iid: str, token: str) -> web.Response:
        times = self.interactions.get(int(iid))
        kind = record.json["type"]
        data = record.json.get("data") or {}
        if times is not None:
            if times.callback is not None:
                times.rejected.append((record.at, 40060))
                return _json({"message": "Interaction has already been acknowledged.", "code": 40060}, 400)
            if times.expired or (
                self.ack_deadline is not None and record.at - times.dispatched > self.ack_deadline
            ):
                times.expired = True
                times.rejected.append((record.at, 10062))
                return _json({"message": "Unknown interaction", "code": 10062}, status=404)
            times.callback, times.callback_type = record.at, kind
            times.callback_flags = int(data.get("flags") or 0)
        ephemeral = bool(int(data.get("flags") or 0) & 64)
        resource: dict = {"type": kind}
        interaction = {
            "id": iid,
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": ephemeral,
        }
        if kind in (4, 5):
            channel_id = times.channel_id if times is not None and times.channel_id else self.channel_id
            message = self.message(
                channel_id,
                self.bot_user,
                data.get("content") or "",
                embeds=data.get("embeds"),
                components=data.get("components"),
            )
            message["interaction_token"] = token
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        elif kind == 7:  # a button press updates the message it is on
            source = self._component_message(int(iid))
            if source is not None:
                for key in ("content", "embeds", "components"):
                    if key in data:
                        source[key] = data[key]
                resource["message"] = source
        return _json({"interaction": interaction, "resource": resource})

    def _component_message(self, interaction_id: int) -> dict | None:
        return self._clicked.get(interaction_id)

    async def _followup(self, record: Recorded, token: str) -> web.Response:
        problem = self._token_problem(token)
        if problem is not None:
            return problem
        iid = self._token_to_interaction.get(token)
        if iid is not None:
            self.interactions[iid].followups.append(record.at)
        body = record.json or {}
        channel_id = self.interactions[iid].channel_id if iid is not None else self.channel_id
        message = self.message(
            channel_id or self.channel_id,
            self.bot_user,
            body.get("content") or "",
            embeds=body.get("embeds"),
            webhook_id=str(self.app_id),
            components=body.get("components"),
        )
        message["interaction_token"] = token
        return _json(message)

    async def _edit_webhook_message(self, record: Recorded, token: str, mid: str) -> web.Response:
        problem = self._token_problem(token)
        if problem is not None:
            return problem
        if mid == "@original":
            original = next((m for m in self.messages.values() if m.get("interaction_token") == token), None)
        else:
            original = self.messages.get(int(mid))
        if original is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        for key in ("content", "embeds", "components"):
            if key in (record.json or {}):
                original[key] = record.json[key]
        original["edited_timestamp"] = now_iso()
        return _json(original)

    async def _typing(self, record: Recorded, cid: str) -> web.Response:
        return web.Response(status=204)

    async def _create_message(self, record: Recorded, cid: str) -> web.Response:
        limited = self._channel_limited(int(cid))
        if limited is not None:
            return limited
        body = record.json or {}
        message = self.message(
            int(cid),
            self.bot_user,
            body.get("content") or "",
            embeds=body.get("embeds"),
            reference=body.get("message_reference"),
            components=body.get("components"),
        )
        # Discord echoes the bot's own messages back over the gateway; the bot must ignore them.
        echo = asyncio.get_running_loop().create_task(self.dispatch("MESSAGE_CREATE", message))
        self._tasks.add(echo)
        echo.add_done_callback(self._tasks.discard)
        return _json(message, headers=self._ratelimit_headers(int(cid)))

    async def _history(self, record: Recorded, cid: str) -> web.Response:
        """Newest first, like Discord; ``before`` and ``limit`` are honoured."""
        before = int(record.query.get("before") or 1 << 63)
        limit = int(record.query.get("limit") or 50)
        found = [m for m in self.messages.values() if m["channel_id"] == cid and int(m["id"]) < before]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        return _json(found[:limit])

    async def _get_message(self, record: Recorded, cid: str, mid: str) -> web.Response:
        message = self.messages.get(int(mid))
        if message is None or message["channel_id"] != cid:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        return _json(message)

    async def _create_thread(self, record: Recorded, cid: str, mid: str) -> web.Response:
        thread = {
            "id": mid,  # a thread started from a message shares its id, as on Discord
            "type": 11,
            "guild_id": str(self.guild_id),
            "parent_id": cid,
            "owner_id": self.bot_user["id"],
            "name": record.json["name"],
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "total_message_sent": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": record.json.get("auto_archive_duration", 1440),
                "archive_timestamp": now_iso(),
                "locked": False,
            },
        }
        self.threads[int(mid)] = thread
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json(thread)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses a body whose content-type is exactly application/json (no charset).
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


@contextlib.asynccontextmanager
async def running_bot(bot: discord.Client, token: str = "test-token", timeout: float = 30):
    """Starts ``bot`` against the fake and waits until it is ready; always closes it afterwards."""
    task = asyncio.create_task(bot.start(token))
    try:
        deadline = time.monotonic() + timeout
        while not bot.is_ready():
            if task.done():
                task.result()  # surfaces the start-up exception
                raise RuntimeError("bot stopped before it was ready")
            if time.monotonic() > deadline:
                raise TimeoutError("bot did not become ready")
            await asyncio.sleep(0.01)
        yield bot
    finally:
        await asyncio.wait_for(bot.close(), timeout)
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(task, timeout)
