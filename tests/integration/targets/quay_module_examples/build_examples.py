# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a playbook made of the modules' EXAMPLES (as ansible-doc shows them) and the env to run it."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

import yaml

# The order a user follows: Quay is up, its start-up token (none here: the examples say what they
# do then), organization, application, then its tokens.
MODULES = ('quay_health_info', 'quay_startup_token', 'quay_organization', 'quay_oauth_application', 'quay_oauth_token',
           'quay_oauth_token_info')


def main(config_path, playbook_path, env_path):
    with open(config_path, encoding='utf-8') as stream:
        config = yaml.safe_load(stream)
    tasks = []
    fqcns = ['projectquay.oauth.' + name for name in MODULES]
    # One ansible-doc run for every module: each run costs about a second of CPU.
    docs = json.loads(subprocess.run(['ansible-doc', '--json', '-t', 'module'] + fqcns,
                                     check=True, capture_output=True, text=True).stdout)
    for fqcn in fqcns:
        examples = yaml.safe_load(docs[fqcn]['examples'])
        if not examples:
            sys.exit('%s has no EXAMPLES' % fqcn)
        tasks.extend(examples)
    play = [{'name': 'The modules EXAMPLES, unchanged', 'hosts': 'testhost', 'gather_facts': False, 'tasks': tasks}]
    with open(playbook_path, 'w', encoding='utf-8') as stream:
        yaml.safe_dump(play, stream, sort_keys=False)
    with open(env_path, 'w', encoding='utf-8') as stream:
        stream.write('QUAY_HOST=%s\nQUAY_TOKEN=%s\n' % (shlex.quote(config['quay_url']), shlex.quote(config['quay_admin_token'])))
    print('%d example tasks from %d modules' % (len(tasks), len(MODULES)))


if __name__ == '__main__':
    main(*sys.argv[1:4])
