from django.urls import path

from helhedsplan.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("agreements/<int:agreement_id>/", views.dashboard, name="dashboard"),
    path(
        "agreements/<int:agreement_id>/export.<export:fmt>",
        views.dashboard_export,
        name="dashboard_export",
    ),
    path("agreements/<int:agreement_id>/years/", views.years, name="years"),
    path("agreements/<int:agreement_id>/revisions/", views.revisions, name="revisions"),
    path(
        "agreements/<int:agreement_id>/revisions/<int:number>/<str:key>/",
        views.revise,
        name="revise",
    ),
    path("agreements/<int:agreement_id>/proposals/", views.proposals, name="proposals"),
    path(
        "agreements/<int:agreement_id>/proposals/<str:key>/confirm/",
        views.confirm,
        name="confirm",
    ),
    path("agreements/<int:agreement_id>/close-year/", views.lock, name="lock"),
    path("<int:indicator_id>/", views.detail, name="detail"),
    path("<int:indicator_id>/edit/", views.edit, name="edit"),
    path("<int:indicator_id>/targets/", views.targets, name="targets"),
]
