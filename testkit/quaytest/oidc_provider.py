"""A real OpenID provider (panva's oidc-provider on Node) for the bootstrap tests.

``OIDCProvider`` installs the pinned Node project in ``quaytest/oidc`` with
``npm ci`` when ``node_modules`` is missing, starts it on a free loopback port,
waits for its discovery document and stops it on exit. The signing key is made
here and handed to the provider, so tests can also sign tokens with the
provider's real key but bad claims.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from quaytest import httpclient
from quaytest.ports import free_port
from quaytest.procs import entered, read_text, start_logged, terminate, wait_ready

PROJECT_DIR = Path(__file__).resolve().parent / "oidc"
AUDIENCE = "https://quay.example.test/api"
OTHER_AUDIENCE = "https://other.example.test/api"
SUPERUSER_GROUP = "quay-superusers"
GROUP_CLAIM = "groups"

# client_id -> extra claims. Secrets are made per run (see __init__).
CLIENTS = {
    # Qualifies by name: tests put this client id in SUPER_USERS.
    "quay-bootstrap-svc": {},
    # Qualifies by group membership; its principal is preferred_username.
    "ci-robot": {"preferred_username": "ci-robot", GROUP_CLAIM: [SUPERUSER_GROUP, "ci"]},
    # Authenticates fine but is neither a superuser nor in the group.
    "plain-service": {GROUP_CLAIM: ["developers"]},
}


def login_config(provider, client_id: str = "quayref", service_name: str = "Test IdP") -> dict:
    """Quay's ``*_LOGIN_CONFIG`` block that trusts ``provider`` (issuer, audience, superuser group claim).

    Bootstrap authentication never uses the client secret; it is a placeholder."""
    return {
        "OIDC_SERVER": provider.issuer + "/",
        "CLIENT_ID": client_id,
        "CLIENT_SECRET": "unused-for-bootstrap",
        "OIDC_AUDIENCES": [provider.audience],
        "SUPERUSER_GROUP": SUPERUSER_GROUP,
        "PREFERRED_GROUP_CLAIM_NAME": GROUP_CLAIM,
        "SERVICE_NAME": service_name,
    }


def ensure_node_modules() -> None:
    """Install the locked dependencies once; a fresh clone has no node_modules."""
    if (PROJECT_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed: the OIDC tests need Node >= 20.19 and npm")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PROJECT_DIR, check=True, timeout=600)


def new_signing_key(kid: str | None = None) -> tuple[rsa.RSAPrivateKey, dict]:
    """An RSA key and its private JWK (RS256, with a kid)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key, as_dict=True)
    jwk.update({"kid": kid or uuid.uuid4().hex, "alg": "RS256", "use": "sig"})
    return key, jwk


class OIDCProvider:
    """Context manager around one oidc-provider process."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.audience = AUDIENCE
        self.private_key, self.jwk = new_signing_key()
        self.kid = self.jwk["kid"]
        self.secrets = {client_id: uuid.uuid4().hex for client_id in CLIENTS}
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._proc: subprocess.Popen | None = None

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def __enter__(self) -> "OIDCProvider":
        ensure_node_modules()
        self._tmp = tempfile.TemporaryDirectory(prefix="quayref-oidc-")
        settings = {
            "issuer": self.issuer,
            "port": self.port,
            "jwks": [self.jwk],
            "resources": {AUDIENCE: {"ttl": 300}, OTHER_AUDIENCE: {"ttl": 300}},
            "clients": [{"client_id": cid, "client_secret": self.secrets[cid], "claims": claims} for cid, claims in CLIENTS.items()],
        }
        config_path = Path(self._tmp.name) / "provider.json"
        # The file holds a private key: owner-only from the start.
        fd = os.open(config_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(settings, handle)
        env = dict(os.environ, OIDC_PROVIDER_CONFIG=str(config_path), NODE_ENV="test")
        self._proc = start_logged(["node", str(PROJECT_DIR / "provider.mjs")], Path(self._tmp.name) / "provider.log",
                                  cwd=PROJECT_DIR, env=env)
        return entered(self, self._wait_ready)

    def _wait_ready(self, timeout: float = 30.0) -> None:
        wait_ready(self._proc, lambda: httpclient.get(self.discovery_url, timeout=1.0).status_code == 200, timeout, "oidc-provider",
                   self.log_text, errors=httpx.HTTPError)

    def log_text(self) -> str:
        return read_text(Path(self._tmp.name) / "provider.log" if self._tmp else None)

    def __exit__(self, *exc) -> None:
        terminate(self._proc, timeout=10)
        self._proc = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def token(self, client_id: str, resource: str | None = None) -> str:
        """A JWT access token for ``client_id`` from the real token endpoint."""
        data = {"grant_type": "client_credentials", "scope": "quay", "resource": resource or self.audience}
        response = httpclient.post(f"{self.issuer}/token", data=data, auth=(client_id, self.secrets[client_id]), timeout=10.0)
        response.raise_for_status()
        return response.json()["access_token"]

    def forge(self, claims: dict, *, key=None, kid: str | None = None, algorithm: str = "RS256", headers: dict | None = None) -> str:
        """A token signed by the provider's real key (by default) with chosen claims."""
        now = int(time.time())
        payload = {"iss": self.issuer, "aud": self.audience, "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
        payload.update(claims)
        payload = {name: value for name, value in payload.items() if value is not None}  # None: leave the claim out
        all_headers = {"kid": kid or self.kid, "typ": "at+jwt"}
        all_headers.update(headers or {})
        return jwt.encode(payload, key if key is not None else self.private_key, algorithm=algorithm, headers=all_headers)
