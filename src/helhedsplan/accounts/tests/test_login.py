from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD, World


def _login(client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_danish(client, db) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="da">' in response.content.decode()
    assert "Log ind" in response.content.decode()


def test_it_logs_in_and_out(client, world: World) -> None:
    response = _login(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_refuses_a_wrong_password(client, world: World) -> None:
    response = _login(client, "staff", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_repeated_failures(client, world: World, settings) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "staff", "wrong").status_code == 200
    response = _login(client, "staff", "wrong")
    assert response.status_code == 429
    assert "For mange mislykkede forsøg" in response.content.decode()
    # Even the right password is refused while the lock-out lasts.
    assert _login(client, "staff", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_out_of_one_user_leaves_the_others(client, world: World, settings) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "staff", "wrong")
    assert _login(client, "board", PASSWORD).status_code == 302


def test_logout_needs_post(client, world: World) -> None:
    client.force_login(world.user("staff"))
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_deactivated_users_cannot_log_in(client, world: World) -> None:
    user = world.user("staff")
    user.is_active = False
    user.save()
    assert _login(client, "staff", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link(client, world: World, mailoutbox) -> None:
    user = world.user("board")
    user.email = "board@example.org"
    user.save()
    response = client.post(reverse("accounts:password_reset"), {"email": "board@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Nulstil din adgangskode til helhedsplan"


def test_password_change(client, world: World) -> None:
    client.force_login(world.user("board"))
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-and-longer-secret",
            "new_password2": "a-new-and-longer-secret",
        },
    )
    assert response.status_code == 302
    world.user("board").refresh_from_db()
    assert world.user("board").check_password("a-new-and-longer-secret")


def test_passwords_are_hashed_with_argon2(world: World, settings) -> None:
    from helhedsplan import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = world.user("board")
    user.set_password("a-new-and-longer-secret")
    assert user.password.startswith("argon2$")
