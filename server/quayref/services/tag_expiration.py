"""Quay's organization tag expiration (the "time machine"): TAG_EXPIRATION_OPTIONS and
DEFAULT_TAG_EXPIRATION are durations like "2w"; an organization stores seconds and a PUT
may only choose one of the options."""

import re

from quayref.services.errors import RequestError

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
DURATION_PATTERN = r"^[0-9]+[smhdw]$"
INVALID_OPTION = "Invalid tag expiration option"  # Quay's 400, a bare {"message": ...}
DEFAULT_OPTIONS = ["0s", "1d", "1w", "2w", "4w"]
DEFAULT = "2w"


def seconds(duration):
    """"2w" -> 1209600, as Quay's convert_to_timedelta reads TAG_EXPIRATION_OPTIONS."""
    match = re.fullmatch(r"([0-9]+)([smhdw])", duration.strip()) if isinstance(duration, str) else None
    if match is None:
        raise ValueError("not a duration like 2w: %r" % (duration,))
    return int(match.group(1)) * UNITS[match.group(2)]


def allowed(settings):
    return {seconds(option) for option in settings.TAG_EXPIRATION_OPTIONS}


def default_seconds(settings):
    return seconds(settings.DEFAULT_TAG_EXPIRATION)


def check(settings, value):
    """The value, when it is one of TAG_EXPIRATION_OPTIONS; else Quay's 400."""
    if value not in allowed(settings):
        raise RequestError(INVALID_OPTION)
    return value
