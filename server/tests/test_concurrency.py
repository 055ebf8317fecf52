"""Several creators and several processes: the token limit holds, revocation is seen everywhere.

Real `quayref serve` processes where processes are the point (a second process, two workers)."""

import concurrent.futures
import contextlib
import http.client
import os

from quaytest.api import Setup, signed_in

LIMIT = 12
CREATORS = 8
ATTEMPTS_EACH = 4


def test_token_limit_holds_under_eight_parallel_creators(app_factory):
    # One process with eight threads, as one worker serves them: the limit is held by the database.
    server = app_factory(OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=LIMIT)
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


def _children(server):
    """Processes whose parent is the `quayref serve` process (workers, and multiprocessing's helpers)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry, encoding="ascii") as handle:
                    # pid (comm) state ppid ...: comm may hold spaces, so split after its ')'.
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == server.process.pid:
                pids.append(int(entry))
    return pids


def _sockets(pid):
    """The inodes of the sockets process `pid` holds open."""
    inodes = set()
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        with contextlib.suppress(OSError):
            target = os.readlink(os.path.join(fd_dir, fd))
            if target.startswith("socket:["):
                inodes.add(int(target[8:-1]))
    return inodes


def _server_socket_inode(server_port, client_port=0):
    """The inode of the server's end of the loopback connection from `client_port`, or with 0 of the
    listening socket (/proc/net/tcp: remote port 0)."""
    with open("/proc/net/tcp", encoding="ascii") as handle:
        for line in handle.readlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], int(fields[9])
            if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
                return inode
    raise AssertionError("no server socket on port %d for client port %d" % (server_port, client_port))


def _worker_pids(server):
    """The children that hold the listening socket: uvicorn's workers, each accepting connections itself."""
    listening = _server_socket_inode(server.port)
    return sorted(pid for pid in _children(server) if listening in _sockets(pid))


def _answers_by_worker(server, token, connections=16, most=256):
    """GET /api/v1/user/ on simultaneous connections: {worker pid: [statuses]}.

    Every connection stays open until all have answered, so the worker holding the server's
    end of each one is the worker that answered it. The kernel gives each new connection to
    whichever worker accepts first, and a busy machine can let one worker take 16 in a row:
    connections keep opening (up to `most`) until at least `connections` are open and every
    worker holds one, so the test proves both answered instead of hoping they did."""
    workers = _worker_pids(server)
    assert len(workers) == 2, workers
    opened, answers = [], {}
    try:
        while len(opened) < most and (len(opened) < connections or len(answers) < len(workers)):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            connection.request("GET", "/api/v1/user/", headers={"Authorization": "Bearer " + token})
            response = connection.getresponse()
            response.read()
            opened.append(connection)
            inode = _server_socket_inode(server.port, connection.sock.getsockname()[1])
            held = next(pid for pid in workers if inode in _sockets(pid))
            answers.setdefault(held, []).append(response.status)
    finally:
        for connection in opened:
            connection.close()
    return answers


def test_several_workers_share_sessions_and_tokens(server_factory):
    server = server_factory(workers=2)
    owner = signed_in(server)
    setup = Setup(owner)
    secret = setup.token(scope="user:read")
    before = _answers_by_worker(server, secret)
    uuid = owner.get(setup.tokens).json()["tokens"][0]["uuid"]
    assert owner.delete(setup.tokens + "/" + uuid).status_code == 204
    after = _answers_by_worker(server, secret)
    # Both worker processes answered, and each saw the token live, then revoked.
    assert len(before) == 2 and all(set(statuses) == {200} for statuses in before.values()), before
    assert len(after) == 2 and all(set(statuses) == {401} for statuses in after.values()), after
    owner.close()
