"""Quay 3.18's start-up token: provisioned by `quayref serve`, idempotent, renewable, removed with the flag off.

What happens at a (re)start runs on real processes; the rest on an in-process app
made the way `quayref serve` makes it (migrate, then reconcile)."""

import json
import os
import stat

import pytest
import yaml

from bootstrap_helpers import ADMIN, assert_no_secrets, new_name
from quaytest.server import Server, run_cli

STARTUP = {"FEATURE_PROGRAMMATIC_BOOTSTRAP": True, "BOOTSTRAP_TOKEN_OWNER": "admin", "BOOTSTRAP_TOKEN_SCOPE": "org:admin super:user",
           "BOOTSTRAP_TOKEN_EXPIRATION": 3600}


def read_token(path):
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path, encoding="utf-8") as handle:
        content = json.load(handle)
    assert list(content) == ["access_token"]
    value = content["access_token"]
    assert len(value) == 40 and value.isalnum()
    return value


def works(server, token):
    return server.request("GET", "/api/v1/superuser/logs", bearer=token).status_code == 200


@pytest.fixture
def startup(app_factory):
    """A fresh app with the start-up token provisioned."""
    return app_factory(users=(ADMIN,), **STARTUP)


@pytest.fixture
def startup_process(process_factory):
    """A fresh `quayref serve` with the start-up token provisioned, for the restart tests."""
    return process_factory(users=(ADMIN,), **STARTUP)


def token_path(server):
    return server.config.get("BOOTSTRAP_TOKEN_PATH") or os.path.join(server.workdir, "bootstrap_token")


def test_token_file_mode_content_and_use(startup):
    token = read_token(token_path(startup))
    assert works(startup, token)
    minted = [line for line in startup.audit_lines() if line["kind"] == "create_oauth_api_token"]
    assert minted[-1]["metadata"]["auth_method"] == "startup"
    assert minted[-1]["metadata"]["application_name"] == "__quay_bootstrap_app"
    assert minted[-1]["metadata"]["scope"] == "org:admin super:user"
    assert minted[-1]["metadata"]["expires_in"] == 3600


def test_restart_is_idempotent(startup_process):
    before = read_token(token_path(startup_process))
    startup_process.restart()
    assert read_token(token_path(startup_process)) == before
    assert works(startup_process, before)
    apps = [line for line in startup_process.audit_lines() if line["kind"] == "create_application"]
    assert len(apps) == 1


def test_renew_rotates_the_token_and_the_file(startup):
    old = read_token(token_path(startup))
    response = startup.request("POST", "/api/v1/bootstrap/renew", bearer=old)
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "rotated"}
    new = read_token(token_path(startup))
    assert new != old
    assert works(startup, new)
    assert startup.request("GET", "/api/v1/superuser/logs", bearer=old).status_code == 401


def test_renew_needs_the_startup_token_itself(startup):
    org = new_name("org")
    assert startup.request("POST", "/api/v1/organization/", auth=ADMIN, json={"name": org}).status_code == 201
    app = startup.request("POST", "/api/v1/organization/%s/applications" % org, auth=ADMIN, json={"name": "a"}).json()
    other = startup.request("POST", "/api/v1/organization/%s/applications/%s/tokens" % (org, app["client_id"]), auth=ADMIN,
                            json={"name": "t", "scope": "org:admin"}).json()["token"]
    assert startup.request("POST", "/api/v1/bootstrap/renew", bearer=other).status_code == 403
    # Bootstrap credentials are not accepted on renew.
    assert startup.request("POST", "/api/v1/bootstrap/renew", auth=ADMIN).status_code == 401


def test_an_organization_app_named_like_the_startup_app_cannot_renew(startup):
    """The name is not enough: an org admin can name an application __quay_bootstrap_app; renewing
    with its token would overwrite the token file with a token of the organization's."""
    org = new_name("org")
    assert startup.request("POST", "/api/v1/organization/", auth=ADMIN, json={"name": org}).status_code == 201
    app = startup.request("POST", "/api/v1/organization/%s/applications" % org, auth=ADMIN,
                          json={"name": "__quay_bootstrap_app"}).json()
    impostor = startup.request("POST", "/api/v1/organization/%s/applications/%s/tokens" % (org, app["client_id"]), auth=ADMIN,
                               json={"name": "t", "scope": "org:admin"}).json()["token"]
    before = read_token(token_path(startup))
    assert startup.request("POST", "/api/v1/bootstrap/renew", bearer=impostor).status_code == 403
    assert read_token(token_path(startup)) == before


def test_a_lost_file_is_replaced_at_start(startup_process):
    old = read_token(token_path(startup_process))
    os.unlink(token_path(startup_process))
    startup_process.restart()
    new = read_token(token_path(startup_process))
    assert new != old and works(startup_process, new)
    assert not works(startup_process, old)


