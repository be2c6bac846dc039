from django.urls import path

from helhedsplan.grants import views

app_name = "grants"

urlpatterns = [
    path("", views.grant_index, name="index"),
    # The public form and its receipt, with no login.
    path("apply/<slug:link_key>/", views.apply, name="apply"),
    path("apply/<slug:link_key>/receipt/", views.receipt, name="receipt"),
    path("apply/<slug:link_key>/guidelines.pdf", views.guideline_pdf, name="guideline_pdf"),
    path("<slug:slug>/", views.pool_list, name="pool_list"),
    path("<slug:slug>/pools/<int:pool_id>/", views.application_list, name="application_list"),
    path(
        "<slug:slug>/pools/<int:pool_id>/new/",
        views.application_create,
        name="application_create",
    ),
    path("<slug:slug>/pools/<int:pool_id>/poster.pdf", views.pool_poster, name="pool_poster"),
    # Setting up a pool.
    path("<slug:slug>/pools/new/", views.pool_create, name="pool_create"),
    path("<slug:slug>/pools/<int:pool_id>/settings/", views.pool_settings, name="pool_settings"),
    path("<slug:slug>/pools/<int:pool_id>/open/", views.pool_open, name="pool_open"),
    path("<slug:slug>/pools/<int:pool_id>/frames/", views.frame_set, name="frame_set"),
    path(
        "<slug:slug>/pools/<int:pool_id>/guidelines/",
        views.guideline_publish,
        name="guideline_publish",
    ),
    path("<slug:slug>/pools/<int:pool_id>/rounds/", views.round_create, name="round_create"),
    path("<slug:slug>/pools/<int:pool_id>/committee/", views.member_add, name="member_add"),
    path("<slug:slug>/pools/<int:pool_id>/meetings/", views.meeting_add, name="meeting_add"),
    path(
        "<slug:slug>/pools/<int:pool_id>/meetings/<int:meeting_id>/agenda.pdf",
        views.meeting_agenda,
        name="meeting_agenda",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/",
        views.application_detail,
        name="application_detail",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/review/",
        views.application_review,
        name="application_review",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/question/",
        views.application_question,
        name="application_question",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/contact/withdraw/",
        views.contact_withdraw,
        name="contact_withdraw",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/meeting/",
        views.application_place,
        name="application_place",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/decision/",
        views.application_decide,
        name="application_decide",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/decision.pdf",
        views.decision_letter,
        name="decision_letter",
    ),
    # Part 3 (G3C): the report per year, as a page and as a spreadsheet.
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report.<export:fmt>", views.report_export, name="report_export"),
    # Part 3 B: the report back, and overdue reports.
    path(
        "<slug:slug>/applications/<int:application_id>/report/",
        views.report_back,
        name="report_back",
    ),
    path("<slug:slug>/overdue-reports/", views.overdue_reports, name="overdue_reports"),
    # Part 3: the payout, the closing and the pool's money.
    path(
        "<slug:slug>/applications/<int:application_id>/payout/",
        views.payout_record,
        name="payout_record",
    ),
    path(
        "<slug:slug>/applications/<int:application_id>/close/",
        views.application_close,
        name="application_close",
    ),
    path("<slug:slug>/pools/<int:pool_id>/money/", views.pool_money, name="pool_money"),
]
