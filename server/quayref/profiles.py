"""What differs between quayref's two profiles, each difference named once.

`proposal` (the default) implements the feature request PROJQUAY-10436; `quay-3.18` answers as
Project Quay 3.18 does (the recorded exchanges in ../shared/quay-3.18 are its specification).
Code asks `settings.profile.<field>`, never the profile's name, so that every difference is a
field here and docs/compatibility.md can list them from one place (a test checks it does).
"""

import dataclasses
from quayref.security import credentials

PROPOSAL = "proposal"
QUAY_318 = "quay-3.18"
NAMES = (PROPOSAL, QUAY_318)
# Quay's token lifetime, default and cap alike: ten years of 365.25 days.
QUAY_TOKEN_LIFETIME = int(10 * 365.25 * 24 * 3600)


@dataclasses.dataclass(frozen=True)
class Profile:
    """One profile's answers. Each field's comment says what the proposal does and what Quay does."""

    name: str

    # --- The HTTP shell: error bodies, redirects, pages that are not the API -----------------
    # proposal: every error is the full error body plus "message"; Quay: the error body with
    # "type" (a URL under /api/v1/error/), and 400s raised as messages are {"message": ...} only.
    quay_error_bodies: bool
    # proposal: pydantic models check request bodies ("name: Field required"); Quay: its JSON schemas,
    # answering jsonschema's message ("'scope' is a required property\n\nFailed validating ..."), 415
    # for a body that is not application/json, 400 {"message"} for malformed JSON (api/bodies.py).
    quay_request_bodies: bool
    # proposal: Starlette's routing (307 to the slash form, JSON 404 and 405); Quay: werkzeug's and its
    # catch-all web route: 308 with werkzeug's page, the HTML app shell as 404, HTML 405 off the API,
    # JSON 405 with Allow on an API resource, OPTIONS 200 (api/routing.py).
    werkzeug_routing: bool
    # proposal: API answers carry no CORS headers, and a 204 no Content-Type; Quay (flask-restful):
    # every API resource answer has Access-Control-* headers and is application/json.
    api_resource_headers: bool
    # proposal: the token routes are also served under the singular /organization/{org}/application/;
    # Quay has only /applications/ (the singular spelling falls to its catch-all route).
    singular_application_alias: bool
    # proposal: no /api/v1/discovery, no /health/endtoend, /health/instance reports database and auth;
    # Quay: the Swagger 2.0 discovery document, the end-to-end check, and its six instance services.
    quay_discovery_and_health: bool
    # proposal: every route is always there and a disabled feature is refused by its service; Quay
    # (show_if): a resource whose feature flag is off is not registered at all (POST -> HTML 405).
    feature_gated_routes: bool

    # --- Authentication -----------------------------------------------------------------------
    # proposal: HTTP Basic, LDAP and OIDC bootstrap credentials on the three zero-touch POSTs (with
    # lockout and bootstrap_auth_* audit rows); any other Authorization header, and an invalid,
    # revoked or expired Bearer token, is answered 401 at once. Quay reads only Bearer tokens and
    # the session: a credential it cannot use leaves the call anonymous (GET 401 "Requires
    # authentication", mutating 403 CSRF) and HTTP Basic is never read by the API.
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
    # proposal: its own 400 wording for a bad token name, scope or count; Quay's {"message": ...}: "Invalid scope:
    # <as sent>", "'name' must not be empty", "Token limit reached: maximum N non-expired tokens per application".
    quay_token_messages: bool
    # A token's lifetime when `expiration` is left out, and the longest: proposal OAUTH_TOKEN_DEFAULT_EXPIRATION and
    # OAUTH_TOKEN_MAX_EXPIRATION (None here), a whole number of seconds, longer refused; Quay 315576000 s
    # (10 x 365.25 days) for both, any number, a fraction truncated and a longer one capped.
    token_default_expiration: int | None
    token_max_expiration: int | None
    # proposal: OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT defaults to 100; Quay: left unset, no limit.
    unlimited_tokens_by_default: bool
    # proposal: a token's created and expires_at come from one instant; Quay computes expires_at a moment
    # before created, so expires_at - created is a little under the lifetime.
    expires_at_before_created: bool
    # proposal: token timestamps to the second ("2026-12-01T22:30:01Z"); Quay: isoformat() + "Z", so with
    # microseconds ("2026-12-01T22:30:01.123456Z") unless they are 0.
    microsecond_timestamps: bool
    # proposal: token views carry auth_method, the create answer token_type and expires_in too, and
    # `Accept: text/plain` gets the bare secret; Quay: uuid, name, scope, expires_at, created, created_by,
    # last_accessed (and token when created), always JSON.
    quay_token_views: bool
    # proposal: next_page is base64 "v1:<id>" and one it did not issue is a 400; Quay: a Fernet token (184
    # characters) under a key derived from SECRET_KEY, and one it cannot read, or older than two days, is the first page.
    sealed_page_tokens: bool
    # Characters of an application's client_id (20) and client_secret (40): proposal [A-Za-z0-9], Quay [A-Z0-9].
    client_credential_alphabet: str
    # proposal: PUT of an application changes the fields it names; Quay replaces them: name, redirect_uri and
    # application_uri are required, description becomes "" and avatar_email null when left out.
    application_update_replaces: bool
    # proposal: an organization's view is quayref's (avatar kind org, email null for non-admins, teams with the
    # org's avatar); Quay's: avatar kind user, email "" for non-admins, teams (description, team avatar, counts)
    # for members only, invoice_email*, tag_expiration_s and is_free_account for admins only.
    quay_organization_view: bool
    # proposal: reading an organization needs a caller with org:admin or user:read; Quay: anyone, anonymous too,
    # gets at least the public view.
    public_organization_view: bool
    # proposal: an invalid organization name is refused with quayref's wording; Quay: "Invalid namespace <name>:
    # Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$" (or "... between 2 and 255 characters in length").
    quay_namespace_messages: bool
    # proposal: a 404 names what is missing ("Organization x does not exist"); Quay: always "Not Found".
    not_found_details: bool

    # --- The start-up token --------------------------------------------------------------------
    # Default BOOTSTRAP_TOKEN_EXPIRATION in seconds: proposal one day, Quay one hour.
    bootstrap_token_expiration: int | None
    # proposal: an owner that does not exist stops `quayref serve` (exit 2); Quay starts and
    # provisions nothing (the first start, before initialize, writes no file).
    startup_owner_required: bool
    # proposal: every start replaces a missing file or a token that is not live; Quay provisions
    # only when the bootstrap application does not exist, so an expired token stays in the file
    # and a deleted file stays deleted (renewing with the `local` header is the way back).
    startup_token_reissued: bool
    # The description of the application __quay_bootstrap_app.
    startup_app_description: str
    # proposal: the token file ends with a newline; Quay writes the JSON alone (60 bytes).
    startup_file_newline: bool
    # proposal: the start-up token is a credential of [A-Za-z0-9]; Quay's is of [A-Z0-9].
    startup_token_upper_case: bool
    # proposal: renew authenticates as every route (another token 403, a bad one 401 "Invalid,
    # revoked or expired access token"); Quay reads the Bearer itself: no Bearer 403 CSRF (as any
    # mutating call), a bad or old one 401 "Requires valid bootstrap bearer token", another live
    # token 403, and an expired start-up token renews with X-Quay-Bootstrap-Renewal-Location: local.
    renew_reads_bearer: bool
    # proposal: no GET /api/v1/user/authorizations; Quay lists there every token the caller holds
    # (expired ones too), the only place the bootstrap application shows.
    user_authorizations: bool

    # Config keys only the proposal reads; with quay-3.18 they are refused, as Quay would ignore them.
    proposal_only_keys: tuple = ()


