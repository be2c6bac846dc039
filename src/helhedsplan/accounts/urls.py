from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from helhedsplan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_changed")
        ),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_changed",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_sent"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("me/", views.account, name="account"),
    path("me/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("me/two-factor/start/", views.two_factor_start, name="two_factor_start"),
    path("me/two-factor/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path(
        "me/two-factor/recovery-codes/",
        views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("me/two-factor/off/", views.two_factor_disable, name="two_factor_disable"),
    path("me/calendar/new/", views.feed_token_create, name="feed_token_create"),
    path("me/calendar/delete/", views.feed_token_revoke, name="feed_token_revoke"),
    path("me/api-tokens/new/", views.api_token_create, name="api_token_create"),
    path("me/api-tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/export.<export:fmt>", views.user_export, name="user_export"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/update/", views.user_update, name="user_update"),
    path("users/<int:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:user_id>/activate/", views.user_activate, name="user_activate"),
    path("users/<int:user_id>/roles/grant/", views.membership_grant, name="membership_grant"),
    path(
        "users/<int:user_id>/roles/<int:membership_id>/revoke/",
        views.membership_revoke,
        name="membership_revoke",
    ),
]
