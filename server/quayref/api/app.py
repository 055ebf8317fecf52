"""The FastAPI application: routes, error handlers, database wiring."""

import os

from fastapi import FastAPI

from quayref.api import errors
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
    if settings.profile.quay_session_cookie:
        app.add_middleware(ResendSessionCookie, settings=settings)
    app.openapi = _openapi(app)
    for module in (user, orgs, tokens, logs, bootstrap, oauth):
        app.include_router(module.router)
    if settings.profile.superuser_users_api:
        app.include_router(superuser.router)
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
