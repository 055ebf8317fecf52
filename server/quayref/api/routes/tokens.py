"""Token lifecycle, served under /applications/ (Quay) and, with the proposal, /application/ (the feature request)."""

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse

from quayref.api.deps import BootstrapCtx, Ctx
from quayref.api.errors import BOOTSTRAP_ERROR_RESPONSES, ERROR_RESPONSES
from quayref.api.schemas import TokenCreate, TokenCreated, TokenList
from quayref.services import tokens


def wants_text(request):
    accept = request.headers.get("accept", "")
    return "text/plain" in accept and "application/json" not in accept


def create_token(org: str, client_id: str, body: TokenCreate, request: Request, ctx: BootstrapCtx):
    """Mint a token. The secret is in this response only. `Accept: text/plain` answers the secret and a newline."""
    token, value, expires_in = tokens.create(ctx, org, client_id, name=body.name, scope=body.scope, expiration=body.expiration)
    if wants_text(request):
        return PlainTextResponse(value + "\n")
    result = tokens.view(token)
    result.update(token=value, token_type="Bearer", expires_in=expires_in)
    return result


def list_tokens(org: str, client_id: str, ctx: Ctx, next_page: str | None = Query(None, max_length=512)):
    """Live tokens, newest first, 50 a page; never a secret."""
    return tokens.list_page(ctx, org, client_id, next_page)


def revoke_token(org: str, client_id: str, token_uuid: str, ctx: Ctx):
    """Revoke at once: the token fails on its very next request, in every worker."""
    tokens.revoke(ctx, org, client_id, token_uuid)
    return Response(status_code=204)


CREATED = {200: {"model": TokenCreated, "content": {"text/plain": {"schema": {"type": "string"}}},
                 "description": "The token and its secret"}}


def _token_routes(spelling, suffix):
    router = APIRouter(tags=["tokens"])
    base = "/api/v1/organization/{org}/%s/{client_id}/tokens" % spelling
    router.add_api_route(base, create_token, methods=["POST"], name="create_token", operation_id="create_token" + suffix,
                         response_model=TokenCreated, responses={**BOOTSTRAP_ERROR_RESPONSES, **CREATED})
    router.add_api_route(base, list_tokens, methods=["GET"], name="list_tokens", operation_id="list_tokens" + suffix,
                         response_model=TokenList, response_model_exclude_unset=True, responses=ERROR_RESPONSES)
    router.add_api_route(base + "/{token_uuid}", revoke_token, methods=["DELETE"], name="revoke_token",
                         operation_id="revoke_token" + suffix, status_code=204, response_class=Response,
                         responses={**ERROR_RESPONSES, 204: {"description": "Revoked"}})
    return router


router = _token_routes("applications", "")
# The feature request's spelling; only where the profile serves it (Profile.singular_application_alias).
singular_router = _token_routes("application", "_singular")
