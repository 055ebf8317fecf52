"""The role's examples in the docs, run as written: converge, then a second run with changed=0 on every host.

Each ``yaml`` block whose first line is ``docblocks.TESTED`` (the README's, the password
recipe, AWX, GitOps) is written out unchanged and run with ansible-playbook against
the collection installed from its tarball. The test supplies what only it knows, the
way the docs tell a reader to: an inventory of the Quay nodes (group ``quay``, two
local hosts sharing one quayref, so one database) with the variables of the docs'
``# inventory.yml`` block, and the environment an AWX credential or a CI job
exports (``QUAY_HOST``, ``QUAY_USERNAME``, ``QUAY_PASSWORD``, empty ``QUAY_TOKEN``
and ``QUAY_OIDC_TOKEN``). ``kubectl`` is a stand-in on PATH that records what it is
given. One quayref (the quay-3.18 profile, as a reader's Quay answers; the flag off)
serves every example: each example's two runs are consecutive and each run's token
file is its own, so an example that mints a token of a name an earlier one used
revokes that one and then holds the only live token of the name, which is checked.
"""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

import docblocks
from quaytest import httpclient

BIN = os.path.dirname(sys.executable)
EXAMPLES = docblocks.role_examples()
INVENTORY_DOC = docblocks.REPO / "docs" / "bootstrap-recipes.md"
HOSTS = ("quay-1", "quay-2")
ENV_LOOKUP = re.compile(r"""lookup\(\s*['"]ansible\.builtin\.env['"]\s*,\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\)""")
RECAP = re.compile(r"^(\S+)\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)
# The inventory's variables the test sets differently from the docs: a command restarts quayref, not systemd.
RESTART_BY_COMMAND = {"quay_bootstrap_restart_command"}
RESTART_BY_SYSTEMD = {"quay_bootstrap_restart_service"}
FAKE_KUBECTL = '#!/bin/sh\n# Records one call per line: its stdin.\n{ cat; echo; } >> "$FAKE_KUBECTL_LOG"\n'


def run(*args, env=None, cwd=None, timeout=600):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False)


def documented_inventory():
    blocks = [b for b in docblocks.blocks(INVENTORY_DOC) if b.language == "yaml" and b.text.startswith("# inventory.yml\n")]
    assert len(blocks) == 1, "%s must show one '# inventory.yml' block" % INVENTORY_DOC.name
    return yaml.safe_load(blocks[0].text)


@pytest.fixture(scope="module")
def quayref(tmp_path_factory):
    """One throw-away quayref (`python -m quaytest up`, restartable by command): its state.json."""
    workdir = tmp_path_factory.mktemp("quayref")
    quaytest = [sys.executable, "-m", "quaytest"]
    result = run(*quaytest, "up", "quayref", "--dir", workdir, "--admin", "create", "--profile", docblocks.QUAY_318)
    assert result.returncode == 0, result.stdout + result.stderr
    try:
        with open(workdir / "state.json", encoding="utf-8") as stream:
            yield json.load(stream)
    finally:
        run(*quaytest, "down", "--dir", workdir)


def inventory(state, controller):
    group_vars = {
        "quay_bootstrap_url": state["url"],
        "quay_bootstrap_ca_path": "",  # quayref speaks plain HTTP on loopback
        "quay_bootstrap_token_dest": str(controller / "token"),
        "quay_bootstrap_config_path": state["config"],
        "quay_bootstrap_restart": "command",
        "quay_bootstrap_restart_command": "%s -m quaytest restart --dir %s" % (sys.executable, state["dir"]),
    }
    hosts = {name: {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                    "quay_bootstrap_node_url": state["url"]} for name in HOSTS}
    return {"quay": {"hosts": hosts, "vars": group_vars}}


def recap(result):
    return {host: (int(changed), int(unreachable), int(failed)) for host, changed, unreachable, failed in RECAP.findall(result.stdout)}


def role_vars(example):
    plays = yaml.safe_load(example.text)
    found = [role.get("vars", {}) for play in plays for role in play.get("roles", [])
             if isinstance(role, dict) and role.get("role") == "projectquay.oauth.quay_bootstrap"]
    assert len(found) == 1, "%s: one quay_bootstrap role per example" % example.where
    return found[0]


def stored_secret(path):
    text = path.read_text(encoding="utf-8").strip()
    return json.loads(text)["access_token"] if text.startswith("{") else text


def live_tokens(state, secret, organization, application, name):
    """The live tokens of `name` in that application, listed with the stored token itself."""
    headers = {"Authorization": "Bearer %s" % secret}
    base = "%s/api/v1/organization/%s/applications" % (state["url"], organization)
    answer = httpclient.get(base, headers=headers, timeout=30)
    assert answer.status_code == 200, "the stored token cannot list %s's applications: %s" % (organization, answer.status_code)
    client_ids = [app["client_id"] for app in answer.json()["applications"] if app["name"] == application]
    assert len(client_ids) == 1, "one application %s in %s, found %d" % (application, organization, len(client_ids))
    answer = httpclient.get("%s/%s/tokens" % (base, client_ids[0]), headers=headers, timeout=30)
    assert answer.status_code == 200, answer.status_code
    return [token for token in answer.json()["tokens"] if token["name"] == name]


