from django.urls import path

from helhedsplan.programmes import views

app_name = "programmes"
urlpatterns = [path("<slug:slug>/", views.detail, name="detail")]
