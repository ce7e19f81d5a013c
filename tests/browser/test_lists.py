"""The exam office finds candidates in a long list: searches by a name without its accents,
filters by route, sorts by a column and exports what is shown."""

from pathlib import Path

import pytest

from ndrc.web.demo.services import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_exam_office_searches_filters_sorts_and_exports(live_server, demo, page, screenshot):
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("gestionnaire")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.goto(live_server.url + "/candidats/")
    assert "300 candidats" in page.locator("#candidates-found").inner_text()

    page.locator("#q").fill("LEFEVRE")  # « Lefèvre », whatever the case and accents
    page.locator("#candidate-search button[type=submit]").click()
    names = page.locator("#candidate-table tbody tr td:nth-child(2)").all_inner_texts()
    assert names and set(names) == {"Lefèvre"}

    page.locator("#q").fill("e")
    page.locator("#filter-voie").select_option(label="Voie scolaire")
    page.locator("#candidate-search button[type=submit]").click()
    found = page.locator("#candidates-found").inner_text()
    assert "Tous les candidats" in found
    count = int(found.split()[0])
    assert 0 < count < 300
    routes = page.locator("#candidate-table tbody tr td:nth-child(4)").all_inner_texts()
    assert routes and set(routes) == {"Voie scolaire"}

    page.locator("#candidate-table thead").get_by_role("link", name="N°").click()
    page.locator("#candidate-table thead").get_by_role("link", name="N° ↑").click()
    numbers = page.locator("#candidate-table tbody tr td:first-child").all_inner_texts()
    assert numbers == sorted(numbers, reverse=True)
    assert page.locator("#q").input_value() == "e"  # the search kept while sorting
    screenshot("candidates-searched-sorted")

    with page.expect_download() as download:
        page.locator("#export-csv").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert download.value.suggested_filename.startswith("candidats-")
    assert len(content) == count + 1  # every candidate of the filter, not one page
    assert [line.split(";")[0] for line in content[1:51]] == numbers

    # The grades list and the journal read the same way.
    page.goto(live_server.url + "/notes/liste/?epreuve=E1&tri=-value")
    assert "notes" in page.locator("#grades-found").inner_text()
    assert page.locator("#grade-table tbody tr").count() == 50
    screenshot("grades")
    page.goto(live_server.url + "/journal/?action=list_export")
    assert page.locator("#journal-table tbody tr").count() == 1  # the export above
    screenshot("journal")
