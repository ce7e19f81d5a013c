"""A candidate registered for a session and the candidate's file: grades (explicit states),
internships or periods of work, and the dossiers of E4, E6 and EF2."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.rules.candidate_category import Route
from ndrc.rules.catalogue import catalogue
from ndrc.rules.grades import GradeState, token_for
from ndrc.rules.internships import PeriodKind
from ndrc.rules.results import AssessmentForm, Decision
from ndrc.web.sessions.models import Academy, Establishment, ExamSession, label_choices


class Candidate(models.Model):
    """A candidate registered for one session."""

    session = models.ForeignKey(
        ExamSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="candidates"
    )
    academy = models.ForeignKey(
        Academy, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="candidates"
    )
    number = models.CharField(_("numéro de candidat"), max_length=16)
    last_name = models.CharField(_("nom"), max_length=128)
    first_name = models.CharField(_("prénom"), max_length=128)
    birth_date = models.DateField(_("date de naissance"))
    route = models.CharField(_("voie"), max_length=32, choices=label_choices(Route))
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("établissement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    lv1 = models.CharField(_("langue vivante 1"), max_length=32)
    ef1_language = models.CharField(
        _("langue de l'épreuve facultative EF1"), max_length=32, blank=True
    )
    ef2 = models.BooleanField(_("épreuve facultative EF2 (engagement étudiant)"), default=False)
    assessment_form = models.CharField(
        _("forme de l'examen"),
        max_length=16,
        choices=[
            (AssessmentForm.GLOBAL.value, _("forme globale")),
            (AssessmentForm.PROGRESSIVE.value, _("forme progressive")),
        ],
        default=AssessmentForm.GLOBAL.value,
    )
    # Diplomas held for the exemptions of annexe II b: [{"kind", "law_economics_management",
    # "title", "proof"}]; ``proof`` names the copy of the diploma received.
    diplomas = models.JSONField(_("diplômes détenus (dispenses)"), default=list, blank=True)
    exemption_requests = models.JSONField(_("dispenses demandées"), default=list, blank=True)
    nrc_units = models.JSONField(_("unités du BTS NRC obtenues"), default=list, blank=True)
    vae_units = models.JSONField(_("unités validées par la VAE"), default=list, blank=True)
    e6_professional_dossier = models.BooleanField(
        _("E6 : dossier professionnel (candidat par l'expérience)"), default=False
    )
    extra_time = models.BooleanField(_("temps majoré (tiers-temps)"), default=False)
    arrangements = models.CharField(
        _("aménagements d'épreuves (handicap)"), max_length=255, blank=True
    )
    internship_reduction_reason = models.CharField(
        _("réduction de la durée de stage : motif"), max_length=32, blank=True
    )
    internship_reduction_reference = models.CharField(
        _("réduction de la durée de stage : décision"), max_length=255, blank=True
    )
    continuing_situation = models.CharField(
        _("formation continue : situation"), max_length=32, blank=True
    )
    internship_status = models.CharField(
        _("enseignement à distance : statut pour le stage"), max_length=32, blank=True
    )
    # The name of the jury whose closed deliberation froze this file (set and cleared by the
    # deliberations' services): grades, internships and dossiers change only after reopening.
    locked_by = models.CharField(
        _("délibération close (jury)"), max_length=128, blank=True, editable=False
    )
    # Moved by every audited write about the candidate (ndrc.web.audit.services): what was
    # computed from the file (the proposed result) is current while its revision is this one.
    revision = models.PositiveIntegerField(_("révision du dossier"), default=0, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
    )

    class Meta:
        verbose_name = _("candidat")
        verbose_name_plural = _("candidats")
        ordering = ("last_name", "first_name", "number")
        constraints = [
            models.UniqueConstraint(
                fields=("session", "number"), name="candidate_number_per_session"
            )
        ]
        # The lists' order (name, number) within a session, and within an académie's part
        # of it (the exam office's list): a page is read from the index, not sorted.
        indexes = [
            models.Index(
                fields=("session", "last_name", "first_name", "number"),
                name="candidate_session_by_name",
            ),
            models.Index(
                fields=("session", "academy", "last_name", "first_name", "number"),
                name="candidate_academy_by_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name} ({self.number})"

    @property
    def route_label(self) -> str:
        return Route(self.route).label_fr


# The states a stored grade may have (every state of the rules core but "missing", which is the
# absence of a row), with their French labels for the interface.
GRADE_STATES = [
    (GradeState.GRADE.value, _("note")),
    (GradeState.ABSENT.value, _("absent (non justifié)")),
    (GradeState.ABSENT_FORCE_MAJEURE.value, _("absent pour force majeure")),
    (GradeState.NOT_VALID.value, _("NV (non valide)")),
    (GradeState.RESERVED.value, _("note réservée")),
    (GradeState.EXEMPTED.value, _("dispensé")),
    (GradeState.CARRIED_OVER.value, _("note conservée (bénéfice)")),
    (GradeState.VAE.value, _("validé par la VAE")),
    (GradeState.NOT_SAT.value, _("non présenté")),
]


class Grade(models.Model):
    """A candidate's grade for one épreuve or part (E1…E6, E5W, E5P, EF1, EF2), as a state.

    ``version`` increases at every write: a write that expects an older version is refused
    (no lost update when two people enter the same grade).
    """

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="grades"
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    state = models.CharField(_("état"), max_length=32, choices=GRADE_STATES)
    value = models.DecimalField(
        _("note"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(catalogue().max_grade)],
    )
    ccf = models.BooleanField(_("note de CCF (proposition)"), default=False)
    carried_session = models.PositiveSmallIntegerField(
        _("session d'obtention (bénéfice)"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifiée par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=("candidate", "exam"), name="one_grade_per_exam")
        ]

    def __str__(self) -> str:
        shown = self.value if self.state == GradeState.GRADE else self.get_state_display()
        return f"{self.candidate.number} {self.exam} {shown}"

    @property
    def typed(self) -> str:
        """The grade as it is typed in a cell of the entry page or an import file: « 12,5 »,
        « BEN:13,00:2023 », or the token of its state (ABS, FM, NV…)."""
        if self.state == GradeState.GRADE and self.value is not None:
            return f"{self.value}".replace(".", ",")
        if self.state == GradeState.CARRIED_OVER and self.value is not None:
            return f"BEN:{self.value}:{self.carried_session}".replace(".", ",")
        return token_for(GradeState(self.state))


class Internship(models.Model):
    """An internship, apprenticeship contract or period of work, with its attestation."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="internships"
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    kind = models.CharField(
        _("nature"),
        max_length=32,
        choices=[
            (PeriodKind.INTERNSHIP.value, _("stage")),
            (PeriodKind.WORK.value, _("activité salariée (certificat de travail)")),
            (PeriodKind.APPRENTICESHIP_CONTRACT.value, _("contrat d'apprentissage")),
            (PeriodKind.WORK_CONTRACT.value, _("contrat de travail de type particulier")),
        ],
        default=PeriodKind.INTERNSHIP.value,
    )
    attestation = models.BooleanField(_("attestation ou certificat présent"), default=False)
    signed = models.BooleanField(_("attestation signée"), default=False)
    full_time = models.BooleanField(_("temps plein"), default=True)

    class Meta:
        verbose_name = _("période de stage ou d'activité")
        verbose_name_plural = _("périodes de stage ou d'activité")
        ordering = ("candidate", "start")

    def __str__(self) -> str:
        return f"{self.organisation} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


