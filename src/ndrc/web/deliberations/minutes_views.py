"""The documents of a jury's page: the procès-verbal of each closed round (issued when the
deliberation closes, or from the page; the exam office and the jury's members download it)
and the list of admitted once the results are published (the exam office issues and
downloads it). Issuing asks for a confirmation, as the jury's other acts do."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.deliberations import minutes, selectors
from ndrc.web.deliberations.anonymity import names_hidden
from ndrc.web.deliberations.models import Jury
from ndrc.web.deliberations.proposal_selectors import frozen_counts
from ndrc.web.deliberations.views import _confirmation, _confirmed
from ndrc.web.documents.downloads import attachment, document_export
from ndrc.web.documents.layout import DocumentTooLarge
from ndrc.web.keys import key_from

MINUTES_HIDDEN = gettext_lazy(
    "Le procès-verbal donne les noms des candidats : un membre du jury le télécharge une "
    "fois l'anonymat de la délibération levé."
)


def _round(jury: Jury, value: str) -> int | None:
    """The closed round asked for (``tour``), by default the last one closed; None when the
    round asked for is not a closed one."""
    rounds = minutes.closed_rounds(jury)
    asked = key_from(value) if value else (rounds[-1] if rounds else None)
    return asked if asked is not None and asked in rounds else None


@requires(Permission.DELIBERATE)
def jury_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The PV of a closed round of the jury (``?tour=N``, by default the last one closed), as
    it was issued."""
    jury = selectors.jury_for(request.user, pk)
    if names_hidden(user=request.user, jury=jury):
        # The PV lists the candidates by number and name: a jury member reads it once the
        # anonymity of the deliberation is lifted (D121).
        messages.error(request, MINUTES_HIDDEN)
        raise PermissionDenied(MINUTES_HIDDEN)
    round_ = _round(jury, request.GET.get("tour", ""))
    document = None if round_ is None else minutes.minutes_document(jury, round_)
    if document is None:
        raise Http404
    return attachment(document_export(document))


@requires(Permission.ISSUE_DOCUMENTS)
@require_POST
def jury_minutes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the PV of a closed round, after a confirmation showing the results it records."""
    jury = selectors.jury_for(request.user, pk)
    round_ = _round(jury, request.POST.get("tour", ""))
    if round_ is None:
        messages.error(
            request, _("Le procès-verbal ne s'édite que pour un tour de délibération clos.")
        )
        return redirect("jury_detail", pk=jury.pk)
    if not _confirmed(request):
        return _confirmation(
            request,
            jury,
            title=_("Éditer le procès-verbal du tour %(round)s ?") % {"round": round_},
            url_name="jury_minutes_issue",
            decisions=frozen_counts(selectors.frozen_results(jury, round_)),
            consequences=[
                _(
                    "Le procès-verbal reprend les résultats arrêtés à ce tour, les "
                    "modifications de notes du jury avec leur auteur et leur motif, les "
                    "membres du jury et les textes appliqués."
                ),
                _(
                    "Il est enregistré avec sa référence et sa date et ne se supprime pas ; "
                    "éditer de nouveau les mêmes données redonne le même document."
                ),
            ],
            confirm_label=_("Éditer le procès-verbal"),
            hidden={"tour": round_},
        )
    try:
        document = minutes.minutes_issue(jury=jury, actor=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DocumentTooLarge:
        messages.error(request, _("Le procès-verbal n'a pas pu être mis en page."))
    else:
        messages.success(
            request, _("Procès-verbal édité (réf. %(ref)s).") % {"ref": document.reference}
        )
    return redirect("jury_detail", pk=jury.pk)


@requires(Permission.ISSUE_DOCUMENTS)
def jury_admitted_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of admitted of the jury, as it was last issued."""
    jury = selectors.jury_for(request.user, pk)
    document = minutes.admitted_document(jury)
    if document is None:
        raise Http404
    return attachment(document_export(document))


@requires(Permission.ISSUE_DOCUMENTS)
@require_POST
def jury_admitted_list_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the list of admitted of the last published round, after a confirmation."""
    jury = selectors.jury_for(request.user, pk)
    published = minutes.published_round(jury)
    if published is None:
        messages.error(
            request,
            _("La liste des admis ne s'édite qu'une fois les résultats du jury publiés."),
        )
        return redirect("jury_detail", pk=jury.pk)
    if not _confirmed(request):
        round_ = published[0]
        return _confirmation(
            request,
            jury,
            title=_("Éditer la liste des admis ?"),
            url_name="jury_admitted_list_issue",
            decisions=frozen_counts(selectors.frozen_results(jury, round_)),
            consequences=[
                _(
                    "La liste reprend les candidats admis du tour %(round)s publié, par ordre "
                    "alphabétique : nom, prénom, numéro et établissement, sans note ni date "
                    "de naissance."
                )
                % {"round": round_},
                _(
                    "Elle est enregistrée avec sa référence et sa date ; une liste déjà "
                    "éditée d'un tour antérieur est remplacée, et conservée."
                ),
            ],
            confirm_label=_("Éditer la liste des admis"),
        )
    try:
        document = minutes.admitted_list_issue(jury=jury, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DocumentTooLarge:
        messages.error(request, _("La liste des admis n'a pas pu être mise en page."))
    else:
        messages.success(
            request, _("Liste des admis éditée (réf. %(ref)s).") % {"ref": document.reference}
        )
    return redirect("jury_detail", pk=jury.pk)
