"""The surveys' pages: the staff's under ``/surveys/<programme>/``; the respondents' under
``/surveys/answer/<key>/`` and the office tablet's under ``/surveys/kiosk/<key>/`` (a wave's
random key, no login), placed before the programmes' pages."""

from django.urls import URLPattern, path

from helhedsplan.surveys import views

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    # Helper SB: paper forms keyed in, results
    path("<slug:slug>/waves/<int:wave_id>/enter/", views.paper_entry, name="paper_entry"),
    path("<slug:slug>/<int:questionnaire_id>/results/", views.results, name="results"),
    path(
        "<slug:slug>/<int:questionnaire_id>/results/export.xlsx",
        views.results_export,
        name="results_export",
    ),
]
