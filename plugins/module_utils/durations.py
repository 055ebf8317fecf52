# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Durations (``3600``, ``30d``, ``12h``, ``15m``) and Quay's ISO timestamps."""

from __future__ import annotations

import datetime
import re

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError

_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}
_DURATION = re.compile(r'^\s*(\d+)\s*([smhdw]?)\s*$')


def parse_duration(value):
    """Return the number of seconds in ``value``; raise ValueError if it is not a duration.

    Accepts an int, a string of digits (seconds) or digits with one unit
    suffix s/m/h/d/w. Booleans are refused although they are ints in Python,
    because ``expiration: yes`` is a typo, not one second.
    """
    if isinstance(value, bool):
        raise ValueError('expected seconds or a duration like 30d, 12h, 15m, got %r' % (value,))
    if isinstance(value, int):
        seconds = value
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError('expected seconds or a duration like 30d, 12h, 15m, got %r' % (value,))
        seconds = int(match.group(1)) * _UNITS[match.group(2) or 's']
    if seconds < 0:
        raise ValueError('must not be negative, got %r' % (value,))
    return seconds


# Quay writes naive UTC with isoformat() and a "Z": 2026-12-01T22:30:01.123456Z, the fraction
# left out when it is zero; an offset instead of Z, or no zone at all (UTC), is read too.
_TIMESTAMP = re.compile(r'^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$')


def parse_timestamp(value):
    """Return a Quay timestamp as epoch seconds, None for null; raise ValueError, showing the
    value, for anything else (an unreadable expiry must not pass for "never expires")."""
    if value is None:
        return None
    match = _TIMESTAMP.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError('%r is not an ISO 8601 time like 2026-12-01T22:30:01.123456Z' % (value,))
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                                   int((fraction or '0')[:6].ljust(6, '0')), tzinfo=datetime.timezone.utc)
    except ValueError:
        raise ValueError('%r is not a valid time' % (value,)) from None
    if zone and zone != 'Z':
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        moment -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment.timestamp()


def duration_option(params, option, minimum):
    """Option ``option`` as seconds (None when not given), failing naming it when it is no
    duration or shorter than ``minimum`` seconds."""
    value = params[option]
    if value is None:
        return None
    try:
        seconds = parse_duration(value)
    except ValueError as exc:
        raise QuayOptionError(option, str(exc)) from None
    if seconds < minimum:
        raise QuayOptionError(option, 'must be at least %d second(s), got %r' % (minimum, value))
    return seconds
