from django.urls import include, path

from helhedsplan import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("helhedsplan.accounts.urls")),
    path("programmes/", include("helhedsplan.programmes.urls")),
    path("audit/", include("helhedsplan.audit.urls")),
    path("agreements/", include("helhedsplan.agreements.urls")),
    path("events/", include("helhedsplan.events.urls")),
    path("counselling/", include("helhedsplan.counselling.urls")),
    path("press/", include("helhedsplan.media.urls")),
    path("series/", include("helhedsplan.series.urls")),
    path("indicators/", include("helhedsplan.indicators.urls")),
]
