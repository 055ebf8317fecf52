"""Bounded schema fuzzing: schemathesis over the server's own OpenAPI document.

The server must never answer 5xx, and every answer must be one the document
declares: status code, content type and body schema. The run is bounded (a few
dozen examples per operation, fixed seed, no example database) so that it fits
in `make test` on a small machine; raise FUZZ_MAX_EXAMPLES for a deeper run. On PostgreSQL
the run is the coverage phase alone (PHASES_BY_DB says why).

Path parameters hit real objects part of the time (schemathesis dictionaries),
so fuzzing goes past 404 into the validation and database code. Destructive
operations only ever get throw-away objects: the token that authenticates the
run lives in an organization the fuzzer is never told about.
"""

import contextlib
import io
import json
import os
import re

import pytest
import schemathesis

from quaytest.api import ALL_ADMIN_SCOPES, Setup, signed_in
from quayref.services import paging

PHASES = ["coverage", "fuzzing", "stateful"]
# On PostgreSQL only the coverage phase: the boundary values of every parameter and body schema
# (longest and overlong strings, largest integers, empty and missing fields) are what can pass
# validation and still be refused by the storage. Random fuzzing and the stateful chains test
# request handling, which does not depend on the storage: they run once, on SQLite (`make
# test-server-sqlite`). The PostgreSQL findings of earlier fuzzing (NUL in text, cursor ids past
# 32 bits) are pinned by test_malformed.py, which runs on both.
PHASES_BY_DB = {"sqlite": PHASES, "postgresql": ["coverage"]}
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "60"))
SEED = int(os.environ.get("FUZZ_SEED", "20261129"))

# The documented date formats of the log endpoints (MM/DD/YYYY, YYYY-MM-DD,
# YYYY-MM-DDTHH:MM:SSZ), ordinary values and the ends of the calendar.
LOG_DATES = ["2026-01-01", "01/01/2026", "2026-01-01T00:00:00Z", "0001-01-01", "01/01/0001",
             "9999-12-31", "12/31/9999", "9999-12-31T23:59:59Z"]
# Cursors as the server writes them, for ids from ordinary to the largest it accepts.
CURSOR_IDS = [1, 50, 2**31 - 1, 2**31, 2**63 - 1, 10**19 - 1]
# Text that valid JSON may carry and a database may not: a NUL byte (PostgreSQL text refuses
# it), more than a column's 255 characters, non-ASCII beyond the BMP, padding to be trimmed.
AWKWARD_TEXT = ["a\x00b", "x" * 256, "\u00e9t\u00e9 \U0001F600", " padded "]
TEXT_FIELDS = ("name", "email", "description", "redirect_uri", "application_uri", "avatar_email", "scope", "username", "password")


def _toml_list(values):
    # A JSON string is a TOML basic string as long as no surrogate escape is needed: keep non-ASCII as is.
    return json.dumps(list(values), ensure_ascii=False)


def schemathesis_config(targets, token):
    """The schemathesis.toml for one run: its credential, where real objects are, and which operation may get which."""
    lines = [
        "workers = 1",  # deterministic order; the machine is small anyway
        "request-timeout = 20",
        "headers = { Authorization = %s }" % json.dumps("Bearer " + token),
        "",
        "[cache]", "enabled = false", "",
    ]
    for name, values in targets.items():
        lines += ["[dictionaries.%s]" % name, "values = %s" % _toml_list(values), ""]
    lines += [
        "[parameters]",
        '"path.org" = { dictionary = "org", probability = 0.7 }',
        '"path.client_id" = { dictionary = "client_id", probability = 0.7 }',
        '"path.token_uuid" = { dictionary = "token_uuid", probability = 0.5 }',
        '"query.starttime" = { dictionary = "log_date", probability = 0.3 }',
        '"query.endtime" = { dictionary = "log_date", probability = 0.3 }',
        '"query.next_page" = { dictionary = "cursor", probability = 0.3 }',
    ] + ['"body.%s" = { dictionary = "awkward_text", probability = 0.2 }' % field for field in TEXT_FIELDS] + [
        "",
        # Deleting an organization or an application only ever gets throw-away ones, so
        # the real ones stay there for the operations that run after.
        "[[operations]]",
        'include-method = "DELETE"',
        'include-path = "/api/v1/organization/{org}"',
        'parameters = { "path.org" = { dictionary = "doomed_org", probability = 0.5 } }',
        "",
        "[[operations]]",
        'include-method = "DELETE"',
        'include-path-regex = "/applications/\\\\{client_id\\\\}$"',
        'parameters = { "path.client_id" = { dictionary = "doomed_app", probability = 0.5 } }',
        "",
    ]
    return "\n".join(lines)


