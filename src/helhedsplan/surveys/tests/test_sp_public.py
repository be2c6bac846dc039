"""Answering anonymously: the web link (one answer per device and wave), the office tablet,
the closed wave, the honeypot, the rate limit, the languages, and the QR poster."""

from __future__ import annotations

import io
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from conftest import World, pdf_text
from helhedsplan.surveys import services
from helhedsplan.surveys.models import Answer, Channel, QuestionKind, Response, Wave
from helhedsplan.surveys.tests.helpers import (
    a_questionnaire,
    a_wave,
    an_open_wave,
    answer_form_data,
)
from helhedsplan.surveys.views import ANSWERS_BY_ADDRESS, DEVICE_COOKIE

pytestmark = pytest.mark.django_db


def _open_wave(world: World, estate=None) -> Wave:
    return an_open_wave(a_questionnaire(world.programme), estate or world.vapnagaard)


def _url(wave: Wave, lang: str = "") -> str:
    url = reverse("surveys:answer", args=[wave.link_key])
    return f"{url}?lang={lang}" if lang else url


def _kiosk_url(wave: Wave) -> str:
    return reverse("surveys:kiosk", args=[wave.kiosk_key])


def _questions(wave: Wave) -> dict[str, int]:
    questions = wave.version.questions.order_by("position")
    return {kind: questions.filter(kind=kind)[0].pk for kind in QuestionKind.values}


def _data(wave: Wave, **changes: str) -> dict[str, str]:
    return answer_form_data(wave, **changes)


def test_a_resident_answers_in_danish_and_another_device_in_english(world: World) -> None:
    wave = _open_wave(world)
    phone = Client()
    page = phone.get(_url(wave)).content.decode()
    assert '<html lang="da">' in page
    assert "Jeg fik den hjælp, jeg havde brug for." in page
    assert "Helt enig" in page and "Dine svar er anonyme" in page
    response = phone.post(_url(wave, "da"), _data(wave))
    assert response.status_code == 302
    assert "Tak for dine svar" in phone.get(response["Location"]).content.decode()

    other = Client()
    page = other.get(_url(wave, "en")).content.decode()
    assert '<html lang="en">' in page
    assert "I got the help I needed." in page and "Strongly agree" in page
    assert "A neighbour" in page
    assert other.post(_url(wave, "en"), _data(wave)).status_code == 302

    stored = Response.objects.order_by("pk")
    assert [(r.channel, r.language) for r in stored] == [(Channel.WEB, "da"), (Channel.WEB, "en")]
    assert Answer.objects.filter(response=stored[0]).count() == 4


