from __future__ import annotations

from django.urls import reverse


def test_the_interface_is_danish_whatever_the_browser_prefers(client, db) -> None:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert "Log ind" in response.content.decode()


def test_the_language_switch_chooses_english(client, db) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_danish(client, db, settings) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "da"
