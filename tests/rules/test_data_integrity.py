"""The encoded texts keep their own arithmetic and completeness."""

from ndrc.rules.citation import cite, sources
from ndrc.rules.correspondence import correspondence_rows
from ndrc.rules.data_files import load_yaml
from ndrc.rules.referential import referential, referential_csv, referential_markdown


def test_timetable_totals_match_annexe_iii_a():
    data = load_yaml("timetable.yaml")
    for key in ("lectures", "tutorials", "teacher_hours", "yearly_volume"):
        assert sum(m[key] for m in data["modules"]) == data["total"][key]
    for module in data["modules"]:
        # Teacher hours: lectures once, tutorials twice (split groups).
        assert module["teacher_hours"] == module["lectures"] + 2 * module["tutorials"]
    cite(data["cite"])


def test_referential_is_complete():
    ref = referential()
    assert [p.number for p in ref.activity_poles] == [1, 2, 3]
    assert [(b.number, b.unit) for b in ref.competence_blocks] == [(1, "U4"), (2, "U5"), (3, "U6")]
    assert [len(b.competences) for b in ref.competence_blocks] == [4, 3, 3]
    assert [sum(len(c.all_criteria) for c in b.competences) for b in ref.competence_blocks] == [
        20,
        16,
        12,
    ]
    assert [g.unit for g in ref.general_blocks] == ["U1", "U2", "U3", "UF1"]
    for block in ref.competence_blocks:
        assert block.associated_knowledge and block.contexts
        for competence in block.competences:
            assert competence.all_criteria, competence.code


def test_e4_criteria_of_the_exam_definition_are_the_block_1_criteria():
    """A2023 annexe II E4 §3 recalls the performance criteria of bloc 1: 20 of them."""
    block = referential().block(1)
    criteria = [c for comp in block.competences for c in comp.all_criteria]
    assert "Pertinence de l'analyse du portefeuille clients" in criteria
    assert "Qualité des analyses commerciales et des propositions" in criteria


def test_exports_cover_every_item():
    csv_text = referential_csv()
    assert csv_text.splitlines()[0] == "kind,part,code,heading,subheading,text,citation"
    assert "Implanter et promouvoir" in referential_markdown()
    assert csv_text.count("performance_criterion") == 48


def test_correspondence_covers_every_ndrc_unit_once():
    units = [row.ndrc_unit for row in correspondence_rows()]
    assert units == ["U1", "U2", "U3", "U4", "U5", "U6", "UF1"]


def test_every_source_names_a_seed():
    assert {"A2018", "A2023", "C2022", "CE", "SRC", "DEC"} <= set(sources())


def test_every_exam_of_every_regulation_names_a_unit_of_annexe_ii_a():
    from ndrc.rules.regulation import all_regulations
    from ndrc.rules.units import units

    codes = {u.code for u in units()}
    assert codes == {"U1", "U2", "U3", "U4", "U5", "U6", "UF1", "UF2"}
    for regulation in all_regulations():
        for exam in regulation.exams:
            assert exam.unit in codes, (regulation.id, exam.code)


def test_timetable_is_exposed_with_its_total():
    from ndrc.rules.units import timetable

    modules, total, citation = timetable()
    assert total.yearly_volume == 870
    assert sum(m.yearly_volume for m in modules if not m.optional) == 870
    assert [m.name for m in modules if m.optional] == [
        "Enseignement facultatif langue vivante étrangère 2"
    ]
    assert citation.short == "A2018 annexe III a"
    assert "| Total | 17 | 12 | 41 | 870 |" in referential_markdown()


def test_the_results_engine_cites_known_texts_for_every_regulation():
    from ndrc.rules.regulation import all_regulations
    from ndrc.rules.results.citations import rule_citations

    raw = load_yaml("results_citations.yaml")
    for regulation in all_regulations():
        cited = rule_citations(regulation.id)
        assert set(cited) == set(raw)
        for text in cited.values():
            cite(text)  # an unknown source would raise
    assert "A2018 annexe II d" in rule_citations("R2018")["not_deliverable"]
    assert "A2023 annexe II" in rule_citations("R2023")["not_deliverable"]
    assert "not_deliverable" not in rule_citations(None)
