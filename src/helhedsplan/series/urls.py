from django.urls import path

from helhedsplan.series import views

app_name = "series"
urlpatterns = [
    path("<slug:slug>/", views.series_list, name="list"),
    path("<slug:slug>/export.<export:fmt>", views.series_export, name="export"),
    path("<slug:slug>/new/", views.series_create, name="create"),
    path("<slug:slug>/import/", views.import_upload, name="import"),
    path("<slug:slug>/import/preview/", views.import_preview, name="import_preview"),
    path("<slug:slug>/import/confirm/", views.import_confirm, name="import_confirm"),
    path("<slug:slug>/<slug:code>/", views.series_detail, name="detail"),
    path("<slug:slug>/<slug:code>/edit/", views.series_update, name="update"),
    path(
        "<slug:slug>/<slug:code>/observations/new/",
        views.observation_create,
        name="observation_create",
    ),
    path(
        "<slug:slug>/<slug:code>/observations/<int:observation_id>/delete/",
        views.observation_delete,
        name="observation_delete",
    ),
]
