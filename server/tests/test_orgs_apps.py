"""Organizations and OAuth applications in Quay's shapes."""

from contextlib import closing

from quaytest.api import Setup, signed_in, unique


def test_organization_lifecycle(admin):
    name = unique("org")
    assert admin.post("/api/v1/organization/", json={"name": name, "email": "a@example.com"}).status_code == 201
    view = admin.get("/api/v1/organization/" + name).json()
    assert view["name"] == name and view["email"] == "a@example.com"
    assert view["is_admin"] is True and view["is_member"] is True
    assert view["ordered_teams"] == ["owners"] and view["teams"]["owners"]["role"] == "admin"
    assert admin.put("/api/v1/organization/" + name, json={"email": "b@example.com"}).json()["email"] == "b@example.com"
    assert admin.delete("/api/v1/organization/" + name).status_code == 204
    assert admin.get("/api/v1/organization/" + name).status_code == 404


def test_organization_errors(admin):
    name = unique("org")
    admin.post("/api/v1/organization/", json={"name": name})
    duplicate = admin.post("/api/v1/organization/", json={"name": name})
    assert duplicate.status_code == 400
    assert duplicate.json()["error_message"] == "A user or organization with this name already exists"
    for bad in ("A", "Has Caps", "-lead", "x" * 256):
        response = admin.post("/api/v1/organization/", json={"name": bad})
        assert response.status_code == 400 and "name" in response.json()["error_message"], bad
    assert admin.post("/api/v1/organization/", json={"name": unique("org"), "email": "not-mail"}).status_code == 400


def test_application_lifecycle_secret_readable_by_org_admins(admin):
    setup = Setup(admin)
    base = "/api/v1/organization/%s/applications" % setup.org
    created = admin.post(base, json={"name": "second", "redirect_uri": "https://example.com/cb"}).json()
    assert len(created["client_id"]) == 20 and len(created["client_secret"]) == 40
    listed = admin.get(base).json()["applications"]
    assert {a["name"] for a in listed} == {"automation", "second"}
    # As Quay's app view: the secret on every read by an org admin.
    assert [a["client_secret"] for a in listed if a["name"] == "second"] == [created["client_secret"]]
    one = admin.get(base + "/" + created["client_id"]).json()
    assert one["redirect_uri"] == "https://example.com/cb" and one["client_secret"] == created["client_secret"]
    renamed = admin.put(base + "/" + created["client_id"], json={"name": "renamed"}).json()
    assert renamed["name"] == "renamed" and renamed["client_secret"] == created["client_secret"]
    assert admin.delete(base + "/" + created["client_id"]).status_code == 204
    assert admin.get(base + "/" + created["client_id"]).status_code == 404


def test_deleting_an_application_revokes_its_tokens(server, admin):
    setup = Setup(admin)
    secret = setup.token(scope="user:read")
    admin.delete("/api/v1/organization/%s/applications/%s" % (setup.org, setup.client_id))
    with server.client(secret) as client:
        assert client.get("/api/v1/user/").status_code == 401


def test_other_users_cannot_see_or_change_the_org(server, admin):
    setup = Setup(admin)
    with closing(signed_in(server, "alice", "alice-password")) as alice:
        assert alice.get("/api/v1/organization/%s/applications" % setup.org).status_code == 403
        assert alice.delete("/api/v1/organization/" + setup.org).status_code == 403
        assert alice.put("/api/v1/organization/" + setup.org, json={"email": "x@example.com"}).status_code == 403


def test_org_logs_record_org_app_and_token_events(admin):
    setup = Setup(admin)
    uuid = setup.create_token(name="audited").json()["uuid"]
    admin.delete(setup.tokens + "/" + uuid)
    logs = admin.get("/api/v1/organization/%s/logs" % setup.org).json()
    kinds = [entry["kind"] for entry in logs["logs"]]
    assert kinds == ["revoke_oauth_api_token", "create_oauth_api_token", "create_application", "org_create"]
    assert logs["logs"][0]["metadata"]["token_uuid"] == uuid
    assert logs["logs"][0]["performer"]["name"] == "admin"
    assert set(logs) >= {"start_time", "end_time", "logs"}


def test_superuser_logs_need_a_superuser(server, admin):
    assert admin.get("/api/v1/superuser/logs").status_code == 200
    with closing(signed_in(server, "alice", "alice-password")) as alice:
        assert alice.get("/api/v1/superuser/logs").status_code == 403
