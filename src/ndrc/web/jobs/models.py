import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("en attente")
    RUNNING = "running", _("en cours")
    DONE = "done", _("terminée")
    FAILED = "failed", _("échec")


def lease() -> dt.timedelta:
    """How long a running job lives without a sign of life (``NDRC_JOBS_LEASE_SECONDS``)."""
    return dt.timedelta(seconds=settings.NDRC_JOBS_LEASE_SECONDS)


class JobQuerySet(models.QuerySet["Job"]):
    def _last_sign(self) -> "JobQuerySet":
        return self.alias(last_sign=Coalesce("heartbeat_at", "started_at", "created_at"))

    def expired(self) -> "JobQuerySet":
        """Running jobs whose lease has expired: their worker gave no sign of life for
        longer than the lease (it died, or its machine did)."""
        return (
            self._last_sign()
            .filter(state=JobState.RUNNING)
            .filter(last_sign__lt=timezone.now() - lease())
        )

    def alive(self) -> "JobQuerySet":
        """Jobs still to run or running with a live lease (never a failed or dead one)."""
        return self._last_sign().filter(
            Q(state=JobState.QUEUED)
            | Q(state=JobState.RUNNING, last_sign__gte=timezone.now() - lease())
        )


# The French label of each kind of job (``Job.kind``), shown in the « Tâches » list, its filter
# and its export; a kind not listed is shown as it is stored.
JOB_KINDS = {
    "convocations_send": _("Envoi des convocations"),
    "deliberation_close": _("Clôture d'une délibération"),
    "documents_bundle": _("Lot de documents"),
    "import_check": _("Vérification d'un import"),
    "minutes_issue": _("Procès-verbal de délibération"),
    "proposals_refresh": _("Calcul des propositions du jury"),
    "schedule_plan": _("Planification des épreuves"),
    "transcripts_issue": _("Relevés de notes"),
}


def job_kind_label(kind: str) -> str:
    """The French label of a kind of job, the kind itself when unknown."""
    return str(JOB_KINDS.get(kind, kind))


class Job(models.Model):
    """A long piece of work run in the background (django-tasks), with its progress.

    ``task`` is the dotted path of the work function, ``params`` its JSON arguments; the work
    reports ``done`` out of ``total`` with a French ``message``. ``result`` is the JSON the
    work returned (``message``, ``url`` of the result, ``details``), or on failure the details
    of the error.
    """

    kind = models.CharField(_("type"), max_length=64)
    label = models.CharField(_("intitulé"), max_length=200, blank=True)
    task = models.CharField(_("fonction"), max_length=200)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    state = models.CharField(
        _("état"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("fait"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.JSONField(_("résultat"), null=True, blank=True)
    task_id = models.CharField(_("identifiant de la tâche"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    academy = models.ForeignKey(
        "exam_sessions.Academy",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("démarrée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # The lease: the worker renews it while the job runs (each progress write and a
    # heartbeat); a running job without a sign of life for NDRC_JOBS_LEASE_SECONDS is dead.
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    restarts = models.PositiveIntegerField(_("relances"), default=0)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.label or self.kind} ({self.get_state_display()})"

    @property
    def kind_label(self) -> str:
        return job_kind_label(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def result_url(self) -> str:
        if not self.is_finished or not isinstance(self.result, dict):
            return ""
        return str(self.result.get("url") or "")

    @property
    def details(self) -> list[str]:
        if not isinstance(self.result, dict):
            return []
        return [str(line) for line in self.result.get("details") or []]
