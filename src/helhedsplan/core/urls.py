from django.urls import path

from helhedsplan.core import views

app_name = "core"

urlpatterns = [
    path("<slug:kind>/<int:pk>/", views.private_file, name="private_file"),
]
