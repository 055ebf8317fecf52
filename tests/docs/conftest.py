"""Fixtures for the documentation tests: real quayref servers, a real slapd and a real OpenID provider.

The kinds of Quay that curl examples name (``# quay: KIND``) need three configs
(``SERVERS``): the flag off, LDAP authentication, and the flag on, whose one server
also carries the OIDC issuer and the start-up token (``database``, ``oidc`` and
``startup`` examples need nothing that excludes the others). Each config, in each of
quayref's profiles (``# profile:``, both by default), is one ``quayref serve``
process, started on a free loopback port the first time an example needs it
(``quaytest.server``) and stopped at the end of the session: every example of that
config and profile shares it, because a server start costs more CPU than most examples.
LDAP and OIDC examples get quaytest's real slapd and OpenID provider.
"""

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from quaytest import oidc_provider, slapd as quaytest_slapd
from quaytest.api import Setup, signed_in
from quaytest.server import ADMIN_PASSWORD, Server
from quayref.profiles import PROPOSAL

# The scopes of the per-example $TOKEN and of $ADMIN_TOKEN.
TOKEN_SCOPES = "org:admin repo:admin user:read"
ADMIN_SCOPES = "org:admin user:read super:user repo:admin"
OIDC_CLIENT = "quay-bootstrap-svc"
LOCKOUT = {"BOOTSTRAP_MAX_FAILED_ATTEMPTS": 5, "BOOTSTRAP_LOCKOUT_SECONDS": 60}
# The server config each kind of Quay runs on (docblocks.QUAY_KINDS).
SERVERS = {"flag-off": "flag-off", "ldap": "ldap", "database": "flag-on", "oidc": "flag-on", "startup": "flag-on"}


REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv's bin/, not the base interpreter's


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """ANSIBLE_COLLECTIONS_PATH holding the collection installed from its built tarball: (root, its path, env)."""
    root = tmp_path_factory.mktemp("collections")
    result = subprocess.run([str(REPO / "scripts" / "collection-install.sh"), str(root)], capture_output=True, text=True,
                            env=dict(os.environ, VENV=str(BIN.parent)), check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(root), ANSIBLE_NOCOLOR="1", PATH="%s:%s" % (BIN, os.environ["PATH"]))
    env.pop("ANSIBLE_COLLECTIONS_PATHS", None)
    return root, Path(result.stdout.strip()), env


def new_org():
    return "docs-%s" % uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def slapd():
    with quaytest_slapd.SlapdServer() as server:
        yield server


@pytest.fixture(scope="session")
def oidc():
    with oidc_provider.OIDCProvider() as provider:
        yield provider


class Quay:
    """One running server of a kind and profile, with an admin token for setting up each example."""

    def __init__(self, kind, profile, server, env, refresh=None):
        self.kind = kind  # the server config: a value of SERVERS
        self.profile = profile
        self.server = server
        self.env = env
        self.refresh = refresh  # values that must be new for each example (an OIDC token lives minutes)
        # With AUTHENTICATION_TYPE: LDAP, sign-in is checked against the directory: the service account signs in.
        admin = signed_in(server, env["LDAP_USER"], env["LDAP_PASSWORD"]) if kind == "ldap" else signed_in(server)
        try:
            self.admin_token = Setup(admin, org=new_org()).token(scope=ADMIN_SCOPES, name="docs-admin")
        finally:
            admin.close()

    def client(self):
        return self.server.client(self.admin_token)

    def variables(self, state, kind=None):
        """The environment one example (of that kind of Quay) runs with."""
        env = dict(self.env, QUAY=self.server.url, QUAY_USER="admin", QUAY_PASSWORD=ADMIN_PASSWORD,
                   ADMIN_TOKEN=self.admin_token, ORG=new_org())
        if self.refresh and kind == "oidc":
            env.update(self.refresh())
        if state == "fresh":
            return env
        with self.client() as client:
            setup = Setup(client, org=env["ORG"])
            env["CLIENT_ID"] = setup.client_id
            env["TOKEN"] = setup.token(scope=TOKEN_SCOPES, name="automation")
            spare = setup.create_token(name="spare", scope="repo:read")
            assert spare.status_code == 200, spare.text
            env["TOKEN_UUID"] = spare.json()["uuid"]
        return env


@pytest.fixture(scope="session")
def quays(request):
    """quays(KIND, PROFILE) -> a running Quay for that kind in that quayref profile (started on first use)."""
    started = {}
    servers = []

    def start(kind, profile):
        kind = SERVERS[kind]
        key = (kind, profile)
        if key not in started:
            try:
                started[key] = _start(kind, profile)
            except Exception as exc:  # pylint: disable=broad-exception-caught
                started[key] = exc  # one try per kind and profile: every example of it fails with this error
        if isinstance(started[key], Exception):
            raise RuntimeError("the %s Quay (profile %s) did not start: %s" % (kind, profile, started[key]))
        return started[key]

    def _start(kind, profile):
        config = {"QUAYREF_PROFILE": profile, "OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT": 1000}
        if profile == PROPOSAL:
            config.update(LOCKOUT)  # Quay has no lockout: the quay-3.18 profile refuses these keys
        env, refresh = {}, None
        if kind != "flag-off":
            config["FEATURE_PROGRAMMATIC_BOOTSTRAP"] = True
        if kind == "ldap":
            directory = request.getfixturevalue("slapd")
            config.update(directory.quay_config())
            svc = quaytest_slapd.SUPERUSER
            env.update(LDAP_USER=svc, LDAP_PASSWORD=directory.passwords[svc])
        elif kind == "flag-on":
            provider = request.getfixturevalue("oidc")
            # The names docs/bootstrap-guide.md shows.
            login = oidc_provider.login_config(provider, client_id="quay", service_name="Example IdP")
            config.update(SUPER_USERS=["admin", OIDC_CLIENT], EXAMPLEIDP_LOGIN_CONFIG=login)
            env.update(OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=OIDC_CLIENT,
                       OIDC_CLIENT_SECRET=provider.secrets[OIDC_CLIENT], OIDC_AUDIENCE=provider.audience)

            def refresh():
                return {"OIDC_TOKEN": provider.token(OIDC_CLIENT)}

            # BOOTSTRAP_TOKEN_PATH defaults to bootstrap_token beside the config file.
            config["BOOTSTRAP_TOKEN_OWNER"] = "admin"
        server = Server(**config)
        if "BOOTSTRAP_TOKEN_OWNER" in config:
            env["BOOTSTRAP_TOKEN_PATH"] = str(Path(server.workdir) / "bootstrap_token")
        servers.append(server)
        server.create_user("admin", ADMIN_PASSWORD)
        server.start()
        return Quay(kind, profile, server, env, refresh)

    yield start
    for server in servers:
        with contextlib.suppress(Exception):
            server.stop()
    for server in servers:
        with contextlib.suppress(Exception):
            server.cleanup()
