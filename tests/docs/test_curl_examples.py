"""Run every curl example of docs/ against a live quayref and check the statuses it documents.

Extraction convention (see docblocks.py and docs/curl-examples.md): a fenced ``sh``
block whose first line is ``# expect: STATUS...`` is run with bash, in an empty
directory, with ``set -euo pipefail`` and the variables of the table in
docs/curl-examples.md exported. ``curl`` is shadowed by a shell function that adds
``-D FILE`` to each call and records the file, so the example text stays exactly
what a reader copies; the status of every call is read back from those files and
compared, in order, with the ``# expect:`` line.

Each example runs against quayref in every profile it claims: both (``quay-3.18``,
which answers as Project Quay 3.18, and ``proposal``) unless a ``# profile:`` line
names one.
"""

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

import docblocks

EXAMPLES = docblocks.examples()
# (example, profile) for each profile an example claims: what a reader of that profile's server copies.
RUNS = [(example, profile) for example in EXAMPLES for profile in example.profiles]

PRELUDE = r"""set -euo pipefail
curl() {
  local headers rc=0
  headers=$(mktemp "$EXAMPLE_DIR/headers.XXXXXX")
  command curl -D "$headers" "$@" || rc=$?
  printf '%s\n' "$headers" >> "$EXAMPLE_DIR/calls"
  return $rc
}
"""
STATUS_LINE = re.compile(r"^HTTP/\S+\s+(\d{3})")
# A file an example stores a secret in (quay-token, spare-token) must hold the bare secret, as the reader's
# next command (curl -H "Authorization: Bearer $(cat quay-token)") needs: not a JSON answer.
TOKEN_FILE = re.compile(r"token$")
SECRET = re.compile(r"[A-Za-z0-9]{40}\n?")
# Set by the runner for every example (the rest of the table depends on the kind of Quay).
ALWAYS = {"QUAY", "QUAY_USER", "QUAY_PASSWORD", "ADMIN_TOKEN", "ORG"}


def statuses(directory):
    """The final status of each recorded call, in order; 0 when curl got no answer."""
    calls = Path(directory, "calls")
    if not calls.exists():
        return []
    found = []
    for path in calls.read_text(encoding="utf-8").split():
        codes = [int(m.group(1)) for m in map(STATUS_LINE.match, Path(path).read_text(encoding="latin-1").splitlines()) if m]
        found.append(codes[-1] if codes else 0)
    return found


def stored_secrets(directory):
    """{file name: whether it holds one bare secret} for each token file the example wrote."""
    return {path.name: bool(SECRET.fullmatch(path.read_text(encoding="utf-8", errors="replace")))
            for path in Path(directory).iterdir() if path.is_file() and TOKEN_FILE.search(path.name)}


def run_example(example, env):
    with tempfile.TemporaryDirectory(prefix="quay-docs-example-") as directory:
        run_env = {name: value for name, value in os.environ.items() if not name.startswith(("QUAY", "OIDC_", "LDAP_"))}
        run_env.update(env, EXAMPLE_DIR=directory)
        result = subprocess.run(["bash", "-c", PRELUDE + example.script], cwd=directory, env=run_env, capture_output=True,
                                text=True, timeout=120, check=False)
        return result, statuses(directory), stored_secrets(directory)


def test_examples_were_found():
    # Each token endpoint and each bootstrap method has examples; a broken extractor must not pass quietly.
    assert len(EXAMPLES) >= 20, [e.id for e in EXAMPLES]


def test_every_curl_block_is_an_example():
    assert docblocks.unrun_curl_blocks() == [], "sh blocks calling curl without '# expect:' (or not tagged sh)"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example_uses_documented_variables(example):
    documented = docblocks.documented_variables()
    assert ALWAYS <= documented, "docs/curl-examples.md must list %s" % sorted(ALWAYS - documented)
    unknown = [name for name in example.variables_used() if name not in documented]
    assert not unknown, "%s reads variables that docs/curl-examples.md does not list: %s" % (example.id, unknown)


@pytest.mark.parametrize("example,profile", RUNS, ids=["%s[%s]" % (e.id, profile) for e, profile in RUNS])
def test_example_runs_with_documented_status(example, profile, quays):
    quay = quays(example.quay, profile)
    result, got, secrets = run_example(example, quay.variables(example.state, example.quay))
    detail = "%s (quay: %s, profile: %s)\n--- script\n%s--- stdout\n%s\n--- stderr\n%s\n--- server log (tail)\n%s" % (
        example.id, example.quay, profile, example.script, result.stdout[-3000:], result.stderr[-3000:], quay.server.log()[-2000:])
    assert got == example.expect, "statuses %s, documented %s: %s" % (got, example.expect, detail)
    assert result.returncode == 0, "exit %d: %s" % (result.returncode, detail)
    assert all(secrets.values()), "files that should hold a bare secret but do not: %s: %s" % (
        sorted(name for name, ok in secrets.items() if not ok), detail)


def _calls(examples):
    """(method, spelling) of each token-endpoint call in the examples' text."""
    found = set()
    for example in examples:
        for line in re.split(r"\n(?!\s)", example.script.replace("\\\n", " ")):
            match = re.search(r"/api/v1/organization/[^/\s\"']+/(applications?)/[^/\s\"']+/tokens(/\S+)?", line)
            if not match or not re.search(r"\bcurl\b", line):
                continue
            if re.search(r"-X\s*DELETE", line):
                method = "DELETE"
            elif re.search(r"\s(-d|--data\S*|-F|--json)\s", line) or re.search(r"-X\s*POST", line):
                method = "POST"
            else:
                method = "GET"
            found.add((method, match.group(1)))
    return found


def test_every_token_endpoint_and_method_has_an_example():
    # Quay 3.18 serves the plural spelling only; the proposal both. Each has all three methods, run in that profile.
    spellings = {docblocks.QUAY_318: ("applications",), docblocks.PROPOSAL: ("application", "applications")}
    for profile, names in spellings.items():
        calls = _calls([example for example, claimed in RUNS if claimed == profile])
        wanted = {(method, spelling) for method in ("POST", "GET", "DELETE") for spelling in names}
        assert wanted <= calls, "token endpoints without a curl example in %s: %s" % (profile, sorted(wanted - calls))
    kinds = {example.quay for example in EXAMPLES}
    assert set(docblocks.QUAY_KINDS) <= kinds, "kinds of Quay without an example: %s" % sorted(set(docblocks.QUAY_KINDS) - kinds)
    statuses_shown = {code for example in EXAMPLES for code in example.expect}
    for code in (200, 204, 400, 401, 403, 404, 429):
        assert code in statuses_shown, "no curl example shows HTTP %d" % code


def test_both_profiles_have_examples_of_their_own():
    # A marker that never got used, or a page that lost its Quay 3.18 examples, must not pass quietly.
    for profile in docblocks.PROFILES:
        assert [e.id for e in EXAMPLES if e.only == profile], "no example marked '# profile: %s'" % profile
    assert len([e for e in EXAMPLES if e.only is None]) >= 15, "fewer than 15 examples hold for both profiles"
