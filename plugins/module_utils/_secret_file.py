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

import grp
import json
import os
import pwd
import tempfile

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError

JSON = 'json'
TEXT = 'text'
FORMATS = (JSON, TEXT)
# The identity written next to the secret, in this order after it (access_token first, as Quay does).
IDENTITY = ('uuid', 'name', 'scope', 'expires_at', 'quay_host')


DEFAULT_MODE = 0o600


def _mode_option(value):
    text = '' if value is None else str(value).strip()
    digits = text[2:] if text.lower().startswith('0o') else text
    if not digits or len(digits) > 4 or any(c not in '01234567' for c in digits):
        raise QuayOptionError('dest_mode', "must be an octal mode in quotes like '0600', got %r (unquoted, YAML reads "
                                           "0600 as the number 384)" % (value,))
    mode = int(digits, 8)
    if mode & 0o7000:
        raise QuayOptionError('dest_mode', 'no setuid, setgid or sticky bit on a secret file, got %r' % (value,))
    if mode & 0o007:
        # The file holds a secret: nobody outside its owner and group may read or find it.
        raise QuayOptionError('dest_mode', 'must give "other" no permission (a secret file), got %r; use 0600 or 0640'
                                           % (value,))
    return mode


def _id_option(option, value, lookup, kind):
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    if value.isdigit():
        return int(value)
    try:
        return lookup(value)
    except KeyError:
        raise QuayOptionError(option, 'no %s named %r on this host' % (kind, value)) from None


def file_attributes(params):
    """The attributes ``dest`` must have (mode, uid, gid; None: left as the run makes it), checked
    before any request: a mode that lets "other" in, or an unknown owner or group, fails naming it."""
    mode = _mode_option(params.get('dest_mode', '0600'))
    uid = _id_option('dest_owner', params.get('dest_owner'), lambda name: pwd.getpwnam(name).pw_uid, 'user')
    gid = _id_option('dest_group', params.get('dest_group'), lambda name: grp.getgrnam(name).gr_gid, 'group')
    if (uid is not None or gid is not None) and not params.get('dest'):
        raise QuayOptionError('dest_owner' if uid is not None else 'dest_group', 'is for the file dest; set dest too')
    return dict(mode=mode, uid=uid, gid=gid)


def _user(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid):
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def attributes_view(mode, uid, gid):
    """What a diff shows of a file's attributes (never its content)."""
    return dict(mode='%04o' % mode, owner=_user(uid), group=_group(gid))


def wanted_view(attrs, dest):
    """The attributes ``dest`` has after this run: the wanted ones, the file's own (or this process's) otherwise."""
    try:
        info = os.stat(dest)
        uid, gid = info.st_uid, info.st_gid
    except OSError:
        uid, gid = os.geteuid(), os.getegid()
    return attributes_view(attrs['mode'], uid if attrs['uid'] is None else attrs['uid'],
                           gid if attrs['gid'] is None else attrs['gid'])


def fix_attributes(dest, attrs, check_mode):
    """(before, after) views when ``dest``'s mode, owner or group differ from ``attrs`` (fixed unless
    ``check_mode``), else None. The mode is first narrowed to what both allow, so that changing the
    group never lets the new group (or the old one) read more than the final mode does."""
    info = os.stat(dest)
    mode = stat_mode(info.st_mode)
    uid = info.st_uid if attrs['uid'] is None else attrs['uid']
    gid = info.st_gid if attrs['gid'] is None else attrs['gid']
    if (mode, info.st_uid, info.st_gid) == (attrs['mode'], uid, gid):
        return None
    before, after = attributes_view(mode, info.st_uid, info.st_gid), attributes_view(attrs['mode'], uid, gid)
    if not check_mode:
        try:
            os.chmod(dest, mode & attrs['mode'])
            if (uid, gid) != (info.st_uid, info.st_gid):
                os.chown(dest, uid, gid)
            os.chmod(dest, attrs['mode'])
        except OSError as exc:
            raise _attribute_error(attrs, dest, exc) from None
    return before, after


def stat_mode(st_mode):
    return st_mode & 0o7777


def _attribute_error(attrs, dest, exc):
    option = 'dest_owner' if attrs['uid'] is not None else 'dest_group' if attrs['gid'] is not None else 'dest_mode'
    return QuayOptionError(option, 'cannot set the mode, owner or group of %s: %s' % (dest, exc.strerror or exc))


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


def store_token(dest, dest_format, token, quay_host, attrs=None):
    """Write a newly created token (the server's create answer) to ``dest``; a failure is the
    error naming ``dest`` (the caller then withdraws the token nobody could use)."""
    try:
        write_secret_file(dest, file_content(token, quay_host, dest_format), attrs)
    except OSError as exc:
        raise QuayOptionError('dest', 'cannot write %s: %s' % (dest, exc.strerror or exc)) from None


def write_secret_file(dest, content, attrs=None):
    """Write ``content`` to ``dest`` atomically with ``attrs`` (file_attributes'; mode 0600 without).

    mkstemp creates the file 0600 in the target directory, empty; its owner and group, then its
    mode, are set before the secret is written (the open descriptor writes whatever the mode),
    so the secret is never readable by more than the final mode allows, and os.replace makes the
    switch atomic: a reader sees the old secret or the new one, never half of one.
    """
    attrs = attrs or dict(mode=DEFAULT_MODE, uid=None, gid=None)
    directory = os.path.dirname(os.path.abspath(dest))
    handle, temp = tempfile.mkstemp(prefix='.quay-oauth-', dir=directory)
    try:
        with os.fdopen(handle, 'w') as stream:
            if attrs['uid'] is not None or attrs['gid'] is not None:
                try:
                    os.fchown(stream.fileno(), -1 if attrs['uid'] is None else attrs['uid'],
                              -1 if attrs['gid'] is None else attrs['gid'])
                except OSError as exc:
                    raise _attribute_error(attrs, dest, exc) from None
            os.fchmod(stream.fileno(), attrs['mode'])
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
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
