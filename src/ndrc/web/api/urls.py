from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from ndrc.web.api import (
    candidates,
    convocations,
    documents,
    exam_days,
    juries,
    jury_composition,
    livret,
    schedule,
    statistics,
    texts,
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/referential/", texts.ReferentialView.as_view(), name="api-referential"),
    path("v1/regulations/<int:year>/", texts.RegulationView.as_view(), name="api-regulation"),
    path("v1/plan/", texts.PlanView.as_view(), name="api-plan"),
    path("v1/deliberate/", texts.DeliberateView.as_view(), name="api-deliberate"),
    path("v1/candidates/", candidates.CandidateListView.as_view(), name="api-candidates"),
    path(
        "v1/candidates/<int:pk>/plan/",
        candidates.CandidatePlanView.as_view(),
        name="api-candidate-plan",
    ),
    path(
        "v1/candidates/<int:pk>/grades/",
        candidates.CandidateGradesView.as_view(),
        name="api-candidate-grades",
    ),
    path(
        "v1/candidates/<int:pk>/grades/<str:exam>/",
        candidates.CandidateGradeView.as_view(),
        name="api-candidate-grade",
    ),
    path(
        "v1/candidates/<int:pk>/conformity/",
        candidates.CandidateConformityView.as_view(),
        name="api-candidate-conformity",
    ),
    path(
        "v1/candidates/<int:pk>/what-if/",
        candidates.CandidateWhatIfView.as_view(),
        name="api-candidate-what-if",
    ),
    path(
        "v1/candidates/<int:pk>/livret/",
        livret.CandidateLivretView.as_view(),
        name="api-candidate-livret",
    ),
    path(
        "v1/candidates/<int:pk>/livret/file/",
        livret.CandidateLivretFileView.as_view(),
        name="api-candidate-livret-file",
    ),
    path("v1/juries/", juries.JuryListView.as_view(), name="api-juries"),
    path("v1/juries/<int:pk>/", juries.JuryDetailView.as_view(), name="api-jury"),
    path("v1/juries/<int:pk>/close/", juries.JuryCloseView.as_view(), name="api-jury-close"),
    path("v1/juries/<int:pk>/reopen/", juries.JuryReopenView.as_view(), name="api-jury-reopen"),
    path("v1/juries/<int:pk>/publish/", juries.JuryPublishView.as_view(), name="api-jury-publish"),
    path("v1/juries/<int:pk>/changes/", juries.JuryChangeView.as_view(), name="api-jury-changes"),
    path(
        "v1/juries/<int:pk>/composition/",
        jury_composition.JuryCompositionView.as_view(),
        name="api-jury-composition",
    ),
    path(
        "v1/juries/<int:pk>/composition/members/",
        jury_composition.JuryMemberNewView.as_view(),
        name="api-jury-member-new",
    ),
    path(
        "v1/juries/<int:pk>/composition/members/<int:member>/",
        jury_composition.JuryMemberView.as_view(),
        name="api-jury-member",
    ),
    path(
        "v1/juries/<int:pk>/statistics/",
        statistics.JuryStatisticsView.as_view(),
        name="api-jury-statistics",
    ),
    path("v1/statistics/", statistics.SessionStatisticsView.as_view(), name="api-statistics"),
    path("v1/me/result/", juries.MyResultView.as_view(), name="api-my-result"),
    path("v1/documents/", documents.DocumentListView.as_view(), name="api-documents"),
    path(
        "v1/exam-days/sittings/",
        schedule.ScheduleSittingsView.as_view(),
        name="api-schedule-sittings",
    ),
    path(
        "v1/documents/<int:pk>/fichier/",
        documents.DocumentFileView.as_view(),
        name="api-document-file",
    ),
    path(
        "v1/exam-days/centres/",
        exam_days.ExamDayCentresView.as_view(),
        name="api-exam-day-centres",
    ),
    path(
        "v1/exam-days/examiners/",
        exam_days.ExamDayExaminersView.as_view(),
        name="api-exam-day-examiners",
    ),
    path(
        "v1/exam-days/calendar/",
        exam_days.ExamDayCalendarView.as_view(),
        name="api-exam-day-calendar",
    ),
    path(
        "v1/exam-days/convocations/",
        convocations.ExamDayConvocationsView.as_view(),
        name="api-exam-day-convocations",
    ),
]
