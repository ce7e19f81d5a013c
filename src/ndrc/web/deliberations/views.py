"""Deliberation pages of the juries: the session's juries and proposed decisions, creating a
jury, a jury's deliberation (what is missing, proposed decisions) and its acts — add late
candidates, close, reopen with a reason, publish, export the arrested results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ndrc.exports import FORMATS
from ndrc.rules.results import Decision
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.candidates.selectors import in_group
from ndrc.web.deliberations import closing, selectors, services
from ndrc.web.deliberations.anonymity import names_hidden
from ndrc.web.deliberations.exports import results_export
from ndrc.web.deliberations.models import Jury
from ndrc.web.deliberations.proposal_selectors import counts_in_order, frozen_counts, jury_state
from ndrc.web.deliberations.proposals import proposals_read
from ndrc.web.documents.downloads import attachment
from ndrc.web.keys import key_from
from ndrc.web.sessions.models import Establishment
from ndrc.web.sessions.selectors import session_current


@requires(Permission.MANAGE_JURIES)
def jury_new(request: HttpRequest) -> HttpResponse:
    """Create a jury: its members and the candidates of the chosen establishments (those not
    yet assigned to a jury; candidates by experience have no establishment)."""
    session = session_current(user=request.user)
    if session is None:
        raise Http404
    academy_id = request.user.academy_id
    members = User.objects.filter(role=Role.JURY, academy_id=academy_id).order_by("last_name")
    errors: list[str] = []
    if request.method == "POST":
        groups = request.POST.getlist("establishments")
        if request.POST.get("experience"):
            groups.append("none")
        picked = selectors.unassigned_chosen(session, academy_id, groups=groups)
        sent = request.POST.getlist("members")
        keys = {key for key in map(key_from, sent) if key is not None}
        chosen = list(members.filter(pk__in=keys))
        try:
            if len(chosen) != len(set(sent)):
                raise ValidationError(
                    _("Membre du jury inconnu : choisissez les membres dans la liste.")
                )
            jury = services.jury_create(
                session=session,
                academy=request.user.academy,
                name=request.POST.get("name", "").strip(),
                members=chosen,
                candidates=list(picked),
                actor=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Jury créé."))
            return redirect("jury_detail", pk=jury.pk)
    return render(
        request,
        "deliberations/jury_new.html",
        {
            "title": _("Nouveau jury"),
            "session": session,
            "establishments": Establishment.objects.filter(academy_id=academy_id).order_by("name"),
            "members": members,
            "errors": errors,
        },
    )


def _acted(request: HttpRequest, pk: int, act: Callable[[], object], success: str) -> HttpResponse:
    """Run a jury's act, tell the user what it did (or why not), back to the jury."""
    try:
        done = act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"n": done})
    return redirect("jury_detail", pk=pk)


@requires(Permission.MANAGE_JURIES)
@require_POST
def jury_add_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the candidates without a jury of one establishment (or by experience) to the jury."""
    jury = selectors.jury_for(request.user, pk)
    group = in_group(
        selectors.unassigned_candidates(jury.session, jury.academy_id),
        request.POST.get("establishment", ""),
    )
    return _acted(
        request,
        jury.pk,
        lambda: services.jury_assign(jury=jury, candidates=list(group), actor=request.user),
        _("%(n)s candidat(s) ajouté(s) au jury."),
    )


def _confirmation(
    request: HttpRequest,
    jury: Jury,
    *,
    title: str,
    url_name: str,
    decisions: Counter[Decision],
    consequences: list[str],
    confirm_label: str,
    problems: Sequence[str] = (),
    hidden: dict[str, object] | None = None,
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    """The confirmation step of an irreversible act: what it bears on (how many candidates,
    which decisions) and what it will do; only its confirmed POST acts."""
    counts = counts_in_order(decisions)
    total = decisions.total()
    head = ngettext("%(n)s candidat", "%(n)s candidats", total) % {"n": total}
    details = " ; ".join(f"{decision.label_fr} : {n}" for decision, n in counts)
    return render(
        request,
        "deliberations/confirm.html",
        {
            "title": title,
            "jury": jury,
            "summary": f"{head} — {details}" if details else head,
            "counts": counts,
            "consequences": consequences,
            "problems": list(problems),
            "action": reverse(url_name, args=[jury.pk]),
            "hidden": hidden or {},
            "confirm_label": confirm_label,
            **(extra or {}),
        },
    )


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "1"


@requires(Permission.DELIBERATE)
@require_POST
def jury_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing runs as a background job with a progress page (immediate by default), after a
    confirmation showing the decisions it arrests; it is refused if anything changed since
    the confirmation (``seen``) was read."""
    jury = selectors.jury_for(request.user, pk)
    seen = request.POST.get("seen", "")
    if not _confirmed(request):
        if jury.is_closed:
            messages.error(request, _("La délibération est déjà close."))
            return redirect("jury_detail", pk=jury.pk)
        _freshness, summary = proposals_read(
            candidates=selectors.jury_candidates(jury),
            session_id=jury.session_id,
            jury_id=jury.pk,
            actor=request.user,
        )
        hidden = names_hidden(user=request.user, jury=jury)
        state = jury_state(jury, summary, by_number=hidden)
        problems = [
            *state.session_problems,
            *(
                f"{c.number}{'' if hidden else ' ' + c.last_name.upper()} : "
                + " ; ".join(c.proposed.problems)
                for c in state.blockers
            ),
        ]
        if state.blocked > len(state.blockers):
            problems.append(
                _("… et %(n)s autre(s) candidat(s) bloquant la clôture.")
                % {"n": state.blocked - len(state.blockers)}
            )
        if state.stale:
            problems.append(
                _("%(n)s résultat(s) proposé(s) en cours de calcul : attendez la fin du calcul.")
                % {"n": state.stale}
            )
        if not state.total:
            problems.append(_("Le jury n'a aucun candidat."))
        return _confirmation(
            request,
            jury,
            title=_("Clore la délibération ?"),
            url_name="jury_close",
            decisions=state.counts,
            consequences=[
                _(
                    "Les résultats sont arrêtés tels que résumés ci-dessus : décision, moyenne "
                    "exacte, règlement appliqué et explication."
                ),
                _(
                    "Les dossiers de ces candidats (notes, stages, dossiers, modifications du "
                    "jury) sont verrouillés : ils ne changent ensuite qu'après une réouverture "
                    "motivée."
                ),
                _("Les résultats ne sont pas encore publiés : la publication est un autre acte."),
            ],
            confirm_label=_("Confirmer la clôture"),
            problems=problems,
            hidden={"seen": state.fingerprint},
            extra={"changed_since": key_from(seen) not in (None, state.fingerprint)},
        )
    job = closing.deliberation_close_start(
        jury=jury,
        actor=request.user,
        seen=key_from(seen),
        label=_("Clôture de la délibération — %(jury)s") % {"jury": jury},
    )
    return redirect("job_detail", pk=job.pk)


