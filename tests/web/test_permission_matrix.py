"""Who may open what: every URL of the project × every role (and anonymous), GET and POST
(and PUT, PATCH, DELETE where a view declares them), and who may not open another scope's
candidates, juries and jobs.

The URLs are not listed by hand: they are read from the resolver, so a new page or API view
is tested the day it is added, and this file fails until it declares who may open it:

- an HTML view declares its permission with ``@requires(Permission.X)``
  (``ndrc.web.accounts.decorators``), or ``@signed_in`` (a page of one's own account, for any
  signed-in user), or is named in ``PUBLIC_PAGES`` with the reason;
- an API view declares it in ``permission_classes`` (``ndrc.web.api.permissions.requires``,
  ``AllowAny`` or ``IsAuthenticated``), and ``API_ACCESS`` records what each API view is
  expected to declare, so a change of access on the API is a visible change of this file.

The oracle for every request is ``roles.has_permission`` (the role table ``ROLE_PERMISSIONS``):
change the table and the expected statuses follow.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.views import LoginView, LogoutView, PasswordContextMixin
from django.contrib.staticfiles.views import serve as staticfiles_serve
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.views.static import serve as static_serve
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from ndrc.exports import Export
from ndrc.web.accounts.decorators import SIGNED_IN
from ndrc.web.accounts.roles import ROLE_PERMISSIONS, Permission, Role, has_permission
from ndrc.web.accounts.views import (
    LoginPage,
    PasswordReset,
    PasswordResetComplete,
    PasswordResetConfirm,
    PasswordResetDone,
)
from ndrc.web.candidates.models import Dossier, Internship, Livret
from ndrc.web.deliberations.minutes import admitted_subject, minutes_subject
from ndrc.web.deliberations.models import AnonymityLift, FrozenResult, Jury, JuryAssignment
from ndrc.web.documents.admitted_list import ADMITTED_LIST
from ndrc.web.documents.examiner_convocation import EXAMINER_CONVOCATION
from ndrc.web.documents.kinds import KINDS, DocumentKind, examiner_subject
from ndrc.web.documents.minutes import MINUTES
from ndrc.web.documents.models import BUNDLE_FOLDER, DocumentBundle, IssuedDocument
from ndrc.web.documents.services import Issue, document_issue
from ndrc.web.grading.models import ExaminerAssignment
from ndrc.web.jobs.models import Job
from ndrc.web.scheduling.models import Commission, Examiner, Room, Schedule, Sitting
from ndrc.web.sessions.models import ExamCentre
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)

# ---------------------------------------------------------------------------------------------
# What is declared on purpose
# ---------------------------------------------------------------------------------------------

PUBLIC = "public"  # anyone, anonymous included
AUTHENTICATED = SIGNED_IN  # any account, whatever its role (@signed_in on a page)

Access = Permission | str

# URL prefixes that are not the product's pages: Django's admin (its own staff permissions)
# and the language switch (django.conf.urls.i18n: set_language, a POST any visitor may make).
SKIPPED_PREFIXES = ("admin/", "i18n/")
# Static and media files (django.conf.urls.static / staticfiles), if ever mounted.
SKIPPED_CALLBACKS = (static_serve, staticfiles_serve)

# HTML pages that are public on purpose, by URL name, with the reason.
PUBLIC_PAGES: dict[str, str] = {
    # The presentation of the product and the door to log in; for a signed-in user it shows
    # only counts computed by selectors.candidates_visible_to (their own scope).
    "home": "page d'accueil",
    # The information pages every public service shows in its footer; they read the site's
    # settings (the operator's details), no candidate data.
    "accessibility": "déclaration d'accessibilité",
    "legal_notice": "mentions légales",
    "personal_data": "données personnelles (information RGPD)",
    # The référentiel of the diploma is a public official text (arrêté), no personal data.
    "referential": "référentiel (texte officiel public)",
    "referential_block": "un bloc du référentiel (texte officiel public)",
    # The règlement of a session is a public official text; the bare URL redirects to the
    # current session's règlement (the year of the latest session, no personal data).
    "reglement_current": "redirection vers le règlement de la session en cours",
    "reglement": "règlement d'examen d'une session (texte officiel public)",
    # A calculator: the plan of a candidate described in the query string, nothing stored
    # is read or written (the same as the public POST /api/v1/plan/).
    "plan_form": "formulaire de plan d'épreuves (calcul sans donnée enregistrée)",
    # One cannot be required to be logged in to log in; logging out is harmless for anyone.
    "login": "connexion",
    "logout": "déconnexion",
    # A forgotten password is reset without being logged in: the form (an e-mail address, no
    # answer tells whether an account has it), the link's page (a token signed for one account)
    # and the two messages.
    "password_reset": "mot de passe oublié : le formulaire",
    "password_reset_done": "mot de passe oublié : lien envoyé",
    "password_reset_confirm": "mot de passe oublié : le lien reçu (jeton signé)",
    "password_reset_complete": "mot de passe oublié : terminé",
}

# What each API view is expected to declare in ``permission_classes`` (by class name).
API_ACCESS: dict[str, Access] = {
    # The OpenAPI document itself (drf-spectacular SERVE_PERMISSIONS, AllowAny by default).
    "SpectacularAPIView": PUBLIC,
    # Official texts and a calculator on the request body: the same as the public pages.
    "ReferentialView": PUBLIC,
    "RegulationView": PUBLIC,
    "PlanView": PUBLIC,
    # A calculator on the request body (reads nothing stored), for those who deliberate.
    "DeliberateView": Permission.DELIBERATE,
    "CandidateListView": Permission.VIEW_CANDIDATE_LIST,
    "CandidatePlanView": Permission.VIEW_CANDIDATE_PLAN,
    # Running a session (api/session_views.py): the same permissions as the pages.
    "CandidateGradesView": Permission.VIEW_CANDIDATE_PLAN,
    "CandidateGradeView": Permission.ENTER_GRADES,
    "CandidateConformityView": Permission.VIEW_CANDIDATE_PLAN,
    "CandidateWhatIfView": Permission.VIEW_CANDIDATE_PLAN,
    # The livret: as the training centre's page (deliberations.livret_views.livret_edit), a
    # deposit by the training centre only (403 for the exam office, which reads it).
    "CandidateLivretView": Permission.EDIT_CANDIDATE_FILE,
    "CandidateLivretFileView": Permission.EDIT_CANDIDATE_FILE,
    "JuryListView": Permission.DELIBERATE,
    "JuryDetailView": Permission.DELIBERATE,
    "JuryCloseView": Permission.DELIBERATE,
    "JuryReopenView": Permission.REOPEN_DELIBERATION,
    "JuryPublishView": Permission.PUBLISH_RESULTS,
    "JuryChangeView": Permission.DELIBERATE,
    # The jury's composition: read as the jury's page, written as its composition panel.
    "JuryCompositionView": Permission.DELIBERATE,
    "JuryMemberNewView": Permission.MANAGE_JURIES,
    "JuryMemberView": Permission.MANAGE_JURIES,
    # The statistics: the same permissions and scopes as their pages (D123–D125).
    "SessionStatisticsView": Permission.VIEW_CANDIDATE_LIST,
    "JuryStatisticsView": Permission.DELIBERATE,
    "MyResultView": Permission.VIEW_OWN_RESULTS,
    # The documents issued: the same rule as the pages (candidates.document_selectors).
    "DocumentListView": Permission.VIEW_DOCUMENTS,
    "DocumentFileView": Permission.VIEW_DOCUMENTS,
    # The exam days' organisation, read-only: the same permission and scope as the pages.
    "ExamDayCentresView": Permission.ORGANISE_EXAM_DAYS,
    "ExamDayExaminersView": Permission.ORGANISE_EXAM_DAYS,
    "ExamDayCalendarView": Permission.ORGANISE_EXAM_DAYS,
    "ExamDayConvocationsView": Permission.ORGANISE_EXAM_DAYS,
    # The exam days' schedule: the same rule as its pages (scheduling.selectors).
    "ScheduleSittingsView": Permission.VIEW_EXAM_DAYS,
}

# Pages whose answer to an allowed GET is a redirect, not a page: URL name → target URL name.
REDIRECTS: dict[str, str] = {"reglement_current": "reglement"}

# What the ``pk`` of each URL names (a new URL with a ``pk`` must be added here): a Candidate,
# a Jury, a Job or an ExamSession. Every such URL gets the isolation test below (users of
# another scope; sessions are national, they have none).
PK_OBJECTS: dict[str, str] = {
    "candidate_plan": "candidate",
    "internship_new": "candidate",
    "internship_edit": "candidate",
    "internship_delete": "candidate",
    "dossier_edit": "candidate",
    "dossier_delete": "candidate",
    "deliberation_detail": "candidate",
    "jury_change_new": "candidate",
    "jury_change_withdraw": "candidate",
    "resit_grade_new": "candidate",
    "resit_grade_withdraw": "candidate",
    "resit_decline": "candidate",
    "resit_choice_new": "candidate",
    "candidate_audit": "candidate",
    "candidate_personal_data": "candidate",
    "candidate_personal_data_json": "candidate",
    "candidate_accesses": "candidate",
    "api-candidate-plan": "candidate",
    "api-candidate-grades": "candidate",
    "api-candidate-grade": "candidate",
    "api-candidate-conformity": "candidate",
    "api-candidate-what-if": "candidate",
    "api-candidate-livret": "candidate",
    "api-candidate-livret-file": "candidate",
    "jury_detail": "jury",
    "jury_close": "jury",
    "jury_reopen": "jury",
    "jury_publish": "jury",
    "jury_export": "jury",
    "jury_add_candidates": "jury",
    "jury_minutes": "jury",
    "jury_minutes_issue": "jury",
    "jury_admitted_list": "jury",
    "jury_admitted_list_issue": "jury",
    "api-jury": "jury",
    "api-jury-close": "jury",
    "api-jury-reopen": "jury",
    "api-jury-publish": "jury",
    "api-jury-changes": "jury",
    "api-jury-composition": "jury",
    "api-jury-member-new": "jury",
    "api-jury-member": "jury",
    "api-jury-statistics": "jury",
    "job_detail": "job",
    "job_state": "job",
    "job_restart": "job",
    "session_dates": "session",
    "session_current": "session",
    "candidate_edit": "candidate",
    "registration_summary_download": "candidate",
    "nv_notice_send": "candidate",
    "candidate_documents": "candidate",
    "document_download": "document",
    "api-document-file": "document",
    "document_bundle_download": "bundle",
    "exam_day_centre": "centre",
    "exam_day_candidate_centre": "candidate",
    "exam_day_examiner": "examiner",
    # The exam days' schedule (scheduling.selectors: each user his or her part of it).
    "schedule_detail": "schedule",
    "schedule_apply": "schedule",
    "schedule_examiner_day": "examiner",
    "schedule_examiner_withdraw": "examiner",
    "schedule_room_lose": "room",
    "schedule_candidate": "candidate",
    # A candidate's evaluation grid (grading.grid_views).
    "grid_fill": "candidate",
    # The harmonisation's adjustment of a candidate's grade (deliberations.harmonisation_views).
    "harmonisation_adjust": "candidate",
    "harmonisation_withdraw": "candidate",
    # A candidate's E4 fiche-sujet (grading.subject_views); the loge's print of a
    # commission's subjects (scheduling.subject_print_views).
    "subject_sheet": "candidate",
    "commission_subjects": "commission",
    # A candidate's CCF evaluation dossier (grading.ccf_views).
    "ccf_dossier": "candidate",
    # The PDF of a candidate's signed grid (grading.appeal_views).
    "grid_pdf": "candidate",
    # A candidate's simulation (deliberations.what_if_views).
    "candidate_what_if": "candidate",
    # A jury's deliberation grid and the lifting of its anonymity (deliberations.grid_views).
    "jury_grid": "jury",
    "jury_anonymity_lift": "jury",
    # The jury's composition and the candidate's livret (deliberations.jury_member_views,
    # livret_views).
    "jury_member_new": "jury",
    "jury_member_delete": "jury",
    "jury_member_edit": "jury",
    "livret_consult": "candidate",
    "livret_edit": "candidate",
    # A jury's figures and their plots (deliberations.statistics_views).
    "jury_statistics": "jury",
    "jury_statistics_plot": "jury",
}
# The other URL keyword arguments: a value that exists (session 2025, bloc 1, CSV export of a
# closed jury, the E4 dossier or grade).
PLAIN_KWARGS: dict[str, Any] = {
    "year": 2025,
    "number": 1,
    "fmt": "csv",
    "exam": "E4",
    "situation": "A",
    "change": 1,
    # The candidate's relevé de notes (« Mes résultats »): issued for X, whose result is
    # published (``_scope``).
    "kind": "releve-de-notes",
    # A password reset link (an account id and a token): an invalid one shows its page.
    "uidb64": "MQ",
    "token": "lien-invalide",
    # A member of a jury's composition (none recorded: the view answers 404).
    "member": 1,
    # A plot of the statistics (deliberations.statistics_views).
    "plot": "voie",
}
# URL keyword arguments that name a row of the candidate named by ``pk``: the candidate's
# first period of internship (``_scope`` records one for each candidate).
CANDIDATE_ROWS: dict[str, Callable[[Any], int]] = {
    "period": lambda candidate: candidate.internships.order_by("pk").first().pk,
}
UNSAFE_METHODS = ("post", "put", "patch", "delete")
ALL_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "trace"})


# ---------------------------------------------------------------------------------------------
# The URLs, read from the resolver
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    route: str  # "candidats/<int:pk>/plan/"
    name: str | None
    callback: Callable[..., Any]
    kwargs: tuple[str, ...]
    plain_route: bool  # only RoutePatterns on the way: the URL is built by substitution

    def __str__(self) -> str:
        return self.name or self.route

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    @property
    def is_api(self) -> bool:
        return self.view_class is not None and issubclass(self.view_class, APIView)

    def answers(self, method: str) -> bool:
        """Whether the view takes this HTTP method (else Django answers 405)."""
        cls = self.view_class
        if cls is not None:
            return method in cls.http_method_names and hasattr(cls, method)
        return method in _function_view_methods(self.callback)

    def declares(self, method: str) -> bool:
        """Whether the view names this method itself (a handler of a class-based view, a
        require_http_methods list): function views take every method without naming it."""
        cls = self.view_class
        if cls is not None:
            return self.answers(method)
        return _function_view_methods(self.callback) != ALL_METHODS and self.answers(method)

    @property
    def scope(self) -> str | None:
        """The kind of object the URL's ``pk`` names, if it has one."""
        if "pk" not in self.kwargs:
            return None
        if self.name not in PK_OBJECTS:
            pytest.fail(f"{self.route} ({self.name}): say in PK_OBJECTS which object its pk names.")
        return PK_OBJECTS[self.name]

    def url(self, objects: dict[str, Any]) -> str:
        values: dict[str, Any] = {}
        for kwarg in self.kwargs:
            if kwarg == "pk":
                values[kwarg] = objects[self.scope].pk
            elif kwarg in PLAIN_KWARGS:
                values[kwarg] = PLAIN_KWARGS[kwarg]
            elif kwarg in CANDIDATE_ROWS:
                values[kwarg] = CANDIDATE_ROWS[kwarg](objects["candidate"])
            else:
                pytest.fail(
                    f"{self.route}: no test value for the URL argument {kwarg!r}; "
                    "add it to PK_OBJECTS or PLAIN_KWARGS in this file."
                )
        if self.plain_route:
            return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.route)
        return reverse(self.name, kwargs=values)


