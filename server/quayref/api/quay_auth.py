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

from quayref.security import credentials
from quayref.services import quay_sessions, sessions, sso, tokens
from quayref.services.errors import Unauthorized

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Which CSRF rule a route follows: the API's; none (outside Quay's API blueprint); or the API's
# unless the call carries a Bearer header of any kind (the endpoint judges that header itself).
API_CSRF, NO_CSRF, CSRF_UNLESS_BEARER = "api", "none", "unless-bearer"


class Caller:
    """One request's caller, identified at most once (the CSRF check and the service share it)."""

    def __init__(self, request, db, settings, ip):
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
