"""The guard in front of every request: the bound Host only, the start token, a size limit.

A random token is made at start and carried in the URL the browser opens; the first request
with it sets a SameSite=Strict, HttpOnly cookie and redirects to the same page without it. Every
later request needs the cookie. State-changing requests (POST) also need the CSRF field, an HMAC
of the token that only pages served with the cookie carry, and no foreign Origin.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import parse_qsl, urlencode

COOKIE = "cascade_token"
# The largest request body: one uploaded document (the readers refuse files over 20 MB) and form.
MAX_BODY = 21 * 1024 * 1024
MESSAGES = {
    "host": "拒绝访问：请求的主机名不是本机服务地址（可能是 DNS 重绑定攻击）。",
    "token": "缺少或错误的访问令牌：请用 cascade serve 启动时打开的链接访问。",
    "origin": "拒绝访问：请求来自其他网站。",
    "csrf": "表单已过期或来自其他网页，请刷新页面后重新提交。",
    "size": f"上传内容过大，超过 {MAX_BODY // 1024 // 1024} MB 的上限。",
}


def new_token() -> str:
    """A fresh random token for one server run."""
    return secrets.token_urlsafe(24)


def csrf_for(token: str) -> str:
    """The CSRF value pages carry in their forms: an HMAC of the start token."""
    return hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()


def csrf_ok(token: str, value: str | None) -> bool:
    """True when a submitted CSRF field matches this run's."""
    return bool(value) and hmac.compare_digest(csrf_for(token), str(value))


def allowed_hosts(host: str, port: int) -> set[str]:
    """Host header values this server answers: the bound address (and localhost on loopback)."""
    names = {host}
    if host in ("127.0.0.1", "::1", "localhost"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    return {f"{n}:{port}" for n in names} | ({*names} if port == 80 else set())


class Guard:
    """ASGI middleware: Host check, token cookie, Origin check and body size limit."""

    def __init__(self, app, *, token: str, hosts: set[str], max_body: int = MAX_BODY):
        """Wrap `app`; `hosts` are the accepted Host header values."""
        self.app, self.token, self.hosts, self.max_body = app, token, hosts, max_body

    async def __call__(self, scope, receive, send):
        """Refuse, redirect or pass the request on with a size-limited body."""
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "").lower() not in self.hosts:
            return await _refuse(send, 403, MESSAGES["host"])
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = query.pop("token", None)
        if given is not None and hmac.compare_digest(given, self.token):
            rest = urlencode(query)
            location = scope["path"] + (f"?{rest}" if rest else "")
            cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            return await _send(send, 303, b"", [(b"location", location.encode("utf-8")),
                                                 (b"set-cookie", cookie.encode())])
        if not hmac.compare_digest(_cookie(headers.get("cookie", "")), self.token):
            return await _refuse(send, 403, MESSAGES["token"])
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")
            if origin and origin.split("://", 1)[-1].lower() not in self.hosts:
                return await _refuse(send, 403, MESSAGES["origin"])
            length = headers.get("content-length")
            if length and (not length.isdigit() or int(length) > self.max_body):
                return await _refuse(send, 413, MESSAGES["size"])
        return await self.app(scope, _limited(receive, self.max_body), send)


def _cookie(header: str) -> str:
    """The token cookie's value, or ''."""
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return ""


class BodyTooLarge(Exception):
    """A streamed body passed the limit (the app answers 413)."""


def _limited(receive, limit: int):
    """A `receive` that raises BodyTooLarge once more than `limit` bytes arrived."""
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge()
        return message

    return wrapped


async def _refuse(send, status: int, message: str):
    """A short Chinese page (no details) for a refused request."""
    body = (f"<!doctype html><meta charset=utf-8><title>拒绝访问</title><p>{message}</p>"
            ).encode()
    await _send(send, status, body, [(b"content-type", b"text/html; charset=utf-8")])


async def _send(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]):
    """Send one whole response."""
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
