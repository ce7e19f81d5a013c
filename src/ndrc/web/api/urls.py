from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from ndrc.web.api import session_views as sv
from ndrc.web.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/referential/", views.ReferentialView.as_view(), name="api-referential"),
    path("v1/regulations/<int:year>/", views.RegulationView.as_view(), name="api-regulation"),
    path("v1/plan/", views.PlanView.as_view(), name="api-plan"),
    path("v1/deliberate/", views.DeliberateView.as_view(), name="api-deliberate"),
    path("v1/candidates/", views.CandidateListView.as_view(), name="api-candidates"),
    path(
        "v1/candidates/<int:pk>/plan/", views.CandidatePlanView.as_view(), name="api-candidate-plan"
    ),
    path(
        "v1/candidates/<int:pk>/grades/",
        sv.CandidateGradesView.as_view(),
        name="api-candidate-grades",
    ),
    path(
        "v1/candidates/<int:pk>/grades/<str:exam>/",
        sv.CandidateGradeView.as_view(),
        name="api-candidate-grade",
    ),
    path(
        "v1/candidates/<int:pk>/conformity/",
        sv.CandidateConformityView.as_view(),
        name="api-candidate-conformity",
    ),
    path("v1/juries/", sv.JuryListView.as_view(), name="api-juries"),
    path("v1/juries/<int:pk>/", sv.JuryDetailView.as_view(), name="api-jury"),
    path("v1/juries/<int:pk>/close/", sv.JuryCloseView.as_view(), name="api-jury-close"),
    path("v1/juries/<int:pk>/reopen/", sv.JuryReopenView.as_view(), name="api-jury-reopen"),
    path("v1/juries/<int:pk>/publish/", sv.JuryPublishView.as_view(), name="api-jury-publish"),
    path("v1/juries/<int:pk>/changes/", sv.JuryChangeView.as_view(), name="api-jury-changes"),
    path("v1/me/result/", sv.MyResultView.as_view(), name="api-my-result"),
]
