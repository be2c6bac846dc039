from django.urls import path

from helhedsplan.media import views

app_name = "media"
urlpatterns = [
    path("<slug:slug>/", views.mention_list, name="mention_list"),
    path("<slug:slug>/export.<export:fmt>", views.mention_export, name="mention_export"),
    path("<slug:slug>/new/", views.mention_create, name="mention_create"),
    path("<slug:slug>/<int:mention_id>/", views.mention_detail, name="mention_detail"),
    path("<slug:slug>/<int:mention_id>/edit/", views.mention_update, name="mention_update"),
    path(
        "<slug:slug>/<int:mention_id>/delete/",
        views.mention_delete_confirm,
        name="mention_delete_confirm",
    ),
    path(
        "<slug:slug>/<int:mention_id>/delete/confirmed/",
        views.mention_delete,
        name="mention_delete",
    ),
    path(
        "<slug:slug>/<int:mention_id>/events/link/",
        views.mention_link_event,
        name="mention_link_event",
    ),
    path(
        "<slug:slug>/<int:mention_id>/events/<int:event_id>/unlink/",
        views.mention_unlink_event,
        name="mention_unlink_event",
    ),
    path(
        "<slug:slug>/events/<int:event_id>/link/",
        views.event_link_mention,
        name="event_link_mention",
    ),
    path("<slug:slug>/tone-accuracy/", views.tone_accuracy, name="tone_accuracy"),
]
