"""The surveys' pages: the staff's under ``/surveys/<programme>/``; the respondents' under
``/surveys/answer/<key>/`` and the office tablet's under ``/surveys/kiosk/<key>/`` (a wave's
random key, no login), placed before the programmes' pages."""

from django.urls import URLPattern, path

from helhedsplan.surveys import views

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    # Helper SP: the public answer pages and the QR poster. The "answer/" and "kiosk/" paths
    # must stay before any "<slug:slug>/" pattern, which would otherwise take them.
    path("answer/<str:link_key>/", views.answer, name="answer"),
    path("answer/<str:link_key>/thanks/", views.thanks, name="thanks"),
    path("kiosk/<str:kiosk_key>/", views.kiosk, name="kiosk"),
    path("kiosk/<str:kiosk_key>/thanks/", views.kiosk_thanks, name="kiosk_thanks"),
    path("<slug:slug>/waves/<int:wave_id>/poster.pdf", views.wave_poster, name="wave_poster"),
]
