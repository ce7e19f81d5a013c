"""The URLs of the exam days' schedule pages (included by scheduling/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
