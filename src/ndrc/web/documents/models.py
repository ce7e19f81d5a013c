"""Every document issued, kept with its bytes, every e-mail sent about one, and the bundles
(one ZIP or one merged PDF of many documents) made by a job."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedDocument(models.Model):
    """A document as it was issued: its kind, what it is about (``subject``: a candidate, a
    jury's round, a session's list), its version (a corrected one is a new version, the
    earlier kept: the current one is the highest), its reference printed on each page, its
    bytes, and which data and rules it was made from (``data_fingerprint``: SHA-256 of the
    data rendered; ``rules_fingerprint``: the rules core's version). Issuing the same data
    again gives back this document, identical."""

    kind = models.CharField(_("document"), max_length=32)
    subject = models.CharField(_("objet"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    reference = models.CharField(_("référence"), max_length=64, unique=True)
    session = models.ForeignKey(
        "exam_sessions.ExamSession", verbose_name=_("session"), on_delete=models.PROTECT
    )
    academy = models.ForeignKey(
        "exam_sessions.Academy",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    jury_id = models.PositiveBigIntegerField(_("jury"), null=True, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=128)
    mimetype = models.CharField(_("type"), max_length=64, default="application/pdf")
    content = models.BinaryField(_("contenu"))
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256 du fichier"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"), default=1)
    data_fingerprint = models.CharField(_("empreinte des données"), max_length=64)
    rules_fingerprint = models.CharField(_("version des règles"), max_length=64)
    reason = models.TextField(_("motif du remplacement"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("délivré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("délivré le"))

    class Meta:
        verbose_name = _("document délivré")
        verbose_name_plural = _("documents délivrés")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "subject", "version"), name="document_one_version"
            )
        ]
        indexes = [
            models.Index(fields=("candidate", "kind"), name="document_by_candidate"),
            models.Index(fields=("session", "kind"), name="document_by_session"),
        ]

    def __str__(self) -> str:
        return self.reference


class MailRecord(models.Model):
    """An e-mail the site sent (or could not send) to tell a person of a document issued or
    of results published: to whom, about what, when, and how it went. A candidate without an
    address is recorded too (« sans adresse »), for the exam office to reach otherwise."""

    SENT, FAILED, NO_ADDRESS = "sent", "failed", "no_address"
    STATES = [
        (SENT, _("envoyé")),
        (FAILED, _("échec de l'envoi")),
        (NO_ADDRESS, _("sans adresse électronique")),
    ]

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    state = models.CharField(_("état"), max_length=16, choices=STATES)
    address = models.EmailField(_("adresse"), blank=True)
    subject = models.CharField(_("objet"), max_length=255)
    body = models.TextField(_("message"))
    topic = models.CharField(_("motif"), max_length=32)
    session = models.ForeignKey(
        "exam_sessions.ExamSession",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    academy = models.ForeignKey(
        "exam_sessions.Academy",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mails",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mails",
    )
    error = models.CharField(_("erreur"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("courriel envoyé")
        verbose_name_plural = _("courriels envoyés")
        indexes = [models.Index(fields=("state", "academy"), name="mail_by_state")]

    def __str__(self) -> str:
        return f"{self.address or '—'} {self.subject}"


# Where the bundles' files are written, under the site's ``var/`` folder (settings.VAR_DIR).
BUNDLE_FOLDER = "bundles"


class DocumentBundle(models.Model):
    """One file holding a kind's documents for many candidates, made by a job: a jury's, a
    training centre's or a whole session's (of one académie), as a ZIP (one file per
    document) or one merged PDF. Its file is written under ``var/bundles/`` (``path`` is
    relative to ``var/``), not in the database: it is a copy of documents the database keeps
    anyway (``IssuedDocument``), made again identical by running the job again, so the
    database and its backups do not carry it twice. Kept a limited time (retention.yaml,
    « document_bundles »)."""

    JURY, ESTABLISHMENT, SESSION = "jury", "establishment", "session"
    SCOPES = [
        (JURY, _("jury")),
        (ESTABLISHMENT, _("établissement de formation")),
        (SESSION, _("session entière")),
    ]
    ZIP, PDF = "zip", "pdf"
    FORMATS = [(ZIP, _("ZIP (un fichier par candidat)")), (PDF, _("PDF unique"))]

    kind = models.CharField(_("document"), max_length=32)
    scope = models.CharField(_("périmètre"), max_length=16, choices=SCOPES)
    scope_id = models.PositiveBigIntegerField(_("identifiant du périmètre"))
    scope_label = models.CharField(_("libellé du périmètre"), max_length=255)
    session = models.ForeignKey(
        "exam_sessions.ExamSession",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    academy = models.ForeignKey(
        "exam_sessions.Academy",
        verbose_name=_("académie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=8, choices=FORMATS)
    path = models.CharField(_("fichier"), max_length=255, unique=True)
    filename = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    documents = models.PositiveIntegerField(_("nombre de documents"))
    sha256 = models.CharField(_("empreinte SHA-256 du fichier"), max_length=64)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("tâche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("édité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("édité le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lot de documents")
        verbose_name_plural = _("lots de documents")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("academy", "session"), name="bundle_by_academy")]

    def __str__(self) -> str:
        return self.filename

    @property
    def file_path(self) -> Path:
        """Where its file is (under the site's ``var/`` folder)."""
        return Path(settings.VAR_DIR) / self.path

    @property
    def mimetype(self) -> str:
        return "application/zip" if self.format == self.ZIP else "application/pdf"
