"""How Quay 3.18 authenticates an API call (QUAYREF_PROFILE quay-3.18), as its process_oauth
and csrf_protect do:

- `Authorization: Bearer <value>`: an OAuth token, or an SSO JWT of a configured issuer
  (Profile.sso_jwt_bearer). Valid: that is the caller, and no CSRF token is needed. Invalid,
  revoked or expired: the call is anonymous, and the session is not read (Quay stops at the
  first credential that says something).
- Anything else in Authorization (HTTP Basic, a bare "Bearer"): not read; the session is.
- The session cookie (_csrf_token, services/quay_sessions.py): its signed-in user, if any.
- A mutating call not authenticated by a Bearer credential must send the session's CSRF token
  (X-CSRF-Token, or _csrf_token in the query); otherwise 403 CsrfFailure, naming the signed-in
  user as Quay does. So a call without credentials is 403, not 401.
- An anonymous caller gets 401 "Requires authentication" from the first service that needs one.
"""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from quayref.api import errors
from quayref.security import credentials
from quayref.services import quay_sessions, sessions, sso, tokens
from quayref.services.errors import CsrfFailure, Unauthorized

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Which CSRF rule a route follows: the API's; none (outside Quay's API blueprint); or the API's
# unless the call carries a Bearer header of any kind (the endpoint judges that header itself).
API_CSRF, NO_CSRF, CSRF_UNLESS_BEARER = "api", "none", "unless-bearer"
# Where CsrfGuard leaves the Caller, in the request state, for the route's RequestContext.
STATE_KEY = "quayref_caller"


class Caller:
    """One request's caller, identified at most once (the CSRF check and the service share it)."""

    def __init__(self, request, db, settings, ip):
        # `db` may be swapped: CsrfGuard identifies with a session of its own, the route with its own.
        self.db, self.settings, self.ip = db, settings, ip
        parts = (request.headers.get("authorization") or "").split()
        self.bearer_header = bool(parts) and parts[0].lower() == "bearer"
        self.bearer = parts[1] if self.bearer_header and len(parts) == 2 else None
        self.unusable_header = bool(parts) and self.bearer is None
        self.state = quay_sessions.decode(settings, request.cookies.get(quay_sessions.COOKIE))
        self.given_csrf = request.headers.get("x-csrf-token") or request.query_params.get("_csrf_token")
        self._identified = False
        self._principal = None
        self._by_bearer = False

    def identify(self):
        """The Principal, or None for an anonymous call."""
        if not self._identified:
            self._principal, self._by_bearer = self._identify()
            self._identified = True
        return self._principal

    def _identify(self):
        if self.bearer is not None:
            return self._from_bearer(self.bearer), True
        if self.unusable_header and not self.settings.profile.bad_credentials_are_anonymous:
            raise Unauthorized("Unsupported Authorization header: use Bearer")
        row = quay_sessions.session_row(self.db, self.settings, self.state)
        return (sessions.principal_of(self.db, self.settings, row.user_id) if row is not None else None), False

    def _from_bearer(self, value):
        try:
            if credentials.split_credential(value):
                return tokens.authenticate(self.db, self.settings, value)
            if self.settings.profile.sso_jwt_bearer and sso.looks_like_jwt(value) and self.settings.login_configs:
                return sso.authenticate(self.db, self.settings, value, self.ip)
        except Unauthorized:
            if not self.settings.profile.bad_credentials_are_anonymous:
                raise
            return None
        if not self.settings.profile.bad_credentials_are_anonymous:
            raise Unauthorized("Invalid, revoked or expired access token")
        return None

    def principal(self):
        """RequestContext's authenticator: the caller, or 401 for an anonymous call."""
        principal = self.identify()
        if principal is None:
            raise Unauthorized()
        return principal

    def _csrf_passes_at_once(self, rule):
        return rule == NO_CSRF or (rule == CSRF_UNLESS_BEARER and self.bearer_header) or \
            quay_sessions.csrf_matches(self.state, self.given_csrf)

    def csrf_decided_without_database(self, rule):
        """True when check_csrf needs no database: the token matches, or the refusal names nobody."""
        return self._csrf_passes_at_once(rule) or (self.bearer is None and not (self.state and self.state.credential))

    def check_csrf(self, rule):
        """Raise CsrfFailure unless the call may go on: the CSRF token matches the session's, or
        a valid Bearer credential authenticated it."""
        if self._csrf_passes_at_once(rule):
            return
        principal = self.identify()
        if self._by_bearer and principal is not None:
            return
        raise quay_sessions.csrf_refusal(principal.username if principal is not None else None)


class CsrfGuard:
    """ASGI middleware: a mutating call to an API route is held to its route's CSRF rule before
    FastAPI reads the body, as Quay refuses a call without a CSRF token before it looks at what
    the call asks (even malformed JSON). `rules`: (path regex, methods, rule) per route. The Caller
    is left in the request state for the route's RequestContext, so it is identified once."""

    def __init__(self, app, settings, sessionmaker, rules):
        self.app, self.settings, self.sessionmaker = app, settings, sessionmaker
        self.rules = [(regex, methods, rule) for regex, methods, rule in rules if rule not in (None, NO_CSRF)]

    def rule_for(self, method, path):
        for regex, methods, rule in self.rules:
            if method in methods and regex.match(path):
                return rule
        return None

    async def __call__(self, scope, receive, send):
        rule = self.rule_for(scope["method"], scope["path"]) if scope["type"] == "http" and scope["method"] not in SAFE_METHODS else None
        if rule is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        caller = Caller(request, None, self.settings, request.client.host if request.client else None)
        try:
            if caller.csrf_decided_without_database(rule):
                caller.check_csrf(rule)
            else:
                # Whether a Bearer token is valid, or whom to name in the refusal, is in the database.
                await run_in_threadpool(self._check_with_database, caller, rule)
        except CsrfFailure as refused:
            # Middleware runs outside the app's exception handlers: answer here, in the profile's shape.
            await errors.error_response(request, refused)(scope, receive, send)
            return
        scope.setdefault("state", {})[STATE_KEY] = caller
        await self.app(scope, receive, send)

    def _check_with_database(self, caller, rule):
        db = self.sessionmaker()
        caller.db = db
        try:
            caller.check_csrf(rule)
        finally:
            caller.db = None
            db.close()


def caller_for(request, db, settings, ip):
    """The request's Caller: the one CsrfGuard made, now on the route's database session."""
    caller = request.scope.get("state", {}).get(STATE_KEY)
    if caller is None:
        caller = Caller(request, db, settings, ip)
    caller.db = db
    return caller
