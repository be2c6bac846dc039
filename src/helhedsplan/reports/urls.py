from django.urls import path

from helhedsplan.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:programme_id>/<int:year>/", views.report, name="report"),
    path("<int:programme_id>/<int:year>/report.<str:fmt>", views.download, name="download"),
    path("<int:programme_id>/<int:year>/texts/", views.texts, name="texts"),
    path("<int:programme_id>/<int:year>/approve/", views.approve, name="approve"),
]
