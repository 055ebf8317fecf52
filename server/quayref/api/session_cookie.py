"""Quay's session cookie on the wire (QUAYREF_PROFILE quay-3.18): its Set-Cookie, and its
re-sending on every answer.

Quay's Flask session cookie comes back on the answers to the requests that carry it, with the
attributes Quay gives it (`Expires` only once the session was signed in):
`_csrf_token=<value>; Expires=<HTTP date>; HttpOnly; Path=/; SameSite=Lax`.
Routes that change the session (csrf_token, signin, signout, initialize) set it themselves;
`ResendSessionCookie` re-sends an unchanged one everywhere else.
"""

import datetime
from email.utils import format_datetime

from starlette.requests import cookie_parser

from quayref.services import quay_sessions

HEADER = b"set-cookie"
PREFIX = quay_sessions.COOKIE.encode("ascii") + b"="


def set_cookie(settings, state):
    """The Set-Cookie value for `state`, as Flask writes Quay's."""
    parts = ["%s=%s" % (quay_sessions.COOKIE, quay_sessions.encode(settings, state))]
    expires = quay_sessions.expires_at(state)
    if expires is not None:
        parts.append("Expires=" + format_datetime(expires.replace(tzinfo=datetime.timezone.utc), usegmt=True))
    if settings.SESSION_COOKIE_SECURE:
        parts.append("Secure")
    parts += ["HttpOnly", "Path=/", "SameSite=Lax"]
    return "; ".join(parts)


def attach(response, settings, state):
    """Put the session cookie for `state` on `response` (nothing when there is no session)."""
    if state is not None:
        response.headers.append("set-cookie", set_cookie(settings, state))
    return response


class ResendSessionCookie:
    """ASGI middleware: an answer to a request that carried a valid session cookie carries it back,
    unless the route set a new one. Installed only when Profile.quay_session_cookie."""

    def __init__(self, app, settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = b"; ".join(value for name, value in scope.get("headers", ()) if name == b"cookie")
        state = quay_sessions.decode(self.settings, cookie_parser(raw.decode("latin-1")).get(quay_sessions.COOKIE)) if raw else None
        if state is None:
            await self.app(scope, receive, send)
            return
        header = set_cookie(self.settings, state).encode("latin-1")

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if not any(name.lower() == HEADER and value.startswith(PREFIX) for name, value in headers):
                    message = {**message, "headers": headers + [(HEADER, header)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
