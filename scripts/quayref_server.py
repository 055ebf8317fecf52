#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and stop a throw-away quayref server for the module tests and the benchmark.

    quayref_server.py start --dir DIR [--bootstrap] [--vars FILE --prefix quay_]
    quayref_server.py stop --dir DIR
    quayref_server.py requests --dir DIR      # access-log lines so far
    quayref_server.py probe-bootstrap --dir DIR   # exit 0 if HTTP Basic may create an org

``start`` picks a free loopback port, writes a config with Quay's key names,
runs ``quayref serve`` (its stdout/stderr, access log included, go to
DIR/server.log), waits for /health/instance, makes the superuser ``admin``
through /api/v1/user/initialize (which also gives a 9000 s token) and a plain
user ``alice``, and writes DIR/state.json (and optionally a vars file).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

# uvicorn's '"GET /path HTTP/1.1" 200' or a plain 'GET /path 200'.
ACCESS_LINE = re.compile(r'(GET|POST|PUT|PATCH|DELETE|HEAD) (/\S*) (?:HTTP/[0-9.]+" )?(\d{3})')


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _quayref():
    """The quayref command: $QUAYREF (a command line) if set, else the one beside this Python."""
    if os.environ.get('QUAYREF'):
        return shlex.split(os.environ['QUAYREF'])
    beside = os.path.join(os.path.dirname(sys.executable), 'quayref')
    found = beside if os.access(beside, os.X_OK) else shutil.which('quayref')
    if not found:
        sys.exit('quayref is not installed: pip install ./server into the venv')
    return [found]


def _http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b'null')


def start(workdir, bootstrap, extra=None, super_users=('admin',)):
    workdir = os.path.abspath(workdir)
    os.makedirs(workdir, exist_ok=True)
    port = _free_port()
    config = os.path.join(workdir, 'config.yaml')
    with open(config, 'w', encoding='utf-8') as stream:
        # Extra keys (JSON is YAML) come first in the file; the fixed keys follow.
        for key, value in (extra or {}).items():
            stream.write('%s: %s\n' % (key, json.dumps(value)))
        stream.write('\n'.join([
            'SUPER_USERS: %s' % json.dumps(list(super_users)),
            'DB_URI: sqlite:///%s' % os.path.join(workdir, 'quay.db'),
            'SECRET_KEY: %s' % secrets.token_hex(16),
            'FEATURE_USER_INITIALIZE: true',
            'FEATURE_PROGRAMMATIC_BOOTSTRAP: %s' % ('true' if bootstrap else 'false'),
            'AUTHENTICATION_TYPE: Database',
            'AUDIT_LOG_PATH: %s' % os.path.join(workdir, 'audit.jsonl'),
            # The paging tests create more than one page (50) of tokens.
            'OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT: 1000',
            '']))
    log = open(os.path.join(workdir, 'server.log'), 'ab')  # pylint: disable=consider-using-with
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        _quayref() + ['serve', '--config', config, '--host', '127.0.0.1', '--port', str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    url = 'http://127.0.0.1:%d' % port
    state = {'pid': process.pid, 'url': url, 'dir': workdir, 'log': os.path.join(workdir, 'server.log'),
             'bootstrap': bootstrap}
    with open(os.path.join(workdir, 'state.json'), 'w', encoding='utf-8') as stream:
        json.dump(state, stream)
    deadline = time.time() + 60
    while True:
        if process.poll() is not None:
            sys.exit('quayref exited with %s; see %s' % (process.returncode, state['log']))
        try:
            _http('GET', url + '/health/instance')
            break
        except OSError:
            if time.time() > deadline:
                stop(workdir)
                sys.exit('quayref did not answer within 60 s; see %s' % state['log'])
            time.sleep(0.2)
    admin_password = 'admin-' + secrets.token_urlsafe(12)
    user_password = 'alice-' + secrets.token_urlsafe(12)
    init = _http('POST', url + '/api/v1/user/initialize',
                 {'username': 'admin', 'password': admin_password, 'email': 'admin@example.com', 'access_token': True})
    create_user = ['user', 'create', '--config', config, 'alice', '--email', 'alice@example.com', '--password-stdin']
    subprocess.run(_quayref() + create_user, input=user_password.encode(), check=True, capture_output=True)
    state.update(admin_token=init['access_token'], admin_password=admin_password, user='alice', user_password=user_password)
    with open(os.path.join(workdir, 'state.json'), 'w', encoding='utf-8') as stream:
        json.dump(state, stream)
    return state


def stop(workdir):
    path = os.path.join(os.path.abspath(workdir), 'state.json')
    if not os.path.exists(path):
        return
    with open(path, encoding='utf-8') as stream:
        pid = json.load(stream)['pid']
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            finished, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            finished = 0
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        if finished:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def access_lines(log_path):
    with open(log_path, encoding='utf-8', errors='replace') as stream:
        return [m.groups() for m in (ACCESS_LINE.search(line) for line in stream) if m]


def probe_bootstrap(state):
    """True when the server accepts HTTP Basic on a create call (bootstrap auth is implemented and on)."""
    creds = base64.b64encode(('admin:%s' % state['admin_password']).encode()).decode()
    request = urllib.request.Request(state['url'] + '/api/v1/organization/', method='POST',
                                     data=json.dumps({'name': 'bootstrap-probe', 'email': 'probe@example.com'}).encode(),
                                     headers={'Content-Type': 'application/json', 'Authorization': 'Basic ' + creds})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 201
    except OSError:
        return False


def write_vars(state, path, prefix):
    keys = ('url', 'admin_token', 'admin_password', 'user', 'user_password', 'log')
    with open(path, 'a', encoding='utf-8') as stream:
        for key in keys:
            stream.write('%s%s: %s\n' % (prefix, key, json.dumps(state[key])))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('command', choices=('start', 'stop', 'requests', 'probe-bootstrap'))
    parser.add_argument('--dir', required=True)
    parser.add_argument('--bootstrap', action='store_true', help='FEATURE_PROGRAMMATIC_BOOTSTRAP: true')
    parser.add_argument('--vars', help='append the connection facts as YAML variables to this file')
    parser.add_argument('--prefix', default='quay_')
    args = parser.parse_args(argv)
    if args.command == 'start':
        state = start(args.dir, args.bootstrap)
        if args.vars:
            write_vars(state, args.vars, args.prefix)
        print(state['url'])
    elif args.command == 'stop':
        stop(args.dir)
    else:
        with open(os.path.join(args.dir, 'state.json'), encoding='utf-8') as stream:
            state = json.load(stream)
        if args.command == 'requests':
            print(len(access_lines(state['log'])))
        elif not probe_bootstrap(state):
            sys.exit(1)


if __name__ == '__main__':
    main()
