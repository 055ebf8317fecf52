"""The FastAPI application: routes, error handlers, database wiring."""

import os

from fastapi import FastAPI
from fastapi.routing import APIRoute

from quayref.api import deps, errors, quay_auth
from quayref.api.guards import RejectNul
from quayref.api.routes import bootstrap, logs, oauth, orgs, superuser, tokens, user
from quayref.api.session_cookie import ResendSessionCookie
from quayref.db import make_engine, make_sessionmaker
from quayref.settings import load_settings

CONFIG_ENV = "QUAYREF_CONFIG"


def create_app(settings):
    app = FastAPI(title="quayref", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Reference server for Project Quay's programmatic OAuth token API (PROJQUAY-10436).")
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    errors.install(app)
    app.add_middleware(RejectNul)
    app.openapi = _openapi(app)
    routers = [module.router for module in (user, orgs, tokens, logs, bootstrap, oauth)]
    if settings.profile.superuser_users_api:
        routers.append(superuser.router)
    for router in routers:
        app.include_router(router)
    if settings.profile.csrf_guards_every_mutation:
        rules = [(route.path_regex, route.methods, deps.csrf_rule(route)) for router in routers for route in router.routes
                 if isinstance(route, APIRoute)]
        app.add_middleware(quay_auth.CsrfGuard, settings=settings, sessionmaker=app.state.sessionmaker, rules=rules)
    if settings.profile.quay_session_cookie:
        # Outside CsrfGuard: its refusals carry the session cookie too, as Quay's do.
        app.add_middleware(ResendSessionCookie, settings=settings)
    return app


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
