"""The exam days (« 11 · The exam days »): the organisation (rooms of the exam centres,
the half-days they are open, the written calendar, the window of the orals, the examiners and
their availability, the centre each candidate sits in) and the schedule (commissions and the
sittings of every one-off oral and practical), from which the convocations are issued.

A half-day is a date and a half (0 morning, 1 afternoon); minutes are counted from midnight.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.web.candidates.models import Candidate
from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

HALVES = [(0, _("matin")), (1, _("après-midi"))]


class Room(models.Model):
    """A room of an exam centre: an oral room, or a room of computer posts (E5 practical)."""

    ORAL = "oral"
    COMPUTER = "computer"
    KINDS = [(ORAL, _("salle d'interrogation")), (COMPUTER, _("salle informatique"))]

    centre = models.ForeignKey(
        ExamCentre,
        verbose_name=_("centre d'examen"),
        on_delete=models.CASCADE,
        related_name="rooms",
    )
    name = models.CharField(_("nom"), max_length=64)
    kind = models.CharField(_("type"), max_length=16, choices=KINDS, default=ORAL)
    # Computer posts with WordPress and PrestaShop (E5 practical); 0 for an oral room.
    posts = models.PositiveSmallIntegerField(_("postes informatiques"), default=0)
    active = models.BooleanField(_("disponible"), default=True)

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ("centre__name", "name")
        constraints = [
            models.UniqueConstraint(fields=("centre", "name"), name="room_name_per_centre")
        ]

    def __str__(self) -> str:
        return f"{self.centre.name} — {self.name}"


class CentreOpening(models.Model):
    """A half-day an exam centre is open for the orals and practicals of a session."""

    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    centre = models.ForeignKey(
        ExamCentre,
        verbose_name=_("centre d'examen"),
        on_delete=models.CASCADE,
        related_name="openings",
    )
    date = models.DateField(_("date"))
    half = models.PositiveSmallIntegerField(_("demi-journée"), choices=HALVES)

    class Meta:
        verbose_name = _("ouverture d'un centre")
        verbose_name_plural = _("ouvertures des centres")
        ordering = ("date", "half")
        constraints = [
            models.UniqueConstraint(
                fields=("session", "centre", "date", "half"), name="one_opening_per_half_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.date:%d/%m/%Y} {self.get_half_display()}"


class CentreAssignment(models.Model):
    """The centre a candidate sits in when it is not the one serving his or her establishment
    (set by the exam office, audited, with its reason)."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="centre_assignment",
    )
    centre = models.ForeignKey(
        ExamCentre, verbose_name=_("centre d'examen"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("motif"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("affectation à un centre")
        verbose_name_plural = _("affectations aux centres")

    def __str__(self) -> str:
        return f"{self.candidate} → {self.centre}"


class OralWindow(models.Model):
    """The days of an académie's orals and practicals for a session, and the clock of a
    half-day (when the first loge may open, how long a half-day lasts)."""

    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.CASCADE, related_name="+"
    )
    first_day = models.DateField(_("premier jour des oraux"))
    last_day = models.DateField(_("dernier jour des oraux"))
    morning_start = models.TimeField(_("début du matin"))
    afternoon_start = models.TimeField(_("début de l'après-midi"))
    half_day_minutes = models.PositiveSmallIntegerField(_("durée d'une demi-journée (min)"))
    # The days after the deliberation for the resit orals (épreuves de contrôle, from 2025).
    resit_first_day = models.DateField(
        _("premier jour des oraux de contrôle"), null=True, blank=True
    )
    resit_last_day = models.DateField(
        _("dernier jour des oraux de contrôle"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("période des oraux")
        verbose_name_plural = _("périodes des oraux")
        constraints = [
            models.UniqueConstraint(fields=("session", "academy"), name="one_oral_window")
        ]

    def __str__(self) -> str:
        return f"{self.academy} — {self.first_day:%d/%m/%Y} – {self.last_day:%d/%m/%Y}"


class WrittenSitting(models.Model):
    """A written paper of the national calendar (E1, E3, E5 written): its date and times, and
    the loge time the circular insists on (C2022 §1.1: « respecter pour chaque épreuve le
    temps de loge précisé »)."""

    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    date = models.DateField(_("date"))
    start = models.TimeField(_("heure de début"))
    end = models.TimeField(_("heure de fin"))
    # The time candidates stay in the room before anyone may leave.
    loge_minutes = models.PositiveSmallIntegerField(_("temps de loge (min)"))

    class Meta:
        verbose_name = _("épreuve écrite du calendrier")
        verbose_name_plural = _("calendrier des épreuves écrites")
        ordering = ("date", "start")
        constraints = [
            models.UniqueConstraint(fields=("session", "exam"), name="one_written_sitting")
        ]

    def __str__(self) -> str:
        return f"{self.exam} — {self.date:%d/%m/%Y} {self.start:%H:%M}"


class Examiner(models.Model):
    """A person who examines the orals and practicals of a session: a teacher (of a block, a
    language, CGE, CEJM) of an establishment, or a professional. ``kinds`` and ``languages``
    are codes (`ndrc.rules.exam_days.examiner_kinds`; languages as in the candidate's file)."""

    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examiner_profiles",
    )
    last_name = models.CharField(_("nom"), max_length=128)
    first_name = models.CharField(_("prénom"), max_length=128)
    email = models.EmailField(_("adresse électronique"), blank=True)
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("établissement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kinds = models.JSONField(_("qualités"), default=list)
    languages = models.JSONField(_("langues"), default=list, blank=True)
    centres = models.ManyToManyField(
        ExamCentre, verbose_name=_("centres accessibles"), related_name="+", blank=True
    )
    # Withdrawn after the schedule was made: kept (the schedule's history names him or her),
    # but no longer given anything.
    withdrawn = models.BooleanField(_("désisté"), default=False)

    class Meta:
        verbose_name = _("examinateur")
        verbose_name_plural = _("examinateurs")
        ordering = ("last_name", "first_name")

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class ExaminerAvailability(models.Model):
    """A half-day an examiner can examine."""

    examiner = models.ForeignKey(
        Examiner,
        verbose_name=_("examinateur"),
        on_delete=models.CASCADE,
        related_name="availability",
    )
    date = models.DateField(_("date"))
    half = models.PositiveSmallIntegerField(_("demi-journée"), choices=HALVES)

    class Meta:
        verbose_name = _("disponibilité")
        verbose_name_plural = _("disponibilités")
        ordering = ("date", "half")
        constraints = [
            models.UniqueConstraint(
                fields=("examiner", "date", "half"), name="one_availability_per_half_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.examiner} — {self.date:%d/%m/%Y} {self.get_half_display()}"


class Schedule(models.Model):
    """A schedule of a session's orals and practicals in an académie, as the solver made it
    and the checker accepted it. One is applied at a time (its sittings are the convocations);
    a re-planning makes a new one that replaces it."""

    DRAFT = "draft"
    APPLIED = "applied"
    REPLACED = "replaced"
    STATUSES = [(DRAFT, _("proposé")), (APPLIED, _("appliqué")), (REPLACED, _("remplacé"))]
    MAIN = "main"
    RESIT = "resit"
    PURPOSES = [(MAIN, _("épreuves orales et pratiques")), (RESIT, _("oraux de contrôle"))]

    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("objet"), max_length=16, choices=PURPOSES, default=MAIN)
    status = models.CharField(_("état"), max_length=16, choices=STATUSES, default=DRAFT)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("remplace"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    reason = models.CharField(_("motif"), max_length=255, blank=True)
    # The solver's report: status, values and lower bounds, binding resources in words, times,
    # the checker's verdict, the candidates whose sittings changed (a re-planning).
    report = models.JSONField(_("rapport"), default=dict)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("planning des épreuves")
        verbose_name_plural = _("plannings des épreuves")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.academy} ({self.get_status_display()})"


class Commission(models.Model):
    """A commission on one half-day in one room for one épreuve: its members and, through its
    sittings, its candidates."""

    schedule = models.ForeignKey(
        Schedule, verbose_name=_("planning"), on_delete=models.CASCADE, related_name="commissions"
    )
    centre = models.ForeignKey(
        ExamCentre, verbose_name=_("centre d'examen"), on_delete=models.PROTECT, related_name="+"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("salle"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    half = models.PositiveSmallIntegerField(_("demi-journée"), choices=HALVES)
    exam = models.CharField(_("épreuve"), max_length=8)
    members = models.ManyToManyField(
        Examiner, verbose_name=_("membres"), related_name="commissions"
    )

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ("date", "half", "centre__name", "room__name")

    def __str__(self) -> str:
        return f"{self.exam} — {self.room} — {self.date:%d/%m/%Y} {self.get_half_display()}"


class Sitting(models.Model):
    """One candidate's oral or practical: when (minutes from midnight of the commission's
    date, extra time included), with which commission. ``group`` names an E5 practical's
    group of up to three."""

    commission = models.ForeignKey(
        Commission, verbose_name=_("commission"), on_delete=models.CASCADE, related_name="sittings"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="sittings"
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    loge_start = models.PositiveSmallIntegerField(_("début de la loge (minute)"))
    start = models.PositiveSmallIntegerField(_("début (minute)"))
    end = models.PositiveSmallIntegerField(_("fin (minute)"))
    group = models.CharField(_("groupe"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ("start", "candidate__number")
        constraints = [
            models.UniqueConstraint(
                fields=("commission", "candidate", "exam"), name="one_sitting_per_exam"
            )
        ]
        indexes = [models.Index(fields=("candidate", "exam"), name="sitting_by_candidate")]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam} ({self.start // 60:02d}h{self.start % 60:02d})"


class ConvocationSent(models.Model):
    """A convocation sent by e-mail (a candidate's or an examiner's): the document sent, the
    lines of the schedule it gave (« E4 : mardi 12 mai 2026, … »), how the sending went. The
    latest one of a person tells whether his or her convocation changed since it was sent,
    and what the notice of a new version says changed. A sending with no line is the
    cancellation of the convocation (the person is convened no more)."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    examiner = models.ForeignKey(
        Examiner,
        verbose_name=_("examinateur"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    lines = models.JSONField(_("horaires envoyés"), default=list)
    state = models.CharField(_("état de l'envoi"), max_length=16)
    at = models.DateTimeField(_("envoyé le"))

    class Meta:
        verbose_name = _("convocation envoyée")
        verbose_name_plural = _("convocations envoyées")
        indexes = [
            models.Index(fields=("candidate",), name="convocation_sent_candidate"),
            models.Index(fields=("examiner",), name="convocation_sent_examiner"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} ({self.state})"
