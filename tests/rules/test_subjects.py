"""The subjects' data (data/subjects.yaml): E4's fiche-sujet belongs to the one-off oral and
to CCF situation B (A2023 annexe II, E4 §4.2.1 and §4.2.2); E5's practical subjects are
WordPress or PrestaShop, shared out so that neither CMS has more than one candidate over the
other (C2022 §1.12: as many subjects of each in the bank)."""

from ndrc.rules.subjects import (
    cms_share,
    practical_citation,
    practical_cms,
    practical_exam,
    sheet_citation,
    sheet_exam,
    sheet_situation,
)


def test_the_fiche_sujet_is_e4s_in_the_one_off_oral_and_ccf_situation_b():
    assert sheet_exam() == "E4"
    assert sheet_situation("one_off") == "" and sheet_situation("ccf") == "B"
    assert sheet_situation("other") is None
    assert sheet_citation().source.id == "A2023"


def test_the_practical_subjects_are_wordpress_or_prestashop():
    assert practical_exam() == "E5P"
    assert list(practical_cms()) == ["wordpress", "prestashop"]
    assert practical_citation().source.id == "C2022"


def test_the_share_of_cms_is_balanced():
    assert cms_share(5) == ["wordpress", "prestashop", "wordpress", "prestashop", "wordpress"]
    assert cms_share(3, already=["wordpress", "wordpress"]) == [
        "prestashop",
        "prestashop",
        "wordpress",
    ]
    assert cms_share(0) == []
    shared = cms_share(7, already=["prestashop"])
    total = [*shared, "prestashop"]
    assert abs(total.count("wordpress") - total.count("prestashop")) == 0