@requires(Permission.REOPEN_DELIBERATION)
@require_POST
def jury_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed deliberation with a reason, after a confirmation showing the results
    arrested at this round."""
    jury = selectors.jury_for(request.user, pk)
    reason = request.POST.get("reason", "")
    if not _confirmed(request):
        if not jury.is_closed:
            messages.error(request, _("La délibération n'est pas close."))
            return redirect("jury_detail", pk=jury.pk)
        frozen = selectors.frozen_results(jury)
        consequences = [
            _(
                "Le tour de délibération %(next)s s'ouvre : notes, dossiers et modifications du "
                "jury de ces candidats redeviennent modifiables."
            )
            % {"next": jury.round + 1},
            _(
                "Les résultats arrêtés au tour %(round)s restent dans l'historique et dans les "
                "exports de ce tour."
            )
            % {"round": jury.round},
        ]
        if frozen.filter(published_at__isnull=False).exists():
            consequences.append(
                _(
                    "Les candidats continuent de voir les résultats publiés du tour %(round)s "
                    "jusqu'à la publication d'un nouveau tour."
                )
                % {"round": jury.round}
            )
        return _confirmation(
            request,
            jury,
            title=_("Rouvrir la délibération ?"),
            url_name="jury_reopen",
            decisions=frozen_counts(frozen),
            consequences=consequences,
            confirm_label=_("Confirmer la réouverture"),
            extra={
                "ask_reason": True,
                "reason": reason,
                "reason_error": ""
                if reason.strip()
                else _("Le motif de la nouvelle délibération est obligatoire."),
            },
        )
    return _acted(
        request,
        jury.pk,
        lambda: closing.deliberation_reopen(jury=jury, reason=reason, actor=request.user),
        _("Délibération rouverte : nouveau tour de délibération."),
    )


@requires(Permission.PUBLISH_RESULTS)
@require_POST
def jury_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the arrested results, after a confirmation showing what candidates will see."""
    jury = selectors.jury_for(request.user, pk)
    if not _confirmed(request):
        unpublished = (
            frozen_counts(selectors.frozen_results(jury).filter(published_at__isnull=True))
            if jury.is_closed
            else Counter()
        )
        if not unpublished.total():
            messages.error(
                request,
                _("Les résultats de cette délibération sont déjà publiés.")
                if jury.is_closed
                else _("Seuls les résultats d'une délibération close se publient."),
            )
            return redirect("jury_detail", pk=jury.pk)
        return _confirmation(
            request,
            jury,
            title=_("Publier les résultats ?"),
            url_name="jury_publish",
            decisions=unpublished,
            consequences=[
                _(
                    "Chacun de ces candidats voit dès maintenant sa décision et sa moyenne sur "
                    "la page « Mes résultats »."
                ),
                _(
                    "Leur relevé de notes (et, s'il y a lieu, leur attestation de blocs de "
                    "compétences) est délivré dans leur espace et chacun en est prévenu par "
                    "courriel."
                ),
                _(
                    "Une publication ne se retire pas : une nouvelle délibération devra être "
                    "publiée à son tour."
                ),
            ],
            confirm_label=_("Confirmer la publication"),
        )
    return _acted(
        request,
        jury.pk,
        lambda: closing.results_publish(jury=jury, actor=request.user),
        _("%(n)s résultat(s) publié(s)."),
    )


@requires(Permission.EXPORT_RESULTS)
def jury_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The arrested results of the last closed round (``?tour=N`` for an earlier one), also
    while a re-deliberation is open."""
    jury = selectors.jury_for(request.user, pk)
    last_closed = jury.round if jury.is_closed else jury.round - 1
    requested = request.GET.get("tour", "")
    asked = key_from(requested)
    round_ = last_closed if asked is None else asked
    if fmt not in FORMATS or not 1 <= round_ <= last_closed:
        raise Http404
    return attachment(results_export(jury, fmt, round_))
