# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Durations (``3600``, ``30d``, ``12h``, ``15m``) and Quay's ISO timestamps."""

from __future__ import annotations

import datetime
import re

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


def parse_timestamp(value):
    """Return a Quay ISO 8601 UTC timestamp as epoch seconds, or None for null/unparseable.

    Quay writes ``2026-11-29T17:00:00Z``; older endpoints also send RFC 2822
    dates, so both are read. Unparseable values count as "no expiry known".
    """
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith('Z'):
        text = text[:-1] + '+00:00'
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        try:
            from email.utils import parsedate_to_datetime
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()
