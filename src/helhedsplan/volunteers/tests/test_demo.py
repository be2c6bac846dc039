"""The demo's fictional volunteers: each on a consent, one due for review, one withdrawn, one
with a guardian's consent."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from helhedsplan.programmes.models import Programme
from helhedsplan.volunteers import queries
from helhedsplan.volunteers.demo import (
    CERTIFICATES_PER_ESTATE,
    DEMO_TASKS,
    DUE_FOR_REVIEW,
    VOLUNTEERS,
    WITHDRAWN,
    young_volunteers,
)
from helhedsplan.volunteers.models import (
    Assignment,
    HourEntry,
    Task,
    Volunteer,
    VolunteerCard,
    VolunteerCertificate,
)


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


def test_the_demo_has_tasks_hours_cards_and_certificates_in_both_estates(
    demo: Programme, client
) -> None:
    today = timezone.localdate()
    for estate in demo.estates.all():
        tasks = Task.objects.filter(programme=demo, estate=estate)
        # The same handful every year from 2017, the running year's still open.
        assert tasks.filter(started_on__year=2017).count() == len(DEMO_TASKS)
        assert tasks.filter(started_on__year=today.year, ended_on__isnull=True).count() == len(
            DEMO_TASKS
        )
        hours = HourEntry.objects.filter(task__estate=estate)
        assert hours.filter(day__year=2017).exists() and hours.filter(day__year=2021).exists()
        assert Assignment.objects.filter(task__estate=estate).exists()
        assert VolunteerCard.objects.filter(
            volunteer__estate=estate, revoked_at__isnull=True
        ).exists()
        certificates = VolunteerCertificate.objects.filter(volunteer__estate=estate)
        assert certificates.count() == CERTIFICATES_PER_ESTATE
        for certificate in certificates:
            assert certificate.total_hours >= 20
            assert certificate.total_hours == queries.hours_total(certificate.volunteer)
            assert certificate.signer_name == "Lise Sekretariatsleder"
    # A few thousand rows at most, so that the demo loads fast.
    assert HourEntry.objects.filter(task__programme=demo).count() < 5000
    # Hours are activity for the retention: the one due for review has none.
    assert not HourEntry.objects.filter(volunteer__name=DUE_FOR_REVIEW).exists()
    # Every hour lies within its volunteer's own period, as the services require.
    assert not HourEntry.objects.filter(
        Q(day__lt=F("volunteer__started_on")) | Q(day__gt=F("volunteer__ended_on")),
        task__programme=demo,
    ).exists()
    # Every active volunteer on a consent in force has a card in force.
    active = Volunteer.objects.filter(
        queries.active_on(today), programme=demo, consent__withdrawn_at__isnull=True
    )
    assert queries.cards_in_force(active).count() == active.count()

    client.force_login(User.objects.get(username="leder"))
    shown = VolunteerCertificate.objects.filter(volunteer__programme=demo).first()
    assert shown is not None
    page = client.get(shown.volunteer.get_absolute_url()).content.decode()
    pdf = reverse(
        "volunteers:certificate_pdf", args=[demo.slug, shown.volunteer_id, shown.pk, "da"]
    )
    assert pdf in page