def test_flag_off_removes_the_app_token_and_file(startup_process):
    token = read_token(token_path(startup_process))
    startup_process.restart(FEATURE_PROGRAMMATIC_BOOTSTRAP=False)
    assert not os.path.exists(token_path(startup_process))
    assert startup_process.request("GET", "/api/v1/user/", bearer=token).status_code == 401
    # And on again: a fresh app and token.
    startup_process.restart(FEATURE_PROGRAMMATIC_BOOTSTRAP=True)
    assert works(startup_process, read_token(token_path(startup_process)))


def test_flag_on_without_owner_enables_bootstrap_auth_alone(app_factory):
    server = app_factory(users=(ADMIN,), FEATURE_PROGRAMMATIC_BOOTSTRAP=True)
    assert not os.path.exists(token_path(server))
    assert server.request("POST", "/api/v1/organization/", auth=ADMIN, json={"name": new_name("org")}).status_code == 201


def test_explicit_path_and_unknown_owner(tmp_path):
    server = Server(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, BOOTSTRAP_TOKEN_OWNER="ghost",
                    BOOTSTRAP_TOKEN_PATH=str(tmp_path / "deep" / "token.json"))
    try:
        with pytest.raises(RuntimeError, match="BOOTSTRAP_TOKEN_OWNER: user ghost does not exist"):
            server.start(timeout=30)
        server.create_user("ghost", "ghost-Passw0rd-for-tests")
        with pytest.raises(RuntimeError, match="BOOTSTRAP_TOKEN_OWNER: user ghost is not in SUPER_USERS"):
            server.start(timeout=30)
        server.restart(SUPER_USERS=["ghost"])
        assert works(server, read_token(str(tmp_path / "deep" / "token.json")))
    finally:
        server.cleanup()


@pytest.mark.parametrize("key, value", [
    ("BOOTSTRAP_TOKEN_OWNER", ""),
    ("BOOTSTRAP_TOKEN_OWNER", 42),
    ("BOOTSTRAP_TOKEN_PATH", "relative/token.json"),
    ("BOOTSTRAP_TOKEN_EXPIRATION", 0),
    ("BOOTSTRAP_TOKEN_EXPIRATION", "3600"),
    ("BOOTSTRAP_TOKEN_EXPIRATION", True),
    ("BOOTSTRAP_TOKEN_SCOPE", "repo:read everything"),
    ("BOOTSTRAP_MAX_FAILED_ATTEMPTS", 0),
    ("LDAP_URI", "http://ldap.example.org"),
    ("TESTIDP_LOGIN_CONFIG", {"OIDC_SERVER": "ftp://idp.example.org"}),
])
def test_config_validate_names_the_bad_key(tmp_path, key, value):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"FEATURE_PROGRAMMATIC_BOOTSTRAP": True, key: value}), encoding="utf-8")
    result = run_cli("config", "validate", str(path), check=False)
    assert result.returncode != 0
    assert result.stderr.startswith(key), result.stderr


def test_config_validate_accepts_good_bootstrap_keys(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"FEATURE_PROGRAMMATIC_BOOTSTRAP": True, "BOOTSTRAP_TOKEN_OWNER": "admin",
                                    "BOOTSTRAP_TOKEN_PATH": "/var/run/quay/token.json", "BOOTSTRAP_TOKEN_EXPIRATION": 600,
                                    "BOOTSTRAP_TOKEN_SCOPE": "org:admin,super:user"}), encoding="utf-8")
    result = run_cli("config", "validate", str(path), check=False)
    assert result.returncode == 0, result.stderr


def test_no_token_in_logs_or_audit(startup):
    """The start-up token, its renewal and a token minted beside them: in no log line or audit line."""
    first = read_token(token_path(startup))
    assert startup.request("POST", "/api/v1/bootstrap/renew", bearer=first).status_code == 200
    second = read_token(token_path(startup))
    org = new_name("org")
    assert startup.request("POST", "/api/v1/organization/", bearer=second, json={"name": org}).status_code == 201
    app = startup.request("POST", "/api/v1/organization/%s/applications" % org, bearer=second, json={"name": "a"}).json()
    minted = startup.request("POST", "/api/v1/organization/%s/applications/%s/tokens" % (org, app["client_id"]), bearer=second,
                             json={"name": "t", "scope": "org:admin"})
    assert minted.status_code == 200, minted.text
    secrets = [first, second, minted.json()["token"], ADMIN[1]]
    assert works(startup, second) and not works(startup, first)
    assert {"create_oauth_api_token", "renew_bootstrap_token"} <= {line["kind"] for line in startup.audit_lines()}
    # The server does log where it wrote the token: the check below reads real log lines.
    assert token_path(startup) in startup.log()
    assert_no_secrets(startup, secrets)
