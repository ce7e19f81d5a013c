"""The evaluation grids against the texts: every épreuve graded on a grid has one for each of
its forms and situations in every session; the criteria are the référentiel's performance
criteria of the épreuve's block, as the définition des épreuves lists them (« 3. Critères
d'évaluation »); a circular's grid is read from YAML or CSV and checked; a filled grid says
what keeps it from being signed."""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.grids import (
    FilledGrid,
    InvalidGrid,
    check_filled,
    default_grids,
    defects_found,
    grid_from_csv,
    grid_from_dict,
    grid_from_yaml,
    grid_in_force,
)
from ndrc.rules.grids.ccf import ccf_situations, recorded_by
from ndrc.rules.referential import referential
from ndrc.rules.regulation import Form

CRITERIA = Path(__file__).resolve().parent / "data" / "criteria_a2023.yaml"
SESSIONS = (2022, 2023, 2024, 2025, 2026)


def _block_criteria(number, codes=None):
    block = referential().block(number)
    return {
        text
        for competence in block.competences
        if codes is None or competence.code in codes
        for text in competence.all_criteria
    }


def _texts(grid):
    return {c.text for c in grid.criteria}


@pytest.mark.parametrize("session", SESSIONS)
def test_every_graded_epreuve_has_its_grids_in_every_session(session):
    keys = set(default_grids(session))
    assert {
        ("E4", "one_off", ""),
        ("E4", "ccf", "A"),
        ("E4", "ccf", "B"),
        ("E5P", "one_off", ""),
        ("E6", "one_off", ""),
        ("E6", "ccf", ""),
        ("EF2", "one_off", ""),
    } <= keys
    assert (("EF2", "ccf", "") in keys) == (session >= 2024)  # A2023 EF2 §3.1
    # E4's CCF: one grid a situation (« A l'issue de la situation, la commission complète la
    # grille »); E6's: one grid for both (« À l'issue des deux situations d'évaluation, la
    # commission complète la grille », A2018 annexe II d and A2023 annexe II, E6 §4.2.2).
    assert sorted(k[2] for k in keys if k[:2] == ("E6", "ccf")) == [""]
    assert sorted(k[2] for k in keys if k[:2] == ("E4", "ccf")) == ["A", "B"]


@pytest.mark.parametrize("session", SESSIONS)
def test_the_criteria_are_the_referentials_performance_criteria_of_the_block(session):
    grids = default_grids(session)
    assert _texts(grids[("E4", "one_off", "")]) == _block_criteria(1)
    assert _texts(grids[("E6", "one_off", "")]) == _block_criteria(3)
    assert _texts(grids[("E5P", "one_off", "")]) == _block_criteria(2, {"C2.2", "C2.3"})
    # The CCF assesses what the one-off form assesses: E4 on its two situations' grids, E6
    # on its one grid.
    both = _texts(grids[("E4", "ccf", "A")]) | _texts(grids[("E4", "ccf", "B")])
    assert both == _block_criteria(1)
    assert _texts(grids[("E6", "ccf", "")]) == _block_criteria(3)
    for grid in grids.values():
        codes = [c.code for c in grid.criteria]
        assert len(codes) == len(set(codes)) and grid.citation.source.id in {
            "A2018",
            "A2023",
            "C2022",
        }


def _normal(text):
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    # The définition writes the référentiel's criteria with their articles (« l'efficience et
    # la rentabilité » for « Efficience et rentabilité »).
    text = re.sub(r"\b(la |le |les |l')", "", text.strip()).replace("évè", "évé")
    return re.sub(r"\s+", " ", text).strip(" ;.")