def _function_view_methods(view: Callable[..., Any]) -> frozenset[str]:
    """The methods a function view takes: those of a require_http_methods decorator (require_GET,
    require_POST…) found along the chain of functools.wraps, else every method."""
    function: Any = view
    while function is not None:
        try:
            nonlocals = inspect.getclosurevars(function).nonlocals
        except TypeError:
            nonlocals = {}
        if "request_method_list" in nonlocals:
            return frozenset(m.lower() for m in nonlocals["request_method_list"])
        function = getattr(function, "__wrapped__", None)
    return ALL_METHODS


def _walk(patterns: list[Any], prefix: str = "", plain: bool = True) -> Iterator[Endpoint]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        route_plain = plain and isinstance(entry.pattern, RoutePattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route, route_plain)
        elif isinstance(entry, URLPattern):
            if entry.callback in SKIPPED_CALLBACKS:
                continue
            if isinstance(entry.pattern, RoutePattern):
                names = tuple(entry.pattern.converters)
            else:
                names = tuple(entry.pattern.regex.groupindex)
            parent_names = tuple(re.findall(r"<(?:\w+:)?(\w+)>", prefix))
            yield Endpoint(route, entry.name, entry.callback, parent_names + names, route_plain)


ENDPOINTS = list(_walk(get_resolver().url_patterns))


