from django.urls import path

from helhedsplan.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.review_index, name="index"),
    path("<slug:slug>/", views.review, name="review"),
    path("<slug:slug>/<slug:register>/consent-text/", views.consent_text, name="consent_text"),
    path("<slug:slug>/<slug:register>/retention/", views.retention, name="retention"),
    path(
        "<slug:slug>/<slug:register>/<int:person_id>/data.json",
        views.person_json,
        name="person_json",
    ),
    path(
        "<slug:slug>/<slug:register>/<int:person_id>/data.pdf",
        views.person_pdf,
        name="person_pdf",
    ),
    path(
        "<slug:slug>/<slug:register>/<int:person_id>/renew/",
        views.consent_renew,
        name="consent_renew",
    ),
    path(
        "<slug:slug>/<slug:register>/<int:person_id>/erase/",
        views.person_erase_confirm,
        name="person_erase_confirm",
    ),
    path(
        "<slug:slug>/<slug:register>/<int:person_id>/erase/confirmed/",
        views.person_erase,
        name="person_erase",
    ),
]
