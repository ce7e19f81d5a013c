"""A jury change records who and when as well as why (CE D643-26): one without its author or
its date is refused, by the rules input and by the results file reader."""

from decimal import Decimal

import pytest

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.result_input import result_input_from_dict
from ndrc.rules.results import JuryChange


def test_a_jury_change_carries_its_author_date_and_reason() -> None:
    change = JuryChange("E1", Decimal(12), "Mme la présidente", "2025-07-04T10:12", "Livret")
    assert (change.author, change.at, change.reason) == (
        "Mme la présidente",
        "2025-07-04T10:12",
        "Livret",
    )


@pytest.mark.parametrize(
    ("author", "at", "message"),
    [
        ("", "2025-07-04", "auteur"),
        ("   ", "2025-07-04", "auteur"),
        ("Jury", "", "date"),
        ("Jury", "04/07/2025", "date"),
    ],
)
def test_a_jury_change_without_author_or_date_is_refused(author, at, message) -> None:
    with pytest.raises(InvalidCandidate, match=message):
        JuryChange("E1", Decimal(12), author, at, "Harmonisation")


def test_a_results_file_with_a_jury_change_without_author_is_refused() -> None:
    data = {
        "id": "C1",
        "session": 2025,
        "route": "scolaire",
        "establishment": {"status": "public", "habilitation": "ccf"},
        "lv1": "anglais",
        "grades": {"E1": 9},
        "jury_changes": [{"exam": "E1", "value": 10, "at": "2025-07-04", "reason": "Livret"}],
    }
    with pytest.raises(InvalidCandidate, match="C1 : Modification du jury en E1 : son auteur"):
        result_input_from_dict(data)
    data["jury_changes"][0].update(author="Jury", at=None)
    with pytest.raises(InvalidCandidate, match="sa date doit être indiquée"):
        result_input_from_dict(data)
    data["jury_changes"][0].update(at="2025-07-04")
    assert result_input_from_dict(data).jury_changes[0].author == "Jury"
