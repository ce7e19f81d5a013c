"""The database of a benchmark run: ``scripts/with-postgres`` starts an empty server, whose
database is created here, then migrated."""

from __future__ import annotations


def database_ready() -> None:
    """Create the database named by DATABASE_URL when the server has none yet (PostgreSQL),
    then apply the migrations."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", interactive=False, verbosity=0)


def django_ready(
    *,
    reference: str,
    test_environment: bool = True,
    dedicated: bool = True,
    flush: bool = True,
) -> None:
    """Django set up for a benchmark on the database of DATABASE_URL: a warning on stderr when
    it is not PostgreSQL (``reference``: how the reference figures are measured there); the
    test environment (the test client's host, e-mails kept in memory); a dedicated process
    (its jobs run as the database worker runs them, `ndrc.web.batch.dedicated_process`); the
    database created and migrated, emptied (``flush``); every query kept in the log."""
    import collections
    import os
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.web.settings")
    os.environ.setdefault("NDRC_DEBUG", "1")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "Attention : DATABASE_URL n'est pas une base PostgreSQL ; les chiffres de "
            f"référence se mesurent sur PostgreSQL ({reference}).",
            file=sys.stderr,
        )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    if test_environment:
        setup_test_environment()
    if dedicated:
        from ndrc.web.batch import dedicated_process

        dedicated_process()
    database_ready()
    if flush:
        call_command("flush", interactive=False, verbosity=0)
    connection.queries_log = collections.deque()
