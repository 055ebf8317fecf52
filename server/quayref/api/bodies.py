"""Request bodies as Quay 3.18 checks them (Profile.quay_request_bodies).

Quay reads a body with Flask's get_json and checks it against the resource's JSON schema
(quay_schemas.py) before the resource's own code runs:

- Content-Type not application/json (or application/*+json): 415 {"message": NOT_JSON}.
- Not JSON at all: 400 {"message": MALFORMED}; JSON null: 400 "Missing JSON body".
- Refused by the schema: 400 with jsonschema's text as Quay's jsonschema (3.2) writes it: the
  message, "Failed validating 'minimum' in schema['properties']['expiration']:", the subschema,
  and the instance, both pretty-printed with sorted keys.

A body the schema accepts goes to the route as it is, also where quayref's pydantic models are
stricter than Quay (an expiration of 1.5 or 10**12): the models build themselves from
CHECKED_BODY without checking again (schemas.Body). The services then see exactly what Quay's
resources see, and stay the same for both profiles.

This runs as ASGI middleware, before routing: it knows a body route by its method and path,
so any router's route with a schema in quay_schemas.BODIES is checked, whoever wrote it. As in
Quay, a CSRF failure comes before a bad body: quay_auth.CsrfGuard runs outside this middleware.
"""

import json
import pprint

from jsonschema import Draft7Validator
from starlette.requests import Request
from starlette.routing import compile_path

from quayref.api import quay_schemas, werkzeug_pages
from quayref.api.schemas import CHECKED_BODY
from quayref.services.errors import InvalidRequest, RequestError


MALFORMED = "The browser (or proxy) sent a request that this server could not understand."
NOT_JSON = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."
MISSING = "Missing JSON body"
NUL = "NUL characters are not allowed in the request body"


class UnsupportedMediaType(RequestError):
    status = 415
    error_type = "unsupported_media_type"


def is_json(content_type):
    """werkzeug's Request.is_json: application/json or application/*+json."""
    mimetype = (content_type or "").split(";", 1)[0].strip().lower()
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def _refuse_constant(name):
    # Python's json reads NaN and Infinity, and so does Quay's; neither is a lifetime or a name, and
    # int(NaN) would fail deep in a service, so here they are malformed JSON.
    raise ValueError("not JSON: %s" % name)


def load(raw, content_type):
    """The JSON value of a body as Flask's get_json reads it; raises what Quay answers instead."""
    if not is_json(content_type):
        raise UnsupportedMediaType(NOT_JSON)
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise RequestError(MALFORMED) from None


# --- jsonschema 3.2's choice of error and its text -------------------------------------------

WEAK = frozenset({"anyOf", "oneOf"})
# The messages jsonschema 4 words differently from the 3.2 Quay runs.
MESSAGES_32 = {"minLength": "%r is too short", "maxLength": "%r is too long"}


def _relevance(error):
    # jsonschema's best_match: the error nearest the top of the instance wins; the first one among equals.
    return -len(error.path), error.validator not in WEAK


def first_error(schema, instance):
    best = None
    for error in Draft7Validator(schema).iter_errors(instance):
        if best is None or _relevance(error) > _relevance(best):
            best = error
    return best


def _index(path):
    return "[%s]" % "][".join(repr(part) for part in path) if path else ""


def _indented(value):
    return "\n".join("    " + line for line in pprint.pformat(value, width=72).splitlines())


def quay_message(error):
    """str(ValidationError) as jsonschema 3.2 writes it."""
    message = MESSAGES_32[error.validator] % (error.instance,) if error.validator in MESSAGES_32 else error.message
    return "%s\n\nFailed validating %r in schema%s:\n%s\n\nOn instance%s:\n%s" % (
        message, error.validator, _index(list(error.relative_schema_path)[:-1]), _indented(error.schema),
        _index(list(error.relative_path)), _indented(error.instance))


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def check(body_schema, data):
    """Raise Quay's 400 for `data` (the loaded JSON), or return."""
    if data is None:
        raise InvalidRequest(MISSING)
    error = first_error(body_schema.schema, data)
    if error is not None:
        raise InvalidRequest(quay_message(error))
    # Quay's schemas let a NUL through, and PostgreSQL cannot store one in text: refused here, as
    # RejectNul refuses it in a path, rather than failing as a database error in a service.
    if _has_nul(data):
        raise InvalidRequest(NUL)


# --- The middleware ----------------------------------------------------------------------------


def served_bodies(served):
    """[(method, path regex, BodySchema)] for the routes `served` ((method, path) pairs) that have a Quay schema."""
    return [(method, compile_path(path)[0], body) for (method, path), body in quay_schemas.BODIES.items()
            if (method, path) in served]


async def _read(receive):
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None  # the client went away
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(raw, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return await receive()
    return replay


class QuayBodies:
    """Check the body of every route with a Quay schema before routing; answer Quay's 400/415."""

    def __init__(self, app, bodies, render):
        self.app = app
        self.bodies = bodies
        self.render = render  # (request, ApiError) -> Response: the profile's error shape

    def body_schema(self, scope):
        if scope["type"] != "http":
            return None
        for method, regex, body in self.bodies:
            if scope["method"] == method and regex.match(scope["path"]):
                return body
        return None

    async def refusal(self, request, body, error):
        if body.plain_view:
            return werkzeug_pages.error_page(error.status, error.message)
        return self.render(request, error)

    async def __call__(self, scope, receive, send):
        body = self.body_schema(scope)
        if body is None:
            await self.app(scope, receive, send)
            return
        raw = await _read(receive)
        if raw is None:
            return
        request = Request(scope)
        try:
            data = load(raw, request.headers.get("content-type"))
            if not body.plain_view:
                check(body, data)
        except InvalidRequest as error:  # RequestError too
            response = await self.refusal(request, body, error)
            await response(scope, receive, send)
            return
        token = CHECKED_BODY.set(None if body.plain_view else data)
        try:
            await self.app(scope, _replay(raw, receive), send)
        finally:
            CHECKED_BODY.reset(token)
