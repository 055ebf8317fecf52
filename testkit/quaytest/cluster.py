"""Several quayref nodes on one database, as Quay nodes behind a load balancer share theirs.

`python -m quaytest up quayref --dir D2 --share-db D1` starts node 2 with its own config.yaml,
port, log and state.json, on node 1's database. SQLite copes with two processes: quayref opens it
in WAL mode with a 30 s busy timeout, and every rule that must hold across workers (locks, sign-in
back-off, sessions) is kept in the database, not in a process. Node 1's directory lists its
sharers, so that `down --dir D1` stops them too.
"""

import os

import yaml

# The keys a node takes from the database owner's config.yaml: the same data, the same secrets,
# and one audit file for the whole cluster (as Quay's audit log is one table).
SHARED_KEYS = ("DB_URI", "SECRET_KEY", "AUDIT_LOG_PATH")
# The owner's users and their passwords: a sharer creates none.
SHARED_STATE = ("admin", "admin_password", "admin_token", "user", "user_password")
SHARERS = "db-sharers"


def owner_config(owner_dir):
    """The keys of SHARED_KEYS in the owner's config.yaml (SystemExit when it has none)."""
    path = os.path.join(owner_dir, "config.yaml")
    try:
        with open(path, encoding="utf-8") as handle:
            config = yaml.safe_load(handle) or {}
    except OSError as exc:
        raise SystemExit("quaytest: --share-db %s: no config.yaml there (%s): start that node first" % (owner_dir, exc.strerror)) from exc
    return {key: config[key] for key in SHARED_KEYS if key in config}


def shared_state(owner_state):
    return {key: owner_state[key] for key in SHARED_STATE if key in owner_state}


def add_sharer(owner_dir, workdir):
    """Note `workdir` in the owner's directory (one line each, appended: two nodes may start at once)."""
    if workdir not in sharers(owner_dir):
        with open(os.path.join(owner_dir, SHARERS), "a", encoding="utf-8") as handle:
            handle.write(workdir + "\n")


def sharers(owner_dir):
    try:
        with open(os.path.join(owner_dir, SHARERS), encoding="utf-8") as handle:
            return [line.strip() for line in handle if line.strip()]
    except OSError:
        return []


def with_sharers(workdirs):
    """`workdirs` and, before each, the nodes that share its database; each once."""
    ordered = []
    for workdir in workdirs:
        for each in sharers(workdir) + [workdir]:
            if each not in ordered:
                ordered.append(each)
    return ordered
