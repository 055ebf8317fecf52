"""What a token-create body may ask for, in the server's profile: the name, the scopes, the lifetime,
and how many live tokens an application may hold.

proposal: quayref's rules and wording, with the OAUTH_TOKEN_* defaults. quay-3.18: Quay's rules
(Profile.quay_token_messages, token_*_expiration, unlimited_tokens_by_default); its NewToken schema is
checked before this, by the HTTP shell, so what is left here is what Quay checks behind the schema.
No OAUTH_TOKEN_* key is read on the quay-3.18 path: Quay has none of them.
"""

import math

from quayref.services import scopes
from quayref.services.errors import InvalidRequest, RequestError

NAME_MAX = 255
LIMIT_KEY = "OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT"
# `expiration` sent as JSON null, which Quay refuses, where None means "left out".
NULL = object()


def name(settings, value):
    """The token's name, trimmed."""
    value = value.strip() if isinstance(value, str) else ""
    if settings.profile.quay_token_messages:
        if not value:
            raise RequestError("'name' must not be empty")
        if len(value) > NAME_MAX:
            raise RequestError("'name' is too long")
        return value
    if not 1 <= len(value) <= NAME_MAX:
        raise InvalidRequest("name: must be 1 to 255 characters")
    return value


def scope_names(settings, value):
    """The scopes asked for, normalised (space-separated order, no duplicates)."""
    if value is None:
        if settings.profile.scope_required:
            raise InvalidRequest("'scope' is a required property")
        value = settings.OAUTH_TOKEN_DEFAULT_SCOPE
    if settings.profile.quay_token_messages:
        return scopes.parse_as_quay(value)
    return scopes.parse(value)


def lifetime(settings, expiration):
    """Seconds the token lives; `expiration` None when the body leaves it out."""
    profile = settings.profile
    if profile.token_max_expiration is None:
        return _proposal_lifetime(settings, expiration)
    if expiration is None:
        return profile.token_default_expiration
    if expiration is NULL:
        # The schema's type, should the body get here unchecked.
        raise InvalidRequest("None is not of type 'number'")
    if not math.isfinite(expiration):
        raise RequestError("'expiration' must be a positive number of seconds")
    if expiration < 1:
        raise InvalidRequest("%r is less than the minimum of 1" % expiration)
    # Quay truncates a fraction (1.5 lives one second) and caps rather than refuses.
    return min(int(expiration), profile.token_max_expiration)


def _proposal_lifetime(settings, expiration):
    maximum = settings.OAUTH_TOKEN_MAX_EXPIRATION
    if expiration is None:
        return min(settings.OAUTH_TOKEN_DEFAULT_EXPIRATION, maximum)
    if expiration < 1:
        raise InvalidRequest("expiration: must be at least 1 second")
    if expiration > maximum:
        raise InvalidRequest("expiration: must be at most %d seconds (OAUTH_TOKEN_MAX_EXPIRATION)" % maximum)
    return expiration


def count_limit(settings):
    """Live tokens one application may hold; None: no limit (Quay, when the key is left unset)."""
    if settings.profile.unlimited_tokens_by_default and LIMIT_KEY not in settings.model_fields_set:
        return None
    return settings.OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT


def limit_reached(settings, limit):
    """The error for an application that already holds `limit` live tokens."""
    if settings.profile.quay_token_messages:
        return RequestError("Token limit reached: maximum %d non-expired tokens per application" % limit)
    return InvalidRequest("The application already has %d live tokens (OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT); revoke one first" % limit)
