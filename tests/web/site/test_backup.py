"""``ndrc web backup`` and ``ndrc web restore`` (on SQLite, and on PostgreSQL under
scripts/with-postgres: pg_dump / pg_restore): a session with a closed jury is backed up,
restored into a fresh database, and every frozen result is found identical (decision,
average, explanation, regulation), the audit journal complete; a database holding data is
not overwritten without --yes."""

from __future__ import annotations

import os
import stat

import pytest

from tests.web.fresh_db import fresh_database, query, run

FROZEN = (
    "SELECT id, jury_id, candidate_id, round, decision, decision_label, average, "
    "average_display, regulation, explanation, result, frozen_at "
    "FROM deliberations_frozenresult ORDER BY id"
)
AUDIT = (
    "SELECT id, at, actor_id, action, object_type, object_id, object_repr, candidate_id, "
    "before, after, reason FROM audit_auditentry ORDER BY id"
)


@pytest.fixture(scope="module")
def closed(tmp_path_factory):
    """A database with a closed jury of five candidates."""
    with fresh_database(tmp_path_factory.mktemp("backup")) as url:
        world = run(url, ["tests.web.site.backup_world"])
        assert world["frozen"] == 5
        yield url


def test_a_backup_restored_into_a_fresh_database_has_every_frozen_result(closed, tmp_path):
    dump = tmp_path / "copie.dump"
    done = run(closed, ["ndrc", "web", "backup", "--output", str(dump)])
    out = done.stdout
    assert "Sauvegarde de la base" in out and f"écrite dans {dump}" in out
    assert "5 candidat(s), 5 résultat(s) arrêté(s)" in out and "SHA-256 : " in out
    assert stat.S_IMODE(os.stat(dump).st_mode) == 0o600  # personal data: owner only
    frozen, audit = query(closed, FROZEN), query(closed, AUDIT)
    assert len(frozen) == 5 and {row[8] for row in frozen} and all(row[9] for row in frozen)
    actions = [row[3] for row in audit]
    assert actions.count("result_freeze") == 5 and "deliberation_close" in actions
    with fresh_database(tmp_path) as fresh:
        restored = run(fresh, ["ndrc", "web", "restore", str(dump)])
        assert "restaurée depuis" in restored.stdout
        assert (
            f"5 candidat(s), 5 résultat(s) arrêté(s), {len(audit)} entrée(s) du journal "
            "d'audit" in restored.stdout
        )
        assert query(fresh, FROZEN) == frozen
        assert query(fresh, AUDIT) == audit


def test_restore_refuses_to_overwrite_data_without_yes(closed, tmp_path):
    dump = tmp_path / "copie.dump"
    run(closed, ["ndrc", "web", "backup", "--output", str(dump)])
    frozen = query(closed, FROZEN)
    query_before = query(closed, "SELECT COUNT(*) FROM audit_auditentry")
    refused = run(closed, ["ndrc", "web", "restore", str(dump)], check=False)
    assert refused.returncode != 0
    assert "contient déjà des données" in refused.stderr and "--yes" in refused.stderr
    assert query(closed, FROZEN) == frozen
    done = run(closed, ["ndrc", "web", "restore", str(dump), "--yes"])
    assert "restaurée depuis" in done.stdout
    assert query(closed, FROZEN) == frozen
    assert query(closed, "SELECT COUNT(*) FROM audit_auditentry") == query_before


def test_restore_refuses_a_file_that_is_not_a_backup(closed, tmp_path):
    bogus = tmp_path / "notes.csv"
    bogus.write_text("numero;note\n", encoding="utf-8")
    refused = run(closed, ["ndrc", "web", "restore", str(bogus), "--yes"], check=False)
    assert refused.returncode != 0 and "n'est pas une sauvegarde" in refused.stderr
    missing = run(closed, ["ndrc", "web", "restore", str(tmp_path / "absent.dump")], check=False)
    assert missing.returncode != 0 and "introuvable" in missing.stderr
