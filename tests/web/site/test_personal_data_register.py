"""The page « Données personnelles » says what the register (docs/privacy.md) says: the
retention of each kind of data with its source (read from audit/retention.yaml), how to get
one's data, and whom to write to (the site's settings, else NDRC_DPO_CONTACT)."""

import pytest
from django.urls import reverse

from ndrc.web.site.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_the_page_lists_each_retention_rule_with_its_source(client):
    html = client.get(reverse("personal_data")).content.decode()
    for kind in ("evaluation_dossiers", "candidate_identity", "access_log", "import_files"):
        assert f'data-kind="{kind}"' in html
    assert "2005-003" in html and "D643-15" in html and "2021-122" in html
    assert "Mes données personnelles" in html and "Exporter les données personnelles" in html
    assert "ne garde pas la date de naissance" in html


def test_the_candidate_file_term_follows_the_site_setting(client):
    SiteSettings.objects.create(retention_years=7)
    html = client.get(reverse("personal_data")).content.decode()
    row = html.split('data-kind="candidate_identity"')[1].split("</tr>")[0]
    assert "7 ans après la session" in row


def test_the_dpo_contact_setting_is_shown_when_the_site_settings_name_none(client, settings):
    settings.NDRC_DPO_CONTACT = "DPD du rectorat — dpd@ac-exemple.fr"
    html = client.get(reverse("personal_data")).content.decode()
    assert "DPD du rectorat — dpd@ac-exemple.fr" in html.split('id="dpo"')[1].split("</p>")[0]
