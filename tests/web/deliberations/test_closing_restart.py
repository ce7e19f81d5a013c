"""A closing whose worker died is shown failed on the jury page, with its reason and
« Relancer », which closes the deliberation with the same parameters."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ndrc.web.accounts.models import User
from ndrc.web.deliberations import closing
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.jobs import services as job_services
from ndrc.web.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db


def test_an_interrupted_closing_is_restarted_from_the_jury_page(client, jury, monkeypatch):
    president = User.objects.get(username="president")
    with monkeypatch.context() as patched:  # taken by a worker that then dies
        patched.setattr(job_services, "_start", lambda job: None)
        job = closing.deliberation_close_start(
            jury=jury, actor=president, seen=None, label="Clôture — Jury A"
        )
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    client.force_login(president)
    html = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="closing-failed"' in html and "Le traitement s&#x27;est interrompu" in html
    assert 'id="closing-restart"' in html
    assert not FrozenResult.objects.exists()
    response = client.post(reverse("job_restart", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("job_detail", args=[job.pk])
    assert Jury.objects.get(pk=jury.pk).is_closed and FrozenResult.objects.count() == 2
    assert Job.objects.get(pk=job.pk).state == JobState.DONE


def test_a_dead_proposals_job_is_not_found_again_a_new_one_computes_them(
    client, jury, office, monkeypatch
):
    from ndrc.web.deliberations import proposals

    monkeypatch.setattr(proposals, "SYNC_LIMIT", 1)
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    dead = Job.objects.create(
        kind="proposals_refresh",
        task="ndrc.web.deliberations.proposals.proposals_refresh_work",
        params={"session": jury.session_id, "academy": None, "jury": jury.pk},
        state=JobState.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    client.force_login(office)
    html = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    fresh = Job.objects.exclude(pk=dead.pk).get(kind="proposals_refresh")
    assert fresh.state == JobState.DONE and fresh.result["count"] == 2
    assert "en cours de calcul" not in html