PROFILES = {
    PROPOSAL: Profile(
        name=PROPOSAL,
        quay_error_bodies=False,
        quay_request_bodies=False,
        werkzeug_routing=False,
        api_resource_headers=False,
        singular_application_alias=True,
        quay_discovery_and_health=False,
        feature_gated_routes=False,
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
        quay_token_messages=False,
        token_default_expiration=None,  # OAUTH_TOKEN_DEFAULT_EXPIRATION
        token_max_expiration=None,  # OAUTH_TOKEN_MAX_EXPIRATION
        unlimited_tokens_by_default=False,
        expires_at_before_created=False,
        microsecond_timestamps=False,
        quay_token_views=False,
        sealed_page_tokens=False,
        client_credential_alphabet=credentials.ALPHABET,
        application_update_replaces=False,
        quay_organization_view=False,
        public_organization_view=False,
        quay_namespace_messages=False,
        not_found_details=True,
        bootstrap_token_expiration=None,  # the key's own default
        startup_owner_required=True,
        startup_token_reissued=True,
        startup_app_description="Start-up bootstrap token (Quay 3.18)",
        startup_file_newline=True,
        startup_token_upper_case=False,
        renew_reads_bearer=False,
        user_authorizations=False,
    ),
    QUAY_318: Profile(
        name=QUAY_318,
        quay_error_bodies=True,
        quay_request_bodies=True,
        werkzeug_routing=True,
        api_resource_headers=True,
        singular_application_alias=False,
        quay_discovery_and_health=True,
        feature_gated_routes=True,
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
        quay_token_messages=True,
        token_default_expiration=QUAY_TOKEN_LIFETIME,
        token_max_expiration=QUAY_TOKEN_LIFETIME,
        unlimited_tokens_by_default=True,
        expires_at_before_created=True,
        microsecond_timestamps=True,
        quay_token_views=True,
        sealed_page_tokens=True,
        client_credential_alphabet=credentials.UPPER_ALPHABET,
        application_update_replaces=True,
        quay_organization_view=True,
        public_organization_view=True,
        quay_namespace_messages=True,
        not_found_details=False,
        bootstrap_token_expiration=3600,
        startup_owner_required=False,
        startup_token_reissued=False,
        startup_app_description="Auto-created by bootstrap token provisioning",
        startup_file_newline=False,
        startup_token_upper_case=True,
        renew_reads_bearer=True,
        user_authorizations=True,
        proposal_only_keys=("OAUTH_TOKEN_DEFAULT_SCOPE", "OAUTH_TOKEN_DEFAULT_EXPIRATION", "OAUTH_TOKEN_MAX_EXPIRATION",
                            "BOOTSTRAP_MAX_FAILED_ATTEMPTS", "BOOTSTRAP_LOCKOUT_SECONDS", "BOOTSTRAP_LOCKOUT_MAX_SECONDS",
                            "BOOTSTRAP_FAILURE_WINDOW_SECONDS"),
    ),
}
