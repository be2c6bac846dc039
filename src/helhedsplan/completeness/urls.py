from django.urls import path

from helhedsplan.completeness import views

app_name = "completeness"
urlpatterns = [
    path("<slug:slug>/", views.cockpit, name="cockpit"),
    path("<slug:slug>/digest/", views.digest_toggle, name="digest"),
]
