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
    # Scanned batches and the paper form (helper SD)
    path("<slug:slug>/scans/", views.scan_batches, name="scan_batches"),
    path("<slug:slug>/scans/upload/", views.scan_upload, name="scan_upload"),
    path("<slug:slug>/scans/<int:batch_id>/", views.scan_batch, name="scan_batch"),
    path("<slug:slug>/scans/<int:batch_id>/import/", views.scan_import, name="scan_import"),
    path("<slug:slug>/scans/<int:batch_id>/review/", views.scan_review, name="scan_review"),
    path(
        "<slug:slug>/scans/<int:batch_id>/pages/<int:page_id>/questions/<int:question_id>/",
        views.scan_decide,
        name="scan_decide",
    ),
    path(
        "<slug:slug>/scans/<int:batch_id>/pages/<int:page_id>/questions/<int:question_id>.png",
        views.scan_cutout,
        name="scan_cutout",
    ),
    path(
        "<slug:slug>/waves/<int:wave_id>/paper/<slug:language>.pdf",
        views.paper_form,
        name="paper_form",
    ),
    # Helper SA: questionnaires, versions and questions, translations, waves
    path("", views.questionnaire_index, name="index"),
    path("<slug:slug>/", views.questionnaire_list, name="list"),
    path("<slug:slug>/new/", views.questionnaire_create, name="questionnaire_create"),
    path("<slug:slug>/<int:questionnaire_id>/", views.questionnaire_detail, name="questionnaire"),
    path(
        "<slug:slug>/<int:questionnaire_id>/versions/new/",
        views.version_create,
        name="version_create",
    ),
    path(
        "<slug:slug>/<int:questionnaire_id>/versions/<int:number>/",
        views.version_detail,
        name="version",
    ),
    path(
        "<slug:slug>/<int:questionnaire_id>/versions/<int:number>/questions/new/",
        views.question_create,
        name="question_create",
    ),
    path(
        "<slug:slug>/<int:questionnaire_id>/versions/<int:number>/languages/new/",
        views.language_create,
        name="language_create",
    ),
    path("<slug:slug>/questions/<int:question_id>/", views.question_update, name="question_update"),
    path(
        "<slug:slug>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path(
        "<slug:slug>/questions/<int:question_id>/move/", views.question_move, name="question_move"
    ),
    path("<slug:slug>/languages/<int:language_id>/", views.language_translate, name="translation"),
    path("<slug:slug>/<int:questionnaire_id>/waves/new/", views.wave_create, name="wave_create"),
    path(
        "<slug:slug>/<int:questionnaire_id>/waves/quarters/",
        views.wave_quarters,
        name="wave_quarters",
    ),
    path("<slug:slug>/waves/<int:wave_id>/", views.wave_detail, name="wave"),
    path("<slug:slug>/waves/<int:wave_id>/edit/", views.wave_update, name="wave_update"),
    # Helper SB: paper forms keyed in, results
    path("<slug:slug>/waves/<int:wave_id>/enter/", views.paper_entry, name="paper_entry"),
    path("<slug:slug>/<int:questionnaire_id>/results/", views.results, name="results"),
    path(
        "<slug:slug>/<int:questionnaire_id>/results/export.xlsx",
        views.results_export,
        name="results_export",
    ),
]
