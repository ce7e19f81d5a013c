"""The texts a session's documents cite (data/texts_applied.yaml): the 2023 arrêté only from
the 2024 session (A2023 art. 4), the Code de l'éducation always."""

import pytest

from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.texts_applied import texts_applied


def test_before_2024_the_arrete_of_2018_and_the_code():
    texts = texts_applied(2023)
    assert texts[0].startswith("Arrêté du 19 février 2018")
    assert not any("13 décembre 2023" in t for t in texts)
    assert texts[-1] == "Code de l'éducation, articles D643-1 à D643-35"


def test_from_2024_the_arrete_of_2023_too():
    texts = texts_applied(2025)
    assert [t[:27] for t in texts[:2]] == [
        "Arrêté du 19 février 2018 p",
        "Arrêté du 13 décembre 2023 ",
    ]


def test_a_session_under_no_regulation_is_a_loud_error():
    with pytest.raises(NoRuleInForce):
        texts_applied(1990)
