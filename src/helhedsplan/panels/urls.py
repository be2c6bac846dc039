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
]

# Part 2, helper B: the actions until done. The menu's address goes before the panels'
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
