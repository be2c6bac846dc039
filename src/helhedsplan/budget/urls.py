from django.urls import path

from helhedsplan.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("<int:agreement_id>/", views.agreement_budget, name="detail"),
    path("<int:agreement_id>/export.xlsx", views.budget_export, name="export"),
    path("<int:agreement_id>/year/<int:year>/", views.budget_year, name="year"),
    path("<int:agreement_id>/staff/<int:year>/", views.staff_year, name="staff_year"),
    path("<int:agreement_id>/import/", views.import_upload, name="import"),
    path("<int:agreement_id>/import/template.xlsx", views.import_template, name="template"),
    path("<int:agreement_id>/import/preview/", views.import_preview, name="import_preview"),
    path("<int:agreement_id>/import/confirm/", views.import_confirm, name="import_confirm"),
]
