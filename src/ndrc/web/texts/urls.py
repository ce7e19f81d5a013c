from django.urls import path

from ndrc.web.texts import views

urlpatterns = [
    path("referentiel/", views.referential_index, name="referential"),
    path("referentiel/bloc/<int:number>/", views.referential_block, name="referential_block"),
    path("reglement/", views.reglement_current, name="reglement_current"),
    path("reglement/<int:year>/", views.reglement, name="reglement"),
    path("plan/", views.plan_form, name="plan_form"),
]
