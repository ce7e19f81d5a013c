import io, zipfile
import pytest
from django.urls import reverse
from ndrc.web.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_repro(client, office, jury):
    client.force_login(office)
    c = jury.assignments.first().candidate
    member = jury.members.first()
    res = {}
    def go(name, url, data, user=office, **kw):
        client.force_login(user)
        try:
            r = client.post(url, data, **kw)
            res[name] = r.status_code
        except Exception as e:
            res[name] = repr(e)[:200]
    go("intern", reverse("internship_new", args=[c.pk]), {"organisation": "A\x00B", "start": "2024-05-01", "end": "2024-06-01"})
    go("change_reason", reverse("jury_change_new", args=[c.pk]), {"exam": "E1", "value": "13", "reason": "x\x00y"}, user=member)
    go("jury_name", reverse("jury_new"), {"name": "J\x00"})
    go("estab", reverse("establishment_list"), {"uai": "0630001A", "name": "L\x00", "status": "public"})
    go("session", reverse("session_list"), {"year": "2026", "label": "S\x00"})
    go("withdraw", reverse("jury_change_new", args=[c.pk]), {"withdraw": "abc"}, user=member)
    go("members", reverse("jury_new"), {"name": "J2", "members": "abc"})
    go("ben", reverse("grade_entry") + "?epreuve=E1", {f"grade-{c.pk}": "BEN:12:40000", f"original-{c.pk}": "12", f"version-{c.pk}": "1"})
    print(res)