def declared_access(endpoint: Endpoint) -> Access | None:
    """What the code declares for this URL; None when it declares nothing."""
    if endpoint.is_api:
        classes = list(endpoint.view_class.permission_classes)
        named = {getattr(c, "required_permission", None) for c in classes} - {None}
        if len(named) == 1:
            return named.pop()
        if classes and all(issubclass(c, AllowAny) for c in classes):
            return PUBLIC
        if classes and all(issubclass(c, IsAuthenticated) for c in classes):
            return AUTHENTICATED
        return None
    permission = getattr(endpoint.callback, "required_permission", None)
    if permission is not None:
        return permission
    if endpoint.name in PUBLIC_PAGES:
        return PUBLIC
    return None


def expected_access(endpoint: Endpoint) -> Access:
    if endpoint.is_api:
        return API_ACCESS[endpoint.view_class.__name__]
    access = declared_access(endpoint)
    assert access is not None, f"{endpoint}: no declared permission"
    return access


def may(user: Any, access: Access) -> bool:
    if access == PUBLIC:
        return True
    if access == AUTHENTICATED:
        return bool(getattr(user, "is_authenticated", False))
    return has_permission(user, Permission(access))


# ---------------------------------------------------------------------------------------------
# The people and the data
# ---------------------------------------------------------------------------------------------

