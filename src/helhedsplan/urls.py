from django.urls import include, path

from helhedsplan import views
from helhedsplan.counselling import urls as counselling_urls
from helhedsplan.events import urls as events_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("helhedsplan.accounts.urls")),
    # A programme's page draws on every app, so it lives here; its name stays the
    # programmes app's ("programmes:detail").
    path(
        "programmes/",
        include(
            ([path("<slug:slug>/", views.programme_detail, name="detail")], "programmes"),
        ),
    ),
    path("audit/", include("helhedsplan.audit.urls")),
    path("agreements/", include("helhedsplan.agreements.urls")),
    path("events/", include("helhedsplan.events.urls")),
    path("counselling/", include("helhedsplan.counselling.urls")),
    path("press/", include("helhedsplan.media.urls")),
    path("series/", include("helhedsplan.series.urls")),
    path("indicators/", include("helhedsplan.indicators.urls")),
    path("volunteers/", include("helhedsplan.volunteers.urls")),
    path("grants/", include("helhedsplan.grants.urls")),
    path("panels/", include("helhedsplan.panels.urls")),
    path("surveys/", include("helhedsplan.surveys.urls")),
    path("governance/", include("helhedsplan.governance.urls")),
    path("completeness/", include("helhedsplan.completeness.urls")),
    path("reports/", include("helhedsplan.reports.urls")),
    path("budget/", include("helhedsplan.budget.urls")),
    path("privacy/", include("helhedsplan.privacy.urls")),
    path("lists/", include("helhedsplan.core.lists.urls")),
    path("files/", include("helhedsplan.core.urls")),
    path("api/v1/", include("helhedsplan.api.urls", namespace="api")),
    # Calendar feeds for calendar apps, opened by a person's secret calendar address
    # (accounts.feeds) instead of a login.
    path(
        "feeds/<slug:token>/",
        include(
            (
                events_urls.feed_urlpatterns + counselling_urls.feed_urlpatterns,
                "feeds",
            )
        ),
    ),
]
