from __future__ import annotations

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, World
from helhedsplan.audit import queries, services
from helhedsplan.audit.display import device
from helhedsplan.audit.queries import SignInFilter
from helhedsplan.core import schedule

FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0"
)


def _login(client, username: str, password: str = PASSWORD) -> None:
    """A login through the login page (and out again, so that the next one is asked)."""
    response = client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        headers={"user-agent": FIREFOX_ON_WINDOWS},
    )
    assert response.status_code in {200, 302, 429}
    client.logout()


def _as_administrator(client, world: World) -> None:
    """Logged in as the administrator, whose own login the log then shows first."""
    client.force_login(world.user("administrator"))


def _log(client, **filters):
    response = client.get(reverse("audit:sign_ins"), filters)
    assert response.status_code == 200
    return response


def test_it_shows_who_logged_in_when_and_from_where(client, world: World) -> None:
    _login(client, "staff")
    _as_administrator(client, world)
    response = _log(client)
    _administrator, sign_in = response.context["sign_ins"]
    assert (sign_in.who, sign_in.succeeded, sign_in.ip_address, sign_in.device) == (
        "staff",
        True,
        "127.0.0.1",
        "Firefox · Windows",
    )
    assert sign_in.logged_out is not None
    page = response.content.decode()
    assert "Logget ind" in page
    assert "Firefox · Windows" in page


def test_it_shows_failed_attempts_and_lock_outs(client, world: World, settings) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "board", "wrong")
    _as_administrator(client, world)
    response = _log(client, person=world.user("board").pk)
    attempts = response.context["sign_ins"]
    assert len(attempts) == settings.AXES_FAILURE_LIMIT
    assert not any(a.succeeded for a in attempts)
    assert [a.locked_out for a in attempts] == [True] + [False] * (len(attempts) - 1)
    assert "Mislykket, låst ude" in response.content.decode()


def test_an_administrator_sees_only_the_users_they_manage(client, world: World) -> None:
    _login(client, "outsider")
    _login(client, "nobody-by-this-name", "guess")
    _login(client, "staff")
    _as_administrator(client, world)
    assert [s.username for s in _log(client).context["sign_ins"]] == ["administrator", "staff"]
    client.force_login(world.user("superuser"))
    assert [s.username for s in _log(client).context["sign_ins"]] == [
        "superuser",
        "administrator",
        "staff",
        "nobody-by-this-name",
        "outsider",
    ]


def test_only_administrators_read_the_log(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    assert client.get(reverse("audit:sign_ins")).status_code == 403


def test_it_filters_by_person_and_pages(client, world: World) -> None:
    for _round in range(3):
        _login(client, "staff")
        _login(client, "board")
    _login(client, "board", "wrong")
    _as_administrator(client, world)
    board = world.user("board")
    assert {s.username for s in _log(client, person=board.pk).context["sign_ins"]} == {"board"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert _log(client, date_from=tomorrow.isoformat()).context["sign_ins"] == []

    administrator = world.user("administrator")
    everything = queries.sign_ins(user=administrator).sign_ins
    assert len(everything) == 8
    paged, after = [], None
    while True:
        page = queries.sign_ins(user=administrator, criteria=SignInFilter(after=after), limit=2)
        paged += page.sign_ins
        if page.older is None:
            break
        after = page.older
    assert paged == everything


def test_old_sign_in_records_are_purged(client, world: World) -> None:
    _login(client, "staff")
    _login(client, "board", "wrong")
    now = timezone.now()
    assert services.sign_ins_purge(now=now) == 0
    later = now + services.SIGN_IN_RETENTION + datetime.timedelta(minutes=1)
    assert services.sign_ins_purge(now=later) == 3  # a login, a failure and its counter
    assert not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()
    assert not AccessAttempt.objects.exists()


def test_the_purge_runs_daily() -> None:
    job = next(job for job in schedule.jobs() if job.name == "audit.purge_sign_ins")
    assert job.every == datetime.timedelta(days=1)


def test_a_user_agent_is_shortened_to_browser_and_system() -> None:
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    )
    edge = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80"
    )
    assert device(iphone) == "Safari · iOS"
    assert device(edge) == "Edge · Windows"
    assert device("<unknown>") == "–"
    assert device("curl/8.5.0") == "curl/8.5.0"
