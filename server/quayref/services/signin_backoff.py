"""Quay's sign-in back-off (QUAYREF_PROFILE quay-3.18): after n failed sign-ins of a user,
no sign-in of that user for 0.5*(2^n - 1) seconds from the last failure.

As Quay does it: the wait is checked before the password, so the right password is refused
during it too; an attempt refused by the wait does not count; a wrong password counts and
starts the wait again; a success clears the count. Unknown users have no count. The count is
on the user row and is incremented in SQL, so that every worker sees and adds to the same one.
"""

import datetime

from sqlalchemy import update

from quayref.db.models import User, utcnow
from quayref.services.errors import SigninThrottled

# Quay's words; REGISTRY_TITLE_SHORT is "Quay" there.
MESSAGE = "Too many login attempts. \nPlease reset your Quay password and try again."
# 2^40 half-seconds is some 17 000 years: enough to stop anyone, small enough for datetime.
MAX_EXPONENT = 40


def wait_after(failures):
    """Seconds of back-off after `failures` failed sign-ins."""
    return 0.5 * (2 ** min(failures, MAX_EXPONENT) - 1)


def seconds_left(user, now=None):
    """How long `user` must still wait before a sign-in is looked at (0: not at all)."""
    if not user.invalid_login_attempts or user.last_invalid_login is None:
        return 0.0
    retry_at = user.last_invalid_login + datetime.timedelta(seconds=wait_after(user.invalid_login_attempts))
    return max(0.0, (retry_at - (now or utcnow())).total_seconds())


def require_no_wait(user):
    """Raise SigninThrottled while `user` is backed off; Retry-After is the whole seconds left
    (rounded down, as Quay does, so that it can be 0)."""
    if user is None:
        return
    left = seconds_left(user)
    if left > 0:
        raise SigninThrottled(MESSAGE, int(left))


def record_failure(db, user):
    """Count a wrong password of `user` (the caller commits)."""
    db.execute(update(User).where(User.id == user.id)
               .values(invalid_login_attempts=User.invalid_login_attempts + 1, last_invalid_login=utcnow()))


def clear(db, user):
    """Forget the failures of `user` after a success (the caller commits)."""
    if user.invalid_login_attempts:
        db.execute(update(User).where(User.id == user.id).values(invalid_login_attempts=0))