def test_role_examples_were_found():
    found = {example.path.name for example in EXAMPLES}
    assert {"README.md", "bootstrap-recipes.md"} <= found, [example.where for example in EXAMPLES]
    assert len(EXAMPLES) >= 4, [example.where for example in EXAMPLES]
    assert not docblocks.marked_by_mistake(), docblocks.marked_by_mistake()


SPECS = docblocks.REPO / "roles" / "quay_bootstrap" / "meta" / "argument_specs.yml"
FACTS = {"quay_bootstrap_token", "quay_bootstrap_token_uuid", "quay_bootstrap_result"}  # the role's output
VARIABLE = re.compile(r"^\s*(quay_bootstrap_[a-z_]+):", re.MULTILINE)


def test_every_role_variable_the_docs_set_is_one_of_the_role():
    """A misspelled or retired variable in an example is warned about by the role, and fails here first."""
    options = set(yaml.safe_load(SPECS.read_text(encoding="utf-8"))["argument_specs"]["main"]["options"])
    unknown = {}
    for block in docblocks.all_blocks():
        if block.language == "yaml":
            for name in set(VARIABLE.findall(block.text)) - options - FACTS:
                unknown.setdefault(name, []).append(block.where)
    assert not unknown, unknown


def test_the_inventory_the_tests_use_is_the_documented_one(tmp_path):
    documented = documented_inventory()["quay"]
    ours = inventory({"url": "", "config": "", "dir": ""}, tmp_path)["quay"]
    assert set(ours["vars"]) - RESTART_BY_COMMAND == set(documented["vars"]) - RESTART_BY_SYSTEMD
    for host_vars in documented["hosts"].values():
        assert set(host_vars) <= set(next(iter(ours["hosts"].values()))), host_vars


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.where for example in EXAMPLES])
def test_role_example_converges_then_changes_nothing(installed, quayref, example, tmp_path):
    _root, _path, env = installed
    controller = tmp_path / "controller"
    controller.mkdir(mode=0o700)
    (tmp_path / "inventory.yml").write_text(yaml.safe_dump(inventory(quayref, controller)), encoding="utf-8")
    (tmp_path / "site.yml").write_text(example.text, encoding="utf-8")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "kubectl").write_text(FAKE_KUBECTL, encoding="utf-8")
    (fake / "kubectl").chmod(0o755)
    kubectl_log = tmp_path / "kubectl.log"
    # What an AWX credential of docs/bootstrap-recipes.md injects (empty fields as empty strings), or a CI job exports.
    exported = {"QUAY_HOST": quayref["url"], "QUAY_USERNAME": "admin", "QUAY_PASSWORD": quayref["admin_password"],
                "QUAY_TOKEN": "", "QUAY_OIDC_TOKEN": ""}
    unknown = sorted(set(ENV_LOOKUP.findall(example.text)) - set(exported))
    assert not unknown, "%s reads %s from the environment, which this test does not know how to give" % (example.where, unknown)
    run_env = {key: value for key, value in env.items() if not key.startswith("QUAY_")}
    run_env.update(exported, PATH="%s:%s" % (fake, env["PATH"]), FAKE_KUBECTL_LOG=str(kubectl_log),
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    results, calls = [], []
    for _run in range(2):
        result = run(BIN + "/ansible-playbook", "-i", "inventory.yml", "site.yml", env=run_env, cwd=tmp_path)
        results.append(result)
        calls.append([line for line in kubectl_log.read_text(encoding="utf-8").splitlines() if line.strip()]
                     if kubectl_log.exists() else [])
        assert result.returncode == 0, "%s, run %d:\n%s%s" % (example.where, _run + 1, result.stdout[-6000:], result.stderr[-3000:])
        hosts = recap(result)
        assert set(hosts) >= set(HOSTS), "%s: PLAY RECAP without every Quay node: %s" % (example.where, hosts)
        assert all(unreachable == failed == 0 for _c, unreachable, failed in hosts.values()), hosts
        warned = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line]
        assert not warned, "%s, run %d: %s" % (example.where, _run + 1, warned)
    first, second = recap(results[0]), recap(results[1])
    assert sum(changed for changed, _u, _f in first.values()) > 0, "%s: the first run changed nothing: %s" % (example.where, first)
    assert {host: counts[0] for host, counts in second.items()} == dict.fromkeys(second, 0), \
        "%s: the second run is not idempotent:\n%s" % (example.where, results[1].stdout[-6000:])

    dest = controller / "token"
    assert dest.exists(), "%s: no token at the inventory's quay_bootstrap_token_dest on the API host" % example.where
    assert oct(dest.stat().st_mode & 0o777) == "0o600"
    secret = stored_secret(dest)
    wanted = role_vars(example)
    tokens = live_tokens(quayref, secret, wanted["quay_bootstrap_organization"], wanted["quay_bootstrap_application"],
                         wanted["quay_bootstrap_token_name"])
    assert len(tokens) == 1, "%s: %d live tokens named %s for %d nodes" % (example.where, len(tokens), wanted["quay_bootstrap_token_name"], len(HOSTS))
    for result in results:
        for secret_value in (secret, quayref["admin_password"]):
            assert secret_value not in result.stdout + result.stderr, "%s: a secret in ansible-playbook's output" % example.where
    if "kubectl" in example.text:
        assert len(calls[0]) == 1 and calls[1] == calls[0], "%s: kubectl once in the minting run, not again: %s" % (example.where, calls)
        handed = json.loads(calls[0][0])
        assert handed["kind"] == "Secret" and handed["stringData"]["token"] == secret
    else:
        assert not calls[1], calls
