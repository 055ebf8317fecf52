"""Several creators and several processes: the token limit holds, revocation is seen everywhere."""

import concurrent.futures

from quaytest.api import Setup, signed_in

LIMIT = 12
CREATORS = 8
ATTEMPTS_EACH = 4


def test_token_limit_holds_under_eight_parallel_creators(server_factory):
    server = server_factory(OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=LIMIT)
    owner = signed_in(server)
    setup = Setup(owner)
    secret = setup.token(scope="org:admin")  # one of the LIMIT

    def creator(index):
        results = []
        with server.client(secret) as client:
            for attempt in range(ATTEMPTS_EACH):
                response = client.post(setup.tokens, json={"name": "w%d-%d" % (index, attempt), "scope": "org:admin"})
                results.append((response.status_code, response.json()))
        return results

    with concurrent.futures.ThreadPoolExecutor(CREATORS) as pool:
        outcomes = [r for batch in pool.map(creator, range(CREATORS)) for r in batch]

    created = [body["uuid"] for status, body in outcomes if status == 200]
    refused = [body for status, body in outcomes if status != 200]
    assert len(created) == LIMIT - 1
    assert all(b["status"] == 400 and "OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT" in b["error_message"] for b in refused)
    listed = {t["uuid"] for t in owner.get(setup.tokens).json()["tokens"]}
    assert len(listed) == LIMIT
    assert set(created) <= listed  # none lost
    owner.close()


def test_revocation_is_seen_by_a_second_server_process(server_factory):
    first = server_factory()
    second = first.sibling()
    owner = signed_in(first)
    setup = Setup(owner)
    secret = setup.token(scope="user:read")
    with second.client(secret) as other:
        assert other.get("/api/v1/user/").status_code == 200
        uuid = owner.get(setup.tokens).json()["tokens"][0]["uuid"]
        assert owner.delete(setup.tokens + "/" + uuid).status_code == 204
        assert other.get("/api/v1/user/").status_code == 401
    second.stop()
    owner.close()


def test_several_workers_share_sessions_and_tokens(server_factory):
    server = server_factory(workers=2)
    owner = signed_in(server)
    setup = Setup(owner)
    secret = setup.token(scope="user:read")
    # Enough requests that both worker processes answer some of them.
    with server.client(secret) as client:
        statuses = {client.get("/api/v1/user/", headers={"Connection": "close"}).status_code for _attempt in range(20)}
        uuid = owner.get(setup.tokens).json()["tokens"][0]["uuid"]
        owner.delete(setup.tokens + "/" + uuid)
        after = {client.get("/api/v1/user/", headers={"Connection": "close"}).status_code for _attempt in range(20)}
    assert statuses == {200} and after == {401}
    owner.close()
