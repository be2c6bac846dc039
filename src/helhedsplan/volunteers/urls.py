from django.urls import path

from helhedsplan.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.volunteer_index, name="index"),
    path("<slug:slug>/", views.volunteer_list, name="list"),
    path("<slug:slug>/export.<export:fmt>", views.volunteer_export, name="export"),
    path("<slug:slug>/new/", views.volunteer_create, name="create"),
    path("<slug:slug>/<int:volunteer_id>/", views.volunteer_detail, name="detail"),
    path("<slug:slug>/<int:volunteer_id>/edit/", views.volunteer_update, name="update"),
    path("<slug:slug>/<int:volunteer_id>/end/", views.volunteer_end, name="end"),
    path("<slug:slug>/<int:volunteer_id>/withdraw/", views.volunteer_withdraw, name="withdraw"),
]
