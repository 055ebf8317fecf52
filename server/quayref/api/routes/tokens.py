"""Token lifecycle.

proposal: under /applications/ (Quay) and /application/ (the feature request, where
Profile.singular_application_alias), with quayref's body rules and answers. quay-3.18
(Profile.quay_token_views): under /applications/ only, with Quay's body (`expiration` any number)
and answers (the token view, always JSON). `routers(settings)` picks the profile's routes when
the app is built; the others do not exist in it.
"""

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response

from quayref.api.deps import BootstrapCtx, Ctx
from quayref.api.errors import BOOTSTRAP_ERROR_RESPONSES, ERROR_RESPONSES
from quayref.api.routes.common import no_content
from quayref.api.schemas import QuayTokenCreate, TokenCreate, TokenCreated, TokenList
from quayref.services import token_rules, tokens


def wants_text(request):
    accept = request.headers.get("accept", "")
    return "text/plain" in accept and "application/json" not in accept


def create_token(org: str, client_id: str, body: TokenCreate, request: Request, ctx: BootstrapCtx):
    """Mint a token. The secret is in this response only. `Accept: text/plain` answers the secret and a newline."""
    token, value, expires_in = tokens.create(ctx, org, client_id, name=body.name, scope=body.scope, expiration=body.expiration)
    if wants_text(request):
        return PlainTextResponse(value + "\n")
    result = tokens.view(token, ctx.settings)
    result.update(token=value, token_type="Bearer", expires_in=expires_in)
    return result


def create_token_as_quay(org: str, client_id: str, body: QuayTokenCreate, ctx: BootstrapCtx):
    """Mint a token, answered as Quay 3.18: 200, the token view and its secret, JSON whatever the Accept."""
    # An explicit null is not "left out": Quay's schema refuses it.
    expiration = token_rules.NULL if "expiration" in body.model_fields_set and body.expiration is None else body.expiration
    token, value, _expires_in = tokens.create(ctx, org, client_id, name=body.name, scope=body.scope, expiration=expiration)
    return {**tokens.view(token, ctx.settings), "token": value}


def list_tokens(org: str, client_id: str, ctx: Ctx, next_page: str | None = Query(None, max_length=512)):
    """Live tokens, newest first, 50 a page; never a secret."""
    return tokens.list_page(ctx, org, client_id, next_page)


def list_tokens_as_quay(org: str, client_id: str, ctx: Ctx, next_page: str | None = None):
    """Live tokens, newest first, 50 a page, as Quay 3.18: any next_page it cannot read is the first page."""
    return tokens.list_page(ctx, org, client_id, next_page)


def revoke_token(org: str, client_id: str, token_uuid: str, ctx: Ctx):
    """Revoke at once: the token fails on its very next request, in every worker."""
    tokens.revoke(ctx, org, client_id, token_uuid)
    return no_content()


CREATED = {200: {"model": TokenCreated, "content": {"text/plain": {"schema": {"type": "string"}}},
                 "description": "The token and its secret"}}


def _revoke_route(router, base, suffix):
    router.add_api_route(base + "/{token_uuid}", revoke_token, methods=["DELETE"], name="revoke_token",
                         operation_id="revoke_token" + suffix, status_code=204, response_class=Response,
                         responses={**ERROR_RESPONSES, 204: {"description": "Revoked"}})


def _proposal_routes(spelling, suffix):
    router = APIRouter(tags=["tokens"])
    base = "/api/v1/organization/{org}/%s/{client_id}/tokens" % spelling
    router.add_api_route(base, create_token, methods=["POST"], name="create_token", operation_id="create_token" + suffix,
                         response_model=TokenCreated, responses={**BOOTSTRAP_ERROR_RESPONSES, **CREATED})
    router.add_api_route(base, list_tokens, methods=["GET"], name="list_tokens", operation_id="list_tokens" + suffix,
                         response_model=TokenList, response_model_exclude_unset=True, responses=ERROR_RESPONSES)
    _revoke_route(router, base, suffix)
    return router


def _quay_routes():
    # Quay's answers: no response model (Quay's views are not quayref's), and out of quayref's OpenAPI
    # document, which describes the proposal.
    router = APIRouter(tags=["tokens"])
    base = "/api/v1/organization/{org}/applications/{client_id}/tokens"
    router.add_api_route(base, create_token_as_quay, methods=["POST"], name="create_token", include_in_schema=False)
    router.add_api_route(base, list_tokens_as_quay, methods=["GET"], name="list_tokens", include_in_schema=False)
    _revoke_route(router, base, "")
    return router


PROPOSAL_ROUTER = _proposal_routes("applications", "")
SINGULAR_ROUTER = _proposal_routes("application", "_singular")
QUAY_ROUTER = _quay_routes()


def routers(settings):
    profile = settings.profile
    if profile.quay_token_views:
        return [QUAY_ROUTER]
    return [PROPOSAL_ROUTER] + ([SINGULAR_ROUTER] if profile.singular_application_alias else [])
