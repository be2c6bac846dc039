"""Two-factor sign-in: setting up an authenticator app, signing in with its code or a recovery
code, wrong codes throttled, the code step's time limit, recovery codes and turning it off,
and the configuration that requires it of some roles."""

from __future__ import annotations

import datetime
import io
from base64 import b32encode
from collections.abc import Iterator

import pytest
import time_machine
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from conftest import PASSWORD, World
from helhedsplan.accounts import services
from helhedsplan.accounts.tests.two_factor_helpers import code_of, enrol

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """A stopped clock: codes and throttling move only when the test moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _password(client, username: str = "staff", **extra: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD, **extra}
    )


def _code(client, code: str):
    return client.post(reverse("accounts:login_code"), {"code": code})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Setting up ------------------------------------------------------------------------------


def test_an_authenticator_counts_only_after_its_first_code(client, world: World, clock) -> None:
    user = world.user("staff")
    client.force_login(user)
    assert client.post(reverse("accounts:two_factor_start")).url == reverse(
        "accounts:two_factor_setup"
    )
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed

    page = client.get(reverse("accounts:two_factor_setup"))
    html = page.content.decode()
    assert '<svg width="' in html and "qr-code" in html
    # The secret in base32 for typing, in groups of four.
    assert "no-store" in page["Cache-Control"]
    assert " ".join(b32encode(device.bin_key).decode()[:8][i : i + 4] for i in (0, 4)) in html

    wrong = client.post(reverse("accounts:two_factor_confirm"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "Koden passer ikke" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    clock.shift(2)  # past the throttle of one wrong code
    right = client.post(reverse("accounts:two_factor_confirm"), {"code": code_of(device)})
    assert right.status_code == 200
    assert "no-store" in right["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    tokens = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert len(tokens) == services.RECOVERY_CODE_COUNT
    shown = right.content.decode()
    assert all(f"{token[:4]}-{token[4:]}" in shown for token in tokens)
    # Shown this once: the account page counts them, and shows none.
    again = client.get(reverse("accounts:account")).content.decode()
    assert not any(token[:4] + "-" in again for token in tokens)
    assert "10 ubrugte gendannelseskoder" in again


def test_starting_again_replaces_an_unconfirmed_authenticator(world: World) -> None:
    user = world.user("staff")
    first = services.authenticator_start(user=user)
    second = services.authenticator_start(user=user)
    assert list(TOTPDevice.objects.filter(user=user)) == [second]
    assert first.key != second.key


def test_someone_with_an_authenticator_cannot_start_another(client, world: World) -> None:
    enrol(world.user("staff"))
    client.force_login(world.user("staff"))
    response = client.post(reverse("accounts:two_factor_start"))
    assert response.url == reverse("accounts:account")
    assert TOTPDevice.objects.filter(user=world.user("staff")).count() == 1


# Signing in ------------------------------------------------------------------------------


def test_without_an_authenticator_the_password_is_enough(client, world: World) -> None:
    assert _password(client).url == reverse("home")
    assert _logged_in(client)


def test_with_an_authenticator_the_password_alone_does_not_log_in(
    client, world: World, clock
) -> None:
    device, _codes = enrol(world.user("staff"))
    clock.shift(30)
    response = _password(client, next="/events/")
    assert response.url == reverse("accounts:login_code")
    assert not _logged_in(client)
    assert client.get(reverse("home")).status_code == 302

    page = client.get(reverse("accounts:login_code"))
    assert "Skriv din kode" in page.content.decode()
    response = _code(client, code_of(device))
    assert response.url == "/events/"
    assert _logged_in(client)
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_and_the_next_try_must_wait(client, world: World, clock) -> None:
    device, _codes = enrol(world.user("staff"))
    clock.shift(30)
    _password(client)
    response = _code(client, "123456" if code_of(device) != "123456" else "654321")
    assert response.status_code == 400
    assert "Koden er forkert" in response.content.decode()
    assert not _logged_in(client)

    # Even the right code is refused, unchecked, until the throttle's delay has passed.
    response = _code(client, code_of(device))
    assert response.status_code == 400
    assert "For mange forkerte koder" in response.content.decode()
    assert not _logged_in(client)

    clock.shift(2)
    assert _code(client, code_of(device)).url == reverse("home")
    assert _logged_in(client)


def test_a_code_is_accepted_once(client, world: World, clock) -> None:
    device, _codes = enrol(world.user("staff"))
    clock.shift(30)
    code = code_of(device)
    _password(client)
    assert _code(client, code).status_code == 302
    client.post(reverse("accounts:logout"))
    _password(client)
    assert _code(client, code).status_code == 400
    assert not _logged_in(client)


def test_a_recovery_code_logs_in_once(client, world: World, clock) -> None:
    _device, codes = enrol(world.user("staff"))
    _password(client)
    # Typed as shown, with its hyphen, in capitals.
    response = _code(client, f"{codes[0][:4]}-{codes[0][4:]}".upper())
    assert response.url == reverse("home")
    assert _logged_in(client)
    assert "9 tilbage" in client.get(reverse("home")).content.decode()

    client.post(reverse("accounts:logout"))
    clock.shift(5)
    _password(client)
    assert _code(client, codes[0]).status_code == 400
    assert not _logged_in(client)
    assert _code(client, codes[1]).status_code == 400  # throttled after the wrong try
    clock.shift(2)
    assert _code(client, codes[1]).status_code == 302


def test_the_code_step_has_a_time_limit(client, world: World, clock, settings) -> None:
    device, _codes = enrol(world.user("staff"))
    _password(client)
    clock.shift(settings.TWO_FACTOR_LOGIN_SECONDS + 1)
    response = _code(client, code_of(device))
    assert response.url == reverse("accounts:login")
    assert not _logged_in(client)
    # The waiting sign-in is forgotten: the code step sends back to the password.
    assert client.get(reverse("accounts:login_code")).url == reverse("accounts:login")


def test_the_code_step_needs_a_password_first(client, world: World) -> None:
    assert client.get(reverse("accounts:login_code")).url == reverse("accounts:login")
    assert client.post(reverse("accounts:login_code"), {"code": "123456"}).url == reverse(
        "accounts:login"
    )


def test_an_account_deactivated_during_the_code_step_is_not_logged_in(
    client, world: World, clock
) -> None:
    device, _codes = enrol(world.user("staff"))
    clock.shift(30)
    _password(client)
    services.user_set_active(user=world.user("staff"), active=False)
    assert _code(client, code_of(device)).url == reverse("accounts:login")
    assert not _logged_in(client)


# Recovery codes and turning it off -------------------------------------------------------


def test_new_recovery_codes_need_a_code_and_replace_the_old(client, world: World, clock) -> None:
    device, old = enrol(world.user("staff"))
    client.force_login(world.user("staff"))
    url = reverse("accounts:recovery_codes_regenerate")
    refused = client.post(url, {"recovery-code": "000000"})
    assert refused.status_code == 400
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)

    clock.shift(30)
    response = client.post(url, {"recovery-code": code_of(device)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == services.RECOVERY_CODE_COUNT and not new & set(old)
    assert all(f"{code[:4]}-{code[4:]}" in response.content.decode() for code in new)


def test_turning_it_off_needs_a_current_code(client, world: World, clock) -> None:
    device, _codes = enrol(world.user("staff"))
    client.force_login(world.user("staff"))
    url = reverse("accounts:two_factor_disable")
    assert client.post(url, {"disable-code": "000000"}).status_code == 400
    assert TOTPDevice.objects.filter(user=world.user("staff")).exists()

    clock.shift(30)
    assert client.post(url, {"disable-code": code_of(device)}).url == reverse("accounts:account")
    assert not TOTPDevice.objects.exists()
    assert not StaticToken.objects.exists()
    client.post(reverse("accounts:logout"))
    assert _password(client).url == reverse("home")


# The requirement of REQUIRE_TWO_FACTOR_FOR -----------------------------------------------


@pytest.fixture
def required(settings) -> None:
    settings.REQUIRE_TWO_FACTOR_FOR = ["administrator", "secretariat_head"]


# A superuser holds every role; an estate limit does not lift the requirement.
REQUIRED_PEOPLE = ["administrator", "secretariat_head", "vapnagaard_head", "superuser"]


@pytest.mark.parametrize("who", REQUIRED_PEOPLE)
def test_a_required_role_without_an_authenticator_is_sent_to_set_one_up(
    client, world: World, required, who: str
) -> None:
    client.force_login(world.user(who))
    for url in [reverse("home"), reverse("accounts:account"), reverse("accounts:user_list")]:
        assert client.get(url).url == reverse("accounts:two_factor_setup"), url
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert "Din rolle kræver totrinsbekræftelse" in page.content.decode()
    assert client.post(reverse("accounts:logout")).url == reverse("accounts:login")


def test_other_roles_are_not_required(client, world: World, required) -> None:
    for who in ["staff", "board", "working_group", "police", "outsider"]:
        client.force_login(world.user(who))
        assert client.get(reverse("home")).status_code == 200, who


def test_after_setting_up_the_required_person_goes_on(client, world: World, required) -> None:
    client.force_login(world.user("administrator"))
    client.post(reverse("accounts:two_factor_start"))
    device = TOTPDevice.objects.get(user=world.user("administrator"))
    client.post(reverse("accounts:two_factor_confirm"), {"code": code_of(device)})
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_required_person_signs_in_with_the_code(client, world: World, required, clock) -> None:
    device, _codes = enrol(world.user("administrator"))
    clock.shift(30)
    _password(client, "administrator")
    _code(client, code_of(device))
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_required_session_that_never_gave_a_code_is_ended(client, world: World, required) -> None:
    """A session that began before the authenticator was set up (elsewhere) must sign in
    again, this time with the code."""
    enrol(world.user("administrator"))
    client.force_login(world.user("administrator"))
    response = client.get(reverse("accounts:user_list"))
    assert response.url.startswith(reverse("accounts:login"))
    assert not _logged_in(client)


def test_no_requirement_by_default(client, world: World, settings) -> None:
    assert settings.REQUIRE_TWO_FACTOR_FOR == []
    client.force_login(world.user("administrator"))
    assert client.get(reverse("home")).status_code == 200


def test_a_misspelt_role_is_a_configuration_error(settings) -> None:
    settings.REQUIRE_TWO_FACTOR_FOR = ["administrator", "admin"]
    errors = [check for check in run_checks() if check.id == "helhedsplan.E101"]
    assert len(errors) == 1
    assert "admin" in errors[0].msg


def test_someone_who_lost_phone_and_codes_gets_a_code_from_the_command_line(
    client, world: World, clock
) -> None:
    """The README's way back in: ``helhedsplan manage addstatictoken USERNAME`` (django-otp's
    command) adds one recovery code to the person's."""
    enrol(world.user("staff"))
    output = io.StringIO()
    call_command("addstatictoken", "staff", stdout=output)
    _password(client)
    assert _code(client, output.getvalue().strip()).url == reverse("home")
