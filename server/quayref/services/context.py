"""What every request-handling service receives: the session, the settings, the caller."""

import dataclasses
from collections.abc import Callable

from sqlalchemy.orm import Session

from quayref.services.errors import Unauthorized
from quayref.services.principal import Principal
from quayref.settings import Settings


@dataclasses.dataclass(eq=False)
class RequestContext:
    """`principal` is resolved on first use, by `authenticator`.

    Lazily, because authentication is sync and touches the database: the API builds the
    context in an async dependency (no thread-pool hand-off) and the sync route's first
    service call resolves the principal in the thread the route already runs in. Every
    service that needs a caller starts with an `authz` check, so an unauthenticated call
    is answered 401 before anything else is looked at."""

    db: Session
    settings: Settings
    ip: str | None = None
    authenticator: Callable[[], Principal] | None = dataclasses.field(default=None, repr=False)
    _principal: Principal | None = dataclasses.field(default=None, init=False, repr=False)

    @property
    def principal(self) -> Principal:
        if self._principal is None:
            if self.authenticator is None:
                raise Unauthorized()
            self._principal = self.authenticator()
        return self._principal

    @classmethod
    def acting_as(cls, db, settings, principal, ip=None):
        """A context whose caller is already known (tests, in-process callers)."""
        ctx = cls(db, settings, ip)
        ctx._principal = principal  # pylint: disable=protected-access
        return ctx
