"""The throttle of public pages: a fixed window per key, counted in Django's cache."""

from __future__ import annotations

import datetime

import time_machine
from django.test import RequestFactory

from helhedsplan.core import throttle

LIMIT = throttle.Limit("test", requests=3, seconds=60)
START = datetime.datetime(2026, 11, 30, 12, 0, 5, tzinfo=datetime.UTC)


def test_a_key_gets_its_requests_in_a_window_and_no_more() -> None:
    with time_machine.travel(START, tick=False):
        assert [throttle.hit(LIMIT, "a") for _ in range(4)] == [True, True, True, False]
        # Another key and another limit count on their own.
        assert throttle.hit(LIMIT, "b")
        assert throttle.hit(throttle.Limit("other", requests=3, seconds=60), "a")


def test_the_next_window_starts_the_count_anew() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(3):
            throttle.hit(LIMIT, "a")
        assert not throttle.hit(LIMIT, "a")
        # Still the same minute (12:00:05 to 12:00:59): still refused.
        traveller.shift(datetime.timedelta(seconds=54))
        assert not throttle.hit(LIMIT, "a")
        traveller.shift(datetime.timedelta(seconds=1))
        assert throttle.hit(LIMIT, "a")


def test_the_client_is_the_address_the_project_reads(settings) -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.7")
    settings.BEHIND_PROXY = False
    assert throttle.client_address(request) == "10.0.0.1"
    # Behind the proxy, the address the proxy appended (as django-axes reads it).
    settings.BEHIND_PROXY = True
    assert throttle.client_address(request) == "192.0.2.7"


def test_an_ipv6_client_counts_by_its_64_network(settings) -> None:
    settings.BEHIND_PROXY = False
    factory = RequestFactory()
    addresses = ["2001:db8:1:2::1", "2001:db8:1:2:ffff:0:0:9", "2001:db8:1:3::1", "::ffff:1.2.3.4"]
    assert [
        throttle.client_address(factory.get("/", REMOTE_ADDR=address)) for address in addresses
    ] == ["2001:db8:1:2::/64", "2001:db8:1:2::/64", "2001:db8:1:3::/64", "1.2.3.4"]


def test_over_the_limit_the_answer_is_429_in_danish(rf, db) -> None:
    response = throttle.refused(rf.get("/"), LIMIT)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "For mange forespørgsler" in response.content.decode()
