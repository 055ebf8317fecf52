"""Quay 3.18's API discovery document (GET /api/v1/discovery): Swagger 2.0, built from the app's routes.

Paths, methods, path and query parameters, descriptions and request bodies come from the routes
quayref serves and the Quay schemas of api/quay_schemas.py; what Quay names them (operationId,
tag, OAuth scope) is OPERATIONS. As in Quay, an operation Quay marks internal is left out unless
?internal=true, and routes that are not API resources (sign-in pages, health) are never listed.
"""

from fastapi.routing import iter_route_contexts

from quayref.api import quay_schemas

ORG = quay_schemas.ORG
# (method, quayref path) -> (Quay's operationId, tag, OAuth scope or None, internal)
OPERATIONS = {
    ("POST", "/api/v1/organization/"): ("createOrganization", "organization", "user:admin", False),
    ("GET", ORG): ("getOrganization", "organization", None, False),
    ("PUT", ORG): ("changeOrganizationDetails", "organization", "org:admin", False),
    ("DELETE", ORG): ("deleteAdminedOrganization", "organization", "org:admin", False),
    ("GET", ORG + "/applications"): ("getOrganizationApplications", "organization", "org:admin", False),
    ("POST", ORG + "/applications"): ("createOrganizationApplication", "organization", "org:admin", False),
    ("GET", ORG + "/applications/{client_id}"): ("getOrganizationApplication", "organization", "org:admin", False),
    ("PUT", ORG + "/applications/{client_id}"): ("updateOrganizationApplication", "organization", "org:admin", False),
    ("DELETE", ORG + "/applications/{client_id}"): ("deleteOrganizationApplication", "organization", "org:admin", False),
    ("POST", ORG + "/applications/{client_id}/resetclientsecret"): (
        "resetOrganizationApplicationClientSecret", "organization", "org:admin", True),
    ("GET", ORG + "/applications/{client_id}/tokens"): (
        "listOrganizationApplicationTokens", "organization_application_tokens", "org:admin", False),
    ("POST", ORG + "/applications/{client_id}/tokens"): (
        "createOrganizationApplicationToken", "organization_application_tokens", "org:admin", False),
    ("DELETE", ORG + "/applications/{client_id}/tokens/{token_uuid}"): (
        "deleteOrganizationApplicationToken", "organization_application_tokens", "org:admin", False),
    ("GET", ORG + "/logs"): ("listOrgLogs", "logs", "org:admin", False),
    ("GET", "/api/v1/superuser/logs"): ("listAllLogs", "superuser", "super:user", False),
    ("GET", "/api/v1/superuser/users/"): ("listAllUsers", "superuser", "super:user", False),
    ("POST", "/api/v1/superuser/users/"): ("createInstallUser", "superuser", "super:user", False),
    ("POST", "/api/v1/bootstrap/renew"): ("renewBootstrapToken", "bootstrap", None, False),
    ("GET", "/api/v1/user/"): ("getLoggedInUser", "user", "user:read", False),
    ("GET", "/api/v1/user/authorizations"): ("listUserAuthorizations", "user", "user:admin", True),
    ("POST", "/api/v1/signin"): ("signinUser", "user", None, True),
    ("POST", "/api/v1/signout"): ("logout", "user", None, True),
    ("GET", "/api/v1/discovery"): ("discovery", "discovery", None, False),
}

TAGS = {
    "bootstrap": "Rotate the start-up (bootstrap) token.",
    "discovery": "What this API offers, in the Swagger 2.0 format.",
    "logs": "Audit logs of an organization.",
    "organization": "Organizations and their OAuth applications.",
    "organization_application_tokens": "OAuth tokens of an organization's application.",
    "superuser": "What superusers manage: users and every audit log.",
    "user": "The signed-in user.",
}

SCOPES = {
    "repo:read": "Read repositories the user may read.",
    "repo:write": "Read and write repositories the user may write.",
    "repo:admin": "Administer repositories the user may administer.",
    "repo:create": "Create repositories in namespaces the user may create in.",
    "user:read": "Read the user's own details.",
    "user:admin": "Administer the user's account.",
    "org:admin": "Administer organizations the user administers.",
    "super:user": "Everything a superuser may do.",
}

# Quay's path parameter names, where quayref's differ.
PARAMETER_NAMES = {"org": "orgname"}
PARAMETER_DESCRIPTIONS = {"orgname": "The name of the organization", "client_id": "The OAuth client ID",
                          "token_uuid": "The UUID of the token"}

