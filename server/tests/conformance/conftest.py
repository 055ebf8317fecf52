"""The transcripts (a missing file fails the tests, naming the path) and answers made from recorded ones."""

import json
import re
import uuid

import httpx
import pytest

from quaytest.replay.bindings import Bindings
from quaytest.replay.differences import Context
from quaytest.replay.placeholders import PLACEHOLDER
from quaytest.replay.runner import Runner
from quaytest.replay.transcripts import load

BASE_URL = "http://127.0.0.1:8080"


@pytest.fixture(scope="session", name="transcripts")
def transcripts_fixture():
    return load()


def value_for(placeholder):
    """A value of Quay's shape for a placeholder (fresh for each call)."""
    name = placeholder[1:-1]
    hex40 = (uuid.uuid4().hex + uuid.uuid4().hex).upper()
    samples = {
        "UUID": lambda: "%s" % uuid.uuid4(),
        "CLIENT_ID": lambda: hex40[:20],
        "CLIENT_SECRET": lambda: hex40[:40],
        "TOKEN_SECRET": lambda: hex40.lower()[:40],
        "TOKEN": lambda: hex40[:40],
        "CSRF": lambda: (uuid.uuid4().hex * 2)[:64],
        "CURSOR": lambda: "gAAAAA" + "b" * 178,
        "ENCRYPTED_PASSWORD": lambda: "enc" + hex40,
        "PASSWORD": lambda: hex40[:32],
        "SESSION_COOKIE": lambda: "signed.session",
        "BASE_URL": lambda: BASE_URL,
        "SERVER_HOSTNAME": lambda: "quay.replay.test",
        "TIME": lambda: "Fri, 01 Jan 2027 22:02:15 GMT" if name == "TIME:http-date" else "2026-12-01T22:30:01.123456Z",
    }
    return samples[name.split(":")[0]]()


def answer_from(recorded, values=None):
    """(headers, text) of an answer exactly like the recorded one, with `values` (or fresh values) for placeholders."""
    values = {} if values is None else values

    def sub(text):
        return PLACEHOLDER.sub(lambda match: values.setdefault(match.group(0), value_for(match.group(0))), text)

    def fill(value):
        if isinstance(value, str):
            return sub(value)
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    pairs = []
    for name, value in recorded.get("headers", {}).items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, sub(item)))
    body = recorded.get("body", "")
    media = recorded.get("headers", {}).get("Content-Type", "")
    text = json.dumps(fill(body)) if media.startswith("application/json") and body != "" else sub(body)
    return httpx.Headers(pairs), text


def context(loaded, exchange=None, bindings=None):
    """A matching context with `<BASE_URL>` fixed, the exchange's shortened paths and the file's formats."""
    bindings = bindings or Bindings(fixed={"<BASE_URL>": BASE_URL, "<SERVER_HOSTNAME>": "quay.replay.test"})
    shortened = {re.sub(r"^response\.", "", path) for path in (exchange.shortened if exchange else [])}
    return Context(bindings, shortened, loaded.formats)


@pytest.fixture
def answer():
    """answer(recorded_response, values=None) -> (httpx.Headers, body text)."""
    return answer_from


@pytest.fixture
def make_context(transcripts):  # pylint: disable=redefined-outer-name
    """make_context(exchange=None, bindings=None) -> a matching Context."""
    return lambda exchange=None, bindings=None: context(transcripts, exchange, bindings)


@pytest.fixture(scope="session", name="replayed")
def replayed_fixture(transcripts, pg_cluster, tmp_path_factory):
    """(profile, scenarios=None) -> {scenario: [ExchangeResult]}: the scenarios (all by default) replayed in
    recording order, once per session for each profile and choice, on the suite's storage."""
    cache = {}

    def replay(profile, scenarios=None):
        key = (profile, None if scenarios is None else frozenset(scenarios))
        if key not in cache:
            db_uri = pg_cluster.create_database() if pg_cluster else None
            workdir = str(tmp_path_factory.mktemp("replay-" + profile))
            # Two workers, as the recording's gunicorn had: state (CSRF, throttling) must be shared.
            results = Runner(transcripts, profile, scenarios=key[1], workdir=workdir, db_uri=db_uri, workers=2).run()
            by_scenario = {}
            for result in results:
                by_scenario.setdefault(result.scenario, []).append(result)
            cache[key] = by_scenario
        return cache[key]
    return replay
