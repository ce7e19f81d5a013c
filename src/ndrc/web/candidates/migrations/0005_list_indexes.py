"""The lists to search (D130): on PostgreSQL, the candidates' number, last and first names
folded as the search folds them (``ndrc.web.listing.Folded``: lower case, accents removed),
each indexed for a search by their start (``text_pattern_ops``: ``LIKE 'x%'`` whatever the
database's collation). Elsewhere (SQLite, the tests) nothing: the folding is a Python
function there, and an index on it would need it on every connection."""

from django.db import migrations

# ``ndrc.web.listing.ACCENTED`` and ``PLAIN`` as they were written (the index's expression
# must be the one the search writes: a change there needs a new index).
ACCENTED = "àâäáãåéèêëíìîïóòôöõúùûüýÿçñÀÂÄÁÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝŸÇÑ"
PLAIN = "aaaaaaeeeeiiiiooooouuuuyycnaaaaaaeeeeiiiiooooouuuuyycn"

COLUMNS = ("number", "last_name", "first_name")


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS candidate_folded_{column} ON candidates_candidate "
            f"(translate(lower({column}), %s, %s) text_pattern_ops)",
            [ACCENTED, PLAIN],
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS candidate_folded_{column}")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0004_livret")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
