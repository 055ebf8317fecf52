"""Quay's OAuth implicit grant for a signed-in user: POST /oauth/authorizeapp.

What infra.quay_configuration's quay_api_token (and Quay's own UI) call: the form names an
application, a redirect_uri and a scope; the answer is a 302 whose Location carries a
new access token in its fragment, as Quay's DatabaseAuthorizationProvider builds it:
``{redirect_uri}?scope=…#access_token=…&token_type=Bearer&expires_in=…``. Protocol
errors redirect with ``?error=…`` as Quay does. The token is minted by tokens.create, so it
is a normal application token (listed, revocable, audited as create_oauth_api_token) with
the checks a signed-in user gets there: org admin, super:user only for superusers, the
application's token limit."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from sqlalchemy import select

from quayref.db.models import OAuthApplication
from quayref.services import tokens
from quayref.services.errors import InvalidRequest, Unauthorized
from quayref.services.scopes import SCOPES

LOCAL_HANDLER = "/oauth/localapp"  # Quay's LOCAL_OAUTH_HANDLER default: always a valid redirect_uri
TOKEN_NAME = "authorizeapp"


def build_url(base, params):
    """Quay's oauth.utils.build_url: merge `params` into the query; a None value removes the key."""
    parts = urlsplit(base)
    query = parse_qs(parts.query)
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = [value]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, doseq=True), parts.fragment))


def _error(redirect_uri, error):
    return build_url(redirect_uri, {"error": error})


def _valid_scope(scope):
    names = [name for name in re.split(r"[\s,]+", scope or "") if name]
    return bool(names) and all(name in SCOPES for name in names)


def _valid_redirect(app, redirect_uri, base_url):
    if redirect_uri == base_url.rstrip("/") + LOCAL_HANDLER:
        return True
    return bool(app.redirect_uri) and redirect_uri.startswith(app.redirect_uri)


def authorize(ctx, *, response_type, client_id, redirect_uri, scope, base_url):
    """The Location of the 302 answer (the token in its fragment, or Quay's ?error=). The caller
    (ctx.principal) is a signed-in session whose CSRF token was checked."""
    if ctx.principal is None:  # authenticates first: 401 or 403 before anything is looked up
        raise Unauthorized()
    db = ctx.db
    if not redirect_uri:
        raise InvalidRequest("redirect_uri: required")
    if response_type != "token":
        return _error(redirect_uri, "unsupported_response_type")
    app = db.scalar(select(OAuthApplication).where(OAuthApplication.client_id == client_id)) if client_id else None
    if app is None or not app.namespace.is_org:
        return _error(redirect_uri, "unauthorized_client")
    if not _valid_redirect(app, redirect_uri, base_url):
        raise InvalidRequest("redirect_uri: not the application's redirect_uri nor this server's %s" % LOCAL_HANDLER)
    if not _valid_scope(scope):
        return _error(redirect_uri, "invalid_scope")
    _token, value, expires_in = tokens.create(ctx, app.namespace.username, app.client_id,
                                              name=TOKEN_NAME, scope=scope, expiration=None)
    return build_url(redirect_uri, {"scope": scope}) + "#access_token=%s&token_type=Bearer&expires_in=%d" % (value, expires_in)
