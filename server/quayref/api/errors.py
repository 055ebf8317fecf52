"""Every error leaves as Quay's error body, in the shape of the server's profile; never a trace.

proposal: the error body of docs/api-reference.md (with "message") on every error.
quay-3.18 (Profile.quay_error_bodies): as Quay's `handle_api_error`: the error body with "type", no
"message" and no WWW-Authenticate; a RequestError is {"message": ...} only; a CsrfFailure is the
JSON text {"error": ...} sent as text/html, with the signed-in user named as Quay does. Where no
route or no method matches, quay-3.18 answers as werkzeug and Quay's catch-all route do (routing.py).
"""

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from quayref.api import routing
from quayref.api.schemas import ErrorBody
from quayref.services.errors import ApiError, CsrfFailure, NotFound, RequestError

LOG = logging.getLogger("quayref")

ERROR_TYPES = {400: "invalid_request", 401: "invalid_token", 403: "insufficient_scope", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 429: "too_many_requests", 503: "service_unavailable"}


def body(status, error_type, message, extra=None):
    result = {"status": status, "error_type": error_type, "error_message": message, "detail": message,
              "title": error_type, "message": message}
    result.update(extra or {})
    return result


def response(status, error_type, message, headers=None, extra=None):
    return JSONResponse(body(status, error_type, message, extra), status_code=status, headers=headers)


def quay_body(request, status, error_type, message, extra=None):
    result = dict(extra or {})
    result.update({"detail": message, "error_message": message, "error_type": error_type, "title": error_type,
                   "type": "%sapi/v1/error/%s" % (request.base_url, error_type), "status": status})
    return result


def quay_response(request, exc):
    headers = {key: value for key, value in exc.headers.items() if key.lower() != "www-authenticate"}
    if isinstance(exc, CsrfFailure):
        return Response(json.dumps({"error": exc.message}), status_code=exc.status, headers=headers,
                        media_type="text/html; charset=utf-8")
    if isinstance(exc, RequestError):
        return JSONResponse({"message": exc.message}, status_code=exc.status, headers=headers)
    return JSONResponse(quay_body(request, exc.status, exc.error_type, exc.message, exc.extra), status_code=exc.status,
                        headers=headers)


def error_response(request, exc):
    """The answer to an ApiError, in the shape of the server's profile."""
    profile = request.app.state.settings.profile
    if isinstance(exc, NotFound) and not profile.not_found_details:
        # Quay's 404 never says what is missing.
        exc = NotFound(headers=exc.headers, extra=exc.extra)
    if profile.quay_error_bodies:
        return quay_response(request, exc)
    return response(exc.status, exc.error_type, exc.message, exc.headers, exc.extra)


def _field(loc):
    # ("body", "expiration") -> "expiration"; ("query", "next_page") -> "next_page"
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_message(exc):
    problems = []
    for error in exc.errors()[:5]:
        problems.append("%s: %s" % (_field(error.get("loc", ())), error.get("msg", "invalid")))
    return "; ".join(problems) or "invalid request"


def install(app: FastAPI):
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        if request.app.state.settings.profile.quay_error_bodies:
            # What Quay's JSON schemas accept is checked before routing (api/bodies.py); what is left
            # is quayref's own stricter checking (query parameters, plain views), in Quay's message shape.
            return quay_response(request, RequestError(_validation_message(exc)))
        return response(400, "invalid_request", _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        status = exc.status_code
        if request.app.state.settings.profile.werkzeug_routing:
            answer = routing.answer(request, status)
            if answer is not None:
                return answer
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return response(status, ERROR_TYPES.get(status, "error"), message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # The type and path only: an exception's text may quote request data.
        LOG.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return response(500, "internal_error", "Internal server error")


# The error responses every API route may give, declared once for the OpenAPI document.
ERROR_RESPONSES = {code: {"model": ErrorBody, "description": ERROR_TYPES[code]} for code in (400, 401, 403, 404)}
# Routes that accept bootstrap credentials may also answer lockout (429) and an unreachable directory (503).
BOOTSTRAP_ERROR_RESPONSES = {**ERROR_RESPONSES, **{code: {"model": ErrorBody, "description": ERROR_TYPES[code]} for code in (429, 503)}}


def without_422(schema):
    """FastAPI documents its own 422 on every route with a body or parameters; quayref answers
    every validation error with Quay's 400 instead, so the document must not promise a 422."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                operation.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    return schema
