"""Throw-away databases for tests that run the project in other processes (a real worker
killed mid-way, a backup restored elsewhere): a SQLite file, or a new database on the
PostgreSQL server of ``DATABASE_URL`` (``scripts/with-postgres``). ``run`` starts
``python -m tests.web.<module>`` or ``ndrc web …`` against one of them."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]
NDRC = str(Path(sys.executable).with_name("ndrc"))
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _server() -> dict[str, Any]:
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    return {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database, dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / f'fresh-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"ndrc_fresh_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_JOBS_TEST")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="ndrc.web.settings",
        NDRC_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        NDRC_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def run(url: str, argv: Sequence[str], *, check: bool = True, **extra: str) -> Any:
    """Run ``argv`` (``["ndrc", …]`` or a module's arguments) against the database: the last
    line printed read as JSON when it is JSON, else the finished process."""
    command = [NDRC, *argv[1:]] if argv[0] == "ndrc" else [sys.executable, "-m", *argv]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=environment(url, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} → {done.returncode}\n{done.stdout}\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1]) if lines else done
    except json.JSONDecodeError:
        return done


def query(url: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows read directly from the database (``%s`` placeholders), outside Django."""
    if url.startswith("sqlite:///"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            return list(conn.execute(sql.replace("%s", "?"), params))
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(dbname=config["NAME"], **_server()) as conn:
        return list(conn.execute(sql, params))