def test_the_browser_language_is_followed_when_the_version_has_it(world: World) -> None:
    wave = _open_wave(world)
    english = Client().get(_url(wave), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert '<html lang="en">' in english.content.decode()
    assert "Accept-Language" in english["Vary"]
    turkish = Client().get(_url(wave), HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9")
    assert '<html lang="da">' in turkish.content.decode()


def test_one_answer_per_device_and_wave(world: World) -> None:
    wave = _open_wave(world)
    phone = Client()
    phone.get(_url(wave))
    cookie = phone.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/surveys/"
    assert phone.post(_url(wave), _data(wave)).status_code == 302

    again = phone.get(_url(wave))
    assert "Der er allerede svaret fra denne enhed" in again.content.decode()
    assert "<form" not in again.content.decode().split("</header>")[1]
    refused = phone.post(_url(wave, "en"), _data(wave))
    assert refused.status_code == 409
    assert "This device has already answered" in refused.content.decode()
    assert Response.objects.count() == 1

    assert Client().post(_url(wave), _data(wave)).status_code == 302
    assert Response.objects.count() == 2


def test_a_double_click_is_stored_once(world: World) -> None:
    wave = _open_wave(world)
    phone = Client()
    phone.get(_url(wave))
    data = _data(wave)
    assert phone.post(_url(wave), data).status_code == 302
    assert phone.post(_url(wave), data).status_code == 302
    assert Response.objects.count() == 1


def test_the_stored_response_names_no_one(world: World) -> None:
    first = _open_wave(world)
    second = _open_wave(world, world.nojsomhed)
    phone = Client()
    phone.get(_url(first))
    token = phone.cookies[DEVICE_COOKIE].value
    address = "198.51.100.23"
    for wave in (first, second):
        phone.post(_url(wave), _data(wave), REMOTE_ADDR=address)
    stored = list(Response.objects.order_by("pk").values())
    assert len(stored) == 2
    devices = [row["device"] for row in stored]
    assert all(re.fullmatch(r"[0-9a-f]{64}", device) for device in devices)
    assert devices[0] != devices[1]
    everything = repr(stored) + repr(list(Answer.objects.values()))
    assert token not in everything and address not in everything


def test_a_closed_wave_says_so_and_refuses_answers(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    page = Client().get(_url(wave, "en"))
    assert page.status_code == 200
    assert "The questionnaire is closed for answers in this round." in page.content.decode()
    assert 'name="submission"' not in page.content.decode()
    refused = Client().post(_url(wave), _data(wave))
    assert refused.status_code == 409
    assert "Spørgeskemaet er lukket for svar" in refused.content.decode()
    assert not Response.objects.exists()


def test_the_honeypot_thanks_a_robot_and_stores_nothing(world: World) -> None:
    wave = _open_wave(world)
    page = Client().get(_url(wave)).content.decode()
    trap = re.search(r'<div class="survey-trap" aria-hidden="true">.*?</div>', page, re.S)
    assert trap and "Lad dette felt stå tomt" in trap.group()
    assert 'tabindex="-1"' in trap.group() and 'autocomplete="off"' in trap.group()
    response = Client().post(_url(wave), _data(wave, website="http://spam.example"))
    assert response.status_code == 302 and "thanks" in response["Location"]
    assert not Response.objects.exists()


def test_an_address_that_answers_too_often_is_refused(world: World) -> None:
    wave = _open_wave(world)
    for _number in range(ANSWERS_BY_ADDRESS.requests):
        assert Client().post(_url(wave), _data(wave)).status_code == 302
    refused = Client().post(_url(wave), _data(wave))
    assert refused.status_code == 429
    assert Response.objects.count() == ANSWERS_BY_ADDRESS.requests
    other = Client().post(_url(wave), _data(wave), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_refused_answers_come_back_in_the_language_to_correct(world: World) -> None:
    wave = _open_wave(world)
    ids = _questions(wave)
    phone = Client()
    response = phone.post(
        _url(wave, "en"),
        _data(wave, **{f"q{ids['text']}": "Ring til mig på 20 30 40 50", f"q{ids['scale']}": "4"}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please correct this" in page and "phone number" in page
    assert f'href="#id_q{ids["text"]}"' in page
    assert not Response.objects.exists()
    impossible = phone.post(_url(wave), _data(wave, **{f"q{ids['scale']}": "6"}))
    assert impossible.status_code == 400
    assert "Ret venligst dette" in impossible.content.decode()


def test_an_arabic_page_is_right_to_left(world: World) -> None:
    wave = _open_wave(world)
    arabic = services.language_add(
        version=wave.version,
        code="ar",
        name="العربية",
        title="الاستشارة اليومية",
        right_to_left=True,
        phrases={"submit": "أرسل الإجابات"},
    )
    question = wave.version.questions.order_by("position")[0]
    services.question_text_set(question=question, language=arabic, text="حصلت على المساعدة")
    page = Client().get(_url(wave, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "حصلت على المساعدة" in page and "أرسل الإجابات" in page
    # Each language is offered by its own name, in its own direction.
    assert 'lang="ar" hreflang="ar" dir="rtl"' in page and ">English</a>" in page
    assert Client().post(_url(wave, "ar"), _data(wave)).status_code == 302
    assert Response.objects.get().language == "ar"


def test_the_tablet_takes_answer_after_answer_and_starts_afresh(world: World) -> None:
    wave = _open_wave(world)
    tablet = Client()
    for _person in range(2):
        page = tablet.get(_kiosk_url(wave)).content.decode()
        assert 'autocomplete="off"' in page and "checked" not in page
        response = tablet.post(_kiosk_url(wave), _data(wave))
        assert response.status_code == 302
        thanks = tablet.get(response["Location"]).content.decode()
        assert f'<meta http-equiv="refresh" content="8; url={_kiosk_url(wave)}">' in thanks
    assert DEVICE_COOKIE not in tablet.cookies
    assert list(Response.objects.values_list("channel", "device")) == [(Channel.KIOSK, "")] * 2


def test_the_poster_holds_the_link_in_every_language(world: World) -> None:
    wave = _open_wave(world)
    client = Client()
    client.force_login(world.user("staff"))
    response = client.get(
        reverse("surveys:wave_poster", kwargs={"slug": world.programme.slug, "wave_id": wave.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    text = pdf_text(response.content)
    assert f"http://testserver/surveys/answer/{wave.link_key}/" in text
    assert "Hverdagsrådgivningen" in text and "The everyday counselling" in text
    assert "Dine svar er anonyme" in text
    assert f"{wave.opens_on:%d.%m.%Y}" in text


def test_the_wave_links_show_the_tablet_only_to_those_who_collect_answers(world: World, rf) -> None:
    wave = _open_wave(world, world.nojsomhed)
    for who, shown in (("secretariat_head", True), ("staff", False)):
        request = rf.get("/")
        request.user = world.user(who)
        html = render_to_string("surveys/includes/wave_links.html", {"wave": wave}, request=request)
        assert f"/surveys/answer/{wave.link_key}/" in html
        assert (wave.kiosk_key in html) is shown
        assert ("poster.pdf" in html) is shown
