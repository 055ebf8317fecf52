"""quayref command line: serve, config validate, config schema, user create."""

import argparse
import json
import logging
import os
import sys

from quayref.settings import CONFIG_ENV, ConfigError, Settings, load_settings


def _load(path):
    try:
        return load_settings(path)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        sys.exit(2)


def cmd_serve(args):
    # Not quayref.api.app: with --workers above 1 this process only supervises, and FastAPI and the
    # routes (half a second of imports) are loaded by each worker.
    import uvicorn  # pylint: disable=import-outside-toplevel
    from quayref.db import make_engine, make_sessionmaker, migrate  # pylint: disable=import-outside-toplevel
    from quayref.services.bootstrap import startup  # pylint: disable=import-outside-toplevel

    settings = _load(args.config)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    migrate.upgrade(settings.DB_URI)
    engine = make_engine(settings)
    try:
        startup.reconcile(settings, make_sessionmaker(engine))
    except startup.StartupError as exc:
        print("quayref: %s" % exc, file=sys.stderr)
        sys.exit(2)
    finally:
        engine.dispose()
    os.environ[CONFIG_ENV] = os.path.abspath(args.config)
    uvicorn.run("quayref.api.app:app_from_env", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level="info", server_header=False, timeout_graceful_shutdown=10)


def cmd_config_validate(args):
    try:
        load_settings(args.file)
    except ConfigError as exc:
        problems = exc.problems
    else:
        problems = []
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("%s: valid" % args.file)


def cmd_config_schema(_args):
    print(json.dumps(Settings.json_schema(), indent=2, sort_keys=True))


def cmd_user_create(args):
    from quayref.db import make_engine, make_sessionmaker, migrate  # pylint: disable=import-outside-toplevel
    from quayref.services import users  # pylint: disable=import-outside-toplevel
    from quayref.services.errors import ApiError  # pylint: disable=import-outside-toplevel

    settings = _load(args.config)
    if not args.password_stdin:
        print("--password-stdin is required: a password never goes on the command line", file=sys.stderr)
        sys.exit(2)
    password = sys.stdin.readline().rstrip("\r\n")
    migrate.upgrade(settings.DB_URI)
    engine = make_engine(settings)
    db = make_sessionmaker(engine)()
    try:
        users.create(db, settings, args.name, args.email, password, performer="quayref-cli")
        db.commit()
    except ApiError as exc:
        print(exc.message, file=sys.stderr)
        sys.exit(1)
    finally:
        db.close()
        engine.dispose()
    print("created user %s" % args.name)


def parser():
    top = argparse.ArgumentParser(prog="quayref", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the server (migrates the database first)")
    serve.add_argument("--config", required=True)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    config = sub.add_parser("config", help="configuration tools")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    validate = config_sub.add_parser("validate", help="check a config file against the schema")
    validate.add_argument("file")
    validate.set_defaults(func=cmd_config_validate)
    schema = config_sub.add_parser("schema", help="print the JSON schema of config.yaml")
    schema.set_defaults(func=cmd_config_schema)

    user = sub.add_parser("user", help="user tools")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    create = user_sub.add_parser("create", help="add a Database-auth user")
    create.add_argument("--config", required=True)
    create.add_argument("name")
    create.add_argument("--email", required=True)
    create.add_argument("--password-stdin", action="store_true")
    create.set_defaults(func=cmd_user_create)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