# Quay names two request schemas NewToken: the organization application token's, and that of
# POST /api/v1/user/apptoken (app-specific tokens), which quayref does not serve. Quay's document
# keeps the second under the name, so its NewToken is that one; so is quayref's.
QUAY_DEFINITIONS = {
    "NewToken": {
        "type": "object",
        "description": "Description of a new token.",
        "required": ["friendlyName"],
        "properties": {"friendlyName": {"type": "string", "description": "Friendly name to help identify the token"}},
    },
}

API_ERROR = {
    "type": "object",
    "required": ["status", "type", "title"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status of the answer."},
        "type": {"type": "string", "description": "A URL naming the kind of error."},
        "detail": {"type": "string", "description": "What went wrong this time."},
        "title": {"type": "string", "description": "The kind of error, as a code."},
        "error_message": {"type": "string", "description": "The same as detail (older clients read it)."},
        "error_type": {"type": "string", "description": "The same as title (older clients read it)."},
    },
}
ERRORS = {"400": "Bad Request", "401": "Session required", "403": "Unauthorized access", "404": "Not found"}
SUCCESS = {"DELETE": ("204", "Deleted"), "POST": ("201", "Successful creation")}


def swagger_path(path):
    for ours, quays in PARAMETER_NAMES.items():
        path = path.replace("{%s}" % ours, "{%s}" % quays)
    return path


def _path_parameters(path):
    names = [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]
    return [{"name": name, "in": "path", "required": True, "description": PARAMETER_DESCRIPTIONS.get(name, ""), "type": "string"}
            for name in names]


def _query_parameters(route):
    parameters = []
    for field in getattr(getattr(route, "dependant", None), "query_params", None) or []:
        info = getattr(field, "field_info", None)
        parameters.append({"name": getattr(field, "alias", field.name), "in": "query",
                           "required": bool(getattr(field, "required", False)),
                           "description": getattr(info, "description", None) or "", "type": "string"})
    return parameters


def _responses(method):
    responses = {code: {"description": text, "schema": {"$ref": "#/definitions/ApiError"}} for code, text in ERRORS.items()}
    code, text = SUCCESS.get(method, ("200", "Successful invocation"))
    responses[code] = {"description": text}
    return responses


def _operation(route, method, path, facts, definitions):
    operation_id, tag, scope, internal = facts
    operation = {"operationId": operation_id, "parameters": _path_parameters(swagger_path(path)) + _query_parameters(route),
                 "description": (route.description or "").strip(), "tags": [tag], "responses": _responses(method)}
    if internal:
        operation["x-internal"] = True
    if scope:
        operation["security"] = [{"oauth2_implicit": [scope]}]
    body = quay_schemas.BODIES.get((method, path))
    if body is not None and not body.plain_view:
        definitions[body.name] = body.schema
        operation["parameters"].append({"name": "body", "in": "body", "required": True,
                                        "description": "Request body contents.", "schema": {"$ref": "#/definitions/%s" % body.name}})
    return operation


def document(app, settings, host, include_internal=False):
    """The discovery document for `app`; `host` is used where SERVER_HOSTNAME is not set."""
    extra = settings.model_extra or {}
    scheme = extra.get("PREFERRED_URL_SCHEME") or "http"
    host = extra.get("SERVER_HOSTNAME") or host
    paths, definitions, tags = {}, {"ApiError": API_ERROR}, set()
    for route in iter_route_contexts(app.routes):
        path = getattr(route, "path", None)
        for method in sorted(getattr(route, "methods", None) or ()):
            facts = OPERATIONS.get((method, path))
            if facts is None or (facts[3] and not include_internal):
                continue
            entry = paths.setdefault(swagger_path(path), {"x-path": swagger_path(path), "x-tag": facts[1]})
            entry[method.lower()] = _operation(route, method, path, facts, definitions)
            tags.add(facts[1])
    definitions.update(QUAY_DEFINITIONS)
    return {
        "swagger": "2.0",
        "host": host,
        "basePath": "/",
        "schemes": [scheme],
        "info": {
            "version": "v1",
            "title": "Quay Frontend",
            "description": "This API allows you to perform many of the operations required to work with Quay repositories, "
                           "users, and organizations.",
            "termsOfService": "",
            "contact": {"email": extra.get("MAIL_DEFAULT_SENDER") or "admin@example.com"},
        },
        "securityDefinitions": {
            "oauth2_implicit": {"type": "oauth2", "flow": "implicit",
                                "authorizationUrl": "%s://%s/oauth/authorize" % (scheme, host), "scopes": SCOPES},
        },
        "paths": dict(sorted(paths.items(), key=lambda item: (item[1]["x-tag"], item[0]))),
        "definitions": definitions,
        "tags": [{"name": name, "description": TAGS.get(name, "")} for name in sorted(tags)],
    }
