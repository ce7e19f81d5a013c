"""The regulation's lists come from the data, in the order of the règlement."""

from decimal import Decimal

import pytest

from ndrc.rules.catalogue import catalogue
from ndrc.rules.conformity import dossier_catalogue
from ndrc.rules.data_files import load_yaml
from ndrc.rules.grades import TOKENS, GradeState, grade_from_token, parse_value, token_for


def test_the_catalogue_lists_the_codes_of_every_regulation_version():
    c = catalogue()
    assert c.exam_codes == ("E1", "E2", "E3", "E4", "E5", "E6", "EF1", "EF2")
    assert c.part_codes == ("E5W", "E5P")
    assert c.grade_codes == ("E1", "E2", "E3", "E4", "E5", "E5W", "E5P", "E6", "EF1", "EF2")
    assert c.entry_codes == ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6", "EF1", "EF2")
    assert c.dossier_exams == ("E4", "E6", "EF2")
    assert c.nrc_units == ("U1", "U2", "U31", "U32", "U4", "U5", "U6", "UF1")


def test_parts_and_the_epreuve_they_compose():
    c = catalogue()
    assert c.parts_of("E5") == ("E5W", "E5P")
    assert c.parts_of("E1") == ()
    assert c.exam_of("E5W") == "E5"
    assert c.exam_of("E5P") == "E5"
    assert c.exam_of("E1") == "E1"
    with pytest.raises(KeyError):
        c.exam_of("E7")


def test_the_grade_scale_is_cited_data():
    c = catalogue()
    assert (c.max_grade, c.grade_places) == (Decimal(20), 2)
    assert c.grade_scale_citation.source.id == "CE"
    assert parse_value("20", "x") == Decimal(20)
    with pytest.raises(ValueError, match="entre 0 et 20"):
        parse_value("20.01", "x")
    with pytest.raises(ValueError, match="deux décimales"):
        parse_value("12.125", "x")


def test_every_epreuve_with_a_dossier_has_its_conformity_rules():
    assert set(catalogue().dossier_exams) == set(load_yaml("dossiers.yaml")["exams"])
    for code in catalogue().dossier_exams:
        assert "deposit" in dossier_catalogue(code)


def test_token_for_is_the_inverse_of_the_tokens_read():
    written = {
        state: token_for(state)
        for state in GradeState
        if state not in (GradeState.GRADE, GradeState.CARRIED_OVER)
    }
    assert written == {
        GradeState.ABSENT: "ABS",
        GradeState.ABSENT_FORCE_MAJEURE: "FM",
        GradeState.NOT_VALID: "NV",
        GradeState.RESERVED: "RES",
        GradeState.EXEMPTED: "DISP",
        GradeState.VAE: "VAE",
        GradeState.NOT_SAT: "NP",
        GradeState.MISSING: "",
    }
    for state, token in written.items():
        assert TOKENS[token] is state
        assert grade_from_token(token, "x").state is state
    assert TOKENS["ABJ"] is GradeState.ABSENT_FORCE_MAJEURE  # an alias, read only
    with pytest.raises(ValueError):
        token_for(GradeState.GRADE)


def test_the_languages_offered_come_from_the_data_keyed_by_session():
    from ndrc.rules.catalogue import languages_offered
    from ndrc.rules.errors import RegulationDataError

    offered = languages_offered(2025)
    assert "anglais" in offered.lv1 and "espagnol" in offered.ef1
    assert "klingon" not in offered.lv1
    assert offered.lv1_citation.source.id == "A2018"
    assert offered.ef1_citation.short.startswith("A2018 annexe II d, EF1")
    with pytest.raises(RegulationDataError):
        languages_offered(2019)
