"""Domain errors. The API layer turns each into Quay's JSON error body."""


class ApiError(Exception):
    status = 400
    error_type = "invalid_request"

    def __init__(self, message, headers=None, extra=None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        self.extra = extra or {}


class InvalidRequest(ApiError):
    status = 400
    error_type = "invalid_request"


class RequestError(InvalidRequest):
    """A 400 that Quay raises as `request_error`: with quay-3.18 its body is {"message": ...} only."""


class Unauthorized(ApiError):
    status = 401
    error_type = "invalid_token"

    def __init__(self, message="Requires authentication", headers=None, extra=None):
        headers = dict(headers or {})
        headers.setdefault("WWW-Authenticate", 'Bearer realm="quay", error="invalid_token"')
        super().__init__(message, headers, extra)


class Forbidden(ApiError):
    status = 403
    error_type = "insufficient_scope"


class CsrfFailure(Forbidden):
    """A mutating call without a valid CSRF token, session or Bearer: Quay's 403, whose body with
    quay-3.18 is the JSON text {"error": ...} sent as text/html."""

    def __init__(self, message="CSRF token was invalid or missing.", headers=None, extra=None):
        super().__init__(message, headers, extra)


class InvalidCredentials(Forbidden):
    """A sign-in with a wrong user name or password. With quay-3.18 the sign-in route answers Quay's
    {"needsEmailVerification", "invalidCredentials", "message"} body, not an error body."""


class NotFound(ApiError):
    status = 404
    error_type = "not_found"

    def __init__(self, message="Not Found", headers=None, extra=None):
        super().__init__(message, headers, extra)


class Conflict(ApiError):
    status = 409
    error_type = "conflict"


class TooManyRequests(ApiError):
    status = 429
    error_type = "too_many_requests"

    def __init__(self, message, retry_after):
        super().__init__(message, {"Retry-After": str(int(retry_after))})


class SigninThrottled(TooManyRequests):
    """Quay's sign-in back-off; with quay-3.18 the sign-in route answers Quay's text/html 429."""


class ServiceUnavailable(ApiError):
    status = 503
    error_type = "service_unavailable"
