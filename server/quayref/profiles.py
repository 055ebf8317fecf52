"""What differs between quayref's two profiles, each difference named once.

`proposal` (the default) implements the feature request PROJQUAY-10436; `quay-3.18` answers as
Project Quay 3.18 does (the recorded exchanges in ../shared/quay-3.18 are its specification).
Code asks `settings.profile.<field>`, never the profile's name, so that every difference is a
field here and docs/compatibility.md can list them from one place (a test checks it does).
"""

import dataclasses

PROPOSAL = "proposal"
QUAY_318 = "quay-3.18"
NAMES = (PROPOSAL, QUAY_318)


@dataclasses.dataclass(frozen=True)
class Profile:
    """One profile's answers. Each field's comment says what the proposal does and what Quay does."""

    name: str

    # --- The HTTP shell: error bodies, redirects, pages that are not the API -----------------
    # proposal: every error is the full error body plus "message"; Quay: the error body with
    # "type" (a URL under /api/v1/error/), and 400s raised as messages are {"message": ...} only.
    quay_error_bodies: bool

    # --- Authentication -----------------------------------------------------------------------
    # proposal: HTTP Basic, LDAP and OIDC bootstrap credentials on the three zero-touch POSTs,
    # with lockout and bootstrap_auth_* audit rows; Quay reads only Bearer tokens and the session.
    bootstrap_credentials: bool
    # proposal: any other Authorization header, and an invalid, revoked or expired Bearer token, is
    # answered 401 at once; Quay: a credential it cannot use leaves the call anonymous (GET 401
    # "Requires authentication", mutating 403 CSRF) and HTTP Basic is never read by the API.
    bad_credentials_are_anonymous: bool
    # proposal: CSRF guards the calls made with the session cookie only, a call without
    # credentials is 401; Quay: every mutating API call not made with a Bearer token (an OAuth
    # token or an SSO JWT) needs the session's CSRF token, checked before the body is read.
    csrf_guards_every_mutation: bool
    # proposal: a quayref_session cookie from sign-in on, beside a _csrf_token double-submit cookie,
    # 40-character CSRF tokens; Quay: one signed session cookie named _csrf_token from GET /csrf_token
    # on, re-sent on every answer (with Expires once signed in), whose CSRF token (64 characters)
    # outlives sign-out; a CSRF refusal names the signed-in user.
    quay_session_cookie: bool
    # proposal: a wrong password is a 403 error body, never throttled, an unknown name costs a bcrypt
    # check too; Quay: 403 {"needsEmailVerification", "invalidCredentials", "message"}, after n failures
    # 0.5*(2^n-1) s of 429 text/html with Retry-After, and an unknown name is refused at once.
    quay_signin: bool
    # proposal: initialize answers username, email and a token (mixed case, superuser scopes only for
    # superusers); Quay: also encrypted_password, it signs the new user in (session cookie and
    # X-Next-CSRF-Token), its token is 40 characters [A-Z0-9] with every scope, and its 400s are messages.
    quay_initialize: bool
    # proposal: GET /api/v1/user/ is a short view (403 for a token without user:read); Quay: every
    # field of Quay's user view as the token's scopes allow, and 401 with session_required false.
    quay_user_view: bool
    # proposal: no user administration API; Quay: GET and POST /api/v1/superuser/users/.
    superuser_users_api: bool
    # proposal: a superuser administers every organization; Quay: only with FEATURE_SUPERUSERS_FULL_ACCESS
    # (and, by token, only with super:user: Quay's allow_if_superuser).
    superuser_full_access_flag: bool
    # proposal: a 403 names the rule that refused; Quay: every authorization refusal says "Unauthorized".
    terse_refusals: bool
    # proposal: an organization's view needs a token with org:admin or user:read, and a token acts
    # with its user's team roles; Quay: any valid token may read the view, and a token's scopes cap
    # its team roles (org:admin: admin, repo:create: creator, else none: a repo:read token of an
    # owner gets the non-member view).
    org_permissions_follow_scopes: bool
    # proposal: an OIDC JWT is only a bootstrap credential of a qualifying superuser; Quay: a JWT from a
    # configured *_LOGIN_CONFIG issuer is ordinary authentication of the user it names (created on
    # first use when FEATURE_USER_CREATION allows), as auth/oauth.py validate_sso_oauth_token.
    sso_jwt_bearer: bool

    # --- Tokens, applications, organizations ----------------------------------------------------
    # proposal: scope defaults to OAUTH_TOKEN_DEFAULT_SCOPE; Quay: "'scope' is a required property".
    scope_required: bool

    # --- The start-up token --------------------------------------------------------------------
    # Default BOOTSTRAP_TOKEN_EXPIRATION in seconds: proposal one day, Quay one hour.
    bootstrap_token_expiration: int | None

    # Config keys only the proposal reads; with quay-3.18 they are refused, as Quay would ignore them.
    proposal_only_keys: tuple = ()


PROFILES = {
    PROPOSAL: Profile(
        name=PROPOSAL,
        quay_error_bodies=False,
        bootstrap_credentials=True,
        bad_credentials_are_anonymous=False,
        csrf_guards_every_mutation=False,
        quay_session_cookie=False,
        quay_signin=False,
        quay_initialize=False,
        quay_user_view=False,
        superuser_users_api=False,
        superuser_full_access_flag=False,
        terse_refusals=False,
        org_permissions_follow_scopes=False,
        sso_jwt_bearer=False,
        scope_required=False,
        bootstrap_token_expiration=None,  # the key's own default
    ),
    QUAY_318: Profile(
        name=QUAY_318,
        quay_error_bodies=True,
        bootstrap_credentials=False,
        bad_credentials_are_anonymous=True,
        csrf_guards_every_mutation=True,
        quay_session_cookie=True,
        quay_signin=True,
        quay_initialize=True,
        quay_user_view=True,
        superuser_users_api=True,
        superuser_full_access_flag=True,
        terse_refusals=True,
        org_permissions_follow_scopes=True,
        sso_jwt_bearer=True,
        scope_required=True,
        bootstrap_token_expiration=3600,
        proposal_only_keys=("OAUTH_TOKEN_DEFAULT_SCOPE", "OAUTH_TOKEN_DEFAULT_EXPIRATION", "OAUTH_TOKEN_MAX_EXPIRATION",
                            "BOOTSTRAP_MAX_FAILED_ATTEMPTS", "BOOTSTRAP_LOCKOUT_SECONDS", "BOOTSTRAP_LOCKOUT_MAX_SECONDS",
                            "BOOTSTRAP_FAILURE_WINDOW_SECONDS"),
    ),
}