PRINCIPALS = ["anonymous", *[role.value for role in Role]]


@dataclass
class Outsider:
    """A user who may open such pages, but for objects of another scope (``own``: an object
    of their own scope, or None)."""

    user: Any
    own: dict[str, Any]


@dataclass
class World:
    """Académie A: establishments E1 and E2, candidate X (at E1, with an account, a published
    result) in the closed jury JA, a job of A launched by JA's member, a bundle of A's
    documents. Académie B:
    establishment F, candidate Y (at F, with an account) in the closed jury JB, a job of B. One
    user per role, scoped to X (exam office of A, training centre E1, member of JA, X's E4
    examiner, X's own account), and outsiders of every kind."""

    objects: dict[str, Any]  # kind → the object the URLs' pk names: X, JA, A's job
    users: dict[str, Any]  # principal → user (None for anonymous)
    outsiders: dict[str, Outsider]
    # A principal's own object where X's is not his or hers to see: the examiner reads the
    # documents addressed to him or her (a convocation), not X's.
    own: dict[str, dict[str, Any]] = field(default_factory=dict)

    def objects_for(self, principal: str) -> dict[str, Any]:
        return {**self.objects, **self.own.get(principal, {})}


# A kind of document for the candidate and the centre (its file: a few fixed bytes, cheap to
# issue for each test), declared for the tests that need it (``world``).
MATRIX_KIND = DocumentKind(
    code="MX",
    slug="essai-matrice",
    label="Document d'essai",
    render=lambda data, info: Export(f"{info.reference}.pdf", "application/pdf", b"%PDF-1.4\n"),
    to_candidate=True,
    to_centre=True,
)


