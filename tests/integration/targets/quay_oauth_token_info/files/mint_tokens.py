# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mint COUNT tokens in one process, as COUNT POSTs of the API would (one `uri` task each costs a module run).

    python mint_tokens.py URL ORG CLIENT_ID COUNT   (the admin token on stdin)

Token i is named "odd" or "even" with scope repo:read; prints the JSON list of the answers, in order.
"""

from __future__ import annotations

import json
import sys
import urllib.request


def mint(url, org, client_id, token, count):
    answers = []
    for index in range(count):
        body = json.dumps({'name': 'odd' if index % 2 else 'even', 'scope': 'repo:read'}).encode('utf-8')
        request = urllib.request.Request(
            '%s/api/v1/organization/%s/applications/%s/tokens' % (url, org, client_id), data=body, method='POST',
            headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'})
        # An HTTP error status raises, and any answer but 200 stops the run: either fails the task, as `uri` would.
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200:
                raise SystemExit('POST token %d: HTTP %d' % (index, response.status))
            answers.append(json.load(response))
    return answers


if __name__ == '__main__':
    print(json.dumps(mint(sys.argv[1], sys.argv[2], sys.argv[3], sys.stdin.read().strip(), int(sys.argv[4]))))
