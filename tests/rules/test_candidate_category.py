from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route


def test_every_route_has_a_french_label():
    assert [r.label_fr for r in Route] == [
        "Voie scolaire",
        "Apprentissage",
        "Formation professionnelle continue",
        "Enseignement à distance",
        "Expérience professionnelle",
    ]


def test_every_establishment_fact_has_a_french_label():
    assert {s.label_fr for s in EstablishmentStatus} == {
        "Public",
        "Privé sous contrat",
        "Privé hors contrat",
    }
    assert Habilitation.FULL_CCF.label_fr == "Habilité à pratiquer intégralement le CCF"
