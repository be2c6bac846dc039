from django.urls import path

from helhedsplan.agreements import views

app_name = "agreements"

version = "<int:agreement_id>/versions/<int:number>/"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("export.<export:fmt>", views.agreement_export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("<int:agreement_id>/in-force/", views.version_in_force, name="in_force"),
    path("<int:agreement_id>/diff/", views.version_diff, name="diff"),
    path("<int:agreement_id>/draft/", views.draft_start, name="draft_start"),
    path(version, views.version_detail, name="version"),
    path(f"{version}docx/", views.version_docx, name="version_docx"),
    path(f"{version}pdf/", views.version_pdf, name="version_pdf"),
    path(f"{version}edit/", views.edit_text, name="edit"),
    path(f"{version}edit/criteria/", views.edit_criteria, name="edit_criteria"),
    path(f"{version}edit/activities/add/", views.activity_add, name="activity_add"),
    path(f"{version}edit/activities/<int:position>/", views.edit_activity, name="edit_activity"),
    path(
        f"{version}edit/activities/<int:position>/remove/",
        views.activity_remove,
        name="activity_remove",
    ),
    path(f"{version}edit/staff/", views.edit_staff, name="edit_staff"),
    path(f"{version}edit/budget/", views.edit_budget, name="edit_budget"),
    path(f"{version}propose/", views.version_propose, name="propose"),
    path(f"{version}withdraw/", views.version_withdraw, name="withdraw"),
    path(f"{version}approve/", views.version_approve, name="approve"),
    path(f"{version}discard/", views.version_discard, name="discard"),
]
