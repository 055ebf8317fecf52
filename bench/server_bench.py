#!/usr/bin/env python
"""quayref server benchmark: three ratios, each printed with its goal. Timing is never asserted.

(a) requests/s of GET /api/v1/user/ with a Bearer token / requests/s of GET /health/instance,
    same concurrency, warm-up first, the two alternated, medians          goal >= 0.8
(b) time of one bcrypt check at Quay's cost 12 / time of one token check
    (quayref.services.tokens.authenticate on the server's real database)   goal >= 100x
(c) time of the first token page of an app with 10,000 tokens / the same with 100,
    medians of several requests each                                       goal <= 1.5

One server (SQLite, one worker, in a temporary directory) serves all three. The load
generator is wrk (installed with apt-get when missing and we are root), else a small
multi-process asyncio HTTP/1.1 keep-alive client. Exit status is 0 unless setup fails.
"""

import argparse
import asyncio
import datetime
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid

import bcrypt
from sqlalchemy import insert, select

import quayref
from quaytest.api import ALL_ADMIN_SCOPES, Setup, signed_in
from quaytest.server import ADMIN_PASSWORD, Server
from quayref.db import make_engine, make_sessionmaker
from quayref.db.models import OAuthAccessToken, OAuthApplication, User, utcnow
from quayref.security import credentials
from quayref.services import tokens
from quayref.settings import load_settings

BCRYPT_COST = 12  # Quay's
GOALS = {"a": (">=", 0.8), "b": (">=", 100.0), "c": ("<=", 1.5)}


def verdict(key, value):
    """The goal of ratio `key` and whether `value` meets it."""
    op, goal = GOALS[key]
    ok = value >= goal if op == ">=" else value <= goal
    return "goal %s %g%s  %s" % (op, goal, "x" if key == "b" else "", "PASS" if ok else "MISS")


# --- load generation -------------------------------------------------------------------------

