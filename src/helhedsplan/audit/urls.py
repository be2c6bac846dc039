from django.urls import path

from helhedsplan.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.trail, name="trail"),
    path("sign-ins/", views.sign_ins, name="sign_ins"),
    path("redact/<int:kind>/<int:history_id>/", views.redact, name="redact"),
]