def _scope(session: Any, academy: Any, establishment: Any, owner: Any) -> dict[str, Any]:
    """A candidate at this establishment (with a period of internship, an E4 dossier and a
    livret), in a closed jury, with a published result, a document issued about him or her,
    and a job of this académie launched by ``owner``."""
    candidate = CandidateFactory(academy=academy, establishment=establishment)
    Internship.objects.create(
        candidate=candidate,
        organisation="Volcans Distribution",
        start=dt.date(2024, 5, 13),
        end=dt.date(2024, 7, 5),
        attestation=True,
        signed=True,
    )
    Dossier.objects.create(candidate=candidate, exam="E4", content={"deposited_on": "2025-03-10"})
    Livret.objects.create(
        candidate=candidate,
        appreciations="Bon travail.",
        filename="livret.pdf",
        mimetype="application/pdf",
        content=b"%PDF-1.4\n",
        size=9,
    )
    # Closed: the results export answers only for a closed deliberation.
    jury = Jury.objects.create(
        session=session, academy=academy, name=f"Jury {academy.code}", state=Jury.CLOSED
    )
    JuryAssignment.objects.create(jury=jury, candidate=candidate)
    FrozenResult.objects.create(
        jury=jury,
        candidate=candidate,
        round=1,
        decision="admitted",
        decision_label="Admis",
        regulation="R2023",
        result={},
        explanation="",
        published_at=dt.datetime(2025, 7, 7, tzinfo=dt.UTC),
    )
    # Its documents, recorded as issued (the permissions are tested, not the drawing: a few
    # bytes stand for each PDF).
    _issued("releve-de-notes", f"candidate:{candidate.pk}", session, academy, candidate=candidate)
    job = Job.objects.create(
        kind="import", task="tests.none", academy=academy, created_by=owner, state="done"
    )
    # Its PV and list of admitted: the exam office and the jury's members download them.
    _issued(MINUTES.slug, minutes_subject(jury.pk, 1), session, academy, jury=jury)
    _issued(ADMITTED_LIST.slug, admitted_subject(jury.pk), session, academy, jury=jury)
    # Its anonymity lifted: a member downloads the PV (its names) after the lifting (D121).
    AnonymityLift.objects.create(jury=jury, round=1, lifted_by=owner)
    document = document_issue(
        kind=MATRIX_KIND,
        issue=Issue(
            subject=f"candidate:{candidate.pk}",
            subject_ref=candidate.number,
            data={"number": candidate.number},
            session_id=session.pk,
            session_year=session.year,
            academy_id=academy.pk,
            candidate_id=candidate.pk,
        ),
        actor=owner,
    )
    bundle = DocumentBundle.objects.create(
        kind="essai",
        scope=DocumentBundle.JURY,
        scope_id=jury.pk,
        scope_label=f"Jury {jury.name}",
        session=session,
        academy=academy,
        format=DocumentBundle.ZIP,
        path=f"{BUNDLE_FOLDER}/{academy.code}.zip",
        filename="essai.zip",
        size=2,
        documents=1,
        sha256="0" * 64,
    )
    bundle.file_path.parent.mkdir(parents=True, exist_ok=True)
    bundle.file_path.write_bytes(b"PK")
    # Its exam centre and an examiner of the exam days.
    centre = ExamCentre.objects.create(
        code=f"C-{academy.code}", name=f"Centre {academy.code}", academy=academy
    )
    examiner = Examiner.objects.create(
        session=session, academy=academy, last_name="Examinateur", first_name=academy.code
    )
    return {
        "candidate": candidate,
        "jury": jury,
        "job": job,
        "session": session,
        "document": document,
        "bundle": bundle,
        "centre": centre,
        "examiner": examiner,
    }


def _exam_days(session: Any, academy: Any, candidate: Any, examiner_user: Any) -> dict[str, Any]:
    """An applied schedule of this académie: one commission (its examiner has the account
    ``examiner_user``) in a room of a centre, examining ``candidate``."""
    centre = ExamCentre.objects.create(code=f"C{academy.code}", name="Centre", academy=academy)
    room = Room.objects.create(centre=centre, name="Salle 1")
    examiner = Examiner.objects.create(
        session=session, academy=academy, last_name="Roux", first_name="Lou", user=examiner_user
    )
    schedule = Schedule.objects.create(session=session, academy=academy, status=Schedule.APPLIED)
    commission = Commission.objects.create(
        schedule=schedule, centre=centre, room=room, date=dt.date(2025, 5, 12), half=0, exam="E4"
    )
    commission.members.set([examiner])
    Sitting.objects.create(
        commission=commission, candidate=candidate, exam="E4", loge_start=480, start=520, end=560
    )
    return {"schedule": schedule, "examiner": examiner, "room": room, "commission": commission}


