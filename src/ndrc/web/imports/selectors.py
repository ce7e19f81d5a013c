"""Reading the dry run's report kept by its job."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ndrc.web.imports.checks import Report
from ndrc.web.imports.models import ImportFile
from ndrc.web.jobs.models import Job, JobState

CHECK_KIND = "import_check"


def import_check_visible(*, user: Any, pk: int) -> Job | None:
    """A dry run's job, only for the person who uploaded the file, in his académie."""
    if not getattr(user, "pk", None) or not getattr(user, "academy_id", None):
        return None
    return Job.objects.filter(
        pk=pk, kind=CHECK_KIND, created_by=user, academy_id=user.academy_id
    ).first()


def import_check_report(*, job: Job) -> tuple[Report, ImportFile | None] | None:
    """The report kept by a finished dry run and its file still to confirm (None once
    confirmed, dropped after two days, or refused; but a file whose import failed can be
    confirmed again: its import starts again); None when the job kept no report."""
    result = job.result if isinstance(job.result, dict) else {}
    data = result.get("report")
    if job.kind != CHECK_KIND or not isinstance(data, dict):
        return None
    report = Report.from_json(data)
    pk = result.get("import_file")
    stored = (
        ImportFile.objects.filter(
            pk=pk,
            created_by_id=job.created_by_id,
            academy_id=job.academy_id,
        )
        .filter(Q(confirmed_at__isnull=True) | Q(job__state=JobState.FAILED))
        .first()
        if isinstance(pk, int) and report.ok
        else None
    )
    return report, stored
