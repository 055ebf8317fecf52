"""The real test parts work: slapd binds and searches, the OpenID provider issues verifiable JWTs."""

import httpx
import jwt
import ldap3
import pytest
from ldap3.utils.conv import escape_filter_chars

from quaytest import oidc_provider as support_oidc, slapd as support_slapd


def _superuser_query(uid: str) -> str:
    value = escape_filter_chars(uid)
    return f"(&(|(uid={value})(mail={value})){support_slapd.SUPERUSER_FILTER})"


def test_slapd_user_bind_and_superuser_filter(slapd_server):
    admin = slapd_server.admin_connection()
    try:
        for uid, expected in ((support_slapd.SUPERUSER, 1), (support_slapd.PLAIN_USER, 0), (support_slapd.EVIL_USER, 0)):
            admin.search(slapd_server.base_dn, _superuser_query(uid), attributes=["uid"])
            assert len(admin.entries) == expected, uid
        # The same query unescaped is the injection the server must not allow.
        raw = f"(&(|(uid={support_slapd.EVIL_USER})(mail={support_slapd.EVIL_USER})){support_slapd.SUPERUSER_FILTER})"
        admin.search(slapd_server.base_dn, raw, attributes=["uid"])
        assert [str(e.uid) for e in admin.entries] == [support_slapd.SUPERUSER]
    finally:
        admin.unbind()

    server = ldap3.Server(slapd_server.uri)
    user = ldap3.Connection(server, slapd_server.user_dn(support_slapd.SUPERUSER), slapd_server.passwords[support_slapd.SUPERUSER])
    assert user.bind()
    user.unbind()
    wrong = ldap3.Connection(server, slapd_server.user_dn(support_slapd.SUPERUSER), "not-the-password")
    assert not wrong.bind()


def test_oidc_client_credentials_jwt_verifies(oidc_provider):
    discovery = httpx.get(oidc_provider.discovery_url, timeout=5).json()
    assert discovery["issuer"] == oidc_provider.issuer
    token = oidc_provider.token("quay-bootstrap-svc")
    signing_key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(token)
    claims = jwt.decode(token, signing_key.key, algorithms=["RS256"], audience=support_oidc.AUDIENCE, issuer=oidc_provider.issuer)
    assert claims["client_id"] == "quay-bootstrap-svc"
    grouped = jwt.decode(oidc_provider.token("ci-robot"), signing_key.key, algorithms=["RS256"], audience=support_oidc.AUDIENCE)
    assert support_oidc.SUPERUSER_GROUP in grouped[support_oidc.GROUP_CLAIM]
    with pytest.raises(jwt.InvalidAudienceError):
        other = oidc_provider.token("plain-service", support_oidc.OTHER_AUDIENCE)
        jwt.decode(other, signing_key.key, algorithms=["RS256"], audience=support_oidc.AUDIENCE)
