"""`python -m quaytest`: the one way harnesses outside pytest start and stop test servers.

    python -m quaytest up quayref --dir DIR [--bootstrap] [--admin initialize|create|none] [--profile NAME]
                                  [--set KEY=VALUE ...] [--slapd DIR] [--oidc DIR] [--workers N] [--port N]
                                  [--vars FILE [--prefix quay_]] [--share-db DIR1]
    python -m quaytest up slapd --dir DIR
    python -m quaytest up oidc --dir DIR
    python -m quaytest restart --dir DIR
    python -m quaytest down --dir DIR [--dir DIR ...]
    python -m quaytest access-log --dir DIR

Every process runs detached (its own session, stdin closed, output to a log in DIR), so a
shell script, an Ansible `command` task or a molecule playbook returns at once. DIR holds
what is running there: state.json (quayref: url, pid, port, passwords, token), slapd.json,
oidc.json, all mode 0600. `down` stops whatever DIR describes, prints the CPU time it used, and may run any number of times.
With `--share-db DIR1` the server is a second node on the database of DIR1's (quaytest.cluster):
its own config.yaml, port and restart, DIR1's users (their passwords in its state.json); `down
--dir DIR1` stops it too.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

import yaml

from quaytest import accesslog, cluster, config as quayref_config, held
from quaytest.server import cpu_seconds, run_cli, serve, wait_healthy
from quaytest.ports import free_port, wait_for_port
from quaytest.procs import start_logged

START_TIMEOUT = 60.0  # quayref: migrations and start-up
HOLD_TIMEOUT = 120.0  # slapd or the OpenID provider: start and seed
STOP_TIMEOUT = 20.0
RESTART_TIMEOUT = 30.0
HEADER = ("quayref config for local testing, written by `python -m quaytest up quayref`.\n"
          "Edit it, then `python -m quaytest restart --dir DIR` starts the server again on the same port.")
PLAIN_USER = "alice"


def _private_json(path, data):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    os.replace(tmp, path)


def _load_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _alive(pid):
    """True while `pid` runs (a zombie, which no longer does anything, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _stop_pid(pid, timeout=STOP_TIMEOUT):
    """SIGTERM, up to `timeout` s for a clean exit, then SIGKILL to its whole session. False if it was not running."""
    if not pid or not _alive(pid):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:  # gone meanwhile (another `down` stopped it)
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    if _alive(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return True


def _tail(path, lines=20):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return "(no log at %s)\n" % path


def _fail(message, log=None):
    sys.stderr.write("quaytest: %s\n" % message)
    if log:
        sys.stderr.write("last lines of %s:\n%s" % (log, _tail(log)))
    return 1


def _path(workdir, name):
    return os.path.join(workdir, name)


# --- quayref -----------------------------------------------------------------------------------

def _spawn_quayref(state):
    """`quayref serve` detached on state's port and config, output appended to its log; the Popen."""
    return serve(state["config"], state["port"], state["log"], workers=state["workers"], profile=state["profile"], detached=True)


def _compose(args, workdir):
    overrides = {
        "DB_URI": "sqlite:///%s" % _path(workdir, "quay.db"),
        "AUTHENTICATION_TYPE": "Database",
        "FEATURE_PROGRAMMATIC_BOOTSTRAP": args.bootstrap,
        "FEATURE_USER_INITIALIZE": True if args.admin == "initialize" else None,
    }
    if args.share_db:
        overrides.update(cluster.owner_config(os.path.abspath(args.share_db)))
    overrides.update(args.set)
    extra_superusers = []
    if args.slapd:
        overrides.update(_described(args.slapd, "slapd")["quay_config"])
    if args.oidc:
        oidc = _described(args.oidc, "oidc")
        overrides["TESTIDP_LOGIN_CONFIG"] = oidc["login_config"]
        extra_superusers.append(oidc["superuser_client"])
    config = quayref_config.compose(workdir, **overrides)
    config["SUPER_USERS"] = list(config.get("SUPER_USERS", [])) + [u for u in extra_superusers if u not in config.get("SUPER_USERS", [])]
    return config


def _described(workdir, name):
    data = _load_json(_path(os.path.abspath(workdir), name + ".json"))
    if data is None:
        kind = "quayref" if name == "state" else name
        raise SystemExit("quaytest: no %s in %s: run `python -m quaytest up %s --dir %s` first" % (kind, workdir, kind, workdir))
    return data


def _create_user(config_path, name, password):
    run_cli("user", "create", "--config", config_path, name, "--email", name + "@example.com", "--password-stdin",
            stdin=password + "\n")


def _initialize(state):
    """Quay's /api/v1/user/initialize: the superuser admin with a token; then a plain user."""
    from quaytest import httpclient  # pylint: disable=import-outside-toplevel  # here only: `access-log`, which tests run often, needs no httpx
    state["admin_password"] = quayref_config.new_password(quayref_config.ADMIN)
    response = httpclient.post(state["url"] + "/api/v1/user/initialize", timeout=30,
                               json={"username": quayref_config.ADMIN, "password": state["admin_password"],
                                     "email": quayref_config.ADMIN + "@example.com", "access_token": True})
    response.raise_for_status()
    state["admin_token"] = response.json()["access_token"]
    state.update(user=PLAIN_USER, user_password=quayref_config.new_password(PLAIN_USER))
    _create_user(state["config"], PLAIN_USER, state["user_password"])


def up_quayref(args):
    workdir = os.path.abspath(args.dir)
    os.makedirs(workdir, mode=0o700, exist_ok=True)
    state_path = _path(workdir, "state.json")
    old = _load_json(state_path)
    if old and _alive(old.get("pid", 0)):
        return _fail("quayref already runs in %s (pid %d): `python -m quaytest down --dir %s` first" % (workdir, old["pid"], args.dir))
    owner = _described(args.share_db, "state") if args.share_db else None
    port = args.port or free_port()
    state = {"dir": workdir, "config": _path(workdir, "config.yaml"), "log": _path(workdir, "server.log"),
             "port": port, "url": "http://127.0.0.1:%d" % port, "workers": args.workers, "profile": args.profile,
             "bootstrap": args.bootstrap, "admin": quayref_config.ADMIN,
             "access_command": "%s -m quaytest access-log --dir %s" % (sys.executable, workdir)}
    quayref_config.write(state["config"], _compose(args, workdir), header=HEADER)
    if owner:
        # The owner's users are this node's: --admin is the owner's business.
        state.update(cluster.shared_state(owner), share_db=owner["dir"])
        cluster.add_sharer(owner["dir"], workdir)
    elif args.admin == "create":
        state["admin_password"] = quayref_config.new_password(quayref_config.ADMIN)
        _create_user(state["config"], quayref_config.ADMIN, state["admin_password"])
    process = _spawn_quayref(state)
    state["pid"] = process.pid
    _private_json(state_path, state)
    try:
        wait_healthy(state["url"], process, START_TIMEOUT, lambda: "")
        if args.admin == "initialize" and not owner:
            _initialize(state)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        _stop_pid(process.pid)
        return _fail("quayref did not start in %s: %s" % (workdir, str(exc).strip()), state["log"])
    _private_json(state_path, state)
    if args.vars:
        _write_vars(args.vars, args.prefix, state, _described(args.oidc, "oidc") if args.oidc else None,
                    _described(args.slapd, "slapd") if args.slapd else None)
    print("quayref up at %s (pid %d); state in %s" % (state["url"], process.pid, state_path))
    return 0


def _write_vars(path, prefix, state, oidc=None, slapd=None):
    """Append the connection facts as YAML variables PREFIXurl, PREFIXadmin_token, ... (JSON is YAML)."""
    keys = ("url", "admin_token", "admin_password", "user", "user_password", "log", "access_command")
    facts = {key: state[key] for key in keys if key in state}
    if slapd:
        # The directory's accounts: one in the superuser group (LDAP_SUPERUSER_FILTER), one plain user.
        superuser, plain = slapd["superuser"], slapd["plain_user"]
        facts.update(superuser=superuser, superuser_password=slapd["passwords"][superuser], user=plain,
                     user_password=slapd["passwords"][plain])
    if oidc:
        client = oidc["superuser_client"]
        facts.update(token_url=oidc["token_endpoint"], client_id=client, client_secret=oidc["secrets"][client],
                     audience=oidc["audience"])
    with open(path, "a", encoding="utf-8") as handle:
        for key, value in facts.items():
            handle.write("%s%s: %s\n" % (prefix, key, json.dumps(value)))


def restart(args):
    """Stop the quayref of DIR and start it again on the same port with DIR/config.yaml as it is now."""
    workdir = os.path.abspath(args.dir)
    state_path = _path(workdir, "state.json")
    state = _load_json(state_path)
    if state is None:
        return _fail("no quayref in %s: `python -m quaytest up quayref --dir %s` first" % (workdir, args.dir))
    _stop_pid(state.get("pid"))
    process = _spawn_quayref(state)
    state["pid"] = process.pid
    _private_json(state_path, state)
    # Listening means migrations and start-up are done; the caller (the role) then waits on /health/instance.
    if not wait_for_port(state["port"], RESTART_TIMEOUT, process):
        if process.poll() is not None:
            return _fail("quayref exited at start with %s" % process.returncode, state["log"])
        return _fail("quayref (pid %d) does not listen on port %d after %d s" % (process.pid, state["port"], RESTART_TIMEOUT),
                     state["log"])
    print("quayref restarted (pid %d, port %d)" % (process.pid, state["port"]))
    return 0


# --- slapd and the OpenID provider: a detached process holds quaytest's context manager ----------

def hold(args):
    """The detached process: enter the context manager, describe it in DIR/NAME.json, wait for SIGTERM."""
    workdir = os.path.abspath(args.dir)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    target, describe = held.make(args.name)
    with target as running:
        _private_json(_path(workdir, args.name + ".json"), dict(describe(running), pid=os.getpid()))
        print("%s ready" % args.name, flush=True)
        stop.wait()
    os.unlink(_path(workdir, args.name + ".json"))
    return 0


def up_held(args):
    name = args.what
    workdir = os.path.abspath(args.dir)
    os.makedirs(workdir, mode=0o700, exist_ok=True)
    described, log_path = _path(workdir, name + ".json"), _path(workdir, name + ".log")
    old = _load_json(described)
    if old and _alive(old.get("pid", 0)):
        return _fail("%s already runs in %s (pid %d): `python -m quaytest down --dir %s` first" % (name, workdir, old["pid"], args.dir))
    if name == "oidc":
        from quaytest.oidc_provider import ensure_node_modules  # pylint: disable=import-outside-toplevel
        ensure_node_modules()  # npm ci on first use: before the start-up clock runs
    process = start_logged([sys.executable, "-m", "quaytest", "_hold", name, "--dir", workdir], log_path, mode="ab",
                           start_new_session=True)
    with open(_path(workdir, name + ".pid"), "w", encoding="ascii") as handle:
        handle.write("%d\n" % process.pid)
    deadline = time.monotonic() + HOLD_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        if os.path.exists(described):
            print("%s up (pid %d); state in %s" % (name, process.pid, described))
            return 0
        time.sleep(0.2)
    _stop_pid(process.pid)
    return _fail("%s did not start in %d s" % (name, HOLD_TIMEOUT), log_path)


# --- down, access-log ------------------------------------------------------------------------

def _stop_reporting(what, pid):
    """Stop `pid` as _stop_pid does; its CPU seconds (0 if it was not running)."""
    cpu = cpu_seconds(pid) if pid and _alive(pid) else 0.0
    if _stop_pid(pid):
        print("%s stopped (pid %d, %.1f s CPU)" % (what, pid, cpu))
    return cpu


def down(args):
    cpu = 0.0
    for workdir in cluster.with_sharers([os.path.abspath(d) for d in args.dir]):
        cpu += _stop_reporting("quayref", (_load_json(_path(workdir, "state.json")) or {}).get("pid"))
        for name in ("slapd", "oidc"):
            pid_path = _path(workdir, name + ".pid")
            try:
                with open(pid_path, encoding="ascii") as handle:
                    cpu += _stop_reporting(name, int(handle.read().strip()))
            except (OSError, ValueError):
                continue
            for leftover in (pid_path, _path(workdir, name + ".json")):
                if os.path.exists(leftover):
                    os.unlink(leftover)
    print("%.1f s CPU in all" % cpu)
    return 0


def access_log(args):
    """The requests the quayref of DIR has answered so far, as a JSON list of "METHOD /path STATUS"."""
    state = _load_json(_path(os.path.abspath(args.dir), "state.json"))
    if state is None:
        return _fail("no quayref in %s" % args.dir)
    print(json.dumps([" ".join(request) for request in accesslog.requests(state["log"])]))
    return 0


# --- command line ----------------------------------------------------------------------------

def _key_value(text):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError("expected KEY=VALUE, got %r" % text)
    return key, yaml.safe_load(value)  # JSON is YAML; a bare word is a string


def parser():
    top = argparse.ArgumentParser(prog="python -m quaytest", description=__doc__.splitlines()[0],
                                  formatter_class=argparse.RawDescriptionHelpFormatter, epilog="\n".join(__doc__.splitlines()[2:]))
    commands = top.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start quayref, slapd or the OpenID provider, detached")
    kinds = up.add_subparsers(dest="what", required=True)
    quayref = kinds.add_parser("quayref", help="a quayref server on SQLite in DIR")
    quayref.add_argument("--dir", required=True, help="its config.yaml, database, server.log, state.json")
    quayref.add_argument("--bootstrap", action="store_true", help="FEATURE_PROGRAMMATIC_BOOTSTRAP: true (default false)")
    quayref.add_argument("--admin", choices=("initialize", "create", "none"), default="initialize",
                         help="initialize: superuser admin (with a token) through /api/v1/user/initialize and a plain user "
                              "alice (default); create: admin with `quayref user create`, no token; none: no user")
    quayref.add_argument("--profile", help="run the server with QUAYREF_PROFILE=NAME")
    quayref.add_argument("--set", type=_key_value, action="append", default=[], metavar="KEY=VALUE",
                         help="a config key (VALUE is JSON or YAML); repeatable")
    quayref.add_argument("--slapd", metavar="DIR", help="LDAP auth against the slapd of `up slapd --dir DIR`")
    quayref.add_argument("--oidc", metavar="DIR",
                         help="trust the OpenID provider of `up oidc --dir DIR` (TESTIDP_LOGIN_CONFIG; its client quay-bootstrap-svc a superuser)")
    quayref.add_argument("--workers", type=int, default=1)
    quayref.add_argument("--port", type=int, help="default: a free loopback port")
    quayref.add_argument("--vars", metavar="FILE", help="append the connection facts as YAML variables to FILE")
    quayref.add_argument("--prefix", default="quay_", help="of the variable names (default quay_)")
    quayref.add_argument("--share-db", metavar="DIR1",
                         help="a second node on the database of the quayref in DIR1 (its users; no --admin of its own)")
    quayref.set_defaults(func=up_quayref)
    for name, text in (("slapd", "a real, seeded slapd"), ("oidc", "a real OpenID provider (panva oidc-provider on Node)")):
        held = kinds.add_parser(name, help=text)
        held.add_argument("--dir", required=True, help="%s.json (mode 0600) describes it, %s.log its output" % (name, name))
        held.set_defaults(func=up_held)
    for name, func, text in (("restart", restart, "start the quayref of DIR again, same port, config.yaml re-read"),
                             ("down", down, "stop everything DIR describes (no-op when nothing runs)"),
                             ("access-log", access_log, "the requests the quayref of DIR answered, as JSON")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--dir", required=True, action="append" if func is down else "store")
        command.set_defaults(func=func)
    internal = commands.add_parser("_hold")  # the detached process behind `up slapd|oidc`
    internal.add_argument("name", choices=("slapd", "oidc"))
    internal.add_argument("--dir", required=True)
    internal.set_defaults(func=hold)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    return args.func(args)