class Dossier(models.Model):
    """A candidate's dossier for E4, E6 or EF2, as described in docs/conformity-format.md
    (deposit date, signature, fiches, pages, doubts); the rules core judges its conformity."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="dossiers"
    )
    exam = models.CharField(
        _("épreuve"), max_length=4, choices=[(c, c) for c in catalogue().dossier_exams]
    )
    content = models.JSONField(_("contenu"), default=dict)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(fields=("candidate", "exam"), name="one_dossier_per_exam")
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.exam}"


class ProposedResult(models.Model):
    """What the rules engine proposes for a candidate from the file as it stands (grades,
    file, the jury's changes, resit grades): the decision, the exact average and what blocks
    the closing. Derived, never typed: recomputed by ``deliberations.proposals`` and current
    while ``revision`` is the candidate's; the whole-session pages read it instead of
    deliberating every candidate at each request."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("candidat"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="proposed",
    )
    revision = models.PositiveIntegerField(_("révision du dossier lue"))
    decision = models.CharField(_("décision proposée"), max_length=32)
    average = models.CharField(_("moyenne exacte"), max_length=64, blank=True)
    average_display = models.CharField(_("moyenne affichée"), max_length=16, blank=True)
    problems = models.JSONField(_("ce qui bloque la clôture"), default=list, blank=True)
    blocked = models.BooleanField(_("bloque la clôture"), default=False)
    unreadable = models.CharField(_("dossier illisible"), max_length=500, blank=True)
    # Before the académie's deposit deadline a missing dossier is awaited, not NV: the
    # conformity stored then is read again once that date has passed.
    conformity_until = models.DateField(_("conformité à relire après le"), null=True, blank=True)
    # The conformity of the dossiers as the deliberation reads it (outcomes as JSON) and the
    # key of what it was judged on (the file, the dates, the rules' version): reused while
    # the key is the same, so that a change of grades does not judge the dossiers again.
    conformity = models.JSONField(_("conformité des dossiers"), null=True, blank=True)
    conformity_key = models.CharField(_("clé de la conformité"), max_length=40, blank=True)
    computed_at = models.DateTimeField(_("calculé le"), auto_now=True)

    class Meta:
        verbose_name = _("résultat proposé")
        verbose_name_plural = _("résultats proposés")
        indexes = [
            models.Index(fields=("decision",), name="proposed_decision"),
            # The few unreadable files, listed above the conformity list.
            models.Index(
                fields=("candidate",),
                condition=~models.Q(unreadable=""),
                name="proposed_unreadable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.decision}"

    @property
    def decision_label(self) -> str:
        return Decision(self.decision).label_fr


class ConformityOutcome(models.Model):
    """A dossier's conformity as the commission lists it (one row per candidate and dossier,
    with each cause of NV and the defects penalised), stored with the proposed result."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="conformity_outcomes",
    )
    exam = models.CharField(_("épreuve"), max_length=8)
    outcome = models.CharField(_("décision"), max_length=16)
    outcome_label = models.CharField(_("libellé"), max_length=128)
    nv_causes = models.TextField(_("causes de NV"), blank=True)
    defects = models.TextField(_("insuffisances pénalisées"), blank=True)

    class Meta:
        verbose_name = _("conformité d'un dossier")
        verbose_name_plural = _("conformité des dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=("candidate", "exam"), name="one_conformity_outcome_per_exam"
            )
        ]
        indexes = [models.Index(fields=("outcome",), name="conformity_outcome")]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.exam} {self.outcome}"


class Livret(models.Model):
    """The livret scolaire or de formation of a candidate (C2022 §1.3), attached by the
    training centre: an uploaded file (its type read from its content, its bytes kept in the
    database like the CCF evaluation dossiers) and/or structured fields — the appreciations
    and the mention of the Pix certification (from session 2022). The jury must look at it
    before failing a candidate (CE D643-26): its openings are recorded
    (``deliberations.LivretConsultation``). Its file is deleted one year after the
    candidate's deliberation (retention.yaml ``livrets``)."""

    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidat"), on_delete=models.CASCADE, related_name="livret"
    )
    appreciations = models.TextField(_("appréciations de l'équipe pédagogique"), blank=True)
    pix_mention = models.CharField(_("mention de la certification Pix"), max_length=200, blank=True)
    pix_score = models.PositiveSmallIntegerField(_("score Pix certifié"), null=True, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=128, blank=True)
    mimetype = models.CharField(_("type"), max_length=128, blank=True)
    content = models.BinaryField(_("contenu"), null=True, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    sha256 = models.CharField(_("empreinte SHA-256 du fichier"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mis à jour par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("livret scolaire ou de formation")
        verbose_name_plural = _("livrets scolaires ou de formation")

    def __str__(self) -> str:
        return f"{self.candidate.number} livret"

    @property
    def has_file(self) -> bool:
        return bool(self.filename)
