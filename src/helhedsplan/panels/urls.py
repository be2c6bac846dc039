from django.urls import path

from helhedsplan.panels import views

app_name = "panels"
urlpatterns = [
    path("", views.panel_index, name="index"),
    path("<slug:slug>/", views.panel_list, name="list"),
    path("<slug:slug>/new/", views.panel_create, name="create"),
    path("<slug:slug>/<int:panel_id>/", views.panel_detail, name="detail"),
    path("<slug:slug>/<int:panel_id>/edit/", views.panel_update, name="update"),
    path("<slug:slug>/<int:panel_id>/members/new/", views.member_create, name="member_create"),
    path("<slug:slug>/<int:panel_id>/members/<int:member_id>/", views.member_detail, name="member"),
    path(
        "<slug:slug>/<int:panel_id>/members/<int:member_id>/leave/",
        views.member_leave,
        name="member_leave",
    ),
    path("<slug:slug>/<int:panel_id>/meetings/", views.meeting_list, name="meetings"),
    path("<slug:slug>/<int:panel_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path(
        "<slug:slug>/<int:panel_id>/meetings/<int:meeting_id>/",
        views.meeting_detail,
        name="meeting",
    ),
    path(
        "<slug:slug>/<int:panel_id>/meetings/<int:meeting_id>/edit/",
        views.meeting_update,
        name="meeting_update",
    ),
    path(
        "<slug:slug>/<int:panel_id>/meetings/<int:meeting_id>/minutes/",
        views.minutes_upload,
        name="minutes_upload",
    ),
    # site plans, concerns with pins, safety walks, the chart
    path("<slug:slug>/plans/", views.site_plans, name="site_plans"),
    path("<slug:slug>/plans/<int:estate_id>/", views.site_plan, name="site_plan"),
    path(
        "<slug:slug>/plans/<int:estate_id>/upload/",
        views.site_plan_upload,
        name="site_plan_upload",
    ),
    path(
        "<slug:slug>/<int:panel_id>/meetings/<int:meeting_id>/concerns/new/",
        views.meeting_concern_create,
        name="meeting_concern_create",
    ),
    path("<slug:slug>/<int:panel_id>/concerns/", views.concern_list, name="concerns"),
    path("<slug:slug>/concerns/report/", views.concern_report, name="concern_report"),
    path("<slug:slug>/concerns/<int:concern_id>/", views.concern_detail, name="concern"),
    path(
        "<slug:slug>/concerns/<int:concern_id>/edit/",
        views.concern_update,
        name="concern_update",
    ),
    path("<slug:slug>/concerns/<int:concern_id>/photos/new/", views.photo_add, name="photo_add"),
    path(
        "<slug:slug>/concerns/<int:concern_id>/photos/<int:photo_id>/delete/",
        views.photo_delete,
        name="photo_delete",
    ),
    path("<slug:slug>/<int:panel_id>/walks/new/", views.walk_create, name="walk_create"),
    path("<slug:slug>/<int:panel_id>/walks/<int:walk_id>/", views.walk_detail, name="walk"),
    path(
        "<slug:slug>/<int:panel_id>/walks/<int:walk_id>/concerns/new/",
        views.walk_concern_create,
        name="walk_concern_create",
    ),
]

# planned meetings, the minutes PDF, the yearly evaluations
urlpatterns += [
    path("<slug:slug>/<int:panel_id>/meetings/plan/", views.meeting_plan, name="meeting_plan"),
    path(
        "<slug:slug>/<int:panel_id>/meetings/<int:meeting_id>/plan/",
        views.meeting_plan_update,
        name="meeting_plan_update",
    ),
    path(
        "<slug:slug>/<int:panel_id>/meetings/<int:meeting_id>/held/",
        views.meeting_record_held,
        name="meeting_record_held",
    ),
    path(
        "<slug:slug>/<int:panel_id>/meetings/<int:meeting_id>/pdf/",
        views.meeting_pdf,
        name="meeting_pdf",
    ),
    path("<slug:slug>/<int:panel_id>/evaluations/", views.evaluation_list, name="evaluations"),
    path(
        "<slug:slug>/<int:panel_id>/evaluations/new/",
        views.evaluation_write,
        name="evaluation_write",
    ),
    path(
        "<slug:slug>/<int:panel_id>/evaluations/upload/",
        views.evaluation_upload,
        name="evaluation_upload",
    ),
]

# the actions until done. The menu's address goes before the panels'
# ``<slug>/``, which would otherwise take "actions" for a programme's slug.
urlpatterns = [
    path("actions/", views.action_index, name="action_index"),
    *urlpatterns,
    path("<slug:slug>/actions/", views.action_list, name="actions"),
    path("<slug:slug>/actions/export.xlsx", views.action_export, name="action_export"),
    path("<slug:slug>/actions/on-time/", views.action_report, name="action_report"),
    path("<slug:slug>/actions/<int:action_id>/", views.action_detail, name="action"),
    path("<slug:slug>/actions/<int:action_id>/edit/", views.action_update, name="action_update"),
    path("<slug:slug>/actions/<int:action_id>/status/", views.action_status, name="action_status"),
    path("<slug:slug>/actions/<int:action_id>/notes/", views.action_note, name="action_note"),
    path(
        "<slug:slug>/concerns/<int:concern_id>/actions/new/",
        views.action_create,
        name="action_create",
    ),
]
