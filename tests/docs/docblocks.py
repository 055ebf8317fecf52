"""Find the runnable examples in docs/ and README.md.

The convention (docs/curl-examples.md explains it to readers):

* A curl example is a fenced block opened with three backticks and ``sh`` whose
  first line is ``# expect: STATUS...``: the HTTP statuses of the block's curl
  calls, in order (``# expect: 201 200 200``).
* Optional comment lines right after it: ``# quay: KIND`` names the Quay the
  example needs (``database`` by default; see ``QUAY_KINDS``), ``# state: fresh``
  says the example starts from an organization that does not exist yet (the
  default, ``app``, has ``$ORG`` with application ``$CLIENT_ID`` and tokens), and
  ``# profile: NAME`` says the example holds only for one of quayref's profiles
  (``PROFILES``: ``quay-3.18``, which answers as Project Quay 3.18, or ``proposal``,
  the feature request); without it the example holds for both and runs in both.
* Every other ``sh`` block must not call curl, so no curl example goes unrun.

A role example is a ``yaml`` block whose first line is ``# tested: twice, the second
run changed=0`` (``TESTED``): a playbook of the role that tests/docs/test_role_examples.py
runs as written, with its own inventory, twice against a live quayref.
"""

import dataclasses
import re
from pathlib import Path

from quayref.profiles import PROFILES as SERVER_PROFILES, PROPOSAL, QUAY_318

REPO = Path(__file__).resolve().parents[2]
DOC_FILES = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md", REPO / "roles" / "quay_bootstrap" / "README.md"]

QUAY_KINDS = ("flag-off", "database", "ldap", "oidc", "startup")
STATES = ("app", "fresh")
# quayref's QUAYREF_PROFILE values, Quay 3.18 first: the profile a reader's real Quay answers as.
PROFILES = (QUAY_318, PROPOSAL)
assert set(PROFILES) == set(SERVER_PROFILES), "quayref's profiles changed: %s" % sorted(SERVER_PROFILES)
HEADER = re.compile(r"^#\s*(expect|quay|state|profile):\s*(.*?)\s*$")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
TESTED = "# tested: twice, the second run changed=0"
VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
ASSIGNED = re.compile(r"(?:^|[\s;(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=")
LOOP_VARIABLE = re.compile(r"\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b")


@dataclasses.dataclass
class Block:
    """One fenced block of a Markdown file."""

    path: Path
    line: int  # 1-based line of the opening fence
    language: str
    text: str

    @property
    def where(self):
        return "%s:%d" % (self.path.relative_to(REPO), self.line)


@dataclasses.dataclass
class Example:
    """A runnable curl example."""

    block: Block
    expect: list
    quay: str = "database"
    state: str = "app"
    profiles: tuple = PROFILES

    @property
    def id(self):
        return self.block.where

    @property
    def only(self):
        """The one profile the example is marked for, or None when it holds for both."""
        return self.profiles[0] if len(self.profiles) == 1 else None

    @property
    def script(self):
        return self.block.text

    def variables_used(self):
        """Variables the example reads but does not set itself."""
        text = "\n".join(line for line in self.script.splitlines() if not line.lstrip().startswith("#"))
        text = re.sub(r"'[^']*'", "''", text)  # the shell does not expand inside single quotes (jq's $vars live there)
        own = set(ASSIGNED.findall(text)) | set(LOOP_VARIABLE.findall(text))
        return sorted(set(VARIABLE.findall(text)) - own)


def blocks(path):
    """Every fenced block of one Markdown file."""
    result = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match or not match.group(2):
            index += 1
            continue
        indent, language, start = match.group(1), match.group(2), index
        body = []
        index += 1
        while index < len(lines) and lines[index].strip() != "```":
            line = lines[index]
            body.append(line[len(indent):] if line.startswith(indent) else line)
            index += 1
        result.append(Block(Path(path), start + 1, language, "\n".join(body) + "\n"))
        index += 1
    return result


def all_blocks(files=None):
    return [block for path in (files or DOC_FILES) for block in blocks(path)]


def parse_example(block):
    """The Example of an ``sh`` block, or None when it has no ``# expect:`` line. Raises ValueError on a bad header."""
    lines = block.text.splitlines()
    headers = {}
    for line in lines:
        match = HEADER.match(line.strip())
        if not match:
            break
        headers[match.group(1)] = match.group(2)
    if "expect" not in headers:
        return None
    if not lines[0].strip().startswith("# expect:"):
        raise ValueError("%s: '# expect:' must be the first line" % block.where)
    expect = headers["expect"].split()
    if not expect or not all(re.fullmatch(r"[1-5][0-9][0-9]", code) for code in expect):
        raise ValueError("%s: '# expect:' needs HTTP statuses, got %r" % (block.where, headers["expect"]))
    quay = headers.get("quay", "database")
    state = headers.get("state", "app")
    if quay not in QUAY_KINDS:
        raise ValueError("%s: '# quay: %s' is not one of %s" % (block.where, quay, ", ".join(QUAY_KINDS)))
    if state not in STATES:
        raise ValueError("%s: '# state: %s' is not one of %s" % (block.where, state, ", ".join(STATES)))
    profile = headers.get("profile")
    if profile is not None and profile not in PROFILES:
        raise ValueError("%s: '# profile: %s' is not one of %s" % (block.where, profile, ", ".join(PROFILES)))
    return Example(block, [int(code) for code in expect], quay, state, (profile,) if profile else PROFILES)


def examples(files=None):
    found = []
    for block in all_blocks(files):
        if block.language == "sh":
            example = parse_example(block)
            if example is not None:
                found.append(example)
    return found


def unrun_curl_blocks(files=None):
    """``sh`` blocks that call curl but have no ``# expect:`` line: curl examples the runner would miss."""
    return [block.where for block in all_blocks(files)
            if block.language in ("sh", "bash", "shell", "console") and re.search(r"\bcurl\b", block.text)
            and (block.language != "sh" or parse_example(block) is None)]


def documented_variables(path=REPO / "docs" / "curl-examples.md"):
    """The variables listed in the table of docs/curl-examples.md (rows that start with | `$NAME` |)."""
    names = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*`\$([A-Z_][A-Z0-9_]*)`\s*\|", line)
        if match:
            names.add(match.group(1))
    return names


def role_examples(files=None):
    """The role examples: ``yaml`` blocks whose first line is TESTED."""
    return [block for block in all_blocks(files) if block.language == "yaml" and block.text.startswith(TESTED + "\n")]


def marked_by_mistake(files=None):
    """Blocks that mention ``# tested:`` but are not role examples (a typo would leave one unrun)."""
    return [block.where for block in all_blocks(files) if "# tested:" in block.text.split("\n", 1)[0]
            and block not in role_examples(files)]
