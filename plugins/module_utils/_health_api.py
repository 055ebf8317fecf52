# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quay's instance health, and waiting for it: the answer of /health/instance read once here."""

from __future__ import annotations

import time

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError


class Health:
    """The health verb over a client (an anonymous one will do: Quay asks for no credential)."""

    instance_path = '/health/instance'

    def __init__(self, client):
        self.client = client
        # The error of the last unhealthy answer, for the failure's cause.
        self.last_error = None

    def instance(self):
        """(healthy, body, reason): Quay answers 200 with its services when healthy and 503 when
        one is down; anything else (no answer, a page that is not JSON) is not healthy either,
        with the reason in one line."""
        try:
            body = self.client.get(self.instance_path)
        except QuayApiError as exc:
            self.last_error = exc
            return False, None, str(exc)
        return True, body if isinstance(body, dict) else None, None


def wait_healthy(health, timeout, delay, clock=time.monotonic, sleep=time.sleep):
    """Ask ``health`` until it is healthy or ``timeout`` seconds have passed, ``delay`` seconds
    apart; with ``timeout`` 0 it asks once. (healthy, body, attempts, reason of the last answer)."""
    deadline = clock() + timeout
    attempts = 0
    while True:
        attempts += 1
        healthy, body, reason = health.instance()
        if healthy or clock() + delay > deadline:
            return healthy, body, attempts, reason
        sleep(delay)
