"""The DSFR site configuration (title, tagline, footer), in French and English."""

from django.db import migrations

SITE = {
    "fr": {
        "site_title": "Examens BTS NDRC",
        "site_tagline": "Négociation et Digitalisation de la Relation Client",
        "footer_description": (
            "Gestion des examens du BTS NDRC : sessions, candidats, épreuves, notes, "
            "délibérations et résultats."
        ),
    },
    "en": {
        "site_title": "BTS NDRC exams",
        "site_tagline": "Negotiation and Digitalisation of Customer Relations",
        "footer_description": (
            "Exam management for the BTS NDRC: sessions, candidates, exams, grades, "
            "deliberations and results."
        ),
    },
}


def create(apps, schema_editor):
    DsfrConfig = apps.get_model("dsfr", "DsfrConfig")
    for language, values in SITE.items():
        DsfrConfig.objects.update_or_create(
            language=language,
            defaults={
                **values,
                "header_brand": "République française",
                "header_brand_html": "République<br />française",
                "footer_brand": "République française",
                "footer_brand_html": "République<br />française",
            },
        )


def remove(apps, schema_editor):
    apps.get_model("dsfr", "DsfrConfig").objects.filter(language__in=SITE).delete()


class Migration(migrations.Migration):
    dependencies = [("dsfr", "0012_dsfrconfig_notice_description_and_more")]
    operations = [migrations.RunPython(create, remove)]
