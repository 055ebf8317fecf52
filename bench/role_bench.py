#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: an idempotent rerun of the role quay_bootstrap against a one-task quay_oauth_token_info play.

Against one throw-away reference server (flag off, the superuser admin's password, the
role signs in for a session), the role converges once; then ansible-playbook runs the
role's play and a play of one quay_oauth_token_info task (with the token the role
stored), alternating (role, info, role, info, ...) --runs times each, so load from
anything else on the machine falls on both alike. Each measure is the wall time of
a whole ansible-playbook process, start-up included, as a user waits for it. Prints
both medians and their ratio (goal <= 1.3); it never fails on timing, only when setup
fails or a rerun of the role changes something (then there is nothing idempotent to time).

    python bench/role_bench.py [--runs 5] [--json FILE]

Uses $VENV (else ./.venv) for ansible; the collection is built and installed from its
tarball first, as a user would.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOAL = 1.3
RECAP = re.compile(r"^(\S+)\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)


def role_play(work):
    """The role as docs/bootstrap-recipes.md shows it with a password: the Quay nodes, their inventory's variables."""
    return [{
        'name': 'The role, with a password', 'hosts': 'quay', 'gather_facts': False,
        'roles': [{'role': 'projectquay.oauth.quay_bootstrap', 'vars': {
            'quay_bootstrap_username': 'admin',
            'quay_bootstrap_password': '{{ quay_admin_password }}',
            'quay_bootstrap_organization': 'bench-org',
            'quay_bootstrap_application': 'bench-app',
            'quay_bootstrap_token_name': 'bench',
            'quay_bootstrap_token_scopes': ['org:admin', 'repo:admin', 'user:read'],
            'quay_bootstrap_token_expiration': '30d',
            'quay_bootstrap_token_dest': os.path.join(work, 'quay-token'),
        }}],
    }]


def info_play(work):
    """One module task that reads the same token list with the stored token: the least a rerun has to do."""
    return [{
        'name': 'One quay_oauth_token_info task', 'hosts': 'localhost', 'gather_facts': False,
        'tasks': [{'name': 'List the tokens', 'projectquay.oauth.quay_oauth_token_info': {
            'quay_host': '{{ quay_url }}',
            'quay_token': "{{ lookup('ansible.builtin.file', '%s') }}" % os.path.join(work, 'quay-token'),
            'organization': 'bench-org', 'application': 'bench-app'}}],
    }]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5, help='timed runs of each play')
    parser.add_argument('--json', help='also write the numbers to this file')
    args = parser.parse_args(argv)
    venv = os.environ.get('VENV') or os.path.join(REPO, '.venv')
    python = os.path.join(venv, 'bin', 'python')
    env = dict(os.environ, PATH=os.path.join(venv, 'bin') + os.pathsep + os.environ.get('PATH', ''), VENV=venv)
    for name in ('QUAY_HOST', 'QUAY_TOKEN', 'QUAY_USERNAME', 'QUAY_PASSWORD', 'QUAY_OIDC_TOKEN'):
        env.pop(name, None)  # the info play takes its connection from its options only
    import yaml  # pylint: disable=import-outside-toplevel

    times = {'role': [], 'info': []}
    with tempfile.TemporaryDirectory(prefix='quay-oauth-role-bench.') as work:
        root = subprocess.run([os.path.join(REPO, 'scripts', 'collection-install.sh'), os.path.join(work, 'collections')],
                              check=True, capture_output=True, text=True, env=env).stdout.strip()
        config = os.path.join(work, 'vars.yml')
        server = os.path.join(work, 'server')
        quaytest = [python, '-m', 'quaytest']
        subprocess.run(quaytest + ['up', 'quayref', '--dir', server, '--admin', 'create', '--vars', config],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        try:
            inventory = os.path.join(work, 'inventory.yml')
            with open(inventory, 'w', encoding='utf-8') as stream:
                yaml.safe_dump({'quay': {'hosts': {'quay-1': {'ansible_connection': 'local', 'ansible_python_interpreter': python}},
                                         'vars': {'quay_bootstrap_url': '{{ quay_url }}'}}}, stream)
            books = {}
            for kind, play in (('role', role_play(work)), ('info', info_play(work))):
                books[kind] = os.path.join(work, kind + '.yml')
                with open(books[kind], 'w', encoding='utf-8') as stream:
                    yaml.safe_dump(play, stream, sort_keys=False)
            run_env = dict(env, ANSIBLE_COLLECTIONS_PATH=os.path.dirname(os.path.dirname(os.path.dirname(root))),
                           ANSIBLE_PYTHON_INTERPRETER=python, ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_NOCOLOR='1')

            def play(kind):
                started = time.monotonic()
                result = subprocess.run([os.path.join(venv, 'bin', 'ansible-playbook'), '-i', inventory, '-e', '@' + config,
                                         books[kind]], capture_output=True, text=True, env=run_env, cwd=work, check=False)
                took = time.monotonic() - started
                recap = RECAP.findall(result.stdout)
                if result.returncode != 0 or not recap or any(int(unreachable) or int(failed) for _h, _c, unreachable, failed in recap):
                    raise SystemExit('role_bench: the %s play failed:\n%s%s' % (kind, result.stdout[-3000:], result.stderr[-2000:]))
                return took, sum(int(changed) for _h, changed, _u, _f in recap)

            _took, changed = play('role')  # converges: organization, application, token
            if changed == 0:
                raise SystemExit('role_bench: the first role run changed nothing on a fresh server')
            for _round in range(args.runs):
                for kind in ('role', 'info'):
                    took, changed = play(kind)
                    if kind == 'role' and changed:
                        raise SystemExit('role_bench: an idempotent rerun of the role reported changed=%d' % changed)
                    times[kind].append(took)
        finally:
            subprocess.run(quaytest + ['down', '--dir', server], check=False, env=env, stdout=subprocess.DEVNULL)

    role, info = statistics.median(times['role']), statistics.median(times['info'])
    numbers = {'runs_each': args.runs, 'role_median_seconds': round(role, 3), 'info_median_seconds': round(info, 3),
               'ratio': round(role / info, 3), 'goal': GOAL,
               'role_seconds': [round(t, 3) for t in times['role']], 'info_seconds': [round(t, 3) for t in times['info']]}
    print('%(runs_each)d idempotent role reruns: median %(role_median_seconds).2f s; %(runs_each)d one-task '
          'quay_oauth_token_info plays: median %(info_median_seconds).2f s; ratio %(ratio).2f (goal <= %(goal).1f)' % numbers
          + ('  PASS' if numbers['ratio'] <= GOAL else '  MISS'))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as stream:
            json.dump(numbers, stream, indent=2)
    # A benchmark reports; it never fails on timing (these machines are noisy).
    return 0


if __name__ == '__main__':
    sys.exit(main())
