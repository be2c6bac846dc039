from django.urls import path

from helhedsplan.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.volunteer_index, name="index"),
    path("<slug:slug>/", views.volunteer_list, name="list"),
    path("<slug:slug>/export.<export:fmt>", views.volunteer_export, name="export"),
    path("<slug:slug>/new/", views.volunteer_create, name="create"),
    path("<slug:slug>/cards.pdf", views.card_sheet, name="card_sheet"),
    path("<slug:slug>/<int:volunteer_id>/", views.volunteer_detail, name="detail"),
    path("<slug:slug>/<int:volunteer_id>/edit/", views.volunteer_update, name="update"),
    path("<slug:slug>/<int:volunteer_id>/end/", views.volunteer_end, name="end"),
    path("<slug:slug>/<int:volunteer_id>/withdraw/", views.volunteer_withdraw, name="withdraw"),
    path("<slug:slug>/<int:volunteer_id>/card/issue/", views.card_issue, name="card_issue"),
    path("<slug:slug>/<int:volunteer_id>/card/revoke/", views.card_revoke, name="card_revoke"),
    path("<slug:slug>/<int:volunteer_id>/card.pdf", views.card_pdf, name="card_pdf"),
    path("<slug:slug>/tasks/", views.task_list, name="task_list"),
    path("<slug:slug>/tasks/new/", views.task_create, name="task_create"),
    path("<slug:slug>/tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("<slug:slug>/tasks/<int:task_id>/edit/", views.task_update, name="task_update"),
    path("<slug:slug>/tasks/<int:task_id>/end/", views.task_end, name="task_end"),
    path("<slug:slug>/tasks/<int:task_id>/assign/", views.task_assign, name="task_assign"),
    path(
        "<slug:slug>/tasks/<int:task_id>/unassign/<int:volunteer_id>/",
        views.task_unassign,
        name="task_unassign",
    ),
    path(
        "<slug:slug>/tasks/<int:task_id>/week/<int:year>/<int:week>/",
        views.week_sheet,
        name="week_sheet",
    ),
    # Volunteer parties, invitations and events' helpers
    path("<slug:slug>/events/<int:event_id>/invite/", views.event_invite, name="event_invite"),
    path(
        "<slug:slug>/events/<int:event_id>/attendance/",
        views.event_attendance,
        name="event_attendance",
    ),
    path(
        "<slug:slug>/events/<int:event_id>/helper-figure/",
        views.event_helper_figure,
        name="event_helper_figure",
    ),
    # The personal link: the staff issue and revoke it; the volunteer's own pages, with no
    # login, after every programme's pages (a token is never a number or a page's name).
    path(
        "<slug:slug>/<int:volunteer_id>/link/issue/",
        views.personal_link_issue,
        name="personal_link_issue",
    ),
    path(
        "<slug:slug>/<int:volunteer_id>/link/revoke/",
        views.personal_link_revoke,
        name="personal_link_revoke",
    ),
    path("me/<str:token>/", views.me_overview, name="me"),
    path("me/<str:token>/hours/", views.me_hours, name="me_hours"),
    path("me/<str:token>/contact/", views.me_contact, name="me_contact"),
    path("me/<str:token>/withdraw/", views.me_withdraw, name="me_withdraw"),
    path("me/<str:token>/data.json", views.me_data, name="me_data"),
    path(
        "me/<str:token>/certificate/<str:language>.pdf",
        views.me_certificate,
        name="me_certificate",
    ),
    # The certificate
    path(
        "<slug:slug>/<int:volunteer_id>/certificate/new/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "<slug:slug>/<int:volunteer_id>/certificates/<int:certificate_id>/<str:language>.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path("<slug:slug>/certificates/rules/", views.certificate_rules, name="certificate_rules"),
    # Public: the volunteer card's QR code opens it, with no login. Last, so that a programme
    # whose slug is "card" keeps its pages (a token is never a number or a page's name).
    path("card/<str:token>/", views.card_check, name="card_check"),
]
