"""`ldap` bootstrap authentication against a real server and a real slapd."""

from contextlib import closing

import pytest

from bootstrap_helpers import assert_no_secrets, new_name, org_and_app, tokens_path
from quaytest import slapd as support_slapd

SUPERUSER = support_slapd.SUPERUSER
PLAIN = support_slapd.PLAIN_USER
EVIL = support_slapd.EVIL_USER


@pytest.fixture(scope="module")
def ldap_quay(quayref_factory, slapd_server):
    # SUPER_USERS is empty: the service account qualifies through LDAP_SUPERUSER_FILTER alone.
    return quayref_factory(users=(), FEATURE_PROGRAMMATIC_BOOTSTRAP=True, SUPER_USERS=[], BOOTSTRAP_MAX_FAILED_ATTEMPTS=1000,
                           **slapd_server.quay_config())


def create_org(server, auth):
    return server.request("POST", "/api/v1/organization/", auth=auth, json={"name": new_name("org"), "email": "x@example.org"})


def last_audit(server):
    return [line for line in server.audit_lines() if line["kind"].startswith("bootstrap_auth_")][-1]


def test_ldap_superuser_succeeds_and_is_federated(ldap_quay, slapd_server):
    auth = (SUPERUSER, slapd_server.passwords[SUPERUSER])
    org, client_id = org_and_app(ldap_quay, auth=auth)
    response = ldap_quay.request("POST", tokens_path(org, client_id, "application"), auth=auth, json={"name": "ldap", "scope": "org:admin"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["auth_method"] == "ldap"
    assert body["created_by"] == SUPERUSER
    line = last_audit(ldap_quay)
    assert line["kind"] == "bootstrap_auth_success"
    assert line["metadata"]["method"] == "ldap"
    assert line["metadata"]["reason"] == "matches LDAP_SUPERUSER_FILTER"
    # Created locally on first success (whichever test got there first), as Quay federates LDAP users.
    created = [line for line in ldap_quay.audit_lines() if line["kind"] == "user_create" and line["metadata"]["username"] == SUPERUSER]
    assert len(created) == 1
    assert created[0]["metadata"]["federated_login"] == "ldap"
    listed = ldap_quay.request("GET", tokens_path(org, client_id), bearer=body["token"])
    assert listed.status_code == 200


def test_mail_works_as_the_login_name(ldap_quay, slapd_server):
    response = create_org(ldap_quay, ("quay-svc@example.org", slapd_server.passwords[SUPERUSER]))
    assert response.status_code == 201, response.text


def test_plain_ldap_user_is_forbidden(ldap_quay, slapd_server):
    response = create_org(ldap_quay, (PLAIN, slapd_server.passwords[PLAIN]))
    assert response.status_code == 403
    assert last_audit(ldap_quay)["metadata"]["reason"] == "does not match LDAP_SUPERUSER_FILTER"


@pytest.mark.parametrize("which", ["wrong-password", "unknown-user", "empty-password", "empty-username"])
def test_bad_credentials_are_401(ldap_quay, slapd_server, which):
    auth = {
        "wrong-password": (SUPERUSER, "not-the-password"),
        "unknown-user": ("nobody", "some-password"),
        "empty-password": (SUPERUSER, ""),
        "empty-username": ("", slapd_server.passwords[SUPERUSER]),
    }[which]
    response = create_org(ldap_quay, auth)
    assert response.status_code == 401, response.text
    expected = {"wrong-password": "invalid username or password", "unknown-user": "unknown user",
                "empty-password": "empty password", "empty-username": "empty username"}[which]
    assert last_audit(ldap_quay)["metadata"]["reason"] == expected


def test_filter_injection_in_the_username_does_not_make_a_superuser(ldap_quay, slapd_server):
    # EVIL's uid is "evil*)(uid=*": unescaped, the superuser query would match quay-svc.
    # Escaped, EVIL authenticates as itself and is not a superuser.
    response = create_org(ldap_quay, (EVIL, slapd_server.passwords[EVIL]))
    assert response.status_code == 403, response.text
    assert last_audit(ldap_quay)["metadata"]["username"] == EVIL


@pytest.mark.parametrize("username", ["*", "quay-svc*", "*)(uid=quay-svc", "quay-svc)(|(uid=*", "*)(objectClass=*"])
def test_filter_injection_with_the_superusers_password_is_401(ldap_quay, slapd_server, username):
    # Wildcards and filter fragments never find the account: they are matched literally.
    response = create_org(ldap_quay, (username, slapd_server.passwords[SUPERUSER]))
    assert response.status_code == 401, response.text
    assert last_audit(ldap_quay)["metadata"]["reason"] == "unknown user"


def test_get_and_delete_refuse_ldap_credentials(ldap_quay, slapd_server):
    auth = (SUPERUSER, slapd_server.passwords[SUPERUSER])
    org, client_id = org_and_app(ldap_quay, auth=auth)
    for method, path in (("GET", tokens_path(org, client_id)), ("DELETE", tokens_path(org, client_id) + "/x"),
                         ("DELETE", "/api/v1/organization/" + org)):
        assert ldap_quay.request(method, path, auth=auth).status_code == 401


def test_ldap_down_is_503(quayref_factory):
    directory = support_slapd.SlapdServer()
    with directory:
        server = quayref_factory(users=(), FEATURE_PROGRAMMATIC_BOOTSTRAP=True, **directory.quay_config())
        auth = (SUPERUSER, directory.passwords[SUPERUSER])
        assert create_org(server, auth).status_code == 201
        directory.stop()
        response = create_org(server, auth)
    assert response.status_code == 503, response.text
    assert "LDAP server is unreachable" in response.json()["error_message"]
    assert last_audit(server)["metadata"]["reason"] == "ldap unavailable"
    assert_no_secrets(server, [directory.passwords[SUPERUSER], directory.admin_password])


def test_empty_password_never_reaches_the_directory(ldap_quay, slapd_server):
    # An empty password would be an unauthenticated bind, which succeeds on many directories.
    binds_before = slapd_server.log_text().count(" BIND ")
    assert create_org(ldap_quay, (SUPERUSER, "")).status_code == 401
    assert slapd_server.log_text().count(" BIND ") == binds_before
    assert create_org(ldap_quay, (SUPERUSER, slapd_server.passwords[SUPERUSER])).status_code == 201
    assert slapd_server.log_text().count(" BIND ") > binds_before


def test_no_password_in_logs_or_audit(quayref_factory, slapd_server):
    """Directory passwords (right, wrong, of a superuser and not), the bind password and a minted token."""
    server = quayref_factory(users=(), FEATURE_PROGRAMMATIC_BOOTSTRAP=True, SUPER_USERS=[], BOOTSTRAP_MAX_FAILED_ATTEMPTS=1000,
                             **slapd_server.quay_config())
    auth = (SUPERUSER, slapd_server.passwords[SUPERUSER])
    org, client_id = org_and_app(server, auth=auth)
    minted = server.request("POST", tokens_path(org, client_id), auth=auth, json={"name": "ldap", "scope": "org:admin"})
    assert minted.status_code == 200, minted.text
    wrong = "not-the-password-" + new_name("x")
    attempts = [(SUPERUSER, wrong), (PLAIN, slapd_server.passwords[PLAIN]), (EVIL, slapd_server.passwords[EVIL])]
    assert [create_org(server, credentials).status_code for credentials in attempts] == [401, 403, 403]
    client, response = _sign_in(server, PLAIN, slapd_server.passwords[PLAIN])
    with closing(client):
        assert response.status_code == 200, response.text
    kinds = {line["kind"] for line in server.audit_lines()}
    assert {"bootstrap_auth_success", "bootstrap_auth_failure", "create_oauth_api_token"} <= kinds
    assert_no_secrets(server, list(slapd_server.passwords.values()) + [slapd_server.admin_password, wrong, minted.json()["token"]])


def _sign_in(server, username, password):
    client = server.client()
    csrf = client.get("/csrf_token").json()["csrf_token"]
    response = client.post("/api/v1/signin", json={"username": username, "password": password}, headers={"X-CSRF-Token": csrf})
    return client, response


def test_ldap_users_sign_in_against_the_directory(ldap_quay, slapd_server):
    """As in Quay, an LDAP-backed server signs users in with their directory password (no local hash)."""
    client, response = _sign_in(ldap_quay, PLAIN, slapd_server.passwords[PLAIN])
    with closing(client):
        assert response.status_code == 200, response.text
        me = client.get("/api/v1/user/").json()
        assert me["username"] == PLAIN and me["super_user"] is False
    client, response = _sign_in(ldap_quay, PLAIN, slapd_server.passwords[PLAIN] + "x")
    with closing(client):
        assert response.status_code == 403 and response.json()["invalidCredentials"] is True


def test_filter_superuser_stays_a_superuser_for_its_tokens(ldap_quay, slapd_server):
    """A user qualified by LDAP_SUPERUSER_FILTER is a superuser everywhere, not only during bootstrap."""
    auth = (SUPERUSER, slapd_server.passwords[SUPERUSER])
    org, client_id = org_and_app(ldap_quay, auth=auth)
    minted = ldap_quay.request("POST", tokens_path(org, client_id, "applications"), auth=auth,
                               json={"name": "su", "scope": "super:user user:read"})
    assert minted.status_code == 200, minted.text
    token = minted.json()["token"]
    assert ldap_quay.request("GET", "/api/v1/superuser/logs", bearer=token).status_code == 200
    assert ldap_quay.request("GET", "/api/v1/user/", bearer=token).json()["super_user"] is True
