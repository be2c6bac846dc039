"""The demo's fictional volunteers: each on a consent, one due for review, one withdrawn, one
with a guardian's consent."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from helhedsplan.programmes.models import Programme
from helhedsplan.volunteers.demo import DUE_FOR_REVIEW, VOLUNTEERS, WITHDRAWN, young_volunteers
from helhedsplan.volunteers.models import Volunteer


def test_the_demo_volunteers_show_on_the_pages(demo: Programme, client) -> None:
    volunteers = Volunteer.objects.filter(programme=demo)
    # F1's young volunteers over the years come on top of the hand-written ones.
    assert volunteers.count() == len(VOLUNTEERS) + len(young_volunteers(timezone.localdate()))
    assert volunteers.filter(consent__person_id__isnull=True).count() == 0
    assert volunteers.exclude(consent__guardian_name="").get().name == "Lasse Legeglad"

    client.force_login(User.objects.get(username="leder"))
    # Every page of the list (F1's volunteers make it longer than one).
    url = reverse("volunteers:list", args=[demo.slug])
    listed = "".join(
        client.get(url, {"page": page}).content.decode()
        for page in range(1, volunteers.count() // 50 + 2)
    )
    assert all(volunteer.name in listed for volunteer in VOLUNTEERS)
    review = client.get(reverse("privacy:review", args=[demo.slug])).content.decode()
    assert DUE_FOR_REVIEW in review and WITHDRAWN in review
    assert "Frida Frivillig" not in review