def find_wrk(install):
    """wrk on PATH; else apt-get install it when allowed and we are root; else None."""
    if shutil.which("wrk") or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return shutil.which("wrk")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print("installing wrk with apt-get ...", flush=True)
    for argv in (["apt-get", "install", "-y", "-qq", "wrk"], ["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(argv, env=env, capture_output=True, check=False)
        if shutil.which("wrk"):
            break
    return shutil.which("wrk")


def run_wrk(wrk, url, headers, connections, seconds):
    """(requests/s, non-2xx count) from one wrk run on one thread."""
    argv = [wrk, "-t1", "-c%d" % connections, "-d%ds" % seconds]
    for header in headers:
        argv += ["-H", header]
    out = subprocess.run(argv + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, int(bad.group(1)) if bad else 0


async def _connection(host, port, request, deadline):
    reader, writer = await asyncio.open_connection(host, port)
    done = bad = 0
    while time.monotonic() < deadline:
        writer.write(request)
        status = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _sep, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        done += 1
        bad += not status.startswith(b"HTTP/1.1 2")
    writer.close()
    return done, bad


def _load_process(job):
    host, port, request, connections, seconds = job

    async def run():
        deadline = time.monotonic() + seconds
        return await asyncio.gather(*[_connection(host, port, request, deadline) for _index in range(connections)])

    results = asyncio.run(run())
    return sum(r[0] for r in results), sum(r[1] for r in results)


def run_python_load(url, headers, connections, seconds, processes=2):
    """Fallback load generator: `processes` processes, `connections` keep-alive connections in all."""
    parts = urllib.parse.urlsplit(url)
    lines = ["GET %s HTTP/1.1" % parts.path, "Host: %s" % parts.netloc] + list(headers)
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    per_process = max(1, connections // processes)
    with multiprocessing.Pool(processes) as pool:
        results = pool.map(_load_process, [(parts.hostname, parts.port, request, per_process, seconds)] * processes)
    return sum(r[0] for r in results) / seconds, sum(r[1] for r in results)


def measure_throughput(server, token, args, wrk):
    """(a): medians of alternated runs of the two endpoints, after a warm-up of each."""
    targets = {"user": (server.url + "/api/v1/user/", ["Authorization: Bearer " + token]),
               "health": (server.url + "/health/instance", [])}

    def load(name, seconds):
        url, headers = targets[name]
        if wrk:
            return run_wrk(wrk, url, headers, args.connections, seconds)
        return run_python_load(url, headers, args.connections, seconds)

    for name in targets:
        load(name, args.warmup)
    rates = {name: [] for name in targets}
    for index in range(args.rounds):
        for name in (("user", "health") if index % 2 == 0 else ("health", "user")):
            rate, bad = load(name, args.seconds)
            if bad:
                print("  warning: %d non-2xx answers from %s" % (bad, targets[name][0]))
            rates[name].append(rate)
    return {name: statistics.median(values) for name, values in rates.items()}, rates


# --- (b) token check vs bcrypt ---------------------------------------------------------------

def measure_token_check(config, token, iterations):
    """Median per-call time of tokens.authenticate, a fresh Session per call as the server does it."""
    engine = make_engine(config)
    session_factory = make_sessionmaker(engine)

    def check():
        with session_factory() as db:
            tokens.authenticate(db, config, token)

    for _index in range(50):
        check()
    batches = []
    for _index in range(5):
        start = time.perf_counter()
        for _index in range(iterations):
            check()
        batches.append((time.perf_counter() - start) / iterations)
    engine.dispose()
    return statistics.median(batches)


def measure_bcrypt(rounds=5):
    """Median time of one bcrypt check at Quay's cost."""
    password = ADMIN_PASSWORD.encode("utf-8")
    stored = bcrypt.hashpw(password, bcrypt.gensalt(BCRYPT_COST))
    times = []
    for _index in range(rounds):
        start = time.perf_counter()
        bcrypt.checkpw(password, stored)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- (c) first token page, 10,000 tokens vs 100 ----------------------------------------------

def seed_tokens(config, client_id, count):
    """Bulk-insert `count` live tokens into one application, straight into oauth_access_token."""
    engine = make_engine(config)
    now = utcnow()
    with engine.begin() as conn:
        app_id = conn.scalar(select(OAuthApplication.id).where(OAuthApplication.client_id == client_id))
        user_id = conn.scalar(select(User.id).where(User.username == "admin"))
        rows = [{"uuid": str(uuid.uuid4()), "application_id": app_id, "user_id": user_id, "name": "bench-%d" % index,
                 "scope": "repo:read", "lookup": uuid.uuid4().hex[:credentials.LOOKUP_LENGTH],
                 "secret_hash": credentials.DUMMY_HASH, "expires_at": now + datetime.timedelta(days=365),
                 "created": now, "created_by": "admin", "last_accessed": None, "auth_method": "oauth"}
                for index in range(count)]
        conn.execute(insert(OAuthAccessToken), rows)
    engine.dispose()


def measure_pages(client, paths, requests):
    """Median time of GET on each path; the paths alternate request by request (the machine is noisy)."""
    times = {path: [] for path in paths}
    for path in paths:  # warm-up, and the page is a full one with a cursor
        for _index in range(5):
            response = client.get(path)
            assert response.status_code == 200, response.text
            assert len(response.json()["tokens"]) == 50 and "next_page" in response.json(), path
    for index in range(requests):
        for path in (paths if index % 2 == 0 else paths[::-1]):
            start = time.perf_counter()
            response = client.get(path)
            times[path].append(time.perf_counter() - start)
            assert response.status_code == 200, response.text
    return {path: statistics.median(values) for path, values in times.items()}


# --- driver ----------------------------------------------------------------------------------

def parse_args(argv=None):
    """Command line options (see bench/README.md)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of each throughput run (a)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up run length per endpoint (a)")
    parser.add_argument("--rounds", type=int, default=5, help="alternated throughput rounds (a)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections (a)")
    parser.add_argument("--page-requests", type=int, default=100, help="timed requests per token page (c)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk; use the Python load generator")
    parser.add_argument("--json", metavar="FILE", help="also write the numbers to FILE")
    return parser.parse_args(argv)


def main(argv=None):  # pylint: disable=too-many-locals
    """Start the server, set up the org, app and token, measure (a), (b) and (c), print, clean up."""
    args = parse_args(argv)
    wrk = find_wrk(install=not args.no_install)
    server = Server(OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=1000000)
    try:
        server.create_user("admin", ADMIN_PASSWORD)
        server.start(workers=args.workers)
        session = signed_in(server)
        setup = Setup(session)
        token = setup.token(scope=ALL_ADMIN_SCOPES, name="bench")
        small = setup.client_id
        large = session.post("/api/v1/organization/%s/applications" % setup.org, json={"name": "large"}).json()["client_id"]
        session.close()
        config = load_settings(server.config_path)

        print("quayref bench: nproc=%d, %s, SQLite, %d server worker(s), quayref from %s" % (
            os.cpu_count(), sys.version.split()[0], args.workers, os.path.dirname(quayref.__file__)))
        generator = ("wrk (1 thread)" if wrk else "Python asyncio client (2 processes)")
        print("(a) load generator: %s, %d connections, %d x %d s alternated after %d s warm-up" % (
            generator, args.connections, args.rounds, args.seconds, args.warmup), flush=True)
        medians, samples = measure_throughput(server, token, args, wrk)
        ratio_a = medians["user"] / medians["health"]
        print("(a) GET /api/v1/user/ %.0f req/s / GET /health/instance %.0f req/s = %.2f  %s" % (
            medians["user"], medians["health"], ratio_a, verdict("a", ratio_a)), flush=True)

        token_check = measure_token_check(config, token, iterations=500)
        bcrypt_check = measure_bcrypt()
        ratio_b = bcrypt_check / token_check
        print("(b) bcrypt cost %d check %.1f ms / token check %.3f ms = %.0fx  %s" % (
            BCRYPT_COST, bcrypt_check * 1e3, token_check * 1e3, ratio_b, verdict("b", ratio_b)), flush=True)

        start = time.perf_counter()
        seed_tokens(config, small, 100 - 1)  # plus the bench token itself
        seed_tokens(config, large, 10000)
        seeded = time.perf_counter() - start
        client = server.client(token)
        paths = [setup.tokens, "/api/v1/organization/%s/applications/%s/tokens" % (setup.org, large)]
        pages = measure_pages(client, paths, requests=args.page_requests)
        client.close()
        ratio_c = pages[paths[1]] / pages[paths[0]]
        print("(c) first token page (median of %d), 10,000 tokens %.2f ms / 100 tokens %.2f ms = %.2f  %s  (seeded in %.1f s)" % (
            args.page_requests,
            pages[paths[1]] * 1e3, pages[paths[0]] * 1e3, ratio_c, verdict("c", ratio_c), seeded), flush=True)

        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump({"nproc": os.cpu_count(), "generator": generator, "connections": args.connections,
                           "a": {"user_rps": medians["user"], "health_rps": medians["health"], "ratio": ratio_a, "samples": samples},
                           "b": {"bcrypt_s": bcrypt_check, "token_check_s": token_check, "ratio": ratio_b},
                           "c": {"page_10000_s": pages[paths[1]], "page_100_s": pages[paths[0]], "ratio": ratio_c}},
                          handle, indent=2)
    finally:
        server.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
