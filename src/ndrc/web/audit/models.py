from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What the journal stores for a value it does not keep (``services.WITHHELD_FIELDS``): that the
# field was set or changed, read « modifié (valeur non conservée) ».
WITHHELD = "[valeur non conservée]"

# Every service's action, as the journal shows it (unknown actions show their code).
ACTION_LABELS = {
    "academy_create": _("création d'une académie"),
    "session_create": _("création d'une session"),
    "session_dates_set": _("dates de la session"),
    "establishment_create": _("création d'un établissement"),
    "exam_centre_create": _("création d'un centre d'examen"),
    "user_create": _("création d'un compte"),
    "password_change": _("changement du mot de passe"),
    "password_reset": _("mot de passe réinitialisé par un lien reçu par courriel"),
    "otp_enrol": _("activation de la double authentification"),
    "api_token_create": _("création d'un jeton d'accès à l'API"),
    "api_token_revoke": _("révocation d'un jeton d'accès à l'API"),
    "candidate_register": _("inscription du candidat"),
    "candidate_update": _("modification de l'inscription"),
    "grade_set": _("saisie d'une note"),
    "internship_add": _("ajout d'une période de stage ou d'activité"),
    "dossier_set": _("description d'un dossier"),
    "internship_update": _("correction d'une période de stage ou d'activité"),
    "internship_delete": _("suppression d'une période de stage ou d'activité"),
    "dossier_delete": _("suppression d'un dossier"),
    "examiners_assign": _("affectation d'examinateurs"),
    "grid_begin": _("grille d'évaluation commencée"),
    "grid_save": _("grille d'évaluation enregistrée (brouillon)"),
    "grid_sign": _("signature d'une grille d'évaluation"),
    "grid_reopen": _("réouverture d'une grille d'évaluation"),
    "circular_grid_load": _("chargement d'une grille de la circulaire"),
    "harmonisation_adjust": _("ajustement d'une note à l'harmonisation"),
    "harmonisation_withdraw": _("retrait d'un ajustement d'harmonisation"),
    "jury_create": _("création du jury"),
    "jury_assign": _("ajout de candidats au jury"),
    "jury_grade_change": _("modification de note par le jury"),
    "jury_grade_change_withdraw": _("retrait d'une modification du jury"),
    "resit_grade_set": _("note d'épreuve de contrôle"),
    "resit_grade_withdraw": _("retrait d'une note d'épreuve de contrôle"),
    "session_make_current": _("choix de la session en cours"),
    "resit_declined_set": _("renonciation aux épreuves de contrôle"),
    "resit_choice_set": _("choix des épreuves de contrôle"),
    "deliberation_close": _("clôture de la délibération"),
    "deliberation_reopen": _("réouverture de la délibération"),
    "result_freeze": _("résultat arrêté"),
    "results_publish": _("publication des résultats"),
    "import_file_store": _("dépôt d'un fichier à importer"),
    "import_file_drop": _("fichier à importer écarté (erreurs à la vérification)"),
    "job_run": _("lancement d'une tâche"),
    "job_restart": _("relance d'une tâche"),
    "import_file_delete": _("fichier importé supprimé après l'import"),
    "personal_data_export": _("export des données personnelles"),
    "retention_apply": _("application des durées de conservation"),
    "document_issue": _("document délivré"),
    "documents_issue": _("documents délivrés"),
    "nv_notices_send": _("avis de non-conformité envoyé"),
    "convocations_send": _("convocation envoyée"),
    "convocations_cancel": _("convocation annulée (plus aucune épreuve)"),
    "document_bundle_make": _("documents édités en un fichier (ZIP ou PDF unique)"),
    # The exam days' organisation (scheduling/organisation_services.py, imports/exam_days.py).
    "exam_centre_update": _("adresse et places en loge d'un centre d'examen"),
    "exam_centre_establishments": _("établissements rattachés à un centre d'examen"),
    "exam_centre_openings": _("demi-journées d'ouverture d'un centre d'examen"),
    "exam_centre_opening_import": _("demi-journée d'ouverture d'un centre importée"),
    "room_create": _("création d'une salle"),
    "room_update": _("modification d'une salle"),
    "candidate_centre_set": _("affectation du candidat à un centre d'examen"),
    "candidate_centre_reset": _("retour du candidat au centre de rattachement"),
    "oral_window_create": _("saisie de la période des oraux"),
    "oral_window_update": _("modification de la période des oraux"),
    "written_sitting_create": _("saisie d'une épreuve écrite du calendrier"),
    "written_sitting_update": _("modification d'une épreuve écrite du calendrier"),
    "examiner_create": _("création d'un examinateur"),
    "examiner_update": _("modification d'un examinateur"),
    "examiner_centres": _("centres accessibles à un examinateur"),
    "examiner_withdraw": _("désistement d'un examinateur"),
    "examiner_availability": _("disponibilités d'un examinateur"),
    "examiner_availability_import": _("disponibilité d'un examinateur importée"),
    "schedule_store": _("planning des épreuves proposé"),
    "schedule_apply": _("planning des épreuves appliqué"),
    "room_lose": _("salle devenue indisponible"),
    # The E4 fiches-sujets and the E5 practical subjects (grading.subject_services).
    "subject_sheet_write": _("fiche-sujet E4 rédigée"),
    "subject_sheet_reopen": _("réouverture d'une fiche-sujet E4"),
    "practical_subject_add": _("sujet ajouté à la banque E5 pratique"),
    "practical_subject_assign": _("sujet E5 pratique attribué"),
    "practical_subject_share": _("sujet E5 pratique attribué par répartition"),
    # The CCF evaluation dossier (grading.ccf_services).
    "ccf_situation_save": _("date et commission d'une situation de CCF"),
    "evaluation_dossier_upload": _("dépôt d'un document du dossier d'évaluation"),
    "evaluation_dossier_delete": _("suppression d'un document du dossier d'évaluation"),
    # Appeals on the grids (grading.appeal_services).
    "grid_appeal_request": _("demande de communication des grilles"),
    "grid_appeal_answer": _("réponse à une demande de communication des grilles"),
    "grid_appeal_refuse": _("refus d'une demande de communication des grilles"),
    # The anonymity of a jury's deliberation (deliberations.anonymity).
    "jury_anonymity_lift": _("levée de l'anonymat de la délibération"),
    # The jury's composition (CE D643-31) and the livret (C2022 §1.3, CE D643-26).
    "jury_member_add": _("membre du jury enregistré (composition)"),
    "jury_member_update": _("membre du jury modifié (composition)"),
    "jury_member_remove": _("membre du jury retiré (composition)"),
    "livret_save": _("livret scolaire ou de formation déposé"),
    "livret_open": _("livret scolaire ou de formation consulté par le jury"),
    # The exports of the lists to search (ndrc.web.listing).
    "list_export": _("export d'une liste"),
}


