"""The world of tests/web/jobs/test_worker_crash.py, run in its own processes against a
throw-away database (``python -m tests.web.jobs.crash_world <step> …``; see
tests/web/fresh_db.py). Each step prints one line of JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import django

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "import"


def world() -> dict[str, int]:
    """Migrate, then: académie A01 with the establishments of the example import file, the
    2025 session, its exam office, and a jury of five complete candidates with its
    president."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
    from ndrc.web.accounts.models import User
    from ndrc.web.accounts.roles import Role
    from ndrc.web.deliberations.jury_member_services import jury_member_add
    from ndrc.web.deliberations.services import jury_create
    from tests.factories import (
        AcademyFactory,
        CandidateFactory,
        EstablishmentFactory,
        ExamSessionFactory,
    )
    from tests.web.conftest import complete

    academy = AcademyFactory(code="A01", name="Académie de test")
    session = ExamSessionFactory(year=2025, deposit_deadline=dt.date(2025, 3, 14))
    for uai, habilitation in [
        ("0630001A", Habilitation.CCF),
        ("0630004D", Habilitation.CCF),
        ("0630006F", Habilitation.FULL_CCF),
        ("0860009J", Habilitation.NONE),
    ]:
        EstablishmentFactory(
            uai=uai, academy=academy, status=EstablishmentStatus.PUBLIC, habilitation=habilitation
        )
    office = User.objects.create(username="office", role=Role.EXAM_OFFICE, academy=academy)
    president = User.objects.create(username="president", role=Role.JURY, academy=academy)
    candidates = [
        complete(CandidateFactory(session=session, academy=academy, last_name=f"C{i}"))
        for i in range(5)
    ]
    jury = jury_create(
        session=session,
        academy=academy,
        name="Jury A",
        members=[president],
        candidates=candidates,
        actor=office,
    )
    # A regular composition (CE D643-31): this process closes the jury with the check on.
    for name, quality, user in (
        ("Président", "enseignant_chercheur", president),
        ("Professeur", "professeur_public", None),
        ("Employeur", "employeur", None),
        ("Salarié", "salarie", None),
    ):
        jury_member_add(
            jury=jury,
            name=name,
            quality=quality,
            president=user is not None,
            user=user,
            actor=office,
        )
    return {"office": office.pk, "president": president.pk, "jury": jury.pk}


def import_start(office_id: int) -> dict[str, int]:
    """The exam office confirms the import of the example file (5 candidates): queued."""
    from ndrc.web.accounts.models import User
    from ndrc.web.imports.models import ImportKind
    from ndrc.web.imports.services import import_confirm, import_file_store
    from ndrc.web.sessions.models import ExamSession

    office = User.objects.select_related("academy").get(pk=office_id)
    stored = import_file_store(
        kind=ImportKind.CANDIDATES,
        filename="candidats.csv",
        content=(EXAMPLES / "candidats.csv").read_bytes(),
        session=ExamSession.objects.get(year=2025),
        academy=office.academy,
        actor=office,
    )
    job = import_confirm(import_file=stored, actor=office)
    assert job is not None
    return {"job": job.pk, "file": stored.pk}


def close_start(president_id: int, jury_id: int) -> dict[str, int]:
    """The president closes the deliberation: queued."""
    from ndrc.web.accounts.models import User
    from ndrc.web.deliberations.closing import deliberation_close_start
    from ndrc.web.deliberations.models import Jury

    jury = Jury.objects.get(pk=jury_id)
    job = deliberation_close_start(
        jury=jury, actor=User.objects.get(pk=president_id), seen=None, label="Clôture — Jury A"
    )
    return {"job": job.pk}


def read(user_id: int, job_id: int) -> dict[str, object]:
    """The job as its page reads it (GET /taches/<pk>/etat/), and what is written."""
    from django.test import Client

    from ndrc.web.accounts.models import User
    from ndrc.web.audit.models import AuditEntry
    from ndrc.web.candidates.models import Candidate
    from ndrc.web.deliberations.models import FrozenResult, Jury
    from ndrc.web.imports.models import ImportFile
    from ndrc.web.jobs.models import Job

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    state = client.get(f"/taches/{job_id}/etat/").json()
    page = client.get(f"/taches/{job_id}/").content.decode()
    return {
        **state,
        "restarts": Job.objects.get(pk=job_id).restarts,
        "restart_offered": 'id="job-restart-button"' in page,
        "imported": Candidate.objects.filter(number__startswith="25NDRC9").count(),
        "registered_entries": AuditEntry.objects.filter(action="candidate_register").count(),
        "import_files": ImportFile.objects.count(),
        "frozen": FrozenResult.objects.count(),
        "freeze_entries": AuditEntry.objects.filter(action="result_freeze").count(),
        "closed": Jury.objects.filter(state=Jury.CLOSED).count(),
    }


def restart(user_id: int, job_id: int) -> dict[str, int]:
    """« Relancer » on the job's page."""
    from django.test import Client

    from ndrc.web.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return {"status": client.post(f"/taches/{job_id}/relancer/").status_code}


def worker(chunk: int) -> None:
    """``ndrc web db_worker`` taking one task, the closing writing ``chunk`` candidates at a
    time (so that a jury of five reports its progress candidate by candidate)."""
    from django.core.management import call_command

    from ndrc.web.deliberations import closing

    closing.CHUNK = chunk
    call_command(
        "db_worker", "--interval", "0.2", "--max-tasks", "1", "--no-startup-delay", "--no-reload"
    )


def main(argv: list[str]) -> None:
    django.setup()
    step, *numbers = argv
    args = [int(n) for n in numbers]
    if step == "worker":
        worker(*args)
        return
    steps = {
        "world": world,
        "import-start": import_start,
        "close-start": close_start,
        "read": read,
        "restart": restart,
    }
    print(json.dumps(steps[step](*args)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
