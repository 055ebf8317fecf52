#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: idempotent quay_oauth_token tasks against ansible.builtin.uri GETs of the same list.

In one ansible-playbook run against a throw-away reference server, 50
idempotent quay_oauth_token tasks (with dest) and 50 uri GETs of the token list endpoint
run interleaved (uri, module, uri, module, ...), so load from anything else on
the machine falls on both alike. Each task's wall time comes from a small
callback (bench/callback_plugins/bench_timer.py). Reports the ratio of the
summed wall times (goal <= 1.15) and the HTTP requests per idempotent task,
read from the server's access log around the timed section (goal 1).

    python bench/modules_bench.py [--tasks 50] [--json FILE]

Uses $VENV (else ./.venv) for ansible; the collection is built and installed
from its tarball first, as a user would.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _mark(name):
    """A set_fact that records the time and the server's request count so far."""
    return {
        'name': 'Mark %s' % name,
        'ansible.builtin.set_fact': {
            'mark_%s' % name: {
                'time': "{{ lookup('ansible.builtin.pipe', 'date +%s.%N') | float }}",
                # quaytest.accesslog, through `python -m quaytest access-log` (quay_access_command).
                'requests': "{{ lookup('ansible.builtin.pipe', quay_access_command) | from_json | length }}",
            },
        },
    }


def _uri(number):
    return {'name': 'uri GET %d' % number, 'ansible.builtin.uri': {
        'url': '{{ quay_url }}/api/v1/organization/bench-org/applications/{{ app.client_id }}/tokens',
        'headers': {'Authorization': 'Bearer {{ quay_admin_token }}'}}}


def _module(number, dest):
    # With dest (JSON, the default format): the stored token's uuid is checked in the listing the
    # module makes anyway, so the idempotent task is still one request.
    return {'name': 'quay_oauth_token %d' % number, 'projectquay.oauth.quay_oauth_token': {
        'quay_host': '{{ quay_url }}', 'quay_token': '{{ quay_admin_token }}', 'organization': 'bench-org',
        'application': '{{ app.client_id }}', 'name': 'bench', 'scopes': ['repo:read'], 'dest': dest},
        'register': 'bench_result', 'failed_when': 'bench_result is changed or bench_result is failed'}


def playbook(tasks, results_path):
    dest = os.path.join(os.path.dirname(results_path), 'bench-token.json')
    setup = [
        {'name': 'Organization', 'projectquay.oauth.quay_organization': {
            'quay_host': '{{ quay_url }}', 'quay_token': '{{ quay_admin_token }}', 'name': 'bench-org'}},
        {'name': 'Application', 'projectquay.oauth.quay_oauth_application': {
            'quay_host': '{{ quay_url }}', 'quay_token': '{{ quay_admin_token }}', 'organization': 'bench-org',
            'name': 'bench-app'}, 'register': 'app'},
        dict(_module(0, dest), failed_when=False, name='Token (created here, idempotent from now on)'),
        _uri(0),  # warm-up: both code paths are loaded once before timing
    ]
    body = [_mark('start')]
    for number in range(1, tasks + 1):
        body.extend((_uri(number), _module(number, dest)))
    body.append(_mark('end'))
    report = {'name': 'Write the marks', 'ansible.builtin.copy': {
        'dest': results_path, 'mode': '0600',
        'content': '{{ {%s} | to_json }}' % ', '.join(
            "'%s': mark_%s" % (name, name) for name in ('start', 'end'))}}
    return [{'name': 'Benchmark', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
             'tasks': setup + body + [report]}]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tasks', type=int, default=50, help='tasks of each kind')
    parser.add_argument('--json', help='also write the numbers to this file')
    args = parser.parse_args(argv)
    venv = os.environ.get('VENV') or os.path.join(REPO, '.venv')
    python = os.path.join(venv, 'bin', 'python')
    env = dict(os.environ, PATH=os.path.join(venv, 'bin') + os.pathsep + os.environ.get('PATH', ''), VENV=venv)
    import yaml  # pylint: disable=import-outside-toplevel

    with tempfile.TemporaryDirectory(prefix='quay-oauth-bench.') as work:
        root = subprocess.run([os.path.join(REPO, 'scripts', 'collection-install.sh'), os.path.join(work, 'collections')],
                              check=True, capture_output=True, text=True, env=env).stdout.strip()
        config = os.path.join(work, 'vars.yml')
        quaytest = [python, '-m', 'quaytest']
        subprocess.run(quaytest + ['up', 'quayref', '--dir', os.path.join(work, 'server'), '--vars', config],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        try:
            results = os.path.join(work, 'marks.json')
            book = os.path.join(work, 'bench.yml')
            with open(book, 'w', encoding='utf-8') as stream:
                yaml.safe_dump(playbook(args.tasks, results), stream, sort_keys=False)
            timings = os.path.join(work, 'timings.json')
            run_env = dict(env, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(root))),
                           ANSIBLE_PYTHON_INTERPRETER=python, ANSIBLE_LOCALHOST_WARNING='false',
                           ANSIBLE_CALLBACK_PLUGINS=os.path.join(REPO, 'bench', 'callback_plugins'),
                           ANSIBLE_CALLBACKS_ENABLED='bench_timer', BENCH_TIMER_OUT=timings)
            subprocess.run([os.path.join(venv, 'bin', 'ansible-playbook'), '-i', 'localhost,', '-e', '@' + config, book],
                           check=True, env=run_env, stdout=subprocess.DEVNULL)
            with open(results, encoding='utf-8') as stream:
                marks = json.load(stream)
            with open(timings, encoding='utf-8') as stream:
                rows = json.load(stream)
        finally:
            subprocess.run(quaytest + ['down', '--dir', os.path.join(work, 'server')], check=False, env=env)

    def seconds(prefix):
        return sum(took for name, took in rows if name.startswith(prefix) and not name.endswith(' 0'))

    uri_time, module_time = seconds('uri GET '), seconds('quay_oauth_token ')
    # uri makes exactly one request per task, so the rest of the timed
    # section's requests belong to the module tasks.
    section = int(marks['end']['requests']) - int(marks['start']['requests'])
    numbers = {
        'tasks_each': args.tasks,
        'uri_seconds': round(uri_time, 3),
        'module_seconds': round(module_time, 3),
        'ratio': round(module_time / uri_time, 3),
        'requests_per_module_task': (section - args.tasks) / args.tasks,
        'requests_in_timed_section': section,
    }
    ratio_ok = numbers['ratio'] <= 1.15
    requests_ok = numbers['requests_per_module_task'] == 1
    print('%(tasks_each)d idempotent quay_oauth_token tasks: %(module_seconds).2f s; '
          '%(tasks_each)d uri GETs: %(uri_seconds).2f s; ratio %(ratio).3f (goal <= 1.15)' % numbers
          + ('  PASS' if ratio_ok else '  MISS'))
    print('HTTP requests per idempotent task: %(requests_per_module_task).2f (goal 1); '
          '%(requests_in_timed_section)d requests in the timed section' % numbers + ('  PASS' if requests_ok else '  MISS'))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as stream:
            json.dump(numbers, stream, indent=2)
    # A benchmark reports; it never fails on timing (these machines are noisy).
    return 0


if __name__ == '__main__':
    sys.exit(main())
