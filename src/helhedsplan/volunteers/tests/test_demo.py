"""The demo's fictional volunteers: each on a consent, one due for review, one withdrawn, one
with a guardian's consent."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from helhedsplan.programmes.models import Programme
from helhedsplan.volunteers.demo import DUE_FOR_REVIEW, VOLUNTEERS, WITHDRAWN
from helhedsplan.volunteers.models import Volunteer


def test_the_demo_volunteers_show_on_the_pages(demo: Programme, client) -> None:
    volunteers = Volunteer.objects.filter(programme=demo)
    assert volunteers.count() == len(VOLUNTEERS)
    assert volunteers.filter(consent__person_id__isnull=True).count() == 0
    assert volunteers.exclude(consent__guardian_name="").get().name == "Lasse Legeglad"

    client.force_login(User.objects.get(username="leder"))
    listed = client.get(reverse("volunteers:list", args=[demo.slug])).content.decode()
    assert all(volunteer.name in listed for volunteer in VOLUNTEERS)
    review = client.get(reverse("privacy:review", args=[demo.slug])).content.decode()
    assert DUE_FOR_REVIEW in review and WITHDRAWN in review
    assert "Frida Frivillig" not in review
