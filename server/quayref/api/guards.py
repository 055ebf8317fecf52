"""Refuse what no route can use before it reaches one: a NUL character in the path or query.

PostgreSQL cannot store NUL in text, so such a value would otherwise surface as a
database error deep in a service. A plain ASGI middleware keeps the hot path cheap."""

import json

from starlette.requests import Request

from quayref.api.errors import body as error_body, quay_body

MESSAGE = "NUL characters are not allowed in the path or query"


class RejectNul:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"%00" in scope.get("query_string", b"")):
            if scope["app"].state.settings.profile.quay_error_bodies:
                payload = quay_body(Request(scope), 400, "invalid_request", MESSAGE)
            else:
                payload = error_body(400, "invalid_request", MESSAGE)
            body = json.dumps(payload).encode("utf-8")
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("ascii"))]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