def _issued(kind, subject, session, academy, *, candidate=None, jury=None) -> IssuedDocument:
    return IssuedDocument.objects.create(
        kind=kind,
        subject=subject,
        version=1,
        reference=f"{kind}-{subject}-1",
        session=session,
        academy=academy,
        candidate=candidate,
        jury_id=None if jury is None else jury.pk,
        filename=f"{kind}.pdf",
        content=b"%PDF-1.4",
        size=8,
        sha256="0" * 64,
        data_fingerprint="0" * 64,
        rules_fingerprint="0" * 64,
        issued_at=dt.datetime(2025, 7, 7, tzinfo=dt.UTC),
    )


@pytest.fixture
def world(db, settings, tmp_path, monkeypatch) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path  # the files of the bundles of documents
    monkeypatch.setitem(KINDS, MATRIX_KIND.slug, MATRIX_KIND)
    session = ExamSessionFactory(year=2025)
    academy_a, academy_b = AcademyFactory(), AcademyFactory()
    e1 = EstablishmentFactory(academy=academy_a)
    e2 = EstablishmentFactory(academy=academy_a)
    f = EstablishmentFactory(academy=academy_b)
    users: dict[str, Any] = {"anonymous": None}
    for role in Role:
        # Every role's user is scoped to X: the rule of candidates_visible_to picks the field
        # that applies (académie for the exam office, establishment for a training centre).
        users[role.value] = UserFactory(role=role, academy=academy_a, establishment=e1)
    office_b = UserFactory(role=Role.EXAM_OFFICE, academy=academy_b)
    # A's job, launched by the jury member: its exam office follows it by the académie, the
    # jury member as its creator (selectors.job_visible_to).
    ours = _scope(session, academy_a, e1, users[Role.JURY.value])
    theirs = _scope(session, academy_b, f, office_b)
    ours["candidate"].user = users[Role.CANDIDATE.value]
    ours["candidate"].save()
    theirs["candidate"].user = UserFactory(role=Role.CANDIDATE)
    theirs["candidate"].save()
    ours.update(_exam_days(session, academy_a, ours["candidate"], users[Role.EXAMINER.value]))
    theirs.update(_exam_days(session, academy_b, theirs["candidate"], None))
    ours["jury"].members.set([users[Role.JURY.value]])
    other_jury_member = UserFactory(role=Role.JURY, academy=academy_b)
    theirs["jury"].members.set([other_jury_member])
    other_examiner = UserFactory(role=Role.EXAMINER, academy=academy_a)
    ExaminerAssignment.objects.create(
        examiner=users[Role.EXAMINER.value], candidate=ours["candidate"], exam="E4"
    )
    ExaminerAssignment.objects.create(
        examiner=other_examiner, candidate=theirs["candidate"], exam="E4"
    )
    y = theirs["candidate"]
    # Each examiner's convocation (a document addressed to the examiner, not about X).
    convocations = {
        user.pk: _issued(
            EXAMINER_CONVOCATION.slug,
            examiner_subject(
                Examiner.objects.create(
                    session=session,
                    academy=academy_a,
                    user=user,
                    last_name="Examinateur",
                    first_name="Un",
                    kinds=["bloc1"],
                ).pk
            ),
            session,
            academy_a,
        )
        for user in (users[Role.EXAMINER.value], other_examiner)
    }
    outsiders = {
        "exam_office_of_another_academy": Outsider(office_b, theirs),
        "training_centre_same_academy_other_establishment": Outsider(
            UserFactory(role=Role.TRAINING_CENTRE, academy=academy_a, establishment=e2), {}
        ),
        "training_centre_of_another_academy": Outsider(
            UserFactory(role=Role.TRAINING_CENTRE, academy=academy_b, establishment=f),
            {"candidate": y, "document": theirs["document"]},
        ),
        "another_candidate": Outsider(y.user, {"candidate": y, "document": theirs["document"]}),
        "member_of_another_jury": Outsider(
            other_jury_member, {"candidate": y, "jury": theirs["jury"]}
        ),
        "examiner_of_another_candidate": Outsider(
            other_examiner, {"candidate": y, "document": convocations[other_examiner.pk]}
        ),
    }
    own = {Role.EXAMINER.value: {"document": convocations[users[Role.EXAMINER.value].pk]}}
    return World(objects=ours, users=users, outsiders=outsiders, own=own)


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _ours() -> list[Any]:
    return [m for m in apps.get_models() if m.__module__.startswith("ndrc.web.")]


def row_counts() -> dict[str, int]:
    """The rows of every model of the project's, but the log of who read a candidate's file
    (a page shown is a read, recorded by design: D72)."""
    return {
        m._meta.label: m._default_manager.count()
        for m in _ours()
        if m._meta.label != "audit.AccessLog"
    }


def is_denial(endpoint: Endpoint, user: Any, response: Any) -> bool:
    """Anonymous: sent to the login page (HTML) or 401/403 (API). Signed in: 403."""
    if user is None and not endpoint.is_api:
        location = response.get("Location", "")
        return response.status_code == 302 and location.startswith(reverse("login") + "?next=")
    if user is None:
        return response.status_code in (401, 403)
    return response.status_code == 403


