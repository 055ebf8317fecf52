"""The FastAPI application: routes, error handlers, database wiring.

Which routes an app has and what wraps them depend on its profile (profiles.py): the proposal's
alias and Quay's discovery, end-to-end health and feature-gated resources are included or not
here, once, when the app is built."""

import os

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from quayref.api import bodies, deps, errors, quay_auth, routing
from quayref.api.guards import RejectNul
from quayref.api.routes import authorizations, bootstrap, discovery, health, logs, oauth, orgs, superuser, tokens, user
from quayref.api.session_cookie import ResendSessionCookie
from quayref.db import make_engine, make_sessionmaker
from quayref.settings import CONFIG_ENV, load_settings


def create_app(settings):
    app = FastAPI(title="quayref", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Reference server for Project Quay's programmatic OAuth token API (PROJQUAY-10436).")
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    errors.install(app)
    routers = _routers(settings)
    for router in routers:
        app.include_router(router)
    _install_shell(app, settings, routers)
    app.add_middleware(RejectNul)
    app.openapi = _openapi(app)
    return app


def _routers(settings):
    profile = settings.profile
    routers = [health.router, *user.routers(settings), *authorizations.routers(settings), orgs.router, *tokens.routers(settings)]
    routers.append(logs.router)
    routers += bootstrap.routers(settings)
    routers.append(oauth.router)
    if profile.quay_discovery_and_health:
        routers += [discovery.router, health.quay_router]
    if profile.superuser_users_api:
        routers.append(superuser.router)
    return routers


def _install_shell(app, settings, routers):
    """What the profile puts around the routes. Added first is innermost: bodies are checked after
    the CSRF rule (a CSRF failure wins over a bad body, as in Quay), and both inside the resource
    headers, so that their 400s and 403s carry those headers too."""
    profile = settings.profile
    if profile.quay_request_bodies:
        served = {(method, route.path) for route in iter_route_contexts(app.routes) for method in route.methods or ()}
        app.add_middleware(bodies.QuayBodies, bodies=bodies.served_bodies(served), render=errors.error_response)
    if profile.csrf_guards_every_mutation:
        rules = [(route.path_regex, route.methods, deps.csrf_rule(route)) for router in routers for route in router.routes
                 if isinstance(route, APIRoute)]
        app.add_middleware(quay_auth.CsrfGuard, settings=settings, sessionmaker=app.state.sessionmaker, rules=rules)
    if profile.quay_session_cookie:
        # Outside CsrfGuard: its refusals carry the session cookie too, as Quay's do.
        app.add_middleware(ResendSessionCookie, settings=settings)
    if profile.api_resource_headers:
        app.add_middleware(routing.ApiResourceHeaders)
    if profile.werkzeug_routing:
        app.add_middleware(routing.HeadAsGet)
        # Slashes are werkzeug's business then (routing.not_found): 308, and only ever adding one.
        app.router.redirect_slashes = False


def _openapi(app):
    generate = app.openapi

    def openapi():
        if app.openapi_schema is None:
            app.openapi_schema = errors.without_422(generate())
        return app.openapi_schema
    return openapi


def app_from_env():
    """Factory for uvicorn workers: each process reads the config named in QUAYREF_CONFIG."""
    return create_app(load_settings(os.environ[CONFIG_ENV]))