@pytest.mark.parametrize("exam", ["E4", "E5", "E6"])
def test_the_2023_definition_lists_the_same_criteria(exam):
    """A2023 annexe II, « 3. Critères d'évaluation » of E4, E5 and E6 (copied from the text in
    `data/criteria_a2023.yaml`): each criterion of the text is a criterion of the grids (E5:
    the written and practical parts together), and each of theirs is in the text."""
    spec = yaml.safe_load(CRITERIA.read_text(encoding="utf-8"))[exam]
    listed = {_normal(text) for text in spec["criteria"]}
    assert len(listed) >= 12
    ours = {_normal(t) for t in _block_criteria(spec["block"])}
    # One word differs between the texts: the définition's « efficience » (A2023 annexe II, E6
    # §3) for the référentiel's « efficacité » (annexe I b, bloc 3); the grids keep the
    # référentiel's, which the définition says it recalls.
    variants = {"efficience et rentabilité": "efficacité et rentabilité"}
    for theirs, mine in variants.items():
        listed = {t.replace(theirs, mine) for t in listed}
    assert listed == ours


def test_ef2_from_2024_assesses_the_four_criteria_of_its_definition():
    grid = default_grids(2024)[("EF2", "one_off", "")]
    assert "La qualité de l'analyse" in _texts(grid)
    assert grid.communicable and grid.sections[0].title == "Critères d'évaluation"
    assert "La qualité de l'analyse" not in _texts(default_grids(2023)[("EF2", "one_off", "")])


@pytest.mark.parametrize("session", [2023, 2025])
def test_the_e6_ccf_grid_records_both_situations_of_the_regulation(session):
    """E6 in CCF: one grid completed « à l'issue des deux situations d'évaluation »; the
    situations it records, A and B, are the regulation's (its définition of the CCF)."""
    grid = default_grids(session)[("E6", "ccf", "")]
    assert grid.title.endswith("— CCF, situations A et B")
    assert "À l'issue des deux situations d'évaluation" in grid.citation.location
    assert ccf_situations(session, "E6") == ("A", "B")
    assert recorded_by(session, "E6", "") == ("A", "B")
    assert recorded_by(session, "E4", "B") == ("B",)
    assert recorded_by(session, "E4", "C") == ()
    assert ccf_situations(session, "EF2") == ()


def test_ef2_cites_its_criteria_where_the_2023_text_lists_them():
    """A2023 annexe II, EF2: « 2. Critères d'évaluation » (« 3. Modalités d'évaluation » :
    3.1 contrôle en cours de formation, 3.2 forme ponctuelle)."""
    grids = default_grids(2025)
    assert grids[("EF2", "one_off", "")].citation.location.startswith(
        "annexe II, EF2 §2 (critères d'évaluation) et §3.2"
    )
    assert grids[("EF2", "ccf", "")].citation.location.startswith(
        "annexe II, EF2 §2 (critères d'évaluation) et §3.1"
    )


def test_no_regulation_no_grid():
    with pytest.raises(NoRuleInForce):
        default_grids(2019)
    with pytest.raises(NoRuleInForce, match="Aucune grille d'évaluation pour E1"):
        grid_in_force(session=2025, exam="E1", form=Form.ONE_OFF)


def test_a_grid_survives_its_snapshot():
    for grid in default_grids(2025).values():
        assert grid_from_dict(grid.to_dict()) == grid


YAML = """
exam: E6
form: ccf
situation: ""
cite: C2022 annexe VII-2
levels: [{code: "1", label: Non maîtrisé}, {code: "2", label: Maîtrisé}]
sections:
  - code: R
    title: Animation du réseau
    criteria:
      - Qualité du diagnostic
      - {code: R.x, text: Respect de la réglementation}
penalty_limits: {same_nature: "1,5"}
"""


