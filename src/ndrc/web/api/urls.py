from django.urls import path
from drf_spectacular.views import SpectacularAPIView

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
]
