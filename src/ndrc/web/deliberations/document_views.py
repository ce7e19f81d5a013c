"""« Éditer des documents »: the exam office issues a kind's documents for a jury, a training
centre or the whole session of its académie, as one ZIP or one merged PDF made by a
background job (after a confirmation: issuing is recorded and may e-mail people), and
downloads the bundles made."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.retention import retention_rules
from ndrc.web.deliberations import document_jobs as jobs
from ndrc.web.documents.kinds import KINDS
from ndrc.web.documents.models import DocumentBundle
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import session_current

BUNDLES_KEPT = "document_bundles"  # the rule of retention.yaml


def size_label(size: int) -> str:
    """A file's size as people read it, in French: « 850 octets », « 12 Ko », « 1,5 Mo »."""
    if size < 1024:
        return ngettext("%(n)s octet", "%(n)s octets", size) % {"n": size}
    units = (
        (pgettext("taille de fichier", "Go"), 1024**3),
        (pgettext("taille de fichier", "Mo"), 1024**2),
        (pgettext("taille de fichier", "Ko"), 1024),
    )
    for unit, scale in units:
        if size >= scale:
            value = size / scale
            digits = 0 if value >= 100 or scale == 1024 else 1
            return f"{number_format(round(value, digits), digits)} {unit}"
    return ""  # not reached: 1024 bytes and more are at least 1 Ko


@requires(Permission.ISSUE_DOCUMENTS)
def document_bundles(request: HttpRequest) -> HttpResponse:
    """Choose a kind, a scope and a format; confirm; the job starts and its progress page
    opens. Below: the bundles made for the session, each with its download link."""
    session = session_current(user=request.user)
    academy_id = getattr(request.user, "academy_id", None)
    if session is None or academy_id is None:
        raise Http404(_("Aucune session en cours pour votre académie."))
    kinds = jobs.kinds_offered()
    scopes = jobs.scopes_offered(session=session, academy_id=academy_id)
    data = request.POST if request.method == "POST" else request.GET
    chosen = {
        "kind": data.get("kind", ""),
        "scope": data.get("scope", ""),
        "format": data.get("format", DocumentBundle.ZIP),
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        kind = next((k for k in kinds if k.slug == chosen["kind"]), None)
        scope = jobs.scope_read(value=chosen["scope"], session=session, academy_id=academy_id)
        if kind is None:
            errors["kind"] = _("Choisissez un document dans la liste.")
        if scope is None:
            errors["scope"] = _("Choisissez un jury, un établissement ou toute la session.")
        if chosen["format"] not in jobs.FORMATS:
            errors["format"] = _("Choisissez le format : ZIP ou PDF unique.")
        count = 0
        if scope is not None and kind is not None:
            count = jobs.scope_people(kind, scope).count()
        elif scope is not None:
            count = jobs.scope_candidates(scope).count()
        if scope is not None and kind is not None and kind.to_examiner and not count:
            errors["scope"] = _(
                "Ce document s'adresse aux examinateurs : ce périmètre n'en a aucun (un jury "
                "n'en a pas ; choisissez toute la session ou un établissement)."
            )
        elif scope is not None and not count:
            errors["scope"] = _("Ce périmètre n'a aucun candidat.")
        if not errors and kind is not None and scope is not None:
            if request.POST.get("confirmed") != "1":
                return _confirmation(request, kind=kind, scope=scope, fmt=chosen["format"], n=count)
            job = jobs.documents_bundle_start(
                kind=kind, scope=scope, fmt=chosen["format"], actor=request.user
            )
            return redirect("job_detail", pk=job.pk)
    bundles = paginate(
        request,
        DocumentBundle.objects.filter(academy_id=academy_id, session=session).select_related(
            "created_by"
        ),
    )
    return render(
        request,
        "deliberations/document_bundles.html",
        {
            "title": _("Éditer des documents"),
            "session": session,
            "kinds": kinds,
            "session_scope": scopes[DocumentBundle.SESSION][0],
            "juries": scopes[DocumentBundle.JURY],
            "establishments": scopes[DocumentBundle.ESTABLISHMENT],
            "formats": DocumentBundle.FORMATS,
            "chosen": chosen,
            "errors": errors,
            "pagination": bundles,
            "rows": [
                (b, KINDS[b.kind].label if b.kind in KINDS else b.kind, size_label(b.size))
                for b in bundles.rows
            ],
            "kept_days": retention_rules()[BUNDLES_KEPT].days,
        },
    )


def _confirmation(
    request: HttpRequest, *, kind: jobs.DocumentKind, scope: jobs.Scope, fmt: str, n: int
) -> HttpResponse:
    """What the job will do, before it does it (issuing cannot be undone)."""
    if kind.to_examiner:
        head = ngettext("%(n)s examinateur", "%(n)s examinateurs", n) % {"n": n}
    else:
        head = ngettext("%(n)s candidat", "%(n)s candidats", n) % {"n": n}
    return render(
        request,
        "deliberations/document_bundle_confirm.html",
        {
            "title": _("Éditer ces documents ?"),
            "kind": kind,
            "scope": scope,
            "format": fmt,
            "format_label": dict(DocumentBundle.FORMATS)[fmt],
            "summary": f"{kind.label} — {scope.label} — {head}",
            "consequences": [
                _(
                    "Le document de chaque examinateur de ce périmètre qui doit en recevoir un "
                    "est délivré et enregistré : chaque délivrance est inscrite au journal (qui, "
                    "quand, quelle version des données et des règles)."
                )
                if kind.to_examiner
                else _(
                    "Le document de chaque candidat de ce périmètre qui doit en recevoir un est "
                    "délivré et enregistré : chaque délivrance est inscrite au journal (qui, "
                    "quand, quelle version des données et des règles)."
                ),
                _(
                    "Un document déjà délivré dont les données n'ont pas changé est repris tel "
                    "quel ; si elles ont changé, une nouvelle version le remplace et le dit "
                    "(l'ancienne est conservée)."
                ),
                _(
                    "Selon le document, les personnes concernées en sont averties par courriel : "
                    "une délivrance ne s'annule pas."
                ),
                _(
                    "Le fichier est conservé %(days)s jours, puis supprimé ; l'éditer à nouveau "
                    "le refait à l'identique."
                )
                % {"days": retention_rules()[BUNDLES_KEPT].days},
            ],
        },
    )


@requires(Permission.ISSUE_DOCUMENTS)
@require_GET
def document_bundle_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A bundle's file, to save: only the exam office of the bundle's académie (404 for
    anyone else, and once its file has been removed)."""
    academy_id = getattr(request.user, "academy_id", None)
    bundle = DocumentBundle.objects.filter(pk=pk, academy_id=academy_id).first()
    if academy_id is None or bundle is None:
        raise Http404(_("Lot de documents introuvable."))
    path = bundle.file_path
    if not path.is_file():
        raise Http404(_("Le fichier de ce lot n'est plus disponible : éditez-le à nouveau."))
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=bundle.filename,
        content_type=bundle.mimetype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
