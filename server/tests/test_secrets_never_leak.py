"""No secret (token, password, client secret) in any response but its own create response,
in the server's log, or in the audit log (database rows and AUDIT_LOG_PATH). An application's
client secret is the exception for responses: org admins read it in every application view,
as in Quay; never in a log."""

from contextlib import closing

from quaytest.api import Setup, signed_in
from quaytest.config import ADMIN_PASSWORD


def test_secrets_appear_only_where_they_are_handed_out(app_factory):
    server = app_factory(FEATURE_USER_INITIALIZE=False)
    secrets, bodies, client_secrets = [ADMIN_PASSWORD], [], []
    with closing(signed_in(server)) as admin:
        setup = Setup(admin)
        app = admin.post("/api/v1/organization/%s/applications" % setup.org, json={"name": "other"}).json()
        client_secrets.append(app["client_secret"])
        for index in range(3):
            secrets.append(setup.create_token(name="t%d" % index, scope="org:admin user:read super:user").json()["token"])
        session_cookie = admin.cookies.get("quayref_session")
        secrets.append(session_cookie)
        with server.client(secrets[-2]) as client:
            for path in ("/api/v1/user/", setup.tokens, "/api/v1/organization/" + setup.org,
                         "/api/v1/organization/%s/applications" % setup.org, "/api/v1/organization/%s/logs" % setup.org,
                         "/api/v1/superuser/logs", "/openapi.json"):
                bodies.append(client.get(path).text)
            uuid = client.get(setup.tokens).json()["tokens"][0]["uuid"]
            client.delete(setup.tokens + "/" + uuid)
            bodies.append(client.get("/api/v1/superuser/logs").text)
        # Failed attempts carrying secrets must not echo them either.
        with server.client() as anonymous:
            bodies.append(anonymous.get(setup.tokens, headers={"Authorization": "Bearer " + secrets[-2][:20] + "x" * 20}).text)
            bodies.append(anonymous.post(setup.tokens, json={"name": "x"},
                                         headers={"Authorization": "Basic YWRtaW46" + "Y29ycmVjdCBob3JzZQ=="}).text)
            csrf = anonymous.get("/csrf_token").json()["csrf_token"]
            bodies.append(anonymous.post("/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD + "x"},
                                         headers={"X-CSRF-Token": csrf}).text)
    with open(server.config["AUDIT_LOG_PATH"], encoding="utf-8") as handle:
        audit_lines = handle.read()
    assert "create_oauth_api_token" in audit_lines and "revoke_oauth_api_token" in audit_lines
    haystacks = {"server log": server.log(), "audit file": audit_lines, "responses": "\n".join(bodies)}
    for secret in secrets:
        for fragment in (secret, secret[-20:]):  # the whole credential, and its secret half
            for where, text in haystacks.items():
                assert fragment not in text, "a secret leaked into the %s" % where
    for secret in client_secrets:
        assert secret in haystacks["responses"]  # the applications list shows it to the org admin
        for where in ("server log", "audit file"):
            assert secret not in haystacks[where], "a client secret leaked into the %s" % where