class AuditEntry(models.Model):
    """One write made by a service: who, when, what, before, after and why."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("type d'objet"), max_length=64)
    object_id = models.CharField(_("identifiant"), max_length=64)
    object_repr = models.CharField(_("objet"), max_length=255)
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    before = models.JSONField(_("avant"), null=True, blank=True)
    after = models.JSONField(_("après"), null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("object_type", "object_id"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


# The pages of a candidate's file whose reads are recorded (``AccessLog.page``).
ACCESS_PAGES = {
    "file": _("dossier du candidat"),
    "history": _("historique"),
    "deliberation": _("délibération"),
    "personal_data": _("données personnelles"),
    "accesses": _("consultations du dossier"),
    "api": _("API (plan, notes ou conformité du candidat)"),
    "documents": _("documents délivrés (liste)"),
    "document": _("document délivré (téléchargé)"),
    "grid_pdf": _("grille d'évaluation signée (PDF téléchargé)"),
    "ccf_dossier_file": _("document du dossier d'évaluation CCF (téléchargé)"),
    "livret": _("livret scolaire ou de formation (ouvert par le jury)"),
    "what_if": _("simulation des résultats"),
    "livret_centre": _(
        "livret scolaire ou de formation (page du centre ou du service des examens)"
    ),
}


class AccessLog(models.Model):
    """One read of a candidate's file by a member of staff: who, which page, when (not the
    candidate's own reads). Kept for the term of ``retention.yaml`` (access_log)."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lu par"),
        on_delete=models.PROTECT,
        related_name="file_reads",
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="file_reads",
    )
    page = models.CharField(_("page"), max_length=32)

    class Meta:
        verbose_name = _("consultation d'un dossier")
        verbose_name_plural = _("consultations des dossiers")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("candidate", "at"), name="access_by_candidate")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.candidate_id} {self.page}"

    @property
    def page_label(self) -> str:
        return str(ACCESS_PAGES.get(self.page, self.page))
