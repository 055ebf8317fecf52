"""POST /api/v1/user/initialize: first user of an empty database, with Quay's 9000-second token."""

BODY = {"username": "admin", "password": "first-password", "email": "admin@example.com", "access_token": True}


def test_initialize_once_then_refused(app_factory):
    server = app_factory(FEATURE_USER_INITIALIZE=True, users=())
    with server.client() as client:
        first = client.post("/api/v1/user/initialize", json=BODY)
        assert first.status_code == 200, first.text
        token = first.json()["access_token"]
        assert "password" not in first.text and "first-password" not in first.text
        again = client.post("/api/v1/user/initialize", json=dict(BODY, username="second"))
        assert again.status_code == 400 and "non-empty" in again.json()["error_message"]
        me = client.get("/api/v1/user/", headers={"Authorization": "Bearer " + token}).json()
        assert me["username"] == "admin" and me["super_user"] is True
        logs = client.get("/api/v1/superuser/logs", headers={"Authorization": "Bearer " + token}).json()["logs"]
    created = [e for e in logs if e["kind"] == "create_oauth_api_token"][0]
    assert created["metadata"]["expires_in"] == 9000


def test_initialize_is_404_when_the_feature_is_off(server):
    with server.client() as client:
        assert client.post("/api/v1/user/initialize", json=BODY).status_code == 404
