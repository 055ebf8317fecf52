# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Callback for bench/modules_bench.py: each task's wall time, from its start to its result."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Record each task's wall time for the benchmark
description:
  - Writes a JSON list of C([task name, seconds]) to the file named by E(BENCH_TIMER_OUT) when the play ends.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._started = None
        self._name = None
        self.rows = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._name = task.get_name()
        self._started = time.perf_counter()

    def v2_runner_on_ok(self, result):
        self.rows.append([self._name, time.perf_counter() - self._started])

    def v2_playbook_on_stats(self, stats):
        with open(os.environ['BENCH_TIMER_OUT'], 'w', encoding='utf-8') as stream:
            json.dump(self.rows, stream)
