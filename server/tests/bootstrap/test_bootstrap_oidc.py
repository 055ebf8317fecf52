"""`oidc` bootstrap authentication against a real server and a real OpenID provider."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from bootstrap_helpers import assert_no_secrets, new_name, org_and_app, tokens_path
from quaytest import oidc_provider as support_oidc


def login_config(provider):
    return {
        # Quay writes OIDC_SERVER with a trailing slash; the provider's issuer has none.
        "OIDC_SERVER": provider.issuer + "/",
        "CLIENT_ID": "quayref",
        "CLIENT_SECRET": "unused-for-bootstrap",
        "OIDC_AUDIENCES": [support_oidc.AUDIENCE],
        "SUPERUSER_GROUP": support_oidc.SUPERUSER_GROUP,
        "PREFERRED_GROUP_CLAIM_NAME": support_oidc.GROUP_CLAIM,
        "SERVICE_NAME": "Test IdP",
    }


@pytest.fixture(scope="module")
def oidc_quay(quayref_factory, oidc_provider):
    return quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, BOOTSTRAP_MAX_FAILED_ATTEMPTS=1000,
                           SUPER_USERS=["admin", "quay-bootstrap-svc"], TESTIDP_LOGIN_CONFIG=login_config(oidc_provider))


def create_org(server, token):
    return server.request("POST", "/api/v1/organization/", bearer=token, json={"name": new_name("org"), "email": "x@example.org"})


def last_audit(server):
    return [line for line in server.audit_lines() if line["kind"].startswith("bootstrap_auth_")][-1]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_signed_with_public_key(provider, claims):
    """The classic algorithm-confusion token: HMAC keyed with the issuer's public key (PyJWT refuses to make one)."""
    public_pem = provider.private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": provider.kid}).encode())
    payload = b64url(json.dumps(claims).encode())
    signature = hmac.new(public_pem, ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest()
    return "%s.%s.%s" % (header, payload, b64url(signature))


@pytest.mark.parametrize("client_id, reason", [("quay-bootstrap-svc", "in SUPER_USERS"), ("ci-robot", "in SUPERUSER_GROUP")])
def test_qualifying_principal_succeeds(oidc_quay, oidc_provider, client_id, reason):
    token = oidc_provider.token(client_id)
    org, app = org_and_app(oidc_quay, bearer=token)
    response = oidc_quay.request("POST", tokens_path(org, app), bearer=token, json={"name": "oidc", "scope": "org:admin"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["auth_method"] == "oidc"
    assert body["created_by"] == client_id
    line = last_audit(oidc_quay)
    assert (line["kind"], line["metadata"]["method"], line["metadata"]["reason"]) == ("bootstrap_auth_success", "oidc", reason)


def test_non_qualifying_principal_is_forbidden(oidc_quay, oidc_provider):
    response = create_org(oidc_quay, oidc_provider.token("plain-service"))
    assert response.status_code == 403
    assert last_audit(oidc_quay)["metadata"]["username"] == "plain-service"


def attack_tokens(provider):
    now = int(time.time())
    stranger_key, stranger_jwk = support_oidc.new_signing_key()
    qualifying = {"client_id": "quay-bootstrap-svc", "sub": "quay-bootstrap-svc"}
    return {
        "expired": (provider.forge({**qualifying, "iat": now - 7200, "exp": now - 3600}), "token expired"),
        "wrong-aud": (provider.token("quay-bootstrap-svc", support_oidc.OTHER_AUDIENCE), "wrong audience"),
        "wrong-iss": (provider.forge({**qualifying, "iss": "http://127.0.0.1:9/evil"}), "issuer not configured"),
        "iss-not-exact": (provider.forge({**qualifying, "iss": provider.issuer + "/"}), "wrong issuer"),
        "alg-none": (jwt.encode({**qualifying, "iss": provider.issuer, "aud": support_oidc.AUDIENCE, "iat": now, "exp": now + 300},
                                None, algorithm="none"), "algorithm none not allowed"),
        "hs256-public-key": (hs256_signed_with_public_key(provider, {**qualifying, "iss": provider.issuer, "aud": support_oidc.AUDIENCE,
                                                                     "iat": now, "exp": now + 300}), "algorithm HS256 not allowed"),
        "unknown-kid": (provider.forge(qualifying, key=stranger_key, kid=stranger_jwk["kid"]), "unknown signing key"),
        "forged-signature": (provider.forge(qualifying, key=stranger_key), "bad signature"),
        "no-exp": (provider.forge({**qualifying, "exp": None}), "missing claim exp"),
        "future-iat": (provider.forge({**qualifying, "iat": now + 3600, "exp": now + 7200}), "token issued in the future"),
    }


ATTACKS = ["expired", "wrong-aud", "wrong-iss", "iss-not-exact", "alg-none", "hs256-public-key", "unknown-kid", "forged-signature",
           "no-exp", "future-iat"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_tokens_are_401(oidc_quay, oidc_provider, attack):
    token, reason = attack_tokens(oidc_provider)[attack]
    response = create_org(oidc_quay, token)
    assert response.status_code == 401, response.text
    line = last_audit(oidc_quay)
    assert line["kind"] == "bootstrap_auth_failure"
    assert line["metadata"]["reason"] == reason


def test_get_and_delete_refuse_a_valid_jwt(oidc_quay, oidc_provider):
    token = oidc_provider.token("quay-bootstrap-svc")
    org, app = org_and_app(oidc_quay, bearer=token)
    for method, path in (("GET", tokens_path(org, app)), ("DELETE", tokens_path(org, app) + "/x"), ("GET", "/api/v1/organization/" + org),
                         ("GET", "/api/v1/superuser/logs")):
        response = oidc_quay.request(method, path, bearer=token)
        assert response.status_code == 401, (method, path, response.text)
    assert last_audit(oidc_quay)["metadata"]["reason"] == "bootstrap credentials not accepted on this endpoint"


def test_flag_off_refuses_a_valid_jwt(quayref_factory, oidc_provider):
    server = quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=False, SUPER_USERS=["quay-bootstrap-svc"],
                             TESTIDP_LOGIN_CONFIG=login_config(oidc_provider))
    token = oidc_provider.token("quay-bootstrap-svc")
    for path, body in (("/api/v1/organization/", {"name": new_name("org")}), ("/api/v1/organization/x/applications", {"name": "a"}),
                       (tokens_path("x", "AAAAAAAAAAAAAAAAAAAA"), {"name": "t"})):
        assert server.request("POST", path, bearer=token, json=body).status_code == 401
    lines = [line for line in server.audit_lines() if line["kind"] == "bootstrap_auth_failure"]
    assert len(lines) == 3
    assert {line["metadata"]["method"] for line in lines} == {"oidc"}
    assert_no_secrets(server, [token])


def test_no_token_in_logs_or_audit(quayref_factory, oidc_provider):
    """The provider's JWTs (accepted, refused, forged) and the token minted with one: in no log line or audit line."""
    server = quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, BOOTSTRAP_MAX_FAILED_ATTEMPTS=1000,
                             SUPER_USERS=["admin", "quay-bootstrap-svc"], TESTIDP_LOGIN_CONFIG=login_config(oidc_provider))
    accepted = oidc_provider.token("quay-bootstrap-svc")
    secrets = [accepted, oidc_provider.token("ci-robot"), oidc_provider.token("plain-service"),
               oidc_provider.token("quay-bootstrap-svc", support_oidc.OTHER_AUDIENCE), attack_tokens(oidc_provider)["forged-signature"][0]]
    org, app = org_and_app(server, bearer=accepted)
    minted = server.request("POST", tokens_path(org, app), bearer=accepted, json={"name": "oidc", "scope": "org:admin"})
    assert minted.status_code == 200, minted.text
    secrets.append(minted.json()["token"])
    assert [create_org(server, token).status_code for token in secrets[1:5]] == [201, 403, 401, 401]
    assert server.request("GET", tokens_path(org, app), bearer=secrets[-1]).status_code == 200
    assert {"bootstrap_auth_success", "bootstrap_auth_failure", "create_oauth_api_token"} <= {line["kind"] for line in server.audit_lines()}
    assert_no_secrets(server, secrets)
