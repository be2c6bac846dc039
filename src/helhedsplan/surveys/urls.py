"""The surveys' pages: the staff's under ``/surveys/<programme>/``; the respondents' under
``/surveys/answer/<key>/`` and the office tablet's under ``/surveys/kiosk/<key>/`` (a wave's
random key, no login), placed before the programmes' pages."""

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