def _targets(client):
    """Real objects for the fuzzer: an org with apps and tokens, throw-away orgs, and a foreign app."""
    main = Setup(client)
    foreign = Setup(client)  # its app, addressed under the main org, must be a 404
    doomed_orgs = [Setup(client).org for _index in range(2)]
    doomed_apps = []
    for index in range(2):
        response = client.post("/api/v1/organization/%s/applications" % main.org, json={"name": "doomed%d" % index})
        assert response.status_code == 200, response.text
        doomed_apps.append(response.json()["client_id"])
    uuids = []
    for index in range(3):
        response = main.create_token(name="doomed%d" % index, scope="repo:read")
        assert response.status_code == 200, response.text
        uuids.append(response.json()["uuid"])
    return {
        "org": [main.org, AWKWARD_TEXT[0]],
        "client_id": [main.client_id, foreign.client_id, AWKWARD_TEXT[0]],
        "token_uuid": uuids + [AWKWARD_TEXT[0]],
        "doomed_org": doomed_orgs,
        "doomed_app": doomed_apps,
        "log_date": LOG_DATES,
        "cursor": [paging.encode(number) for number in CURSOR_IDS],
        "awkward_text": AWKWARD_TEXT,
    }


def _run_schemathesis(app, config_path, token, phases):
    """`schemathesis run` as the CLI runs it (same options, same report, same verdict), against the
    ASGI app in this process instead of a URL. Returns (exit code, report text)."""
    from schemathesis.cli.commands.run.context import ExecutionContext  # pylint: disable=import-outside-toplevel
    from schemathesis.cli.commands.run.handlers.output import OutputHandler  # pylint: disable=import-outside-toplevel
    from schemathesis.cli.events import LoadingFinished, LoadingStarted  # pylint: disable=import-outside-toplevel
    from schemathesis.cli.executor import execute_event_loop  # pylint: disable=import-outside-toplevel
    from schemathesis.config import SchemathesisConfig  # pylint: disable=import-outside-toplevel
    from schemathesis.engine import from_schema  # pylint: disable=import-outside-toplevel

    config = SchemathesisConfig.from_path(config_path)
    # What `schemathesis run` sets from its options: --seed, --no-color, --phases, --checks, --max-examples,
    # --generation-database; headers, workers and the request timeout are in the file.
    config.update(color=False, seed=SEED, max_failures=None)
    config.projects.override.phases.update(phases=phases)
    config.projects.override.checks.update(included_check_names=CHECKS.split(","))
    config.projects.override.generation.update(max_examples=MAX_EXAMPLES, database="none")
    project = config.projects.get_default()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config, headers={"Authorization": "Bearer " + token})

    def events():
        started = LoadingStarted(location="/openapi.json")
        yield started
        yield LoadingFinished.from_schema(schema, location="/openapi.json", start_time=started.timestamp, base_url=schema.get_base_url())
        yield from from_schema(schema).execute()

    report = io.StringIO()
    with contextlib.redirect_stdout(report), pytest.raises(SystemExit) as exited:
        execute_event_loop(events(), config=project, args=[], params={}, output_handler=OutputHandler(config=project),
                           context_factory=lambda cfg: ExecutionContext(config=cfg, startup_warnings=[]))
    return exited.value.code, report.getvalue()


def _internal_errors(server):
    return [line for line in server.log().splitlines() if "internal error" in line]


def test_openapi_fuzz(app_factory, db_backend, tmp_path):
    """No 5xx, and every answer as documented, over a bounded schemathesis run against a fresh app."""
    phases = PHASES_BY_DB[db_backend]
    server = app_factory(OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=100000)
    session = signed_in(server)
    # The run's own credential: all admin scopes, in an org the fuzzer never hears of.
    token = Setup(session).token(scope=ALL_ADMIN_SCOPES, name="fuzzer")
    session.close()
    fuzz = server.client(token)
    config_path = tmp_path / "schemathesis.toml"
    config_path.write_text(schemathesis_config(_targets(fuzz), token), encoding="utf-8")
    # No examples in the document, so that phase has nothing to run; coverage sends the
    # boundary values of every schema, fuzzing random ones, stateful chains calls by
    # inferred links (create an app, then read, update, mint and delete under it).
    # POST /api/v1/bootstrap/renew answers only 401/403 here (it takes the startup-provisioned token
    # alone, and the flag is off): schemathesis warns about that; it is expected, not a finding.
    # POST /api/v1/signout is fuzzed too: the run authenticates by Bearer token, not by the
    # session cookie that signout ends, so it cannot lock the fuzzer out.
    code, report = _run_schemathesis(server.app, config_path, token, phases)
    errors = _internal_errors(server)
    if code != 0:
        pytest.fail("schemathesis found problems (exit %s):\n%s\nserver log:\n%s" % (
            code, report[-30000:], "\n".join(errors[-50:])), pytrace=False)
    if errors:
        pytest.fail("the server logged internal errors:\n" + "\n".join(errors[-50:]), pytrace=False)
    # The run did test, in every phase: all its generated cases passed.
    cases = re.search(r"Test cases:\s+(\d+) generated, (\d+) passed", report)
    assert cases and int(cases.group(1)) > 0 and cases.group(1) == cases.group(2), report[-3000:]
    for phase in phases:
        assert "\u2705  %s (in " % phase.capitalize() in report, report[-3000:]
    # The run was authenticated to the end: nothing it did revoked its own token.
    response = fuzz.get("/api/v1/user/")
    assert response.status_code == 200, response.text
    fuzz.close()
