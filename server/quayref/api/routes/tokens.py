"""Token lifecycle.

proposal: under /application/ (the feature request) and /applications/ (Quay), with quayref's body
rules and answers. quay-3.18 (Profile.quay_token_views, singular_application_spelling): under
/applications/ only, with Quay's body (`expiration` any number) and answers (the token view, always
JSON). The create and list routes are registered once per profile (routes/common.py).
"""

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response

from quayref.api.deps import BootstrapCtx, Ctx
from quayref.api.errors import BOOTSTRAP_ERROR_RESPONSES, ERROR_RESPONSES
from quayref.api.routes.common import no_content, only_when
from quayref.api.schemas import QuayTokenCreate, TokenCreate, TokenCreated, TokenList
from quayref.services import token_rules, tokens

router = APIRouter(tags=["tokens"])


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
    return no_content(ctx.settings)


CREATED = {200: {"model": TokenCreated, "content": {"text/plain": {"schema": {"type": "string"}}},
                 "description": "The token and its secret"}}
PROPOSAL = only_when(lambda profile: not profile.quay_token_views, "ProposalTokenRoute")
QUAY = only_when(lambda profile: profile.quay_token_views, "QuayTokenRoute")
SINGULAR = only_when(lambda profile: profile.singular_application_spelling and not profile.quay_token_views,
                     "SingularTokenRoute")
SINGULAR_REVOKE = only_when(lambda profile: profile.singular_application_spelling, "SingularRevokeRoute")

for spelling, suffix, answers, revokes in (("applications", "", PROPOSAL, None), ("application", "_singular", SINGULAR, SINGULAR_REVOKE)):
    base = "/api/v1/organization/{org}/%s/{client_id}/tokens" % spelling
    router.add_api_route(base, create_token, methods=["POST"], name="create_token", operation_id="create_token" + suffix,
                         response_model=TokenCreated, responses={**BOOTSTRAP_ERROR_RESPONSES, **CREATED},
                         route_class_override=answers)
    router.add_api_route(base, list_tokens, methods=["GET"], name="list_tokens", operation_id="list_tokens" + suffix,
                         response_model=TokenList, response_model_exclude_unset=True, responses=ERROR_RESPONSES,
                         route_class_override=answers)
    router.add_api_route(base + "/{token_uuid}", revoke_token, methods=["DELETE"], name="revoke_token",
                         operation_id="revoke_token" + suffix, status_code=204, response_class=Response,
                         responses={**ERROR_RESPONSES, 204: {"description": "Revoked"}}, route_class_override=revokes)

# Quay's answers: no response model (Quay's views are not quayref's), and out of quayref's OpenAPI
# document, which describes the proposal.
QUAY_BASE = "/api/v1/organization/{org}/applications/{client_id}/tokens"
router.add_api_route(QUAY_BASE, create_token_as_quay, methods=["POST"], name="create_token", include_in_schema=False,
                     route_class_override=QUAY)
router.add_api_route(QUAY_BASE, list_tokens_as_quay, methods=["GET"], name="list_tokens", include_in_schema=False,
                     route_class_override=QUAY)
