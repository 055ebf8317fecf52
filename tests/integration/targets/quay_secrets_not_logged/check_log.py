# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fail unless each secret shows up only where it is allowed in an -vvv log.

secrets.json: {"token": [...], "client_secret": [...], "never": [...]}. A
minted token must appear exactly once, as the `token` return value line; a
client secret exactly once, as `client_secret`; the rest never.
"""

from __future__ import annotations

import json
import re
import sys


def main(log_path, secrets_path):
    with open(log_path, encoding='utf-8', errors='replace') as stream:
        lines = stream.read().splitlines()
    with open(secrets_path, encoding='utf-8') as stream:
        secrets = json.load(stream)
    problems = []
    for kind, allowed_key in (('token', 'token'), ('client_secret', 'client_secret'), ('never', None)):
        for number, secret in enumerate(secrets[kind]):
            label = '%s #%d' % (kind, number)
            hits = [line for line in lines if secret in line]
            if allowed_key is None:
                if hits:
                    problems.append('%s appears on %d line(s)' % (label, len(hits)))
                continue
            allowed = re.compile(r'^\s*"%s": "%s",?$' % (allowed_key, re.escape(secret)))
            stray = [line for line in hits if not allowed.match(line)]
            if stray:
                problems.append('%s appears outside its return value on %d line(s)' % (label, len(stray)))
            if len(hits) != 1:
                problems.append('%s should appear exactly once as "%s", found %d' % (label, allowed_key, len(hits)))
    checked = sum(len(values) for values in secrets.values())
    if problems:
        print('\n'.join(problems))
        sys.exit(1)
    print('checked %d secrets in %d log lines: none leaked' % (checked, len(lines)))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
