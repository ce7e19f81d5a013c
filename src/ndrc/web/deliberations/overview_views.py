"""The whole-session pages of the deliberation, read from the stored proposals (never
recomputed per request): the session's juries and proposed decisions, a jury's page (what
blocks the closing, the proposed decisions a page at a time, the arrested results) and the
conformity commission's list. Each page first makes sure what it reads is current
(``proposals.proposals_read``): while a job computes many proposals, the page says how many
are being computed and shows none of them as it was."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, has_permission
from ndrc.web.audit.selectors import entries_about
from ndrc.web.candidates import selectors as candidate_selectors
from ndrc.web.candidates.exports import conformity_list_export
from ndrc.web.candidates.lists import ConformityFilters, ConformityTable
from ndrc.web.deliberations import selectors
from ndrc.web.deliberations.anonymity import is_jury_member_view, names_hidden
from ndrc.web.deliberations.closing import closing_failed
from ndrc.web.deliberations.minutes import closed_rounds, jury_documents, published_round
from ndrc.web.deliberations.proposal_selectors import (
    BY_NAME,
    BY_NUMBER,
    ProposalSummary,
    counts_in_order,
    frozen_counts,
    jury_change_counts,
    jury_state,
    with_proposals,
)
from ndrc.web.deliberations.proposals import Freshness, proposals_read
from ndrc.web.listing import export_asked, export_response, listing_read
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import calendar_of, session_current, user_academy_id


@requires(Permission.DELIBERATE)
def deliberation(request: HttpRequest) -> HttpResponse:
    """The juries the user sees and, for the exam office, the whole session's proposals (the
    counts of decisions, then a page of candidates)."""
    session = session_current(user=request.user)
    visible = candidate_selectors.candidates_visible_to(user=request.user, session=session)
    freshness, summary, pagination = Freshness(), ProposalSummary(), None
    if session is not None:
        freshness, summary = proposals_read(
            candidates=visible,
            session_id=session.pk,
            academy_id=user_academy_id(request.user),
            actor=request.user,
            url=request.get_full_path(),
        )
        pagination = paginate(request, with_proposals(visible))
    counts = summary.counts
    unassigned = (
        selectors.unassigned_candidates(session, request.user.academy_id).count()
        if session is not None and has_permission(request.user, Permission.MANAGE_JURIES)
        else 0
    )
    return render(
        request,
        "deliberations/list.html",
        {
            "title": _("Délibération"),
            "session": session,
            "juries": list(selectors.juries_visible_to(user=request.user, session=session)),
            "unassigned": unassigned,
            "pagination": pagination,
            "freshness": freshness,
            "counts": counts_in_order(counts),
            "pass_rate": selectors.pass_rate_text(list(counts.elements())),
            # A jury member reads the session's list by numbers only (DEC D121).
            "hidden": is_jury_member_view(request.user),
        },
    )


@requires(Permission.DELIBERATE)
def jury_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A jury's page: before closing, what blocks it and the proposed decisions a page at a
    time; once closed, the arrested results a page at a time."""
    jury = selectors.jury_for(request.user, pk)
    hidden = names_hidden(user=request.user, jury=jury)
    context: dict[str, object] = {
        "title": str(jury),
        "jury": jury,
        "hidden": hidden,
    }
    if jury.is_closed:
        # By number while the names are hidden: an order by name would tell them (D121).
        frozen = selectors.frozen_results(jury).order_by(
            *(f"candidate__{f}" for f in (BY_NUMBER if hidden else BY_NAME))
        )
        counts = frozen_counts(selectors.frozen_results(jury))
        context.update(
            pagination=paginate(request, frozen),
            published=frozen.filter(published_at__isnull=False).exists(),
        )
    else:
        candidates = selectors.jury_candidates(jury)
        freshness, summary = proposals_read(
            candidates=candidates,
            session_id=jury.session_id,
            jury_id=jury.pk,
            actor=request.user,
            url=request.get_full_path(),
        )
        state = jury_state(jury, summary, by_number=hidden)
        counts = state.counts
        pagination = paginate(request, with_proposals(candidates, by_number=hidden))
        changes = jury_change_counts(jury, [c.pk for c in pagination.rows])
        context.update(
            state=state,
            closing_failed=closing_failed(jury=jury, user=request.user),
            freshness=freshness,
            pagination=pagination,
            rows=[(c, changes.get(c.pk, 0)) for c in pagination.rows],
            unassigned=selectors.unassigned_groups(jury)
            if has_permission(request.user, Permission.MANAGE_JURIES)
            else [],
        )
    minutes_issued, admitted_issued = jury_documents(jury)
    context.update(
        minutes=[(r, minutes_issued.get(r)) for r in closed_rounds(jury)],
        admitted_issued=admitted_issued,
        published_round=published_round(jury),
        counts=counts_in_order(counts),
        pass_rate=selectors.pass_rate_text(list(counts.elements())),
        history=entries_about(obj=jury)[:50],
    )
    return render(request, "deliberations/jury.html", context)


@requires(Permission.VIEW_CANDIDATE_LIST)
def conformity_list(request: HttpRequest) -> HttpResponse:
    """The conformity commission's list for the candidates the user sees, a page at a time,
    with each NV and its cause: found by the candidate (``?q=``), filtered by épreuve
    (``?epreuve=``), decision (``?decision=``) and establishment (``?etablissement=``),
    sorted by a column (``?tri=``); ``?nv=1`` keeps the NV only; ``?format=csv`` or ``xlsx``
    downloads every row of the filter, in the order shown, in the commission's columns."""
    session = session_current(user=request.user)
    only_nv = bool(request.GET.get("nv"))
    visible = candidate_selectors.candidates_visible_to(user=request.user, session=session)
    freshness = Freshness()
    if session is not None:
        freshness, _summary = proposals_read(
            candidates=visible,
            session_id=session.pk,
            academy_id=user_academy_id(request.user),
            actor=request.user,
            url=request.get_full_path(),
        )
    counts = candidate_selectors.conformity_counts(visible)
    filters = ConformityFilters(
        request.GET or None,
        outcomes=candidate_selectors.conformity_outcomes(visible, only_nv=only_nv),
        visible=visible,
        labels=sorted({(outcome, label) for outcome, label, _ in counts}),
    )
    known = sum(n for outcome, _, n in counts if outcome == "nv" or not only_nv)
    listing, ordered = listing_read(
        request,
        filters=filters,
        table_class=ConformityTable,
        default="",
        count=None if filters.active else known,
    )
    fmt = export_asked(request)
    if fmt and session is not None:
        rows = [candidate_selectors.commission_line(o) for o in ordered.iterator(2000)]
        return export_response(
            request,
            export=conformity_list_export(rows, fmt=fmt, year=session.year),
            model=ordered.model,
            title=_("Commission de conformité"),
            rows=len(rows),
        )
    pagination = listing.pagination
    return render(
        request,
        "deliberations/conformity_list.html",
        {
            "title": _("Conformité des dossiers"),
            "session": session,
            "calendar": session
            and calendar_of(session=session, academy_id=user_academy_id(request.user)),
            "rows": [candidate_selectors.commission_line(o) for o in pagination.rows],
            "listing": listing,
            "pagination": pagination,
            "freshness": freshness,
            "counts": sorted((label, n) for _, label, n in counts),
            "unreadable": candidate_selectors.unreadable_files(visible),
            "only_nv": only_nv,
            "searched": filters.active,
            "job_url": reverse("job_detail", args=[freshness.job.pk]) if freshness.job else "",
        },
    )
