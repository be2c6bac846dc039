from django.urls import path

from helhedsplan.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("export.<export:fmt>", views.event_export, name="export"),
    path("new/", views.event_create, name="create"),
    path("new/theme-evening/", views.theme_evening_create, name="theme_evening_create"),
    path("theme-evenings/<slug:slug>/", views.theme_evenings, name="theme_evenings"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_update, name="update"),
    path("<int:event_id>/held/", views.event_mark_held, name="mark_held"),
    path("<int:event_id>/cancel/", views.event_cancel, name="cancel"),
    path("<int:event_id>/delete/", views.event_delete_confirm, name="delete_confirm"),
    path("<int:event_id>/delete/confirmed/", views.event_delete, name="delete"),
    path("calendar/<int:estate_id>/", views.estate_calendar, name="calendar"),
    path("calendar/<int:estate_id>.ics", views.estate_ical, name="ical"),
    path("kulturhus/", views.kulturhus_import, name="kulturhus_import"),
    path("kulturhus/preview/", views.kulturhus_preview, name="kulturhus_preview"),
    path("kulturhus/confirm/", views.kulturhus_confirm, name="kulturhus_confirm"),
]

# Under /feeds/<token>/ (the project's urls.py): the calendar for a calendar app, opened by the
# person's secret calendar address instead of a login (accounts.feeds).
feed_urlpatterns = [
    path("events/<int:estate_id>.ics", views.estate_ical_feed, name="events"),
]
