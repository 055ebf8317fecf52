#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: quay_health_info
short_description: Ask Project Quay whether it is healthy, or wait until it is
version_added: 1.1.0
description:
  - Asks Quay's C(/health/instance), which needs no credential, whether Quay is healthy (Quay answers 200 with its
    services, 503 when one is down), and with O(wait_timeout) asks again until it is, for example after a restart.
  - Changes nothing, and runs in check mode too.
options:
  wait_timeout:
    description:
      - Seconds to keep asking until Quay answers healthy. V(0) asks once, and reports RV(healthy) without failing.
      - With a positive value, a Quay that is still not healthy after it fails the task, with the last answer.
        The wait can exceed it by one O(timeout) (an answer that takes long).
    type: int
    default: 0
  wait_delay:
    description: Seconds between two questions while waiting.
    type: int
    default: 2
extends_documentation_fragment:
  - projectquay.oauth.quay
  - projectquay.oauth.quay.unused_credentials
  - projectquay.oauth.quay.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: all
notes:
  - An C(_info) module, as C(kubernetes.core.k8s_info) is, with waiting as an option. It only reads, so it is safe in
    check mode and in C(module_defaults) of the action group.
seealso:
  - module: projectquay.oauth.quay_startup_token
author:
  - Project Quay OAuth maintainers (@projectquay)
"""

EXAMPLES = r"""
# quay_host comes from QUAY_HOST in the environment here.
- name: Wait up to two minutes for Quay to answer healthy after a restart
  projectquay.oauth.quay_health_info:
    wait_timeout: 120
    wait_delay: 2

- name: Ask once
  projectquay.oauth.quay_health_info:
  register: health

- name: Say which services are down
  ansible.builtin.debug:
    msg: "{{ health.reason }}"
  when: not health.healthy
"""

RETURN = r"""
healthy:
  description: Whether Quay answered C(/health/instance) healthy.
  returned: always
  type: bool
health:
  description: Quay's healthy answer, its services and their state.
  returned: when RV(healthy) is true and the answer is a JSON object
  type: dict
  sample: {"data": {"services": {"auth": true, "database": true}}, "status_code": 200}
attempts:
  description: How many times the module asked.
  returned: always
  type: int
reason:
  description: The last answer that was not healthy, in one line.
  returned: when RV(healthy) is false
  type: str
"""

from ansible_collections.projectquay.oauth.plugins.module_utils._causes import API, cause_of
from ansible_collections.projectquay.oauth.plugins.module_utils._health_api import Health, wait_healthy
from ansible_collections.projectquay.oauth.plugins.module_utils._runner import run_module
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError


def main():
    run_module(dict(
        wait_timeout=dict(type='int', default=0),
        wait_delay=dict(type='int', default=2),
    ), work, credential=False)


def work(module, client, params):
    if params['wait_timeout'] < 0:
        raise QuayOptionError('wait_timeout', 'must be 0 (ask once) or a positive number of seconds, got %d' % params['wait_timeout'])
    if params['wait_delay'] <= 0:
        raise QuayOptionError('wait_delay', 'must be a positive number of seconds, got %d' % params['wait_delay'])
    health = Health(client)
    healthy, body, attempts, reason = wait_healthy(health, params['wait_timeout'], params['wait_delay'])
    result = dict(changed=False, healthy=healthy, attempts=attempts)
    if healthy:
        if body is not None:
            result['health'] = body
        return result
    if params['wait_timeout'] > 0:
        module.fail_json(msg='Quay at %s did not answer healthy within wait_timeout=%d s (%d attempts); last answer: %s'
                         % (client.base_url, params['wait_timeout'], attempts, reason),
                         **dict(result, reason=reason, cause=cause_of(health.last_error) if health.last_error else API))
    result['reason'] = reason
    return result


if __name__ == '__main__':
    main()
