# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The file that keeps a token (``dest``): what it holds, writing it, removing it.

Two formats. ``json`` is the object Quay 3.18 writes as its start-up token file,
``{"access_token": "..."}`` without a trailing newline, plus the token's identity
(``uuid``, ``name``, ``scope``, ``expires_at``, ``quay_host``), so that a later run
can tell whether that very token is still live. ``text`` is the bare secret and a
newline. A file is read by its content, not by the option, so a module can tell a
file it must convert from one it must replace.
"""

from __future__ import annotations

import json
import os
import tempfile

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError

JSON = 'json'
TEXT = 'text'
FORMATS = (JSON, TEXT)
# The identity written next to the secret, in this order after it (access_token first, as Quay does).
IDENTITY = ('uuid', 'name', 'scope', 'expires_at', 'quay_host')


def check_dest(dest):
    """Fail before any request if ``dest`` cannot receive a secret."""
    directory = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(directory):
        raise QuayOptionError('dest', 'directory %s does not exist' % directory)
    if not os.access(directory, os.W_OK):
        raise QuayOptionError('dest', 'directory %s is not writable' % directory)
    if os.path.isdir(dest):
        raise QuayOptionError('dest', '%s is a directory' % dest)


def _unreadable(dest, problem):
    # The message names the file and the problem only: the content may be a secret.
    return QuayOptionError('dest', '%s cannot be read as a stored token: %s' % (dest, problem))


def read_stored(dest):
    """What ``dest`` holds: None when it is missing or empty; else a dict with ``format``,
    ``access_token`` and the identity keys found (``uuid`` None in a bare secret, or in a file
    Quay wrote). Anything else fails naming ``dest`` and the problem, never the content."""
    check_dest(dest)
    if not os.path.exists(dest):
        return None
    try:
        with open(dest, 'rb') as stream:
            raw = stream.read()
    except OSError as exc:
        raise _unreadable(dest, exc.strerror or str(exc)) from None
    try:
        text = raw.decode('utf-8').strip()
    except UnicodeDecodeError:
        raise _unreadable(dest, 'it is not UTF-8 text') from None
    if not text:
        return None
    if text.startswith(('{', '[')):
        return _read_json(dest, text)
    if len(text.split()) != 1:
        raise _unreadable(dest, 'it is neither a JSON object nor a single-word secret')
    stored = dict((key, None) for key in IDENTITY)
    stored.update(format=TEXT, access_token=text)
    return stored


def _read_json(dest, text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # json's message and position only, never the text around it.
        raise _unreadable(dest, 'invalid JSON (%s at line %d column %d)' % (exc.msg, exc.lineno, exc.colno)) from None
    if not isinstance(data, dict):
        raise _unreadable(dest, 'the JSON is not an object')
    secret = data.get('access_token')
    if not isinstance(secret, str) or not secret.strip():
        raise _unreadable(dest, 'the JSON object has no "access_token" string')
    stored = dict((key, data.get(key)) for key in IDENTITY)
    for key in ('uuid', 'name', 'quay_host'):
        if stored[key] is not None and not isinstance(stored[key], str):
            raise _unreadable(dest, '"%s" is not a string' % key)
    stored.update(format=JSON, access_token=secret.strip())
    return stored


def stored_view(stored):
    """What a diff or a message may show of a stored token: its format and identity, no secret."""
    if stored is None:
        return None
    return dict(format=stored['format'], uuid=stored.get('uuid'), name=stored.get('name'))


def file_content(token, quay_host, dest_format):
    """The bytes ``dest`` receives for a token (the server's create answer, with ``token``)."""
    if dest_format == TEXT:
        return token['token'] + '\n'
    identity = dict((key, token.get(key)) for key in IDENTITY)
    identity['quay_host'] = quay_host
    data = dict(access_token=token['token'])
    data.update((key, identity[key]) for key in IDENTITY)
    # Quay's own separators and no newline, so a reader of Quay's file reads this one.
    return json.dumps(data)


def store_token(dest, dest_format, token, quay_host):
    """Write a newly created token (the server's create answer) to ``dest``; a failure is the
    error naming ``dest`` (the caller then withdraws the token nobody could use)."""
    try:
        write_secret_file(dest, file_content(token, quay_host, dest_format))
    except OSError as exc:
        raise QuayOptionError('dest', 'cannot write %s: %s' % (dest, exc.strerror or exc)) from None


def write_secret_file(dest, content):
    """Write ``content`` to ``dest`` atomically with mode 0600.

    mkstemp creates the file 0600 in the target directory, so the secret is
    never readable by others, and os.replace makes the switch atomic: a reader
    sees the old secret or the new one, never half of one.
    """
    directory = os.path.dirname(os.path.abspath(dest))
    handle, temp = tempfile.mkstemp(prefix='.quay-oauth-', dir=directory)
    try:
        with os.fdopen(handle, 'w') as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, dest)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def remove_secret_file(dest):
    """Remove ``dest``: True if it was there."""
    try:
        os.unlink(dest)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise QuayOptionError('dest', 'cannot remove %s: %s' % (dest, exc.strerror or exc)) from None
    return True
