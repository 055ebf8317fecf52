"""Request and response bodies, as they appear in the OpenAPI document."""

import contextvars
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, model_validator

# The JSON a Quay schema accepted, for the body model of the request being handled.
CHECKED_BODY = contextvars.ContextVar("quay_checked_body", default=None)

# Strict types: "10" is not an integer and true is not 1, as a JSON API should answer.
Seconds = Annotated[StrictInt, Field(ge=1, le=10**10)]
# No NUL: PostgreSQL cannot store it in text columns.
Text = Annotated[StrictStr, Field(max_length=4096, pattern=r"^[^\x00]*$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="wrap")
    @classmethod
    def _as_quay_checked(cls, data, handler):
        checked = CHECKED_BODY.get()
        if checked is None:
            return handler(data)
        # quay-3.18: Quay's JSON schema has accepted this body (api/bodies.py), and the route gets
        # what Quay's resource would, also where this model is stricter (expiration 1.5 or 10**12).
        return cls.model_construct(**{name: checked[name] for name in cls.model_fields if name in checked})


class TokenCreate(Body):
    name: Text
    scope: Text | None = Field(None, description="Space- or comma-separated Quay scopes; default OAUTH_TOKEN_DEFAULT_SCOPE")
    expiration: Seconds | None = Field(None, description="Lifetime in seconds; default OAUTH_TOKEN_DEFAULT_EXPIRATION")


class QuayTokenCreate(Body):
    """Quay 3.18's NewToken: `expiration` is any number of seconds (a fraction is truncated, more than
    Quay's ten years capped); Quay's own limits on the fields are its schema's, checked by the HTTP shell."""

    name: Text
    scope: Text | None = None
    expiration: StrictInt | StrictFloat | None = None


class TokenView(BaseModel):
    uuid: str
    name: str
    scope: str
    expires_at: str | None
    created: str | None
    created_by: str | None
    last_accessed: str | None
    auth_method: str


class TokenCreated(TokenView):
    token: str = Field(description="The secret, shown exactly once")
    token_type: str
    expires_in: int


class TokenList(BaseModel):
    tokens: list[TokenView]
    next_page: str | None = None


class OrgCreate(Body):
    name: Text
    email: Text | None = None


class OrgUpdate(Body):
    email: Text | None = None
    tag_expiration_s: Annotated[StrictInt, Field(ge=0)] | None = Field(
        None, description="Seconds; one of TAG_EXPIRATION_OPTIONS (Quay's time machine)")


class AppCreate(Body):
    name: Text
    description: Text | None = None
    redirect_uri: Text | None = None
    application_uri: Text | None = None
    avatar_email: Text | None = None


class AppUpdate(Body):
    name: Text | None = None
    description: Text | None = None
    redirect_uri: Text | None = None
    application_uri: Text | None = None
    avatar_email: Text | None = None


class AppView(BaseModel):
    name: str
    description: str
    application_uri: str
    redirect_uri: str
    client_id: str
    avatar_email: str | None = None
    client_secret: str | None = Field(None, description="Readable by org admins on every view, as in Quay; null for an "
                                      "application from before migration 0006 until its secret is reset")


class AppList(BaseModel):
    applications: list[AppView]


class Signin(Body):
    username: Text
    password: Text


class UserInitialize(Body):
    username: Text
    password: Text
    email: Text | None = None
    access_token: StrictBool = False


class UserInitialized(BaseModel):
    username: str
    email: str | None
    access_token: str | None = None


class Success(BaseModel):
    success: bool


class CsrfToken(BaseModel):
    csrf_token: str


class LogPage(BaseModel):
    start_time: str
    end_time: str
    logs: list[dict[str, Any]]
    next_page: str | None = None


class ErrorBody(BaseModel):
    status: int
    error_type: str
    error_message: str
    detail: str
    title: str
    message: str


class SuperuserUserCreate(Body):
    username: Text
    email: Text | None = None
