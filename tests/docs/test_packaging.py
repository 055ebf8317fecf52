"""The collection as a user gets it: built and installed from its tarball.

ansible-doc renders every module and the role; the playbooks of the docs pass
``ansible-playbook --syntax-check``; the README's playbook runs against a live
server; ``ansible-builder create`` succeeds with the docs' execution-environment
definition and ``ansible-builder introspect`` finds the collection's
dependencies; galaxy.yml has its metadata; ansible-lint's production profile passes.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import docblocks

REPO = docblocks.REPO
VENV = Path(sys.executable).parent.parent  # not resolved: the venv's bin/, not the base interpreter's
BIN = VENV / "bin"
MODULES = sorted(path.stem for path in (REPO / "plugins" / "modules").glob("*.py"))
ROLE = "projectquay.oauth.quay_bootstrap"


def problems(stderr):
    """Warnings and errors, less ansible-core's own notice about its internal _protomatter collection."""
    return [line for line in stderr.splitlines() if ("WARNING" in line or "ERROR" in line) and "_protomatter" not in line]


def run(*args, env=None, cwd=None, timeout=600):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False)


def test_every_module_is_listed(installed):
    _root, _path, env = installed
    result = run(BIN / "ansible-doc", "-t", "module", "-l", "projectquay.oauth", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(name.rsplit(".", 1)[1] for name in json.loads(result.stdout)) == MODULES


@pytest.fixture(scope="module")
def module_pages(installed):
    """ansible-doc of every module in one run (each ansible-doc costs a second of CPU): {module: its page}.

    Empty when that run failed, warned or did not show every module: then each test runs
    ansible-doc for its own module, so a failure names the module."""
    _root, _path, env = installed
    result = run(BIN / "ansible-doc", *["projectquay.oauth." + module for module in MODULES], env=env)
    if result.returncode != 0 or problems(result.stderr):
        return {}
    pages = {}
    for page in re.split(r"(?m)^(?=> MODULE )", result.stdout):
        shown = re.match(r"> MODULE projectquay\.oauth\.(\w+) ", page)
        if shown:
            pages[shown.group(1)] = page
    return pages if sorted(pages) == MODULES else {}


@pytest.mark.parametrize("module", MODULES)
def test_module_doc_renders(installed, module_pages, module):
    page = module_pages.get(module)
    if page is None:
        _root, _path, env = installed
        result = run(BIN / "ansible-doc", "projectquay.oauth." + module, env=env)
        assert result.returncode == 0, result.stderr
        assert not problems(result.stderr), result.stderr
        page = result.stdout
    for section in ("OPTIONS", "EXAMPLES", "RETURN VALUES", "quay_host", "quay_token"):
        assert section in page, "%s: no %s in ansible-doc's output" % (module, section)


def test_role_doc_renders(installed):
    _root, path, env = installed
    result = run(BIN / "ansible-doc", "-t", "role", ROLE, env=env)
    assert result.returncode == 0, result.stderr
    assert not problems(result.stderr), result.stderr
    specs = yaml.safe_load((path / "roles" / "quay_bootstrap" / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    for option in specs["argument_specs"]["main"]["options"]:
        assert option in result.stdout, "ansible-doc -t role does not show %s" % option


PLAYBOOKS = [block for block in docblocks.all_blocks() if block.language == "yaml"
             and isinstance(yaml.safe_load(block.text), list) and all(isinstance(p, dict) and "hosts" in p for p in yaml.safe_load(block.text))]


def test_playbooks_were_found():
    assert len(PLAYBOOKS) >= 8, [p.where for p in PLAYBOOKS]


@pytest.fixture(scope="module")
def syntax_checked(installed, tmp_path_factory):
    """`ansible-playbook --syntax-check` of every docs playbook in one run (each run costs a second of
    CPU): the blocks (by `where`) it reported as checked, when it exited 0. Empty otherwise: then
    each test checks its own playbook alone, so a failure names the block."""
    _root, _path, env = installed
    paths = {}
    for index, block in enumerate(PLAYBOOKS):
        playbook = tmp_path_factory.mktemp("playbook") / ("playbook-%02d.yml" % index)  # a folder each, as alone
        playbook.write_text(block.text, encoding="utf-8")
        paths[str(playbook)] = block.where
    result = run(BIN / "ansible-playbook", "--syntax-check", "-i", "quay,localhost,", *paths, env=env)
    if result.returncode != 0:
        return set()
    reported = re.findall(r"(?m)^playbook: (.+)$", result.stdout)
    return {paths[path] for path in reported if path in paths}


@pytest.mark.parametrize("block", PLAYBOOKS, ids=[b.where for b in PLAYBOOKS])
def test_doc_playbook_passes_syntax_check(installed, syntax_checked, block, tmp_path):
    if block.where in syntax_checked:
        return  # checked, and passed, in the one run of every playbook
    _root, _path, env = installed
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(block.text, encoding="utf-8")
    result = run(BIN / "ansible-playbook", "--syntax-check", "-i", "quay,localhost,", playbook, env=env)
    assert result.returncode == 0, "%s:\n%s%s" % (block.where, result.stdout, result.stderr)


def test_readme_playbook_runs_and_is_idempotent(installed, quays, tmp_path):
    _root, _path, env = installed
    readme = [b for b in docblocks.blocks(REPO / "README.md") if b.language == "yaml" and b not in docblocks.role_examples()]
    assert len(readme) == 1 and len(readme[0].text.strip().splitlines()) == 5, "README.md must show one five-line playbook"
    # Against the profile that answers as Quay 3.18, where a README reader's token works (the proposal's answers to
    # the same module calls are the collection suite's business): one ansible-playbook pair, not two.
    quay = quays("database", docblocks.QUAY_318)
    with quay.client() as client:
        if client.get("/api/v1/organization/platform").status_code == 404:
            assert client.post("/api/v1/organization/", json={"name": "platform"}).status_code == 201
            assert client.post("/api/v1/organization/platform/applications", json={"name": "automation"}).status_code == 200
    (tmp_path / "site.yml").write_text(readme[0].text, encoding="utf-8")
    run_env = dict(env, QUAY_HOST=quay.server.url, QUAY_TOKEN=quay.admin_token, ANSIBLE_LOCALHOST_WARNING="false")
    changed = []
    for _run in range(2):
        result = run(BIN / "ansible-playbook", "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=%s" % sys.executable,
                     "site.yml", env=run_env, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        changed.append(int(result.stdout.rsplit("changed=", 1)[1].split()[0]))
    assert changed == [1, 0]
    stored = json.loads((tmp_path / "ci-token").read_text(encoding="utf-8"))
    assert len(stored["access_token"]) == 40 and stored["name"] == "ci" and stored["uuid"]
    assert oct((tmp_path / "ci-token").stat().st_mode & 0o777) == "0o600"


def test_ansible_builder_create_and_introspect(installed, tmp_path):
    root, _path, env = installed
    definition = [b for b in docblocks.all_blocks() if b.language == "yaml" and b.text.startswith("# execution-environment.yml")]
    assert len(definition) == 1, "the docs show one execution-environment.yml"
    (tmp_path / "execution-environment.yml").write_text(definition[0].text, encoding="utf-8")
    result = run(BIN / "ansible-builder", "create", "-f", "execution-environment.yml", "-c", "context", "--output-filename", "Containerfile",
                 env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "context" / "Containerfile").exists()
    assert "projectquay.oauth" in (tmp_path / "context" / "_build" / "requirements.yml").read_text(encoding="utf-8")
    result = run(BIN / "ansible-builder", "introspect", "--sanitize", root, env=env)
    assert result.returncode == 0, result.stderr
    found = yaml.safe_load(result.stdout.split("---", 1)[1])
    assert any("from collection projectquay.oauth" in line for line in found["system"]), found


def test_galaxy_metadata():
    galaxy = yaml.safe_load((REPO / "galaxy.yml").read_text(encoding="utf-8"))
    for field in ("namespace", "name", "version", "readme", "authors", "description", "license", "tags",
                  "repository", "documentation", "homepage", "issues", "build_ignore"):
        assert galaxy.get(field), "galaxy.yml has no %s" % field
    for ignored in ("testkit", "tests/docs", "tests/unit", "server", "extensions", "*/node_modules"):
        assert ignored in galaxy["build_ignore"]


def test_built_tarball_holds_what_users_need(installed):
    _root, path, _env = installed
    for needed in ("README.md", "CHANGELOG.rst", "meta/runtime.yml", "meta/execution-environment.yml", "requirements.txt",
                   "bindep.txt", "docs/api-reference.md", "roles/quay_bootstrap/meta/argument_specs.yml"):
        assert (path / needed).exists(), needed
    for absent in ("server", "testkit", "tests/docs", "tests/unit", "extensions", ".venv", "Makefile"):
        assert not (path / absent).exists(), "%s should not be in the tarball" % absent


def test_changelog_lints():
    for args in (["lint"], ["lint-changelog-yaml", "changelogs/changelog.yaml"]):
        result = run(BIN / "antsibull-changelog", *args, cwd=REPO)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    assert "v1.0.0" in (REPO / "CHANGELOG.rst").read_text(encoding="utf-8")


def test_ansible_lint_production(tmp_path):
    env = dict(os.environ, PATH="%s:%s" % (BIN, os.environ["PATH"]), NO_COLOR="1", ANSIBLE_HOME=str(tmp_path))
    result = run(BIN / "ansible-lint", "--profile", "production", "--nocolor", "--format", "pep8", cwd=REPO, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
