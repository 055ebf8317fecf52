# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The file that receives a new token's secret (``dest``)."""

from __future__ import annotations

import os
import tempfile

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError


def check_dest(dest):
    """Fail before any request if ``dest`` cannot receive a secret; return True if it holds none yet."""
    if not dest:
        return False
    directory = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(directory):
        raise QuayOptionError('dest', 'directory %s does not exist' % directory)
    if not os.access(directory, os.W_OK):
        raise QuayOptionError('dest', 'directory %s is not writable' % directory)
    if os.path.isdir(dest):
        raise QuayOptionError('dest', '%s is a directory' % dest)
    return not os.path.exists(dest) or os.path.getsize(dest) == 0


def write_secret_file(dest, secret):
    """Write ``secret`` to ``dest`` atomically with mode 0600.

    mkstemp creates the file 0600 in the target directory, so the secret is
    never readable by others, and os.replace makes the switch atomic: a reader
    sees the old secret or the new one, never half of one.
    """
    directory = os.path.dirname(os.path.abspath(dest))
    handle, temp = tempfile.mkstemp(prefix='.quay-oauth-', dir=directory)
    try:
        with os.fdopen(handle, 'w') as stream:
            stream.write(secret + '\n')
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, dest)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
