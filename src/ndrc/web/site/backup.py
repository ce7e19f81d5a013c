"""Backing up and restoring the whole database (``ndrc web backup`` / ``ndrc web restore``,
runbook in docs/deploy.md « Sauvegarde et restauration »).

On PostgreSQL: ``pg_dump -Fc`` and ``pg_restore --clean --if-exists --no-owner`` (one
transaction), with the connection settings of ``DATABASE_URL`` and the client programs of
the server's major version (found like scripts/with-postgres finds them). On SQLite: the
SQLite backup API, page by page, consistent while the site runs. A restore replaces
everything in the database: it is refused when the database holds data, unless confirmed."""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.models import FrozenResult

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or a restore that cannot be done: its French message says why."""


@dataclass(frozen=True)
class Counts:
    """What a database holds, as the commands report it."""

    candidates: int
    frozen_results: int
    audit_entries: int

    @property
    def empty(self) -> bool:
        return not (self.candidates or self.frozen_results or self.audit_entries)

    def __str__(self) -> str:
        return (
            f"{self.candidates} candidat(s), {self.frozen_results} résultat(s) arrêté(s), "
            f"{self.audit_entries} entrée(s) du journal d'audit"
        )


def database_counts() -> Counts:
    """The counts of the current database (zero for a database without the tables)."""
    tables = set(connection.introspection.table_names())
    counts = []
    for model in (Candidate, FrozenResult, AuditEntry):
        table = model._meta.db_table
        if table not in tables:
            counts.append(0)
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts.append(int(cursor.fetchone()[0]))
    return Counts(*counts)


def database_label() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "localhost"
    return f"PostgreSQL {settings_dict['NAME']} sur {host}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- PostgreSQL ----------------------------------------------------------------------------


def pg_program(name: str) -> str:
    """The PostgreSQL client ``name`` (pg_dump, pg_restore) of the server's major version when
    installed (/usr/lib/postgresql/<major>/bin), else the one on PATH, else the newest
    installed."""
    connection.ensure_connection()
    major = int(getattr(connection, "pg_version", 0) or 0) // 10000
    candidates = [f"/usr/lib/postgresql/{major}/bin/{name}"] if major else []
    found = shutil.which(name)
    if found:
        candidates.append(found)
    candidates += sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        f"Programme {name} introuvable : installez le client PostgreSQL "
        f"{major or 15} (paquet postgresql-client-{major or 15})."
    )


def _pg_args() -> tuple[list[str], dict[str, str]]:
    settings_dict = connection.settings_dict
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return [*args, "--no-password", "--dbname", str(settings_dict["NAME"])], env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} a échoué (code {done.returncode}) : "
            f"{done.stderr.strip()[-2000:]}"
        )


# --- The two commands ------------------------------------------------------------------------


def backup(*, output: Path) -> Counts:
    """Write a copy of the whole database to ``output`` (readable by its owner only)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partiel")
    counts = database_counts()
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    try:
        if connection.vendor == "postgresql":
            args, env = _pg_args()
            _run([pg_program("pg_dump"), "--format=custom", "--file", str(partial), *args], env)
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            raise BackupError(f"Base {connection.vendor} : sauvegarde non prise en charge.")
        os.chmod(partial, 0o600)
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return counts


def check_file(path: Path) -> None:
    """Refuse a file that is not a backup of this kind of database."""
    if not path.is_file():
        raise BackupError(f"Fichier de sauvegarde introuvable : {path}.")
    with path.open("rb") as handle:
        head = handle.read(16)
    if connection.vendor == "postgresql" and not head.startswith(PG_MAGIC):
        raise BackupError(
            f"{path} n'est pas une sauvegarde PostgreSQL (format « pg_dump -Fc » attendu, "
            "tel qu'écrit par « ndrc web backup »)."
        )
    if connection.vendor == "sqlite" and not head.startswith(SQLITE_MAGIC):
        raise BackupError(
            f"{path} n'est pas une sauvegarde SQLite (telle qu'écrite par « ndrc web backup »)."
        )


def restore(*, path: Path) -> Counts:
    """Replace the whole database by the backup ``path``; returns what it now holds. The
    caller has checked the file (``check_file``) and obtained the confirmation."""
    check_file(path)
    if connection.vendor == "postgresql":
        args, env = _pg_args()
        connection.close()
        _run(
            [
                pg_program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(path),
            ],
            env,
        )
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            _sqlite_check(source, path)
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    else:
        raise BackupError(f"Base {connection.vendor} : restauration non prise en charge.")
    return database_counts()


def _sqlite_check(source: Any, path: Path) -> None:
    try:
        (verdict,) = source.execute("PRAGMA quick_check").fetchone()
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} est illisible : {error}.") from None
    if verdict != "ok":
        raise BackupError(f"{path} est endommagé : {verdict}.")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} n'est pas une sauvegarde de cette application.")
