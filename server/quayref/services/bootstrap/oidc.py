"""`oidc`: a service principal's JWT access token from a configured ``*_LOGIN_CONFIG`` issuer.

Verification is PyJWT's: keys from the issuer's discovery document and JWKS
(PyJWKClient caches them and refetches once on an unknown ``kid``), asymmetric
algorithms only, and ``iss``, ``aud``, ``exp`` and ``iat`` required and checked.
The unverified claims are read only to pick the configured issuer; no URL is
ever taken from the token.
"""

import json
import logging
import threading
import time
import urllib.error
import urllib.request

import jwt

from quayref.services import authz
from quayref.services.bootstrap.outcome import Qualification, Qualified, Refused, bad_credentials, not_superuser, unavailable, unverified
from quayref.services.errors import Unauthorized

LOG = logging.getLogger("quayref.bootstrap.oidc")

# Asymmetric only: with a symmetric algorithm the issuer's *public* key would become
# an HMAC secret that anybody can sign with.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
LEEWAY_SECONDS = 30
FETCH_TIMEOUT = 10
DISCOVERY_TTL = 300
MAX_DOCUMENT_BYTES = 1 << 20

_CACHE_LOCK = threading.Lock()
_DISCOVERY: dict = {}  # OIDC_SERVER -> (fetched_at, document)
_JWKS_CLIENTS: dict = {}  # jwks_uri -> PyJWKClient (which caches the keys)


def _same_issuer(left, right):
    return isinstance(left, str) and isinstance(right, str) and left.rstrip("/") == right.rstrip("/")


def _fetch_json(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # nosec: URL comes from config
        return json.loads(response.read(MAX_DOCUMENT_BYTES))


def _discovery(server):
    with _CACHE_LOCK:
        cached = _DISCOVERY.get(server)
        if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
            return cached[1]
    url = server.rstrip("/") + "/.well-known/openid-configuration"
    try:
        document = _fetch_json(url)
    except (OSError, ValueError, urllib.error.URLError) as exc:
        LOG.error("OIDC discovery at %s failed: %s", url, type(exc).__name__)
        raise unavailable("oidc discovery failed", "The OIDC provider's discovery document cannot be fetched") from None
    if not isinstance(document, dict) or not document.get("jwks_uri") or not _same_issuer(document.get("issuer"), server):
        raise unavailable("oidc discovery invalid", "The OIDC provider's discovery document does not match OIDC_SERVER")
    with _CACHE_LOCK:
        _DISCOVERY[server] = (time.monotonic(), document)
    return document


def _jwks_client(jwks_uri):
    with _CACHE_LOCK:
        client = _JWKS_CLIENTS.get(jwks_uri)
        if client is None:
            client = jwt.PyJWKClient(jwks_uri, cache_keys=True, lifespan=DISCOVERY_TTL, timeout=FETCH_TIMEOUT)
            _JWKS_CLIENTS[jwks_uri] = client
        return client


def principal_name(claims):
    """Who the token speaks for: a display name, else the client it was issued to, else the subject."""
    for claim in ("preferred_username", "client_id", "azp", "sub"):
        value = claims.get(claim)
        if isinstance(value, str) and value:
            return value
    return None


def unverified_claims(token):
    """Claims read without verification: only to route and to name the identity for lockout."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    return claims if isinstance(claims, dict) else None


def _decode(token, login, algorithm):
    document = _discovery(login.OIDC_SERVER)
    try:
        signing_key = _jwks_client(document["jwks_uri"]).get_signing_key_from_jwt(token)
    except jwt.PyJWKClientConnectionError:
        raise unavailable("oidc jwks unavailable", "The OIDC provider's signing keys cannot be fetched") from None
    except jwt.PyJWKClientError:
        raise unverified("unknown signing key") from None
    audiences = login.audiences
    if not audiences:
        raise unavailable("oidc audience not configured", "OIDC_AUDIENCES or CLIENT_ID must be set for bootstrap authentication")
    try:
        return jwt.decode(
            token, signing_key.key, algorithms=[algorithm], audience=audiences, issuer=document["issuer"], leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise bad_credentials("token expired") from None
    except jwt.InvalidAudienceError:
        raise bad_credentials("wrong audience") from None
    except jwt.InvalidIssuerError:
        raise bad_credentials("wrong issuer") from None
    except jwt.ImmatureSignatureError:
        raise bad_credentials("token issued in the future") from None
    except jwt.MissingRequiredClaimError as exc:
        raise bad_credentials("missing claim %s" % exc.claim) from None
    except jwt.InvalidSignatureError:
        raise unverified("bad signature") from None
    except jwt.InvalidTokenError as exc:
        raise bad_credentials("invalid token: %s" % type(exc).__name__) from None


def _in_group(claims, login):
    group = login.SUPERUSER_GROUP
    if not group:
        return False
    held = claims.get(login.PREFERRED_GROUP_CLAIM_NAME)
    if isinstance(held, str):
        held = held.split()
    return isinstance(held, list) and group in held


def verified_claims(settings, token):
    """(the *_LOGIN_CONFIG block, the verified claims) of a JWT from a configured issuer, or Refused.
    Also what the quay-3.18 profile's SSO Bearer authentication (services/sso.py) verifies with."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise Refused("malformed token", Unauthorized("Invalid bootstrap token"), counts=False) from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise unverified("algorithm %s not allowed" % str(algorithm)[:16])
    claims = unverified_claims(token) or {}
    login = next((cfg for cfg in settings.login_configs.values() if _same_issuer(cfg.OIDC_SERVER, claims.get("iss"))), None)
    if login is None:
        raise unverified("issuer not configured")
    return login, _decode(token, login, algorithm)


def verify(settings, token):
    """The qualifying principal, or Refused."""
    login, claims = verified_claims(settings, token)
    allowed = login.OIDC_ALLOWED_CLIENTS
    client = claims.get("client_id") or claims.get("azp")
    if allowed and client not in allowed:
        raise bad_credentials("client not in OIDC_ALLOWED_CLIENTS")
    name = principal_name(claims)
    if name is None:
        raise bad_credentials("no principal claim")
    if authz.is_superuser(settings, name):
        qualification = Qualification.SUPER_USERS
    elif _in_group(claims, login):
        qualification = Qualification.SUPERUSER_GROUP
    else:
        raise not_superuser("neither in SUPER_USERS nor in SUPERUSER_GROUP")
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    return Qualified(username=name.lower(), email=email, federated_login="oidc", qualification=qualification)
