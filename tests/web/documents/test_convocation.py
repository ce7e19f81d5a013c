"""The candidate's and the examiner's convocations read back: the dates in French, the times
« 08 h 20 », the loge, the duration with the extra time said, what to bring with the texts
that say so (C2022 §1.4 for the calculator in « mode examen »), the examiner's half-days with
the other member and the candidates' times; the first pages look like the references."""

import datetime as dt

import pytest

from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.documents.convocation import date_text, render, time_text
from ndrc.web.documents.examiner_convocation import render as render_examiner
from ndrc.web.documents.kinds import IssueInfo, kind_named
from ndrc.web.scheduling.convocation_candidates import candidate_convocations
from ndrc.web.scheduling.convocation_examiners import examiner_convocations
from tests.web.documents.pdfs import assert_looks_like, pdf_text
from tests.web.scheduling.convocation_world import exam_days

pytestmark = pytest.mark.django_db
ISSUED = IssueInfo(reference="CV-2026-04500000-1", version=1, issued_on=dt.date(2026, 4, 2))


def flat(text):
    return " ".join(text.split())


def convocation(world):
    candidate = candidates_read([world["candidates"][0].pk])[0]
    return candidate_convocations([candidate], schedule_ids=[world["schedule"].pk])[candidate.pk]


def test_dates_and_times_in_french():
    assert date_text(dt.date(2026, 5, 12)) == "mardi 12 mai 2026"
    assert date_text(dt.date(2026, 6, 1)) == "lundi 1er juin 2026"
    assert time_text(8 * 60 + 20) == "08 h 20"
    assert time_text(14 * 60) == "14 h 00"


def test_every_epreuve_with_its_date_time_place_loge_and_what_to_bring():
    data = convocation(exam_days())
    assert [e.code for e in data.exams] == ["E1", "E3", "E4"]
    text = flat(pdf_text(render(data, ISSUED).data))
    for expected in (
        "Convocation aux épreuves",
        "BERNARD Hugo",
        "04500000",
        "02/04/2006",
        "Lycée Voltaire — 3 avenue Voltaire, 45000, Orléans",
        # E4, one-off oral: the loge at 08 h 20, the oral at 09 h 00, 40 minutes, the dossier.
        "mardi 12 mai 2026, 09 h 00 – 09 h 40",
        "Salle 12",
        "Loge à 08 h 20 (40 min)",
        "Le dossier support de l'épreuve",
        # The written papers of the calendar: their loge time and the calculator.
        "mardi 5 mai 2026, 08 h 00 – 12 h 00",
        "mercredi 6 mai 2026, 14 h 00 – 18 h 00",
        "Temps de loge : 1 h (aucune sortie avant 09 h 00)",
        "« mode examen »",
        "Une pièce d'identité officielle en cours de validité",
        "§1.4",
        "§1.11",
        # E5's written paper has no date in the calendar yet: said, never left out silently.
        "Épreuves écrites dont la date n'est pas encore fixée",
        "Réf. CV-2026-04500000-1",
    ):
        assert expected in text, expected


def test_the_extra_time_lengthens_and_is_said():
    data = convocation(exam_days(extra_time=True))
    e1, _e3, e4 = data.exams
    assert (e1.start, e1.end, e1.extra) == (8 * 60, 13 * 60 + 20, 80)
    assert (e4.loge_start, e4.start, e4.end, e4.extra) == (8 * 60 + 7, 9 * 60, 9 * 60 + 53, 13)
    text = flat(pdf_text(render(data, ISSUED).data))
    assert "5 h 20 (dont 1 h 20 de temps majoré)" in text
    assert "53 min (dont 13 min de temps majoré)" in text
    assert "Un temps majoré vous est accordé" in text
    assert "D94" in text


def test_the_same_data_gives_the_same_bytes_and_the_page_looks_like_the_reference():
    data = convocation(exam_days())
    first = render(data, ISSUED).data
    assert render(data, ISSUED).data == first
    assert kind_named("convocation").to_candidate
    assert_looks_like(first, "convocation")


def test_a_replacement_says_which_convocation_it_cancels():
    data = convocation(exam_days())
    info = IssueInfo(
        reference="CV-2026-04500000-2",
        version=2,
        issued_on=dt.date(2026, 5, 2),
        replaces="CV-2026-04500000-1",
        replaces_on=dt.date(2026, 4, 2),
        reason="planning des épreuves modifié",
    )
    text = flat(pdf_text(render(data, info).data))
    assert "annule et remplace le document réf. CV-2026-04500000-1 du 02/04/2026" in text


def test_the_examiners_convocation_lists_the_half_day_the_other_member_and_the_candidates():
    world = exam_days(candidates=2, extra_time=True)
    data = examiner_convocations([world["teacher"]], schedule_ids=[world["schedule"].pk])[
        world["teacher"].pk
    ]
    info = IssueInfo(reference="CE-2026-EX1-1", version=1, issued_on=dt.date(2026, 4, 2))
    content = render_examiner(data, info).data
    text = flat(pdf_text(content))
    for expected in (
        "Convocation d'examinateur",
        "MARTIN Claire",
        "mardi 12 mai 2026 (matin) — E4 — Lycée Voltaire, Salle 12",
        "Adresse : 3 avenue Voltaire, 45000, Orléans",
        "Autre(s) membre(s) de la commission : ROUX Paul",
        "04500000 BERNARD Hugo 08 h 07 09 h 00 09 h 53 13 min",
        "04500001 BERNARD Hugo1 09 h 07 10 h 00 10 h 53 13 min",
    ):
        assert expected in text, expected
    assert kind_named("convocation-examinateur").to_examiner
    assert_looks_like(content, "examiner_convocation")
