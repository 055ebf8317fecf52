"""Routing as Quay 3.18's Flask and werkzeug do it (Profile.werkzeug_routing), for what no route serves.

Quay has, besides its API resources, a catch-all web route (GET only) that matches every other
path. So, where quayref's router finds no route or not the method:

- A path without its trailing slash whose slash form is a route: 308 to the slash form, with
  werkzeug's "Redirecting..." page (any method: a POST is redirected too).
- Otherwise the catch-all answers: a GET of a path of two segments or more without a trailing
  slash is 308'd to the slash form; every other GET is the web app's 404 page; OPTIONS is 200
  with Allow; any other method is werkzeug's HTML 405.
- On an API resource, a method it does not serve is flask-restful's JSON 405 {"message"} with
  Allow, but GET falls to the catch-all above (so GET of a POST-only resource is 308), and
  OPTIONS is 200 with an empty text/html body and Allow.

Allow is every method of every rule that matches the path, as werkzeug computes it: the
resource's, the catch-all's GET, and the HEAD and OPTIONS Flask adds to each rule.
"""

from fastapi.routing import iter_route_contexts
from starlette.responses import JSONResponse, Response

from quayref.api import werkzeug_pages

CATCH_ALL = frozenset({"GET", "HEAD", "OPTIONS"})
METHOD_NOT_ALLOWED = "The method is not allowed for the requested URL."
# Answered by Quay's catch-all or a plain Flask view, not by an API resource (no CORS headers).
NOT_A_RESOURCE = "quay.not_a_resource"
# Plain Flask views under /api/ in Quay (not flask-restful resources).
PLAIN_VIEWS = frozenset({"/api/v1/user/initialize"})


def is_api_resource(path):
    return path.startswith("/api/") and path not in PLAIN_VIEWS


def route_table(app):
    """[(path regex, methods)] of every route of `app`, included routers flattened; built on first use."""
    table = getattr(app.state, "route_table", None)
    if table is None:
        table = []
        for route in iter_route_contexts(app.routes):
            regex = getattr(route, "path_regex", None)
            if regex is not None:
                table.append((regex, frozenset(getattr(route, "methods", None) or ())))
        app.state.route_table = table
    return table


def methods_for(app, path):
    """The methods of the routes matching `path` (empty: none matches)."""
    found = set()
    for regex, methods in route_table(app):
        if regex.match(path):
            found |= methods
    return found


def allow(methods):
    return ", ".join(sorted(set(methods) | CATCH_ALL))


def _with_slash(request):
    return str(request.url.replace(path=request.url.path + "/"))


def catch_all(request):
    """Quay's catch-all web route (GET, with Flask's HEAD and OPTIONS)."""
    request.scope[NOT_A_RESOURCE] = True
    path = request.url.path
    if request.method == "OPTIONS":
        return Response(status_code=200, headers={"Allow": allow(())}, media_type=werkzeug_pages.HTML)
    if request.method not in CATCH_ALL:
        return werkzeug_pages.error_page(405, headers={"Allow": allow(())})
    if not path.endswith("/") and len([part for part in path.split("/") if part]) >= 2:
        return werkzeug_pages.redirect_page(_with_slash(request))
    return werkzeug_pages.app_shell_404(request)


def not_found(request):
    """No route has this path."""
    path = request.url.path
    if not path.endswith("/") and methods_for(request.app, path + "/"):
        request.scope[NOT_A_RESOURCE] = True
        return werkzeug_pages.redirect_page(_with_slash(request))
    return catch_all(request)


def method_not_allowed(request):
    """A route has this path, but not this method."""
    path = request.url.path
    methods = methods_for(request.app, path)
    if request.method in ("GET", "HEAD"):
        return catch_all(request)
    if not is_api_resource(path):
        request.scope[NOT_A_RESOURCE] = True
    if request.method == "OPTIONS":
        return Response(status_code=200, headers={"Allow": allow(methods)}, media_type=werkzeug_pages.HTML)
    if not is_api_resource(path):
        return werkzeug_pages.error_page(405, headers={"Allow": allow(methods)})
    return JSONResponse({"message": METHOD_NOT_ALLOWED}, status_code=405, headers={"Allow": allow(methods)})


def answer(request, status):
    """The answer to Starlette's 404 (no route) or 405 (no method), or None for any other status."""
    if status == 404:
        return not_found(request)
    if status == 405:
        return method_not_allowed(request)
    return None


class HeadAsGet:
    """Flask answers HEAD on every rule that has GET: the GET answer without its body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD" or "GET" not in methods_for(scope["app"], scope["path"]):
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


# --- What every API resource answer carries (Profile.api_resource_headers) ----------------------

CORS = [(b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", b"DELETE, GET, HEAD, OPTIONS, POST, PUT"),
        (b"access-control-max-age", b"21600"),
        (b"access-control-allow-headers", b"AUTHORIZATION, CONTENT-TYPE, X-REQUESTED-WITH")]


class ApiResourceHeaders:
    """flask-restful's answers: CORS headers on every one, and application/json where the route
    set no type (a 204 too). Not on what the catch-all or a plain Flask view answers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not is_api_resource(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start" and not scope.get(NOT_A_RESOURCE):
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-type" for name, _value in headers):
                    headers.append((b"content-type", b"application/json"))
                message = {**message, "headers": headers + CORS}
            await send(message)

        await self.app(scope, receive, send_with_headers)
