"""The livret scolaire or de formation (C2022 §1.3): the training centre attaches it to its
own candidate (a file and/or the appreciations and the Pix mention); the jury of the
candidate and the exam office open it from the deliberation (each opening recorded: CE
D643-26); the candidate reads his or her own. Nobody else."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ndrc.exports import Export
from ndrc.rules.livret import pix_citation, pix_required
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.audit.services import access_record
from ndrc.web.candidates.models import Candidate, Livret
from ndrc.web.candidates.selectors import candidates_visible_to
from ndrc.web.deliberations import selectors
from ndrc.web.deliberations.anonymity import names_hidden
from ndrc.web.deliberations.livret_services import livret_open, livret_save
from ndrc.web.deliberations.models import LivretConsultation
from ndrc.web.documents.downloads import attachment
from ndrc.web.grading.ccf_files import MAX_BYTES
from ndrc.web.keys import key_from
from ndrc.web.sessions.selectors import session_current


def livret_download(livret: Livret, *, hidden: bool = False) -> HttpResponse:
    """The livret's file, for the pages and the API; named by the candidate's number when
    the names are hidden (the anonymous deliberation: its own name may carry the
    candidate's)."""
    content = Livret.objects.filter(pk=livret.pk).values_list("content", flat=True).get()
    name = livret.filename
    if hidden:
        extension = PurePath(name).suffix.lower()
        name = f"livret-{livret.candidate.number}{extension}"
    return attachment(Export(name, livret.mimetype, bytes(content or b"")))


def livret_of(candidate: Candidate) -> Livret | None:
    """The candidate's livret, its file's bytes not read."""
    return Livret.objects.filter(candidate=candidate).defer("content").first()


@requires(Permission.EDIT_CANDIDATE_FILE)
def livret_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The training centre's page: attach or replace its candidate's livret (the exam
    office reads it there without changing it)."""
    can_upload = request.user.role == Role.TRAINING_CENTRE
    if request.method == "POST" and not can_upload:
        raise PermissionDenied
    candidate = get_object_or_404(
        candidates_visible_to(user=request.user, session=session_current(user=request.user)),
        pk=pk,
    )
    livret = livret_of(candidate)
    errors: list[str] = []
    if request.GET.get("fichier") is not None and livret is not None and livret.has_file:
        access_record(user=request.user, candidate=candidate, page="livret_centre")
        return livret_download(livret)
    if request.method == "POST":
        sent = request.FILES.get("file")
        if sent is not None and (sent.size or 0) > MAX_BYTES:
            # Refused before it is read whole in memory.
            errors = [_("Le fichier dépasse %(mb)s Mo.") % {"mb": MAX_BYTES // (1024 * 1024)}]
            sent = None
        score_text = request.POST.get("pix_score", "").strip()
        score = key_from(score_text)
        try:
            if errors:
                raise ValidationError(errors)
            if score_text and (score is None or score > 32767):
                raise ValidationError(_("Le score Pix est un nombre entier."))
            livret_save(
                candidate=candidate,
                appreciations=request.POST.get("appreciations", ""),
                pix_mention=request.POST.get("pix_mention", ""),
                pix_score=score,
                upload=(sent.name, sent.read()) if sent is not None else None,
                actor=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Livret enregistré."))
            return redirect("livret_edit", pk=candidate.pk)
    return render(
        request,
        "deliberations/livret_form.html",
        {
            "title": _("Livret scolaire ou de formation"),
            "candidate": candidate,
            "livret": livret,
            "errors": errors,
            "pix_required": pix_required(candidate.session.year),
            "pix_citation": pix_citation(),
            "posted": request.POST if request.method == "POST" else None,
            "can_upload": can_upload,
        },
    )


@requires(Permission.DELIBERATE)
def livret_consult(request: HttpRequest, pk: int) -> HttpResponse:
    """The jury opens the candidate's livret: the opening is recorded (who, when, round)."""
    candidate, jury = selectors.candidate_for(request.user, pk)
    if jury is None:
        raise Http404
    livret = livret_of(candidate)
    hidden = names_hidden(user=request.user, jury=jury)
    if livret is not None:
        access_record(user=request.user, candidate=candidate, page="livret")
        if request.GET.get("fichier") is not None and livret.has_file:
            # The page's opening is the record of the consultation; the file's download
            # is in the access log only.
            return livret_download(livret, hidden=hidden)
        if not jury.is_closed:
            livret_open(candidate=candidate, jury=jury, actor=request.user)
    return render(
        request,
        "deliberations/livret.html",
        {
            "title": _("Livret scolaire ou de formation"),
            "candidate": candidate,
            "livret": livret,
            "back": "deliberation_detail",
            "file_url_name": "livret_consult",
            # The anonymous deliberation (C2022 §1.3): a jury member reads the livret of a
            # candidate by number until the jury lifts the anonymity.
            "hidden": hidden,
            "consultations": LivretConsultation.objects.filter(candidate=candidate)
            .select_related("user", "jury")
            .order_by("-at")[:20],
        },
    )


@requires(Permission.VIEW_OWN_FILE)
def my_livret(request: HttpRequest) -> HttpResponse:
    """The candidate's own livret, as the centre attached it."""
    candidate = selectors.own_candidate(request.user)
    if candidate is None:
        raise Http404
    livret = livret_of(candidate)
    if request.GET.get("fichier") is not None and livret is not None and livret.has_file:
        return livret_download(livret)
    return render(
        request,
        "deliberations/livret.html",
        {
            "title": _("Mon livret scolaire ou de formation"),
            "candidate": candidate,
            "livret": livret,
            "own": True,
        },
    )