def check(endpoint: Endpoint, method: str, user: Any, response: Any) -> None:
    allowed = may(user, expected_access(endpoint))
    status = response.status_code
    where = f"{method.upper()} {endpoint.route} ({endpoint}): {status}"
    if not endpoint.answers(method):
        # Refused for the method (405), or for the permission when that is checked first.
        assert status == 405 or (not allowed and is_denial(endpoint, user, response)), where
    elif not allowed:
        assert is_denial(endpoint, user, response), where
    elif method != "get":
        assert status < 500, where
    elif endpoint.name in REDIRECTS:
        assert status == 302, where
        target = reverse(REDIRECTS[endpoint.name], kwargs={"year": PLAIN_KWARGS["year"]})
        assert response["Location"] == target, where
    else:
        assert status == 200, where


# ---------------------------------------------------------------------------------------------
# Declarations
# ---------------------------------------------------------------------------------------------


def test_the_resolver_was_read():
    names = {e.name for e in ENDPOINTS}
    assert {"home", "candidate_plan", "api-candidates", "api-schema"} <= names
    assert not any(e.route.startswith(SKIPPED_PREFIXES) for e in ENDPOINTS)


def test_every_role_has_a_line_in_the_role_table():
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_url_declares_who_may_open_it(endpoint):
    if endpoint.is_api:
        name = endpoint.view_class.__name__
        assert name in API_ACCESS, (
            f"API view {name} ({endpoint.route}) is not in API_ACCESS: record the access it "
            "is expected to declare."
        )
        assert declared_access(endpoint) == API_ACCESS[name], (
            f"API view {name} declares {declared_access(endpoint)!r} "
            f"(permission_classes={endpoint.view_class.permission_classes}), "
            f"API_ACCESS expects {API_ACCESS[name]!r}"
        )
    else:
        decorated = getattr(endpoint.callback, "required_permission", None)
        listed = endpoint.name in PUBLIC_PAGES
        assert decorated is not None or listed, (
            f"{endpoint.route} ({endpoint.name}) declares no permission: decorate the view "
            "with @requires(Permission.X), or add it to PUBLIC_PAGES with the reason it is "
            "public."
        )
        assert not (decorated and listed), f"{endpoint.name} is decorated and listed as public"
    endpoint.scope  # noqa: B018 (fails when a pk names an undeclared object)


def test_the_allow_lists_name_only_existing_views():
    html_names = {e.name for e in ENDPOINTS if not e.is_api}
    api_names = {e.view_class.__name__ for e in ENDPOINTS if e.is_api}
    assert set(PUBLIC_PAGES) <= html_names, set(PUBLIC_PAGES) - html_names
    assert set(API_ACCESS) == api_names, set(API_ACCESS) ^ api_names
    assert set(REDIRECTS) <= html_names
    all_names = {e.name for e in ENDPOINTS}
    assert set(PK_OBJECTS) <= all_names, set(PK_OBJECTS) - all_names


def test_the_class_based_views_are_the_known_ones():
    """A class-based HTML view declares its permission like a function view (requires() around
    as_view()); only Django's login, logout and password reset pages are public ones."""
    undeclared = {
        e.view_class
        for e in ENDPOINTS
        if e.view_class and not e.is_api and not hasattr(e.callback, "required_permission")
    }
    public = {
        LoginPage,
        LogoutView,
        PasswordReset,
        PasswordResetDone,
        PasswordResetConfirm,
        PasswordResetComplete,
    }
    assert undeclared <= public
    assert all(issubclass(view, (LoginView, LogoutView, PasswordContextMixin)) for view in public)
    assert SpectacularAPIView in {e.view_class for e in ENDPOINTS if e.is_api}


def test_methods_are_read_from_the_views():
    by_name = {e.name: e for e in ENDPOINTS}
    assert by_name["candidate_plan"].answers("get")
    assert not by_name["logout"].answers("get")
    assert not by_name["api-plan"].answers("get")
    assert by_name["api-plan"].answers("post")
    if "jury_close" in by_name:  # require_POST under @requires
        assert not by_name["jury_close"].answers("get")
        assert by_name["jury_close"].answers("post")


# ---------------------------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------------------------

MATRIX = [
    pytest.param(endpoint, principal, id=f"{endpoint}-{principal}")
    for endpoint in ENDPOINTS
    for principal in PRINCIPALS
]


@pytest.mark.parametrize(("endpoint", "principal"), MATRIX)
def test_get(world, endpoint, principal):
    user = world.users[principal]
    response = client_for(user).get(endpoint.url(world.objects_for(principal)))
    check(endpoint, "get", user, response)


WRITES = [
    pytest.param(endpoint, principal, method, id=f"{endpoint}-{principal}-{method}")
    for endpoint in ENDPOINTS
    for method in UNSAFE_METHODS
    if method == "post" or endpoint.declares(method)
    for principal in PRINCIPALS
]


