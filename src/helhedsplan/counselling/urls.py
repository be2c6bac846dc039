from django.urls import path

from helhedsplan.counselling import views

app_name = "counselling"
urlpatterns = [
    path("<slug:slug>/", views.inquiry_list, name="inquiry_list"),
    path("<slug:slug>/export.<export:fmt>", views.inquiry_export, name="inquiry_export"),
    path("<slug:slug>/new/", views.inquiry_create, name="inquiry_create"),
    path("<slug:slug>/<int:inquiry_id>/edit/", views.inquiry_update, name="inquiry_update"),
    path("<slug:slug>/<int:inquiry_id>/delete/", views.inquiry_delete, name="inquiry_delete"),
    path("<slug:slug>/mapping/", views.mapping, name="mapping"),
    path("<slug:slug>/mapping.xlsx", views.mapping_xlsx, name="mapping_xlsx"),
    path("<slug:slug>/mapping.pdf", views.mapping_pdf, name="mapping_pdf"),
    path("<slug:slug>/estates/<int:estate_id>/hours/", views.opening_hours, name="opening_hours"),
    path(
        "<slug:slug>/estates/<int:estate_id>/hours.ics",
        views.opening_hours_ical,
        name="opening_hours_ical",
    ),
    path(
        "<slug:slug>/estates/<int:estate_id>/hours/add/",
        views.opening_hours_add,
        name="opening_hours_add",
    ),
    path(
        "<slug:slug>/estates/<int:estate_id>/hours/<int:hours_id>/delete/",
        views.opening_hours_delete,
        name="opening_hours_delete",
    ),
    path(
        "<slug:slug>/estates/<int:estate_id>/closures/add/",
        views.closure_add,
        name="closure_add",
    ),
    path(
        "<slug:slug>/estates/<int:estate_id>/closures/<int:closure_id>/delete/",
        views.closure_delete,
        name="closure_delete",
    ),
    path("<slug:slug>/bookings/", views.booking_list, name="booking_list"),
    path("<slug:slug>/bookings/new/", views.booking_create, name="booking_create"),
    path(
        "<slug:slug>/bookings/<int:booking_id>/cancel/",
        views.booking_cancel,
        name="booking_cancel",
    ),
]

# Under /feeds/<token>/ (the project's urls.py): the calendar for a calendar app, opened by the
# person's secret calendar address instead of a login (accounts.feeds).
feed_urlpatterns = [
    path("opening-hours/<int:estate_id>.ics", views.opening_hours_ical_feed, name="opening_hours"),
]
