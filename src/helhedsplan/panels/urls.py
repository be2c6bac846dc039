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
