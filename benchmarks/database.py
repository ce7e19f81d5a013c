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
