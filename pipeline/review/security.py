"""Who may talk to the review app, and how: loopback or a token, same-origin POSTs, a strict CSP.

- The app binds to loopback unless given a token; with a token every request must carry it
  (``X-Piip-Token`` header, ``Authorization: Bearer``, or the cookie ``/login?token=`` sets).
- On loopback the ``Host`` header must name loopback (no DNS rebinding).
- Every POST must come from the app's own origin (``Origin``, else ``Referer``) and carry the
  per-session CSRF token (cookie ``piip_csrf``, SameSite=Strict) in ``X-CSRF-Token``.
- Every response forbids remote loads, framing and caching.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from pipeline.review.store import ReviewError

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
           "Cache-Control": "no-store", "Cross-Origin-Opener-Policy": "same-origin",
           "Cross-Origin-Resource-Policy": "same-origin"}
CSRF_COOKIE, TOKEN_COOKIE = "piip_csrf", "piip_token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` (a name or an address) is this machine's loopback."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token.

    Raises:
        ReviewError: naming the address.

    """
    if not is_loopback(host) and not token:
        raise ReviewError(f"--host {host} is not loopback: start with --token TOKEN so that "
                          "every request must carry it")
    if token is not None and len(token) < 16:
        raise ReviewError("--token must be at least 16 characters")


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class Guard:
    """The access rules of one running app."""

    host: str
    token: str | None = None

    def _host_ok(self, request: Request) -> bool:
        if not is_loopback(self.host):
            return True  # the token protects a non-loopback bind
        name = urllib.parse.urlsplit("//" + request.headers.get("host", "")).hostname or ""
        return name in LOOPBACK_NAMES or name == self.host

    def _token_ok(self, request: Request) -> bool:
        if self.token is None:
            return True
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return any(_same(v, self.token) for v in (request.headers.get("x-piip-token"), bearer,
                                                   request.cookies.get(TOKEN_COOKIE)))

    def _origin_ok(self, request: Request) -> bool:
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        origin = request.headers.get("origin")
        if origin is None:
            ref = urllib.parse.urlsplit(request.headers.get("referer", ""))
            origin = f"{ref.scheme}://{ref.netloc}" if ref.netloc else None
        return origin == own

    def _login(self, request: Request) -> Response:
        if not _same(request.query_params.get("token"), self.token):
            return PlainTextResponse("wrong token", status_code=401)
        resp = RedirectResponse("/", status_code=303)
        resp.set_cookie(TOKEN_COOKIE, self.token or "", httponly=True, samesite="strict")
        return resp

    def refusal(self, request: Request) -> Response | None:
        """Return the response refusing ``request``, or None when it may go on."""
        if not self._host_ok(request):
            return PlainTextResponse("Host header is not this app's", status_code=421)
        if self.token is not None and request.url.path == "/login":
            return self._login(request)
        if not self._token_ok(request):
            return PlainTextResponse("token required: open /login?token=...", status_code=401)
        if request.method not in SAFE_METHODS:
            if not self._origin_ok(request):
                return PlainTextResponse("cross-site request refused", status_code=403)
            if not _same(request.headers.get("x-csrf-token"), request.cookies.get(CSRF_COOKIE)):
                return PlainTextResponse("CSRF token missing or wrong", status_code=403)
        return None

    async def __call__(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Starlette HTTP middleware: refuse, or pass on and add the security headers."""
        response = self.refusal(request)
        csrf = request.cookies.get(CSRF_COOKIE)
        if response is None:
            if not csrf:
                csrf = secrets.token_urlsafe(32)
            request.state.csrf = csrf
            response = await call_next(request)
            if request.cookies.get(CSRF_COOKIE) != csrf:
                response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        response.headers.update(HEADERS)
        return response
