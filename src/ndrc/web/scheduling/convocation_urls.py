"""The URLs of the exam days' convocation pages (included by scheduling/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
