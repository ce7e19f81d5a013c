"""D141: the accounts that open a jury whose composition is recorded are its recorded
members' accounts (an account chosen at the jury's creation that is no member's loses its
access)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Jury = apps.get_model("deliberations", "Jury")
    JuryMember = apps.get_model("deliberations", "JuryMember")
    recorded = JuryMember.objects.values_list("jury_id", flat=True).distinct()
    for jury in Jury.objects.filter(pk__in=recorded):
        accounts = JuryMember.objects.filter(jury=jury, user__isnull=False).values_list(
            "user", flat=True
        )
        jury.members.set(list(accounts))


class Migration(migrations.Migration):
    dependencies = [
        ("deliberations", "0006_closed_round"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
