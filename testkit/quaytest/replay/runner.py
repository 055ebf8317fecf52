"""Replay the transcripts against one `quayref serve` process, in recording order, and compare every answer.

One exchange's failure never stops the run: it is recorded with its differences, and a later exchange
that needs a value the failed one should have given fails with "unbound placeholder X".
"""

import base64
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field

import httpx

from quaytest import httpclient
from quaytest.replay import plan
from quaytest.replay.bindings import Bindings, Unbound, fill, fill_text
from quaytest.replay.differences import Context, Difference
from quaytest.replay.match_body import match_body
from quaytest.replay.match_headers import match_headers
from quaytest.replay.observed import check_observed
from quaytest.replay.placeholders import kind_of
from quaytest.server import Server

PROFILES = ("quay-3.18", "proposal")


@dataclass
class ExchangeResult:
    scenario: str
    index: int
    label: str
    note: str
    request_line: str
    differences: list = field(default_factory=list)
    steps: list = field(default_factory=list)

    @property
    def passed(self):
        return not self.differences

    def as_dict(self):
        return {"scenario": self.scenario, "index": self.index, "label": self.label, "note": self.note, "request": self.request_line,
                "passed": self.passed, "steps": self.steps,
                "differences": [{"category": d.category, "where": d.where, "message": d.message} for d in self.differences]}