@pytest.mark.parametrize(("endpoint", "principal", "method"), WRITES)
def test_write_with_an_empty_body(world, endpoint, principal, method):
    """POST (and PUT, PATCH, DELETE where the view declares them) with an empty body: refused
    before the view runs (403, login) when not allowed, never a write then, and never a
    server error."""
    user = world.users[principal]
    before = row_counts()
    response = getattr(client_for(user), method)(endpoint.url(world.objects_for(principal)))
    check(endpoint, method, user, response)
    if not may(user, expected_access(endpoint)) or not endpoint.answers(method):
        assert row_counts() == before, "a refused request wrote to the database"


OUTSIDERS = {
    # Candidate pages: exam office of another académie, training centres of another
    # establishment (same or other académie), another candidate, a member of another jury,
    # an examiner of another candidate.
    "candidate": [
        "exam_office_of_another_academy",
        "training_centre_same_academy_other_establishment",
        "training_centre_of_another_academy",
        "another_candidate",
        "member_of_another_jury",
        "examiner_of_another_candidate",
    ],
    # A jury's pages: the exam office of another académie, a member of another jury.
    "jury": ["exam_office_of_another_academy", "member_of_another_jury"],
    # A job's progress: the exam office of another académie, a jury member not its creator.
    "job": ["exam_office_of_another_academy", "member_of_another_jury"],
    # Sessions are national: every exam office manages them.
    "session": [],
    # A document issued about X: the candidate pages' outsiders (the rule of
    # candidates.document_selectors, by académie, establishment and account).
    "document": [
        "exam_office_of_another_academy",
        "training_centre_same_academy_other_establishment",
        "training_centre_of_another_academy",
        "another_candidate",
        "member_of_another_jury",
        "examiner_of_another_candidate",
    ],
    # A bundle of documents (ZIP or merged PDF): only the exam office of its académie.
    "bundle": ["exam_office_of_another_academy"],
    # An exam centre of the exam days: only the exam office of its académie.
    "centre": ["exam_office_of_another_academy"],
    # A schedule of the exam days: the exam office of another académie, those who have no
    # sitting in it (scheduling.selectors.schedules_visible_to).
    "schedule": [
        "exam_office_of_another_academy",
        "training_centre_same_academy_other_establishment",
        "training_centre_of_another_academy",
        "another_candidate",
        "examiner_of_another_candidate",
    ],
    # An examiner (his or her day, the organisation's page): the exam office of another
    # académie, another examiner, those who see none of his or her sittings.
    "examiner": [
        "exam_office_of_another_academy",
        "training_centre_same_academy_other_establishment",
        "training_centre_of_another_academy",
        "another_candidate",
        "examiner_of_another_candidate",
    ],
    # A room of an exam centre: the exam office of another académie.
    "room": ["exam_office_of_another_academy"],
    # A commission's loge print (its subjects): the exam office of another académie, an
    # examiner who is not one of its members (the others may not print subjects at all).
    "commission": ["exam_office_of_another_academy", "examiner_of_another_candidate"],
}

ISOLATION = [
    pytest.param(endpoint, outsider, id=f"{endpoint}-{outsider}")
    for endpoint in ENDPOINTS
    if endpoint.name in PK_OBJECTS
    for outsider in OUTSIDERS[PK_OBJECTS[endpoint.name]]
]


def test_scoped_urls_exist():
    assert {e.name for e in ENDPOINTS if e.name in PK_OBJECTS} >= {
        "candidate_plan",
        "deliberation_detail",
        "api-candidate-plan",
    }
    assert set(PK_OBJECTS.values()) <= set(OUTSIDERS)


@pytest.mark.parametrize(("endpoint", "outsider"), ISOLATION)
def test_an_object_is_hidden_from_users_outside_its_scope(world, endpoint, outsider):
    """X's (or JA's) pages, opened by someone who may open such pages, but not for this
    object: 404 (or 403), never the page, never a write."""
    user = world.outsiders[outsider].user
    url = endpoint.url(world.objects)
    methods = ["get", "post", *[m for m in UNSAFE_METHODS[1:] if endpoint.declares(m)]]
    for method in [m for m in methods if endpoint.answers(m)]:
        before = row_counts()
        response = getattr(client_for(user), method)(url)
        assert response.status_code in (403, 404), (
            f"{method.upper()} {url} ({endpoint}) as {outsider}: {response.status_code}, "
            f"the {endpoint.scope} of another scope is reachable"
        )
        assert row_counts() == before, f"{method.upper()} {url} as {outsider} wrote"
    # The same user does open the object of their own scope: the 404 above is the scope's.
    own = world.outsiders[outsider].own.get(endpoint.scope)
    if own is not None and may(user, expected_access(endpoint)) and endpoint.answers("get"):
        response = client_for(user).get(endpoint.url({endpoint.scope: own}))
        assert response.status_code == 200, f"{endpoint} as {outsider}: {response.status_code}"
