"""A member of the wrong JSON type is a clear error of the file (never a crash further on)."""

import pytest

from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.result_input import result_input_from_dict

BASE = {"id": "X1", "session": 2025, "route": "scolaire", "lv1": "anglais"}


@pytest.mark.parametrize(
    ("member", "value", "message"),
    [
        ("grades", ["x"], "grades : un objet JSON est attendu"),
        ("establishment", [], "establishment : un objet JSON est attendu"),
        ("parameters", "x", "parameters : un objet JSON est attendu"),
        ("jury_changes", {}, "jury_changes : une liste est attendue"),
        ("resit_grades", ["U1"], "resit_grades n° 1 : un objet JSON est attendu"),
        ("periods", [1], "periods n° 1"),
        ("dossiers", {"E4": []}, "dossiers.E4 : un objet JSON est attendu"),
        ("dossiers", {"E4": {"fiches": {}}}, "dossiers.E4.fiches : une liste est attendue"),
        ("dossiers", {"E4": {"fiches": [1]}}, "dossiers.E4.fiches n° 1"),
        ("route", None, "route : la voie du candidat est obligatoire"),
        ("lv1", ["anglais"], "lv1 : un texte est attendu"),
    ],
)
def test_a_member_of_the_wrong_type_is_named(member, value, message):
    data = {**BASE, member: value}
    with pytest.raises(InvalidCandidate, match=message):
        result_input_from_dict(data)
    with pytest.raises(InvalidCandidate, match=message):
        conformity_input_from_dict(data)


def test_a_file_that_is_not_an_object_is_refused():
    with pytest.raises(InvalidCandidate, match="objet JSON"):
        result_input_from_dict(["x"])  # type: ignore[arg-type]