def test_a_circular_grid_from_yaml_replaces_the_default_one():
    grid = grid_from_yaml(YAML, regulated=default_grids(2025))
    assert grid.key == ("E6", "ccf", "") and grid.source == "circular"
    assert [c.code for c in grid.criteria] == ["R.1", "R.x"]
    assert grid.level_codes == ("1", "2", "NE") and str(grid.penalty_limits["same_nature"]) == "1.5"
    assert grid_in_force(session=2025, exam="E6", form=Form.CCF, loaded=grid) is grid


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (YAML.replace("same_nature", "unknown_defect"), "Insuffisances inconnues pour E6"),
        (YAML.replace('"1,5"', "30"), "entre 0 et 20 points"),
        (YAML.replace("R.x", "R.1"), "Codes de critère en double : R.1"),
        (YAML.replace('situation: ""', "situation: B"), "situation B"),
        (YAML.replace("C2022", "Z1"), "Source inconnue"),
        ("- a\n- b\n", "doit décrire une grille"),
        (YAML.replace("sections:", "sections: 3\nx:"), "« sections » doit être une liste"),
    ],
)
def test_a_bad_yaml_grid_is_refused_with_its_reason(text, message):
    with pytest.raises(InvalidGrid, match=message):
        grid_from_yaml(text, regulated=default_grids(2025))


def test_a_circular_grid_from_csv():
    text = "section;section_title;criterion;text\nA;Prospection;;Ciblage\nA;Prospection;A.9;Suivi\n"
    grid = grid_from_csv(
        text,
        exam="E4",
        form="one_off",
        situation="",
        citation="C2022 annexe VII",
        regulated=default_grids(2025),
    )
    assert [(c.code, c.text) for c in grid.criteria] == [("A.1", "Ciblage"), ("A.9", "Suivi")]
    with pytest.raises(InvalidGrid, match="Forme inconnue"):
        grid_from_csv(text, exam="E4", form="x", situation="", citation="C2022 a", regulated={})


def test_a_filled_grid_says_what_keeps_it_from_being_signed():
    grid = grid_from_yaml(YAML, regulated=default_grids(2025))
    empty = check_filled(grid, FilledGrid(levels={}), defects=())
    assert any("2 critère(s) sans niveau" in r for r in empty)
    assert "La note proposée n'est pas saisie." in empty
    full = {"R.1": "2", "R.x": "NE"}
    assert check_filled(grid, FilledGrid(levels=full, proposal="12"), defects=()) == []
    wrong = check_filled(
        grid,
        FilledGrid(levels={**full, "Z": "9"}, penalties={"same_nature": "2"}, proposal="1"),
        defects=("same_nature",),
    )
    assert any("Critères inconnus" in r for r in wrong)
    assert any("au-delà de la limite de la grille (1,5 points)" in r for r in wrong)
    not_found = check_filled(
        grid, FilledGrid(levels=full, penalties={"same_nature": "1"}, proposal="1"), defects=()
    )
    assert any("n'a pas été constatée" in r for r in not_found)


def test_the_defects_found_are_read_back_from_the_commissions_list():
    stored = (
        "absence d'une des deux fiches descriptives ; rubrique de la fiche non renseignée "
        "(Vente : analyse amont) ; une remarque libre"
    )
    assert [code for code, _t in defects_found("E4", stored)] == [
        "missing_fiche",
        "missing_part",
        "",
    ]


def test_a_loaded_grid_has_plain_codes_and_is_communicable_only_when_it_says_so():
    regulated = default_grids(2025)
    with pytest.raises(InvalidGrid, match="Codes invalides"):
        grid_from_yaml(YAML.replace("R.x", "'R x\"'"), regulated=regulated)
    fiche = YAML.replace("exam: E6\nform: ccf\nsituation: B", "exam: EF2\nform: one_off")
    fiche = fiche.replace('penalty_limits: {same_nature: "1,5"}\n', "")
    assert not grid_from_yaml(fiche, regulated=regulated).communicable  # the aid grid
    assert grid_from_yaml("communicable: true\n" + fiche, regulated=regulated).communicable


def test_an_absence_needs_no_level():
    grid = default_grids(2025)[("E4", "one_off", "")]
    reasons = check_filled(
        grid, FilledGrid(levels={}, proposal="ABS"), defects=(), levels_required=False
    )
    assert reasons == []
