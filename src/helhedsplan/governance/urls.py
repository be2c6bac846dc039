"""The governance pages, under ``/governance/<programme>/``."""

from django.urls import URLPattern, path

from helhedsplan.governance import views

app_name = "governance"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.programme, name="programme"),
    path("<slug:slug>/bodies/new/", views.body_create, name="body_create"),
    path("<slug:slug>/bodies/<int:body_id>/", views.body, name="body"),
    path("<slug:slug>/bodies/<int:body_id>/members/", views.member_add, name="member_add"),
    path("<slug:slug>/members/<int:member_id>/leave/", views.member_leave, name="member_leave"),
    path(
        "<slug:slug>/bodies/<int:body_id>/meetings/new/",
        views.meeting_create,
        name="meeting_create",
    ),
    path("<slug:slug>/meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path(
        "<slug:slug>/meetings/<int:meeting_id>/edit/", views.meeting_update, name="meeting_update"
    ),
    path(
        "<slug:slug>/meetings/<int:meeting_id>/decisions/",
        views.decision_add,
        name="decision_add",
    ),
    path("<slug:slug>/cases/", views.case_list, name="case_list"),
    path("<slug:slug>/cases/new/", views.case_create, name="case_create"),
    path("<slug:slug>/cases/<int:case_id>/", views.case, name="case"),
    path("<slug:slug>/cases/<int:case_id>/take-up/", views.case_take_up, name="case_take_up"),
    path("<slug:slug>/cases/<int:case_id>/escalate/", views.case_escalate, name="case_escalate"),
    path("<slug:slug>/cases/<int:case_id>/resolve/", views.case_resolve, name="case_resolve"),
    path("<slug:slug>/proposals/new/", views.proposal_create, name="proposal_create"),
    path("<slug:slug>/proposals/<int:proposal_id>/", views.proposal, name="proposal"),
    path(
        "<slug:slug>/proposals/<int:proposal_id>/draft/",
        views.proposal_draft,
        name="proposal_draft",
    ),
    path(
        "<slug:slug>/proposals/<int:proposal_id>/decline/",
        views.proposal_decline,
        name="proposal_decline",
    ),
]
