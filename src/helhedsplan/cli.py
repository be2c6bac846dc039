"""The ``helhedsplan`` command.

``demo`` and ``serve`` start the application (``demo`` with a worker beside it; production runs
``helhedsplan worker`` as a service of its own); ``manage`` passes through to Django's management
commands; every other subcommand is one of helhedsplan's own management commands, spelled
with hyphens (``import-agreement`` runs ``import_agreement``).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

DEMO_HOST = "127.0.0.1"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    import django

    django.setup()


def _own_commands() -> dict[str, str]:
    from django.core.management import get_commands

    return {
        name.replace("_", "-"): name
        for name, app in get_commands().items()
        if app == "helhedsplan" or app.startswith("helhedsplan.")
    }


def keep_keys_out_of_access_log() -> None:
    """The access log writes every path: the keys of the pages opened by a key in their
    address stay out of it (core/logs.py)."""
    from django.conf import settings

    from helhedsplan.core.logs import RedactKeys

    access = logging.getLogger("gunicorn.access")
    if not any(isinstance(found, RedactKeys) for found in access.filters):
        access.addFilter(RedactKeys(segments=settings.LOG_KEYED_PATHS))


def _serve_forever(*, bind: str, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from helhedsplan.core.pdf import warm_up
    from helhedsplan.wsgi import application

    keep_keys_out_of_access_log()
    # Before the workers are forked, so that each starts with WeasyPrint and the fonts loaded
    # and the first PDF after a start costs what any other does.
    warm_up()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            # One thread per worker by default: the work is CPU-bound under the GIL, and with
            # SQLite concurrent writers in one process only wait on each other.
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread" if threads > 1 else "sync")
            self.cfg.set("accesslog", os.environ.get("ACCESS_LOG") or None)

        def load(self):
            return application

    Server().run()


def demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="helhedsplan demo",
        description="Create the demo database, load the demo programme and serve it locally.",
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the SQLite database lives (default: the per-user data directory)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="prepare the data and print the users, then stop"
    )
    args = parser.parse_args(argv)
    if args.data_dir:
        os.environ["HELHEDSPLAN_DATA_DIR"] = str(args.data_dir.expanduser().resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ["HELHEDSPLAN_MODE"] = "development"
    os.environ["DEBUG"] = "false"
    _setup_django()

    from django.conf import settings
    from django.core.management import call_command

    from helhedsplan.accounts.demo import DEMO_USERS
    from helhedsplan.demo import load_demo
    from helhedsplan.surveys.demo import scanned_pile

    call_command("migrate", interactive=False, verbosity=0)
    for change in load_demo():
        print(change)
    pile = scanned_pile(Path(settings.DATA_DIR) / "demo")
    print(f"Scannede spørgeskemaer, klar til at indlæse under Spørgeskemaer: {pile}")
    print(f"Demo database: {settings.DATABASES['default']['NAME']}")
    print("Demo users (username / password / role):")
    for user in DEMO_USERS:
        print(f"  {user.username:<18} {user.password:<24} {user.role.label}")
    if args.no_serve:
        return 0
    print(f"Serving on http://{DEMO_HOST}:{args.port}/  (Ctrl+C stops)", flush=True)
    # The background tasks run beside the server, in a process that stops with it.
    worker = subprocess.Popen([sys.executable, "-m", "helhedsplan.cli", "worker"])
    try:
        _serve_forever(bind=f"{DEMO_HOST}:{args.port}", workers=2, threads=4)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return 0


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="helhedsplan serve",
        description="Serve helhedsplan in production; settings come from the environment.",
    )
    parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "1")))
    args = parser.parse_args(argv)
    # The production server always runs with the production settings and their checks: in
    # development mode it would start with the public development key and DEBUG on.
    mode = os.environ.get("HELHEDSPLAN_MODE", "production")
    if mode != "production":
        print(
            f"serve runs in production mode; HELHEDSPLAN_MODE={mode} is ignored "
            "(use `helhedsplan demo` or `helhedsplan manage runserver` for development).",
            file=sys.stderr,
        )
    os.environ["HELHEDSPLAN_MODE"] = "production"
    _setup_django()

    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, fail_level="ERROR")
    except SystemCheckError as error:
        print(error, file=sys.stderr)
        print("Refusing to start with an unsafe configuration.", file=sys.stderr)
        return 2
    _serve_forever(bind=args.bind, workers=args.workers, threads=args.threads)
    return 0


def manage(argv: list[str]) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["helhedsplan manage", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    builtin = {"demo": demo, "serve": serve, "manage": manage}
    if argv and argv[0] in builtin:
        return builtin[argv[0]](argv[1:])
    _setup_django()
    commands = _own_commands()
    if not argv or argv[0] in {"-h", "--help", "help"} or argv[0] not in commands:
        names = sorted([*builtin, *commands])
        print("usage: helhedsplan COMMAND [options]\n\ncommands:\n  " + "\n  ".join(names))
        return 0 if not argv or argv[0] in {"-h", "--help", "help"} else 2
    from django.core.management import execute_from_command_line

    execute_from_command_line(["helhedsplan", commands[argv[0]], *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