class Runner:
    """`Runner(transcripts, profile).run()` -> [ExchangeResult]; `workdir` holds the server's config and data."""

    def __init__(self, transcripts, profile="quay-3.18", scenarios=None, workdir=None, log=None, db_uri=None, workers=1):
        self.transcripts = transcripts
        self.profile = profile
        self.db_uri = db_uri
        self.workers = workers
        self.wanted = scenarios
        self.workdir = workdir or tempfile.mkdtemp(prefix="quayref-replay-")
        self.token_path = os.path.join(self.workdir, "bootstrap-token.json")
        self.log = log or (lambda message: None)
        self.server = None
        self.down = None
        self.dropped = {}
        self.pending = []
        self.file_token = None
        self.jar = httpx.Cookies()
        self.csrf_jars = {}
        self.first_pages = {}
        self.bindings = Bindings(
            fixed={"<BASE_URL>": lambda: self.server.url, "<SERVER_HOSTNAME>": plan.SERVER_HOSTNAME, "<BOOTSTRAP_TOKEN_PATH>": self.token_path},
            resolvers={"PASSWORD": self.password, "BASIC": self.basic, "TOKEN:bootstrap-N": self.bootstrap_token,
                       "CURSOR:n-tampered": self.tampered_cursor})

    # Values the runner supplies for requests.

    @staticmethod
    def password(placeholder, _bindings):
        return plan.PASSWORDS.get(placeholder[1:-1].split(":", 1)[1])

    def basic(self, placeholder, bindings):
        user, right = placeholder[1:-1].split(":")[1:]
        secret = bindings.value("<PASSWORD:%s:%s>" % (user, right))
        return base64.b64encode(("%s:%s" % (user, secret)).encode()).decode()

    def bootstrap_token(self, placeholder, bindings):
        """The token the file holds now (or held last, if the file is gone), bound on first use."""
        self.watch_token_file()
        if self.file_token is None:
            return None
        problems = bindings.bind(placeholder, self.file_token)
        self.pending += [Difference("binding", "token file", problem) for problem in problems]
        if not re.fullmatch(kind_of(placeholder).pattern, self.file_token):
            self.pending.append(Difference("format", "token file", "%s is not 40 characters" % placeholder))
        return self.file_token

    @staticmethod
    def tampered_cursor(placeholder, bindings):
        return bindings.value("<CURSOR:%s>" % placeholder[1:-1].split(":")[1].split("-")[0])[:-4] + "AAAA"

    def watch_token_file(self):
        try:
            with open(self.token_path, encoding="utf-8") as handle:
                self.file_token = json.load(handle).get("access_token") or self.file_token
        except FileNotFoundError:
            pass
        except (ValueError, AttributeError) as error:
            self.pending.append(Difference("format", "token file", "not JSON with access_token: %s" % error))

    # The server.

    def config(self):
        config = plan.base_config(self.transcripts, self.token_path)
        config["QUAYREF_PROFILE"] = self.profile
        return config

    def start(self):
        self.server = Server(db_uri=self.db_uri, workdir=self.workdir, **self.config())
        self.restart(None)

    def restart(self, changes):
        """Start (changes None) or restart; if quayref refuses the config, retry once without plan.START_FALLBACK
        keys (recorded as a `server` difference) and put them back at the next restart."""
        changes = None if changes is None else {**self.dropped, **changes}
        self.dropped = {}
        try:
            if changes is None:
                self.server.start(workers=self.workers)
            else:
                self.server.restart(**changes)
            self.down = None
        except RuntimeError as error:
            self.down = self.reason(error)
            dropped = {key: self.server.config[key] for key in plan.START_FALLBACK if key in self.server.config}
            if dropped:
                self.pending.append(Difference("server", "start", "quayref refused the recorded config (%s); started again without %s "
                                               "until the next restart" % (self.down, ", ".join(dropped))))
                self.dropped = dropped
                try:
                    self.server.restart(**{key: None for key in dropped})
                    self.down = None
                except RuntimeError as again:
                    self.down = self.reason(again)
        self.watch_token_file()

    @staticmethod
    def reason(error):
        """The last line of quayref's log in a start failure (its error message)."""
        lines = [line for line in str(error).splitlines() if line.strip()]
        return lines[-1] if lines else "did not start"

    def stop(self):
        if self.server is not None:
            self.server.stop()

    # Runner steps (plan.STEPS).

    def do_step(self, step, result):
        result.steps.append("%s: %s" % (type(step).__name__, step.reason))
        if isinstance(step, plan.Restart):
            self.log("restart %s" % (step.changes or "(same config)"))
            self.restart(step.changes)
            if self.down:
                result.differences.append(Difference("server", "restart", self.down))
        elif isinstance(step, plan.Wait):
            self.log("wait %s s" % step.seconds)
            time.sleep(step.seconds)
        elif isinstance(step, plan.DeleteTokenFile):
            self.watch_token_file()
            if os.path.exists(self.token_path):
                os.unlink(self.token_path)
        elif isinstance(step, plan.CreateTokens):
            self.create_tokens(step, result)
        elif isinstance(step, plan.FetchCsrf):
            self.fetch_csrf(step, result)

    def fetch_csrf(self, step, result):
        with httpclient.client(base_url=self.server.url, timeout=60, cookies=self.jar) as client:
            response = client.get("/csrf_token")
            self.jar.update(client.cookies)
        if response.status_code != 200:
            result.differences.append(Difference("step", "step", "GET /csrf_token: %d" % response.status_code))
            return
        problems = self.bindings.bind(step.placeholder, response.json()["csrf_token"])
        result.differences += [Difference("binding", "step", problem) for problem in problems]
        self.csrf_jars[step.placeholder] = self.jar

    def create_tokens(self, step, result):
        try:
            path = "/api/v1/organization/platform/applications/%s/tokens" % self.bindings.value(step.client_id)
            headers = {"Authorization": "Bearer " + self.bindings.value(step.token)}
        except Unbound as error:
            result.differences.append(Difference("unbound", "step", str(error)))
            return
        with httpclient.client(base_url=self.server.url, timeout=60) as client:
            for number in step.numbers:
                response = client.post(path, json={"name": "%s%d" % (step.prefix, number), "scope": step.scope}, headers=headers)
                if response.status_code != 200:
                    message = "create %s%d: %d %s" % (step.prefix, number, response.status_code, response.text[:80])
                    result.differences.append(Difference("step", "step", message))
                    return

    # One exchange.

    def run(self):
        results = []
        self.start()
        try:
            for scenario_id in plan.run_order(self.transcripts, self.wanted):
                for exchange in self.transcripts.scenario(scenario_id).exchanges:
                    results.append(self.replay(exchange))
                    self.log(self.describe(results[-1]))
        finally:
            self.stop()
        return results

    @staticmethod
    def describe(result):
        return "%s#%d %s %s" % (result.scenario, result.index, "ok" if result.passed else "MISMATCH", result.request_line)

    def replay(self, exchange):
        result = ExchangeResult(exchange.scenario, exchange.index, exchange.label, exchange.note, exchange.request_line)
        for step in plan.STEPS.get((exchange.scenario, exchange.index), []):
            self.do_step(step, result)
        if exchange.request is None:
            if not result.steps:
                result.differences.append(Difference("step", "", "not recorded, and the runner has no step for it"))
            return result
        if self.down:
            result.differences.append(Difference("server", "", "quayref is not running: " + self.down))
            return result
        try:
            response, jar = self.send(exchange.request)
        except Unbound as error:
            result.differences.append(Difference("unbound", "request", str(error)))
        except (httpx.HTTPError, OSError) as error:
            result.differences.append(Difference("transport", "request", "%s: %s" % (type(error).__name__, error)))
        else:
            result.differences += self.compare(exchange, response, jar)
        result.differences = self.pending + result.differences
        self.pending = []
        self.watch_token_file()
        return result

    def send(self, request):
        headers = dict(request.get("headers", {}))
        session = headers.pop("Cookie", None) == "<SESSION>"
        csrf = headers.get("X-CSRF-Token", "")
        headers = fill(headers, self.bindings)
        path = fill_text(request["path"], self.bindings)
        params = fill(request.get("query"), self.bindings)
        body = request.get("body")
        content = None if body is None else (fill_text(body, self.bindings) if isinstance(body, str) else json.dumps(fill(body, self.bindings)))
        jar = (self.csrf_jars.get(csrf) or self.jar) if session else httpx.Cookies()
        if session and jar:
            headers["Cookie"] = "; ".join("%s=%s" % (cookie.name, cookie.value) for cookie in jar.jar)
        with httpclient.client(timeout=60) as client:
            response = client.request(request["method"], self.server.url + path, params=params, content=content, headers=headers)
        jar.extract_cookies(response)
        self.jar = jar
        return response, jar

    def compare(self, exchange, response, jar):
        recorded = exchange.response
        ctx = Context(self.bindings, {path.removeprefix("response.") for path in exchange.shortened}, self.transcripts.formats)
        if response.status_code != recorded["status"]:
            ctx.add("status", "status", "%d != %d" % (response.status_code, recorded["status"]))
        match_headers(recorded.get("headers", {}), response.headers, ctx)
        match_body(recorded, response.text, ctx)
        body = self.json_or_none(response)
        if exchange.request["method"] == "GET" and not exchange.request.get("query") and isinstance(body, dict):
            self.first_pages[exchange.request["path"]] = body.get("tokens")
        if exchange.observed:
            check_observed(exchange.observed, body, ctx, self.first_pages.get(exchange.request["path"]))
        for placeholder in self.bindings.take_fresh():
            if placeholder.startswith("<CSRF:"):
                self.csrf_jars[placeholder] = jar
        return ctx.diffs

    @staticmethod
    def json_or_none(response):
        try:
            return response.json()
        except ValueError:
            return None
