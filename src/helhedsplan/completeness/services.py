"""The weekly digest of what is missing, and a person's choice not to receive it."""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhedsplan.completeness import access, queries
from helhedsplan.completeness.models import DigestOptOut
from helhedsplan.programmes.models import Programme


def digest_opt_out_set(*, user: User, programme: Programme, opted_out: bool) -> None:
    """Stop, or start again, the person's weekly digest of the programme's gaps."""
    if opted_out:
        DigestOptOut.objects.get_or_create(user=user, programme=programme)
    else:
        DigestOptOut.objects.filter(user=user, programme=programme).delete()


def digest_opted_out(*, user: User, programme: Programme) -> bool:
    return DigestOptOut.objects.filter(user=user, programme=programme).exists()


@dataclass(frozen=True)
class DigestsSent:
    sent: int
    failed: int


def digest_email(cockpit: queries.Cockpit) -> tuple[str, str]:
    """The digest's subject and plain text, in Danish."""
    # No host is configured for the mails: the path, to follow once logged in.
    url = reverse("completeness:cockpit", kwargs={"slug": cockpit.programme.slug})
    with translation.override("da"):
        subject = _("Det mangler i %(programme)s") % {"programme": cockpit.programme.name}
        body = render_to_string("completeness/digest_email.txt", {"cockpit": cockpit, "url": url})
    return subject, body


def digests_send(*, today: datetime.date | None = None) -> DigestsSent:
    """E-mails each responsible person of each programme the gaps of their estates; nothing
    to those with none or who opted out. Run once a week by the scheduler; a digest that
    cannot be sent is counted, not retried: next week's has it all."""
    today = today or timezone.localdate()
    sent = failed = 0
    for programme in Programme.objects.order_by("pk"):
        opted_out = set(
            DigestOptOut.objects.filter(programme=programme).values_list("user_id", flat=True)
        )
        for person in access.responsible_people(programme):
            if person.pk in opted_out:
                continue
            cockpit = queries.cockpit(
                programme,
                access.own_estates(person, programme),
                reviews=access.may_review(person, programme),
                today=today,
            )
            if not cockpit.gaps:
                continue
            subject, body = digest_email(cockpit)
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
            except (OSError, smtplib.SMTPException):
                failed += 1
                continue
            sent += 1
    return DigestsSent(sent=sent, failed=failed)
